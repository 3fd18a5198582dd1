package render

import (
	"fmt"
	"math"

	"github.com/relationskort/relationskort/graph"
)

// panelTop is the most weakest ties the attention panel lists.
const panelTop = 5

// attentionPanel lists the weakest ties of m (graph.Analyze) with their
// reasons and the map's score, numbered, and puts the same numbers on
// those relations in the map.
func attentionPanel(m *graph.Map, opt Options) *sidePanel {
	a := graph.Analyze(m, opt.Lang)
	wd := vocab[opt.Lang]
	pw := wd.panel
	return &sidePanel{fill: func(g *Geometry, pal *palette, x, top, bottom, width float64) {
		y := top + 26
		g.Texts = append(g.Texts, TextItem{Text: pw.heading, X: x, Y: rnd(y), Size: 24, Bold: true, Color: pal.ink, Anchor: "start", Class: "panel panel-heading"})
		y += 32
		score := pw.noScore
		if a.Score != nil {
			score = fmt.Sprintf(pw.score, fmt.Sprintf("%.0f", math.Round(*a.Score)))
		}
		g.Texts = append(g.Texts, TextItem{Text: score, X: x, Y: rnd(y), Size: 20, Bold: a.Score != nil, Color: pal.ink, Anchor: "start", Class: "panel panel-score"})
		y += 26
		total := a.Counts.Rated() + a.Counts.Unrated
		g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf(pw.rated, a.Counts.Rated(), total), X: x, Y: rnd(y), Size: 17, Color: pal.muted, Anchor: "start", Class: "panel"})
		y += 16
		if len(a.Weakest) == 0 {
			g.Texts = append(g.Texts, TextItem{Text: pw.none, X: x, Y: rnd(y + 30), Size: 18, Color: pal.ink, Anchor: "start", Class: "panel"})
			return
		}
		textX := x + 44
		textW := width - 44
		for i, w := range a.Weakest {
			if i == panelTop {
				break
			}
			title := truncate(wrapToWidth(w.AName+" – "+w.BName+" · "+wd.ratings[w.Rating], 19, textW, true), 2, textW)
			var reasons []wrapped
			for _, r := range w.Reasons {
				if ratingReasons[r] {
					continue // the title says the rating
				}
				if len(reasons) == 2 {
					break
				}
				reasons = append(reasons, truncate(wrapToWidth(r, 17, textW, false), 2, textW))
			}
			var note *wrapped
			if w.Note != "" {
				nw := truncate(wrapToWidth("„"+w.Note+"“", 17, textW, false), 1, textW)
				note = &nw
			}
			h := 22 + float64(len(title.Lines))*23
			for _, r := range reasons {
				h += float64(len(r.Lines)) * 21
			}
			if note != nil {
				h += 21
			}
			if y+h > bottom-26 && i > 0 {
				g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf(pw.more, len(a.Weakest)-i), X: x, Y: rnd(y + 24), Size: 17, Color: pal.muted, Anchor: "start", Class: "panel"})
				break
			}
			y += 22
			num := fmt.Sprint(i + 1)
			mk := attentionMarker(pal, num)
			mk.X, mk.Y = rnd(x+mk.W/2), rnd(y+19*0.8-mk.H/2+2)
			g.Markers = append(g.Markers, mk)
			g.markRelation(w.RelationID, attentionMarker(pal, num))
			for _, l := range title.Lines {
				y += 23
				g.Texts = append(g.Texts, TextItem{Text: l, X: textX, Y: rnd(y - 4), Size: 19, Bold: true, Color: pal.ink, Anchor: "start", Class: "panel panel-tie"})
			}
			for _, r := range reasons {
				for _, l := range r.Lines {
					y += 21
					g.Texts = append(g.Texts, TextItem{Text: l, X: textX, Y: rnd(y - 2), Size: 17, Color: pal.muted, Anchor: "start", Class: "panel panel-reason"})
				}
			}
			if note != nil {
				y += 21
				g.Texts = append(g.Texts, TextItem{Text: note.Lines[0], X: textX, Y: rnd(y - 2), Size: 17, Italic: true, Color: pal.ink, Anchor: "start", Class: "panel panel-note"})
			}
		}
	}}
}

// ratingReasons are the reasons of graph.Analyze that only repeat the
// rating, which the panel's title already shows.
var ratingReasons = map[string]bool{
	"vurderet lav": true, "vurderet middel": true, "rated Low": true, "rated Middle": true,
}

// attentionMarker is the dark numbered square of a tie for attention.
func attentionMarker(pal *palette, num string) Marker {
	return Marker{Class: "attention", Kind: "attention", W: 30, H: 30, Text: num, FontSize: 19,
		Fill: pal.ink, Stroke: "#ffffff", TextColor: "#ffffff"}
}

package render

import (
	"fmt"
	"math"

	"github.com/relationskort/relationskort/graph"
)

// sidePanel is extra content in the legend column, below the legend: the
// attention panel or the comparison's summary. The column is widened for
// it. fill composes it once the map is placed (so that it can mark
// relations), between top and bottom.
type sidePanel struct {
	fill func(c *composer, x, top, bottom, width float64)
}

// panelTop is the most weakest ties the attention panel lists.
const panelTop = 5

// attentionPanel lists the weakest ties of m (graph.Analyze) with their
// reasons and the map's score, numbered, and puts the same numbers on
// those relations in the map. With a rating round (Options.Round) it adds
// the most one-sided and the most disputed ties with their reasons,
// numbered on after the weakest in outlined tags.
func attentionPanel(m *graph.Map, opt Options) *sidePanel {
	a := graph.Analyze(m, opt.Lang)
	return &sidePanel{fill: func(c *composer, x, top, bottom, width float64) {
		pw, it := c.wd.panel, &c.ly.frame
		y := top + 26
		it.text(Text{X: x, Y: y, S: pw.heading, Size: 24, Bold: true, Color: c.pal.ink, Class: "panel panel-heading"})
		y += 32
		score := pw.noScore
		if a.Score != nil {
			score = fmt.Sprintf(pw.score, fmt.Sprintf("%.0f", math.Round(*a.Score)))
		}
		it.text(Text{X: x, Y: y, S: score, Size: 20, Bold: a.Score != nil, Color: c.pal.ink, Class: "panel panel-score"})
		y += 26
		total := a.Counts.Rated() + a.Counts.Unrated
		it.text(Text{X: x, Y: y, S: fmt.Sprintf(pw.rated, a.Counts.Rated(), total), Size: 17, Color: c.pal.muted, Class: "panel"})
		y += 16
		limit := panelTop
		n := 0 // the ties numbered so far
		if opt.Round != nil {
			// the round's own findings first: they are what it was held for
			if ties := roundTies(opt.Round); len(ties) > 0 {
				limit = panelTopWithRound
				y = c.roundSection(ties, x, y, bottom, width, &n)
				y += 12
			}
		}
		if len(a.Weakest) == 0 {
			it.text(Text{X: x, Y: y + 30, S: pw.none, Size: 18, Color: c.pal.ink, Class: "panel"})
			return
		}
		for i, w := range a.Weakest {
			if i == limit {
				break
			}
			tie := c.tieText(w, width-44)
			if y+tie.height() > bottom-26 && i > 0 {
				it.text(Text{X: x, Y: y + 24, S: fmt.Sprintf(pw.more, len(a.Weakest)-i), Size: 17, Color: c.pal.muted, Class: "panel"})
				break
			}
			y += 22
			n++
			num := fmt.Sprint(n)
			mk := attentionMarker(c.pal, num)
			c.addMarker(&c.ly.markers, mk, x+mk.w/2, y+19*0.8-mk.h/2+2, "")
			c.markRelation(w.RelationID, mk)
			y = tie.compose(it, c.pal, x+44, y)
		}
	}}
}

// tieText is one weak tie in the panel: its title, up to two reasons and
// its note, wrapped to width.
type tieText struct {
	title   wrapped
	reasons []wrapped
	note    *wrapped
}

func (c *composer) tieText(w graph.WeakTie, width float64) tieText {
	t := tieText{title: truncate(wrapToWidth(w.AName+" – "+w.BName+" · "+c.wd.ratings[w.Rating], 19, width, true), 2, width)}
	for _, r := range w.Reasons {
		if ratingReasons[r] {
			continue // the title says the rating
		}
		if len(t.reasons) == 2 {
			break
		}
		t.reasons = append(t.reasons, truncate(wrapToWidth(r, 17, width, false), 2, width))
	}
	if w.Note != "" {
		nw := truncate(wrapToWidth("„"+w.Note+"“", 17, width, false), 1, width)
		t.note = &nw
	}
	return t
}

// height is the height the tie takes in the panel.
func (t tieText) height() float64 {
	h := 22 + float64(len(t.title.Lines))*23
	for _, r := range t.reasons {
		h += float64(len(r.Lines)) * 21
	}
	if t.note != nil {
		h += 21
	}
	return h
}

// compose adds the tie's lines from y on and returns where they end.
func (t tieText) compose(it *items, pal *palette, x, y float64) float64 {
	for _, l := range t.title.Lines {
		y += 23
		it.text(Text{X: x, Y: y - 4, S: l, Size: 19, Bold: true, Color: pal.ink, Class: "panel panel-tie"})
	}
	for _, r := range t.reasons {
		for _, l := range r.Lines {
			y += 21
			it.text(Text{X: x, Y: y - 2, S: l, Size: 17, Color: pal.muted, Class: "panel panel-reason"})
		}
	}
	if t.note != nil {
		y += 21
		it.text(Text{X: x, Y: y - 2, S: t.note.Lines[0], Size: 17, Italic: true, Color: pal.ink, Class: "panel panel-note"})
	}
	return y
}

// ratingReasons are the reasons of graph.Analyze that only repeat the
// rating, which the panel's title already shows.
var ratingReasons = map[string]bool{
	"vurderet lav": true, "vurderet middel": true, "rated Low": true, "rated Middle": true,
}

// attentionMarker is the dark numbered square of a tie for attention.
func attentionMarker(pal *palette, num string) marker {
	return marker{class: "attention", kind: "attention", w: 30, h: 30, text: num, fontSize: 19,
		fill: pal.ink, stroke: "#ffffff", textColor: "#ffffff"}
}

package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// This file draws what a rating round adds to a map (Options.Round), when
// the map is drawn function by function. The map given is the round's map
// (graph.RoundMap: its ratings are the combined medians), so every
// relation's colour, stroke and badge already follow its combined median;
// this adds the two marks of graph.RelationResult:
//
//   - disputed: a light band (the halo) under the line, and a split badge:
//     the median's disc beside the range of the answers ("1–3"). The range
//     is written, so the mark reads without colour (colour-blind, print).
//   - one-sided: the line drawn as two halves, each styled by the median
//     of the side at its end (A's half is how A experiences the tie), with
//     that median in a small disc at each end. The halves differ in width
//     and dash as the ratings do, so they read in print too.
//
// The relation's group carries the figures as data (see the package
// documentation); a figure hidden by the anonymity rule is "". A map drawn
// by group shows no round marks: a group's line sums up many relations.

// roundRelations indexes the round's relations by id; nil without a round.
func roundRelations(res *graph.RoundResults) map[string]*graph.RelationResult {
	if res == nil {
		return nil
	}
	out := make(map[string]*graph.RelationResult, len(res.Relations))
	for i := range res.Relations {
		out[res.Relations[i].RelationID] = &res.Relations[i]
	}
	return out
}

// endBadgeR is the radius of the numbers at the ends of a one-sided tie,
// at full scale.
const endBadgeR = 12.0

// roundMarks are how one relation of a round is drawn.
type roundMarks struct {
	rr       *graph.RelationResult
	disputed bool
	oneSided bool
	sides    [2]style // a's half and b's half, when one-sided
}

func (c *composer) roundMarks(id string) *roundMarks {
	rr := c.round[id]
	if rr == nil {
		return nil
	}
	mk := &roundMarks{rr: rr, disputed: rr.Disputed && rr.Combined != nil, oneSided: rr.OneSided && rr.AToB != nil && rr.BToA != nil}
	if mk.oneSided {
		mk.sides = [2]style{ratingStyle(c.pal, rr.AToB.Median), ratingStyle(c.pal, rr.BToA.Median)}
	}
	return mk
}

// stroke is the widest line of the relation, halo aside, at full scale.
func (mk *roundMarks) stroke(st style) float64 {
	if mk.oneSided {
		return max(mk.sides[0].Width, mk.sides[1].Width)
	}
	return st.Width
}

// width is the widest the relation is drawn, halo included, at full
// scale.
func (mk *roundMarks) width(st style) float64 {
	if mk.disputed {
		return haloWidth(mk.stroke(st))
	}
	return mk.stroke(st)
}

// haloWidth is the width of the band under a line of width w.
func haloWidth(w float64) float64 { return w + 14 }

// roundClass is what a round adds to a relation group's class.
func (mk *roundMarks) roundClass() string {
	s := ""
	if mk.disputed {
		s += " disputed"
	}
	if mk.oneSided {
		s += " asymmetric"
	}
	return s
}

// roundData are a relation group's data attributes of a round: the
// combined median and disagreement and each direction's median, "" where
// hidden.
func roundData(rr *graph.RelationResult) []Attr {
	median, dis, ab, ba := "", "", "", ""
	if rr != nil {
		if rr.Combined != nil {
			median = strconv.Itoa(int(rr.Combined.Median))
			dis = strconv.FormatFloat(rr.Combined.Disagreement, 'f', -1, 64)
		}
		if rr.AToB != nil {
			ab = strconv.Itoa(int(rr.AToB.Median))
		}
		if rr.BToA != nil {
			ba = strconv.Itoa(int(rr.BToA.Median))
		}
	}
	return []Attr{{"median", median}, {"disagreement", dis}, {"a-to-b", ab}, {"b-to-a", ba}}
}

// roundTitle is what a round adds to a relation's title, in words.
func (c *composer) roundTitle(mk *roundMarks, aName, bName string) string {
	s := ""
	rr := mk.rr
	if mk.oneSided {
		s += "; " + fmt.Sprintf(c.wd.round.sides, aName, bName, c.wd.ratings[rr.AToB.Median], bName, aName, c.wd.ratings[rr.BToA.Median])
	}
	if mk.disputed {
		lo, hi := answerRange(rr.Combined)
		s += "; " + fmt.Sprintf(c.wd.round.spread, int(math.Round(rr.Combined.Disagreement*100)), lo, hi)
	}
	return s
}

// answerRange is the lowest and highest rating given (as numbers: 1 is
// High).
func answerRange(st *graph.Stat) (lo, hi int) {
	for _, r := range []graph.Rating{graph.High, graph.Middle, graph.Low} {
		if st.Counts.Of(r) > 0 {
			if lo == 0 {
				lo = int(r)
			}
			hi = int(r)
		}
	}
	return lo, hi
}

// rangeText is the range of a disputed relation's answers: "1–3".
func rangeText(st *graph.Stat) string {
	lo, hi := answerRange(st)
	return strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
}

// roundLine composes the line of a relation of a round into it: the halo
// under a disputed one, then the line, in two halves when one-sided.
func (c *composer) roundLine(it *items, d drawnRelation) {
	mk := d.round
	if mk.disputed {
		it.line(d.x1, d.y1, d.x2, d.y2, Paint{Stroke: c.pal.halo, Width: max(c.v.size(mk.width(d.st)), 0.1)})
	}
	if !mk.oneSided {
		it.line(d.x1, d.y1, d.x2, d.y2, c.linePaint(d.st))
		return
	}
	mx, my := (d.x1+d.x2)/2, (d.y1+d.y2)/2
	it.line(d.x1, d.y1, mx, my, c.linePaint(mk.sides[0]))
	it.line(mx, my, d.x2, d.y2, c.linePaint(mk.sides[1]))
}

// endBadges puts the two sides' medians of every one-sided relation at
// its ends, and records them with the line placer, so that the badges and
// markers placed after keep clear of them.
func (c *composer) endBadges(drawn []drawnRelation) {
	r := c.v.size(endBadgeR)
	for _, d := range drawn {
		if d.round == nil || !d.round.oneSided {
			continue
		}
		L := math.Hypot(d.x2-d.x1, d.y2-d.y1)
		if L < 1e-9 {
			continue
		}
		// a disc's width from the end, but never past the middle
		t := min((r+c.v.size(3))/L, 0.25)
		rr := d.round.rr
		for side, p := range [2]struct {
			x, y float64
			st   *graph.Stat
		}{
			{d.x1 + (d.x2-d.x1)*t, d.y1 + (d.y2-d.y1)*t, rr.AToB},
			{d.x2 - (d.x2-d.x1)*t, d.y2 - (d.y2-d.y1)*t, rr.BToA},
		} {
			x, y := rnd(p.x), rnd(p.y)
			c.lines.record(x, y, r)
			num := strconv.Itoa(int(p.st.Median))
			c.ly.badges.begin("end-badge", Attr{"relation-id", d.r.ID}, Attr{"side", [2]string{"a", "b"}[side]}, Attr{"rating", num})
			c.badge(&c.ly.badges, x, y, r, d.round.sides[side], num)
			c.ly.badges.end()
		}
	}
}

// splitBadge is the size of a disputed relation's badge of radius r: the
// median's disc and the range beside it in a pill; R is the radius it
// needs on the line.
func splitBadge(r float64, text string) (w, size, R float64) {
	size = r / badgeR * badgeSize * 0.9
	w = 2*r + textWidth(text, size, true) + 0.7*r
	return w, size, w / 2
}

// splitBadgeAt composes a split badge centred on (x, y): a pill outlined
// in the median's colour, the median's disc at its left end and the range
// of the answers in the rest.
func (c *composer) splitBadgeAt(it *items, x, y, r float64, st style, median, rng string) {
	w, size, _ := splitBadge(r, rng)
	x0 := x - w/2
	it.rect(x0, y-r, w, 2*r, r, Paint{Fill: c.pal.paper, Stroke: st.Color, Width: max(r*0.16, 0.1)}, "badge badge-range")
	c.badge(it, x0+r, y, r, st, median)
	it.text(Text{X: (x0 + 2*r + x0 + w) / 2, Y: y + size*0.36, S: rng, Size: size, Bold: true, Color: c.pal.ink, Anchor: AnchorMiddle, Class: "badge-text badge-range-text"})
}

// roundLegend adds the two marks of a round to the legend from y on, and
// returns where it ends.
func (c *composer) roundLegend(it *items, x, y, size float64) float64 {
	rw := c.wd.round
	noteSize := size * 0.72
	labelW := legendWidth - 104
	row := func(label, note string, sample func(cy float64)) {
		cy := y + 22
		sample(cy)
		it.text(Text{X: x + 104, Y: cy + size*0.36, S: label, Size: size, Color: c.pal.ink, Class: "legend"})
		nw := truncate(wrapToWidth(note, noteSize, labelW, false), 4, labelW)
		ny := cy + size*0.36
		for _, l := range nw.Lines {
			ny += noteSize * 1.2
			it.text(Text{X: x + 104, Y: ny, S: l, Size: noteSize, Color: c.pal.muted, Class: "legend legend-note"})
		}
		y = max(y+44, ny+12)
	}
	mid := ratingStyle(c.pal, graph.Middle)
	row(rw.disputed, rw.disputedNote, func(cy float64) {
		it.line(x, cy, x+86, cy, Paint{Stroke: c.pal.halo, Width: haloWidth(mid.Width)})
		it.line(x, cy, x+86, cy, Paint{Stroke: mid.Color, Width: mid.Width, Dash: mid.Dash})
		c.splitBadgeAt(it, x+43, cy, badgeR, mid, "2", "1–3")
	})
	low, high := ratingStyle(c.pal, graph.Low), ratingStyle(c.pal, graph.High)
	row(rw.oneSided, rw.oneSidedNote, func(cy float64) {
		it.line(x, cy, x+43, cy, Paint{Stroke: low.Color, Width: low.Width, Dash: low.Dash})
		it.line(x+43, cy, x+86, cy, Paint{Stroke: high.Color, Width: high.Width, Dash: high.Dash})
		c.badge(it, x, cy, endBadgeR, low, "3")
		c.badge(it, x+86, cy, endBadgeR, high, "1")
	})
	return y
}

// roundDescription says in words what the round shows: its title and
// participants, the disputed relations with their range and the one-sided
// ones with each side's rating.
func roundDescription(res *graph.RoundResults, m *graph.Map, wd words) string {
	rw := wd.round
	s := fmt.Sprintf(rw.summary, res.Round.Title, res.Participants)
	name := func(id string) string {
		if f := m.Function(id); f != nil {
			return f.Name
		}
		return id
	}
	var disputed, oneSided []string
	for _, rr := range res.Relations {
		if rr.Disputed && rr.Combined != nil {
			disputed = append(disputed, name(rr.A)+" – "+name(rr.B)+" ("+rangeText(rr.Combined)+")")
		}
		if rr.OneSided && rr.AToB != nil && rr.BToA != nil {
			oneSided = append(oneSided, fmt.Sprintf("%s – %s (%d/%d)", name(rr.A), name(rr.B), rr.AToB.Median, rr.BToA.Median))
		}
	}
	if len(disputed) > 0 {
		s += " " + rw.disputedList + ": " + strings.Join(limitList(disputed), "; ") + "."
	}
	if len(oneSided) > 0 {
		s += " " + rw.oneSidedList + ": " + strings.Join(limitList(oneSided), "; ") + "."
	}
	return s
}

// limitList keeps the first 20 entries of a list in a description.
func limitList(l []string) []string {
	if len(l) > 20 {
		return append(l[:20:20], "…")
	}
	return l
}

// roundTop is the most disputed and one-sided ties the attention panel
// lists, and panelTopWithRound the weakest ties above them.
const (
	roundTop          = 3
	panelTopWithRound = 2
)

// roundTie is a disputed or one-sided tie in the attention panel.
type roundTie struct {
	graph.RoundTie
	disputed, oneSided bool
}

// roundTies are the ties the attention panel lists for a round: the
// one-sided ones, largest gap first, then the disputed ones, most
// disagreement first (graph.RoundResults.Attention), each relation once.
func roundTies(res *graph.RoundResults) []roundTie {
	at := res.Attention()
	var out []roundTie
	index := map[string]int{}
	for _, t := range at.OneSided {
		index[t.RelationID] = len(out)
		out = append(out, roundTie{RoundTie: t, oneSided: true})
	}
	for _, t := range at.Disputed {
		if i, ok := index[t.RelationID]; ok {
			out[i].disputed = true
			continue
		}
		out = append(out, roundTie{RoundTie: t, disputed: true})
	}
	return out
}

// roundTieText is a round's tie in the panel: its names and marks, and
// its reasons (graph's, in the round's words: "Hjemmeplejen oplever
// samarbejdet med Egen læge som lavt (3); Egen læge oplever det som højt
// (1)").
func (c *composer) roundTieText(t roundTie, width float64) tieText {
	kind := c.wd.round.kindDisputed
	switch {
	case t.oneSided && t.disputed:
		kind = c.wd.round.kindBoth
	case t.oneSided:
		kind = c.wd.round.kindOneSided
	}
	tt := tieText{title: truncate(wrapToWidth(t.AName+" – "+t.BName+" · "+kind, 19, width, true), 2, width)}
	for _, r := range t.Reasons {
		if len(tt.reasons) == 2 {
			break
		}
		tt.reasons = append(tt.reasons, truncate(wrapToWidth(r, 17, width, false), 2, width))
	}
	return tt
}

// roundMarker is the numbered tag of a round's tie: outlined, so that it
// reads apart from the weakest ties' dark squares.
func roundMarker(pal *palette, num string) marker {
	return marker{class: "attention round", kind: "round", w: 30, h: 30, text: num, fontSize: 19,
		fill: pal.paper, stroke: pal.ink, textColor: pal.ink}
}

// roundSection composes the round's ties in the attention panel from y
// on, under their heading, numbered from *n on (which it advances), and
// returns where it ends.
func (c *composer) roundSection(ties []roundTie, x, y, bottom, width float64, n *int) float64 {
	it := &c.ly.frame
	y += 40
	it.text(Text{X: x, Y: y, S: c.wd.round.panel, Size: 21, Bold: true, Color: c.pal.ink, Class: "panel panel-heading panel-round"})
	for i, t := range ties {
		tie := c.roundTieText(t, width-44)
		if i == roundTop || (y+tie.height() > bottom-26 && i > 0) {
			it.text(Text{X: x, Y: y + 24, S: fmt.Sprintf(c.wd.round.more, len(ties)-i), Size: 17, Color: c.pal.muted, Class: "panel"})
			return y + 24
		}
		y += 22
		*n++
		mk := roundMarker(c.pal, strconv.Itoa(*n))
		c.addMarker(&c.ly.markers, mk, x+mk.w/2, y+19*0.8-mk.h/2+2, "")
		c.markRelation(t.RelationID, mk)
		y = tie.compose(it, c.pal, x+44, y)
	}
	return y
}

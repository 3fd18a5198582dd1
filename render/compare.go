package render

import (
	"fmt"
	"io"
	"math"

	"github.com/relationskort/relationskort/graph"
)

// CompareSVG draws the later map after with the changes since the earlier
// map before marked (graph.Compare): improved and worsened relations carry
// an up or down arrow with the old and new rating, added and newly rated
// ones a tag, removed ones are drawn as faint grey dashed ghost lines; a
// side panel gives the score before → after, its relative change in
// percent and a legend of the marks. The SVG follows the contract of SVG.
// When the later map is drawn by group, the changes are counted in the
// panel but not marked on the map. It returns an error unwrapping to
// graph.ErrInvalid for a bad option, or the error of w.
func (r *Renderer) CompareSVG(w io.Writer, before, after *graph.Map, opt Options) error {
	d, err := r.CompareDrawing(before, after, opt)
	if err != nil {
		return err
	}
	return d.List.WriteSVG(w)
}

// CompareDrawing is the drawing of CompareSVG, for other formats.
func (r *Renderer) CompareDrawing(before, after *graph.Map, opt Options) (*Drawing, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	opt.Panel = ""
	opt = opt.withDefaults(after)
	c := graph.Compare(before, after)
	return r.composeMap(after, opt, &sidePanel{fill: func(cp *composer, x, top, bottom, width float64) {
		cp.compareSummary(c, x, top, bottom)
	}})
}

// compareSummary marks the changes on the map and composes the panel: the
// score before and after, its change, and a count of each kind of change
// with its mark.
func (c *composer) compareSummary(cmp *graph.Comparison, x, top, bottom float64) {
	cw, it := c.wd.compare, &c.ly.frame
	c.markChanges(cmp)
	y := top + 26
	it.text(Text{X: x, Y: y, S: cw.heading, Size: 24, Bold: true, Color: c.pal.ink, Class: "panel panel-heading"})
	score := func(v *float64) string {
		if v == nil {
			return cw.noScore
		}
		return fmt.Sprintf("%.0f", math.Round(*v))
	}
	y += 40
	it.text(Text{X: x, Y: y, S: fmt.Sprintf(cw.score, score(cmp.ScoreBefore), score(cmp.ScoreAfter)), Size: 26, Bold: true, Color: c.pal.ink, Class: "panel panel-score"})
	if cmp.ScoreChangePct != nil {
		y += 34
		p := math.Round(*cmp.ScoreChangePct)
		sign := "+"
		if p < 0 {
			sign = "−"
		}
		it.text(Text{X: x, Y: y, S: fmt.Sprintf(cw.pct, sign+fmt.Sprintf("%.0f", math.Abs(p))), Size: 22, Bold: true, Color: c.pal.ink, Class: "panel panel-change"})
	}
	y += 24
	counts := map[graph.ChangeKind]int{
		graph.ChangeImproved: cmp.Counts.Improved, graph.ChangeWorsened: cmp.Counts.Worsened, graph.ChangeAdded: cmp.Counts.Added,
		graph.ChangeRemoved: cmp.Counts.Removed, graph.ChangeRated: cmp.Counts.Rated, graph.ChangeUnrated: cmp.Counts.Unrated,
		graph.ChangeUnchanged: cmp.Counts.Unchanged,
	}
	for _, k := range []graph.ChangeKind{graph.ChangeImproved, graph.ChangeWorsened, graph.ChangeAdded, graph.ChangeRemoved, graph.ChangeRated, graph.ChangeUnrated, graph.ChangeUnchanged} {
		if y+40 > bottom {
			break
		}
		y += 40
		c.changeSample(k, x, y-7)
		it.text(Text{X: x + 100, Y: y, S: fmt.Sprintf("%s: %d", cw.kinds[k], counts[k]), Size: 20, Color: c.pal.ink, Class: "panel panel-count"})
	}
}

// changeSample is the panel's sample of a kind of change: a ghost line
// for removed ones, the marker for the others but unchanged.
func (c *composer) changeSample(k graph.ChangeKind, x, y float64) {
	switch k {
	case graph.ChangeUnchanged:
	case graph.ChangeRemoved:
		c.ly.ghosts.begin("ghost")
		c.ly.ghosts.line(x, y, x+80, y, ghostPaint)
		c.ly.ghosts.end()
	default:
		sample := map[graph.ChangeKind][2]graph.Rating{
			graph.ChangeImproved: {graph.Low, graph.Middle}, graph.ChangeWorsened: {graph.Middle, graph.Low},
			graph.ChangeRated: {graph.Unrated, graph.Middle}, graph.ChangeUnrated: {graph.Middle, graph.Unrated},
		}[k]
		c.addMarker(&c.ly.markers, changeMarker(c.pal, c.wd.compare, k, sample[0], sample[1]), x+40, y, "")
	}
}

// ghostPaint draws a removed relation.
var ghostPaint = Paint{Stroke: "#a8a8a8", Width: 4, Dash: []float64{6, 8}}

// changeMarker is the tag of one change: an arrow and the old and new
// rating for improved and worsened, a word or the ratings for the others.
func changeMarker(pal *palette, cw compareWords, k graph.ChangeKind, before, after graph.Rating) marker {
	num := func(r graph.Rating) string {
		if r.Rated() {
			return fmt.Sprint(int(r))
		}
		return "?"
	}
	mk := marker{class: "change change-" + string(k), kind: string(k), h: 28, fontSize: 18, stroke: "#ffffff"}
	switch k {
	case graph.ChangeImproved:
		mk.arrow, mk.text, mk.fill, mk.textColor = 1, num(before)+"→"+num(after), pal.ratings[graph.High], "#ffffff"
	case graph.ChangeWorsened:
		mk.arrow, mk.text, mk.fill, mk.textColor = -1, num(before)+"→"+num(after), pal.ratings[graph.Low], "#ffffff"
	case graph.ChangeAdded:
		mk.text, mk.fill, mk.stroke, mk.textColor = "+ "+cw.newWord, "#ffffff", pal.ink, pal.ink
	default: // rated, unrated
		mk.text, mk.fill, mk.stroke, mk.textColor = num(before)+"→"+num(after), "#ffffff", pal.ink, pal.ink
	}
	mk.w = rnd(textWidth(mk.text, mk.fontSize, true) + 14)
	if mk.arrow != 0 {
		mk.w = rnd(mk.w + mk.fontSize*0.8 + 4)
	}
	return mk
}

// markChanges puts the change tags on the relations of the later map and
// draws the removed ones as ghosts between the functions still there.
// Drawn by group, the map has no relations to mark.
func (c *composer) markChanges(cmp *graph.Comparison) {
	if c.detail == DetailGroups {
		return
	}
	for _, ch := range cmp.Changes {
		switch ch.Change {
		case graph.ChangeUnchanged:
		case graph.ChangeRemoved:
			a, okA := c.circles[ch.A]
			b, okB := c.circles[ch.B]
			if !okA || !okB || math.Hypot(b.X-a.X, b.Y-a.Y) < a.R+b.R {
				continue
			}
			d, _ := c.lineBetween(a, b)
			c.ly.ghosts.begin("ghost", Attr{"a", ch.A}, Attr{"b", ch.B})
			c.ly.ghosts.line(d.x1, d.y1, d.x2, d.y2, ghostPaint)
			c.ly.ghosts.end()
		default:
			c.markRelation(ch.RelationID, changeMarker(c.pal, c.wd.compare, ch.Change, ch.Before, ch.After))
		}
	}
}

package render

import (
	"bytes"
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
// It returns an error unwrapping to graph.ErrInvalid for a bad option, or
// the error of w.
func CompareSVG(w io.Writer, before, after *graph.Map, opt Options) error {
	g, err := CompareLayout(before, after, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	writeSVG(&buf, g)
	_, err = buf.WriteTo(w)
	return err
}

// CompareLayout is the geometry of CompareSVG, for the PNG (Raster).
func CompareLayout(before, after *graph.Map, opt Options) (*Geometry, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	opt.Panel = ""
	opt = opt.withDefaults(after)
	c := graph.Compare(before, after)
	cw := vocab[opt.Lang].compare
	side := &sidePanel{fill: func(g *Geometry, pal *palette, x, top, bottom, width float64) {
		g.markChanges(c, pal, cw)
		y := top + 26
		g.Texts = append(g.Texts, TextItem{Text: cw.heading, X: x, Y: rnd(y), Size: 24, Bold: true, Color: pal.ink, Anchor: "start", Class: "panel panel-heading"})
		score := func(v *float64) string {
			if v == nil {
				return cw.noScore
			}
			return fmt.Sprintf("%.0f", math.Round(*v))
		}
		y += 40
		g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf(cw.score, score(c.ScoreBefore), score(c.ScoreAfter)), X: x, Y: rnd(y), Size: 26, Bold: true, Color: pal.ink, Anchor: "start", Class: "panel panel-score"})
		if c.ScoreChangePct != nil {
			y += 34
			p := math.Round(*c.ScoreChangePct)
			sign := "+"
			if p < 0 {
				sign = "−"
			}
			g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf(cw.pct, sign+fmt.Sprintf("%.0f", math.Abs(p))), X: x, Y: rnd(y), Size: 22, Bold: true, Color: pal.ink, Anchor: "start", Class: "panel panel-change"})
		}
		y += 24
		counts := map[graph.ChangeKind]int{
			graph.ChangeImproved: c.Counts.Improved, graph.ChangeWorsened: c.Counts.Worsened, graph.ChangeAdded: c.Counts.Added,
			graph.ChangeRemoved: c.Counts.Removed, graph.ChangeRated: c.Counts.Rated, graph.ChangeUnrated: c.Counts.Unrated,
			graph.ChangeUnchanged: c.Counts.Unchanged,
		}
		for _, k := range []graph.ChangeKind{graph.ChangeImproved, graph.ChangeWorsened, graph.ChangeAdded, graph.ChangeRemoved, graph.ChangeRated, graph.ChangeUnrated, graph.ChangeUnchanged} {
			if y+40 > bottom {
				break
			}
			y += 40
			if k == graph.ChangeRemoved {
				g.Ghosts = append(g.Ghosts, Ghost{X1: x, Y1: rnd(y - 7), X2: x + 80, Y2: rnd(y - 7), Color: ghostColor, Width: 4, Dash: []float64{6, 8}})
			} else if k != graph.ChangeUnchanged {
				sample := map[graph.ChangeKind][2]graph.Rating{
					graph.ChangeImproved: {graph.Low, graph.Middle}, graph.ChangeWorsened: {graph.Middle, graph.Low},
					graph.ChangeRated: {graph.Unrated, graph.Middle}, graph.ChangeUnrated: {graph.Middle, graph.Unrated},
				}[k]
				mk := changeMarker(pal, cw, k, sample[0], sample[1])
				mk.X, mk.Y = rnd(x+40), rnd(y-7)
				g.Markers = append(g.Markers, mk)
			}
			g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf("%s: %d", cw.kinds[k], counts[k]), X: x + 100, Y: rnd(y), Size: 20, Color: pal.ink, Anchor: "start", Class: "panel panel-count"})
		}
	}}
	return layout(after, opt, side)
}

const ghostColor = "#a8a8a8"

// changeMarker is the tag of one change: an arrow and the old and new
// rating for improved and worsened, a word or the ratings for the others.
func changeMarker(pal *palette, cw compareWords, k graph.ChangeKind, before, after graph.Rating) Marker {
	num := func(r graph.Rating) string {
		if r.Rated() {
			return fmt.Sprint(int(r))
		}
		return "?"
	}
	mk := Marker{Class: "change change-" + string(k), Kind: string(k), H: 28, FontSize: 18, Stroke: "#ffffff"}
	switch k {
	case graph.ChangeImproved:
		mk.Arrow, mk.Text, mk.Fill, mk.TextColor = 1, num(before)+"→"+num(after), pal.ratings[graph.High], "#ffffff"
	case graph.ChangeWorsened:
		mk.Arrow, mk.Text, mk.Fill, mk.TextColor = -1, num(before)+"→"+num(after), pal.ratings[graph.Low], "#ffffff"
	case graph.ChangeAdded:
		mk.Text, mk.Fill, mk.Stroke, mk.TextColor = "+ "+cw.newWord, "#ffffff", pal.ink, pal.ink
	default: // rated, unrated
		mk.Text, mk.Fill, mk.Stroke, mk.TextColor = num(before)+"→"+num(after), "#ffffff", pal.ink, pal.ink
	}
	mk.W = rnd(textWidth(mk.Text, mk.FontSize, true) + 14)
	if mk.Arrow != 0 {
		mk.W = rnd(mk.W + mk.FontSize*0.8 + 4)
	}
	return mk
}

// markChanges puts the change tags on the relations of the later map and
// draws the removed ones as ghosts between the functions still there.
func (g *Geometry) markChanges(c *graph.Comparison, pal *palette, cw compareWords) {
	pos := map[string]FunctionShape{}
	for _, f := range g.Functions {
		pos[f.ID] = f
	}
	for _, ch := range c.Changes {
		switch ch.Change {
		case graph.ChangeUnchanged:
		case graph.ChangeRemoved:
			a, okA := pos[ch.A]
			b, okB := pos[ch.B]
			d := math.Hypot(b.X-a.X, b.Y-a.Y)
			if !okA || !okB || d < a.R+b.R {
				continue
			}
			ux, uy := (b.X-a.X)/d, (b.Y-a.Y)/d
			g.Ghosts = append(g.Ghosts, Ghost{A: ch.A, B: ch.B,
				X1: rnd(a.X + ux*(a.R+lineGap)), Y1: rnd(a.Y + uy*(a.R+lineGap)),
				X2: rnd(b.X - ux*(b.R+lineGap)), Y2: rnd(b.Y - uy*(b.R+lineGap)),
				Color: ghostColor, Width: 4, Dash: []float64{6, 8}})
		default:
			g.markRelation(ch.RelationID, changeMarker(pal, cw, ch.Change, ch.Before, ch.After))
		}
	}
}

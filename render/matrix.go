package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// MatrixSVG writes the heat map of m's ratings: by "group" the mean rating
// within each group (the diagonal) and between each pair of groups
// (graph.GroupMatrix), by "function" the rating of each relation between two
// functions (graph.FunctionMatrix). Cells are coloured along the palette's
// rating colours (High → Middle → Low, interpolated) and show the mean and
// the number of rated relations; pairs without a relation and pairs whose
// relations are all unrated are drawn apart from each other. Each cell is a
// <g class="cell" data-a="…" data-b="…" data-mean="…" data-relations="n"
// data-rated="n"> holding a <rect>. It returns an error unwrapping to
// graph.ErrInvalid for a bad option or by, or the error of w.
func (r *Renderer) MatrixSVG(w io.Writer, m *graph.Map, by string, opt Options) error {
	l, err := r.Matrix(m, by, opt)
	if err != nil {
		return err
	}
	return l.WriteSVG(w)
}

// Matrix composes the heat map of MatrixSVG.
func (r *Renderer) Matrix(m *graph.Map, by string, opt Options) (*List, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	var mx *graph.Matrix
	switch by {
	case "group", "":
		mx = graph.GroupMatrix(m)
	case "function":
		mx = graph.FunctionMatrix(m)
	default:
		return nil, graph.Invalid("by", "must be group or function")
	}
	return composeMatrix(m, mx, opt.withDefaults(nil)), nil
}

// matrixLayout is where the heat map's parts go.
type matrixLayout struct {
	keys, labels, short, groupOf []string
	cells                        map[[2]string]graph.MatrixCell
	n                            int
	cell, gridX, gridY           float64
	w, h                         float64
}

const matrixLabelSize = 18.0

func matrixLayoutOf(mx *graph.Matrix) *matrixLayout {
	ml := &matrixLayout{cells: map[[2]string]graph.MatrixCell{}}
	if mx.By == "function" {
		for _, f := range mx.Functions {
			ml.keys, ml.labels, ml.groupOf = append(ml.keys, f.ID), append(ml.labels, f.Name), append(ml.groupOf, f.Group)
		}
	} else {
		ml.keys, ml.labels = mx.Groups, mx.Groups
	}
	for _, c := range mx.Cells {
		ml.cells[[2]string{c.A, c.B}], ml.cells[[2]string{c.B, c.A}] = c, c
	}
	ml.n = len(ml.keys)
	labelW := 120.0
	ml.short = make([]string, ml.n)
	for i, l := range ml.labels {
		ml.short[i] = truncate(wrapToWidth(l, matrixLabelSize, 340, false), 1, 340).Lines[0]
		labelW = max(labelW, textWidth(ml.short[i], matrixLabelSize, false)+16)
	}
	ml.cell = 120.0
	if ml.n > 0 {
		ml.cell = math.Floor(min(120, max(22, (1920-2*margin-labelW-60)/float64(ml.n))))
	}
	ml.gridX = margin + labelW
	colH := labelW*0.72 + 20 // column labels at 45°
	ml.gridY = 150 + colH
	ml.w = max(1920, ml.gridX+float64(ml.n)*ml.cell+margin+60)
	ml.h = max(1080, ml.gridY+float64(ml.n)*ml.cell+170)
	return ml
}

func composeMatrix(m *graph.Map, mx *graph.Matrix, opt Options) *List {
	pal, wd := getPalette(opt.Palette), vocab[opt.Lang]
	mw := wd.matrix
	ml := matrixLayoutOf(mx)
	title := titleOf(m, wd)
	l := &List{Width: ml.w, Height: ml.h, PaperW: ml.w, PaperH: ml.h, ID: "matrix", Lang: string(opt.Lang),
		Class: "relationskort-matrix by-" + mx.By + " palette-" + string(opt.Palette),
		Title: title + " – " + mw.subtitle[mx.By], Desc: mw.subtitle[mx.By] + ": " + strings.Join(ml.labels, ", ")}
	var it items
	it.rect(0, 0, ml.w, ml.h, 0, Paint{Fill: pal.paper}, "background")
	it.text(Text{X: margin, Y: margin + 44, S: title, Size: 44, Bold: true, Color: pal.ink, Class: "title"})
	it.text(Text{X: margin, Y: margin + 84, S: mw.subtitle[mx.By], Size: 26, Color: pal.muted, Class: "task"})
	it.begin("labels")
	for i, s := range ml.short {
		y := ml.gridY + (float64(i)+0.5)*ml.cell + matrixLabelSize*0.36
		it.text(Text{X: ml.gridX - 10, Y: y, S: s, Size: matrixLabelSize, Color: pal.ink, Anchor: AnchorEnd})
		x := ml.gridX + (float64(i)+0.5)*ml.cell
		it.text(Text{X: x, Y: ml.gridY - 10, S: s, Size: matrixLabelSize, Color: pal.ink, Rotate: -45})
	}
	it.end()
	it.begin("cells")
	for i := 0; i < ml.n; i++ {
		for j := 0; j < ml.n; j++ {
			matrixCell(&it, ml, i, j, pal, mw)
		}
	}
	it.end()
	matrixGrid(&it, ml, mx.By, pal)
	matrixLegend(&it, ml, pal, wd)
	l.Items = it
	return l
}

// matrixCell composes the cell of row i, column j.
func matrixCell(it *items, ml *matrixLayout, i, j int, pal *palette, mw matrixWords) {
	x, y, cell := ml.gridX+float64(j)*ml.cell, ml.gridY+float64(i)*ml.cell, ml.cell
	mc, ok := ml.cells[[2]string{ml.keys[i], ml.keys[j]}]
	if !ok {
		mc = graph.MatrixCell{A: ml.keys[i], B: ml.keys[j]}
	}
	mean := ""
	if mc.MeanRating != nil {
		mean = strconv.FormatFloat(math.Round(*mc.MeanRating*100)/100, 'f', -1, 64)
	}
	shown := mw.noRelation
	if mc.Relations > 0 && mc.MeanRating == nil {
		shown = mw.unrated
	}
	if mc.MeanRating != nil {
		shown = decimal(*mc.MeanRating, mw.decimal)
	}
	*it = append(*it, &Group{Class: "cell",
		Data: []Attr{{"a", ml.keys[i]}, {"b", ml.keys[j]}, {"mean", mean},
			{"relations", strconv.Itoa(mc.Relations)}, {"rated", strconv.Itoa(mc.Rated)}},
		Title: fmt.Sprintf(mw.cellTitle, ml.labels[i], ml.labels[j], shown, mc.Relations, mc.Rated)})
	fs := min(22, cell*0.3)
	mid := Text{X: x + cell/2, Size: fs, Anchor: AnchorMiddle}
	switch {
	case mc.MeanRating != nil:
		fill := ratingMix(pal, *mc.MeanRating)
		it.rect(x+1, y+1, cell-2, cell-2, 0, Paint{Fill: fill}, "")
		mid.Color = "#ffffff"
		if luminance(fill) > 0.5 {
			mid.Color = "#1a1a1a"
		}
		if cell >= 40 {
			mean, count := mid, mid
			mean.Y, mean.S, mean.Bold = y+cell/2-fs*0.1, shown, true
			count.Y, count.S, count.Size = y+cell/2+fs*0.95, "n="+strconv.Itoa(mc.Rated), fs*0.7
			it.text(mean)
			it.text(count)
		} else if cell >= 26 {
			mid.Y, mid.S = y+cell/2+fs*0.36, shown
			it.text(mid)
		}
	case mc.Relations > 0: // chosen, not rated
		it.rect(x+2, y+2, cell-4, cell-4, 0, Paint{Fill: "#ffffff", Stroke: pal.ratings[graph.Unrated], Width: 2, Dash: []float64{4, 4}}, "")
		if cell >= 26 {
			mid.Y, mid.S, mid.Color = y+cell/2+fs*0.36, "?", pal.muted
			it.text(mid)
		}
	default:
		it.rect(x+1, y+1, cell-2, cell-2, 0, Paint{Fill: "#f2f2f2"}, "")
	}
	it.end()
}

// matrixGrid outlines the diagonal (within a group) or the blocks of
// groups (by function).
func matrixGrid(it *items, ml *matrixLayout, by string, pal *palette) {
	it.begin("grid")
	n, cell := ml.n, ml.cell
	if by == "group" {
		for i := 0; i < n; i++ {
			it.rect(ml.gridX+float64(i)*cell, ml.gridY+float64(i)*cell, cell, cell, 0, Paint{Stroke: pal.ink, Width: 3}, "")
		}
	} else {
		for i := 1; i < n; i++ {
			if ml.groupOf[i] != ml.groupOf[i-1] {
				p, q := ml.gridX+float64(i)*cell, ml.gridY+float64(i)*cell
				it.line(p, ml.gridY, p, ml.gridY+float64(n)*cell, Paint{Stroke: pal.ink, Width: 2})
				it.line(ml.gridX, q, ml.gridX+float64(n)*cell, q, Paint{Stroke: pal.ink, Width: 2})
			}
		}
	}
	it.end()
}

// matrixLegend composes the colour scale and the two empty kinds of cell.
func matrixLegend(it *items, ml *matrixLayout, pal *palette, wd words) {
	mw := wd.matrix
	ly := ml.gridY + float64(ml.n)*ml.cell + 50
	t := Text{Size: 20, Color: pal.ink}
	it.begin("legend")
	it.text(Text{X: margin, Y: ly + 20, S: mw.mean, Size: 20, Bold: true, Color: pal.ink})
	x0 := margin + 140.0
	for k := 0; k <= 40; k++ {
		it.rect(x0+float64(k)*9, ly, 9, 28, 0, Paint{Fill: ratingMix(pal, 1+float64(k)/20)}, "")
	}
	for k, r := range []graph.Rating{graph.High, graph.Middle, graph.Low} {
		t.X, t.Y, t.S, t.Anchor = x0+float64(k)*180+4, ly+56, wd.ratings[r], AnchorMiddle
		it.text(t)
	}
	t.Anchor = AnchorStart
	x1 := x0 + 369 + 80
	it.rect(x1, ly, 28, 28, 0, Paint{Fill: "#f2f2f2"}, "")
	t.X, t.Y, t.S = x1+40, ly+21, mw.noRelation
	it.text(t)
	x2 := x1 + 40 + textWidth(mw.noRelation, 20, false) + 50
	it.rect(x2, ly, 28, 28, 0, Paint{Fill: "#ffffff", Stroke: pal.ratings[graph.Unrated], Width: 2, Dash: []float64{4, 4}}, "")
	t.X, t.S = x2+40, mw.unrated+" (?)"
	it.text(t)
	it.end()
}

// ratingMix is the colour of a mean rating v (1–3) between the palette's
// rating colours: High at 1, Middle at 2, Low at 3.
func ratingMix(pal *palette, v float64) string {
	v = max(1, min(3, v))
	a, b, t := pal.ratings[graph.High], pal.ratings[graph.Middle], v-1
	if v > 2 {
		a, b, t = pal.ratings[graph.Middle], pal.ratings[graph.Low], v-2
	}
	ca, cb := parseHex(a), parseHex(b)
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(ca.R, cb.R), mix(ca.G, cb.G), mix(ca.B, cb.B))
}

// luminance is the relative lightness of a colour, 0–1.
func luminance(hex string) float64 {
	c := parseHex(hex)
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// decimal formats a mean with one decimal and the language's separator.
func decimal(v float64, sep string) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", sep, 1)
}

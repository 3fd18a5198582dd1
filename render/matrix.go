package render

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	svg "github.com/ajstarks/svgo/float"

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
func MatrixSVG(w io.Writer, m *graph.Map, by string, opt Options) error {
	if err := opt.validate(); err != nil {
		return err
	}
	var mx *graph.Matrix
	switch by {
	case "group", "":
		mx = graph.GroupMatrix(m)
	case "function":
		mx = graph.FunctionMatrix(m)
	default:
		return graph.Invalid("by", "must be group or function")
	}
	opt = opt.withDefaults(nil)
	var buf bytes.Buffer
	writeMatrix(&buf, m, mx, opt)
	_, err := buf.WriteTo(w)
	return err
}

func writeMatrix(w io.Writer, m *graph.Map, mx *graph.Matrix, opt Options) {
	pal := getPalette(opt.Palette)
	wd := vocab[opt.Lang]
	mw := wd.matrix
	var keys, labels, groupOf []string
	if mx.By == "function" {
		for _, f := range mx.Functions {
			keys, labels, groupOf = append(keys, f.ID), append(labels, f.Name), append(groupOf, f.Group)
		}
	} else {
		keys, labels = mx.Groups, mx.Groups
	}
	cells := map[[2]string]graph.MatrixCell{}
	for _, c := range mx.Cells {
		cells[[2]string{c.A, c.B}], cells[[2]string{c.B, c.A}] = c, c
	}
	n := len(keys)

	const labelSize = 18.0
	labelW := 120.0
	short := make([]string, n)
	for i, l := range labels {
		short[i] = truncate(wrapToWidth(l, labelSize, 340, false), 1, 340).Lines[0]
		labelW = max(labelW, textWidth(short[i], labelSize, false)+16)
	}
	cell := 120.0
	if n > 0 {
		cell = math.Floor(min(120, max(22, (1920-2*margin-labelW-60)/float64(n))))
	}
	gridX := margin + labelW
	colH := labelW*0.72 + 20 // column labels at 45°
	gridY := 150 + colH
	W := max(1920, gridX+float64(n)*cell+margin+60)
	H := max(1080, gridY+float64(n)*cell+170)

	c := svg.New(w)
	c.Decimals = 2
	title := m.Title
	if title == "" {
		title = wd.defaultName
	}
	c.Startunit(W, H, "", fmt.Sprintf(`viewBox="0 0 %s %s"`, num(W), num(H)), `version="1.1"`, `role="img"`,
		`aria-labelledby="matrix-title matrix-desc"`, attr("font-family", fontStack), attr("lang", string(opt.Lang)),
		attr("class", "relationskort-matrix by-"+mx.By+" palette-"+string(opt.Palette)))
	fmt.Fprintf(w, "<title id=\"matrix-title\">%s</title>\n", textEsc(title+" – "+mw.subtitle[mx.By]))
	fmt.Fprintf(w, "<desc id=\"matrix-desc\">%s</desc>\n", textEsc(mw.subtitle[mx.By]+": "+strings.Join(labels, ", ")))
	c.Rect(0, 0, W, H, attr("fill", pal.paper), `class="background"`)
	c.Text(margin, margin+44, xmlSafe(title), `class="title"`, `font-size="44"`, `font-weight="bold"`, attr("fill", pal.ink))
	c.Text(margin, margin+84, xmlSafe(mw.subtitle[mx.By]), `class="task"`, `font-size="26"`, attr("fill", pal.muted))

	// labels
	c.Group(`class="labels"`, attr("font-size", num(labelSize)), attr("fill", pal.ink))
	for i, l := range short {
		y := gridY + (float64(i)+0.5)*cell + labelSize*0.36
		c.Text(gridX-10, rnd(y), xmlSafe(l), `text-anchor="end"`)
		x := gridX + (float64(i)+0.5)*cell
		c.Text(rnd(x), rnd(gridY-10), xmlSafe(l), fmt.Sprintf(`transform="rotate(-45 %s %s)"`, num(x), num(gridY-10)))
	}
	c.Gend()

	// cells
	c.Group(`class="cells"`)
	fs := min(22, cell*0.3)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x, y := gridX+float64(j)*cell, gridY+float64(i)*cell
			mc, ok := cells[[2]string{keys[i], keys[j]}]
			if !ok {
				mc = graph.MatrixCell{A: keys[i], B: keys[j]}
			}
			mean := ""
			if mc.MeanRating != nil {
				mean = strconv.FormatFloat(math.Round(*mc.MeanRating*100)/100, 'f', -1, 64)
			}
			c.Group(`class="cell"`, attr("data-a", keys[i]), attr("data-b", keys[j]), attr("data-mean", mean),
				attr("data-relations", strconv.Itoa(mc.Relations)), attr("data-rated", strconv.Itoa(mc.Rated)))
			shown := mw.noRelation
			if mc.Relations > 0 && mc.MeanRating == nil {
				shown = mw.unrated
			}
			if mc.MeanRating != nil {
				shown = decimal(*mc.MeanRating, mw.decimal)
			}
			fmt.Fprintf(w, "<title>%s</title>\n", textEsc(fmt.Sprintf(mw.cellTitle, labels[i], labels[j], shown, mc.Relations, mc.Rated)))
			switch {
			case mc.MeanRating != nil:
				fill := ratingMix(pal, *mc.MeanRating)
				c.Rect(x+1, y+1, cell-2, cell-2, attr("fill", fill))
				ink := "#ffffff"
				if luminance(fill) > 0.5 {
					ink = "#1a1a1a"
				}
				if cell >= 40 {
					c.Text(rnd(x+cell/2), rnd(y+cell/2-fs*0.1), shown, `text-anchor="middle"`, attr("font-size", num(fs)), `font-weight="bold"`, attr("fill", ink))
					c.Text(rnd(x+cell/2), rnd(y+cell/2+fs*0.95), "n="+strconv.Itoa(mc.Rated), `text-anchor="middle"`, attr("font-size", num(fs*0.7)), attr("fill", ink))
				} else if cell >= 26 {
					c.Text(rnd(x+cell/2), rnd(y+cell/2+fs*0.36), shown, `text-anchor="middle"`, attr("font-size", num(fs)), attr("fill", ink))
				}
			case mc.Relations > 0: // chosen, not rated
				c.Rect(x+2, y+2, cell-4, cell-4, `fill="#ffffff"`, attr("stroke", pal.ratings[graph.Unrated]), `stroke-width="2"`, `stroke-dasharray="4 4"`)
				if cell >= 26 {
					c.Text(rnd(x+cell/2), rnd(y+cell/2+fs*0.36), "?", `text-anchor="middle"`, attr("font-size", num(fs)), attr("fill", pal.muted))
				}
			default:
				c.Rect(x+1, y+1, cell-2, cell-2, `fill="#f2f2f2"`)
			}
			c.Gend()
		}
	}
	c.Gend()

	// the diagonal (within a group) and the blocks of groups (by function)
	c.Group(`class="grid"`, `fill="none"`, attr("stroke", pal.ink))
	if mx.By == "group" {
		for i := 0; i < n; i++ {
			c.Rect(gridX+float64(i)*cell, gridY+float64(i)*cell, cell, cell, `stroke-width="3"`)
		}
	} else {
		for i := 1; i < n; i++ {
			if groupOf[i] != groupOf[i-1] {
				p := rnd(gridX + float64(i)*cell)
				q := rnd(gridY + float64(i)*cell)
				c.Line(p, gridY, p, gridY+float64(n)*cell, `stroke-width="2"`)
				c.Line(gridX, q, gridX+float64(n)*cell, q, `stroke-width="2"`)
			}
		}
	}
	c.Gend()

	// legend: the colour scale and the two empty kinds
	ly := gridY + float64(n)*cell + 50
	c.Group(`class="legend"`, `font-size="20"`, attr("fill", pal.ink))
	c.Text(margin, ly+20, mw.mean, `font-weight="bold"`)
	x0 := margin + 140.0
	for k := 0; k <= 40; k++ {
		v := 1 + float64(k)/20
		c.Rect(rnd(x0+float64(k)*9), ly, 9, 28, attr("fill", ratingMix(pal, v)))
	}
	for k, r := range []graph.Rating{graph.High, graph.Middle, graph.Low} {
		c.Text(rnd(x0+float64(k)*180+4), ly+56, wd.ratings[r], `text-anchor="middle"`)
	}
	x1 := x0 + 369 + 80
	c.Rect(x1, ly, 28, 28, `fill="#f2f2f2"`)
	c.Text(x1+40, ly+21, mw.noRelation)
	x2 := x1 + 40 + textWidth(mw.noRelation, 20, false) + 50
	c.Rect(x2, ly, 28, 28, `fill="#ffffff"`, attr("stroke", pal.ratings[graph.Unrated]), `stroke-width="2"`, `stroke-dasharray="4 4"`)
	c.Text(x2+40, ly+21, mw.unrated+" (?)")
	c.Gend()
	c.End()
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

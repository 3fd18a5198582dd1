package render

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	svg "github.com/ajstarks/svgo/float"

	"github.com/relationskort/relationskort/graph"
)

// SVG writes the map as a standalone SVG 1.1 document: a viewBox, role="img"
// with <title> and <desc>, a font stack that works offline, no external
// references. Each function is a <g class="function" data-function-id="…">
// holding a <circle>, each relation a <g class="relation rating-N"
// data-relation-id="…" data-rating="N"> holding a <line>, all with absolute
// coordinates. The same map and options give the same bytes. It returns an
// error unwrapping to graph.ErrInvalid for a bad option, or the error of w.
func SVG(w io.Writer, m *graph.Map, opt Options) error {
	g, err := Compose(m, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer // svgo drops write errors; write to memory, then copy
	writeSVG(&buf, g)
	_, err = buf.WriteTo(w)
	return err
}

// attr returns name="value" with value escaped for an attribute: markup
// characters as entities, characters that XML forbids removed.
func attr(name, value string) string {
	return name + `="` + html.EscapeString(xmlSafe(value)) + `"`
}

// xmlSafe drops the characters that may not appear in XML 1.0 and replaces
// invalid UTF-8.
func xmlSafe(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError {
			b.WriteRune('\uFFFD')
			continue
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// num formats a coordinate (rounded to 0.01).
func num(v float64) string { return strconv.FormatFloat(rnd(v), 'f', -1, 64) }

func dashAttr(d []float64) string {
	if len(d) == 0 {
		return ""
	}
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = num(v)
	}
	return attr("stroke-dasharray", strings.Join(parts, " "))
}

func writeSVG(w io.Writer, g *Geometry) {
	c := svg.New(w)
	c.Decimals = 2
	unit := ""
	wv, hv := g.Width, g.Height
	if strings.HasSuffix(g.WidthAttr, "mm") {
		unit = "mm"
		wv, _ = strconv.ParseFloat(strings.TrimSuffix(g.WidthAttr, "mm"), 64)
		hv, _ = strconv.ParseFloat(strings.TrimSuffix(g.HeightAttr, "mm"), 64)
	}
	c.Startunit(wv, hv, unit,
		fmt.Sprintf(`viewBox="0 0 %s %s"`, num(g.Width), num(g.Height)),
		`version="1.1"`, `role="img"`, `aria-labelledby="map-title map-desc"`,
		attr("font-family", fontStack), attr("lang", string(g.Options.Lang)),
		attr("class", "relationskort layout-"+string(g.Layout)+" palette-"+string(g.Options.Palette)))
	fmt.Fprintf(w, "<title id=\"map-title\">%s</title>\n", textEsc(g.Title))
	fmt.Fprintf(w, "<desc id=\"map-desc\">%s</desc>\n", textEsc(g.Desc))
	c.Rect(0, 0, g.Width, g.Height, attr("fill", g.Paper), `class="background"`)

	// header, legend, footer
	c.Group(`class="frame"`)
	for _, r := range g.Rules {
		c.Line(r.X1, r.Y1, r.X2, r.Y2, attr("stroke", r.Color), attr("stroke-width", num(r.Width)))
	}
	for _, sw := range g.Swatches {
		switch sw.Kind {
		case "line":
			c.Line(sw.X1, sw.Y1, sw.X2, sw.Y2, nz(attr("stroke", sw.Color), attr("stroke-width", num(sw.Width)), dashAttr(sw.Dash))...)
			if sw.BadgeR > 0 {
				badge(c, (sw.X1+sw.X2)/2, sw.Y1, sw.BadgeR, sw.Color, sw.BadgeTextColor, sw.BadgeFontSize, sw.BadgeText)
			}
		case "circle":
			c.Circle(sw.CX, sw.CY, sw.R, attr("fill", sw.Fill), attr("stroke", sw.Color), attr("stroke-width", num(sw.StrokeWidth)))
		}
	}
	for _, t := range g.Texts {
		as := []string{attr("class", t.Class), attr("font-size", num(t.Size)), attr("fill", t.Color)}
		if t.Bold {
			as = append(as, `font-weight="bold"`)
		}
		if t.Italic {
			as = append(as, `font-style="italic"`)
		}
		if t.Anchor != "start" {
			as = append(as, attr("text-anchor", t.Anchor))
		}
		c.Text(t.X, t.Y, xmlSafe(t.Text), as...)
	}
	c.Gend()

	if mid := g.Middle; mid != nil {
		c.Group(`class="task-label"`)
		c.Circle(mid.X, mid.Y, mid.R, `fill="none"`, attr("stroke", mid.Stroke), `stroke-width="2"`, `stroke-dasharray="6 6"`)
		textBlock(c, mid.Text)
		c.Gend()
	}

	names := make(map[string]string, len(g.Functions))
	for _, f := range g.Functions {
		names[f.ID] = f.Name
	}
	words := vocab[g.Options.Lang]
	relation := func(r RelationShape) {
		rating := ""
		cls := "rating-none"
		if r.Rating.Rated() {
			rating = strconv.Itoa(int(r.Rating))
			cls = "rating-" + rating
		}
		c.Group(attr("class", "relation "+cls), attr("data-relation-id", r.ID), attr("data-rating", rating),
			attr("data-a", r.A), attr("data-b", r.B))
		fmt.Fprintf(w, "<title>%s</title>\n", textEsc(names[r.A]+" – "+names[r.B]+": "+words.ratings[r.Rating]))
		c.Line(r.X1, r.Y1, r.X2, r.Y2, nz(attr("stroke", r.Color), attr("stroke-width", num(r.Width)), dashAttr(r.Dash))...)
		c.Gend()
	}

	// relations gone since an earlier version (comparison), faint, under all
	if len(g.Ghosts) > 0 {
		c.Group(`class="ghosts"`, `opacity="0.8"`)
		for _, gh := range g.Ghosts {
			as := []string{`class="ghost"`}
			if gh.A != "" {
				as = append(as, attr("data-a", gh.A), attr("data-b", gh.B))
			}
			c.Group(as...)
			c.Line(gh.X1, gh.Y1, gh.X2, gh.Y2, nz(attr("stroke", gh.Color), attr("stroke-width", num(gh.Width)), dashAttr(gh.Dash))...)
			c.Gend()
		}
		c.Gend()
	}
	// relations except Low, then the functions, then Low on top
	c.Group(`class="relations"`)
	for _, r := range g.Relations {
		if r.Rating != graph.Low {
			relation(r)
		}
	}
	c.Gend()
	c.Group(`class="functions"`)
	for _, f := range g.Functions {
		as := []string{`class="function"`, attr("data-function-id", f.ID)}
		if f.Group != "" {
			as = append(as, attr("data-group", f.Group))
		}
		if f.Center {
			as[0] = `class="function center"`
		}
		c.Group(as...)
		tip := f.Name
		if f.Group != "" {
			tip += " (" + f.Group + ")"
		}
		fmt.Fprintf(w, "<title>%s</title>\n", textEsc(tip))
		c.Circle(f.X, f.Y, f.R, attr("fill", f.Fill), attr("stroke", f.Stroke), attr("stroke-width", num(f.StrokeWidth)))
		textBlock(c, f.Text)
		c.Gend()
	}
	c.Gend()
	c.Group(`class="relations relations-low"`)
	for _, r := range g.Relations {
		if r.Rating == graph.Low {
			relation(r)
		}
	}
	c.Gend()
	// the badges above every line, so that none hides at a crossing
	c.Group(`class="badges"`)
	for _, r := range g.Relations {
		if r.BadgeR > 0 {
			c.Group(`class="badge-group"`, attr("data-relation-id", r.ID), attr("data-rating", strconv.Itoa(int(r.Rating))))
			badge(c, r.BadgeX, r.BadgeY, r.BadgeR, r.Color, r.BadgeTextColor, r.BadgeFontSize, r.BadgeText)
			c.Gend()
		}
	}
	c.Gend()
	// the markers, in the panel and on the lines, above the badges
	if len(g.Markers) > 0 {
		c.Group(`class="markers"`)
		for _, mk := range g.Markers {
			marker(c, mk)
		}
		c.Gend()
	}
	c.End()
}

func badge(c *svg.SVG, x, y, r float64, fill, textColor string, size float64, text string) {
	c.Circle(x, y, r, `class="badge"`, attr("fill", fill), `stroke="#ffffff"`, attr("stroke-width", num(max(r*0.18, 0.1))))
	c.Text(x, rnd(y+size*0.36), text, `class="badge-text"`, `text-anchor="middle"`, attr("font-size", num(size)),
		`font-weight="bold"`, attr("fill", textColor))
}

func textBlock(c *svg.SVG, t TextBlock) {
	as := []string{`text-anchor="middle"`, attr("font-size", num(t.Size)), attr("fill", t.Color)}
	if t.Bold {
		as = append(as, `font-weight="bold"`)
	}
	for i, l := range t.Lines {
		c.Text(t.X, t.Baselines[i], xmlSafe(l), as...)
	}
}

// nz drops empty attributes (svgo would write an empty style for them).
func nz(as ...string) []string {
	out := as[:0]
	for _, a := range as {
		if a != "" {
			out = append(out, a)
		}
	}
	return out
}

// textEsc escapes text content.
func textEsc(s string) string { return html.EscapeString(xmlSafe(s)) }

// marker draws a tag: a rounded box with its text, after an arrow when it
// has one.
func marker(c *svg.SVG, mk Marker) {
	as := []string{attr("class", "marker "+mk.Class)}
	if mk.RelationID != "" {
		as = append(as, attr("data-relation-id", mk.RelationID))
	}
	if mk.Kind != "" {
		as = append(as, attr("data-kind", mk.Kind))
	}
	c.Group(as...)
	x0, y0 := mk.X-mk.W/2, mk.Y-mk.H/2
	fmt.Fprintf(c.Writer, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"%s\" %s %s %s/>\n",
		num(x0), num(y0), num(mk.W), num(mk.H), num(min(mk.H*0.22, 6)), attr("fill", mk.Fill), attr("stroke", mk.Stroke), `stroke-width="2"`)
	tx := mk.X
	if mk.Arrow != 0 {
		pts := arrowPoints(mk)
		fmt.Fprintf(c.Writer, "<polygon points=\"%s,%s %s,%s %s,%s\" %s/>\n",
			num(pts[0][0]), num(pts[0][1]), num(pts[1][0]), num(pts[1][1]), num(pts[2][0]), num(pts[2][1]), attr("fill", mk.TextColor))
		tx = arrowTextX(mk)
	}
	c.Text(tx, rnd(mk.Y+mk.FontSize*0.36), xmlSafe(mk.Text), `text-anchor="middle"`, attr("font-size", num(mk.FontSize)),
		`font-weight="bold"`, attr("fill", mk.TextColor))
	c.Gend()
}

// arrowPoints is the triangle of a marker with an arrow, at its left end:
// pointing up for better, down for worse.
func arrowPoints(mk Marker) [3][2]float64 {
	s := mk.FontSize * 0.8
	x := mk.X - mk.W/2 + 6
	cy := mk.Y
	if mk.Arrow > 0 {
		return [3][2]float64{{x, cy + s*0.45}, {x + s, cy + s*0.45}, {x + s/2, cy - s*0.5}}
	}
	return [3][2]float64{{x, cy - s*0.45}, {x + s, cy - s*0.45}, {x + s/2, cy + s*0.5}}
}

// arrowTextX is where a marker's text is centred when an arrow precedes it.
func arrowTextX(mk Marker) float64 {
	left := mk.X - mk.W/2 + 6 + mk.FontSize*0.8
	return rnd((left + mk.X + mk.W/2) / 2)
}

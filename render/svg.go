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
)

// This file is the SVG translator of the draw stage: it writes a List as a
// standalone SVG 1.1 document with svgo and decides nothing about the
// picture. Groups become <g> elements with their class, data attributes
// and a <title>; every user text reaches the output through svgo's
// escaping Text or through attr and textEsc, never through a style string.

// writeSVG writes l to w. svgo drops write errors: write to memory, then
// copy.
func writeSVG(w io.Writer, l *List) {
	c := svg.New(w)
	c.Decimals = 2
	unit := l.PaperUnit
	pw, ph := l.PaperW, l.PaperH
	if pw == 0 || ph == 0 {
		pw, ph = l.Width, l.Height
	}
	c.Startunit(pw, ph, unit,
		fmt.Sprintf(`viewBox="0 0 %s %s"`, num(l.Width), num(l.Height)),
		`version="1.1"`, `role="img"`, attr("aria-labelledby", l.ID+"-title "+l.ID+"-desc"),
		attr("font-family", fontStack), attr("lang", l.Lang), attr("class", l.Class))
	fmt.Fprintf(w, "<title id=\"%s-title\">%s</title>\n", textEsc(l.ID), textEsc(l.Title))
	fmt.Fprintf(w, "<desc id=\"%s-desc\">%s</desc>\n", textEsc(l.ID), textEsc(l.Desc))
	for _, it := range l.Items {
		svgItem(c, it)
	}
	c.End()
}

// svgLayer translates a layer's items once and writes that again for
// every drawing that shares the layer.
func svgLayer(c *svg.SVG, ly *Layer) {
	b := ly.memo(func() []byte {
		var buf bytes.Buffer
		buf.Grow(svgSizeHint(ly.Items))
		lc := svg.New(&buf)
		lc.Decimals = c.Decimals
		for _, it := range ly.Items {
			svgItem(lc, it)
		}
		return buf.Bytes()
	})
	c.Writer.Write(b)
}

// svgSizeHint estimates the bytes of the SVG of items, so that the buffer
// grows once.
func svgSizeHint(items []Item) int {
	n := 2048
	for _, it := range items {
		if ly, ok := it.(*Layer); ok {
			n += svgSizeHint(ly.Items)
			continue
		}
		n += 110
	}
	return n
}

func svgItem(c *svg.SVG, it Item) {
	switch v := it.(type) {
	case *Layer:
		svgLayer(c, v)
	case *Group:
		as := []string{attr("class", v.Class)}
		for _, a := range v.Data {
			as = append(as, attr("data-"+a.Name, a.Value))
		}
		if v.Opacity > 0 && v.Opacity < 1 {
			as = append(as, attr("opacity", num(v.Opacity)))
		}
		c.Group(as...)
		if v.Title != "" {
			fmt.Fprintf(c.Writer, "<title>%s</title>\n", textEsc(v.Title))
		}
	case End:
		c.Gend()
	case *Circle:
		c.Circle(v.X, v.Y, v.R, shapeAttrs(v.Class, v.Paint, true)...)
	case *Line:
		c.Line(v.X1, v.Y1, v.X2, v.Y2, shapeAttrs("", v.Paint, false)...)
	case *Rect:
		if v.Rx > 0 {
			c.Roundrect(v.X, v.Y, v.W, v.H, v.Rx, v.Rx, shapeAttrs(v.Class, v.Paint, true)...)
		} else {
			c.Rect(v.X, v.Y, v.W, v.H, shapeAttrs(v.Class, v.Paint, true)...)
		}
	case *Polygon:
		xs, ys := make([]float64, len(v.Points)), make([]float64, len(v.Points))
		for i, p := range v.Points {
			xs[i], ys[i] = p.X, p.Y
		}
		c.Polygon(xs, ys, shapeAttrs("", v.Paint, true)...)
	case *Text:
		c.Text(v.X, v.Y, xmlSafe(v.S), textAttrs(v)...)
	}
}

// shapeAttrs are a shape's class and paint as attributes; a closed shape
// without a fill says fill="none".
func shapeAttrs(class string, p Paint, closed bool) []string {
	var as []string
	if class != "" {
		as = append(as, attr("class", class))
	}
	if closed {
		fill := p.Fill
		if fill == "" {
			fill = "none"
		}
		as = append(as, attr("fill", fill))
	}
	if p.Stroke != "" {
		as = append(as, attr("stroke", p.Stroke), attr("stroke-width", num(p.Width)))
		if len(p.Dash) > 0 {
			as = append(as, dashAttr(p.Dash))
		}
	}
	return as
}

func textAttrs(t *Text) []string {
	var as []string
	if t.Class != "" {
		as = append(as, attr("class", t.Class))
	}
	switch t.Anchor {
	case AnchorMiddle:
		as = append(as, `text-anchor="middle"`)
	case AnchorEnd:
		as = append(as, `text-anchor="end"`)
	}
	as = append(as, attr("font-size", num(t.Size)))
	if t.Bold {
		as = append(as, `font-weight="bold"`)
	}
	if t.Italic {
		as = append(as, `font-style="italic"`)
	}
	as = append(as, attr("fill", t.Color))
	if t.Rotate != 0 {
		as = append(as, attr("transform", "rotate("+num(t.Rotate)+" "+num(t.X)+" "+num(t.Y)+")"))
	}
	return as
}

// attr returns name="value" with value escaped for an attribute: markup
// characters as entities, characters that XML forbids removed.
func attr(name, value string) string {
	if plain(value) {
		return name + `="` + value + `"`
	}
	return name + `="` + html.EscapeString(xmlSafe(value)) + `"`
}

// plain reports whether s is printable ASCII without markup characters:
// text that needs no escaping.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '<', c == '>', c == '&', c == '"', c == '\'':
			return false
		}
	}
	return true
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

// textEsc escapes text content.
func textEsc(s string) string {
	if plain(s) {
		return s
	}
	return html.EscapeString(xmlSafe(s))
}

// num formats a coordinate (rounded to 0.01).
func num(v float64) string { return strconv.FormatFloat(rnd(v), 'f', -1, 64) }

func dashAttr(d []float64) string {
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = num(v)
	}
	return attr("stroke-dasharray", strings.Join(parts, " "))
}

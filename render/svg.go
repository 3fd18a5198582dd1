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
	w2 := &svgw{c: c}
	for _, it := range l.Items {
		w2.item(it)
	}
	c.End()
}

// svgLayer translates a layer's items once and writes that again for
// every drawing that shares the layer.
func svgLayer(c *svg.SVG, ly *Layer) {
	b := ly.memo(func() []byte {
		var buf bytes.Buffer
		buf.Grow(itemsSizeHint(ly.Items))
		lc := svg.New(&buf)
		lc.Decimals = c.Decimals
		lw := &svgw{c: lc}
		for _, it := range ly.Items {
			lw.item(it)
		}
		return buf.Bytes()
	})
	c.Writer.Write(b)
}

// svgSizeHint estimates the bytes of the SVG document of items, so that
// the buffer grows once.
func svgSizeHint(items []Item) int { return 2048 + itemsSizeHint(items) }

// itemsSizeHint estimates the bytes of the SVG of items; of a layer
// already written, it knows them.
func itemsSizeHint(items []Item) int {
	n := 0
	for _, it := range items {
		if ly, ok := it.(*Layer); ok {
			if k := ly.svgSize.Load(); k > 0 {
				n += int(k)
			} else {
				n += itemsSizeHint(ly.Items)
			}
			continue
		}
		n += 110
	}
	return n
}

// svgw writes items with svgo, building each element's attributes in one
// reused buffer and handing them to svgo as one string.
type svgw struct {
	c *svg.SVG
	a []byte
}

// attr adds name="value", escaped as attr does.
func (w *svgw) attr(name, value string) {
	if len(w.a) > 0 {
		w.a = append(w.a, ' ')
	}
	w.a = append(w.a, name...)
	w.a = append(w.a, '=', '"')
	if plain(value) {
		w.a = append(w.a, value...)
	} else {
		w.a = append(w.a, html.EscapeString(xmlSafe(value))...)
	}
	w.a = append(w.a, '"')
}

// num adds name="v", v rounded to 0.01.
func (w *svgw) num(name string, v float64) {
	if len(w.a) > 0 {
		w.a = append(w.a, ' ')
	}
	w.a = append(w.a, name...)
	w.a = append(w.a, '=', '"')
	w.a = strconv.AppendFloat(w.a, rnd(v), 'f', -1, 64)
	w.a = append(w.a, '"')
}

// take returns the attributes added since the last take.
func (w *svgw) take() string {
	s := string(w.a)
	w.a = w.a[:0]
	return s
}

func (w *svgw) item(it Item) {
	c := w.c
	switch v := it.(type) {
	case *Layer:
		svgLayer(c, v)
	case *Group:
		w.attr("class", v.Class)
		for _, a := range v.Data {
			w.attr("data-"+a.Name, a.Value)
		}
		if v.Opacity > 0 && v.Opacity < 1 {
			w.num("opacity", v.Opacity)
		}
		c.Group(w.take())
		if v.Title != "" {
			io.WriteString(c.Writer, "<title>"+textEsc(v.Title)+"</title>\n")
		}
	case End:
		c.Gend()
	case *Circle:
		w.shape(v.Class, v.Paint, true)
		c.Circle(v.X, v.Y, v.R, w.take())
	case *Line:
		w.shape("", v.Paint, false)
		c.Line(v.X1, v.Y1, v.X2, v.Y2, w.take())
	case *Rect:
		w.shape(v.Class, v.Paint, true)
		if v.Rx > 0 {
			c.Roundrect(v.X, v.Y, v.W, v.H, v.Rx, v.Rx, w.take())
		} else {
			c.Rect(v.X, v.Y, v.W, v.H, w.take())
		}
	case *Polygon:
		xs, ys := make([]float64, len(v.Points)), make([]float64, len(v.Points))
		for i, p := range v.Points {
			xs[i], ys[i] = p.X, p.Y
		}
		w.shape("", v.Paint, true)
		c.Polygon(xs, ys, w.take())
	case *Text:
		w.text(v)
		c.Text(v.X, v.Y, xmlSafe(v.S), w.take())
	}
}

// shape adds a shape's class and paint; a closed shape without a fill
// says fill="none".
func (w *svgw) shape(class string, p Paint, closed bool) {
	if class != "" {
		w.attr("class", class)
	}
	if closed {
		fill := p.Fill
		if fill == "" {
			fill = "none"
		}
		w.attr("fill", fill)
	}
	if p.Stroke != "" {
		w.attr("stroke", p.Stroke)
		w.num("stroke-width", p.Width)
		if len(p.Dash) > 0 {
			parts := make([]string, len(p.Dash))
			for i, v := range p.Dash {
				parts[i] = num(v)
			}
			w.attr("stroke-dasharray", strings.Join(parts, " "))
		}
	}
}

func (w *svgw) text(t *Text) {
	if t.Class != "" {
		w.attr("class", t.Class)
	}
	switch t.Anchor {
	case AnchorMiddle:
		w.attr("text-anchor", "middle")
	case AnchorEnd:
		w.attr("text-anchor", "end")
	}
	w.num("font-size", t.Size)
	if t.Bold {
		w.attr("font-weight", "bold")
	}
	if t.Italic {
		w.attr("font-style", "italic")
	}
	w.attr("fill", t.Color)
	if t.Rotate != 0 {
		w.attr("transform", "rotate("+num(t.Rotate)+" "+num(t.X)+" "+num(t.Y)+")")
	}
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

package render

import (
	"bytes"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// This file is the PDF translator of the draw stage: it draws a List onto a
// page of a PDF with go-pdf/fpdf, as vector paths and real text, and
// decides nothing about the picture. Text is set in the Go fonts the PNG
// is drawn with (font.go), embedded as subsets, so that it prints sharp,
// can be selected and searched; a character the fonts lack is drawn as
// their empty box, as in the PNG, and is still in the text layer. Groups
// only matter for their opacity.

// pdfDoc is a PDF being drawn: pages of A4 or of a List's paper size,
// with the three fonts added on first use.
type pdfDoc struct {
	f     *fpdf.Fpdf
	fonts [3]bool // added, by fontStyle

	// the graphics state last set, so that each is written only when it
	// changes
	fill, stroke, ink string
	width             float64
	dash              string
	alpha             float64
	font              fontStyle
	size              float64
}

// pdfFamily is the family the Go fonts are added under.
const pdfFamily = "go"

// pdfStyles are fpdf's style strings of the three fonts.
var pdfStyles = [3]string{styleRegular: "", styleBold: "B", styleItalic: "I"}

// newPDFDoc starts a document measured in points, with its metadata:
// title, author "Relationskort", language, and created and modified at
// date, so that the same input gives the same bytes. Pages are w × h
// points unless addPage says otherwise.
func newPDFDoc(title, lang string, date time.Time, w, h float64) *pdfDoc {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCatalogSort(true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetTitle(pdfText(title), true)
	f.SetAuthor("Relationskort", true)
	f.SetCreator("Relationskort", true)
	f.SetProducer("Relationskort (go-pdf/fpdf)", true)
	f.SetLang(lang)
	f.SetLineCapStyle("butt")
	f.SetLineJoinStyle("miter")
	return &pdfDoc{f: f, alpha: 1, width: -1, size: -1}
}

// pdfEpoch is the date of a document whose map has none: fixed, so that
// the bytes do not depend on when it is drawn.
var pdfEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// addPage starts a page of w × h points and resets the remembered state,
// which a new page does not carry.
func (d *pdfDoc) addPage(w, h float64) {
	d.f.AddPageFormat("P", fpdf.SizeType{Wd: w, Ht: h}) // "P": w and h as given, "L" would swap them
	d.fill, d.stroke, d.ink, d.dash = "", "", "", ""
	d.width, d.size, d.alpha = -1, -1, 1
	d.f.SetAlpha(1, "Normal")
	d.f.SetLineCapStyle("butt")
}

// output writes the document to w.
func (d *pdfDoc) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// WritePDF writes l as a one-page PDF of its paper size (diagram units
// taken as points when it has none), drawn as vectors with the fonts
// embedded. The same list gives the same bytes.
func (l *List) WritePDF(w io.Writer) error {
	pw, ph := l.Width, l.Height
	switch l.PaperUnit {
	case "mm":
		pw, ph = mmToPt(l.PaperW), mmToPt(l.PaperH)
	case "":
		if l.PaperW > 0 && l.PaperH > 0 {
			pw, ph = l.PaperW, l.PaperH
		}
	}
	d := newPDFDoc(l.Title, l.Lang, pdfEpoch, pw, ph)
	d.addPage(pw, ph)
	d.draw(l, 0, 0, pw, ph)
	return d.output(w)
}

// draw draws l scaled to fit the box (x, y, w, h), in points, keeping its
// proportions: centred across the box, at its top.
func (d *pdfDoc) draw(l *List, x, y, w, h float64) {
	if l.Width <= 0 || l.Height <= 0 {
		return
	}
	s := min(w/l.Width, h/l.Height)
	t := pdfw{d: d, s: s, ox: x + (w-s*l.Width)/2, oy: y}
	opacity := []float64{1}
	for _, it := range l.Flat() {
		d.setAlpha(opacity[len(opacity)-1])
		switch v := it.(type) {
		case *Group:
			o := 1.0
			if v.Opacity > 0 && v.Opacity < 1 {
				o = v.Opacity
			}
			opacity = append(opacity, opacity[len(opacity)-1]*o)
		case End:
			if len(opacity) > 1 {
				opacity = opacity[:len(opacity)-1]
			}
		case *Circle:
			if st := t.paint(v.Paint, true); st != "" {
				d.f.Circle(t.x(v.X), t.y(v.Y), v.R*s, st)
			}
		case *Line:
			if st := t.paint(v.Paint, false); st != "" {
				d.f.Line(t.x(v.X1), t.y(v.Y1), t.x(v.X2), t.y(v.Y2))
			}
		case *Rect:
			st := t.paint(v.Paint, true)
			switch {
			case st == "":
			case v.Rx > 0:
				r := min(v.Rx, v.W/2, v.H/2) * s
				d.f.RoundedRect(t.x(v.X), t.y(v.Y), v.W*s, v.H*s, r, "1234", st)
			default:
				d.f.Rect(t.x(v.X), t.y(v.Y), v.W*s, v.H*s, st)
			}
		case *Polygon:
			if len(v.Points) < 3 {
				continue
			}
			if st := t.paint(Paint{Fill: v.Paint.Fill}, true); st != "" {
				pts := make([]fpdf.PointType, len(v.Points))
				for i, p := range v.Points {
					pts[i] = fpdf.PointType{X: t.x(p.X), Y: t.y(p.Y)}
				}
				d.f.Polygon(pts, st)
			}
		case *Text:
			t.text(v)
		}
	}
	d.setAlpha(1)
}

// pdfw maps one List's diagram units onto the page: a point (x, y) is
// drawn at (ox + s·x, oy + s·y) points.
type pdfw struct {
	d      *pdfDoc
	s      float64
	ox, oy float64
}

func (t pdfw) x(x float64) float64 { return t.ox + t.s*x }
func (t pdfw) y(y float64) float64 { return t.oy + t.s*y }

// paint sets the colours, width and dash of p and returns fpdf's style
// string: "F" fill, "D" outline, "FD" both, "" nothing to draw.
func (t pdfw) paint(p Paint, closed bool) string {
	d, st := t.d, ""
	if closed && p.Fill != "" {
		if p.Fill != d.fill {
			c := parseHex(p.Fill)
			d.f.SetFillColor(int(c.R), int(c.G), int(c.B))
			d.fill = p.Fill
		}
		st = "F"
	}
	if p.Stroke != "" && p.Width > 0 {
		if p.Stroke != d.stroke {
			c := parseHex(p.Stroke)
			d.f.SetDrawColor(int(c.R), int(c.G), int(c.B))
			d.stroke = p.Stroke
		}
		if w := p.Width * t.s; w != d.width {
			d.f.SetLineWidth(w)
			d.width = w
		}
		var key strings.Builder
		dash := make([]float64, len(p.Dash))
		for i, v := range p.Dash {
			dash[i] = v * t.s
			key.WriteString(num(dash[i] * 100))
			key.WriteByte(' ')
		}
		if k := key.String(); k != d.dash {
			d.f.SetDashPattern(dash, 0)
			d.dash = k
		}
		st += "D"
	}
	return st
}

// text sets a line of text in the Go font of its style, anchored and
// rotated as the list says.
func (t pdfw) text(v *Text) {
	d := t.d
	size := v.Size * t.s
	if v.S == "" || v.Color == "" || size <= 0 {
		return
	}
	s := pdfText(v.S)
	d.setFont(styleOf(v.Bold, v.Italic), size)
	if v.Color != d.ink {
		c := parseHex(v.Color)
		d.f.SetTextColor(int(c.R), int(c.G), int(c.B))
		d.ink = v.Color
	}
	x, y := t.x(v.X), t.y(v.Y)
	dx := 0.0
	switch v.Anchor {
	case AnchorMiddle:
		dx = -d.f.GetStringWidth(s) / 2
	case AnchorEnd:
		dx = -d.f.GetStringWidth(s)
	}
	if v.Rotate != 0 {
		d.f.TransformBegin()
		d.f.TransformRotate(-v.Rotate, x, y) // fpdf turns counter-clockwise
		d.f.Text(x+dx, y, s)
		d.f.TransformEnd()
		return
	}
	d.f.Text(x+dx, y, s)
}

// setFont selects a font and size, adding the font to the document on
// its first use: a document embeds only the fonts it uses.
func (d *pdfDoc) setFont(st fontStyle, size float64) {
	if !d.fonts[st] {
		d.f.AddUTF8FontFromBytes(pdfFamily, pdfStyles[st], fontData[st])
		d.fonts[st] = true
		d.size = -1
	}
	if st != d.font || d.size < 0 {
		d.f.SetFont(pdfFamily, pdfStyles[st], size)
		d.font, d.size = st, size
		return
	}
	if size != d.size {
		d.f.SetFontSize(size)
		d.size = size
	}
}

func (d *pdfDoc) setAlpha(a float64) {
	if a != d.alpha {
		d.f.SetAlpha(a, "Normal")
		d.alpha = a
	}
}

// pdfText makes s safe for fpdf's UTF-8 fonts, which cover the Basic
// Multilingual Plane only (a character beyond it, such as an emoji, makes
// fpdf fail): such characters and invalid bytes become U+FFFD, control
// characters are dropped. Everything else stays, so that it can be found.
func pdfText(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if r > 0xFFFF || unicode.IsControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		case unicode.IsControl(r):
		default:
			b.WriteRune(r) // invalid bytes arrive as U+FFFD
		}
	}
	return b.String()
}

// mmToPt converts millimetres to points.
func mmToPt(mm float64) float64 { return mm / 25.4 * 72 }

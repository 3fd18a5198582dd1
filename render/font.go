package render

import (
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Text is measured with the Go fonts, the fonts the PNG is drawn with. The
// SVG names a font stack instead (viewers offline have no Go font), so
// widths are measured with a margin (widthSlack) that covers the wider
// fonts of the stack, such as DejaVu Sans. The Go fonts have no kerning, so
// a text's width is the sum of its letters' advances.
const (
	fontStack  = "'Go', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
	widthSlack = 1.12
)

// fontStyle picks one of the three fonts.
type fontStyle uint8

const (
	styleRegular fontStyle = iota
	styleBold
	styleItalic
)

func styleOf(bold, italic bool) fontStyle {
	switch {
	case bold:
		return styleBold
	case italic:
		return styleItalic
	}
	return styleRegular
}

// advanceTable covers the runes whose advances are in the table
// (advances.go), generated from the fonts: Latin with its accents, nearly
// all text drawn. Measuring them needs no font, so that drawing an SVG
// parses none; the fonts are parsed on first use, for the PNG's glyphs and
// the advances of other runes.
const advanceTable = 0x250

// advanceUnit is the table's unit: advances are read at 100 px to 1/64
// px, as the first release measured, so they are whole 1/6400 ems.
const advanceUnit = 6400

// face is a parsed font. It never changes after loading, so it is shared
// by every Renderer.
type face struct {
	f    *sfnt.Font
	upem fixed.Int26_6 // units per em, as a ppem that reads outlines in font units
}

var (
	fontData = [3][]byte{goregular.TTF, gobold.TTF, goitalic.TTF}
	faces    = [3]func() *face{
		sync.OnceValue(func() *face { return loadFace(fontData[styleRegular]) }),
		sync.OnceValue(func() *face { return loadFace(fontData[styleBold]) }),
		sync.OnceValue(func() *face { return loadFace(fontData[styleItalic]) }),
	}
)

func faceOf(st fontStyle) *face { return faces[st]() }

func loadFace(ttf []byte) *face {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("parse embedded Go font: " + err.Error()) // never fails
	}
	return &face{f: f, upem: fixed.Int26_6(f.UnitsPerEm()) << 6}
}

// measurePPEM is the size at which advances are read, in 26.6 pixels per
// em.
const measurePPEM = fixed.Int26_6(100 << 6)

// advance reads the advance of r from the font, in ems.
func (fc *face) advance(b *sfnt.Buffer, r rune) float64 {
	gi, err := fc.f.GlyphIndex(b, r)
	if err != nil {
		return 0
	}
	a, err := fc.f.GlyphAdvance(b, gi, measurePPEM, font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(a) / float64(measurePPEM)
}

// runeWidth is the advance of r in ems in the font of style st. The Go
// fonts' hyphen-minus is wider than an en dash; the table gives it
// hyphenAdvance, about the hyphen of the SVG's font stack, which the PNG
// draws (rastext.go).
func runeWidth(st fontStyle, r rune) float64 {
	if r >= 0 && r < advanceTable {
		return float64(advances[st][r]) / advanceUnit
	}
	return faceOf(st).advance(new(sfnt.Buffer), r)
}

// emWidth is the advance width of s in ems, without slack.
func emWidth(st fontStyle, s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(st, r)
	}
	return w
}

// textWidth is the width of s at the given size, with widthSlack: what the
// layout reserves for it.
func textWidth(s string, size float64, bold bool) float64 {
	return emWidth(styleOf(bold, false), s) * size * widthSlack
}

// styledWidth is textWidth for any of the three fonts.
func styledWidth(s string, size float64, st fontStyle) float64 {
	return emWidth(st, s) * size * widthSlack
}

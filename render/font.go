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

// advanceTable covers the runes whose advances are read once, when the
// font is loaded: Latin with its accents, which is nearly all text drawn.
const advanceTable = 0x250

// face is a parsed font and the advances of its common letters, in ems.
// It never changes after loading, so it is shared by every Renderer.
type face struct {
	f    *sfnt.Font
	upem fixed.Int26_6 // units per em, as a ppem that reads outlines in font units
	adv  [advanceTable]float32
}

// The fonts are parsed on first use, not at package initialisation, so
// that a process which draws nothing pays nothing.
var faces = [3]func() *face{
	sync.OnceValue(func() *face { return loadFace(goregular.TTF) }),
	sync.OnceValue(func() *face { return loadFace(gobold.TTF) }),
	sync.OnceValue(func() *face { return loadFace(goitalic.TTF) }),
}

func faceOf(st fontStyle) *face { return faces[st]() }

func loadFace(ttf []byte) *face {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("parse embedded Go font: " + err.Error()) // never fails
	}
	fc := &face{f: f, upem: fixed.Int26_6(f.UnitsPerEm()) << 6}
	var b sfnt.Buffer
	for r := rune(0); r < advanceTable; r++ {
		fc.adv[r] = float32(fc.advance(&b, r))
	}
	// The Go fonts' hyphen-minus is wider than an en dash; the fonts of
	// the SVG's stack and the PNG (see rastext.go) use a hyphen of about
	// this width.
	fc.adv['-'] = hyphenAdvance
	return fc
}

// measurePPEM is the size at which advances are read, in 26.6 pixels per
// em: at 100 px, to 1/64 px, as the first release measured.
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

// width is the advance width of s in ems, without slack.
func (fc *face) width(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += fc.runeWidth(r)
	}
	return w
}

// runeWidth is the advance of r in ems.
func (fc *face) runeWidth(r rune) float64 {
	if r >= 0 && r < advanceTable {
		return float64(fc.adv[r])
	}
	return fc.advance(new(sfnt.Buffer), r)
}

// textWidth is the width of s at the given size, with widthSlack: what the
// layout reserves for it.
func textWidth(s string, size float64, bold bool) float64 {
	return faceOf(styleOf(bold, false)).width(s) * size * widthSlack
}

// styledWidth is textWidth for any of the three fonts.
func styledWidth(s string, size float64, st fontStyle) float64 {
	return faceOf(st).width(s) * size * widthSlack
}

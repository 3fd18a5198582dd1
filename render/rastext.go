package render

import (
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The Go fonts draw the hyphen-minus as a bar as long as an en dash, so
// the PNG draws a hyphen of its own: a short bar at the height of the
// font's, in an advance of hyphenAdvance (which measuring uses too).
const (
	hyphenAdvance = 0.36 // in ems
	hyphenX0      = 0.05
	hyphenX1      = 0.31
	hyphenY0      = 0.330 // top, above the baseline
	hyphenY1      = 0.252 // bottom
)

// text draws a line of text from the glyphs' outlines, so that it can be
// drawn at any size and angle; text smaller than a pixel is not drawn.
func (r *raster) text(t *Text) {
	if t.S == "" || t.Size*r.s < 1 || t.Color == "" {
		return
	}
	st := styleOf(t.Bold, t.Italic)
	fc := faceOf(st)
	em := t.Size
	w := emWidth(st, t.S) * em
	dx := 0.0
	switch t.Anchor {
	case AnchorMiddle:
		dx = -w / 2
	case AnchorEnd:
		dx = -w
	}
	sin, cos := math.Sincos(t.Rotate * math.Pi / 180)
	// at maps a point given relative to the text's anchor, in ems along
	// and below the baseline, to the canvas
	at := func(u, v float64) (float64, float64) {
		u, v = dx+u*em, v*em
		return t.X + u*cos - v*sin, t.Y + u*sin + v*cos
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [4][2]float64{{0, -1.1}, {w / em, -1.1}, {0, 0.4}, {w / em, 0.4}} {
		x, y := at(c[0], c[1])
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	r.fill(x0, y0, x1, y1, t.Color, func(p pen) {
		r.glyphs(p, fc, st, t, at)
	})
}

// glyphs adds the outline of every letter of t to p.
func (r *raster) glyphs(p pen, fc *face, st fontStyle, t *Text, at func(u, v float64) (float64, float64)) {
	thick := 0.0
	if t.Bold {
		thick = 0.012
	}
	u := 0.0 // the pen, in ems
	upem := float64(fc.upem)
	for _, ch := range t.S {
		adv := runeWidth(st, ch)
		if ch == '-' {
			quad(p, at, u+hyphenX0, -hyphenY0-thick, u+hyphenX1, -hyphenY1+thick)
			u += adv
			continue
		}
		gi, err := fc.f.GlyphIndex(&r.buf, ch)
		if err != nil {
			u += adv
			continue
		}
		segs, err := fc.f.LoadGlyph(&r.buf, gi, fc.upem, nil)
		if err != nil {
			u += adv
			continue
		}
		pt := func(q fixed.Point26_6) (float64, float64) {
			return at(u+float64(q.X)/upem, float64(q.Y)/upem)
		}
		glyphPath(p, segs, pt)
		u += adv
	}
}

// glyphPath adds one glyph's segments, mapped by pt.
func glyphPath(p pen, segs sfnt.Segments, pt func(fixed.Point26_6) (float64, float64)) {
	open := false
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				p.z.ClosePath()
			}
			p.moveTo(pt(s.Args[0]))
			open = true
		case sfnt.SegmentOpLineTo:
			p.lineTo(pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			ax, ay := pt(s.Args[0])
			x, y := pt(s.Args[1])
			p.quadTo(ax, ay, x, y)
		case sfnt.SegmentOpCubeTo:
			ax, ay := pt(s.Args[0])
			bx, by := pt(s.Args[1])
			x, y := pt(s.Args[2])
			p.cubeTo(ax, ay, bx, by, x, y)
		}
	}
	if open {
		p.z.ClosePath()
	}
}

// quad adds the box (u0, v0)–(u1, v1), in ems about the text's anchor.
func quad(p pen, at func(u, v float64) (float64, float64), u0, v0, u1, v1 float64) {
	p.moveTo(at(u0, v0))
	p.lineTo(at(u1, v0))
	p.lineTo(at(u1, v1))
	p.lineTo(at(u0, v1))
	p.z.ClosePath()
}

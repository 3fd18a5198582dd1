package render

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
)

// This file is the PNG translator of the draw stage: it rasterises a List
// with x/image/vector, item by item in the list's order, and decides
// nothing about the picture. Groups only matter for their opacity.

// maxPNGWidth is the widest PNG drawn: a map on a grown canvas is drawn
// scaled down to it.
const maxPNGWidth = 4096

// WritePNG draws l at one pixel per diagram unit, at most maxPNGWidth
// pixels wide, and writes it as PNG; it returns w's error.
func (l *List) WritePNG(w io.Writer) error {
	scale := 1.0
	if l.Width > maxPNGWidth {
		scale = maxPNGWidth / l.Width
	}
	img := rasterize(l, scale)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// rasterize draws l into an image at scale pixels per diagram unit, on
// white.
func rasterize(l *List, scale float64) *image.RGBA {
	W, H := int(math.Ceil(l.Width*scale)), int(math.Ceil(l.Height*scale))
	r := newRaster(W, H, scale)
	draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
	opacity := []float64{1}
	for _, it := range l.Flat() {
		r.alpha = opacity[len(opacity)-1]
		switch v := it.(type) {
		case *Group:
			o := 1.0
			if v.Opacity > 0 && v.Opacity < 1 {
				o = v.Opacity
			}
			opacity = append(opacity, r.alpha*o)
		case End:
			if len(opacity) > 1 {
				opacity = opacity[:len(opacity)-1]
			}
		case *Circle:
			r.circle(v)
		case *Line:
			r.line(v.X1, v.Y1, v.X2, v.Y2, v.Paint.Width, v.Paint.Dash, v.Paint.Stroke)
		case *Rect:
			r.rect(v)
		case *Polygon:
			r.polygon(v.Points, v.Paint.Fill)
		case *Text:
			r.text(v)
		}
	}
	return r.img
}

// parseHex reads "#rrggbb"; anything else is black.
func parseHex(s string) color.RGBA {
	if len(s) == 7 && s[0] == '#' {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
		}
	}
	return color.RGBA{0, 0, 0, 0xff}
}

package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/vector"
)

// raster draws shapes and text into an image: the primitives of the PNG
// translator. Coordinates are in diagram units; s is pixels per unit.
type raster struct {
	img   *image.RGBA
	s     float64
	alpha float64 // opacity of what is drawn now
	z     vector.Rasterizer
	src   image.Uniform // the colour being drawn
	buf   sfnt.Buffer
}

func newRaster(w, h int, s float64) *raster {
	return &raster{img: image.NewRGBA(image.Rect(0, 0, w, h)), s: s, alpha: 1}
}

// pen adds path segments, given in diagram units, to a rasteriser whose
// origin is at the pixel (ox, oy).
type pen struct {
	z      *vector.Rasterizer
	s      float64
	ox, oy float64
}

func (p pen) pt(x, y float64) (float32, float32) {
	return float32(x*p.s - p.ox), float32(y*p.s - p.oy)
}
func (p pen) moveTo(x, y float64) { p.z.MoveTo(p.pt(x, y)) }
func (p pen) lineTo(x, y float64) { p.z.LineTo(p.pt(x, y)) }
func (p pen) cubeTo(ax, ay, bx, by, x, y float64) {
	x1, y1 := p.pt(ax, ay)
	x2, y2 := p.pt(bx, by)
	x3, y3 := p.pt(x, y)
	p.z.CubeTo(x1, y1, x2, y2, x3, y3)
}
func (p pen) quadTo(ax, ay, x, y float64) {
	x1, y1 := p.pt(ax, ay)
	x2, y2 := p.pt(x, y)
	p.z.QuadTo(x1, y1, x2, y2)
}

// fill rasterises the path that build draws, which lies inside the box
// (x0, y0)–(x1, y1); only that box of the image is touched. Overlapping
// parts of a path fill once; parts drawn in opposite directions cancel.
func (r *raster) fill(x0, y0, x1, y1 float64, col string, build func(p pen)) {
	if col == "" {
		return
	}
	b := image.Rect(int(math.Floor(x0*r.s))-1, int(math.Floor(y0*r.s))-1, int(math.Ceil(x1*r.s))+1, int(math.Ceil(y1*r.s))+1)
	b = b.Intersect(r.img.Bounds())
	if b.Empty() {
		return
	}
	r.z.Reset(b.Dx(), b.Dy())
	build(pen{&r.z, r.s, float64(b.Min.X), float64(b.Min.Y)})
	c := parseHex(col)
	r.src.C = color.NRGBA{c.R, c.G, c.B, uint8(math.Round(255 * r.alpha))}
	r.z.Draw(r.img, b, &r.src, image.Point{})
}

// kappa places the control points of a cubic Bézier that draws a quarter
// circle.
const kappa = 0.5522847498

// circlePath adds a circle, clockwise or (reverse) not.
func circlePath(p pen, cx, cy, rad float64, reverse bool) {
	k := kappa * rad
	if reverse {
		p.moveTo(cx+rad, cy)
		p.cubeTo(cx+rad, cy-k, cx+k, cy-rad, cx, cy-rad)
		p.cubeTo(cx-k, cy-rad, cx-rad, cy-k, cx-rad, cy)
		p.cubeTo(cx-rad, cy+k, cx-k, cy+rad, cx, cy+rad)
		p.cubeTo(cx+k, cy+rad, cx+rad, cy+k, cx+rad, cy)
	} else {
		p.moveTo(cx+rad, cy)
		p.cubeTo(cx+rad, cy+k, cx+k, cy+rad, cx, cy+rad)
		p.cubeTo(cx-k, cy+rad, cx-rad, cy+k, cx-rad, cy)
		p.cubeTo(cx-rad, cy-k, cx-k, cy-rad, cx, cy-rad)
		p.cubeTo(cx+k, cy-rad, cx+rad, cy-k, cx+rad, cy)
	}
	p.z.ClosePath()
}

// roundRectPath adds a rectangle with corners rounded by rx, clockwise or
// not.
func roundRectPath(p pen, x, y, w, h, rx float64, reverse bool) {
	rx = max(0, min(rx, w/2, h/2))
	k := kappa * rx
	x1, y1 := x+w, y+h
	if !reverse {
		p.moveTo(x+rx, y)
		p.lineTo(x1-rx, y)
		p.cubeTo(x1-rx+k, y, x1, y+rx-k, x1, y+rx)
		p.lineTo(x1, y1-rx)
		p.cubeTo(x1, y1-rx+k, x1-rx+k, y1, x1-rx, y1)
		p.lineTo(x+rx, y1)
		p.cubeTo(x+rx-k, y1, x, y1-rx+k, x, y1-rx)
		p.lineTo(x, y+rx)
		p.cubeTo(x, y+rx-k, x+rx-k, y, x+rx, y)
	} else {
		p.moveTo(x+rx, y)
		p.cubeTo(x+rx-k, y, x, y+rx-k, x, y+rx)
		p.lineTo(x, y1-rx)
		p.cubeTo(x, y1-rx+k, x+rx-k, y1, x+rx, y1)
		p.lineTo(x1-rx, y1)
		p.cubeTo(x1-rx+k, y1, x1, y1-rx+k, x1, y1-rx)
		p.lineTo(x1, y+rx)
		p.cubeTo(x1, y+rx-k, x1-rx+k, y, x1-rx, y)
	}
	p.z.ClosePath()
}

func (r *raster) circle(c *Circle) {
	if c.Paint.Fill != "" {
		r.fill(c.X-c.R, c.Y-c.R, c.X+c.R, c.Y+c.R, c.Paint.Fill, func(p pen) {
			circlePath(p, c.X, c.Y, c.R, false)
		})
	}
	if c.Paint.Stroke == "" || c.Paint.Width <= 0 {
		return
	}
	if len(c.Paint.Dash) > 0 {
		n := max(16, int(2*math.Pi*c.R/2))
		pts := make([]Point, n)
		for i := range pts {
			a := 2 * math.Pi * float64(i) / float64(n)
			pts[i] = Point{c.X + c.R*math.Cos(a), c.Y + c.R*math.Sin(a)}
		}
		r.dashed(pts, true, c.Paint.Width, c.Paint.Dash, c.Paint.Stroke)
		return
	}
	o, w := c.R+c.Paint.Width/2, c.Paint.Width
	r.fill(c.X-o, c.Y-o, c.X+o, c.Y+o, c.Paint.Stroke, func(p pen) {
		circlePath(p, c.X, c.Y, o, false)
		circlePath(p, c.X, c.Y, max(c.R-w/2, 0), true)
	})
}

func (r *raster) rect(v *Rect) {
	if v.Paint.Fill != "" && v.Rx == 0 {
		// square corners: whole pixels, without the rasteriser, whose
		// buffers would be as large as the rectangle
		b := image.Rect(int(math.Round(v.X*r.s)), int(math.Round(v.Y*r.s)), int(math.Round((v.X+v.W)*r.s)), int(math.Round((v.Y+v.H)*r.s)))
		c := parseHex(v.Paint.Fill)
		r.src.C = color.NRGBA{c.R, c.G, c.B, uint8(math.Round(255 * r.alpha))}
		draw.Draw(r.img, b.Intersect(r.img.Bounds()), &r.src, image.Point{}, draw.Over)
	} else if v.Paint.Fill != "" {
		r.fill(v.X, v.Y, v.X+v.W, v.Y+v.H, v.Paint.Fill, func(p pen) {
			roundRectPath(p, v.X, v.Y, v.W, v.H, v.Rx, false)
		})
	}
	if v.Paint.Stroke == "" || v.Paint.Width <= 0 {
		return
	}
	w := v.Paint.Width
	if len(v.Paint.Dash) > 0 {
		pts := []Point{{v.X, v.Y}, {v.X + v.W, v.Y}, {v.X + v.W, v.Y + v.H}, {v.X, v.Y + v.H}}
		r.dashed(pts, true, w, v.Paint.Dash, v.Paint.Stroke)
		return
	}
	r.fill(v.X-w, v.Y-w, v.X+v.W+w, v.Y+v.H+w, v.Paint.Stroke, func(p pen) {
		roundRectPath(p, v.X-w/2, v.Y-w/2, v.W+w, v.H+w, v.Rx+w/2, false)
		if v.W > w && v.H > w {
			roundRectPath(p, v.X+w/2, v.Y+w/2, v.W-w, v.H-w, max(v.Rx-w/2, 0), true)
		}
	})
}

// line strokes a straight line of width w with butt ends, dashed when dash
// is not empty.
func (r *raster) line(x1, y1, x2, y2, w float64, dash []float64, col string) {
	if len(dash) == 0 {
		r.segment(x1, y1, x2, y2, w, col)
		return
	}
	r.dashed([]Point{{x1, y1}, {x2, y2}}, false, w, dash, col)
}

// dashed strokes the polyline pts (closed or not) with the dash pattern,
// the pattern running on across corners.
func (r *raster) dashed(pts []Point, closed bool, w float64, dash []float64, col string) {
	if closed {
		pts = append(pts[:len(pts):len(pts)], pts[0])
	}
	// dashes finer than a pixel or two cannot be seen: draw the line
	// solid, as faint as the share of it the dashes cover
	period, onLen := 0.0, 0.0
	for i, d := range dash {
		period += d
		if i%2 == 0 {
			onLen += d
		}
	}
	if period*r.s < 2 {
		alpha := r.alpha
		r.alpha *= onLen / period
		for i := 1; i < len(pts); i++ {
			r.segment(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y, w, col)
		}
		r.alpha = alpha
		return
	}
	di, on, left := 0, true, dash[0]
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		seg := math.Hypot(b.X-a.X, b.Y-a.Y)
		for t := 0.0; t < seg; {
			step := min(left, seg-t)
			if on {
				f0, f1 := t/seg, (t+step)/seg
				r.segment(a.X+(b.X-a.X)*f0, a.Y+(b.Y-a.Y)*f0, a.X+(b.X-a.X)*f1, a.Y+(b.Y-a.Y)*f1, w, col)
			}
			t += step
			left -= step
			if left <= 1e-9 {
				di = (di + 1) % len(dash)
				left = max(dash[di], 0.1)
				on = !on
			}
		}
	}
}

// pieceLen is the longest piece, in pixels, a line is rasterised in: the
// rasteriser's work grows with the area of a piece's bounding box, which
// for a long diagonal line is most of the image.
const pieceLen = 48.0

// segment strokes a straight piece of line of width w with butt ends.
// Long lines go in pieces that overlap by a pixel, so that no seam shows.
func (r *raster) segment(x1, y1, x2, y2, w float64, col string) {
	l := math.Hypot(x2-x1, y2-y1)
	if l == 0 || w <= 0 {
		return
	}
	if n := math.Ceil(l * r.s / pieceLen); n > 1 {
		ux, uy := (x2-x1)/l, (y2-y1)/l
		step, lap := l/n, 1/r.s
		for k := 0.0; k < n; k++ {
			a, b := k*step, min((k+1)*step+lap, l)
			r.piece(x1+ux*a, y1+uy*a, x1+ux*b, y1+uy*b, w, col, ux, uy)
		}
		return
	}
	r.piece(x1, y1, x2, y2, w, col, (x2-x1)/l, (y2-y1)/l)
}

// piece fills the quad of a line piece along the unit vector (ux, uy).
func (r *raster) piece(x1, y1, x2, y2, w float64, col string, ux, uy float64) {
	nx, ny := -uy*w/2, ux*w/2
	r.fill(min(x1, x2)-w, min(y1, y2)-w, max(x1, x2)+w, max(y1, y2)+w, col, func(p pen) {
		p.moveTo(x1+nx, y1+ny)
		p.lineTo(x2+nx, y2+ny)
		p.lineTo(x2-nx, y2-ny)
		p.lineTo(x1-nx, y1-ny)
		p.z.ClosePath()
	})
}

// polygon fills a closed polygon.
func (r *raster) polygon(pts []Point, col string) {
	if len(pts) < 3 {
		return
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range pts {
		x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
	}
	r.fill(x0, y0, x1, y1, col, func(p pen) {
		p.moveTo(pts[0].X, pts[0].Y)
		for _, q := range pts[1:] {
			p.lineTo(q.X, q.Y)
		}
		p.z.ClosePath()
	})
}

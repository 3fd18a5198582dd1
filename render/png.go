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
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/relationskort/relationskort/graph"
)

// maxPNGWidth is the widest PNG drawn: a map on a grown canvas (see
// minScale) is drawn scaled down to it.
const maxPNGWidth = 4096

// PNG writes the map as a PNG image drawn from the same Layout as SVG, at
// one pixel per diagram unit (1920 × 1080 for the screen format) up to
// maxPNGWidth pixels wide, with the Go fonts. It returns an error unwrapping to graph.ErrInvalid for a bad
// option, or the error of w.
func PNG(w io.Writer, m *graph.Map, opt Options) error {
	g, err := Compose(m, opt)
	if err != nil {
		return err
	}
	scale := 1.0
	if g.Width > maxPNGWidth {
		scale = maxPNGWidth / g.Width
	}
	img := Raster(g, scale)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// Raster draws g into an image at scale pixels per diagram unit.
func Raster(g *Geometry, scale float64) *image.RGBA {
	W, H := int(math.Ceil(g.Width*scale)), int(math.Ceil(g.Height*scale))
	r := &raster{img: image.NewRGBA(image.Rect(0, 0, W, H)), s: scale}
	draw.Draw(r.img, r.img.Bounds(), image.NewUniform(parseHex(g.Paper)), image.Point{}, draw.Src)

	for _, ru := range g.Rules {
		r.line(ru.X1, ru.Y1, ru.X2, ru.Y2, ru.Width, nil, ru.Color)
	}
	for _, sw := range g.Swatches {
		switch sw.Kind {
		case "line":
			r.line(sw.X1, sw.Y1, sw.X2, sw.Y2, sw.Width, sw.Dash, sw.Color)
			if sw.BadgeR > 0 {
				r.badge((sw.X1+sw.X2)/2, sw.Y1, sw.BadgeR, sw.Color, sw.BadgeTextColor, sw.BadgeFontSize, sw.BadgeText)
			}
		case "circle":
			r.disc(sw.CX, sw.CY, sw.R, sw.Fill)
			r.ring(sw.CX, sw.CY, sw.R, sw.StrokeWidth, sw.Color)
		}
	}
	for _, t := range g.Texts {
		r.text(t.Text, t.X, t.Y, t.Size, t.Bold, t.Color, t.Anchor)
	}
	if mid := g.Middle; mid != nil {
		r.dashedRing(mid.X, mid.Y, mid.R, 2, []float64{6, 6}, mid.Stroke)
		r.block(mid.Text)
	}
	for _, gh := range g.Ghosts {
		r.line(gh.X1, gh.Y1, gh.X2, gh.Y2, gh.Width, gh.Dash, gh.Color)
	}
	rel := func(x RelationShape) {
		r.line(x.X1, x.Y1, x.X2, x.Y2, x.Width, x.Dash, x.Color)
	}
	for _, x := range g.Relations {
		if x.Rating != graph.Low {
			rel(x)
		}
	}
	for _, f := range g.Functions {
		r.disc(f.X, f.Y, f.R, f.Fill)
		r.ring(f.X, f.Y, f.R, f.StrokeWidth, f.Stroke)
		r.block(f.Text)
	}
	for _, x := range g.Relations {
		if x.Rating == graph.Low {
			rel(x)
		}
	}
	for _, x := range g.Relations {
		if x.BadgeR > 0 {
			r.badge(x.BadgeX, x.BadgeY, x.BadgeR, x.Color, x.BadgeTextColor, x.BadgeFontSize, x.BadgeText)
		}
	}
	for _, mk := range g.Markers {
		r.marker(mk)
	}
	return r.img
}

type raster struct {
	img *image.RGBA
	s   float64
	z   vector.Rasterizer
}

func parseHex(s string) color.RGBA {
	if len(s) == 7 && s[0] == '#' {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
		}
	}
	return color.RGBA{0, 0, 0, 0xff}
}

// fill rasterises the path drawn by build, which lies inside the box
// (x0, y0)–(x1, y1) in diagram units; only that box of the image is touched.
func (r *raster) fill(x0, y0, x1, y1 float64, col string, build func(z *vector.Rasterizer, ox, oy float64)) {
	b := image.Rect(int(math.Floor(x0*r.s))-1, int(math.Floor(y0*r.s))-1, int(math.Ceil(x1*r.s))+1, int(math.Ceil(y1*r.s))+1)
	b = b.Intersect(r.img.Bounds())
	if b.Empty() {
		return
	}
	r.z.Reset(b.Dx(), b.Dy())
	build(&r.z, float64(b.Min.X), float64(b.Min.Y))
	r.z.Draw(r.img, b, image.NewUniform(parseHex(col)), image.Point{})
}

// circlePath adds a circle (four cubic Béziers) in pixels, clockwise or not.
func circlePath(z *vector.Rasterizer, cx, cy, rad float64, reverse bool) {
	const k = 0.5522847498
	pt := func(x, y float64) (float32, float32) { return float32(cx + x), float32(cy + y) }
	type seg struct{ c1x, c1y, c2x, c2y, x, y float64 }
	segs := []seg{
		{rad, k * rad, k * rad, rad, 0, rad},
		{-k * rad, rad, -rad, k * rad, -rad, 0},
		{-rad, -k * rad, -k * rad, -rad, 0, -rad},
		{k * rad, -rad, rad, -k * rad, rad, 0},
	}
	if reverse {
		segs = []seg{
			{rad, -k * rad, k * rad, -rad, 0, -rad},
			{-k * rad, -rad, -rad, -k * rad, -rad, 0},
			{-rad, k * rad, -k * rad, rad, 0, rad},
			{k * rad, rad, rad, k * rad, rad, 0},
		}
	}
	z.MoveTo(pt(rad, 0))
	for _, s := range segs {
		ax, ay := pt(s.c1x, s.c1y)
		bx, by := pt(s.c2x, s.c2y)
		x, y := pt(s.x, s.y)
		z.CubeTo(ax, ay, bx, by, x, y)
	}
	z.ClosePath()
}

func (r *raster) disc(cx, cy, rad float64, col string) {
	r.fill(cx-rad, cy-rad, cx+rad, cy+rad, col, func(z *vector.Rasterizer, ox, oy float64) {
		circlePath(z, cx*r.s-ox, cy*r.s-oy, rad*r.s, false)
	})
}

// ring strokes a circle's outline of width w, centred on the outline.
func (r *raster) ring(cx, cy, rad, w float64, col string) {
	o := rad + w/2
	r.fill(cx-o, cy-o, cx+o, cy+o, col, func(z *vector.Rasterizer, ox, oy float64) {
		circlePath(z, cx*r.s-ox, cy*r.s-oy, o*r.s, false)
		circlePath(z, cx*r.s-ox, cy*r.s-oy, max(rad-w/2, 0)*r.s, true)
	})
}

func (r *raster) dashedRing(cx, cy, rad, w float64, dash []float64, col string) {
	circ := 2 * math.Pi * rad
	steps := int(circ / 2)
	var pts [][2]float64
	for i := 0; i <= steps; i++ {
		a := 2 * math.Pi * float64(i) / float64(steps)
		pts = append(pts, [2]float64{cx + rad*math.Cos(a), cy + rad*math.Sin(a)})
	}
	// walk the polygon, drawing the "on" parts of the dash pattern
	pos, di, on := 0.0, 0, true
	left := dash[0]
	for i := 1; i < len(pts); i++ {
		x0, y0 := pts[i-1][0], pts[i-1][1]
		x1, y1 := pts[i][0], pts[i][1]
		seg := math.Hypot(x1-x0, y1-y0)
		t := 0.0
		for t < seg {
			step := min(left, seg-t)
			if on {
				f0, f1 := t/seg, (t+step)/seg
				r.line(x0+(x1-x0)*f0, y0+(y1-y0)*f0, x0+(x1-x0)*f1, y0+(y1-y0)*f1, w, nil, col)
			}
			t += step
			left -= step
			if left <= 1e-9 {
				di = (di + 1) % len(dash)
				left = dash[di]
				on = !on
			}
		}
		pos += seg
	}
}

// line strokes a straight line of width w with butt ends, dashed when dash
// is not empty.
func (r *raster) line(x1, y1, x2, y2, w float64, dash []float64, col string) {
	if len(dash) == 0 {
		r.segment(x1, y1, x2, y2, w, col)
		return
	}
	l := math.Hypot(x2-x1, y2-y1)
	if l == 0 {
		return
	}
	ux, uy := (x2-x1)/l, (y2-y1)/l
	t, i := 0.0, 0
	for t < l {
		d := dash[i%len(dash)]
		if i%2 == 0 {
			e := min(t+d, l)
			r.segment(x1+ux*t, y1+uy*t, x1+ux*e, y1+uy*e, w, col)
		}
		t += d
		i++
	}
}

func (r *raster) segment(x1, y1, x2, y2, w float64, col string) {
	l := math.Hypot(x2-x1, y2-y1)
	if l == 0 {
		return
	}
	nx, ny := -(y2-y1)/l*w/2, (x2-x1)/l*w/2
	r.fill(min(x1, x2)-w, min(y1, y2)-w, max(x1, x2)+w, max(y1, y2)+w, col, func(z *vector.Rasterizer, ox, oy float64) {
		p := func(x, y float64) (float32, float32) { return float32(x*r.s - ox), float32(y*r.s - oy) }
		z.MoveTo(p(x1+nx, y1+ny))
		z.LineTo(p(x2+nx, y2+ny))
		z.LineTo(p(x2-nx, y2-ny))
		z.LineTo(p(x1-nx, y1-ny))
		z.ClosePath()
	})
}

func (r *raster) badge(x, y, rad float64, fill, textColor string, size float64, text string) {
	r.disc(x, y, rad, fill)
	r.ring(x, y, rad, max(rad*0.18, 0.1), "#ffffff")
	r.text(text, x, y+size*0.36, size, true, textColor, "middle")
}

// polygon fills a closed polygon given in diagram units.
func (r *raster) polygon(pts [][2]float64, col string) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
	}
	r.fill(x0, y0, x1, y1, col, func(z *vector.Rasterizer, ox, oy float64) {
		for i, p := range pts {
			x, y := float32(p[0]*r.s-ox), float32(p[1]*r.s-oy)
			if i == 0 {
				z.MoveTo(x, y)
			} else {
				z.LineTo(x, y)
			}
		}
		z.ClosePath()
	})
}

// marker draws a tag as the SVG does, with square corners.
func (r *raster) marker(mk Marker) {
	x0, y0, x1, y1 := mk.X-mk.W/2, mk.Y-mk.H/2, mk.X+mk.W/2, mk.Y+mk.H/2
	r.polygon([][2]float64{{x0 - 1, y0 - 1}, {x1 + 1, y0 - 1}, {x1 + 1, y1 + 1}, {x0 - 1, y1 + 1}}, mk.Stroke)
	r.polygon([][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, mk.Fill)
	tx := mk.X
	if mk.Arrow != 0 {
		pts := arrowPoints(mk)
		r.polygon(pts[:], mk.TextColor)
		tx = arrowTextX(mk)
	}
	r.text(mk.Text, tx, mk.Y+mk.FontSize*0.36, mk.FontSize, true, mk.TextColor, "middle")
}

func (r *raster) block(t TextBlock) {
	for i, l := range t.Lines {
		r.text(l, t.X, t.Baselines[i], t.Size, t.Bold, t.Color, "middle")
	}
}

type faceKey struct {
	size float64
	bold bool
}

var (
	faceMu sync.Mutex
	faces  = map[faceKey]font.Face{}
)

func face(size float64, bold bool) font.Face {
	faceMu.Lock()
	defer faceMu.Unlock()
	k := faceKey{math.Round(size*4) / 4, bold}
	if f, ok := faces[k]; ok {
		return f
	}
	fs := fonts()
	src := fs.regular
	if bold {
		src = fs.bold
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: max(k.size, 0.25), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("font face: " + err.Error())
	}
	if len(faces) > 256 {
		faces = map[faceKey]font.Face{}
	}
	faces[k] = f
	return f
}

// The Go fonts draw the hyphen-minus as a bar as long as an en dash, so
// the PNG draws its own hyphen: a short bar at the height of the font's.
const (
	hyphenAdvance = 0.36 // of the font size
	hyphenX0      = 0.05
	hyphenX1      = 0.31
	hyphenY0      = 0.330 // above the baseline
	hyphenY1      = 0.252
)

func (r *raster) text(s string, x, y, size float64, bold bool, col, anchor string) {
	if s == "" || size*r.s < 1 {
		return
	}
	f := face(size*r.s, bold)
	faceMu.Lock() // faces are not safe for concurrent use
	defer faceMu.Unlock()
	px := size * r.s
	runs := strings.Split(s, "-")
	w := float64(len(runs)-1) * hyphenAdvance * px
	for _, run := range runs {
		w += fixedToFloat(font.MeasureString(f, run))
	}
	dot := x * r.s
	switch anchor {
	case "middle":
		dot -= w / 2
	case "end":
		dot -= w
	}
	base := y * r.s
	src := image.NewUniform(parseHex(col))
	thick := 0.0
	if bold {
		thick = 0.012
	}
	for i, run := range runs {
		if i > 0 {
			x0, x1 := dot+hyphenX0*px, dot+hyphenX1*px
			y0, y1 := base-(hyphenY0+thick)*px, base-(hyphenY1-thick)*px
			b := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(r.img.Bounds())
			if !b.Empty() {
				r.z.Reset(b.Dx(), b.Dy())
				ox, oy := float64(b.Min.X), float64(b.Min.Y)
				r.z.MoveTo(float32(x0-ox), float32(y0-oy))
				r.z.LineTo(float32(x1-ox), float32(y0-oy))
				r.z.LineTo(float32(x1-ox), float32(y1-oy))
				r.z.LineTo(float32(x0-ox), float32(y1-oy))
				r.z.ClosePath()
				r.z.Draw(r.img, b, src, image.Point{})
			}
			dot += hyphenAdvance * px
		}
		d := font.Drawer{Dst: r.img, Src: src, Face: f,
			Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(dot * 64)), Y: fixed.Int26_6(math.Round(base * 64))}}
		d.DrawString(run)
		dot += fixedToFloat(font.MeasureString(f, run))
	}
}

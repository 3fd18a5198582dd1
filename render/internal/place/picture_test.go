package place

import (
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/vector"
)

var pictures = flag.String("png", "", "write a PNG of each example's and some corpus maps' layouts to this directory")

// groupColours fill the circles of the pictures, by group order.
var groupColours = []color.RGBA{
	{0xf2, 0xc1, 0x4e, 0xff}, {0x7f, 0xb3, 0xd5, 0xff}, {0x9b, 0xd7, 0x9b, 0xff},
	{0xe8, 0x9a, 0x9a, 0xff}, {0xc3, 0xa6, 0xde, 0xff}, {0xb0, 0xb0, 0xb0, 0xff}, {0xf5, 0xb0, 0x70, 0xff},
}

// picture draws a layout: lines, then circles filled by group, the area's
// edge in grey. It is for people to look at, not compared by any test.
func picture(in Input, res Result) *image.RGBA {
	const pad = 20
	w, h := int(in.W)+2*pad, int(in.H)+2*pad
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	// fill draws path, which lies within x0..x1, y0..y1 (area
	// coordinates), with a rasterizer the size of that box
	var ox, oy float32
	type shape struct {
		x0, y0, x1, y1 float64
		path           func(z *vector.Rasterizer)
	}
	fill := func(c color.Color, sh shape) {
		r := image.Rect(int(sh.x0)+pad-2, int(sh.y0)+pad-2, int(sh.x1)+pad+3, int(sh.y1)+pad+3).Intersect(img.Bounds())
		if r.Empty() {
			return
		}
		z := vector.NewRasterizer(r.Dx(), r.Dy())
		ox, oy = float32(r.Min.X), float32(r.Min.Y)
		sh.path(z)
		z.Draw(img, r, image.NewUniform(c), image.Point{})
	}
	line := func(x1, y1, x2, y2, width float64) shape {
		return shape{min(x1, x2) - width, min(y1, y2) - width, max(x1, x2) + width, max(y1, y2) + width, func(z *vector.Rasterizer) {
			dx, dy := x2-x1, y2-y1
			d := math.Hypot(dx, dy)
			if d == 0 {
				return
			}
			nx, ny := -dy/d*width/2, dx/d*width/2
			z.MoveTo(float32(x1+nx+pad)-ox, float32(y1+ny+pad)-oy)
			z.LineTo(float32(x2+nx+pad)-ox, float32(y2+ny+pad)-oy)
			z.LineTo(float32(x2-nx+pad)-ox, float32(y2-ny+pad)-oy)
			z.LineTo(float32(x1-nx+pad)-ox, float32(y1-ny+pad)-oy)
			z.ClosePath()
		}}
	}
	circle := func(cx, cy, r float64, z *vector.Rasterizer, reverse bool) {
		const k = 64
		for i := 0; i <= k; i++ {
			a := 2 * math.Pi * float64(i) / k
			if reverse {
				a = -a
			}
			px, py := float32(cx+r*math.Cos(a)+pad)-ox, float32(cy+r*math.Sin(a)+pad)-oy
			if i == 0 {
				z.MoveTo(px, py)
			} else {
				z.LineTo(px, py)
			}
		}
		z.ClosePath()
	}
	grey := color.RGBA{0xcc, 0xcc, 0xcc, 0xff}
	fill(grey, line(0, 0, in.W, 0, 2))
	fill(grey, line(in.W, 0, in.W, in.H, 2))
	fill(grey, line(in.W, in.H, 0, in.H, 2))
	fill(grey, line(0, in.H, 0, 0, 2))
	ink := color.RGBA{0x44, 0x44, 0x44, 0xff}
	for _, e := range cleanEdges(len(in.Nodes), in.Edges) {
		fill(ink, line(res.X[e[0]], res.Y[e[0]], res.X[e[1]], res.Y[e[1]], 3))
	}
	gi := map[string]int{}
	for i, nd := range in.Nodes {
		g, ok := gi[nd.Group]
		if !ok {
			g = len(gi)
			gi[nd.Group] = g
		}
		r := nd.R * res.Scale
		x0, y0, x1, y1 := res.X[i]-r, res.Y[i]-r, res.X[i]+r, res.Y[i]+r
		fill(groupColours[g%len(groupColours)], shape{x0, y0, x1, y1, func(z *vector.Rasterizer) { circle(res.X[i], res.Y[i], r, z, false) }})
		fill(ink, shape{x0, y0, x1, y1, func(z *vector.Rasterizer) {
			circle(res.X[i], res.Y[i], r, z, false)
			circle(res.X[i], res.Y[i], r-3, z, true)
		}})
	}
	return img
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestPictures writes PNGs of layouts to the -png directory, for people
// to look at: go test ./render/internal/place -run TestPictures -png /tmp/place
func TestPictures(t *testing.T) {
	if *pictures == "" {
		t.Skip("runs only with -png DIR")
	}
	if err := os.MkdirAll(*pictures, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{Auto, Ring} {
		maps, results := layouts(t, mode)
		for i, tm := range maps {
			in := tm.in
			in.Mode = mode
			res := results[i]
			name := tm.name + "-auto.png"
			if mode == Ring {
				name = tm.name + "-ring.png"
			}
			writePNG(t, filepath.Join(*pictures, name), picture(in, res))
		}
	}
}

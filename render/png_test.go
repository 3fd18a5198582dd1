package render

import (
	"image"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// box is an item's extent on the canvas, for finding where it is visible.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) has(x, y, pad float64) bool {
	return x >= b.x0-pad && x <= b.x1+pad && y >= b.y0-pad && y <= b.y1+pad
}

// covers reports whether item it, drawn after, may paint the point.
func covers(it Item, x, y float64) bool {
	const pad = 2.0
	switch v := it.(type) {
	case *Circle:
		return math.Hypot(x-v.X, y-v.Y) <= v.R+v.Paint.Width/2+pad
	case *Line:
		return distPointSegment(x, y, v.X1, v.Y1, v.X2, v.Y2) <= v.Paint.Width/2+pad
	case *Rect:
		return box{v.X, v.Y, v.X + v.W, v.Y + v.H}.has(x, y, v.Paint.Width+pad)
	case *Polygon:
		b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range v.Points {
			b = box{min(b.x0, p.X), min(b.y0, p.Y), max(b.x1, p.X), max(b.y1, p.Y)}
		}
		return b.has(x, y, pad)
	case *Text:
		w := styledWidth(v.S, v.Size, styleOf(v.Bold, v.Italic))
		x0 := v.X
		switch v.Anchor {
		case AnchorMiddle:
			x0 -= w / 2
		case AnchorEnd:
			x0 -= w
		}
		if v.Rotate != 0 {
			r := w + v.Size
			return box{v.X - r, v.Y - r, v.X + r, v.Y + r}.has(x, y, pad)
		}
		return box{x0, v.Y - 1.1*v.Size, x0 + w, v.Y + 0.4*v.Size}.has(x, y, pad)
	}
	return false
}

// sampleColours finds, for each filled circle of l, a point where its fill
// shows (inside, off its outline, not under anything drawn later) and
// returns the points and the colours expected there.
func sampleColours(l *List) (pts []Point, want []string) {
	faint := 0
	flat := l.Flat()
	for k, it := range flat {
		switch v := it.(type) {
		case *Group:
			if v.Opacity > 0 && v.Opacity < 1 {
				faint++
			}
		case End:
			if faint > 0 {
				faint--
			}
		case *Circle:
			if v.Paint.Fill == "" || faint > 0 {
				continue
			}
			if p, ok := visiblePoint(flat[k+1:], v); ok {
				pts, want = append(pts, p), append(want, v.Paint.Fill)
			}
		}
	}
	return pts, want
}

func visiblePoint(later []Item, c *Circle) (Point, bool) {
	inner := c.R - c.Paint.Width/2 - 1.5
	for _, f := range []float64{0, 0.3, 0.55, 0.8} {
		for a := 0; a < 8; a++ {
			x := c.X + f*inner*math.Cos(float64(a)*math.Pi/4)
			y := c.Y + f*inner*math.Sin(float64(a)*math.Pi/4)
			hidden := false
			for _, it := range later {
				if covers(it, x, y) {
					hidden = true
					break
				}
			}
			if !hidden {
				return Point{x, y}, true
			}
			if f == 0 {
				break
			}
		}
	}
	return Point{}, false
}

// TestPNG_MatchesList checks that the PNG draws what the display list
// says: at a visible point of every function's circle, every badge and
// every group's circle, the pixel has the shape's fill colour.
func TestPNG_MatchesList(t *testing.T) {
	r := NewRenderer(DefaultCacheBytes)
	type tc struct {
		name string
		opt  Options
	}
	var cases []tc
	for _, n := range exampleNames(t) {
		cases = append(cases, tc{n, Options{}}, tc{n + "-groups-attention", Options{Detail: DetailGroups, Panel: PanelAttention}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := loadExample(t, c.name[:len(c.name)-len(trimSuffix(c.name))])
			d, err := r.Compose(m, c.opt)
			require.NoError(t, err)
			img := rasterize(d.List, 1)
			pts, want := sampleColours(d.List)
			require.Greater(t, len(pts), len(readScene(d.List).functions)+len(readScene(d.List).groups), "too few visible points")
			t.Logf("%d shapes sampled", len(pts))
			for i, p := range pts {
				got := img.RGBAAt(int(p.X), int(p.Y))
				w := parseHex(want[i])
				assert.True(t, near(got.R, w.R) && near(got.G, w.G) && near(got.B, w.B),
					"pixel at (%.0f, %.0f) = %v; want %s", p.X, p.Y, got, want[i])
			}
			assert.Equal(t, image.Rect(0, 0, int(d.List.Width), int(d.List.Height)), img.Bounds())
		})
	}
}

// trimSuffix is the option part of a case name.
func trimSuffix(name string) string {
	if i := len(name) - len("-groups-attention"); i > 0 && name[i:] == "-groups-attention" {
		return name[i:]
	}
	return ""
}

func near(a, b uint8) bool { return a+3 >= b && b+3 >= a }

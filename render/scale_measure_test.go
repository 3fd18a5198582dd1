package render

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// BenchmarkCompose_Scale measures composing seeded random maps of growing
// size and reports the drawing scale and canvas width beside the time:
//
//	go test ./render -run '^$' -bench Compose_Scale
func BenchmarkCompose_Scale(b *testing.B) {
	for _, sz := range []struct{ n, e int }{{30, 100}, {100, 300}, {150, 300}, {150, 1000}, {500, 1000}, {500, 5000}} {
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			m := randomMap(rand.New(rand.NewPCG(0, uint64(sz.n))), sz.n, sz.e)
			b.Run(fmt.Sprintf("n%d-e%d-%s", sz.n, sz.e, layout), func(b *testing.B) {
				var g *Geometry
				for b.Loop() {
					var err error
					if g, err = Compose(m, Options{Layout: layout}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(g.Scale, "scale")
				b.ReportMetric(g.Width, "canvas-px")
			})
		}
	}
}

// TestLayout_GrowsCanvasForBigMaps checks that a big map is drawn at a
// readable scale on a grown canvas of the format's aspect ratio, within the
// guarantees, instead of shrunk onto the normal canvas.
func TestLayout_GrowsCanvasForBigMaps(t *testing.T) {
	tests := []struct {
		name   string
		n, e   int
		layout Layout
		format Format
	}{
		{"150 circle screen", 150, 300, LayoutCircle, FormatScreen},
		{"150 force screen", 150, 300, LayoutForce, FormatScreen},
		{"150 circle a4", 150, 300, LayoutCircle, FormatA4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := randomMap(rand.New(rand.NewPCG(0, uint64(tt.n))), tt.n, tt.e)
			g, err := Compose(m, Options{Layout: tt.layout, Format: tt.format})
			require.NoError(t, err)
			base := canvasFor(tt.format)
			assert.GreaterOrEqual(t, g.Scale, 0.5, "drawn below a readable scale")
			assert.Greater(t, g.Width, base.w)
			assert.Greater(t, g.Height, base.h)
			assert.InDelta(t, base.w/base.h, g.Width/g.Height, 0.01, "aspect ratio of the format")
			require.NoError(t, checkGeometry(g))
			var buf bytes.Buffer
			require.NoError(t, SVG(&buf, m, Options{Layout: tt.layout, Format: tt.format}))
			assert.Contains(t, buf.String(), fmt.Sprintf(`viewBox="0 0 %s %s"`, strconv.FormatFloat(g.Width, 'f', -1, 64), strconv.FormatFloat(g.Height, 'f', -1, 64)))
		})
	}
}

// TestPNG_BigMapWidth checks that a grown canvas is rasterised down to
// maxPNGWidth pixels.
func TestPNG_BigMapWidth(t *testing.T) {
	m := randomMap(rand.New(rand.NewPCG(0, 150)), 150, 300)
	var buf bytes.Buffer
	require.NoError(t, PNG(&buf, m, Options{Layout: LayoutCircle}))
	img, err := png.Decode(&buf)
	require.NoError(t, err)
	assert.Equal(t, maxPNGWidth, img.Bounds().Dx())
	assert.InDelta(t, 1080.0/1920*maxPNGWidth, float64(img.Bounds().Dy()), 2)
}

package render

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMeasureScale logs the drawing scale and canvas of seeded random maps
// (RELATIONSKORT_MEASURE=1); it is a measurement, not a check.
func TestMeasureScale(t *testing.T) {
	if os.Getenv("RELATIONSKORT_MEASURE") == "" {
		t.Skip("set RELATIONSKORT_MEASURE=1 to measure")
	}
	for _, sz := range []struct{ n, e int }{{30, 100}, {100, 300}, {150, 300}, {150, 1000}, {500, 1000}, {500, 5000}} {
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			for seed := 0; seed < 2; seed++ {
				m := randomMap(rand.New(rand.NewPCG(uint64(seed), uint64(sz.n))), sz.n, sz.e)
				start := time.Now()
				g, err := Compose(m, Options{Layout: layout})
				if err != nil {
					t.Fatal(err)
				}
				fmt.Printf("n=%d e=%d %s seed=%d scale=%.4g canvas=%.0fx%.0f time=%v\n", sz.n, sz.e, layout, seed, g.Scale, g.Width, g.Height, time.Since(start).Round(time.Millisecond))
			}
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

package render

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// BenchmarkCompose_Scale composes seeded random maps of growing size and
// reports beside the time how they were drawn (1 by function, 0 by group),
// the size of the labels and the canvas width:
//
//	go test ./render -run '^$' -bench Compose_Scale
func BenchmarkCompose_Scale(b *testing.B) {
	for _, sz := range []struct{ n, e int }{{30, 100}, {100, 300}, {150, 300}, {150, 1000}, {500, 1000}, {500, 5000}} {
		for _, detail := range []Detail{DetailAuto, DetailFull} {
			m := randomMap(rand.New(rand.NewPCG(0, uint64(sz.n))), sz.n, sz.e)
			b.Run(fmt.Sprintf("n%d-e%d-%s", sz.n, sz.e, detail), func(b *testing.B) {
				var d *Drawing
				for b.Loop() {
					var err error
					if d, err = NewRenderer(DefaultCacheBytes).Compose(m, Options{Detail: detail}); err != nil {
						b.Fatal(err)
					}
				}
				full := 0.0
				if d.Detail == DetailFull {
					full = 1
				}
				b.ReportMetric(full, "by-function")
				b.ReportMetric(d.LabelSize, "label-px")
				b.ReportMetric(d.List.Width, "canvas-px")
			})
		}
	}
}

// TestDetail_Auto checks that auto draws the examples function by function
// and maps too dense for readable names by group, saying so on the map and
// in its description.
func TestDetail_Auto(t *testing.T) {
	r := NewRenderer(DefaultCacheBytes)
	for _, name := range exampleNames(t) {
		d, err := r.Compose(loadExample(t, name), Options{})
		require.NoError(t, err)
		assert.Equal(t, DetailFull, d.Detail, name)
		assert.GreaterOrEqual(t, d.LabelSize, 11.0, name)
	}
	m := randomMap(rand.New(rand.NewPCG(0, 500)), 500, 5000)
	for _, lang := range []string{"da", "en"} {
		var buf bytes.Buffer
		opt, err := ParseOptions(func(k string) string { return map[string]string{"lang": lang}[k] })
		require.NoError(t, err)
		d, err := r.Compose(m, opt)
		require.NoError(t, err)
		require.Equal(t, DetailGroups, d.Detail)
		assert.Nil(t, d.Positions)
		writeSVG(&buf, d.List)
		note := vocab[opt.Lang].groupView.note
		assert.Contains(t, d.List.Desc, note)
		assert.Contains(t, buf.String(), `class="detail-note"`)
		assert.Contains(t, buf.String(), "detail-groups")
		assert.Zero(t, strings.Count(buf.String(), `class="function`))
	}
}

// TestDetail_FullGrows checks that a map too dense for the format's canvas
// is drawn, with detail=full, on a grown canvas of the format's aspect
// ratio with every name at least the minimum size.
func TestDetail_FullGrows(t *testing.T) {
	m := randomMap(rand.New(rand.NewPCG(0, 150)), 150, 300)
	d, err := Compose(m, Options{Detail: DetailFull})
	require.NoError(t, err)
	assert.Greater(t, d.List.Width, 1920.0)
	assert.GreaterOrEqual(t, d.LabelSize, 11.0)
	require.NoError(t, checkDrawing(d, FormatScreen))
}

// TestPNG_MaxWidth checks that a grown canvas is drawn down to maxPNGWidth
// pixels, in the canvas's proportions.
func TestPNG_MaxWidth(t *testing.T) {
	l := &List{Width: 1920 * 3, Height: 1080 * 3}
	l.Items = append(l.Items, &Circle{X: 2880, Y: 1620, R: 900, Paint: Paint{Fill: "#d42020"}})
	var buf bytes.Buffer
	require.NoError(t, l.WritePNG(&buf))
	img, err := png.Decode(&buf)
	require.NoError(t, err)
	assert.Equal(t, maxPNGWidth, img.Bounds().Dx())
	assert.InDelta(t, 1080.0/1920*maxPNGWidth, float64(img.Bounds().Dy()), 2)
	r, g, b, _ := img.At(maxPNGWidth/2, img.Bounds().Dy()/2).RGBA()
	assert.Equal(t, [3]uint32{0xd4, 0x20, 0x20}, [3]uint32{r >> 8, g >> 8, b >> 8})
}

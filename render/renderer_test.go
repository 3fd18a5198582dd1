package render

import (
	"bytes"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestRenderer_Remembers: a drawing made from the Renderer's memory is
// byte for byte the drawing made from scratch, for re-rated maps, every
// layout and both levels of detail.
func TestRenderer_Remembers(t *testing.T) {
	for _, name := range exampleNames(t) {
		m := loadExample(t, name)
		for _, layout := range []Layout{LayoutCircle, LayoutForce, LayoutManual} {
			for _, detail := range []Detail{DetailAuto, DetailGroups} {
				opt := Options{Layout: layout, Panel: PanelAttention, Detail: detail}
				warm := NewRenderer(DefaultCacheBytes)
				draw := func(r *Renderer, m *graph.Map) string {
					var buf bytes.Buffer
					require.NoError(t, r.SVG(&buf, m, opt))
					return buf.String()
				}
				first := draw(warm, m)
				require.Equal(t, first, draw(warm, m), "%s %s: remembered drawing differs", name, layout)
				rerated := m.Clone()
				for i := range rerated.Relations {
					rerated.Relations[i].Rating = graph.Rating((int(rerated.Relations[i].Rating) + 1) % 4)
				}
				require.Equal(t, draw(NewRenderer(DefaultCacheBytes), rerated), draw(warm, rerated),
					"%s %s %s: re-rated map drawn from memory differs", name, layout, detail)
				if detail == DetailAuto {
					renamed := m.Clone()
					renamed.Functions[0].Name += " og flere"
					require.NotEqual(t, first, draw(warm, renamed), "a renamed function must be drawn anew")
				}
			}
		}
	}
}

// TestRenderer_Evicts checks that the memory stays within its budget.
func TestRenderer_Evicts(t *testing.T) {
	r := NewRenderer(64 << 10)
	for i := range 30 {
		_, err := r.Compose(randomMap(rand.New(rand.NewPCG(uint64(i), 5)), 20, 40), Options{})
		require.NoError(t, err)
	}
	n, used := r.cache.stats()
	assert.LessOrEqual(t, used, int64(64<<10))
	assert.Positive(t, n)
}

// TestRenderer_Concurrent draws from many goroutines with one Renderer;
// with -race it checks that sharing one is safe.
func TestRenderer_Concurrent(t *testing.T) {
	r := NewRenderer(1 << 20)
	want := map[string]string{}
	for _, name := range exampleNames(t) {
		var buf bytes.Buffer
		require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&buf, loadExample(t, name), Options{}))
		want[name] = buf.String()
	}
	var wg sync.WaitGroup
	for k := range 4 {
		for name, w := range want {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				opt := Options{}
				if k%2 == 1 {
					opt.Lang = "en" // others draw the same map in another language
				}
				assert.NoError(t, r.SVG(&buf, loadExample(t, name), opt))
				if k%2 == 0 {
					assert.Equal(t, w, buf.String(), "%s (goroutine %d)", name, k)
				}
				if k == 0 {
					assert.NoError(t, r.PNG(&bytes.Buffer{}, loadExample(t, name), Options{Detail: DetailGroups}))
				}
			}()
		}
	}
	wg.Wait()
}

// TestCompose_Prev checks the remembered positions: a drawing returns
// where it placed each function, the same map drawn with them is drawn
// the same again and again, and re-rating it moves nothing.
func TestCompose_Prev(t *testing.T) {
	for _, name := range exampleNames(t) {
		m := loadExample(t, name)
		d, err := Compose(m, Options{})
		require.NoError(t, err)
		require.Len(t, d.Positions, len(m.Functions))
		for _, f := range m.Functions {
			p, ok := d.Positions[f.ID]
			require.True(t, ok, "no position for %s", f.ID)
			assert.True(t, p.X >= 0 && p.X <= refW && p.Y >= 0 && p.Y <= refH, "%s at %v is outside the reference frame", f.ID, p)
		}
		opt := Options{Prev: d.Positions, PrevScale: d.Scale}
		var a, b bytes.Buffer
		require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&a, m, opt))
		require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&b, m.Clone(), opt))
		require.Equal(t, a.String(), b.String(), "%s: the same remembered positions gave different drawings", name)
		d2, err := Compose(m, opt)
		require.NoError(t, err)
		rerated := m.Clone()
		rerated.Relations[0].Rating = graph.Rating((int(rerated.Relations[0].Rating) % 3) + 1)
		d3, err := Compose(rerated, Options{Prev: d2.Positions, PrevScale: d2.Scale})
		require.NoError(t, err)
		assert.Equal(t, positions(d2), positions(d3), "%s: re-rating moved a circle", name)
		assert.NotEqual(t, opt.Key(), Options{}.Key(), "remembered positions are part of the options' key")
	}
}

// The benchmark maps: an example of 12 functions, and random maps of 120
// functions and of the service's limits.
func benchMaps(b *testing.B) []struct {
	name string
	m    *graph.Map
} {
	return []struct {
		name string
		m    *graph.Map
	}{
		{"12", loadExample(b, "flyafgang")},
		{"120", randomMap(rand.New(rand.NewPCG(1, 120)), 120, 360)},
		{"500x5000", randomMap(rand.New(rand.NewPCG(1, 500)), 500, 5000)},
	}
}

// BenchmarkSVG composes and writes the SVG of maps from scratch (a new
// Renderer each time, so nothing is remembered) and re-rated (one
// Renderer, one relation re-rated before each drawing, the common case
// in a workshop). Compare the two in one run:
//
//	go test ./render -run '^$' -bench 'SVG$' -benchtime 2s
func BenchmarkSVG(b *testing.B) {
	for _, bm := range benchMaps(b) {
		b.Run(bm.name+"/scratch", func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				if err := NewRenderer(DefaultCacheBytes).SVG(&buf, bm.m, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bm.name+"/rerated", func(b *testing.B) {
			r := NewRenderer(DefaultCacheBytes)
			rm := bm.m.Clone()
			i := 0
			for b.Loop() {
				rel := &rm.Relations[i%len(rm.Relations)]
				rel.Rating = graph.Rating(1 + (int(rel.Rating)+1)%3)
				i++
				var buf bytes.Buffer
				if err := r.SVG(&buf, rm, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPNG is BenchmarkSVG's re-rated case for the PNG.
func BenchmarkPNG(b *testing.B) {
	for _, bm := range benchMaps(b) {
		b.Run(bm.name, func(b *testing.B) {
			r := NewRenderer(DefaultCacheBytes)
			for b.Loop() {
				if err := r.PNG(&bytes.Buffer{}, bm.m, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStages splits a drawing from scratch into its stages: sizing
// the circles to their names, placing, and composing and writing.
func BenchmarkStages(b *testing.B) {
	for _, bm := range benchMaps(b)[:2] {
		opt := Options{}.withDefaults(bm.m)
		b.Run(bm.name+"/labels", func(b *testing.B) {
			for b.Loop() {
				newComposer(NewRenderer(DefaultCacheBytes), bm.m, opt, nil).labels()
			}
		})
		c := newComposer(NewRenderer(DefaultCacheBytes), bm.m, opt, nil)
		in := functionInput(bm.m, c.labels(), opt)
		b.Run(bm.name+"/place", func(b *testing.B) {
			for b.Loop() {
				NewRenderer(DefaultCacheBytes).place(in)
			}
		})
		warm := NewRenderer(DefaultCacheBytes)
		b.Run(bm.name+"/compose+svg", func(b *testing.B) {
			for b.Loop() {
				if err := warm.SVG(&bytes.Buffer{}, bm.m, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

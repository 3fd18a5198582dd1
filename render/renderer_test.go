package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render/internal/place/corpus"
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

// TestRenderer_RemembersStepByStep re-rates a map one relation at a time,
// as a workshop does, with one Renderer, whose memory then holds earlier
// lines and badges of every relation: each drawing is byte for byte the
// one made from scratch, also when a relation gets another id with the
// structure unchanged.
func TestRenderer_RemembersStepByStep(t *testing.T) {
	for _, name := range exampleNames(t) {
		m := loadExample(t, name).Clone()
		if len(m.Relations) == 0 {
			continue
		}
		warm := NewRenderer(DefaultCacheBytes)
		draw := func(r *Renderer) string {
			var buf bytes.Buffer
			require.NoError(t, r.SVG(&buf, m, Options{}))
			return buf.String()
		}
		draw(warm)
		for step := range 12 {
			rel := &m.Relations[(step*7)%len(m.Relations)]
			if step == 5 {
				rel.ID += "-renamed" // drawn before with this rating
			} else {
				rel.Rating = graph.Rating((int(rel.Rating) + 1) % 4)
			}
			require.Equal(t, draw(NewRenderer(DefaultCacheBytes)), draw(warm), "%s, step %d: drawn from memory differs", name, step)
		}
	}
}

// TestRenderer_RemembersMovedBadge: the diagonals of a square cross in
// their middles, where only one badge fits; which one gets the middle
// follows the ratings (Low first), so re-rating one diagonal moves the
// other's badge, its rating unchanged. Drawn from memory, the badge is
// where it is drawn from scratch.
func TestRenderer_RemembersMovedBadge(t *testing.T) {
	at := func(v float64) *float64 { return &v }
	m := &graph.Map{Title: "Kryds", Task: "Opgaven"}
	for i, p := range [][2]float64{{500, 250}, {1100, 250}, {1100, 750}, {500, 750}} {
		m.Functions = append(m.Functions, graph.Function{ID: fmt.Sprintf("f%d", i), Name: fmt.Sprintf("Funktion %d", i), X: at(p[0]), Y: at(p[1])})
	}
	m.Relations = []graph.Relation{{ID: "r0", A: "f0", B: "f2", Rating: graph.High}, {ID: "r1", A: "f1", B: "f3", Rating: graph.High}}
	opt := Options{Layout: LayoutManual}
	warm := NewRenderer(DefaultCacheBytes)
	badge := func(svg string) string {
		i := strings.Index(svg, `class="badge-group" data-relation-id="r0"`)
		require.Positive(t, i)
		return svg[i : i+200]
	}
	var seen []string
	for step, rating := range []graph.Rating{graph.High, graph.Low, graph.High, graph.Low} {
		m.Relations[1].Rating = rating
		var a, b bytes.Buffer
		require.NoError(t, warm.SVG(&a, m, opt))
		require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&b, m, opt))
		require.Equal(t, b.String(), a.String(), "step %d: drawn from memory differs", step)
		seen = append(seen, badge(a.String()))
	}
	require.NotEqual(t, seen[0], seen[1], "the test needs r0's badge to move")
}

// TestRenderer_ConcurrentRerated draws differently rated versions of one
// map from many goroutines with one Renderer, so that they share its
// memory of lines and badges; with -race it checks that sharing is safe.
func TestRenderer_ConcurrentRerated(t *testing.T) {
	m := loadExample(t, "flyafgang")
	var maps []*graph.Map
	var want []string
	for k := range 6 {
		v := m.Clone()
		for i := range v.Relations {
			if (i+k)%3 == 0 {
				v.Relations[i].Rating = graph.Rating((int(v.Relations[i].Rating) + k) % 4)
			}
		}
		var buf bytes.Buffer
		require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&buf, v, Options{}))
		maps, want = append(maps, v), append(want, buf.String())
	}
	r := NewRenderer(DefaultCacheBytes)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 3 * len(maps) {
				k := (n + g) % len(maps)
				var buf bytes.Buffer
				assert.NoError(t, r.SVG(&buf, maps[k], Options{}))
				assert.Equal(t, want[k], buf.String(), "version %d (goroutine %d)", k, g)
			}
		}()
	}
	wg.Wait()
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
		{"corpus120", corpusMap(b, 120)},
		{"500x5000", randomMap(rand.New(rand.NewPCG(1, 500)), 500, 5000)},
	}
}

// corpusMap is a map of n functions from the generator of the placement
// engine's corpus: groups, a centre, names workshops use.
func corpusMap(tb testing.TB, n int) *graph.Map {
	tb.Helper()
	m, err := graph.DecodeMapBytes(corpus.Encode(corpus.Generate(corpus.Seed+uint64(n), n)))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkSVG composes and writes the SVG of maps from scratch (a new
// Renderer each time, so nothing is remembered) and re-rated (one
// Renderer, one relation re-rated before each drawing, the common case
// in a workshop). Compare the two in one run:
//
//	go test ./render -run '^$' -bench 'SVG$' -benchtime 2s
//
// The maps of 120 functions are drawn by group (their names would be too
// small to read); "corpus120-full" draws every function (--detail full).
func BenchmarkSVG(b *testing.B) {
	type benchMap struct {
		name string
		m    *graph.Map
		opt  Options
	}
	var all []benchMap
	for _, bm := range benchMaps(b) {
		all = append(all, benchMap{bm.name, bm.m, Options{}})
	}
	all = append(all, benchMap{"corpus120-full", corpusMap(b, 120), Options{Detail: DetailFull}})
	for _, bm := range all {
		b.Run(bm.name+"/scratch", func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				if err := NewRenderer(DefaultCacheBytes).SVG(&buf, bm.m, bm.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bm.name+"/rerated", func(b *testing.B) {
			r := NewRenderer(DefaultCacheBytes)
			rm := bm.m.Clone()
			// drawn once before: re-rated is a map the Renderer has seen
			if err := r.SVG(&bytes.Buffer{}, rm, bm.opt); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				rel := &rm.Relations[i%len(rm.Relations)]
				rel.Rating = graph.Rating(1 + (int(rel.Rating)+1)%3)
				i++
				var buf bytes.Buffer
				if err := r.SVG(&buf, rm, bm.opt); err != nil {
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

package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

var syllables = []string{"hjem", "ple", "sund", "heds", "jobcen", "ter", "læ", "ge", "bor", "ger", "råd", "giv", "ning", "sko", "le", "psy", "kia", "tri", "fa", "mi", "lie"}

func randomName(rng *rand.Rand, i int) string {
	words := 1 + rng.IntN(4)
	s := ""
	for w := 0; w < words; w++ {
		if w > 0 {
			s += " "
		}
		for k := 1 + rng.IntN(4); k > 0; k-- {
			s += syllables[rng.IntN(len(syllables))]
		}
	}
	return fmt.Sprintf("%s %d", s, i)
}

// randomMap builds a valid map of n functions and up to e relations.
func randomMap(rng *rand.Rand, n, e int) *graph.Map {
	m := &graph.Map{Title: "Tilfældigt kort", Task: "En opgave med mange funktioner"}
	groups := 1 + rng.IntN(7)
	for i := 0; i < n; i++ {
		m.Functions = append(m.Functions, graph.Function{
			ID: fmt.Sprintf("f%d", i), Name: randomName(rng, i), Group: fmt.Sprintf("Gruppe %d", rng.IntN(groups)),
		})
	}
	if n > 2 && rng.IntN(2) == 0 {
		m.Functions[rng.IntN(n)].Center = true
	}
	seen := map[[2]int]bool{}
	for k := 0; k < e*3 && len(m.Relations) < e && n > 1; k++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b || seen[pairKey(a, b)] {
			continue
		}
		seen[pairKey(a, b)] = true
		m.Relations = append(m.Relations, graph.Relation{
			ID: fmt.Sprintf("r%d", len(m.Relations)+1), A: fmt.Sprintf("f%d", a), B: fmt.Sprintf("f%d", b), Rating: graph.Rating(rng.IntN(4)),
		})
	}
	if err := m.PrepareNew(); err != nil {
		panic(err)
	}
	return m
}

// checkGeometry returns the first broken guarantee: circles overlap, text
// outside its circle, a circle outside the canvas, a line through a circle
// that is not one of its ends.
func checkGeometry(g *Geometry) error {
	type circ struct {
		id      string
		x, y, r float64
		text    TextBlock
	}
	var cs []circ
	for _, f := range g.Functions {
		cs = append(cs, circ{f.ID, f.X, f.Y, f.R, f.Text})
	}
	if g.Middle != nil {
		cs = append(cs, circ{"(middle)", g.Middle.X, g.Middle.Y, g.Middle.R, g.Middle.Text})
	}
	for i, a := range cs {
		if a.x-a.r < 0 || a.y-a.r < 0 || a.x+a.r > g.Width || a.y+a.r > g.Height {
			return fmt.Errorf("circle %s (%.1f,%.1f r %.1f) leaves the canvas", a.id, a.x, a.y, a.r)
		}
		for _, b := range cs[i+1:] {
			if d := math.Hypot(a.x-b.x, a.y-b.y); d < a.r+b.r {
				return fmt.Errorf("circles %s and %s overlap: distance %.2f < %.2f", a.id, b.id, d, a.r+b.r)
			}
		}
		for k, line := range a.text.Lines {
			w := textWidth(line, a.text.Size, a.text.Bold)
			top := a.text.Baselines[k] - ascent*a.text.Size
			bottom := a.text.Baselines[k] + descent*a.text.Size
			for _, y := range []float64{top, bottom} {
				if math.Hypot(w/2, y-a.y) > a.r {
					return fmt.Errorf("text %q of %s leaves its circle (r %.2f, corner at %.2f)", line, a.id, a.r, math.Hypot(w/2, y-a.y))
				}
			}
		}
	}
	for _, r := range g.Relations {
		for _, c := range cs {
			if c.id == r.A || c.id == r.B {
				continue
			}
			if d := distPointSegment(c.x, c.y, r.X1, r.Y1, r.X2, r.Y2); d < c.r {
				return fmt.Errorf("relation %s (%s–%s) passes through %s: distance %.2f < r %.2f", r.ID, r.A, r.B, c.id, d, c.r)
			}
		}
	}
	return nil
}

// TestLayout_Guarantees checks the hard guarantees on seeded random maps up
// to the limits of the service, with every layout.
func TestLayout_Guarantees(t *testing.T) {
	sizes := []struct{ n, e int }{{1, 0}, {2, 1}, {3, 3}, {5, 10}, {8, 28}, {12, 30}, {20, 60}, {40, 150}, {80, 300}}
	if slowTests() {
		sizes = append(sizes, struct{ n, e int }{150, 1000}, struct{ n, e int }{500, 5000})
	} else {
		t.Log("the sizes 150/1,000 and 500/5,000 run with RELATIONSKORT_SLOW_TESTS=1")
	}
	for _, sz := range sizes {
		seeds := 3
		if sz.n >= 150 {
			seeds = 1
		}
		for seed := 0; seed < seeds; seed++ {
			for _, layout := range []Layout{LayoutCircle, LayoutForce, LayoutManual} {
				name := fmt.Sprintf("n%d-e%d-seed%d-%s", sz.n, sz.e, seed, layout)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(seed), uint64(sz.n)))
					m := randomMap(rng, sz.n, sz.e)
					if layout == LayoutManual { // pin about half, some on top of each other
						for i := range m.Functions {
							if rng.IntN(2) == 0 {
								m.Functions[i].X = ptr(float64(100 + rng.IntN(1400)))
								m.Functions[i].Y = ptr(float64(150 + rng.IntN(800)))
							}
						}
					}
					for _, format := range []Format{FormatScreen, FormatA4} {
						g, err := Compose(m, Options{Layout: layout, Format: format})
						require.NoError(t, err)
						if err := checkGeometry(g); err != nil {
							t.Fatalf("Layout(%s, %s): %v", name, format, err)
						}
					}
				})
			}
		}
	}
}

// FuzzSVG checks that rendering never panics and always yields well-formed
// XML, whatever the names, groups, ratings and positions.
func FuzzSVG(f *testing.F) {
	f.Add("Hjemmeplejen", "Kommune", "Egen læge", "", uint8(3), false, 0.0, 0.0, "da")
	f.Add(`<script>alert(1)</script>`, `"><x`, "]]>&amp;", "\x00\x01\uFFFE", uint8(0), true, 1e6, -1e6, "en")
	f.Add("", "", "", "", uint8(9), true, math.NaN(), math.Inf(1), "xx")
	f.Fuzz(func(t *testing.T, name1, group1, name2, task string, rating uint8, pin bool, x, y float64, lang string) {
		m := &graph.Map{Title: name1 + name2, Task: task,
			Functions: []graph.Function{{ID: "a", Name: name1, Group: group1, Center: pin}, {ID: "b", Name: name2, Group: group1 + "2"}, {ID: "c", Name: task}},
			Relations: []graph.Relation{{ID: "r1", A: "a", B: "b", Rating: graph.Rating(rating % 4)}, {ID: "r2", A: "b", B: "c", Rating: graph.Rating(rating)}, {ID: "r3", A: "a", B: "x"}},
		}
		if pin {
			m.Functions[1].X, m.Functions[1].Y = &x, &y
		}
		opt := Options{Lang: graph.Danish}
		if lang == "en" {
			opt.Lang = graph.English
		}
		var buf bytes.Buffer
		if err := SVG(&buf, m, opt); err != nil {
			t.Fatalf("SVG: %v", err)
		}
		dec := xml.NewDecoder(&buf)
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() == "EOF" {
					break
				}
				t.Fatalf("not well-formed XML: %v\n%s", err, buf.String())
			}
		}
	})
}

// BenchmarkSVG draws maps from scratch (the placement memory is emptied
// before each drawing); BenchmarkSVG/rerated-N draws a map whose ratings
// changed since the last drawing, the common case in a workshop, where the
// placement is remembered. Compare the two in the same run.
func BenchmarkSVG(b *testing.B) {
	for _, n := range []int{10, 30, 100, 500} {
		m := randomMap(rand.New(rand.NewPCG(1, uint64(n))), n, min(n*2, 5000))
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			b.Run(fmt.Sprintf("%s-%d", layout, n), func(b *testing.B) {
				for b.Loop() {
					placements = newPlacementMemo(512)
					var buf bytes.Buffer
					if err := SVG(&buf, m, Options{Layout: layout}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("rerated-%d", n), func(b *testing.B) {
			rm := m.Clone()
			i := 0
			for b.Loop() {
				r := &rm.Relations[i%len(rm.Relations)]
				r.Rating = graph.Rating(1 + (int(r.Rating)+1)%3)
				i++
				var buf bytes.Buffer
				if err := SVG(&buf, rm, Options{Layout: LayoutCircle}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPNG(b *testing.B) {
	for _, n := range []int{10, 100} {
		m := randomMap(rand.New(rand.NewPCG(1, uint64(n))), n, n*2)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				if err := PNG(&buf, m, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

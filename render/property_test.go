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
		if a > b {
			a, b = b, a
		}
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		m.Relations = append(m.Relations, graph.Relation{
			ID: fmt.Sprintf("r%d", len(m.Relations)+1), A: fmt.Sprintf("f%d", a), B: fmt.Sprintf("f%d", b), Rating: graph.Rating(rng.IntN(4)),
		})
	}
	if err := m.PrepareNew(); err != nil {
		panic(err)
	}
	return m
}

// A guarantee is one promise every drawing keeps; check returns how the
// drawing d (on the format's canvas) breaks it, or nil.
type guarantee struct {
	name  string
	check func(d *Drawing, s *scene, nodes []sceneNode, format Format) error
}

// guarantees are the promises of the package documentation.
var guarantees = []guarantee{
	{"CirclesOnCanvas", func(d *Drawing, _ *scene, nodes []sceneNode, _ Format) error { return onCanvas(d.List, nodes) }},
	{"NoOverlaps", func(_ *Drawing, _ *scene, nodes []sceneNode, _ Format) error { return noOverlaps(nodes) }},
	{"TextInsideItsCircle", func(_ *Drawing, _ *scene, nodes []sceneNode, _ Format) error { return textInside(nodes) }},
	{"NoLineThroughACircle", func(_ *Drawing, s *scene, nodes []sceneNode, _ Format) error { return checkLines(s, nodes) }},
	// 11 px on the 1920-wide screen, 7 pt on A4, in the canvas's own
	// units (auto detail never grows the canvas; full grows it so)
	{"LabelsReadable", func(_ *Drawing, s *scene, _ []sceneNode, f Format) error { return readable(s, canvasFor(f).minLabel) }},
	{"OneLabelSize", func(_ *Drawing, s *scene, _ []sceneNode, _ Format) error { return oneSize(s) }},
}

// nodesOf are the circles of a scene: functions, groups, the task.
func nodesOf(s *scene) []sceneNode {
	nodes := append([]sceneNode(nil), s.functions...)
	for i := range nodes {
		nodes[i].pinned = s.pinned[nodes[i].id]
	}
	nodes = append(nodes, s.groups...)
	if s.middle != nil && s.middle.circle != nil {
		nodes = append(nodes, *s.middle)
	}
	return nodes
}

// checkDrawing returns the first broken guarantee of a drawing.
func checkDrawing(d *Drawing, format Format) error {
	s := readScene(d.List)
	nodes := nodesOf(s)
	for _, g := range guarantees {
		if err := g.check(d, s, nodes, format); err != nil {
			return fmt.Errorf("%s: %w", g.name, err)
		}
	}
	return nil
}

// checkEach runs each guarantee on d as a subtest; pinned are the
// functions the user pinned (see scene.pinned), nil for none.
func checkEach(t *testing.T, d *Drawing, format Format, pinned map[string]bool) {
	t.Helper()
	s := readScene(d.List)
	s.pinned = pinned
	nodes := nodesOf(s)
	for _, g := range guarantees {
		t.Run(g.name, func(t *testing.T) {
			if err := g.check(d, s, nodes, format); err != nil {
				t.Errorf("drawn %s on %s: %v", d.Detail, format, err)
			}
		})
	}
}

// roundSlack is how far rounding coordinates to 0.01 may move a drawn
// distance.
const roundSlack = 0.02

func onCanvas(l *List, nodes []sceneNode) error {
	for _, a := range nodes {
		c := a.circle
		if c == nil {
			return fmt.Errorf("%s has no circle", a.id)
		}
		if !finite(c.X) || !finite(c.Y) || !finite(c.R) || c.R <= 0 {
			return fmt.Errorf("circle %s at (%v, %v) r %v", a.id, c.X, c.Y, c.R)
		}
		if c.X-c.R < 0 || c.Y-c.R < 0 || c.X+c.R > l.Width || c.Y+c.R > l.Height {
			return fmt.Errorf("circle %s (%.1f,%.1f r %.1f) leaves the canvas", a.id, c.X, c.Y, c.R)
		}
	}
	return nil
}

func noOverlaps(nodes []sceneNode) error {
	for i, a := range nodes {
		for _, b := range nodes[i+1:] {
			if a.pinned && b.pinned {
				continue // the user put them there
			}
			if d := math.Hypot(a.circle.X-b.circle.X, a.circle.Y-b.circle.Y); d < a.circle.R+b.circle.R-roundSlack {
				return fmt.Errorf("circles %s and %s overlap: distance %.2f < %.2f", a.id, b.id, d, a.circle.R+b.circle.R)
			}
		}
	}
	return nil
}

func textInside(nodes []sceneNode) error {
	for _, a := range nodes {
		c := a.circle
		for _, t := range a.texts {
			w := textWidth(t.S, t.Size, t.Bold)
			for _, y := range []float64{t.Y - ascent*t.Size, t.Y + descent*t.Size} {
				if corner := math.Hypot(w/2, y-c.Y); corner > c.R+0.05 {
					return fmt.Errorf("text %q of %s leaves its circle (r %.2f, corner at %.2f)", t.S, a.id, c.R, corner)
				}
			}
		}
	}
	return nil
}

func checkLines(s *scene, nodes []sceneNode) error {
	for _, r := range s.relations {
		if r.line == nil {
			return fmt.Errorf("relation %s has no line", r.id)
		}
		a, b := r.a, r.b
		if hasClass(r.group, "group-relation") {
			a, b = attrOf(r.group, "a-group"), attrOf(r.group, "b-group")
		}
		for _, c := range nodes {
			if c.id == a || c.id == b || c.pinned {
				continue // a circle the user pinned on a line stays there
			}
			// coordinates are rounded to 0.01: allow that much
			if dd := distPointSegment(c.circle.X, c.circle.Y, r.line.X1, r.line.Y1, r.line.X2, r.line.Y2); dd < c.circle.R-roundSlack {
				return fmt.Errorf("relation %s (%s–%s) passes through %s: distance %.2f < r %.2f", r.id, a, b, c.id, dd, c.circle.R)
			}
		}
	}
	return nil
}

// readable reports a label below min.
func readable(s *scene, min float64) error {
	for _, f := range s.functions {
		for _, t := range f.texts {
			if t.Size < min-1e-9 {
				return fmt.Errorf("the name of %s is drawn at %.2f, below %.2f", f.id, t.Size, min)
			}
		}
	}
	for _, g := range s.groups {
		if len(g.texts) > 0 && g.texts[0].Size < min-1e-9 {
			return fmt.Errorf("the name of group %s is drawn at %.2f, below %.2f", g.id, g.texts[0].Size, min)
		}
	}
	return nil
}

// oneSize reports ordinary names of two sizes on one map.
func oneSize(s *scene) error {
	size := 0.0
	for _, f := range s.functions {
		if f.centre {
			continue
		}
		for _, t := range f.texts {
			if size == 0 {
				size = t.Size
			}
			if t.Size != size {
				return fmt.Errorf("labels of two sizes on one map: %.2f and %.2f (%s)", size, t.Size, f.id)
			}
		}
	}
	return nil
}

// TestLayout_Guarantees checks each guarantee on the examples (drawn by
// function and by group, with the attention panel) and on seeded random
// maps up to the limits of the service, with every layout and both
// formats, drawn function by function or by group as auto chooses.
func TestLayout_Guarantees(t *testing.T) {
	sizes := []struct{ n, e int }{{1, 0}, {2, 1}, {3, 3}, {5, 10}, {8, 28}, {12, 30}, {20, 60}, {40, 150}, {80, 300}}
	if slowTests() {
		sizes = append(sizes, struct{ n, e int }{150, 1000}, struct{ n, e int }{500, 5000})
	} else {
		t.Log("the sizes 150/1,000 and 500/5,000 run with RELATIONSKORT_SLOW_TESTS=1")
	}
	r := NewRenderer(DefaultCacheBytes)
	for _, name := range exampleNames(t) {
		m := loadExample(t, name)
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			for _, detail := range []Detail{DetailAuto, DetailGroups} {
				for _, format := range []Format{FormatScreen, FormatA4} {
					t.Run(fmt.Sprintf("%s-%s-%s-%s", name, layout, detail, format), func(t *testing.T) {
						d, err := r.Compose(m, Options{Layout: layout, Detail: detail, Format: format, Panel: PanelAttention})
						require.NoError(t, err)
						checkEach(t, d, format, nil)
					})
				}
			}
		}
	}
	for _, sz := range sizes {
		seeds := 3
		if sz.n >= 80 {
			seeds = 1
		}
		for seed := 0; seed < seeds; seed++ {
			for _, layout := range []Layout{LayoutCircle, LayoutForce, LayoutManual} {
				name := fmt.Sprintf("n%d-e%d-seed%d-%s", sz.n, sz.e, seed, layout)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(seed), uint64(sz.n)))
					m := randomMap(rng, sz.n, sz.e)
					pinned := map[string]bool{}
					if layout == LayoutManual { // pin about half, some on top of each other
						for i := range m.Functions {
							if rng.IntN(2) == 0 {
								m.Functions[i].X = ptr(float64(100 + rng.IntN(1400)))
								m.Functions[i].Y = ptr(float64(150 + rng.IntN(800)))
								pinned[m.Functions[i].ID] = true
							}
						}
					}
					for _, format := range []Format{FormatScreen, FormatA4} {
						d, err := r.Compose(m, Options{Layout: layout, Format: format})
						require.NoError(t, err)
						require.Equal(t, canvasFor(format).w, d.List.Width, "auto detail grew the canvas")
						t.Run(string(format), func(t *testing.T) { checkEach(t, d, format, pinned) })
					}
				})
			}
		}
	}
}

// TestDetail_Full checks the guarantees when every function is drawn,
// on a canvas as large as the names need, up to maxGrow times the format.
func TestDetail_Full(t *testing.T) {
	sizes := []struct{ n, e int }{{40, 150}, {80, 300}}
	if slowTests() {
		sizes = append(sizes, struct{ n, e int }{150, 1000})
	}
	for _, sz := range sizes {
		for _, format := range []Format{FormatScreen, FormatA4} {
			t.Run(fmt.Sprintf("n%d-e%d-%s", sz.n, sz.e, format), func(t *testing.T) {
				m := randomMap(rand.New(rand.NewPCG(1, uint64(sz.n))), sz.n, sz.e)
				d, err := NewRenderer(DefaultCacheBytes).Compose(m, Options{Detail: DetailFull, Format: format})
				require.NoError(t, err)
				require.Equal(t, DetailFull, d.Detail)
				s := readScene(d.List)
				require.Len(t, s.functions, sz.n)
				cv := canvasFor(format)
				require.InDelta(t, cv.w/cv.h, d.List.Width/d.List.Height, 0.01, "the format's aspect ratio")
				if d.List.Width >= cv.w*maxGrow*0.999 && d.LabelSize < cv.minLabel {
					// the placement shrank the circles so far that even the
					// largest canvas does not make the names readable: the
					// canvas is as large as it grows, and the rest holds
					t.Logf("the names are %.3f on the largest canvas (%.0f wide): the placement's scale is too small", d.LabelSize, d.List.Width)
					s := readScene(d.List)
					nodes := nodesOf(s)
					require.NoError(t, noOverlaps(nodes))
					require.NoError(t, textInside(nodes))
					require.NoError(t, checkLines(s, nodes))
					require.NoError(t, oneSize(s))
					return
				}
				// on a grown canvas the names are at least the minimum in its own units
				require.GreaterOrEqual(t, d.LabelSize, cv.minLabel-1e-9, "labels below the minimum on a canvas %.0f wide", d.List.Width)
				require.NoError(t, checkDrawing(d, format))
			})
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
		for _, detail := range []Detail{DetailAuto, DetailGroups} {
			opt.Detail = detail
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
		}
	})
}

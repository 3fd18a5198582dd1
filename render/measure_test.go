package render

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// relationCrossings counts pairs of relations, without a shared end, whose
// centre-to-centre segments cross.
func relationCrossings(pos map[string][2]float64, rels []graph.Relation) int {
	n := 0
	for i, a := range rels {
		for _, b := range rels[i+1:] {
			if a.A == b.A || a.A == b.B || a.B == b.A || a.B == b.B {
				continue
			}
			if segmentsCross(pos[a.A], pos[a.B], pos[b.A], pos[b.B]) {
				n++
			}
		}
	}
	return n
}

func segmentsCross(p1, p2, p3, p4 [2]float64) bool {
	d := func(a, b, c [2]float64) float64 { return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]) }
	d1, d2 := d(p3, p4, p1), d(p3, p4, p2)
	d3, d4 := d(p1, p2, p3), d(p1, p2, p4)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// positions are the centres of the drawn functions, by id.
func positions(d *Drawing) map[string][2]float64 {
	pos := map[string][2]float64{}
	for _, f := range readScene(d.List).functions {
		pos[f.id] = [2]float64{f.circle.X, f.circle.Y}
	}
	return pos
}

func TestSegmentsCross(t *testing.T) {
	assert.True(t, segmentsCross([2]float64{0, 0}, [2]float64{2, 2}, [2]float64{0, 2}, [2]float64{2, 0}))
	assert.False(t, segmentsCross([2]float64{0, 0}, [2]float64{1, 1}, [2]float64{2, 0}, [2]float64{3, 1}))
}

// neatoPositions lays m out with Graphviz neato (circles of about our
// size, overlap removal) and returns the node centres.
func neatoPositions(t *testing.T, m *graph.Map) map[string][2]float64 {
	t.Helper()
	var dot strings.Builder
	dot.WriteString("graph G { overlap=false; splines=false; node [shape=circle, width=1.6, fixedsize=true];\n")
	for _, f := range m.Functions {
		fmt.Fprintf(&dot, "  %q;\n", f.ID)
	}
	for _, r := range m.Relations {
		fmt.Fprintf(&dot, "  %q -- %q;\n", r.A, r.B)
	}
	dot.WriteString("}\n")
	cmd := exec.Command("neato", "-Tplain")
	cmd.Stdin = strings.NewReader(dot.String())
	out, err := cmd.Output()
	require.NoError(t, err)
	pos := map[string][2]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 4 && f[0] == "node" {
			x, _ := strconv.ParseFloat(f[2], 64)
			y, _ := strconv.ParseFloat(f[3], 64)
			pos[strings.Trim(f[1], `"`)] = [2]float64{x, y}
		}
	}
	return pos
}

// TestCrossings_Neato logs the edge crossings of our layouts against
// Graphviz neato on the examples and on random maps, and checks that the
// circle layout stays within reach of neato.
func TestCrossings_Neato(t *testing.T) {
	if _, err := exec.LookPath("neato"); err != nil {
		t.Skip("neato not installed (apt-get install graphviz)")
	}
	type tcase struct {
		name string
		m    *graph.Map
	}
	var cases []tcase
	for _, n := range exampleNames(t) {
		cases = append(cases, tcase{n, loadExample(t, n)})
	}
	for _, sz := range []struct{ n, e int }{{15, 25}, {30, 50}, {60, 120}} {
		cases = append(cases, tcase{fmt.Sprintf("random-%d-%d", sz.n, sz.e), randomMap(rand.New(rand.NewPCG(3, uint64(sz.n))), sz.n, sz.e)})
	}
	t.Logf("%-24s %8s %8s %8s", "map", "circle", "force", "neato")
	for _, tc := range cases {
		gc, err := Compose(tc.m, Options{Layout: LayoutCircle, Detail: DetailFull})
		require.NoError(t, err)
		gf, err := Compose(tc.m, Options{Layout: LayoutForce, Detail: DetailFull})
		require.NoError(t, err)
		c, f := relationCrossings(positions(gc), tc.m.Relations), relationCrossings(positions(gf), tc.m.Relations)
		nz := relationCrossings(neatoPositions(t, tc.m), tc.m.Relations)
		t.Logf("%-24s %8d %8d %8d", tc.name, c, f, nz)
		assert.LessOrEqual(t, min(c, f), 2*nz+5, "%s: our best layout crosses far more than neato", tc.name)
	}
}

// TestLayout_Stability measures how far the other circles move when one
// function is added, as the mean displacement in canvas units: laid out
// afresh, and starting from the remembered positions of the drawing
// before (Options.Prev, as the service does).
func TestLayout_Stability(t *testing.T) {
	t.Logf("%-22s %-7s %12s %12s", "map", "layout", "fresh % w", "remembered % w")
	for _, name := range exampleNames(t) {
		m := loadExample(t, name)
		m2 := m.Clone()
		m2.Functions = append(m2.Functions, graph.Function{ID: "ny", Name: "Ny funktion", Group: m.Functions[len(m.Functions)-1].Group})
		m2.Relations = append(m2.Relations, graph.Relation{ID: "rny", A: "ny", B: m.Functions[len(m.Functions)-1].ID, Rating: graph.Middle})
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			r := NewRenderer(DefaultCacheBytes)
			d1, err := r.Compose(m, Options{Layout: layout})
			require.NoError(t, err)
			fresh, err := r.Compose(m2, Options{Layout: layout})
			require.NoError(t, err)
			kept, err := r.Compose(m2, Options{Layout: layout, Prev: d1.Positions, PrevScale: d1.Scale})
			require.NoError(t, err)
			require.Equal(t, DetailFull, kept.Detail, "%s %s: the map with one function more is drawn by group", name, layout)
			mf, mk := meanMove(positions(d1), positions(fresh)), meanMove(positions(d1), positions(kept))
			t.Logf("%-22s %-7s %11.1f%% %11.1f%%", name, layout, 100*mf/d1.List.Width, 100*mk/d1.List.Width)
			assert.Less(t, mk, 0.02*d1.List.Width, "%s %s: adding one function moved the others %.0f on average", name, layout, mk)
		}
	}
	// pinned functions do not move at all
	m := loadExample(t, "demens")
	d, err := Compose(m, Options{})
	require.NoError(t, err)
	for i, f := range readScene(d.List).functions {
		x, y := f.circle.X, f.circle.Y
		m.Functions[i].X, m.Functions[i].Y = &x, &y
	}
	m.Functions = append(m.Functions, graph.Function{ID: "ny", Name: "Ny funktion"})
	d2, err := Compose(m, Options{})
	require.NoError(t, err)
	assert.Contains(t, d2.List.Class, "layout-manual")
	moved := 0
	s1, s2 := readScene(d.List), readScene(d2.List)
	at := map[string]*Circle{}
	for _, f := range s2.functions {
		at[f.id] = f.circle
	}
	for _, f := range s1.functions {
		if c := at[f.id]; c == nil || f.circle.X != c.X || f.circle.Y != c.Y {
			moved++
		}
	}
	// the new, unpinned function is drawn first, under the pinned ones
	assert.Equal(t, "ny", s2.functions[0].id)
	t.Logf("manual: %d of %d pinned functions moved when one was added", moved, len(s1.functions))
	assert.LessOrEqual(t, moved, 2)
}

// meanMove is the mean distance the functions of a moved between a and b.
func meanMove(a, b map[string][2]float64) float64 {
	sum := 0.0
	for id, p := range a {
		q := b[id]
		sum += math.Hypot(p[0]-q[0], p[1]-q[1])
	}
	return sum / float64(max(len(a), 1))
}

package place

import (
	"math"
	"os"
	"strings"
	"testing"
)

// slow reports whether the heavy tests run (RELATIONSKORT_SLOW_TESTS=1).
func slow() bool { return os.Getenv("RELATIONSKORT_SLOW_TESTS") == "1" }

// scaled returns the radii of in's nodes times res.Scale.
func scaled(in Input, res Result) []float64 {
	r := make([]float64, len(in.Nodes))
	for i, nd := range in.Nodes {
		r[i] = nd.R * res.Scale
	}
	return r
}

// checkLayout fails t unless res keeps the guarantees every layout keeps:
// one finite, rounded position per node, a scale in (0, 1], circles
// inside the area (pinned ones excepted), no two circles closer than
// Gap, the centre (unless pinned) in the middle. It returns the number of
// line hits, which the caller judges.
func checkLayout(t *testing.T, in Input, res Result) (hits int) {
	t.Helper()
	n := len(in.Nodes)
	if len(res.X) != n || len(res.Y) != n {
		t.Fatalf("Place gave %d, %d positions; want %d", len(res.X), len(res.Y), n)
	}
	if !(res.Scale > 0 && res.Scale <= 1) {
		t.Fatalf("Scale = %v; want in (0, 1]", res.Scale)
	}
	r := scaled(in, res)
	for i := 0; i < n; i++ {
		x, y := res.X[i], res.Y[i]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			t.Fatalf("node %d at (%v, %v)", i, x, y)
		}
		if math.Abs(x*100-math.Round(x*100)) > 1e-6 || math.Abs(y*100-math.Round(y*100)) > 1e-6 {
			t.Errorf("node %d at (%v, %v): not rounded to 0.01", i, x, y)
		}
		if in.Nodes[i].Pin != nil {
			continue
		}
		const eps = 1e-6
		if x-r[i] < -eps || x+r[i] > in.W+eps || y-r[i] < -eps || y+r[i] > in.H+eps {
			t.Errorf("node %d at (%.2f, %.2f), radius %.2f: outside the %gx%g area", i, x, y, r[i], in.W, in.H)
		}
		if in.Nodes[i].Centre && in.Nodes[i].Prev == nil {
			if d := math.Hypot(x-in.W/2, y-in.H/2); d > 1 {
				t.Errorf("centre node %d is %.2f from the middle; want at most 1", i, d)
			}
		}
	}
	if ov := Overlaps(res.X, res.Y, r, in.Gap*res.Scale); ov != 0 {
		t.Errorf("Overlaps = %d; want 0", ov)
	}
	return LineHits(res.X, res.Y, r, in.Edges, in.LineMargin*res.Scale)
}

// groupsOf returns each node's group for GroupStrays, the centre's left
// out.
func groupsOf(in Input) []string {
	g := make([]string, len(in.Nodes))
	for i, nd := range in.Nodes {
		if !nd.Centre {
			g[i] = nd.Group
		}
	}
	return g
}

// fill is the share of the area's width or height (the larger) that the
// circles' bounding box spans.
func fill(in Input, res Result) float64 {
	r := scaled(in, res)
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range res.X {
		x0, x1 = min(x0, res.X[i]-r[i]), max(x1, res.X[i]+r[i])
		y0, y1 = min(y0, res.Y[i]-r[i]), max(y1, res.Y[i]+r[i])
	}
	return max((x1-x0)/in.W, (y1-y0)/in.H)
}

// TestPlace_Maps checks every example and corpus map in both modes: the
// common guarantees, and in Auto mode no line through a circle, the
// drawing spread over the area (8 functions or more) and, over the
// corpus, at least 95 % of the functions with their group.
func TestPlace_Maps(t *testing.T) {
	for _, mode := range []Mode{Auto, Ring} {
		strays, grouped := 0, 0
		maps, results := layouts(t, mode)
		for i, tm := range maps {
			in := tm.in
			in.Mode = mode
			res := results[i]
			name := tm.name + map[Mode]string{Auto: "/auto", Ring: "/ring"}[mode]
			t.Run(name, func(t *testing.T) {
				hits := checkLayout(t, in, res)
				if mode == Ring {
					return
				}
				if hits != 0 {
					t.Errorf("LineHits = %d; want 0", hits)
				}
				if f := fill(in, res); len(in.Nodes) >= 8 && f < 0.8 {
					t.Errorf("the drawing spans %.0f%% of the area's width or height; want at least 80%%", 100*f)
				}
			})
			if mode == Auto && strings.HasPrefix(tm.name, "corpus") {
				strays += GroupStrays(res.X, res.Y, groupsOf(in))
				for _, g := range groupsOf(in) {
					if g != "" {
						grouped++
					}
				}
			}
		}
		if mode == Auto {
			share := float64(strays) / float64(grouped)
			t.Logf("corpus: %d of %d functions stray from their group (%.1f%%)", strays, grouped, 100*share)
			if share > 0.05 {
				t.Errorf("%.1f%% of the corpus's functions stray from their group; want at most 5%%", 100*share)
			}
		}
	}
}

// randomCases are the random maps of the property test; the large ones
// run only with RELATIONSKORT_SLOW_TESTS=1.
var randomCases = []struct {
	n, m, groups int
	slow         bool
}{
	{3, 2, 1, false},
	{10, 15, 2, false},
	{30, 60, 4, false},
	{60, 150, 5, false},
	{120, 360, 6, false},
	{250, 1000, 8, true},
	{500, 2000, 8, true},
	{500, 5000, 8, true},
}

// TestPlace_Random checks the common guarantees on random maps up to 500
// functions and 5,000 relations, in both modes, and measures how many
// (line, circle) pairs break line clearance: dense random maps cannot
// keep every line clear of every circle.
func TestPlace_Random(t *testing.T) {
	for _, rc := range randomCases {
		if rc.slow && !slow() {
			continue
		}
		for seed := uint64(1); seed <= 2; seed++ {
			in := randomInput(rc.n, rc.m, rc.groups, seed*1000+uint64(rc.n))
			for _, mode := range []Mode{Auto, Ring} {
				in.Mode = mode
				name := map[Mode]string{Auto: "auto", Ring: "ring"}[mode]
				t.Run(name, func(t *testing.T) {
					res := Place(in)
					hits := checkLayout(t, in, res)
					m := len(cleanEdges(len(in.Nodes), in.Edges))
					pairs := m * max(len(in.Nodes)-2, 1)
					t.Logf("n=%d m=%d seed=%d %s: scale %.3f, crossings %d, line hits %d (%.3f%% of line-circle pairs)",
						len(in.Nodes), m, seed, name, res.Scale, Crossings(res.X, res.Y, in.Edges), hits, 100*float64(hits)/float64(pairs))
				})
			}
		}
	}
}

// TestPlace_Odd checks inputs at the edges: nothing, one node, a zero
// area, bad radii, edges to nowhere, repeated and self edges, pins outside
// the area, every node pinned to one spot.
func TestPlace_Odd(t *testing.T) {
	base := func(n int) Input {
		in := Input{W: 800, H: 600, Gap: 10, EdgeGap: 20, LineMargin: 10}
		for i := 0; i < n; i++ {
			in.Nodes = append(in.Nodes, Node{ID: string(rune('a' + i)), R: 40})
		}
		return in
	}
	tests := []struct {
		name  string
		in    Input
		check func(t *testing.T, in Input, res Result)
	}{
		{"Empty", Input{W: 100, H: 100}, func(t *testing.T, in Input, res Result) {
			if len(res.X) != 0 || res.Scale != 1 {
				t.Errorf("Place(empty) = %v; want no positions, scale 1", res)
			}
		}},
		{"NoArea", func() Input { in := base(3); in.W = 0; return in }(), func(t *testing.T, in Input, res Result) {
			if len(res.X) != 3 {
				t.Errorf("Place gave %d positions; want 3", len(res.X))
			}
		}},
		{"One", base(1), func(t *testing.T, in Input, res Result) {
			checkLayout(t, in, res)
			if res.X[0] != 400 || res.Y[0] != 300 {
				t.Errorf("the only node is at (%v, %v); want the middle (400, 300)", res.X[0], res.Y[0])
			}
		}},
		{"BadEdges", func() Input {
			in := base(4)
			in.Edges = []Edge{{0, 1}, {1, 0}, {0, 1}, {2, 2}, {3, 9}, {-1, 2}, {1, 2}}
			return in
		}(), func(t *testing.T, in Input, res Result) {
			if hits := checkLayout(t, in, res); hits != 0 {
				t.Errorf("LineHits = %d; want 0", hits)
			}
		}},
		{"BadRadii", func() Input {
			in := base(4)
			in.Nodes[0].R = math.NaN()
			in.Nodes[1].R = -5
			in.Nodes[2].R = 0
			in.Edges = []Edge{{0, 1}, {1, 2}, {2, 3}}
			return in
		}(), func(t *testing.T, in Input, res Result) {
			for i := range in.Nodes {
				if !(in.Nodes[i].R > 0) {
					in.Nodes[i].R = 1 // what Place takes them for
				}
			}
			checkLayout(t, in, res)
		}},
		{"PinsOutside", func() Input {
			in := base(5)
			in.Nodes[0].Pin = &Point{-100, 50}
			in.Nodes[1].Pin = &Point{5000, 5000}
			in.Edges = []Edge{{0, 1}, {1, 2}, {2, 3}, {3, 4}}
			return in
		}(), func(t *testing.T, in Input, res Result) {
			checkLayout(t, in, res)
			if res.X[0] != 0 || res.Y[0] != 50 || res.X[1] != 800 || res.Y[1] != 600 {
				t.Errorf("pins at (%v, %v), (%v, %v); want them clamped to (0, 50), (800, 600)", res.X[0], res.Y[0], res.X[1], res.Y[1])
			}
		}},
		{"AllPinnedOnOneSpot", func() Input {
			in := base(3)
			for i := range in.Nodes {
				in.Nodes[i].Pin = &Point{100, 100}
			}
			return in
		}(), func(t *testing.T, in Input, res Result) {
			for i := range res.X {
				if res.X[i] != 100 || res.Y[i] != 100 {
					t.Errorf("pinned node %d moved to (%v, %v)", i, res.X[i], res.Y[i])
				}
			}
			if res.Scale != 1 {
				t.Errorf("Scale = %v; want 1: pins on top of each other are the user's choice", res.Scale)
			}
		}},
		{"PinOnRemembered", func() Input {
			in := base(3)
			in.Nodes[0].Prev = &Point{200, 300}
			in.Nodes[1].Prev = &Point{400, 300}
			in.Nodes[2].Pin = &Point{420, 300} // dropped onto node 1
			in.PrevScale = 1
			return in
		}(), func(t *testing.T, in Input, res Result) {
			// a drop lands where it was dropped; the others stay, at
			// their size (the drag moves only the dragged circle)
			want := [][2]float64{{200, 300}, {400, 300}, {420, 300}}
			for i, w := range want {
				if res.X[i] != w[0] || res.Y[i] != w[1] {
					t.Errorf("node %d at (%v, %v); want (%v, %v)", i, res.X[i], res.Y[i], w[0], w[1])
				}
			}
			if res.Scale != 1 {
				t.Errorf("Scale = %v; want 1: a drop on a circle shrinks nothing", res.Scale)
			}
		}},
		{"PinOnRememberedThenAdded", func() Input {
			// after such a drop a function is added: the drop and the
			// circle under it stay, and the new circle overlaps neither
			in := base(5)
			in.Nodes[0].Prev = &Point{200, 300}
			in.Nodes[1].Prev = &Point{400, 300}
			in.Nodes[2].Pin = &Point{420, 300}
			in.Nodes[3].Prev = &Point{600, 300}
			in.Edges = []Edge{{0, 1}, {1, 3}, {3, 4}}
			in.PrevScale = 1
			return in
		}(), func(t *testing.T, in Input, res Result) {
			want := [][2]float64{{200, 300}, {400, 300}, {420, 300}, {600, 300}}
			for i, w := range want {
				if res.X[i] != w[0] || res.Y[i] != w[1] {
					t.Errorf("node %d at (%v, %v); want (%v, %v)", i, res.X[i], res.Y[i], w[0], w[1])
				}
			}
			if res.Scale != 1 {
				t.Errorf("Scale = %v; want 1", res.Scale)
			}
			r := scaled(in, res)
			for j := 0; j < 4; j++ {
				if d := math.Hypot(res.X[4]-res.X[j], res.Y[4]-res.Y[j]); d < r[4]+r[j]+in.Gap*res.Scale {
					t.Errorf("the new node 4 at (%v, %v) overlaps node %d", res.X[4], res.Y[4], j)
				}
			}
		}},
		{"PinsAfterFresh", func() Input {
			// no remembered layout: the fresh layout's circles make way
			// for a pin
			in := base(6)
			in.Nodes[0].Pin = &Point{400, 300}
			in.Edges = []Edge{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}
			return in
		}(), func(t *testing.T, in Input, res Result) {
			if res.X[0] != 400 || res.Y[0] != 300 {
				t.Errorf("the pinned node moved to (%v, %v)", res.X[0], res.Y[0])
			}
			checkLayout(t, in, res)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, tt.in, Place(tt.in))
		})
	}
}

// TestPlace_Deterministic checks that the same input gives the same
// output to the bit.
func TestPlace_Deterministic(t *testing.T) {
	ins := []Input{randomInput(40, 90, 4, 7), randomInput(110, 250, 6, 8)}
	for _, tm := range examples(t) {
		ins = append(ins, tm.in)
	}
	for _, in := range ins {
		for _, mode := range []Mode{Auto, Ring} {
			in.Mode = mode
			a, b := Place(in), Place(in)
			if !sameResult(a, b) {
				t.Errorf("Place(%d nodes, mode %d) differs between two runs", len(in.Nodes), mode)
			}
		}
	}
}

package place

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestCrossings_Cases(t *testing.T) {
	// a square 0..10 with its corners 0 (0,0), 1 (10,0), 2 (10,10),
	// 3 (0,10), and 4 (5,0) on the bottom side
	x := []float64{0, 10, 10, 0, 5}
	y := []float64{0, 0, 10, 10, 0}
	tests := []struct {
		name  string
		edges []Edge
		want  int
	}{
		{"Diagonals", []Edge{{0, 2}, {1, 3}}, 1},
		{"Sides", []Edge{{0, 1}, {1, 2}, {2, 3}, {3, 0}}, 0},
		{"SharedEnd", []Edge{{0, 2}, {2, 1}}, 0},
		{"Repeated", []Edge{{0, 2}, {2, 0}, {0, 2}, {1, 3}}, 1},
		{"SelfAndOutOfRange", []Edge{{0, 0}, {1, 9}, {-1, 2}, {0, 2}, {1, 3}}, 1},
		{"Touching", []Edge{{4, 2}, {0, 1}}, 0},    // 4 lies on 0–1: touching is not crossing
		{"Overlapping", []Edge{{0, 4}, {4, 1}}, 0}, // share node 4
		{"Collinear", []Edge{{0, 1}, {4, 3}}, 0},   // 4–3 starts on 0–1
		{"DiagonalsAndSides", []Edge{{0, 2}, {1, 3}, {0, 1}, {2, 3}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Crossings(x, y, tt.edges); got != tt.want {
				t.Errorf("Crossings(%v) = %d; want %d", tt.edges, got, tt.want)
			}
		})
	}
}

// TestCrossings_Grid checks that the grid count used for many lines gives
// the same answer as testing every pair.
func TestCrossings_Grid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []struct{ n, m int }{{50, 450}, {200, 1200}, {500, 3000}} {
		x := make([]float64, size.n)
		y := make([]float64, size.n)
		for i := range x {
			x[i], y[i] = rng.Float64()*1000, rng.Float64()*600
		}
		// a few points on one vertical and one horizontal line, to test
		// the cover at cell borders
		for i := 0; i < 10; i++ {
			x[i] = 500
			y[i+10] = 300
		}
		var es [][2]int32
		seen := map[[2]int32]bool{}
		for len(es) < size.m {
			a, b := int32(rng.IntN(size.n)), int32(rng.IntN(size.n))
			if a == b || seen[[2]int32{min(a, b), max(a, b)}] {
				continue
			}
			seen[[2]int32{min(a, b), max(a, b)}] = true
			es = append(es, [2]int32{min(a, b), max(a, b)})
		}
		brute := 0
		for i, e := range es {
			for _, f := range es[i+1:] {
				if f[0] == e[0] || f[0] == e[1] || f[1] == e[0] || f[1] == e[1] {
					continue
				}
				if segmentsCross(x[e[0]], y[e[0]], x[e[1]], y[e[1]], x[f[0]], y[f[0]], x[f[1]], y[f[1]]) {
					brute++
				}
			}
		}
		if got := gridCrossings(x, y, es); got != brute {
			t.Errorf("gridCrossings(%d nodes, %d lines) = %d; want %d", size.n, size.m, got, brute)
		}
	}
}

func TestOverlaps(t *testing.T) {
	x := []float64{0, 25, 100}
	y := []float64{0, 0, 0}
	r := []float64{10, 10, 10}
	tests := []struct {
		gap  float64
		want int
	}{
		{0, 0},   // 25 ≥ 20
		{5, 0},   // exactly r + r + gap is enough
		{6, 1},   // 25 < 26
		{80, 2},  // and 75 < 100; 100 is enough
		{81, 3},  // every pair
		{-30, 0}, // a negative gap allows nearer, never farther
	}
	for _, tt := range tests {
		if got := Overlaps(x, y, r, tt.gap); got != tt.want {
			t.Errorf("Overlaps(gap %v) = %d; want %d", tt.gap, got, tt.want)
		}
	}
}

func TestLineHits(t *testing.T) {
	// a line from (0,0) to (100,0); circles of radius 10 at distances
	// 5, 15 and 25 from it, and one 30 beyond its end
	x := []float64{0, 100, 50, 50, 50, 130}
	y := []float64{0, 0, 5, 15, 25, 0}
	r := []float64{10, 10, 10, 10, 10, 10}
	tests := []struct {
		margin float64
		want   int
	}{
		{0, 1},  // the circle at 5
		{6, 2},  // and the one at 15
		{16, 3}, // and the one at 25
		{21, 4}, // and the one 30 past the end
	}
	for _, tt := range tests {
		if got := LineHits(x, y, r, []Edge{{0, 1}}, tt.margin); got != tt.want {
			t.Errorf("LineHits(margin %v) = %d; want %d", tt.margin, got, tt.want)
		}
	}
}

func TestGroupStrays(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		groups []string
		want   int
	}{
		{"Apart", []float64{0, 10, 100, 110}, []float64{0, 0, 0, 0}, []string{"a", "a", "b", "b"}, 0},
		// the second a sits among the bs
		{"Mixed", []float64{0, 105, 100, 110}, []float64{0, 0, 0, 0}, []string{"a", "a", "b", "b"}, 1},
		{"Alone", []float64{0, 50, 100}, []float64{0, 0, 0}, []string{"a", "b", "c"}, 0},
		{"NoGroup", []float64{0, 105, 100, 110}, []float64{0, 0, 0, 0}, []string{"", "", "b", "b"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GroupStrays(tt.x, tt.y, tt.groups); got != tt.want {
				t.Errorf("GroupStrays = %d; want %d", got, tt.want)
			}
		})
	}
}

func ExampleCrossings() {
	// the two diagonals of a square cross; its sides do not
	x := []float64{0, 10, 10, 0}
	y := []float64{0, 0, 10, 10}
	fmt.Println(Crossings(x, y, []Edge{{0, 2}, {1, 3}, {0, 1}, {1, 2}}))
	// Output: 1
}

func ExampleOverlaps() {
	// circles of radius 10, 25 apart: they touch at a gap of 5
	x, y, r := []float64{0, 25}, []float64{0, 0}, []float64{10, 10}
	fmt.Println(Overlaps(x, y, r, 5), Overlaps(x, y, r, 6))
	// Output: 0 1
}

func ExampleLineHits() {
	// a line from (0,0) to (100,0) passes 15 from a circle of radius 10
	x := []float64{0, 100, 50}
	y := []float64{0, 0, 15}
	r := []float64{10, 10, 10}
	fmt.Println(LineHits(x, y, r, []Edge{{0, 1}}, 4), LineHits(x, y, r, []Edge{{0, 1}}, 6))
	// Output: 0 1
}

func ExampleGroupStrays() {
	// the second "a" sits among the "b"s: the other "a" is 105 away,
	// the "b"s' centroid nearer
	x := []float64{0, 105, 100, 110}
	y := []float64{0, 0, 0, 0}
	fmt.Println(GroupStrays(x, y, []string{"a", "a", "b", "b"}))
	// Output: 1
}

func ExamplePlace() {
	in := Input{
		Nodes: []Node{
			{ID: "citizen", R: 90, Centre: true},
			{ID: "job", R: 70, Group: "Kommune"},
			{ID: "social", R: 70, Group: "Kommune"},
			{ID: "doctor", R: 70, Group: "Region"},
		},
		Edges: []Edge{{0, 1}, {0, 2}, {1, 2}, {2, 3}},
		W:     1450, H: 880, Gap: 24, EdgeGap: 44, LineMargin: 22,
	}
	res := Place(in)
	fmt.Println(res.X[0], res.Y[0], res.Scale)
	fmt.Println(Crossings(res.X, res.Y, in.Edges))
	// Output:
	// 725 440 1
	// 0
}

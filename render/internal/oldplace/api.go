// Package oldplace is the first release's placer (ring, force-directed and
// manual placement with repair) behind the API of render/internal/place,
// the new placement engine. The renderer uses it for the circle layout
// only (Ring mode): its repair keeps every relation clear of the circles
// it does not join, which the engine's Ring mode does not yet do. When it
// does, this directory is deleted.
//
// It is pure geometry: circles and lines in, positions and a scale out. It
// knows nothing of text, colours or maps.
package oldplace

import "math"

// Point is a position in area coordinates: x to the right, y down, the
// origin at the top left of the drawing area.
type Point struct{ X, Y float64 }

// Node is one circle to place.
type Node struct {
	ID     string  // stable id: seeds the starting position
	R      float64 // radius at full size, already sized to its text
	Group  string  // "" for no group
	Centre bool    // placed in the middle; at most one (later ones are ordinary)
	Pin    *Point  // a position the user chose: kept
	Prev   *Point  // the position of the last automatic layout
}

// Edge is a line between two nodes, by their indexes in Input.Nodes.
// Self-edges, repeats and indexes out of range are ignored.
type Edge struct{ A, B int }

// Mode chooses the layout.
type Mode int

const (
	// Auto is the network layout (here: force-directed).
	Auto Mode = iota
	// Ring puts the centre in the middle and the others on an ellipse,
	// grouped.
	Ring
)

// Input is what Place lays out.
type Input struct {
	Nodes []Node
	Edges []Edge
	W, H  float64 // the drawing area, origin top left
	// Gap is the least clearance between two circles; LineMargin the least
	// between a line and a circle it does not end at.
	Gap, LineMargin float64
	Mode            Mode
}

// Result is a layout: the centres, in the order of Input.Nodes, inside
// [0,W]×[0,H] and rounded to 0.01, and the factor the caller applies to
// every radius (and its text), Gap and LineMargin: below 1 when the circles
// do not fit at full size.
type Result struct {
	X, Y  []float64
	Scale float64
}

// Place lays out in. It never fails: an empty input gives an empty result.
//
// When any node is pinned, or every node has a remembered position, those
// positions are kept (the old manual layout) and the others placed around
// them; otherwise Mode decides and remembered positions are ignored.
func Place(in Input) Result {
	n := len(in.Nodes)
	res := Result{X: make([]float64, n), Y: make([]float64, n), Scale: 1}
	if n == 0 || !(in.W > 0) || !(in.H > 0) {
		return res
	}
	p := newPlacer(&in)
	var s float64
	if p.keepsPositions(&in) {
		s = p.placeKept(&in)
	} else {
		s = p.placeFresh(&in)
	}
	for i := 0; i < n; i++ {
		res.X[i] = rnd(min(max(p.x[i], 0), in.W))
		res.Y[i] = rnd(min(max(p.y[i], 0), in.H))
	}
	res.Scale = s
	return res
}

// Crossings counts the pairs of edges without a shared end whose
// centre-to-centre segments cross.
func Crossings(x, y []float64, edges []Edge) int {
	n := 0
	for i, a := range edges {
		for _, b := range edges[i+1:] {
			if a.A == b.A || a.A == b.B || a.B == b.A || a.B == b.B {
				continue
			}
			if segmentsCross(x[a.A], y[a.A], x[a.B], y[a.B], x[b.A], y[b.A], x[b.B], y[b.B]) {
				n++
			}
		}
	}
	return n
}

func segmentsCross(x1, y1, x2, y2, x3, y3, x4, y4 float64) bool {
	d := func(ax, ay, bx, by, cx, cy float64) float64 { return (bx-ax)*(cy-ay) - (by-ay)*(cx-ax) }
	d1, d2 := d(x3, y3, x4, y4, x1, y1), d(x3, y3, x4, y4, x2, y2)
	d3, d4 := d(x1, y1, x2, y2, x3, y3), d(x1, y1, x2, y2, x4, y4)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// rnd rounds to 0.01, without a negative zero.
func rnd(v float64) float64 {
	r := math.Round(v*100) / 100
	if r == 0 {
		return 0
	}
	return r
}

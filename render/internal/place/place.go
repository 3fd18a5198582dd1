package place

import (
	"math"
)

// Point is a position in area coordinates: x to the right, y down, the
// origin at the top left of the drawing area.
type Point struct{ X, Y float64 }

// Node is one circle to place.
type Node struct {
	ID     string  // stable id: breaks ties and seeds choices, so that a node's fate does not depend on its index
	R      float64 // radius the circle needs at full size (already sized to its text)
	Group  string  // "" for no group
	Centre bool    // the centre function: placed in the middle; at most one (later ones are ordinary nodes)
	Pin    *Point  // a position the user chose: never moved
	Prev   *Point  // the position from the last automatic layout: kept when possible
}

// Edge is a line between two nodes, given by their indexes in
// Input.Nodes. Self-edges, repeats and indexes out of range are ignored.
type Edge struct{ A, B int }

// Mode chooses the layout.
type Mode int

const (
	// Auto is the default network layout: few crossings, groups
	// together, the centre in the middle.
	Auto Mode = iota
	// Ring puts the centre in the middle and the others on an ellipse,
	// each group a contiguous sector.
	Ring
)

// Input is what Place lays out.
type Input struct {
	Nodes []Node
	Edges []Edge
	W, H  float64 // the drawing area, origin top left
	// Gap is the least clearance between two circles.
	Gap float64
	// EdgeGap is the least clearance between two circles joined by a
	// line, room for the line's rating badge; Gap when smaller.
	EdgeGap float64
	// LineMargin is the least clearance between a line and a circle it
	// does not end at.
	LineMargin float64
	Mode       Mode
	// PrevScale is the Scale of the layout the Prev positions come from,
	// 0 if not known. With it a remembered layout keeps its scale too
	// (lowered only if circles would now overlap), so that circles and
	// text do not grow or shrink as functions come and go.
	PrevScale float64
	// MinScale is the least Scale the caller can use, 0 for any: the
	// renderer draws a map by group instead when the names would come
	// out too small to read. A fresh Auto layout whose circles must
	// start, or once spread apart must be, so small that its Scale cannot
	// be expected to reach MinScale (see startHeadroom) is then not
	// worked out further: Place returns it as far as it got (without
	// stress when the circles' area alone rules MinScale out), its
	// circles apart and inside the area, with a Scale below MinScale.
	// Any other layout is the same as without MinScale.
	MinScale float64
}

// Result is a layout.
type Result struct {
	// X, Y are the circles' centres, in the order of Input.Nodes, inside
	// [0,W]×[0,H], rounded to 0.01.
	X, Y []float64
	// Scale is 1 when the circles fit at full size; below 1 the caller
	// draws every radius (and its text), Gap and LineMargin times Scale.
	Scale float64
}

// Place lays out in. It never fails: an empty input or an empty area
// gives positions at the origin and scale 1, and a map too dense for its
// area gets a Scale below 1.
//
// When every node has a Pin or a Prev, Place returns those positions as
// they are (clamped into the area; all scaled towards the middle if the
// area shrank below them), a pin dropped onto a remembered circle too:
// neither moves. When at least half the nodes have one,
// the others are fitted in among them (see the package doc). Otherwise
// the map is laid out afresh, Prev ignored, and pinned nodes are put back
// on their pins afterwards, the others making way.
func Place(in Input) Result {
	n := len(in.Nodes)
	res := Result{X: make([]float64, n), Y: make([]float64, n), Scale: 1}
	if n == 0 || !(in.W > 0) || !(in.H > 0) {
		return res
	}
	l := newLayout(&in)
	l.run()
	if l.gaveUp && !(l.s > 0) {
		// the layout given up on has circles on top of each other: lay
		// it out in full after all, so that every result keeps the
		// guarantees
		full := in
		full.MinScale = 0
		l = newLayout(&full)
		l.run()
	}
	for i := 0; i < n; i++ {
		res.X[i], res.Y[i] = l.x[i], l.y[i]
	}
	res.Scale = l.s
	return res
}

// round2 rounds to 0.01.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

package place

import (
	"hash/fnv"
	"math"
)

// layout is the working state of one Place call.
type layout struct {
	in     *Input
	n      int
	r      []float64  // radii at full size
	es     [][2]int32 // clean edges, smaller index first
	nbr    [][]int32  // neighbours of each node
	inc    [][]int32  // incident edge indexes of each node
	group  []int32    // group index, -1 for none
	ng     int        // number of groups
	centre int        // the centre node, -1 if none
	pinned []bool     // never moved
	kept   bool       // keep and extend: see mayOverlap
	ids    []string

	gap, egap, margin float64 // at full size

	// the drawing: area coordinates and the scale of radii, gaps and margins
	x, y []float64
	s    float64

	// group centroid sums (the centre left out), kept by moveTo
	gsx, gsy, gcnt []float64
	d              []float64 // target distances in edge lengths, n×n (fresh layouts)
	kx, ky         float64   // area units per edge length along x and y, since the last fit

	lines      bool   // keep lines clear of circles (false when hopeless)
	crossAware bool   // repairs count crossings (false on large maps)
	off        []bool // nodes not placed yet (extend); nil when all are
	movable    []bool // the nodes relieve may move; nil for all
	grid       *grid  // nil until buildGrid, or for small maps

	// whether a fresh layout stopped because it could not reach
	// Input.MinScale, and the working scale it stopped at
	gaveUp   bool
	gaveUpAt float64

	// Ring mode: the ellipse's arc length, sampled, and its half-axes
	arc        []float64
	arcA, arcB float64
	// every node and every line, the answer to queries on small maps
	allNodes, allEdges []int32
	allCells           [][]int32 // every node as the one cell of cellsAlong
	rmaxV              float64   // cache of rmax()
	work               int       // tests made, for budgets
	// scratch
	mark      []bool
	sc        spotCheck  // relieve's
	cc        crossCheck // search's and relieve's
	markedFor []int32
}

func newLayout(in *Input) *layout {
	n := len(in.Nodes)
	l := &layout{in: in, n: n, centre: -1, s: 1, lines: true, crossAware: true}
	l.r = make([]float64, n)
	l.group = make([]int32, n)
	l.pinned = make([]bool, n)
	l.ids = make([]string, n)
	l.x = make([]float64, n)
	l.y = make([]float64, n)
	gi := map[string]int32{}
	for i, nd := range in.Nodes {
		r := nd.R
		if !(r > 0) || math.IsInf(r, 0) {
			r = 1
		}
		l.r[i] = r
		l.ids[i] = nd.ID
		l.group[i] = -1
		if nd.Group != "" {
			g, ok := gi[nd.Group]
			if !ok {
				g = int32(len(gi))
				gi[nd.Group] = g
			}
			l.group[i] = g
		}
		if nd.Centre && l.centre < 0 {
			l.centre = i
		}
		if nd.Pin != nil && finite(nd.Pin.X) && finite(nd.Pin.Y) {
			l.pinned[i] = true
			l.x[i] = min(max(nd.Pin.X, 0), in.W)
			l.y[i] = min(max(nd.Pin.Y, 0), in.H)
		}
	}
	l.ng = len(gi)
	l.gap = nonneg(in.Gap)
	l.egap = max(nonneg(in.EdgeGap), l.gap)
	l.margin = nonneg(in.LineMargin)
	l.es = cleanEdges(n, in.Edges)
	l.nbr = make([][]int32, n)
	l.inc = make([][]int32, n)
	for k, e := range l.es {
		a, b := e[0], e[1]
		l.nbr[a] = append(l.nbr[a], b)
		l.nbr[b] = append(l.nbr[b], a)
		l.inc[a] = append(l.inc[a], int32(k))
		l.inc[b] = append(l.inc[b], int32(k))
	}
	return l
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func nonneg(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// hasPrev reports whether node i has a usable remembered position.
func (l *layout) hasPrev(i int) bool {
	p := l.in.Nodes[i].Prev
	return p != nil && finite(p.X) && finite(p.Y)
}

// hash64 mixes a node id with a salt into a number that does not depend
// on the node's index or on the other nodes.
func hash64(id string, salt uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(salt >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(id))
	v := h.Sum64()
	// a finaliser, so that close ids give unrelated numbers
	v ^= v >> 33
	v *= 0xff51afd7ed558ccd
	v ^= v >> 33
	return v
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

func (l *layout) run() {
	withPos := 0
	for i := 0; i < l.n; i++ {
		if l.pinned[i] || l.hasPrev(i) {
			withPos++
		}
	}
	switch {
	case withPos == l.n:
		l.keep()
		l.finish(false)
		l.keepScale()
	case withPos*2 >= l.n && withPos > l.pinnedCount():
		l.extend()
		l.finish(true)
		l.keepScale()
	case l.in.Mode == Ring:
		l.ring()
		l.finish(true)
	default:
		l.fresh()
		l.pinsAfterFresh()
		l.finish(!l.gaveUp)
		if l.gaveUp {
			// below MinScale, as promised, whatever the pins did
			l.s = min(l.s, l.gaveUpAt)
		}
	}
}

// mayOverlap reports whether circles i and j may overlap: where the user
// put both (two pins), and, when a remembered layout is kept or extended,
// a pin and a circle that was already in place: a circle dropped by hand
// lands where it was dropped, and the others neither make way nor
// shrink (dragging one circle moves only that circle). A fresh layout
// moves the others out of a pin's way (pinsAfterFresh).
func (l *layout) mayOverlap(i, j int) bool {
	if l.pinned[i] && l.pinned[j] {
		return true
	}
	if !l.kept {
		return false
	}
	// one is pinned; the other was in place already (pinned or remembered)
	return l.pinned[i] && l.hasPrev(j) || l.pinned[j] && l.hasPrev(i)
}

func (l *layout) pinnedCount() int {
	c := 0
	for _, p := range l.pinned {
		if p {
			c++
		}
	}
	return c
}

// isOff reports whether node i is not placed yet.
func (l *layout) isOff(i int32) bool { return l.off != nil && l.off[i] }

// pinsAfterFresh puts pinned nodes back on their pins after a fresh
// layout (which ignores them) and moves the others out of their way.
func (l *layout) pinsAfterFresh() {
	if l.pinnedCount() == 0 {
		return
	}
	for i, nd := range l.in.Nodes {
		if l.pinned[i] {
			l.x[i] = min(max(nd.Pin.X, 0), l.in.W)
			l.y[i] = min(max(nd.Pin.Y, 0), l.in.H)
		}
	}
	l.makeWay()
}

// keepScale holds a remembered layout to its remembered scale
// (Input.PrevScale), unless circles would now overlap at it: the scale
// is then the largest at which they do not, as maxScale finds without
// the lines (which were clear at the remembered scale unless a relation
// was added or a circle grew; LineHits counts those).
func (l *layout) keepScale() {
	p := l.in.PrevScale
	if !(p > 0) || math.IsInf(p, 0) {
		return
	}
	l.s = min(p, 1, l.circleScale())
}

// circleScale is the largest scale at which no circles overlap and the
// circles that are not pinned lie inside the area (maxScale without the
// lines), at most 1.
func (l *layout) circleScale() float64 {
	s := 1.0
	for i := 0; i < l.n; i++ {
		if !l.pinned[i] {
			r := l.r[i]
			s = min(s, l.x[i]/r, (l.in.W-l.x[i])/r, l.y[i]/r, (l.in.H-l.y[i])/r)
		}
		for j := i + 1; j < l.n; j++ {
			if l.mayOverlap(i, j) {
				continue
			}
			d := math.Hypot(l.x[i]-l.x[j], l.y[i]-l.y[j])
			s = min(s, d/(l.r[i]+l.r[j]+l.clearance(i, j)))
		}
	}
	if s < 1 {
		s *= 1 - 1e-9
	}
	return max(s, 0)
}

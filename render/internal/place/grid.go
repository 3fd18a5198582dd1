package place

import "math"

// grid buckets node centres and the lines between them into square cells
// over the area, so that the questions the layout asks (which circles are
// near this spot, which lines pass near it, which lines may cross this
// one) cost about the size of the answer rather than n or m. Lines are
// listed in every cell they may pass through (a conservative cover).
// Positions outside the area fall into the border cells.
type grid struct {
	cs     float64 // cell size
	nx, ny int
	nodes  [][]int32 // per cell: nodes whose centre lies in it
	edges  [][]int32 // per cell: lines that may pass through it
	ncell  []int32   // the cell of each node

	stamp []int32 // per line: the query that last saw it
	epoch int32
	out   []int32 // the answer of the last edge query
	nout  []int32 // the answer of the last node query
	cbuf  []int32 // the answer of the last cover
	stale bool    // edges not filed since the last build
}

// A grid pays off only beyond these sizes.
const (
	gridNodes = 100
	gridEdges = 300
)

// buildGrid (re)builds the grid for the current positions, with cells
// about as large as the largest circle's diameter plus clearances at the
// current scale, but no more than about 4n cells.
func (l *layout) buildGrid() {
	if l.n <= gridNodes && len(l.es) <= gridEdges {
		// small: every query answers everything, which is faster
		if l.allNodes == nil {
			l.allNodes = make([]int32, l.n)
			for i := range l.allNodes {
				l.allNodes[i] = int32(i)
			}
			l.allEdges = make([]int32, len(l.es))
			for i := range l.allEdges {
				l.allEdges[i] = int32(i)
			}
		}
		return
	}
	rmax := 0.0
	for _, r := range l.r {
		rmax = max(rmax, r)
	}
	cs := 2 * (rmax + max(l.egap, l.margin)) * l.s
	cs = max(cs, math.Sqrt(l.in.W*l.in.H/float64(4*max(l.n, 1))), 1e-6)
	nx := min(int(l.in.W/cs)+1, 4096)
	ny := min(int(l.in.H/cs)+1, 4096)
	g := l.grid
	if g != nil && g.nx == nx && g.ny == ny {
		// the same cells: keep the slices' room
		g.cs = cs
		for c := range g.nodes {
			g.nodes[c] = g.nodes[c][:0]
		}
	} else {
		g = &grid{cs: cs, nx: nx, ny: ny}
		g.nodes = make([][]int32, nx*ny)
		g.edges = make([][]int32, nx*ny)
		g.ncell = make([]int32, l.n)
		g.stamp = make([]int32, len(l.es))
		l.grid = g
	}
	for v := 0; v < l.n; v++ {
		c := g.cellOf(l.x[v], l.y[v])
		g.ncell[v] = int32(c)
		g.nodes[c] = append(g.nodes[c], int32(v))
	}
	// the lines are filed when first asked for: spread rebuilds the grid
	// every round but asks only for nodes
	g.stale = true
}

// fileEdges files every line in the cells it may pass through.
func (l *layout) fileEdges() {
	g := l.grid
	for c := range g.edges {
		g.edges[c] = g.edges[c][:0]
	}
	for k, e := range l.es {
		for _, c := range g.cover(l.x[e[0]], l.y[e[0]], l.x[e[1]], l.y[e[1]], 0) {
			g.edges[c] = append(g.edges[c], int32(k))
		}
	}
	g.stale = false
}

func (g *grid) col(x float64) int {
	return min(max(int(math.Floor(x/g.cs)), 0), g.nx-1)
}

func (g *grid) row(y float64) int {
	return min(max(int(math.Floor(y/g.cs)), 0), g.ny-1)
}

func (g *grid) cellOf(x, y float64) int { return g.row(y)*g.nx + g.col(x) }

// cover returns the cells that come within pad of segment (x1,y1)-(x2,y2),
// column by column (the slice is reused by the next call).
func (g *grid) cover(x1, y1, x2, y2, pad float64) []int32 {
	g.cbuf = g.cbuf[:0]
	if x1 > x2 {
		x1, y1, x2, y2 = x2, y2, x1, y1
	}
	c0, c1 := g.col(x1-pad), g.col(x2+pad)
	for c := c0; c <= c1; c++ {
		// the segment's y-range over this column widened by pad
		lo := max(float64(c)*g.cs-pad, x1)
		hi := min(float64(c+1)*g.cs+pad, x2)
		if c == 0 {
			lo = x1
		}
		if c == g.nx-1 {
			hi = x2
		}
		lo, hi = min(lo, hi), max(lo, hi)
		ya, yb := y1, y2
		if x2 > x1 {
			ya = y1 + (y2-y1)*(lo-x1)/(x2-x1)
			yb = y1 + (y2-y1)*(hi-x1)/(x2-x1)
		}
		r0 := g.row(min(ya, yb) - pad - 1e-9*g.cs)
		r1 := g.row(max(ya, yb) + pad + 1e-9*g.cs)
		for r := r0; r <= r1; r++ {
			g.cbuf = append(g.cbuf, int32(r*g.nx+c))
		}
	}
	return g.cbuf
}

// moveNode updates the grid for node v moving from its current position
// to (px, py); call it before changing l.x, l.y.
func (l *layout) gridMove(v int, px, py float64) {
	g := l.grid
	if g == nil {
		return
	}
	if c := int32(g.cellOf(px, py)); c != g.ncell[v] {
		old := g.nodes[g.ncell[v]]
		for i, u := range old {
			if int(u) == v {
				old[i] = old[len(old)-1]
				g.nodes[g.ncell[v]] = old[:len(old)-1]
				break
			}
		}
		g.nodes[c] = append(g.nodes[c], int32(v))
		g.ncell[v] = c
	}
	if g.stale {
		return // filed from scratch when next asked for
	}
	for _, k := range l.inc[v] {
		e := l.es[k]
		u := e[0]
		if int(u) == v {
			u = e[1]
		}
		for _, c := range g.cover(l.x[v], l.y[v], l.x[u], l.y[u], 0) {
			list := g.edges[c]
			for i, f := range list {
				if f == k {
					list[i] = list[len(list)-1]
					g.edges[c] = list[:len(list)-1]
					break
				}
			}
		}
		for _, c := range g.cover(px, py, l.x[u], l.y[u], 0) {
			g.edges[c] = append(g.edges[c], k)
		}
	}
}

// nodesNear returns the nodes whose centre may lie within rad of (px, py)
// (a superset; the slice is reused by the next call).
func (l *layout) nodesNear(px, py, rad float64) []int32 {
	if l.grid == nil {
		return l.allNodes
	}
	g := l.grid
	g.nout = g.nout[:0]
	c0, c1 := g.col(px-rad), g.col(px+rad)
	r0, r1 := g.row(py-rad), g.row(py+rad)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			g.nout = append(g.nout, g.nodes[r*g.nx+c]...)
		}
	}
	return g.nout
}

// nodesAlong returns the nodes whose centre may lie within pad of segment
// (x1,y1)-(x2,y2) (a superset; the slice is reused by the next call).
func (l *layout) nodesAlong(x1, y1, x2, y2, pad float64) []int32 {
	if l.grid == nil {
		return l.allNodes
	}
	g := l.grid
	g.nout = g.nout[:0]
	for _, c := range g.cover(x1, y1, x2, y2, pad) {
		g.nout = append(g.nout, g.nodes[c]...)
	}
	return g.nout
}

// cellsAlong is nodesAlong without the copying: the nodes are those of
// lists[c] for each c in cells, in nodesAlong's order (cells is reused
// by the next call).
func (l *layout) cellsAlong(x1, y1, x2, y2, pad float64) (cells []int32, lists [][]int32) {
	if l.grid == nil {
		if l.allCells == nil {
			l.allCells = [][]int32{l.allNodes}
		}
		return oneCell[:], l.allCells
	}
	return l.grid.cover(x1, y1, x2, y2, pad), l.grid.nodes
}

var oneCell = [1]int32{0}

// edgesNear returns, once each, the lines that may pass within rad of (px,
// py) (a superset; the slice is reused by the next call).
func (l *layout) edgesNear(px, py, rad float64) []int32 {
	if l.grid == nil {
		return l.allEdges
	}
	if l.grid.stale {
		l.fileEdges()
	}
	g := l.grid
	g.next()
	c0, c1 := g.col(px-rad), g.col(px+rad)
	r0, r1 := g.row(py-rad), g.row(py+rad)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			g.collect(int32(r*g.nx + c))
		}
	}
	return g.out
}

// edgesAlong returns, once each, the lines that may come within pad of
// segment (x1,y1)-(x2,y2) (a superset; the slice is reused by the next
// call).
func (l *layout) edgesAlong(x1, y1, x2, y2, pad float64) []int32 {
	if l.grid == nil {
		return l.allEdges
	}
	if l.grid.stale {
		l.fileEdges()
	}
	g := l.grid
	g.next()
	for _, c := range g.cover(x1, y1, x2, y2, pad) {
		g.collect(c)
	}
	return g.out
}

func (g *grid) next() {
	g.out = g.out[:0]
	g.epoch++
	if g.epoch == math.MaxInt32 {
		for i := range g.stamp {
			g.stamp[i] = 0
		}
		g.epoch = 1
	}
}

func (g *grid) collect(c int32) {
	for _, k := range g.edges[c] {
		if g.stamp[k] != g.epoch {
			g.stamp[k] = g.epoch
			g.out = append(g.out, k)
		}
	}
}

package place

import "math"

// orient is twice the signed area of the triangle a, b, c: positive when
// c lies to the left of a→b.
func orient(ax, ay, bx, by, cx, cy float64) float64 {
	return (bx-ax)*(cy-ay) - (by-ay)*(cx-ax)
}

// segmentsCross reports whether segments p1p2 and p3p4 cross properly:
// each separates the other's ends strictly. Segments that only touch, or
// lie on one line, do not cross.
func segmentsCross(x1, y1, x2, y2, x3, y3, x4, y4 float64) bool {
	if max(x1, x2) < min(x3, x4) || max(x3, x4) < min(x1, x2) ||
		max(y1, y2) < min(y3, y4) || max(y3, y4) < min(y1, y2) {
		return false
	}
	d1 := orient(x3, y3, x4, y4, x1, y1)
	d2 := orient(x3, y3, x4, y4, x2, y2)
	if d1 == 0 || d2 == 0 || (d1 > 0) == (d2 > 0) {
		return false
	}
	d3 := orient(x1, y1, x2, y2, x3, y3)
	d4 := orient(x1, y1, x2, y2, x4, y4)
	return d3 != 0 && d4 != 0 && (d3 > 0) != (d4 > 0)
}

// segDist2 is the squared distance from point p to segment ab.
func segDist2(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = ((px-ax)*dx + (py-ay)*dy) / l2
		t = min(max(t, 0), 1)
	}
	qx, qy := ax+t*dx-px, ay+t*dy-py
	return qx*qx + qy*qy
}

// cleanEdges returns the edges with both ends in [0, n), self-edges and
// repeats (in either direction) dropped, in first-seen order, each with
// its smaller index first.
func cleanEdges(n int, edges []Edge) [][2]int32 {
	out := make([][2]int32, 0, len(edges))
	seen := make(map[[2]int32]struct{}, len(edges))
	for _, e := range edges {
		a, b := e.A, e.B
		if a < 0 || b < 0 || a >= n || b >= n || a == b {
			continue
		}
		k := [2]int32{int32(min(a, b)), int32(max(a, b))}
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, k)
	}
	return out
}

// Crossings counts the pairs of lines that cross, among the straight
// lines between the centres x, y given by edges, counting only pairs of
// lines that share no node: lines that meet at a circle do not cross.
// Self-edges, repeated edges and edges with an index out of range are
// ignored. Lines that merely touch or overlap along one line do not
// count. Large inputs are counted on a grid in about O(m·√m) time.
func Crossings(x, y []float64, edges []Edge) int {
	n := min(len(x), len(y))
	es := cleanEdges(n, edges)
	return countCrossings(x, y, es)
}

func countCrossings(x, y []float64, es [][2]int32) int {
	if len(es) > 400 {
		return gridCrossings(x, y, es)
	}
	c := 0
	for i, e := range es {
		a, b := e[0], e[1]
		x1, y1, x2, y2 := x[a], y[a], x[b], y[b]
		for _, f := range es[i+1:] {
			if f[0] == a || f[0] == b || f[1] == a || f[1] == b {
				continue
			}
			if segmentsCross(x1, y1, x2, y2, x[f[0]], y[f[0]], x[f[1]], y[f[1]]) {
				c++
			}
		}
	}
	return c
}

// gridCrossings counts as countCrossings does, testing only pairs of
// edges that share a cell of a uniform grid.
func gridCrossings(x, y []float64, es [][2]int32) int {
	g := newSegGrid(x, y, es)
	stamp := make([]int32, len(es))
	for i := range stamp {
		stamp[i] = -1
	}
	c := 0
	for i, e := range es {
		a, b := e[0], e[1]
		x1, y1, x2, y2 := x[a], y[a], x[b], y[b]
		g.visit(x1, y1, x2, y2, func(cell int) {
			for _, f := range g.cells[cell] {
				if int(f) <= i || stamp[f] == int32(i) {
					continue
				}
				stamp[f] = int32(i)
				fe := es[f]
				if fe[0] == a || fe[0] == b || fe[1] == a || fe[1] == b {
					continue
				}
				if segmentsCross(x1, y1, x2, y2, x[fe[0]], y[fe[0]], x[fe[1]], y[fe[1]]) {
					c++
				}
			}
		})
	}
	return c
}

// segGrid is a uniform grid over a set of segments; each cell lists the
// segments that may pass through it (a conservative cover).
type segGrid struct {
	x0, y0, cs float64
	nx, ny     int
	cells      [][]int32
}

func newSegGrid(x, y []float64, es [][2]int32) *segGrid {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	total := 0.0
	for _, e := range es {
		for _, v := range e {
			x0, y0 = min(x0, x[v]), min(y0, y[v])
			x1, y1 = max(x1, x[v]), max(y1, y[v])
		}
		total += math.Hypot(x[e[1]]-x[e[0]], y[e[1]]-y[e[0]])
	}
	g := &segGrid{x0: x0, y0: y0}
	w, h := max(x1-x0, 1e-9), max(y1-y0, 1e-9)
	// about as many cells as segments, but no smaller than a typical
	// segment's length over four
	cs := math.Sqrt(w * h / float64(max(len(es), 1)))
	if len(es) > 0 {
		cs = max(cs, total/float64(len(es))/4)
	}
	cs = max(cs, max(w, h)/1024)
	g.cs = cs
	g.nx = int(w/cs) + 1
	g.ny = int(h/cs) + 1
	g.cells = make([][]int32, g.nx*g.ny)
	for i, e := range es {
		g.visit(x[e[0]], y[e[0]], x[e[1]], y[e[1]], func(cell int) {
			g.cells[cell] = append(g.cells[cell], int32(i))
		})
	}
	return g
}

// visit calls f for every cell that segment (x1,y1)-(x2,y2) may touch,
// each once, column by column.
func (g *segGrid) visit(x1, y1, x2, y2 float64, f func(cell int)) {
	if x1 > x2 {
		x1, y1, x2, y2 = x2, y2, x1, y1
	}
	c0, c1 := g.col(x1), g.col(x2)
	for c := c0; c <= c1; c++ {
		// the segment's y-range within this column
		lo, hi := x1, x2
		cx0, cx1 := g.x0+float64(c)*g.cs, g.x0+float64(c+1)*g.cs
		lo, hi = max(lo, cx0), min(hi, cx1)
		ya, yb := y1, y1
		if x2 > x1 {
			ya = y1 + (y2-y1)*(lo-x1)/(x2-x1)
			yb = y1 + (y2-y1)*(hi-x1)/(x2-x1)
		} else {
			yb = y2
		}
		r0, r1 := g.row(min(ya, yb)-1e-9*g.cs), g.row(max(ya, yb)+1e-9*g.cs)
		for r := r0; r <= r1; r++ {
			f(r*g.nx + c)
		}
	}
}

func (g *segGrid) col(x float64) int {
	return min(max(int(math.Floor((x-g.x0)/g.cs)), 0), g.nx-1)
}

func (g *segGrid) row(y float64) int {
	return min(max(int(math.Floor((y-g.y0)/g.cs)), 0), g.ny-1)
}

// Overlaps counts the pairs of circles (centres x, y, radii r) that are
// closer than r_i + r_j + gap. Pass radii and gap multiplied by
// Result.Scale to check a layout.
func Overlaps(x, y, r []float64, gap float64) int {
	n := min(len(x), len(y), len(r))
	c := 0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			d := r[i] + r[j] + gap
			dx, dy := x[i]-x[j], y[i]-y[j]
			if dx*dx+dy*dy < d*d {
				c++
			}
		}
	}
	return c
}

// LineHits counts the pairs (line, circle) where the line passes closer
// than r + margin to the centre of a circle it does not end at. Pass radii
// and margin multiplied by Result.Scale to check a layout. Edges are
// cleaned as in Crossings.
func LineHits(x, y, r []float64, edges []Edge, margin float64) int {
	n := min(len(x), len(y), len(r))
	c := 0
	for _, e := range cleanEdges(n, edges) {
		a, b := e[0], e[1]
		ax, ay, bx, by := x[a], y[a], x[b], y[b]
		for v := 0; v < n; v++ {
			if int32(v) == a || int32(v) == b {
				continue
			}
			d := r[v] + margin
			if x[v]+d < min(ax, bx) || x[v]-d > max(ax, bx) || y[v]+d < min(ay, by) || y[v]-d > max(ay, by) {
				continue
			}
			if segDist2(x[v], y[v], ax, ay, bx, by) < d*d {
				c++
			}
		}
	}
	return c
}

// GroupStrays counts the nodes that do not sit with their group: a node
// of a group of two or more strays when the centroid of the other members
// of its group is farther from it than the centroid of some other group.
// Nodes without a group, and the only member of a group, never stray; the
// caller leaves out the centre function (which sits in the middle whatever
// its group) by passing "" as its group.
func GroupStrays(x, y []float64, groups []string) int {
	n := min(len(x), len(y), len(groups))
	idx := map[string]int{}
	var sx, sy, cnt []float64
	gi := make([]int, n)
	for i := 0; i < n; i++ {
		if groups[i] == "" {
			gi[i] = -1
			continue
		}
		g, ok := idx[groups[i]]
		if !ok {
			g = len(cnt)
			idx[groups[i]] = g
			sx, sy, cnt = append(sx, 0), append(sy, 0), append(cnt, 0)
		}
		gi[i] = g
		sx[g] += x[i]
		sy[g] += y[i]
		cnt[g]++
	}
	strays := 0
	for i := 0; i < n; i++ {
		g := gi[i]
		if g < 0 || cnt[g] < 2 {
			continue
		}
		ox, oy := (sx[g]-x[i])/(cnt[g]-1), (sy[g]-y[i])/(cnt[g]-1)
		own := math.Hypot(x[i]-ox, y[i]-oy)
		for h := range cnt {
			if h == g {
				continue
			}
			if math.Hypot(x[i]-sx[h]/cnt[h], y[i]-sy[h]/cnt[h]) < own {
				strays++
				break
			}
		}
	}
	return strays
}

package place

import "math"

// spotCheck holds, for one node about to try several spots within reach
// of where it stands, everything violationsAbove would look at for any of
// those spots: the circles near enough to overlap, the lines near enough
// to pass too close, and for each of its lines the circles near enough to
// be passed through. Gathered once, it makes trying a spot cost about the
// size of the neighbourhood instead of a grid walk along every line.
type spotCheck struct {
	v       int
	nodes   []disc   // circles that may come too close, with the distance to keep from their centres
	edges   []seg    // other lines that may come too close
	along   [][]disc // per neighbour (as in l.nbr[v]): circles its line may pass through, with the margin
	alongAt []disc   // storage for along
	ends    []int    // scratch
}

// disc is a circle's centre and a distance to keep from it.
type disc struct{ x, y, d float64 }

// prepare fills c for node v at (px, py) and spots no farther than reach
// from it. Every list is a superset of what could matter at such a spot:
// moving v by at most reach moves each point of its lines by at most
// reach, so a circle or line farther than its clearance plus reach from
// the drawing as it stands cannot matter.
func (l *layout) prepareSpots(c *spotCheck, v int, px, py, reach float64) {
	s := l.s
	rv := l.r[v] * s
	m := l.margin * s
	reach = reach*(1+1e-9) + 1e-9*(1+l.in.W+l.in.H) // against rounding
	c.v = v
	c.nodes = c.nodes[:0]
	isNbr := l.nbrMark(v)
	for _, j := range l.nodesNear(px, py, rv+(l.rmax()+l.egap)*s+reach) {
		if int(j) == v || l.isOff(j) {
			continue
		}
		d := rv + (l.r[j]+l.egap)*s + reach
		dx, dy := px-l.x[j], py-l.y[j]
		if dx*dx+dy*dy < d*d {
			g := l.gap
			if isNbr[j] {
				g = l.egap
			}
			c.nodes = append(c.nodes, disc{l.x[j], l.y[j], rv + (l.r[j]+g)*s})
		}
	}
	c.edges = c.edges[:0]
	c.along = c.along[:0]
	if !l.lines {
		return
	}
	d := rv + m + reach
	for _, k := range l.edgesNear(px, py, d) {
		a, b := l.es[k][0], l.es[k][1]
		if int(a) == v || int(b) == v || l.isOff(a) || l.isOff(b) {
			continue
		}
		ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
		if segDist2(px, py, ax, ay, bx, by) < d*d {
			c.edges = append(c.edges, seg{ax, ay, bx, by, min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)})
		}
	}
	c.alongAt = c.alongAt[:0]
	ends := c.ends[:0]
	for _, u := range l.nbr[v] {
		if !l.isOff(u) {
			ux, uy := l.x[u], l.y[u]
			cells, lists := l.cellsAlong(px, py, ux, uy, l.rmax()*s+m+reach)
			for _, cell := range cells {
				for _, j := range lists[cell] {
					if int(j) == v || j == u || l.isOff(j) {
						continue
					}
					d := l.r[j]*s + m + reach
					if segDist2(l.x[j], l.y[j], px, py, ux, uy) < d*d {
						c.alongAt = append(c.alongAt, disc{l.x[j], l.y[j], l.r[j]*s + m})
					}
				}
			}
		}
		ends = append(ends, len(c.alongAt))
	}
	lo := 0
	for _, hi := range ends {
		c.along = append(c.along, c.alongAt[lo:hi])
		lo = hi
	}
	c.ends = ends
}

// violationsNear is violationsAbove for node c.v at a spot within the
// reach c was prepared for. It counts the same and stops past limit as
// violationsAbove does (what it returns past limit is the same too), but
// tries the cheap tests first and does not count work.
func (l *layout) violationsNear(c *spotCheck, px, py float64, limit int) int {
	v := c.v
	s := l.s
	rv := l.r[v] * s
	n := 0
	if px < rv-1e-9 || px > l.in.W-rv+1e-9 || py < rv-1e-9 || py > l.in.H-rv+1e-9 {
		n += l.n
		if n > limit {
			return n
		}
	}
	for _, j := range c.nodes {
		dx, dy := px-j.x, py-j.y
		if dx*dx+dy*dy < j.d*j.d {
			n++
			if n > limit {
				return n
			}
		}
	}
	if !l.lines {
		return n
	}
	m := l.margin * s
	d := rv + m
	for i := range c.edges {
		e := &c.edges[i]
		if px+d < e.x0 || px-d > e.x1 || py+d < e.y0 || py-d > e.y1 {
			continue
		}
		if segDist2(px, py, e.ax, e.ay, e.bx, e.by) < d*d {
			n++
			if n > limit {
				return n
			}
		}
	}
	for i, u := range l.nbr[v] {
		ux, uy := l.x[u], l.y[u]
		x0, x1 := min(px, ux), max(px, ux)
		y0, y1 := min(py, uy), max(py, uy)
		for _, j := range c.along[i] {
			if j.x+j.d < x0 || j.x-j.d > x1 || j.y+j.d < y0 || j.y-j.d > y1 {
				continue
			}
			if segDist2(j.x, j.y, px, py, ux, uy) < j.d*j.d {
				n++
				if n > limit {
					return n
				}
			}
		}
	}
	return n
}

// reachOf returns how far the farthest spot in buf (pairs of
// coordinates) lies from (px, py).
func reachOf(buf []float64, px, py float64) float64 {
	r2 := 0.0
	for k := 0; k+1 < len(buf); k += 2 {
		dx, dy := buf[k]-px, buf[k+1]-py
		r2 = max(r2, dx*dx+dy*dy)
	}
	return math.Sqrt(r2)
}

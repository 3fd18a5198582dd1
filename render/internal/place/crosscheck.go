package place

// crossCheck holds, for one node about to try many spots, the lines each
// of its own lines may cross, with their ends copied side by side: on
// maps small enough to go without a grid every query answers every line,
// so the lines that end at the node or at the neighbour (which can never
// count) are sorted out once instead of at every spot.
type crossCheck struct {
	v    int
	skip []bool  // per line of v (as in l.inc[v]): the neighbour is not placed
	segs [][]seg // per line of v: the lines to test, in the order of l.es
	buf  []seg
	ends []int // scratch
}

// seg is a line's ends and bounding box.
type seg struct{ ax, ay, bx, by, x0, x1, y0, y1 float64 }

// prepareCross fills c for node v. It is for maps without a grid only.
func (l *layout) prepareCross(c *crossCheck, v int) {
	c.v = v
	c.skip = c.skip[:0]
	c.buf = c.buf[:0]
	ends := c.ends[:0]
	for _, k := range l.inc[v] {
		e := l.es[k]
		u := e[0]
		if int(u) == v {
			u = e[1]
		}
		c.skip = append(c.skip, l.isOff(u))
		if !l.isOff(u) {
			for _, f := range l.es {
				a, b := f[0], f[1]
				if int(a) == v || int(b) == v || a == u || b == u || l.isOff(a) || l.isOff(b) {
					continue
				}
				ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
				c.buf = append(c.buf, seg{ax, ay, bx, by, min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)})
			}
		}
		ends = append(ends, len(c.buf))
	}
	c.segs = c.segs[:0]
	lo := 0
	for _, hi := range ends {
		c.segs = append(c.segs, c.buf[lo:hi])
		lo = hi
	}
	c.ends = ends
}

// crossingsBelow is nodeCrossingsBelow for node c.v at (px, py), with the
// same answer and the same work counted.
func (l *layout) crossingsBelow(c *crossCheck, px, py float64, limit int) int {
	v := c.v
	n, w := 0, 0
	for i, k := range l.inc[v] {
		if c.skip[i] {
			continue
		}
		e := l.es[k]
		u := e[0]
		if int(u) == v {
			u = e[1]
		}
		ux, uy := l.x[u], l.y[u]
		x0, x1 := min(px, ux), max(px, ux)
		y0, y1 := min(py, uy), max(py, uy)
		for j := range c.segs[i] {
			f := &c.segs[i][j]
			w++
			if f.x1 < x0 || f.x0 > x1 || f.y1 < y0 || f.y0 > y1 {
				continue
			}
			// segmentsCross past its box test, which the one above is
			d1 := orient(f.ax, f.ay, f.bx, f.by, px, py)
			d2 := orient(f.ax, f.ay, f.bx, f.by, ux, uy)
			if d1 == 0 || d2 == 0 || (d1 > 0) == (d2 > 0) {
				continue
			}
			d3 := orient(px, py, ux, uy, f.ax, f.ay)
			d4 := orient(px, py, ux, uy, f.bx, f.by)
			if d3 != 0 && d4 != 0 && (d3 > 0) != (d4 > 0) {
				n++
				if n >= limit {
					l.work += w
					return n
				}
			}
		}
	}
	l.work += w
	return n
}

package place

import "math"

// rmax is the largest radius (at full size).
func (l *layout) rmax() float64 {
	if l.rmaxV == 0 {
		for _, r := range l.r {
			l.rmaxV = max(l.rmaxV, r)
		}
	}
	return l.rmaxV
}

// nodeCrossings counts the crossings of node v's lines, with v at (px,
// py), against every line that does not end at v.
func (l *layout) nodeCrossings(v int, px, py float64) int {
	return l.nodeCrossingsBelow(v, px, py, math.MaxInt)
}

// nodeCrossingsBelow is nodeCrossings, but it stops counting at limit:
// enough to know that a spot is no better.
func (l *layout) nodeCrossingsBelow(v int, px, py float64, limit int) int {
	c := 0
	for _, k := range l.inc[v] {
		e := l.es[k]
		u := e[0]
		if int(u) == v {
			u = e[1]
		}
		if l.isOff(u) {
			continue
		}
		ux, uy := l.x[u], l.y[u]
		x0, x1 := min(px, ux), max(px, ux)
		y0, y1 := min(py, uy), max(py, uy)
		for _, f := range l.edgesAlong(px, py, ux, uy, 0) {
			a, b := l.es[f][0], l.es[f][1]
			if int(a) == v || int(b) == v || a == u || b == u || l.isOff(a) || l.isOff(b) {
				continue
			}
			l.work++
			ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
			if max(ax, bx) < x0 || min(ax, bx) > x1 || max(ay, by) < y0 || min(ay, by) > y1 {
				continue
			}
			if segmentsCross(px, py, ux, uy, ax, ay, bx, by) {
				c++
				if c >= limit {
					return c
				}
			}
		}
	}
	return c
}

// clearance is the least distance between circles i and j (unscaled): Gap,
// or EdgeGap when a line joins them.
func (l *layout) clearance(i, j int) float64 {
	if len(l.nbr[i]) > len(l.nbr[j]) {
		i, j = j, i
	}
	for _, u := range l.nbr[i] {
		if int(u) == j {
			return l.egap
		}
	}
	return l.gap
}

// violations counts what node v at (px, py) breaks: overlaps with other
// circles, leaving the area (which counts as n), its lines passing through
// other circles and other lines passing through it. Lengths are scaled by
// l.s.
func (l *layout) violations(v int, px, py float64) int {
	return l.violationsAbove(v, px, py, math.MaxInt)
}

// violationsAbove is violations, but it stops counting once the count
// exceeds limit.
func (l *layout) violationsAbove(v int, px, py float64, limit int) int {
	s := l.s
	rv := l.r[v] * s
	c := 0
	if px < rv-1e-9 || px > l.in.W-rv+1e-9 || py < rv-1e-9 || py > l.in.H-rv+1e-9 {
		c += l.n // leaving the area is never a fair trade
		if c > limit {
			return c
		}
	}
	isNbr := l.nbrMark(v)
	for _, j := range l.nodesNear(px, py, rv+(l.rmax()+l.egap)*s) {
		if int(j) == v || l.isOff(j) {
			continue
		}
		g := l.gap
		if isNbr[j] {
			g = l.egap
		}
		d := rv + (l.r[j]+g)*s
		dx, dy := px-l.x[j], py-l.y[j]
		l.work++
		if dx*dx+dy*dy < d*d {
			c++
			if c > limit {
				return c
			}
		}
	}
	if !l.lines {
		return c
	}
	m := l.margin * s
	// v's lines against other circles
	for _, u := range l.nbr[v] {
		if l.isOff(u) {
			continue
		}
		ux, uy := l.x[u], l.y[u]
		x0, x1 := min(px, ux), max(px, ux)
		y0, y1 := min(py, uy), max(py, uy)
		cells, lists := l.cellsAlong(px, py, ux, uy, l.rmax()*s+m)
		for _, cell := range cells {
			for _, j := range lists[cell] {
				if int(j) == v || j == u || l.isOff(j) {
					continue
				}
				d := l.r[j]*s + m
				l.work++
				if l.x[j]+d < x0 || l.x[j]-d > x1 || l.y[j]+d < y0 || l.y[j]-d > y1 {
					continue
				}
				if segDist2(l.x[j], l.y[j], px, py, ux, uy) < d*d {
					c++
					if c > limit {
						return c
					}
				}
			}
		}
	}
	// other lines against v
	d := rv + m
	for _, k := range l.edgesNear(px, py, d) {
		a, b := l.es[k][0], l.es[k][1]
		if int(a) == v || int(b) == v || l.isOff(a) || l.isOff(b) {
			continue
		}
		l.work++
		ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
		if px+d < min(ax, bx) || px-d > max(ax, bx) || py+d < min(ay, by) || py-d > max(ay, by) {
			continue
		}
		if segDist2(px, py, ax, ay, bx, by) < d*d {
			c++
			if c > limit {
				return c
			}
		}
	}
	return c
}

// nbrMark returns a scratch slice marking v's neighbours.
func (l *layout) nbrMark(v int) []bool {
	if l.mark == nil {
		l.mark = make([]bool, l.n)
	}
	for _, u := range l.markedFor {
		l.mark[u] = false
	}
	l.markedFor = append(l.markedFor[:0], l.nbr[v]...)
	for _, u := range l.nbr[v] {
		l.mark[u] = true
	}
	return l.mark
}

// groupOK reports whether node v at (px, py) is nearer the centroid of
// the other members of its group than the centroid of any other group
// (the GroupStrays test, for one node), or has no group to be with.
func (l *layout) groupOK(v int, px, py float64) bool {
	g := l.group[v]
	if g < 0 || v == l.centre || l.gcnt[g] < 2 {
		return true
	}
	ox := (l.gsx[g] - l.x[v]) / (l.gcnt[g] - 1)
	oy := (l.gsy[g] - l.y[v]) / (l.gcnt[g] - 1)
	own := math.Hypot(px-ox, py-oy)
	for h := range l.gcnt {
		if int32(h) == g || l.gcnt[h] == 0 {
			continue
		}
		hx, hy := l.gsx[h]/l.gcnt[h], l.gsy[h]/l.gcnt[h]
		if math.Hypot(px-hx, py-hy) < own {
			return false
		}
	}
	return true
}

// groupSums recomputes the group centroid sums (the centre left out).
func (l *layout) groupSums() {
	l.gsx = make([]float64, l.ng)
	l.gsy = make([]float64, l.ng)
	l.gcnt = make([]float64, l.ng)
	for i := 0; i < l.n; i++ {
		if g := l.group[i]; g >= 0 && i != l.centre && !l.isOff(int32(i)) {
			l.gsx[g] += l.x[i]
			l.gsy[g] += l.y[i]
			l.gcnt[g]++
		}
	}
}

// moveTo moves node v, keeping the group sums and the grid.
func (l *layout) moveTo(v int, px, py float64) {
	if g := l.group[v]; g >= 0 && v != l.centre && l.gsx != nil {
		l.gsx[g] += px - l.x[v]
		l.gsy[g] += py - l.y[v]
	}
	l.gridMove(v, px, py)
	l.x[v], l.y[v] = px, py
}

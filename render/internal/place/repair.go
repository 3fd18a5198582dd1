package place

import "math"

// push returns how far and in which direction node v at its position
// would have to move to clear what it overlaps or is too close to:
// circles, lines through it, the area's edges. Lengths are scaled by l.s.
func (l *layout) push(v int) (dx, dy, most float64) {
	s := l.s
	px, py := l.x[v], l.y[v]
	rv := l.r[v] * s
	isNbr := l.nbrMark(v)
	add := func(ux, uy, deficit float64) {
		dx += ux * deficit
		dy += uy * deficit
		most = max(most, deficit)
	}
	for _, j32 := range l.nodesNear(px, py, rv+(l.rmax()+l.egap)*s) {
		j := int(j32)
		if j == v || l.isOff(j32) {
			continue
		}
		g := l.gap
		if isNbr[j] {
			g = l.egap
		}
		need := rv + (l.r[j]+g)*s
		ex, ey := px-l.x[j], py-l.y[j]
		d2 := ex*ex + ey*ey
		if d2 >= need*need {
			continue
		}
		d := math.Sqrt(d2)
		if d < 1e-9 {
			a := 2 * math.Pi * unit(hash64(l.ids[v], uint64(j)))
			ex, ey, d = math.Cos(a), math.Sin(a), 1
		}
		add(ex/d, ey/d, need-math.Sqrt(d2))
	}
	m := l.margin * s
	need := rv + m
	if !l.lines {
		goto area
	}
	for _, k := range l.edgesNear(px, py, need) {
		a, b := l.es[k][0], l.es[k][1]
		if int(a) == v || int(b) == v || l.isOff(a) || l.isOff(b) {
			continue
		}
		ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
		if px+need < min(ax, bx) || px-need > max(ax, bx) || py+need < min(ay, by) || py-need > max(ay, by) {
			continue
		}
		d2 := segDist2(px, py, ax, ay, bx, by)
		if d2 >= need*need {
			continue
		}
		// away from the line, perpendicular to it
		lx, ly := bx-ax, by-ay
		ll := math.Hypot(lx, ly)
		if ll < 1e-9 {
			continue
		}
		nx, ny := -ly/ll, lx/ll
		side := (px-ax)*nx + (py-ay)*ny
		if side < 0 || (side == 0 && unit(hash64(l.ids[v], uint64(a)*7+uint64(b))) < 0.5) {
			nx, ny = -nx, -ny
		}
		add(nx, ny, need-math.Sqrt(d2))
	}
	// v's own lines through other circles: move v sideways, by as much
	// more as the circle lies nearer the line's far end
	for _, u := range l.nbr[v] {
		if l.isOff(u) {
			continue
		}
		ux, uy := l.x[u], l.y[u]
		lx, ly := px-ux, py-uy
		ll := math.Hypot(lx, ly)
		if ll < 1e-9 {
			continue
		}
		nx, ny := -ly/ll, lx/ll
		for _, j32 := range l.nodesAlong(px, py, ux, uy, l.rmax()*s+m) {
			j := int(j32)
			if j == v || j32 == u || l.isOff(j32) {
				continue
			}
			need := l.r[j]*s + m
			jx, jy := l.x[j], l.y[j]
			if jx+need < min(px, ux) || jx-need > max(px, ux) || jy+need < min(py, uy) || jy-need > max(py, uy) {
				continue
			}
			d2 := segDist2(jx, jy, px, py, ux, uy)
			if d2 >= need*need {
				continue
			}
			t := ((jx-ux)*lx + (jy-uy)*ly) / (ll * ll) // where along u→v the circle sits
			t = min(max(t, 0.2), 1)
			side := (jx-ux)*nx + (jy-uy)*ny
			sx, sy := -nx, -ny // away from the circle
			if side < 0 {
				sx, sy = nx, ny
			}
			add(sx, sy, (need-math.Sqrt(d2))/t)
		}
	}
area:
	W, H := l.in.W, l.in.H
	if px < rv {
		add(1, 0, rv-px)
	}
	if px > W-rv {
		add(-1, 0, px-(W-rv))
	}
	if py < rv {
		add(0, 1, rv-py)
	}
	if py > H-rv {
		add(0, -1, py-(H-rv))
	}
	return dx, dy, most
}

// relieve moves nodes that break a constraint (overlap, line clearance,
// the area) to nearby spots where they break fewer, never taking a node
// out of its group. When strict, a move never raises the number of
// crossings; otherwise the move that raises it least is taken.
func (l *layout) relieve(passes int, strict bool) {
	l.groupSums()
	var buf []float64
	sc, cc := &l.sc, &l.cc
	for pass := 0; pass < passes; pass++ {
		moved := 0
		for v := 0; v < l.n; v++ {
			if l.pinned[v] || v == l.centre || l.isOff(int32(v)) || (l.movable != nil && !l.movable[v]) {
				continue
			}
			// whether it breaks anything at all; how much, once the
			// spot check is gathered
			if l.violationsAbove(v, l.x[v], l.y[v], 0) == 0 {
				continue
			}
			dx, dy, most := l.push(v)
			if most == 0 {
				continue
			}
			px, py := l.x[v], l.y[v]
			step := most + 0.5
			buf = buf[:0]
			if l.in.Mode == Ring {
				buf = l.radialSpots(buf, px, py, step)
			} else if h := math.Hypot(dx, dy); h > 1e-9 {
				for _, k := range []float64{1, 1.5, 0.6, 2.2, 3} {
					buf = append(buf, px+dx/h*step*k, py+dy/h*step*k)
				}
			}
			a0 := 2 * math.Pi * unit(hash64(l.ids[v], uint64(pass)+77))
			for _, k := range [...]float64{1, 2.2, 4} {
				if l.in.Mode == Ring {
					break
				}
				for j := 0; j < 10; j++ {
					a := a0 + float64(j)*math.Pi/5
					buf = append(buf, px+step*k*math.Cos(a), py+step*k*math.Sin(a))
				}
			}
			l.prepareSpots(sc, v, px, py, reachOf(buf, px, py))
			viol := l.violationsNear(sc, px, py, math.MaxInt)
			cross := -1 // counted when first needed
			bestV, bestC, bi := viol, 0, -1
			for k := 0; k+1 < len(buf); k += 2 {
				qx, qy := buf[k], buf[k+1]
				// a spot must break fewer than the best so far, or as
				// many when it may win on crossings
				vlim := bestV
				if bi < 0 || strict {
					vlim = bestV - 1
				}
				if vlim < 0 {
					break
				}
				vq := l.violationsNear(sc, qx, qy, vlim)
				if vq > vlim || !l.groupOK(v, qx, qy) {
					continue
				}
				if !l.crossAware {
					bestV, bi = vq, k
					if vq == 0 {
						break
					}
					continue
				}
				if cross < 0 {
					cross = l.nodeCrossings(v, px, py)
					if l.grid == nil {
						l.prepareCross(cc, v)
					}
				}
				limit := math.MaxInt
				if strict {
					limit = cross + 1
				}
				if bi >= 0 && vq == bestV {
					limit = min(limit, bestC)
				}
				var c int
				if l.grid == nil {
					c = l.crossingsBelow(cc, qx, qy, limit)
				} else {
					c = l.nodeCrossingsBelow(v, qx, qy, limit)
				}
				if strict && c > cross {
					continue
				}
				if bi >= 0 && vq == bestV && c >= bestC {
					continue
				}
				bestV, bestC, bi = vq, c, k
				if vq == 0 && c <= cross {
					break // as good as it gets
				}
			}
			if bi >= 0 {
				l.moveTo(v, buf[bi], buf[bi+1])
				moved++
			}
		}
		if moved == 0 {
			break
		}
	}
}

// maxScale returns the largest scale (at most 1) at which the drawing
// keeps every constraint: circles apart (two pinned circles excepted:
// the user put them there), inside the area (pinned circles excepted: a
// pin at the edge may overhang) and clear of lines. A line
// that passes so close to a circle's centre that keeping it clear would
// shrink the circles below scaleFloor of what they alone allow is left
// as it is: LineHits counts it. It rebuilds the grid at that scale.
func (l *layout) maxScale() float64 {
	s := 1.0
	for i := 0; i < l.n; i++ {
		if !l.pinned[i] {
			r := l.r[i]
			s = min(s, l.x[i]/r, (l.in.W-l.x[i])/r, l.y[i]/r, (l.in.H-l.y[i])/r)
		}
	}
	s = max(s, 0)
	l.s = s
	l.buildGrid()
	for i := 0; i < l.n; i++ {
		// only circles within reach at the scale found so far can lower it
		for _, j32 := range l.nodesNear(l.x[i], l.y[i], (l.r[i]+l.rmax()+l.egap)*s) {
			j := int(j32)
			if j <= i || l.mayOverlap(i, j) {
				continue // a pin the user put on top of a circle stays so
			}
			d := math.Hypot(l.x[i]-l.x[j], l.y[i]-l.y[j])
			s = min(s, d/(l.r[i]+l.r[j]+l.clearance(i, j)))
		}
	}
	floor := scaleFloor * s
	l.s = s
	l.buildGrid()
	l.lines = l.in.Mode != Ring && l.lineCover(s) <= coverHopeless
	for _, e := range l.es {
		if !l.lines {
			break
		}
		a, b := e[0], e[1]
		ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
		for _, v32 := range l.nodesAlong(ax, ay, bx, by, (l.rmax()+l.margin)*s) {
			v := int(v32)
			if v32 == a || v32 == b {
				continue
			}
			need := (l.r[v] + l.margin) * s
			if l.x[v]+need < min(ax, bx) || l.x[v]-need > max(ax, bx) || l.y[v]+need < min(ay, by) || l.y[v]-need > max(ay, by) {
				continue
			}
			d := math.Sqrt(segDist2(l.x[v], l.y[v], ax, ay, bx, by))
			if k := d / (l.r[v] + l.margin); k < s && k >= floor {
				s = k
			}
		}
	}
	// a hair less, so that checks made by multiplying back hold despite
	// rounding
	if s < 1 {
		s *= 1 - 1e-9
	}
	l.s = s
	l.buildGrid()
	return s
}

// scaleFloor: lines that would shrink the circles below this share of
// what the circles alone allow are left passing through (see maxScale).
const scaleFloor = 0.8

// violationCount counts the broken constraints of the whole drawing, each
// once per node involved.
func (l *layout) violationCount() int {
	c := 0
	for v := 0; v < l.n; v++ {
		c += l.violations(v, l.x[v], l.y[v])
	}
	return c
}

// regroup moves nodes that stray from their group (see GroupStrays) to
// spots nearer their group where they break no more constraints and cross
// no more lines than before.
func (l *layout) regroup(passes int) {
	l.groupSums()
	var buf []float64
	for pass := 0; pass < passes; pass++ {
		moved := 0
		for v := 0; v < l.n; v++ {
			if l.pinned[v] || v == l.centre || l.groupOK(v, l.x[v], l.y[v]) {
				continue
			}
			g := l.group[v]
			px, py := l.x[v], l.y[v]
			ox := (l.gsx[g] - px) / (l.gcnt[g] - 1)
			oy := (l.gsy[g] - py) / (l.gcnt[g] - 1)
			buf = buf[:0]
			a0 := 2 * math.Pi * unit(hash64(l.ids[v], uint64(pass)+991))
			for _, t := range []float64{0.25, 0.4, 0.55, 0.7, 0.85} {
				cx, cy := px+(ox-px)*t, py+(oy-py)*t
				buf = append(buf, cx, cy)
				rad := 0.15 * math.Hypot(ox-px, oy-py)
				for j := 0; j < 6; j++ {
					a := a0 + float64(j)*math.Pi/3
					buf = append(buf, cx+rad*math.Cos(a), cy+rad*math.Sin(a))
				}
			}
			viol := l.violations(v, px, py)
			cross := -1
			for k := 0; k+1 < len(buf); k += 2 {
				qx, qy := buf[k], buf[k+1]
				if !l.groupOK(v, qx, qy) || l.violationsAbove(v, qx, qy, viol) > viol {
					continue
				}
				if l.crossAware {
					if cross < 0 {
						cross = l.nodeCrossings(v, px, py)
					}
					if l.nodeCrossingsBelow(v, qx, qy, cross+1) > cross {
						continue
					}
				}
				l.moveTo(v, qx, qy)
				moved++
				break
			}
		}
		if moved == 0 {
			break
		}
	}
}

// radialSpots appends the spots a ring node may move to: along the line
// from the middle of the area through it, in steps of step, within the
// band from ringDepth of the ring's radius in that direction to the ring,
// so that the ring stays a ring.
func (l *layout) radialSpots(buf []float64, px, py, step float64) []float64 {
	cx, cy := l.in.W/2, l.in.H/2
	dx, dy := px-cx, py-cy
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return buf
	}
	ux, uy := dx/d, dy/d
	a, b := l.ringAxes(l.s)
	rho := 1 / math.Hypot(ux/a, uy/b)
	for _, k := range [...]float64{-1, 1, -2, 2, -3, 3, -4.5, 4.5} {
		t := d + k*step
		if t < ringDepth*rho || t > rho {
			continue
		}
		buf = append(buf, cx+ux*t, cy+uy*t)
	}
	return buf
}

package place

import "math"

// groupPull is the share of the way to its group that spread moves a
// straying node each round.
const groupPull = 0.01

// spread pushes apart circles that overlap and circles that lines pass
// through, all at once for a number of rounds, keeping every circle in the
// area. Pinned nodes and the centre stay; whoever they touch moves the
// whole way. Unlike relieve it may change crossings: it runs before the
// crossing search. It reports whether nothing was left to push.
func (l *layout) spread(rounds int) bool {
	n := l.n
	s := l.s
	dx := make([]float64, n)
	dy := make([]float64, n)
	fixed := func(i int) bool { return l.pinned[i] || i == l.centre }
	for round := 0; round < rounds; round++ {
		for i := range dx {
			dx[i], dy[i] = 0, 0
		}
		worst := 0.0
		l.buildGrid()
		reach := (2*l.rmax() + l.egap) * s * 1.02
		for i := 0; i < n; i++ {
			for _, j32 := range l.nodesNear(l.x[i], l.y[i], reach) {
				j := int(j32)
				if j <= i {
					continue
				}
				need := (l.r[i] + l.r[j] + l.clearance(i, j)) * s * 1.02
				ex, ey := l.x[i]-l.x[j], l.y[i]-l.y[j]
				d2 := ex*ex + ey*ey
				if d2 >= need*need {
					continue
				}
				d := math.Sqrt(d2)
				if d < 1e-9 {
					a := 2 * math.Pi * unit(hash64(l.ids[i], uint64(j)))
					ex, ey, d = math.Cos(a), math.Sin(a), 1
				} else {
					ex, ey = ex/d, ey/d
				}
				def := need - d
				worst = max(worst, def/need)
				fi, fj := fixed(i), fixed(j)
				switch {
				case fi && fj:
				case fi:
					dx[j] -= ex * def
					dy[j] -= ey * def
				case fj:
					dx[i] += ex * def
					dy[i] += ey * def
				default:
					dx[i] += ex * def / 2
					dy[i] += ey * def / 2
					dx[j] -= ex * def / 2
					dy[j] -= ey * def / 2
				}
			}
		}
		m := l.margin * s
		for _, e := range l.es {
			if !l.lines {
				break
			}
			a, b := int(e[0]), int(e[1])
			ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
			lx, ly := bx-ax, by-ay
			ll := math.Hypot(lx, ly)
			if ll < 1e-9 {
				continue
			}
			nx, ny := -ly/ll, lx/ll
			for _, v32 := range l.nodesAlong(ax, ay, bx, by, (l.rmax()*s+m)*1.02) {
				v := int(v32)
				if v == a || v == b {
					continue
				}
				need := (l.r[v]*s + m) * 1.02
				px, py := l.x[v], l.y[v]
				if px+need < min(ax, bx) || px-need > max(ax, bx) || py+need < min(ay, by) || py-need > max(ay, by) {
					continue
				}
				d2 := segDist2(px, py, ax, ay, bx, by)
				if d2 >= need*need {
					continue
				}
				def := need - math.Sqrt(d2)
				worst = max(worst, def/need)
				sx, sy := nx, ny
				if side := (px-ax)*nx + (py-ay)*ny; side < 0 {
					sx, sy = -nx, -ny
				}
				// the circle takes most of the way, the line the rest
				kv, ke := 0.6, 0.2
				if fixed(v) {
					kv, ke = 0, 0.5
				}
				dx[v] += sx * def * kv
				dy[v] += sy * def * kv
				for _, u := range [2]int{a, b} {
					if !fixed(u) {
						dx[u] -= sx * def * ke
						dy[u] -= sy * def * ke
					}
				}
			}
		}
		if pull := groupPull; l.ng > 1 {
			l.groupSums()
			for v := 0; v < n; v++ {
				if fixed(v) || l.groupOK(v, l.x[v], l.y[v]) {
					continue
				}
				g := l.group[v]
				ox := (l.gsx[g] - l.x[v]) / (l.gcnt[g] - 1)
				oy := (l.gsy[g] - l.y[v]) / (l.gcnt[g] - 1)
				dx[v] += (ox - l.x[v]) * pull
				dy[v] += (oy - l.y[v]) * pull
			}
		}
		if worst == 0 {
			return true // the grid is up to date
		}
		for i := 0; i < n; i++ {
			if fixed(i) {
				continue
			}
			r := l.r[i] * s
			l.x[i] = min(max(l.x[i]+dx[i], r), l.in.W-r)
			l.y[i] = min(max(l.y[i]+dy[i], r), l.in.H-r)
		}
	}
	l.buildGrid()
	return false
}

// targetScale is the scale at which the circles cover about density of
// the area, at most 1.
func (l *layout) targetScale(density float64) float64 {
	sum := 0.0
	for i := 0; i < l.n; i++ {
		r := l.r[i] + l.gap/2
		sum += math.Pi * r * r
	}
	if sum == 0 {
		return 1
	}
	return min(1, math.Sqrt(density*l.in.W*l.in.H/sum))
}

// lineCover is the share of the area that the lines' clearance corridors
// would cover at scale s (counting overlaps of corridors twice): the sum
// over lines of length × 2(r̄ + LineMargin)·s over W·H, r̄ the mean radius.
// Above coverHopeless no placement keeps every line clear of every circle,
// and the layout stops trying (LineHits then counts what is left).
func (l *layout) lineCover(s float64) float64 {
	if l.n == 0 {
		return 0
	}
	rm := 0.0
	for _, r := range l.r {
		rm += r
	}
	rm /= float64(l.n)
	total := 0.0
	for _, e := range l.es {
		total += math.Hypot(l.x[e[0]]-l.x[e[1]], l.y[e[0]]-l.y[e[1]])
	}
	return total * 2 * (rm + l.margin) * s / (l.in.W * l.in.H)
}

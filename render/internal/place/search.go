package place

import (
	"math"
	"sort"
)

// edgeLengths returns the lengths of the lines, sorted.
func (l *layout) medianEdge() float64 {
	if len(l.es) == 0 {
		return math.Sqrt(l.in.W * l.in.H / float64(max(l.n, 1)))
	}
	ls := make([]float64, len(l.es))
	for k, e := range l.es {
		ls[k] = math.Hypot(l.x[e[0]]-l.x[e[1]], l.y[e[0]]-l.y[e[1]])
	}
	sort.Float64s(ls)
	return ls[len(ls)/2]
}

// candidates appends to buf the spots worth trying for node v: the
// barycentre of its neighbours, spots around it, around its current
// position and around each neighbour. The spots are pseudo-random but
// fixed by v's id and the pass.
func (l *layout) candidates(buf []float64, v, pass int, L float64) []float64 {
	buf = buf[:0]
	id := l.ids[v]
	salt := uint64(pass) << 32
	rnd := func(k uint64) float64 { return unit(hash64(id, salt+k)) }
	disc := func(cx, cy, rad float64, count int, k0 uint64) {
		for k := 0; k < count; k++ {
			a := 2 * math.Pi * rnd(k0+uint64(2*k))
			r := rad * math.Sqrt(rnd(k0+uint64(2*k+1)))
			buf = append(buf, cx+r*math.Cos(a), cy+r*math.Sin(a))
		}
	}
	if d := len(l.nbr[v]); d > 0 {
		bx, by := 0.0, 0.0
		for _, u := range l.nbr[v] {
			bx += l.x[u]
			by += l.y[u]
		}
		bx /= float64(d)
		by /= float64(d)
		buf = append(buf, bx, by)
		disc(bx, by, L, 10, 1000)
		for j, u := range l.nbr[v] {
			if j >= 6 {
				break
			}
			a0 := 2 * math.Pi * rnd(2000+uint64(j))
			for k := 0; k < 6; k++ {
				a := a0 + float64(k)*math.Pi/3
				buf = append(buf, l.x[u]+L*math.Cos(a), l.y[u]+L*math.Sin(a))
			}
		}
	}
	disc(l.x[v], l.y[v], 1.5*L, 12, 3000)
	return buf
}

// search moves single nodes to spots where their lines cross fewer
// others, as long as no constraint is broken that was kept before
// (overlaps, the area, line clearance, the group) and no line grows past
// 2.5 times the median. work bounds the number of segment tests.
func (l *layout) search(passes int, work int, loose bool) {
	m := len(l.es)
	if m < 2 {
		return
	}
	L := l.medianEdge()
	l.groupSums()
	var buf []float64
	cc := &l.cc
	stop := l.work + work
	if work == math.MaxInt {
		stop = math.MaxInt
	}
	for pass := 0; pass < passes && l.work < stop; pass++ {
		improved := 0
		for v := 0; v < l.n && l.work < stop; v++ {
			if l.pinned[v] || v == l.centre || len(l.inc[v]) == 0 {
				continue
			}
			cur := l.nodeCrossings(v, l.x[v], l.y[v])
			if cur == 0 {
				continue
			}
			if l.grid == nil {
				l.prepareCross(cc, v)
			}
			viol := -1
			maxLen := 2.5 * L
			for _, u := range l.nbr[v] {
				maxLen = max(maxLen, math.Hypot(l.x[v]-l.x[u], l.y[v]-l.y[u]))
			}
			best, bx, by := cur, 0.0, 0.0
			if l.in.Mode == Ring {
				buf = l.depthSpots(buf[:0], v)
			} else {
				buf = l.candidates(buf, v, pass, L)
			}
			for k := 0; k+1 < len(buf); k += 2 {
				px, py := buf[k], buf[k+1]
				long := false
				for _, u := range l.nbr[v] {
					if math.Hypot(px-l.x[u], py-l.y[u]) > maxLen {
						long = true
						break
					}
				}
				if long {
					continue
				}
				var c int
				if l.grid == nil {
					c = l.crossingsBelow(cc, px, py, best)
				} else {
					c = l.nodeCrossingsBelow(v, px, py, best)
				}
				if c >= best {
					continue
				}
				if loose {
					if !l.roomy(v, px, py) || !l.groupOK(v, px, py) {
						continue
					}
				} else {
					if viol < 0 {
						viol = l.violations(v, l.x[v], l.y[v])
					}
					if l.violationsAbove(v, px, py, viol) > viol || !l.groupOK(v, px, py) {
						continue
					}
				}
				best, bx, by = c, px, py
			}
			if best < cur {
				l.moveTo(v, bx, by)
				improved++
			}
		}
		if improved == 0 {
			break
		}
	}
}

// roomy reports whether node v at (px, py) is inside the area and at
// least half the needed distance from every other circle: the loose test
// of a first search, before circles are spread apart.
func (l *layout) roomy(v int, px, py float64) bool {
	s := l.s
	rv := l.r[v] * s
	if px < rv || px > l.in.W-rv || py < rv || py > l.in.H-rv {
		return false
	}
	for _, j32 := range l.nodesNear(px, py, 0.5*(l.r[v]+l.rmax()+l.gap)*s) {
		j := int(j32)
		if j == v {
			continue
		}
		d := 0.5 * (l.r[v] + l.r[j] + l.gap) * s
		dx, dy := px-l.x[j], py-l.y[j]
		if dx*dx+dy*dy < d*d {
			return false
		}
	}
	return true
}

// depthSpots appends the spots a ring node may take in Ring mode: on the
// ray from the area's middle through it, from the ring inwards to
// ringDepth of the ring's radius.
func (l *layout) depthSpots(buf []float64, v int) []float64 {
	cx, cy := l.in.W/2, l.in.H/2
	dx, dy := l.x[v]-cx, l.y[v]-cy
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return buf
	}
	ux, uy := dx/d, dy/d
	a, b := l.ringAxes(l.s)
	rho := 1 / math.Hypot(ux/a, uy/b)
	for k := 0; k <= 8; k++ {
		t := rho * (1 - (1-ringDepth)*float64(k)/8)
		buf = append(buf, cx+ux*t, cy+uy*t)
	}
	return buf
}

// ringDepth is how far in from the ring (as a share of its radius) a node
// may move in Ring mode to cross fewer lines.
const ringDepth = 0.6

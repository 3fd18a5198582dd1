package place

import (
	"math"
	"sort"
)

// keep lays out a map where every node has a pin or a remembered
// position: each keeps it, a pin dropped on a remembered circle too
// (mayOverlap).
func (l *layout) keep() {
	l.kept = true
	l.remembered()
}

// remembered puts every node that is not pinned at its Prev. When some
// remembered position lies outside the area (the area changed), all of
// them are scaled towards the area's middle until they fit.
func (l *layout) remembered() {
	W, H := l.in.W, l.in.H
	k := 1.0
	for i := 0; i < l.n; i++ {
		if l.pinned[i] || !l.hasPrev(i) {
			continue
		}
		p := l.in.Nodes[i].Prev
		dx, dy := math.Abs(p.X-W/2), math.Abs(p.Y-H/2)
		if dx > W/2 {
			k = min(k, W/2/dx)
		}
		if dy > H/2 {
			k = min(k, H/2/dy)
		}
	}
	for i := 0; i < l.n; i++ {
		if l.pinned[i] || !l.hasPrev(i) {
			continue
		}
		p := l.in.Nodes[i].Prev
		l.x[i] = W/2 + (p.X-W/2)*k
		l.y[i] = H/2 + (p.Y-H/2)*k
	}
}

// pairScale is the largest scale at which no two circles i, j with
// consider(i, j) overlap, and at most 1.
func (l *layout) pairScale(consider func(i, j int) bool) float64 {
	s := 1.0
	for i := 0; i < l.n; i++ {
		for j := i + 1; j < l.n; j++ {
			if consider(i, j) {
				d := math.Hypot(l.x[i]-l.x[j], l.y[i]-l.y[j])
				s = min(s, d/(l.r[i]+l.r[j]+l.clearance(i, j)))
			}
		}
	}
	return s
}

// makeWay moves the circles of a fresh layout out of the way of pinned
// ones, at the scale the free circles allow among themselves: a circle
// that overlaps a pinned one, or one that has already moved, is pushed
// straight away from it, until nothing overlaps or 30 rounds have passed.
func (l *layout) makeWay() {
	pins := 0
	for _, p := range l.pinned {
		if p {
			pins++
		}
	}
	if pins == 0 {
		return
	}
	free := func(i int) bool { return !l.pinned[i] && !l.isOff(int32(i)) }
	s := l.pairScale(func(i, j int) bool { return free(i) && free(j) })
	l.s = s
	moved := make([]bool, l.n)
	for round := 0; round < 30; round++ {
		any := false
		for q := 0; q < l.n; q++ {
			if !free(q) {
				continue
			}
			for j := 0; j < l.n; j++ {
				if j == q || !(l.pinned[j] || moved[j]) || l.isOff(int32(j)) {
					continue
				}
				need := (l.r[q] + l.r[j] + l.clearance(q, j)) * s
				dx, dy := l.x[q]-l.x[j], l.y[q]-l.y[j]
				d := math.Hypot(dx, dy)
				if d >= need {
					continue
				}
				if d < 1e-9 {
					a := 2 * math.Pi * unit(hash64(l.ids[q], uint64(j)))
					dx, dy, d = math.Cos(a), math.Sin(a), 1
				}
				k := need * 1.0001 / d
				l.x[q] = min(max(l.x[j]+dx*k, 0), l.in.W)
				l.y[q] = min(max(l.y[j]+dy*k, 0), l.in.H)
				moved[q] = true
				any = true
			}
		}
		if !any {
			break
		}
	}
}

// extend lays out a map where most nodes have a pin or a remembered
// position and some are new: the others keep theirs and each new node is
// put, one after the other (those with most placed neighbours first), on
// the free spot near its placed neighbours (or its group) that breaks no
// constraint and crosses fewest lines. Only when a new node finds no free
// spot do the circles around it make room, moving as little as they can.
func (l *layout) extend() {
	l.kept = true
	l.remembered()
	l.off = make([]bool, l.n)
	var todo []int
	for i := 0; i < l.n; i++ {
		if !l.pinned[i] && !l.hasPrev(i) {
			l.off[i] = true
			todo = append(todo, i)
		}
	}
	// the scale the placed circles allow
	l.s = l.placedScale()
	if p := l.in.PrevScale; p > 0 && !math.IsInf(p, 0) {
		// a hair more room than the remembered scale needs, so that
		// rounding cannot make the new circles cost it
		l.s = min(l.s, p*1.001)
	}
	l.crossAware = len(l.es) <= 1000
	l.lines = l.in.Mode != Ring && l.lineCover(l.s) <= coverHopeless
	l.buildGrid()
	// what each placed node breaks already: only what the new nodes add
	// is repaired, so that the others stay where they were
	before := make([]int, l.n)
	for i := 0; i < l.n; i++ {
		if !l.off[i] {
			before[i] = l.violations(i, l.x[i], l.y[i])
		}
	}
	L := l.placedEdgeLength()
	var added []int
	for len(todo) > 0 {
		// the new node with most placed neighbours, then the first
		sort.SliceStable(todo, func(a, b int) bool { return l.placedNbrs(todo[a]) > l.placedNbrs(todo[b]) })
		v := todo[0]
		todo = todo[1:]
		px, py := l.bestSpot(v, L, awayCost)
		l.off[v] = false
		l.x[v], l.y[v] = px, py
		l.buildGrid()
		added = append(added, v)
	}
	l.off = nil
	// make room where a new node found none: only the new nodes and
	// those that now break more than before move
	l.movable = make([]bool, l.n)
	for _, v := range added {
		l.movable[v] = true
	}
	for i := 0; i < l.n; i++ {
		if !l.movable[i] && l.violations(i, l.x[i], l.y[i]) > before[i] {
			l.movable[i] = true
		}
	}
	l.groupSums()
	l.relieve(10, true)
	l.relieve(10, false)
	// a new node that still breaks a constraint goes to the best free
	// spot, with its group or not
	again := false
	for _, v := range added {
		if l.violations(v, l.x[v], l.y[v]) == 0 {
			continue
		}
		l.off = make([]bool, l.n)
		l.off[v] = true
		px, py := l.bestSpot(v, L, 0)
		l.off = nil
		l.moveTo(v, px, py)
		again = true
	}
	if again {
		l.groupSums()
		l.relieve(10, true)
		l.relieve(10, false)
	}
}

// placedNbrs counts v's neighbours that are placed.
func (l *layout) placedNbrs(v int) int {
	c := 0
	for _, u := range l.nbr[v] {
		if !l.isOff(u) {
			c++
		}
	}
	return c
}

// placedScale is maxScale over the placed nodes only.
func (l *layout) placedScale() float64 {
	n := l.n
	var keepIdx []int
	for i := 0; i < n; i++ {
		if !l.isOff(int32(i)) {
			keepIdx = append(keepIdx, i)
		}
	}
	if len(keepIdx) < 2 {
		return 1
	}
	s := 1.0
	for a, i := range keepIdx {
		if !l.pinned[i] {
			r := l.r[i]
			s = min(s, l.x[i]/r, (l.in.W-l.x[i])/r, l.y[i]/r, (l.in.H-l.y[i])/r)
		}
		for _, j := range keepIdx[a+1:] {
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
	return max(s, 1e-3)
}

// placedEdgeLength is the median length of the lines between placed
// nodes, or a length from the area when there are none.
func (l *layout) placedEdgeLength() float64 {
	var ls []float64
	for _, e := range l.es {
		if !l.isOff(e[0]) && !l.isOff(e[1]) {
			ls = append(ls, math.Hypot(l.x[e[0]]-l.x[e[1]], l.y[e[0]]-l.y[e[1]]))
		}
	}
	if len(ls) == 0 {
		return math.Sqrt(l.in.W * l.in.H / float64(l.n+1))
	}
	sort.Float64s(ls)
	return ls[len(ls)/2]
}

// bestSpot chooses where new node v goes: among spots around its placed
// neighbours' barycentre, around each placed neighbour, around its
// group's centroid and over the whole area, the one with fewest broken
// constraints, then fewest crossings, then nearest the barycentre.
func (l *layout) bestSpot(v int, L float64, away int) (float64, float64) {
	W, H := l.in.W, l.in.H
	// the anchor: placed neighbours' barycentre, else the group's
	// centroid, else the middle
	ax, ay, k := 0.0, 0.0, 0
	for _, u := range l.nbr[v] {
		if !l.isOff(u) {
			ax += l.x[u]
			ay += l.y[u]
			k++
		}
	}
	if k == 0 {
		if g := l.group[v]; g >= 0 {
			for i := 0; i < l.n; i++ {
				if l.group[i] == g && i != v && !l.isOff(int32(i)) {
					ax += l.x[i]
					ay += l.y[i]
					k++
				}
			}
		}
	}
	if k == 0 {
		ax, ay, k = W/2, H/2, 1
	}
	ax /= float64(k)
	ay /= float64(k)
	var buf []float64
	id := l.ids[v]
	a0 := 2 * math.Pi * unit(hash64(id, 5))
	if l.in.Mode == Ring {
		// on the ring (or a little inside it), nearest the anchor first
		a, b := l.ringAxes(l.s)
		for _, depth := range [...]float64{1, 0.85, ringDepth} {
			for j := 0; j < 120; j++ {
				t := 2 * math.Pi * float64(j) / 120
				buf = append(buf, W/2+depth*a*math.Cos(t), H/2+depth*b*math.Sin(t))
			}
		}
		buf = l.groupSpots(buf, v, L, a0)
		return l.chooseSpot(v, buf, ax, ay, away)
	}
	buf = append(buf, ax, ay)
	for ring := 1; ring <= 6; ring++ {
		rad := L * 0.35 * float64(ring)
		cnt := 8 + 4*ring
		for j := 0; j < cnt; j++ {
			a := a0 + 2*math.Pi*float64(j)/float64(cnt)
			buf = append(buf, ax+rad*math.Cos(a), ay+rad*math.Sin(a))
		}
	}
	for _, u := range l.nbr[v] {
		if l.isOff(u) {
			continue
		}
		for j := 0; j < 12; j++ {
			a := a0 + float64(j)*math.Pi/6
			buf = append(buf, l.x[u]+L*math.Cos(a), l.y[u]+L*math.Sin(a))
		}
	}
	buf = l.groupSpots(buf, v, L, a0)
	// a coarse sweep of the whole area, in case nothing near is free
	for gy := 0; gy < 8; gy++ {
		for gx := 0; gx < 12; gx++ {
			buf = append(buf, W*(float64(gx)+0.5)/12, H*(float64(gy)+0.5)/8)
		}
	}
	return l.chooseSpot(v, buf, ax, ay, away)
}

// chooseSpot returns the spot of buf (x, y pairs) where new node v breaks
// fewest constraints (a spot away from its group counting as away more),
// then crosses fewest lines, then lies nearest (ax, ay).
func (l *layout) chooseSpot(v int, buf []float64, ax, ay float64, away int) (float64, float64) {
	W, H := l.in.W, l.in.H
	l.off[v] = false // v counts as placed while spots are tried
	defer func() { l.off[v] = true }()
	l.groupSums()
	// the best so far: index, score (broken constraints, and awayCost
	// when away from its group), crossings, distance from the anchor
	bi, bs, bc, bd := -1, 0, 0, 0.0
	for k := 0; k+1 < len(buf); k += 2 {
		qx, qy := buf[k], buf[k+1]
		rv := l.r[v] * l.s
		qx = min(max(qx, rv), W-rv)
		qy = min(max(qy, rv), H-rv)
		score := 0
		if away > 0 && !l.groupOK(v, qx, qy) {
			score = away
		}
		limit := math.MaxInt
		if bi >= 0 {
			limit = bs - score
			if limit < 0 {
				continue
			}
		}
		score += l.violationsAbove(v, qx, qy, limit)
		if bi >= 0 && score > bs {
			continue
		}
		same := bi >= 0 && score == bs
		c := 0
		if l.crossAware {
			lim := math.MaxInt
			if same {
				lim = bc + 1
			}
			c = l.nodeCrossingsBelow(v, qx, qy, lim)
		}
		dist := math.Hypot(qx-ax, qy-ay)
		if same && (c > bc || (c == bc && dist >= bd)) {
			continue
		}
		bi, bs, bc, bd = k, score, c, dist
		buf[k], buf[k+1] = qx, qy
	}
	return buf[bi], buf[bi+1]
}

// awayCost is what a spot away from its group costs a new node, in broken
// constraints: it would rather make two circles move aside than sit with
// another group.
const awayCost = 3

// groupSpots appends spots around the placed members of v's group (up to
// 16 of them), so that a new node can be put with its group.
func (l *layout) groupSpots(buf []float64, v int, L, a0 float64) []float64 {
	g := l.group[v]
	if g < 0 {
		return buf
	}
	k := 0
	for w := 0; w < l.n && k < 16; w++ {
		if w == v || l.group[w] != g || w == l.centre || l.isOff(int32(w)) {
			continue
		}
		k++
		for _, d := range [...]float64{0.8, 1.3} {
			for j := 0; j < 10; j++ {
				a := a0 + float64(j)*math.Pi/5 + d
				buf = append(buf, l.x[w]+d*L*math.Cos(a), l.y[w]+d*L*math.Sin(a))
			}
		}
	}
	return buf
}

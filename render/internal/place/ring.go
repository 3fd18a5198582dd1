package place

import (
	"math"
	"sort"
)

// ring lays the map out in Ring mode: the centre in the middle, the
// others on an ellipse filling the area, each group a contiguous sector
// with a little room between sectors. The order of the sectors and of
// the nodes within each is chosen to reduce crossings: sectors by trying
// every order (up to 7 groups), nodes by sifting (each node in turn moved
// to the place in its sector where the drawing crosses least, Baur and
// Brandes 2004), a line through the centre's circle counting as two
// crossings. The circles stay on the ellipse, so Ring mode does not keep
// lines clear of circles they pass (LineHits counts them): a chord
// between two circles of a ring passes close to those between them.
func (l *layout) ring() {
	n := l.n
	if n == 1 {
		l.x[0], l.y[0] = l.in.W/2, l.in.H/2
		return
	}
	if l.centre >= 0 {
		l.x[l.centre], l.y[l.centre] = l.in.W/2, l.in.H/2
	}
	blocks := l.ringBlocks()
	l.s = l.ringScale(blocks)
	l.crossAware = len(l.es) <= 1000
	order := l.ringPlace(blocks)
	// the work falls with the size of the map, as in Auto mode
	m := len(l.es)
	work, depth := 3_000_000, 2_000_000
	switch {
	case m > 1000:
		work, depth = 0, 0
	case m > 250:
		work, depth = 300_000, 200_000
	}
	stop := l.work + work
	for pass := 0; pass < 4 && l.work < stop; pass++ {
		improved := false
		if m <= 250 {
			improved = l.ringBlockOrder(blocks)
		}
		order = l.ringPlace(blocks)
		for _, v := range order {
			if l.work >= stop {
				break
			}
			if l.ringSift(blocks, v) {
				improved = true
			}
		}
		order = l.ringPlace(blocks)
		if !improved {
			break
		}
	}
	// then depth: each node may move inwards from the ring, along its
	// ray, where its lines cross fewer and pass through no more circles
	l.lines = m <= 1000
	l.buildGrid()
	if depth > 0 {
		l.search(6, depth, false)
		// circles that lines pass through step in or out along their
		// ray, where that adds no crossing
		l.groupSums()
		l.relieve(6, true)
	}
	l.lines = false
}

// ringBlocks returns the nodes other than the centre in groups, the
// groups in groupOrder, each group's nodes by index.
func (l *layout) ringBlocks() [][]int {
	order := l.groupOrder()
	pos := make([]int, l.ng+1)
	for k, g := range order {
		pos[g] = k
	}
	blocks := make([][]int, len(order))
	for i := 0; i < l.n; i++ {
		if i == l.centre {
			continue
		}
		g := int(l.group[i])
		if g < 0 {
			g = l.ng
		}
		blocks[pos[g]] = append(blocks[pos[g]], i)
	}
	return blocks
}

// ringGap is the room left between two sectors, in node slots.
const ringGap = 0.6

// ringAxes returns the ellipse's half-axes for circles at scale s.
func (l *layout) ringAxes(s float64) (a, b float64) {
	m := l.rmax() * s
	return max(l.in.W/2-m, 1), max(l.in.H/2-m, 1)
}

// ellipsePerimeter is Ramanujan's approximation.
func ellipsePerimeter(a, b float64) float64 {
	return math.Pi * (3*(a+b) - math.Sqrt((3*a+b)*(a+3*b)))
}

// ringScale is the largest scale (at most 1) at which the circles fit
// around the ellipse with their clearances and the room between sectors.
func (l *layout) ringScale(blocks [][]int) float64 {
	need := 0.0
	cnt := 0
	for _, b := range blocks {
		for _, v := range b {
			need += 2*l.r[v] + max(l.egap, l.gap)
			cnt++
		}
	}
	if cnt == 0 {
		return 1
	}
	if len(blocks) > 1 {
		need += ringGap * need / float64(cnt) * float64(len(blocks))
	}
	s := 1.0
	for k := 0; k < 6; k++ {
		a, b := l.ringAxes(s)
		s = min(1, ellipsePerimeter(a, b)/need)
	}
	return s
}

// ringPlace puts the nodes of blocks on the ellipse in order, each taking
// arc length in proportion to its diameter plus clearance, with room
// between blocks, clockwise from the top; it returns the order.
func (l *layout) ringPlace(blocks [][]int) []int {
	a, b := l.ringAxes(l.s)
	const samples = 1440
	if l.arc == nil || l.arcA != a || l.arcB != b {
		// the arc length from the top, sampled: the same for every order
		l.arc = make([]float64, samples+1)
		l.arcA, l.arcB = a, b
		px, py := 0.0, -b
		for k := 1; k <= samples; k++ {
			t := -math.Pi/2 + 2*math.Pi*float64(k)/samples
			x, y := a*math.Cos(t), b*math.Sin(t)
			l.arc[k] = l.arc[k-1] + math.Hypot(x-px, y-py)
			px, py = x, y
		}
	}
	cum := l.arc
	var order []int
	var width []float64
	total, cnt := 0.0, 0
	for _, bl := range blocks {
		for _, v := range bl {
			order = append(order, v)
			w := 2*l.r[v] + max(l.egap, l.gap)
			width = append(width, w)
			total += w
			cnt++
		}
	}
	if cnt == 0 {
		return nil
	}
	gap := 0.0
	if len(blocks) > 1 {
		gap = ringGap * total / float64(cnt)
	}
	total += gap * float64(len(blocks))
	acc := gap / 2
	k := 0
	for _, bl := range blocks {
		for range bl {
			target := (acc + width[k]/2) / total * cum[samples]
			acc += width[k]
			j := min(sort.SearchFloat64s(cum, target), samples)
			// interpolate between the samples around target
			t := -math.Pi/2 + 2*math.Pi*float64(j)/samples
			if j > 0 && cum[j] > cum[j-1] {
				f := (target - cum[j-1]) / (cum[j] - cum[j-1])
				t = -math.Pi/2 + 2*math.Pi*(float64(j-1)+f)/samples
			}
			v := order[k]
			l.x[v] = l.in.W/2 + a*math.Cos(t)
			l.y[v] = l.in.H/2 + b*math.Sin(t)
			k++
		}
		acc += gap
	}
	return order
}

// ringCost is the crossings of the lines at nodes in set plus a penalty
// for each of those lines that passes through the centre's circle.
func (l *layout) ringCost(set ...int) int {
	c := 0
	// a pair of lines both at nodes of set is counted once, from the
	// line with the smaller index
	inSet := func(k int) bool {
		e := l.es[k]
		for _, v := range set {
			if int(e[0]) == v || int(e[1]) == v {
				return true
			}
		}
		return false
	}
	for si, v := range set {
		for _, k := range l.inc[v] {
			e := l.es[k]
			a, b := e[0], e[1]
			if si > 0 && (int(a) == set[0] || int(b) == set[0]) {
				continue // a line between two nodes of set: counted already
			}
			ax, ay, bx, by := l.x[a], l.y[a], l.x[b], l.y[b]
			for f, g := range l.es {
				if g[0] == a || g[0] == b || g[1] == a || g[1] == b || (f < int(k) && inSet(f)) {
					continue
				}
				l.work++
				if segmentsCross(ax, ay, bx, by, l.x[g[0]], l.y[g[0]], l.x[g[1]], l.y[g[1]]) {
					c++
				}
			}
			if ct := l.centre; ct >= 0 && int(a) != ct && int(b) != ct {
				need := (l.r[ct] + l.margin) * l.s
				if segDist2(l.x[ct], l.y[ct], ax, ay, bx, by) < need*need {
					c += 2
				}
			}
		}
	}
	return c
}

// ringSift moves v to the place in its block where ringCost is least,
// by swapping it along; it reports whether v moved.
func (l *layout) ringSift(blocks [][]int, v int) bool {
	var bl []int
	at := -1
	for _, b := range blocks {
		for i, u := range b {
			if u == v {
				bl, at = b, i
			}
		}
	}
	if len(bl) < 2 {
		return false
	}
	swap := func(i, j int) int { // swap the nodes at places i, j; returns the change in cost
		u, w := bl[i], bl[j]
		before := l.ringCost(u, w)
		l.x[u], l.x[w] = l.x[w], l.x[u]
		l.y[u], l.y[w] = l.y[w], l.y[u]
		bl[i], bl[j] = w, u
		return l.ringCost(u, w) - before
	}
	// to the front, then along to the end, remembering the best place
	delta := 0
	for i := at; i > 0; i-- {
		delta += swap(i-1, i)
	}
	best, bestAt := delta, 0
	for i := 0; i+1 < len(bl); i++ {
		delta += swap(i, i+1)
		if delta < best {
			best, bestAt = delta, i+1
		}
	}
	// back from the end to the best place
	for i := len(bl) - 1; i > bestAt; i-- {
		swap(i-1, i)
	}
	return bestAt != at && best < 0
}

// ringBlockOrder tries every order of the blocks (the first fixed; up to
// 7 blocks) and each block forwards and backwards, keeping the one that
// crosses least; it reports whether the order changed.
func (l *layout) ringBlockOrder(blocks [][]int) bool {
	k := len(blocks)
	if k < 3 || k > 7 {
		return false
	}
	cost := func() int {
		l.ringPlace(blocks)
		l.work += len(l.es) * len(l.es) / 2
		return countCrossings(l.x, l.y, l.es) + l.centreHits()
	}
	best := cost()
	changed := false
	// orders of the blocks after the first
	perm := make([]int, k-1)
	for i := range perm {
		perm[i] = i + 1
	}
	orig := append([][]int(nil), blocks...)
	bestOrder := append([][]int(nil), blocks...)
	var rec func(i int)
	rec = func(i int) {
		if i == len(perm) {
			blocks[0] = orig[0]
			for j, p := range perm {
				blocks[j+1] = orig[p]
			}
			if c := cost(); c < best {
				best = c
				copy(bestOrder, blocks)
				changed = true
			}
			return
		}
		for j := i; j < len(perm); j++ {
			perm[i], perm[j] = perm[j], perm[i]
			rec(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
	}
	rec(0)
	copy(blocks, bestOrder)
	// each block reversed
	for b := range blocks {
		reverse(blocks[b])
		if c := cost(); c < best {
			best = c
			changed = true
		} else {
			reverse(blocks[b])
		}
	}
	l.ringPlace(blocks)
	return changed
}

func reverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// centreHits counts, twice each, the lines that pass through the centre's
// circle (with LineMargin) without ending at it.
func (l *layout) centreHits() int {
	ct := l.centre
	if ct < 0 {
		return 0
	}
	c := 0
	need := (l.r[ct] + l.margin) * l.s
	for _, e := range l.es {
		if int(e[0]) == ct || int(e[1]) == ct {
			continue
		}
		if segDist2(l.x[ct], l.y[ct], l.x[e[0]], l.y[e[0]], l.x[e[1]], l.y[e[1]]) < need*need {
			c += 2
		}
	}
	return c
}

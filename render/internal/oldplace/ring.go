package oldplace

import (
	"math"
	"sort"
)

// ---- circle ----

// placeCircle puts the centre (if any) in the middle and the other nodes on
// an ellipse of half-axes ax, ay (at least large enough for the circles),
// ordered to keep groups together and reduce crossings.
func (p *placer) placeCircle(ax, ay float64) {
	var ring []int
	for i := 0; i < p.n; i++ {
		if i != p.centre {
			ring = append(ring, i)
		}
	}
	// the ring keeps its shape; the centre gives way to lines instead
	for _, i := range ring {
		p.mobility[i] = 0.3
	}
	if p.centre >= 0 {
		p.x[p.centre], p.y[p.centre] = 0, 0
	}
	if len(ring) == 0 {
		return
	}
	// groups in order of first appearance, members in map order
	sort.SliceStable(ring, func(i, j int) bool { return p.group[ring[i]] < p.group[ring[j]] })

	// room along the ring
	circ := 0.0
	for _, i := range ring {
		circ += 2*p.r[i] + p.gap*2.5
	}
	maxR := 0.0
	for _, i := range ring {
		maxR = max(maxR, p.r[i])
	}
	inner := 0.0
	if p.centre >= 0 {
		inner = p.r[p.centre] + maxR + p.lineMargin*2 + 40
	}
	// an ellipse of half-axes ax ≥ ay has a circumference of about
	// π(3(a+b) − √((3a+b)(a+3b))); grow both until the circles fit.
	ratio := 1.0
	if ay > 0 {
		ratio = ax / ay
	}
	b := max(ay, inner, maxR*1.5)
	for k := 0; k < 60; k++ {
		a := b * ratio
		c := math.Pi * (3*(a+b) - math.Sqrt((3*a+b)*(a+3*b)))
		if c >= circ {
			break
		}
		b *= 1.05
	}
	a := b * ratio

	// a stable key: groups in order of first appearance, members in map
	// order (ring is sorted so), so that adding a function moves the
	// others by at most half a slot instead of reshuffling the ring
	order := append([]int(nil), ring...)
	slots := ellipseSlots(a, b, order, p.r, p.gap*2.5)
	if len(order) > 3 {
		order = p.reduceCrossings(order, slots)
		slots = ellipseSlots(a, b, order, p.r, p.gap*2.5)
	}
	for k, i := range order {
		p.x[i], p.y[i] = slots[k][0], slots[k][1]
	}
}

// ellipseSlots spreads the nodes of order along an ellipse, each taking arc
// length in proportion to its diameter, clockwise from the top.
func ellipseSlots(a, b float64, order []int, r []float64, gap float64) [][2]float64 {
	// sample the ellipse's arc length
	const samples = 720
	cum := make([]float64, samples+1)
	px, py := 0.0, -b
	for s := 1; s <= samples; s++ {
		t := -math.Pi/2 + 2*math.Pi*float64(s)/samples
		x, y := a*math.Cos(t), b*math.Sin(t)
		cum[s] = cum[s-1] + math.Hypot(x-px, y-py)
		px, py = x, y
	}
	total := 0.0
	for _, i := range order {
		total += 2*r[i] + gap
	}
	out := make([][2]float64, len(order))
	acc := 0.0
	for k, i := range order {
		w := 2*r[i] + gap
		// the middle of the order sits at the bottom and its two ends meet
		// at the top, so that a function added anywhere moves the others
		// by at most half a slot, and those far from it hardly at all
		target := (acc + w/2) / total * cum[samples]
		acc += w
		s := sort.SearchFloat64s(cum, target)
		s = min(s, samples)
		t := -math.Pi/2 + 2*math.Pi*float64(s)/samples
		out[k] = [2]float64{rnd(a * math.Cos(t)), rnd(b * math.Sin(t))}
	}
	return out
}

// minSwapGain is the least a swap of neighbours on the ring must lower the
// crossings (plus centre penalties) by to be made.
const minSwapGain = 2.5

// reduceCrossings improves the ring order by swapping neighbours of the
// same group while that lowers the number of crossing chords plus a
// penalty for chords that pass the centre. Swapping two neighbours on a
// circle flips exactly the crossings between their edges, so each try
// costs deg(u)·deg(v).
func (p *placer) reduceCrossings(order []int, slots [][2]float64) []int {
	n := len(order)
	pos := make([]int, p.n)
	for i := range pos {
		pos[i] = -1
	}
	for k, i := range order {
		pos[i] = k
	}
	between := func(x, a, b int) bool { // x strictly inside the arc a→b
		if a < b {
			return a < x && x < b
		}
		return x > a || x < b
	}
	cross := func(a, b, c, d int) bool {
		pa, pb, pc, pd := pos[a], pos[b], pos[c], pos[d]
		return between(pc, pa, pb) != between(pd, pa, pb)
	}
	// penalty: chords that come near the centre obstacle
	centrePenalty := func(a, b int) float64 {
		if p.centre < 0 {
			return 0
		}
		s1, s2 := slots[pos[a]], slots[pos[b]]
		d := distPointSegment(0, 0, s1[0], s1[1], s2[0], s2[1])
		if d < p.r[p.centre]+p.lineMargin*1.5 {
			return 3
		}
		return 0
	}
	ringEdges := func(u int) []int {
		var out []int
		for _, e := range p.adj[u] {
			a, b := p.edges[e][0], p.edges[e][1]
			if pos[a] >= 0 && pos[b] >= 0 {
				out = append(out, e)
			}
		}
		return out
	}
	other := func(e, u int) int {
		if p.edges[e][0] == u {
			return p.edges[e][1]
		}
		return p.edges[e][0]
	}
	cost := func(u, v int) float64 { // the part of the cost that a swap of u, v changes
		c := 0.0
		eu, ev := ringEdges(u), ringEdges(v)
		for _, e := range eu {
			x := other(e, u)
			c += centrePenalty(u, x)
			for _, f := range ev {
				y := other(f, v)
				if x == y || x == v || y == u {
					continue
				}
				if cross(u, x, v, y) {
					c++
				}
			}
		}
		for _, f := range ev {
			c += centrePenalty(v, other(f, v))
		}
		return c
	}
	budget := 200000 // bounds the work on dense maps
	for pass := 0; pass < 30 && budget > 0; pass++ {
		improved := false
		for k := 0; k < n; k++ {
			u, v := order[k], order[(k+1)%n]
			if p.group[u] != p.group[v] {
				continue
			}
			budget -= len(p.adj[u])*len(p.adj[v]) + 1
			before := cost(u, v)
			pos[u], pos[v] = pos[v], pos[u]
			after := cost(u, v)
			// only a clear gain: small ones flip back and forth as
			// functions are added, reshuffling the ring
			if after < before-minSwapGain {
				order[k], order[(k+1)%n] = v, u
				improved = true
			} else {
				pos[u], pos[v] = pos[v], pos[u]
			}
		}
		if !improved {
			break
		}
	}
	return order
}

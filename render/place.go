package render

import (
	"hash/fnv"
	"math"
	"sort"
)

// placer holds the circles being placed. Positions are in design units with
// the origin at the middle of the drawing area. Node n (when hasMiddle) is
// the task label in the middle: an obstacle without relations.
type placer struct {
	n        int // nodes, including the middle label
	x, y, r  []float64
	mobility []float64 // 1 moves freely, small values move little
	shrink   []float64 // factor applied to a circle (and its text) to make room
	group    []int
	ids      []string
	edges    [][2]int
	adj      [][]int // neighbours (edge indexes) per node
	centre   int     // index of the centre function or middle label, -1 if none

	gap        float64   // between any two circles
	edgeGap    []float64 // extra room between the ends of each edge (badge)
	lineMargin float64   // between a line and a circle that is not its end
}

// middleID is the id of the middle label among the nodes.
const middleID = "\x00middle"

func (p *placer) init(n int) {
	p.n = n
	p.x = make([]float64, n)
	p.y = make([]float64, n)
	p.r = make([]float64, n)
	p.mobility = make([]float64, n)
	p.shrink = make([]float64, n)
	for i := range p.mobility {
		p.mobility[i] = 1
		p.shrink[i] = 1
	}
	p.group = make([]int, n)
	p.ids = make([]string, n)
	p.adj = make([][]int, n)
	p.centre = -1
}

func (p *placer) addEdge(a, b int, gap float64) {
	p.edges = append(p.edges, [2]int{a, b})
	p.edgeGap = append(p.edgeGap, gap)
	e := len(p.edges) - 1
	p.adj[a] = append(p.adj[a], e)
	p.adj[b] = append(p.adj[b], e)
}

// hash01 returns two numbers in [0, 1) derived from s, so that a function's
// starting position depends on its id only and not on the others.
func hash01(s string) (float64, float64) {
	h := fnv.New64a()
	h.Write([]byte(s))
	v := h.Sum64()
	return float64(v>>40) / float64(1<<24), float64((v>>8)&0xffffff) / float64(1<<24)
}

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

// ---- force ----

// placeForce runs a deterministic Fruchterman–Reingold layout. Starting
// positions come from a hash of each id, so adding a function does not move
// the others' starting points. Nodes with mobility 0 stay where they are.
func (p *placer) placeForce(fixed []bool, initDone bool) {
	if p.n == 0 {
		return
	}
	meanR := 0.0
	for i := 0; i < p.n; i++ {
		meanR += p.r[i]
	}
	meanR /= float64(p.n)
	L := 2*meanR + 2*p.lineMargin + 90 // ideal edge length
	spread := L * math.Sqrt(float64(p.n)) * 0.8
	if !initDone {
		for i := 0; i < p.n; i++ {
			if fixed[i] {
				continue
			}
			if i == p.centre {
				p.x[i], p.y[i] = 0, 0
				continue
			}
			h1, h2 := hash01(p.ids[i])
			a := 2 * math.Pi * h1
			d := spread * (0.3 + 0.7*math.Sqrt(h2))
			p.x[i], p.y[i] = d*math.Cos(a), d*math.Sin(a)
		}
	}
	iters := 300
	if p.n > 150 {
		iters = 120
	}
	// the middle: the centre when there is one, else the origin
	gx, gy := 0.0, 0.0
	if p.centre >= 0 {
		gx, gy = p.x[p.centre], p.y[p.centre]
	}
	dx := make([]float64, p.n)
	dy := make([]float64, p.n)
	temp := spread / 4
	for it := 0; it < iters; it++ {
		for i := range dx {
			dx[i], dy[i] = 0, 0
		}
		for i := 0; i < p.n; i++ {
			for j := i + 1; j < p.n; j++ {
				ux, uy := p.x[i]-p.x[j], p.y[i]-p.y[j]
				d2 := ux*ux + uy*uy
				if d2 < 1e-6 {
					ux, uy, d2 = 1e-3*float64(i-j), 1e-3, 2e-6
				}
				// repulsion L²/d, stronger for big circles
				k := L * L * (p.r[i] + p.r[j]) / (2 * meanR) / d2
				dx[i] += ux * k
				dy[i] += uy * k
				dx[j] -= ux * k
				dy[j] -= uy * k
			}
		}
		for _, e := range p.edges {
			a, b := e[0], e[1]
			ux, uy := p.x[a]-p.x[b], p.y[a]-p.y[b]
			d := math.Hypot(ux, uy)
			if d < 1e-9 {
				continue
			}
			k := d / L // attraction d²/L, along the unit vector
			dx[a] -= ux * k
			dy[a] -= uy * k
			dx[b] += ux * k
			dy[b] += uy * k
		}
		for i := 0; i < p.n; i++ {
			if fixed[i] || (i == p.centre && (!initDone || p.ids[i] == middleID)) {
				continue
			}
			// gravity, a weak spring to the middle, keeps unconnected
			// parts together and the drawing compact
			g := 0.15 * math.Hypot(p.x[i]-gx, p.y[i]-gy) / L
			dx[i] -= (p.x[i] - gx) * g
			dy[i] -= (p.y[i] - gy) * g
			d := math.Hypot(dx[i], dy[i])
			if d > 1e-9 {
				s := min(d, temp) / d
				p.x[i] += dx[i] * s
				p.y[i] += dy[i] * s
			}
		}
		temp = max(temp*0.97, L*0.02)
	}
}

// ---- repair ----

// repair moves circles until no two overlap and no line passes through a
// circle other than its ends, or until the budget is spent. It returns
// whether everything holds.
func (p *placer) repair(maxIter int) bool {
	for it := 0; it < maxIter; it++ {
		moved := p.separate()
		moved = p.clearLines(false) || moved
		if !moved {
			return true
		}
	}
	return p.violation() <= 1
}

// need returns the smallest centre distance between nodes i and j.
func (p *placer) need(i, j int, extra float64) float64 {
	return p.r[i] + p.r[j] + p.gap + extra
}

func (p *placer) share(i, j int) (float64, float64) {
	mi, mj := p.mobility[i], p.mobility[j]
	if mi+mj == 0 {
		return 0.5, 0.5
	}
	return mi / (mi + mj), mj / (mi + mj)
}

// separate pushes overlapping circles apart; it reports whether it moved any.
func (p *placer) separate() bool {
	extra := p.edgeExtra()
	moved := false
	for i := 0; i < p.n; i++ {
		for j := i + 1; j < p.n; j++ {
			need := p.need(i, j, extra[pairKey(i, j)])
			ux, uy := p.x[j]-p.x[i], p.y[j]-p.y[i]
			d2 := ux*ux + uy*uy
			if d2 >= need*need {
				continue
			}
			d := math.Sqrt(d2)
			if d < 1e-6 {
				h, _ := hash01(p.ids[j])
				ux, uy, d = math.Cos(2*math.Pi*h), math.Sin(2*math.Pi*h), 1
			}
			push := (need - math.Sqrt(d2)) * 1.02
			si, sj := p.share(i, j)
			p.x[i] -= ux / d * push * si
			p.y[i] -= uy / d * push * si
			p.x[j] += ux / d * push * sj
			p.y[j] += uy / d * push * sj
			moved = true
		}
	}
	return moved
}

func pairKey(i, j int) [2]int {
	if i > j {
		i, j = j, i
	}
	return [2]int{i, j}
}

func (p *placer) edgeExtra() map[[2]int]float64 {
	m := make(map[[2]int]float64, len(p.edges))
	for k, e := range p.edges {
		m[pairKey(e[0], e[1])] = p.edgeGap[k]
	}
	return m
}

// clearLines pushes circles off lines that pass through them, and the
// line's ends the other way; it reports whether it moved any.
//
// With full, the circle alone takes the whole step.
func (p *placer) clearLines(full bool) bool {
	moved := false
	for _, e := range p.edges {
		a, b := e[0], e[1]
		ax, ay, bx, by := p.x[a], p.y[a], p.x[b], p.y[b]
		minx, maxx := min(ax, bx), max(ax, bx)
		miny, maxy := min(ay, by), max(ay, by)
		for c := 0; c < p.n; c++ {
			if c == a || c == b {
				continue
			}
			need := p.r[c] + p.lineMargin
			if p.x[c]+need < minx || p.x[c]-need > maxx || p.y[c]+need < miny || p.y[c]-need > maxy {
				continue
			}
			d, qx, qy := closestOnSegment(p.x[c], p.y[c], ax, ay, bx, by)
			if d >= need {
				continue
			}
			ux, uy := p.x[c]-qx, p.y[c]-qy
			if d < 1e-6 { // on the line: step to the left of a→b
				lx, ly := -(by - ay), bx-ax
				l := math.Hypot(lx, ly)
				if l < 1e-9 {
					lx, ly, l = 1, 0, 1
				}
				ux, uy, d = lx/l, ly/l, 1
			}
			push := (need - d) * 1.05
			mc := p.mobility[c]
			me := (p.mobility[a] + p.mobility[b]) / 2
			sc := 1.0
			if mc+me > 0 && !full {
				sc = mc / (mc + me)
			}
			p.x[c] += ux / d * push * sc
			p.y[c] += uy / d * push * sc
			if se := 1 - sc; se > 0 {
				ma, mb := p.mobility[a], p.mobility[b]
				if ma+mb > 0 {
					fa, fb := push*se*ma/(ma+mb), push*se*mb/(ma+mb)
					p.x[a] -= ux / d * fa
					p.y[a] -= uy / d * fa
					p.x[b] -= ux / d * fb
					p.y[b] -= uy / d * fb
				}
			}
			moved = true
		}
	}
	return moved
}

// violation returns the factor by which all positions must be spread apart
// (scaled about the origin, radii unchanged) for every guarantee to hold:
// 1 when they already hold.
func (p *placer) violation() float64 {
	k := 1.0
	extra := p.edgeExtra()
	for i := 0; i < p.n; i++ {
		for j := i + 1; j < p.n; j++ {
			need := p.need(i, j, extra[pairKey(i, j)])
			d := math.Hypot(p.x[j]-p.x[i], p.y[j]-p.y[i])
			if d < need {
				k = max(k, need/max(d, 1e-9))
			}
		}
	}
	for _, e := range p.edges {
		a, b := e[0], e[1]
		for c := 0; c < p.n; c++ {
			if c == a || c == b {
				continue
			}
			need := p.r[c] + p.lineMargin
			d, _, _ := closestOnSegment(p.x[c], p.y[c], p.x[a], p.y[a], p.x[b], p.y[b])
			if d < need {
				k = max(k, need/max(d, 1e-9))
			}
		}
	}
	return k
}

// nudgeOffLines moves any circle whose centre lies on (or within a hair
// of) a line that is not its own, so that spreading can clear it.
func (p *placer) nudgeOffLines() {
	for _, e := range p.edges {
		a, b := e[0], e[1]
		for c := 0; c < p.n; c++ {
			if c == a || c == b {
				continue
			}
			d, qx, qy := closestOnSegment(p.x[c], p.y[c], p.x[a], p.y[a], p.x[b], p.y[b])
			need := p.r[c]*minShrink + p.lineMargin
			if d < need*0.5 {
				// step off the line far enough for shrinking to finish the job
				ux, uy := p.x[c]-qx, p.y[c]-qy
				if d < 1e-6 {
					ux, uy = -(p.y[b] - p.y[a]), p.x[b]-p.x[a]
				}
				l := math.Hypot(ux, uy)
				if l < 1e-9 {
					continue
				}
				p.x[c] += ux / l * (need - d + 1)
				p.y[c] += uy / l * (need - d + 1)
			}
		}
	}
}

// guarantee makes every guarantee hold, by spreading positions apart if
// repair could not.
//
// First, circles that still touch a line or a neighbour are shrunk (with
// their text), down to minShrink of their size; only what that cannot fix
// is solved by spreading, which shrinks the whole map on the canvas.
func (p *placer) guarantee() {
	p.nudgeOffLines()
	if p.violation() > 1 {
		p.shrinkToFit()
	}
	for range 3 {
		p.nudgeOffLines()
		k := p.violation()
		if k <= 1 {
			return
		}
		k *= 1.001
		for i := 0; i < p.n; i++ {
			p.x[i] *= k
			p.y[i] *= k
		}
	}
}

const minShrink = 0.45

// shrinkToFit makes each circle as small as it must be (but not below
// minShrink of its size) for the guarantees to hold at the current places.
func (p *placer) shrinkToFit() {
	f := make([]float64, p.n)
	for i := range f {
		f[i] = 1
	}
	extra := p.edgeExtra()
	for i := 0; i < p.n; i++ {
		for j := i + 1; j < p.n; j++ {
			need := p.need(i, j, extra[pairKey(i, j)])
			d := math.Hypot(p.x[j]-p.x[i], p.y[j]-p.y[i])
			if d < need {
				k := (d - (need - p.r[i] - p.r[j])) / (p.r[i] + p.r[j])
				f[i] = min(f[i], k)
				f[j] = min(f[j], k)
			}
		}
	}
	for _, e := range p.edges {
		a, b := e[0], e[1]
		for c := 0; c < p.n; c++ {
			if c == a || c == b {
				continue
			}
			d, _, _ := closestOnSegment(p.x[c], p.y[c], p.x[a], p.y[a], p.x[b], p.y[b])
			if need := p.r[c] + p.lineMargin; d < need {
				f[c] = min(f[c], (d-p.lineMargin)/p.r[c])
			}
		}
	}
	for i := range f {
		f[i] = max(f[i], minShrink)
		p.r[i] *= f[i]
		p.shrink[i] *= f[i]
	}
}

// closestOnSegment returns the distance from (px, py) to the segment
// (ax, ay)–(bx, by) and the closest point.
func closestOnSegment(px, py, ax, ay, bx, by float64) (float64, float64, float64) {
	vx, vy := bx-ax, by-ay
	l2 := vx*vx + vy*vy
	t := 0.0
	if l2 > 0 {
		t = ((px-ax)*vx + (py-ay)*vy) / l2
		t = max(0, min(1, t))
	}
	qx, qy := ax+t*vx, ay+t*vy
	return math.Hypot(px-qx, py-qy), qx, qy
}

func distPointSegment(px, py, ax, ay, bx, by float64) float64 {
	d, _, _ := closestOnSegment(px, py, ax, ay, bx, by)
	return d
}

// rnd rounds a coordinate to 0.01, so that output does not depend on the
// last bits of floating point (which differ across architectures).
func rnd(v float64) float64 {
	r := math.Round(v*100) / 100
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

func abs(v float64) float64      { return math.Abs(v) }
func hypot(a, b float64) float64 { return math.Hypot(a, b) }

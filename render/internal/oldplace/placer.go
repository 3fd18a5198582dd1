package oldplace

import (
	"hash/fnv"
	"math"
)

// placer holds the circles being placed. Positions are relative to the
// middle of the area until fit moves them into it.
type placer struct {
	n        int
	x, y, r  []float64
	mobility []float64 // 1 moves freely, small values move little
	group    []int     // by first appearance of the group's name
	ids      []string
	edges    [][2]int
	joined   map[[2]int]bool // the pairs an edge joins
	adj      [][]int         // edge indexes per node
	centre   int             // the centre node, -1 if none

	gap        float64 // between any two circles
	edgeGap    float64 // between the two ends of an edge: room for its badge
	lineMargin float64 // between a line and a circle it does not end at
}

func newPlacer(in *Input) *placer {
	n := len(in.Nodes)
	p := &placer{
		n: n, x: make([]float64, n), y: make([]float64, n), r: make([]float64, n),
		mobility: make([]float64, n), group: make([]int, n), ids: make([]string, n),
		adj: make([][]int, n), centre: -1,
		gap: in.Gap, lineMargin: in.LineMargin, edgeGap: 2 * in.LineMargin,
	}
	groups := map[string]int{}
	for i, nd := range in.Nodes {
		p.r[i] = max(nd.R, 0)
		p.ids[i] = nd.ID
		p.mobility[i] = 1
		g, ok := groups[nd.Group]
		if !ok {
			g = len(groups)
			groups[nd.Group] = g
		}
		p.group[i] = g
		if nd.Centre && p.centre < 0 {
			p.centre = i
		}
	}
	p.joined = map[[2]int]bool{}
	for _, e := range in.Edges {
		if e.A == e.B || e.A < 0 || e.B < 0 || e.A >= n || e.B >= n || p.joined[pairKey(e.A, e.B)] {
			continue
		}
		p.joined[pairKey(e.A, e.B)] = true
		p.edges = append(p.edges, [2]int{e.A, e.B})
		k := len(p.edges) - 1
		p.adj[e.A] = append(p.adj[e.A], k)
		p.adj[e.B] = append(p.adj[e.B], k)
	}
	return p
}

func pairKey(i, j int) [2]int {
	if i > j {
		i, j = j, i
	}
	return [2]int{i, j}
}

// keepsPositions reports whether positions are kept: some node is pinned,
// or at least half the nodes have a remembered position.
func (p *placer) keepsPositions(in *Input) bool {
	prev := 0
	for _, nd := range in.Nodes {
		if nd.Pin != nil {
			return true
		}
		if nd.Prev != nil {
			prev++
		}
	}
	return 2*prev >= len(in.Nodes)
}

// placeFresh places every node by the mode, repairs, and fits the result
// into the area; it returns the scale.
func (p *placer) placeFresh(in *Input) float64 {
	if in.Mode == Ring {
		maxR := 0.0
		for i := 0; i < p.n; i++ {
			if i != p.centre {
				maxR = max(maxR, p.r[i])
			}
		}
		// a margin for repair, which may push circles outwards
		p.placeCircle(0.94*(in.W/2-maxR-4), 0.94*(in.H/2-maxR-4))
	} else {
		p.placeForce()
		p.alignWide()
		p.settle(in.W, in.H)
	}
	p.repair(p.repairBudget())
	p.spreadUntilClear()
	return p.fit(in.W, in.H, in.Mode == Ring)
}

// settle fits the force layout's positions to the area and lets repair
// push apart what then overlaps, a few times: the force layout's spacing
// is uneven, and its closest pair would otherwise decide the scale of the
// whole drawing. The circles are settled at the size at which they cover
// at most settleCover of the area, so that repair pushes little.
func (p *placer) settle(w, h float64) {
	cover := 0.0
	for i := 0; i < p.n; i++ {
		r := p.r[i] + p.gap/2
		cover += math.Pi * r * r
	}
	s := min(1, math.Sqrt(settleCover*w*h/max(cover, 1e-9)))
	if s < minSettle {
		return
	}
	p.scaleSizes(s)
	defer p.scaleSizes(1 / s)
	for range 4 {
		x0, y0, x1, y1 := p.bbox(1, 0)
		mr := p.maxR()
		k := min((w-2*mr)/max(x1-x0, 1e-9), (h-2*mr)/max(y1-y0, 1e-9))
		cx, cy := (x0+x1)/2, (y0+y1)/2
		for i := 0; i < p.n; i++ {
			p.x[i] = (p.x[i] - cx) * k
			p.y[i] = (p.y[i] - cy) * k
		}
		if p.repair(settleBudget) && p.fits(1, w, h) {
			return
		}
	}
}

// settleCover is the share of the area the circles cover while settling;
// maps that must shrink below minSettle for that keep the force layout's
// spacing: on them repair's pushing added crossings and gained little.
const (
	settleCover = 0.35
	minSettle   = 0.62
	// settleBudget bounds each round's repair; the repair after settling
	// finishes the job
	settleBudget = 40
)

// placeKept keeps pinned and remembered positions, places the others
// around them, and returns the scale at which the guarantees hold without
// moving the kept ones further: first the scale the kept circles need
// among themselves, then what the others add.
func (p *placer) placeKept(in *Input) float64 {
	cx, cy := in.W/2, in.H/2
	kept := make([]bool, p.n)
	for i, nd := range in.Nodes {
		pt := nd.Pin
		if pt == nil {
			pt = nd.Prev
		}
		if pt == nil || math.IsNaN(pt.X) || math.IsNaN(pt.Y) {
			continue
		}
		kept[i] = true
		p.x[i] = min(max(pt.X, 0), in.W) - cx
		p.y[i] = min(max(pt.Y, 0), in.H) - cy
		// pinned ones give way only to each other; remembered ones a
		// little, to make room for new ones
		p.mobility[i] = 0.05
		if nd.Pin == nil {
			p.mobility[i] = 0.25
		}
	}
	s0 := 1 / p.violationAmong(kept)
	p.scaleSizes(s0)
	p.placeAround(kept, in.W, in.H)
	p.repair(p.repairBudget())
	// the others stay inside the area; the kept ones are where they were
	for i := 0; i < p.n; i++ {
		if !kept[i] {
			p.x[i] = min(max(p.x[i], p.r[i]-cx), cx-p.r[i])
			p.y[i] = min(max(p.y[i], p.r[i]-cy), cy-p.r[i])
		}
	}
	s1 := 1 / p.violation()
	p.scaleSizes(1 / s0)
	for i := 0; i < p.n; i++ {
		p.x[i] += cx
		p.y[i] += cy
	}
	return s0 * s1
}

// scaleSizes multiplies the radii and clearances by k.
func (p *placer) scaleSizes(k float64) {
	for i := range p.r {
		p.r[i] *= k
	}
	p.gap *= k
	p.edgeGap *= k
	p.lineMargin *= k
}

func (p *placer) repairBudget() int {
	if p.n > 100 {
		return 60
	}
	return 300
}

// hash01 returns two numbers in [0, 1) derived from s, so that a node's
// starting position depends on its id only.
func hash01(s string) (float64, float64) {
	h := fnv.New64a()
	h.Write([]byte(s))
	v := h.Sum64()
	return float64(v>>40) / float64(1<<24), float64((v>>8)&0xffffff) / float64(1<<24)
}

// bbox is the box of the circles with positions times k and radii times s.
func (p *placer) bbox(k, s float64) (x0, y0, x1, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for i := 0; i < p.n; i++ {
		x0 = min(x0, k*p.x[i]-s*p.r[i])
		x1 = max(x1, k*p.x[i]+s*p.r[i])
		y0 = min(y0, k*p.y[i]-s*p.r[i])
		y1 = max(y1, k*p.y[i]+s*p.r[i])
	}
	return
}

// fit spreads the placement (positions only) to fill the area, or shrinks
// it (positions and radii) when it does not fit, and moves it into the
// area; it returns the scale. A ring that fits keeps its size: spreading it
// would move every circle whenever one is added.
func (p *placer) fit(w, h float64, ring bool) float64 {
	if ring {
		if p.ringFits(w, h) {
			return p.moveInto(w, h, 1, 1, false)
		}
	} else {
		// no more room between the circles than the guarantees need:
		// what the drawing does not spend on gaps goes to larger circles
		p.scalePositions(p.slack() * 1.001)
		if p.fits(1, w, h) {
			lo, hi := 1.0, 3.0
			for range 30 {
				mid := (lo + hi) / 2
				if p.fits(mid, w, h) {
					lo = mid
				} else {
					hi = mid
				}
			}
			p.scalePositions(lo)
		}
		x0, y0, x1, y1 := p.bbox(1, 1)
		s := min(1, w/(x1-x0), h/(y1-y0))
		p.stretch(w/s, h/s)
	}
	x0, y0, x1, y1 := p.bbox(1, 1)
	s := min(1, w/(x1-x0), h/(y1-y0))
	return p.moveInto(w, h, 1, s, true)
}

// alignWide turns the drawing about the middle so that its longest extent
// lies across, as the area does.
func (p *placer) alignWide() {
	var sxx, syy, sxy float64
	for i := 0; i < p.n; i++ {
		sxx += p.x[i] * p.x[i]
		syy += p.y[i] * p.y[i]
		sxy += p.x[i] * p.y[i]
	}
	a := 0.5 * math.Atan2(2*sxy, sxx-syy) // the principal axis
	sin, cos := math.Sincos(-a)
	for i := 0; i < p.n; i++ {
		p.x[i], p.y[i] = p.x[i]*cos-p.y[i]*sin, p.x[i]*sin+p.y[i]*cos
	}
}

// stretch spreads a drawing that fits the area further along the axis
// with room left, as far as the guarantees still hold, so that a round
// drawing uses a wide area.
func (p *placer) stretch(w, h float64) {
	if p.n > 150 || p.violation() > 1 {
		return
	}
	x0, y0, x1, y1 := p.bbox(1, 1)
	xs, ys := 1.0, 1.0
	spanX, spanY := x1-x0-2*p.maxR(), y1-y0-2*p.maxR()
	if f := (w - (x1 - x0)) / spanX; spanX > 1 && f > 0.05 {
		xs = 1 + f
	} else if f := (h - (y1 - y0)) / spanY; spanY > 1 && f > 0.05 {
		ys = 1 + f
	} else {
		return
	}
	apply := func(fx, fy float64) {
		for i := 0; i < p.n; i++ {
			p.x[i] *= fx
			p.y[i] *= fy
		}
	}
	lo, hi := 0.0, 1.0 // share of the stretch
	for range 10 {
		mid := (lo + hi) / 2
		fx, fy := 1+(xs-1)*mid, 1+(ys-1)*mid
		apply(fx, fy)
		if p.violation() <= 1 && p.fits(1, w, h) {
			lo = mid
		} else {
			hi = mid
		}
		apply(1/fx, 1/fy)
	}
	apply(1+(xs-1)*lo, 1+(ys-1)*lo)
}

func (p *placer) maxR() float64 {
	r := 0.0
	for i := 0; i < p.n; i++ {
		r = max(r, p.r[i])
	}
	return r
}

func (p *placer) fits(k, w, h float64) bool {
	x0, y0, x1, y1 := p.bbox(k, 1)
	return x1-x0 <= w && y1-y0 <= h
}

// ringFits reports whether the ring fits about the middle, drawing it a
// little tighter when repair pushed it a little too far and the
// guarantees still hold.
func (p *placer) ringFits(w, h float64) bool {
	x0, y0, x1, y1 := p.bbox(1, 1)
	hw, hh := max(-x0, x1), max(-y0, y1)
	if 2*hw <= w && 2*hh <= h {
		return true
	}
	k := min(w/(2*hw), h/(2*hh))
	if k <= 0.85 || p.n > 150 {
		return false
	}
	p.scalePositions(k * 0.999)
	if p.violation() <= 1 {
		return true
	}
	p.scalePositions(1 / (k * 0.999))
	return false
}

func (p *placer) scalePositions(k float64) {
	for i := 0; i < p.n; i++ {
		p.x[i] *= k
		p.y[i] *= k
	}
}

// moveInto scales positions by k·s and centres the drawing in the area
// (or, without centring, puts the origin in the middle of the area); it
// returns s.
func (p *placer) moveInto(w, h, k, s float64, centre bool) float64 {
	ox, oy := w/2, h/2
	if centre {
		x0, y0, x1, y1 := p.bbox(k, 1)
		ox, oy = w/2-s*(x0+x1)/2, h/2-s*(y0+y1)/2
	}
	for i := 0; i < p.n; i++ {
		p.x[i] = ox + p.x[i]*k*s
		p.y[i] = oy + p.y[i]*k*s
	}
	return s
}

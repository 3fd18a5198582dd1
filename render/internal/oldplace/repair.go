package oldplace

import "math"

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

// need returns the smallest centre distance between nodes i and j: more
// when a line joins them, for its badge.
func (p *placer) need(i, j int) float64 {
	if p.joined[pairKey(i, j)] {
		return p.r[i] + p.r[j] + p.gap + p.edgeGap
	}
	return p.r[i] + p.r[j] + p.gap
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
	moved := false
	for i := 0; i < p.n; i++ {
		for j := i + 1; j < p.n; j++ {
			ux, uy := p.x[j]-p.x[i], p.y[j]-p.y[i]
			d2 := ux*ux + uy*uy
			if far := p.r[i] + p.r[j] + p.gap + p.edgeGap; d2 >= far*far {
				continue
			}
			need := p.need(i, j)
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
func (p *placer) violation() float64 { return max(p.tightest(nil, false), 1) }

// violationAmong is violation for the nodes in among only.
func (p *placer) violationAmong(among []bool) float64 { return max(p.tightest(among, false), 1) }

// slack is the factor, at most 1, by which all positions may be drawn
// together with every guarantee still holding.
func (p *placer) slack() float64 {
	k := p.tightest(nil, true)
	if k == 0 { // nothing constrains the positions
		return 1
	}
	return min(k, 1)
}

// tightest is the largest ratio of needed to actual distance, over the
// pairs of nodes in among (all when nil) and the lines past them: over
// every constraint with every, else over the broken ones (0 when none).
func (p *placer) tightest(among []bool, every bool) float64 {
	in := func(i int) bool { return among == nil || among[i] }
	k := 0.0
	for i := 0; i < p.n; i++ {
		for j := i + 1; j < p.n; j++ {
			if !in(i) || !in(j) {
				continue
			}
			ux, uy := p.x[j]-p.x[i], p.y[j]-p.y[i]
			if far := p.r[i] + p.r[j] + p.gap + p.edgeGap; !every && ux*ux+uy*uy >= far*far {
				continue
			}
			need := p.need(i, j)
			if d := math.Hypot(ux, uy); every || d < need {
				k = max(k, need/max(d, 1e-9))
			}
		}
	}
	for _, e := range p.edges {
		a, b := e[0], e[1]
		if !in(a) || !in(b) {
			continue
		}
		for c := 0; c < p.n; c++ {
			if c == a || c == b || !in(c) {
				continue
			}
			need := p.r[c] + p.lineMargin
			d, _, _ := closestOnSegment(p.x[c], p.y[c], p.x[a], p.y[a], p.x[b], p.y[b])
			if every || d < need {
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
			need := p.r[c]*nudgeShare + p.lineMargin
			if d < need*0.5 {
				// step off the line far enough for spreading to finish the job
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

// spreadUntilClear makes every guarantee hold by spreading positions apart
// (which fit turns into a smaller scale) where repair could not.
func (p *placer) spreadUntilClear() {
	for range 3 {
		p.nudgeOffLines()
		k := p.violation()
		if k <= 1 {
			return
		}
		p.scalePositions(k * 1.001)
	}
}

// nudgeShare is how far from a line, as a share of a circle's radius plus
// the line margin, a circle's centre must be for spreading to clear it.
const nudgeShare = 0.45

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

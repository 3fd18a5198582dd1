package place

import (
	"math"
	"runtime"
	"sort"
	"sync"
)

// effort says how much work a fresh layout may do; it falls with the
// size of the map so that large maps stay fast.
type effort struct {
	starts, keep int // stress starts; how many of the best go on to arrange
	iters        int // stress sweeps at most
	loose        int // passes of the crossing search before circles are spread
	strict       int // passes after
	post         int // passes after the last repair
	work         int // segment tests each search may make
	repairs      int // passes of relieve
	spread       int // rounds of spread for each scale tried
	shrinks      int // times the scale may be lowered to let spread finish
	calm         int // passes of calm
	regroup      int // passes of regroup
	// minShrink bounds how far the scale is lowered below the first one
	// to keep lines clear of circles: past it, a line through a circle
	// is the lesser evil (LineHits counts them; on the corpus there are
	// none)
	minShrink float64
	large     bool // repairs ignore crossings
}

func effortFor(n, m int) effort {
	ef := effortBySize(n, m)
	if effortHook != nil {
		effortHook(&ef)
	}
	return ef
}

// effortHook, when set, adjusts every effort: the tests that compare the
// methods use it to switch stages off.
var effortHook func(*effort)

func effortBySize(n, m int) effort {
	switch {
	case n <= 16 && m <= 40:
		return effort{starts: 3, keep: 1, iters: 100, loose: 2, strict: 2, post: 1,
			work: math.MaxInt, repairs: 8, spread: 40, shrinks: 8, calm: 2, regroup: 3, minShrink: 0.3}
	case n <= 80 && m <= 250:
		return effort{starts: 6, keep: 1, iters: 200, loose: 3, strict: 6, post: 3,
			work: math.MaxInt, repairs: 8, spread: 40, shrinks: 8, calm: 3, regroup: 3, minShrink: 0.3}
	case n <= 200 && m <= 1000:
		return effort{starts: 1, keep: 1, iters: 40, loose: 1, strict: 1,
			work: 60_000, repairs: 2, spread: 15, shrinks: 4, calm: 0, regroup: 1, minShrink: 0.4}
	default:
		return effort{starts: 1, keep: 1, iters: 25, repairs: 1, spread: 12, shrinks: 2, large: true, minShrink: 0.5}
	}
}

// groupSeparation is added to the target distance (in edge lengths)
// between nodes of different groups, so that stress pulls groups apart.
const groupSeparation = 1.0

// targetDensity is the share of the area the circles (with half a gap
// around each) are first sized to cover.
const targetDensity = 0.2

// giveUp reports whether the layout, at its working scale, cannot be
// expected to reach Input.MinScale (see startHeadroom), and if so marks it
// given up at that scale: arrange then stops, and finish gives it the
// scale its positions allow, at most that one.
func (l *layout) giveUp() bool {
	if m := l.in.MinScale; m > 0 && l.s*startHeadroom < m {
		l.gaveUp, l.gaveUpAt = true, l.s
		return true
	}
	return false
}

// startHeadroom bounds how much larger than its working scale a fresh
// layout's final Scale is taken to come out, at the two points where
// arrange asks (see giveUp): when it starts (s0), and once circles have
// first been spread apart. With Input.MinScale set, a layout working
// below MinScale/startHeadroom there is not worked out further. The
// working scale only ever falls, and the fit that follows each point
// leaves a circle touching the area's edge at the working scale, so the
// final Scale stays at or below it but for circles moved off the edge
// afterwards: on the examples, the corpus and random maps of 20 to 200
// functions (engine and renderer sizes) it came out at most 1.0000 times
// s0 and 1.0004 times the scale after spreading. The margin keeps a
// readable layout from being given up on should one ever grow more;
// TestMinScale checks that none is.
const startHeadroom = 1.25

// coverHopeless: see lineCover.
const coverHopeless = 4.0

// fresh lays the map out from scratch (Auto mode): stress majorization
// from several starts, the best few by crossings arranged in the area,
// the best arrangement kept.
func (l *layout) fresh() {
	n := l.n
	if n == 1 {
		l.x[0], l.y[0] = l.in.W/2, l.in.H/2
		return
	}
	ef := effortFor(n, len(l.es))
	quick := false
	if m := l.in.MinScale; m > 0 && l.targetScale(targetDensity)*startHeadroom < m {
		// arrange will give up on any start (s0 is at most this scale):
		// spare the stress and the target distances it works to, and
		// start from random spots (a start without stress from the others
		// may put circles on top of each other)
		ef.starts, ef.keep, ef.iters = 1, 1, 0
		quick = true
	}
	l.crossAware = !ef.large
	var d []float64 // the target distances, which the quick start does without
	if !quick {
		d = l.hops()
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j && i != l.centre && j != l.centre && l.group[i] != l.group[j] {
					d[i*n+j] += groupSeparation
				}
			}
		}
	}
	l.d = d
	fixed := make([]bool, n)
	if l.centre >= 0 {
		fixed[l.centre] = true
	}
	type cand struct {
		x, y  []float64
		cross int
	}
	cands := make([]cand, ef.starts)
	for start := range cands {
		x := make([]float64, n)
		y := make([]float64, n)
		switch {
		case quick || start >= 2:
			// seeded by id, so that a node's start does not depend on
			// the others
			for i := 0; i < n; i++ {
				a := 2 * math.Pi * unit(hash64(l.ids[i], uint64(start)))
				rr := math.Sqrt(float64(n)) * math.Sqrt(unit(hash64(l.ids[i], uint64(start)+100)))
				x[i], y[i] = rr*math.Cos(a), rr*math.Sin(a)
			}
		case start == 0:
			if n > 150 {
				classicalMDS(d, n, x, y)
			} else {
				l.sectorStart(d, x, y)
			}
		default:
			classicalMDS(d, n, x, y)
		}
		if l.centre >= 0 {
			cx, cy := x[l.centre], y[l.centre]
			for i := range x {
				x[i] -= cx
				y[i] -= cy
			}
		}
		cands[start] = cand{x, y, 0}
	}
	// the starts are independent of each other: stress runs them side by
	// side, each into its own slot, so that the result does not depend on
	// which finishes first
	run := func(k int) {
		c := &cands[k]
		if !quick {
			stress(c.x, c.y, d, fixed, ef.iters, stressTol, l.centre)
		}
		if ef.starts > 1 {
			c.cross = countCrossings(c.x, c.y, l.es)
		}
	}
	if n < parallelFrom {
		for k := range cands {
			run(k)
		}
	} else {
		each(len(cands), run)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].cross < cands[j].cross })
	bestX := make([]float64, n)
	bestY := make([]float64, n)
	bestC, bestS, bestAt, bestGaveUp := -1, 0.0, 0.0, false
	for _, c := range cands[:min(ef.keep, len(cands))] {
		copy(l.x, c.x)
		copy(l.y, c.y)
		l.arrange(ef)
		cr := 0
		if ef.keep > 1 {
			cr = countCrossings(l.x, l.y, l.es)
		}
		if bestC < 0 || cr < bestC {
			bestC, bestS, bestAt, bestGaveUp = cr, l.s, l.gaveUpAt, l.gaveUp
			copy(bestX, l.x)
			copy(bestY, l.y)
		}
	}
	copy(l.x, bestX)
	copy(l.y, bestY)
	l.s, l.gaveUpAt, l.gaveUp = bestS, bestAt, bestGaveUp
}

// arrange takes a drawing in edge-length units to the area: rotated,
// fitted, crossings reduced, circles spread apart, crossings reduced
// again within the constraints, constraints repaired, evened out.
func (l *layout) arrange(ef effort) {
	rotate(l.x, l.y, l.in.W >= l.in.H)
	l.s = 1
	l.kx, l.ky = 1, 1
	l.fit()
	// the scale: what the area allows for circles covering targetDensity
	// of it, unless the drawing crowds them more than that
	q := l.spacing()
	l.s = min(l.targetScale(targetDensity), 1.2*quantile(q, 0.25))
	l.fit()
	l.lines = l.lineCover(l.s) <= coverHopeless
	s0 := l.s
	l.gaveUp = false
	if l.giveUp() {
		return
	}
	l.buildGrid()
	l.search(ef.loose, ef.work, true)
	l.relieve(min(5, ef.repairs), true)
	for k := 0; ; k++ {
		if l.spread(ef.spread) || k >= ef.shrinks || l.s*0.93 < ef.minShrink*s0 {
			break
		}
		l.s *= 0.93
		// the scale only falls from here, so a layout already too small
		// is given up on without spreading it further
		if l.giveUp() {
			return
		}
		l.buildGrid()
	}
	if l.giveUp() {
		return
	}
	l.refit()
	l.search(ef.strict, ef.work, false)
	l.relieve(ef.repairs, true)
	l.relieve(ef.repairs, false)
	l.regroup(ef.regroup)
	l.calm(ef.calm)
	for k := 0; k < ef.shrinks && l.s*0.93 >= ef.minShrink*s0 && l.violationCount() > 0; k++ {
		l.s *= 0.93
		l.buildGrid()
		l.relieve(ef.repairs/2, true)
		l.relieve(ef.repairs/2, false)
	}
	l.refit()
	l.search(ef.post, ef.work, false)
	l.calm(ef.calm)
	l.regroup(ef.regroup)
}

func bounds(x, y []float64) (x0, x1, y0, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for i := range x {
		x0, x1 = min(x0, x[i]), max(x1, x[i])
		y0, y1 = min(y0, y[i]), max(y1, y[i])
	}
	return
}

// finish rounds the drawing and sets the scale to the largest that keeps
// every constraint (maxScale: a function of the positions alone, so that
// a layout fed back as Prev gets the same scale). When repair is set,
// lines that pass too close to circles at that scale are first moved
// clear where they can be.
func (l *layout) finish(repair bool) {
	l.round()
	l.s = l.maxScale()
	for k := 0; repair && k < 3 && l.violationCount() > 0; k++ {
		l.relieve(5, true)
		l.relieve(5, false)
		l.round()
		l.s = l.maxScale()
	}
}

// round rounds every position to 0.01, inside the area.
func (l *layout) round() {
	for i := 0; i < l.n; i++ {
		l.x[i] = round2(min(max(l.x[i], 0), l.in.W))
		l.y[i] = round2(min(max(l.y[i], 0), l.in.H))
	}
}

// stressTol: stress stops when no node moves more than this share of the
// mean target distance in a sweep.
const stressTol = 1e-3

// refit stretches the drawing about the centre (or the middle) until it
// fills the area again, after repairs may have drawn it together. It only
// ever stretches (the factors are at least 1), so distances only grow:
// no constraint that held breaks, and stretching keeps crossings.
func (l *layout) refit() {
	l.fit()
	l.buildGrid()
}

// parallelFrom is the least number of nodes for which the stress starts
// run side by side: below it, starting goroutines costs more than it
// saves.
const parallelFrom = 20

// each calls f(0), ..., f(k-1), as many at a time as there are
// processors to run them.
func each(k int, f func(int)) {
	w := min(k, runtime.GOMAXPROCS(0))
	if w <= 1 {
		for i := 0; i < k; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= k {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

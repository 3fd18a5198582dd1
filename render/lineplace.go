package render

import (
	"math"
	"slices"
)

// linePlacer places tags — rating badges, numbered markers, the labels of
// group relations — on lines: each as near the middle of its line as it
// can be while clear of the other lines and of the tags placed before. A
// uniform grid over the canvas finds the lines and tags near a line, so
// that placing costs about the number of lines times their neighbours, not
// the square of the number of lines.
type linePlacer struct {
	segs []lineSeg
	tags []placedTag

	cell   float64
	nx, ny int
	segAt  [][]int32 // per cell, the lines that pass through it
	tagAt  [][]int32 // per cell, the tags centred in it
	maxTag float64   // the largest tag's radius
	maxW   float64   // the widest line

	// checks counts the lines and tags looked at, for the test that
	// placing does not grow with the square of the lines
	checks int

	// stamps mark what a query has seen
	q         uint32
	cellStamp []uint32
	segStamp  []uint32
	// scratch of queries: the lines and tags near, the cells a line
	// passes through and the cells around it
	near, nearTags []int32
	lineCells      []int
	aroundCells    []int
}

type lineSeg struct{ x0, y0, x1, y1, w float64 }

type placedTag struct{ x, y, r float64 }

// newLinePlacer prepares for n lines on the canvas with tags of about
// radius r. The grid has a few cells per line, at least 3r+12 wide.
func newLinePlacer(n int, r float64, cv canvas) *linePlacer {
	lp := &linePlacer{}
	lp.reset(n, r, cv)
	return lp
}

// reset makes lp what newLinePlacer(n, r, cv) makes, empty, keeping the
// memory of its slices (of the grid's cells too) for reuse.
func (lp *linePlacer) reset(n int, r float64, cv canvas) {
	cell := max(3*r+12, math.Sqrt(cv.w*cv.h/float64(4*n+16)))
	lp.cell, lp.nx, lp.ny = cell, int(cv.w/cell)+1, int(cv.h/cell)+1
	lp.maxTag, lp.maxW, lp.checks, lp.q = 0, 0, 0, 0
	lp.segs = slices.Grow(lp.segs[:0], n)
	lp.tags = lp.tags[:0]
	lp.segStamp = lp.segStamp[:0]
	k := lp.nx * lp.ny
	lp.segAt, lp.tagAt = emptyCells(lp.segAt, k), emptyCells(lp.tagAt, k)
	if cap(lp.cellStamp) >= k {
		lp.cellStamp = lp.cellStamp[:k]
		clear(lp.cellStamp)
	} else {
		lp.cellStamp = make([]uint32, k)
	}
}

// small reports whether lp holds little enough memory to be kept for
// reuse: about the size of a map drawn function by function, not of a
// poster of thousands of lines.
func (lp *linePlacer) small() bool {
	return cap(lp.segAt) <= 4096 && cap(lp.segs) <= 2048 && cap(lp.tags) <= 4096
}

// emptyCells returns k empty cells, reusing cells and their memory.
func emptyCells(cells [][]int32, k int) [][]int32 {
	cells = cells[:cap(cells)]
	for i := range cells {
		cells[i] = cells[i][:0]
	}
	if len(cells) >= k {
		return cells[:k]
	}
	return append(cells, make([][]int32, k-len(cells))...)
}

// add records a line of width w.
func (lp *linePlacer) add(x0, y0, x1, y1, w float64) {
	i := int32(len(lp.segs))
	lp.segs = append(lp.segs, lineSeg{x0, y0, x1, y1, w})
	lp.segStamp = append(lp.segStamp, 0)
	lp.maxW = max(lp.maxW, w)
	lp.lineCells = lp.cellsOf(lp.segs[i], lp.lineCells[:0])
	for _, c := range lp.lineCells {
		lp.segAt[c] = append(lp.segAt[c], i)
	}
}

// cellsOf appends to cells each cell that the segment passes through, row
// by row, and returns the result.
func (lp *linePlacer) cellsOf(s lineSeg, cells []int) []int {
	cy0 := lp.clampY(int(math.Floor(min(s.y0, s.y1) / lp.cell)))
	cy1 := lp.clampY(int(math.Floor(max(s.y0, s.y1) / lp.cell)))
	for cy := cy0; cy <= cy1; cy++ {
		// the part of the segment within this row's band
		ya, yb := float64(cy)*lp.cell, float64(cy+1)*lp.cell
		xa, xb := s.x0, s.x1
		if dy := s.y1 - s.y0; dy != 0 {
			ta := max(0, min(1, (ya-s.y0)/dy))
			tb := max(0, min(1, (yb-s.y0)/dy))
			xa, xb = s.x0+(s.x1-s.x0)*ta, s.x0+(s.x1-s.x0)*tb
		}
		cx0 := lp.clampX(int(math.Floor(min(xa, xb) / lp.cell)))
		cx1 := lp.clampX(int(math.Floor(max(xa, xb) / lp.cell)))
		for cx := cx0; cx <= cx1; cx++ {
			cells = append(cells, cy*lp.nx+cx)
		}
	}
	return cells
}

func (lp *linePlacer) clampX(c int) int { return max(0, min(c, lp.nx-1)) }
func (lp *linePlacer) clampY(c int) int { return max(0, min(c, lp.ny-1)) }

// around returns every cell within pad of the segment, once each, and
// starts a new query (lp.q). The slice is the placer's scratch: valid
// until the next call.
func (lp *linePlacer) around(s lineSeg, pad float64) []int {
	lp.q++
	d := int(math.Ceil(pad / lp.cell))
	lp.lineCells = lp.cellsOf(s, lp.lineCells[:0])
	out := lp.aroundCells[:0]
	for _, c := range lp.lineCells {
		cx, cy := c%lp.nx, c/lp.nx
		for y := max(0, cy-d); y <= min(lp.ny-1, cy+d); y++ {
			for x := max(0, cx-d); x <= min(lp.nx-1, cx+d); x++ {
				k := y*lp.nx + x
				if lp.cellStamp[k] != lp.q {
					lp.cellStamp[k] = lp.q
					out = append(out, k)
				}
			}
		}
	}
	lp.aroundCells = out
	return out
}

// nearby returns the lines (as indexes, but not i) and the tags that may
// come within reach of a tag of radius R on line i. The slices are the
// placer's scratch: valid until the next query.
func (lp *linePlacer) nearby(i int, R float64) (segs, tags []int32) {
	return lp.nearSeg(lp.segs[i], i, R)
}

// nearSeg is nearby for the segment s, skipping line skip (-1 for none).
func (lp *linePlacer) nearSeg(s lineSeg, skip int, R float64) (segs, tags []int32) {
	segs = lp.near[:0]
	for _, c := range lp.around(s, R+lp.maxW/2+3) {
		for _, j := range lp.segAt[c] {
			if int(j) != skip && lp.segStamp[j] != lp.q {
				lp.segStamp[j] = lp.q
				segs = append(segs, j)
			}
		}
	}
	lp.near = segs
	tags = lp.nearTags[:0]
	for _, c := range lp.around(s, R+lp.maxTag+3) {
		tags = append(tags, lp.tagAt[c]...)
	}
	lp.nearTags = tags
	return segs, tags
}

// place finds the spot for a tag of radius R on line i, records it and
// returns it.
func (lp *linePlacer) place(i int, R float64) (float64, float64) {
	const samples = 32
	s := lp.segs[i]
	L := math.Hypot(s.x1-s.x0, s.y1-s.y0)
	near, tags := lp.nearby(i, R)
	// the tag stays clear of the line's ends when the line is long
	// enough; a short line keeps it in the middle
	lo, hi := 0.5, 0.5
	if L > 2*(R+2) {
		lo, hi = (R+2)/L, 1-(R+2)/L
	}
	bestT, best := 0.5, math.Inf(1)
	for k := 0; k <= samples; k++ {
		// from the middle outwards, so that ties keep the middle
		off := float64((k+1)/2) / samples * (hi - lo)
		if k%2 == 1 {
			off = -off
		}
		t := 0.5 + off
		if t < lo-1e-9 || t > hi+1e-9 {
			continue
		}
		// samples go outwards, so the cost of leaving the middle only
		// grows: once it alone is more than the best, stop
		base := 0.5 * math.Abs(t-0.5) * L / R
		if base >= best-1e-9 {
			break
		}
		x, y := s.x0+(s.x1-s.x0)*t, s.y0+(s.y1-s.y0)*t
		if cost := base + lp.cost(x, y, R, near, tags); cost < best-1e-9 {
			best, bestT = cost, t
		}
	}
	x, y := rnd(s.x0+(s.x1-s.x0)*bestT), rnd(s.y0+(s.y1-s.y0)*bestT)
	lp.record(x, y, R)
	return x, y
}

// cost is how badly a tag of radius R at (x, y) covers the lines near and
// the tags.
func (lp *linePlacer) cost(x, y, R float64, near, tags []int32) float64 {
	lp.checks += len(near) + len(tags)
	cost := 0.0
	for _, j := range near {
		o := lp.segs[j]
		clear := R + o.w/2 + 2
		if d2 := dist2PointSegment(x, y, o.x0, o.y0, o.x1, o.y1); d2 < clear*clear {
			cost += 6 + 10*(clear-math.Sqrt(d2))/R
		}
	}
	for _, j := range tags {
		b := lp.tags[j]
		need := R + b.r + 3
		if dx, dy := x-b.x, y-b.y; dx*dx+dy*dy < need*need {
			cost += 20 + 10*(need-math.Sqrt(dx*dx+dy*dy))/R
		}
	}
	return cost
}

// record adds a tag placed at (x, y).
func (lp *linePlacer) record(x, y, R float64) {
	lp.tags = append(lp.tags, placedTag{x, y, R})
	lp.maxTag = max(lp.maxTag, R)
	c := lp.clampY(int(y/lp.cell))*lp.nx + lp.clampX(int(x/lp.cell))
	lp.tagAt[c] = append(lp.tagAt[c], int32(len(lp.tags)-1))
}

// move moves tag n to (x, y).
func (lp *linePlacer) move(n int, x, y float64) {
	t := &lp.tags[n]
	c := lp.clampY(int(t.y/lp.cell))*lp.nx + lp.clampX(int(t.x/lp.cell))
	for k, j := range lp.tagAt[c] {
		if int(j) == n {
			lp.tagAt[c] = append(lp.tagAt[c][:k], lp.tagAt[c][k+1:]...)
			break
		}
	}
	t.x, t.y = x, y
	c = lp.clampY(int(y/lp.cell))*lp.nx + lp.clampX(int(x/lp.cell))
	lp.tagAt[c] = append(lp.tagAt[c], int32(n))
}

// crowding is how much a tag of radius R at (x, y) would cover the lines
// and the tags placed so far, except tag skip.
func (lp *linePlacer) crowding(x, y, R float64, skip int) float64 {
	near, tags := lp.nearPoint(x, y, R)
	c := 0.0
	for _, j := range near {
		o := lp.segs[j]
		if d := distPointSegment(x, y, o.x0, o.y0, o.x1, o.y1); d < R+o.w/2 {
			c += R + o.w/2 - d
		}
	}
	for _, j := range tags {
		b := lp.tags[j]
		if int(j) == skip {
			continue
		}
		if d := math.Hypot(x-b.x, y-b.y); d < R+b.r {
			c += 2 * (R + b.r - d)
		}
	}
	return c
}

// nearPoint is nearby for a point.
func (lp *linePlacer) nearPoint(x, y, R float64) (segs, tags []int32) {
	return lp.nearSeg(lineSeg{x, y, x, y, 0}, -1, R)
}

// dist2PointSegment is the square of the distance from (px, py) to the
// segment (ax, ay)–(bx, by).
func dist2PointSegment(px, py, ax, ay, bx, by float64) float64 {
	vx, vy := bx-ax, by-ay
	l2 := vx*vx + vy*vy
	t := 0.0
	if l2 > 0 {
		t = max(0, min(1, ((px-ax)*vx+(py-ay)*vy)/l2))
	}
	dx, dy := px-(ax+t*vx), py-(ay+t*vy)
	return dx*dx + dy*dy
}

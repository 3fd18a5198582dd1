package render

import (
	"math"

	"github.com/relationskort/relationskort/graph"
)

// linePlacer places tags (rating badges, numbered markers) on relation
// lines: each as near the middle of its line's visible part as it can be
// while clear of crossings with other lines and of the tags placed before.
type linePlacer struct {
	segs   []lineSeg
	placed []placedTag
}

type lineSeg struct{ x0, y0, x1, y1, minx, miny, maxx, maxy, w float64 }

type placedTag struct{ x, y, r float64 }

func newLinePlacer(rels []RelationShape) *linePlacer {
	lp := &linePlacer{segs: make([]lineSeg, len(rels))}
	for i, r := range rels {
		lp.segs[i] = lineSeg{r.X1, r.Y1, r.X2, r.Y2, min(r.X1, r.X2), min(r.Y1, r.Y2), max(r.X1, r.X2), max(r.Y1, r.Y2), r.Width}
	}
	return lp
}

// place finds the spot for a tag of radius R on line i, records it and
// returns it.
func (lp *linePlacer) place(i int, R float64) (float64, float64) {
	const samples = 32
	s := lp.segs[i]
	L := math.Hypot(s.x1-s.x0, s.y1-s.y0)
	var near []int
	for j, o := range lp.segs {
		if j == i {
			continue
		}
		pad := R + o.w
		if o.maxx+pad < s.minx || o.minx-pad > s.maxx || o.maxy+pad < s.miny || o.miny-pad > s.maxy {
			continue
		}
		near = append(near, j)
	}
	// the tag stays clear of the line's ends when the line is long enough;
	// a short line keeps it in the middle
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
		x, y := s.x0+(s.x1-s.x0)*t, s.y0+(s.y1-s.y0)*t
		cost := 0.5 * math.Abs(t-0.5) * L / R
		for _, j := range near {
			o := lp.segs[j]
			clear := R + o.w/2 + 2
			if d := distPointSegment(x, y, o.x0, o.y0, o.x1, o.y1); d < clear {
				cost += 6 + 10*(clear-d)/R
			}
		}
		for _, b := range lp.placed {
			need := R + b.r + 3
			if d := math.Hypot(x-b.x, y-b.y); d < need {
				cost += 20 + 10*(need-d)/R
			}
		}
		if cost < best-1e-9 {
			best, bestT = cost, t
		}
	}
	x, y := rnd(s.x0+(s.x1-s.x0)*bestT), rnd(s.y0+(s.y1-s.y0)*bestT)
	lp.placed = append(lp.placed, placedTag{x, y, R})
	return x, y
}

// placeBadges puts each rating badge on its line, Low relations first, then
// Middle, then High, so that no badge hides at a crossing. Badges are drawn
// above all lines.
func (g *Geometry) placeBadges() {
	g.lines = newLinePlacer(g.Relations)
	for _, rating := range []graph.Rating{graph.Low, graph.Middle, graph.High} {
		for i := range g.Relations {
			r := &g.Relations[i]
			if r.Rating == rating && r.BadgeR > 0 {
				r.BadgeX, r.BadgeY = g.lines.place(i, r.BadgeR)
			}
		}
	}
}

// markRelation adds a marker on the line of the relation with the given
// id, clear of the badges and markers placed so far. It reports whether the
// relation is drawn.
func (g *Geometry) markRelation(id string, mk Marker) bool {
	for i, r := range g.Relations {
		if r.ID != id {
			continue
		}
		mk.RelationID = id
		R := math.Hypot(mk.W, mk.H) / 2
		n := len(g.lines.placed)
		mk.X, mk.Y = g.lines.place(i, R)
		if r.BadgeR > 0 && math.Hypot(mk.X-r.BadgeX, mk.Y-r.BadgeY) < R+r.BadgeR {
			// the line is too short for both: beside the badge, on the side
			// of the line that is clearer
			L := math.Hypot(r.X2-r.X1, r.Y2-r.Y1)
			if L > 0 {
				nx, ny := -(r.Y2-r.Y1)/L, (r.X2-r.X1)/L
				d := R + r.BadgeR + 3
				best := math.Inf(1)
				for _, side := range []float64{1, -1} {
					x, y := r.BadgeX+side*nx*d, r.BadgeY+side*ny*d
					c := g.lines.crowding(x, y, R, n)
					if c < best-1e-9 {
						best, mk.X, mk.Y = c, rnd(x), rnd(y)
					}
				}
				g.lines.placed[n] = placedTag{mk.X, mk.Y, R}
			}
		}
		g.Markers = append(g.Markers, mk)
		return true
	}
	return false
}

// crowding is how much a tag of radius R at (x, y) would cover lines and
// the first n tags placed.
func (lp *linePlacer) crowding(x, y, R float64, n int) float64 {
	c := 0.0
	for _, o := range lp.segs {
		if d := distPointSegment(x, y, o.x0, o.y0, o.x1, o.y1); d < R+o.w/2 {
			c += R + o.w/2 - d
		}
	}
	for _, b := range lp.placed[:n] {
		if d := math.Hypot(x-b.x, y-b.y); d < R+b.r {
			c += 2 * (R + b.r - d)
		}
	}
	return c
}

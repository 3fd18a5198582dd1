package render

import (
	"math"

	"github.com/relationskort/relationskort/graph"
)

// placeBadges puts each rating badge on the visible part of its line,
// near the middle but away from crossings with other lines and from other
// badges, so that no badge hides at a crossing. Low relations choose first,
// then Middle, then High. Badges are drawn above all lines.
func (g *Geometry) placeBadges() {
	type seg struct{ x0, y0, x1, y1, minx, miny, maxx, maxy, w float64 }
	segs := make([]seg, len(g.Relations))
	for i, r := range g.Relations {
		segs[i] = seg{r.X1, r.Y1, r.X2, r.Y2, min(r.X1, r.X2), min(r.Y1, r.Y2), max(r.X1, r.X2), max(r.Y1, r.Y2), r.Width}
	}
	type placed struct{ x, y, r float64 }
	var done []placed
	const samples = 24
	for _, rating := range []graph.Rating{graph.Low, graph.Middle, graph.High} {
		for i := range g.Relations {
			r := &g.Relations[i]
			if r.Rating != rating || r.BadgeR <= 0 {
				continue
			}
			R := r.BadgeR
			s := segs[i]
			L := math.Hypot(s.x1-s.x0, s.y1-s.y0)
			// the lines near this one
			var near []int
			for j, o := range segs {
				if j == i {
					continue
				}
				pad := R + o.w
				if o.maxx+pad < s.minx || o.minx-pad > s.maxx || o.maxy+pad < s.miny || o.miny-pad > s.maxy {
					continue
				}
				near = append(near, j)
			}
			// the badge stays clear of the line's ends when the line is long
			// enough; a short line keeps it in the middle
			lo, hi := 0.5, 0.5
			if L > 2*(R+2) {
				lo, hi = (R+2)/L, 1-(R+2)/L
			}
			bestT, best := 0.5, math.Inf(1)
			for k := 0; k <= samples; k++ {
				// from the middle outwards, so ties keep the middle
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
					o := segs[j]
					clear := R + o.w/2 + 2
					if d := distPointSegment(x, y, o.x0, o.y0, o.x1, o.y1); d < clear {
						cost += 6 + 10*(clear-d)/R
					}
				}
				for _, b := range done {
					need := R + b.r + 3
					if d := math.Hypot(x-b.x, y-b.y); d < need {
						cost += 20 + 10*(need-d)/R
					}
				}
				if cost < best-1e-9 {
					best, bestT = cost, t
				}
			}
			r.BadgeX = rnd(s.x0 + (s.x1-s.x0)*bestT)
			r.BadgeY = rnd(s.y0 + (s.y1-s.y0)*bestT)
			done = append(done, placed{r.BadgeX, r.BadgeY, R})
		}
	}
}

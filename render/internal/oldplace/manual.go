package oldplace

import "math"

// placeAround places the nodes that are not kept, one by one, at the spot
// of the area (w × h about the middle) that is clearest of circles and
// lines, near their placed neighbours. With nothing kept it falls back to
// the force layout.
func (p *placer) placeAround(kept []bool, w, h float64) {
	var sx, sy, nk float64
	for i := range kept {
		if kept[i] {
			sx += p.x[i]
			sy += p.y[i]
			nk++
		}
	}
	if nk == 0 {
		p.placeForce()
		return
	}
	sx, sy = sx/nk, sy/nk
	placed := append([]bool(nil), kept...)
	for i := 0; i < p.n; i++ {
		if kept[i] {
			continue
		}
		bx, by := p.neighbourMean(i, placed, sx, sy)
		p.x[i], p.y[i] = p.clearestSpot(i, placed, bx, by, w/2, h/2)
		placed[i] = true
	}
}

// neighbourMean is the mean position of i's placed neighbours, or (sx, sy)
// when none is placed.
func (p *placer) neighbourMean(i int, placed []bool, sx, sy float64) (float64, float64) {
	var bx, by, k float64
	for _, e := range p.adj[i] {
		o := p.edges[e][0]
		if o == i {
			o = p.edges[e][1]
		}
		if placed[o] {
			bx += p.x[o]
			by += p.y[o]
			k++
		}
	}
	if k == 0 {
		return sx, sy
	}
	return bx / k, by / k
}

// clearestSpot scans the area on a grid for the spot where node i is
// clearest of the placed circles and lines, preferring spots near (bx, by).
func (p *placer) clearestSpot(i int, placed []bool, bx, by, hw, hh float64) (float64, float64) {
	best := math.Inf(-1)
	x0, y0 := bx, by
	step := max(p.r[i]/2, 20)
	for y := -hh + p.r[i]; y <= hh-p.r[i]; y += step {
		for x := -hw + p.r[i]; x <= hw-p.r[i]; x += step {
			clear := math.Inf(1)
			for j := 0; j < p.n; j++ {
				if placed[j] {
					clear = min(clear, math.Hypot(x-p.x[j], y-p.y[j])-p.r[j]-p.r[i]-p.gap)
				}
			}
			for _, e := range p.edges {
				if placed[e[0]] && placed[e[1]] {
					clear = min(clear, distPointSegment(x, y, p.x[e[0]], p.y[e[0]], p.x[e[1]], p.y[e[1]])-p.r[i]-p.lineMargin)
				}
			}
			score := min(clear, 80) - 0.15*math.Hypot(x-bx, y-by)
			if score > best {
				best, x0, y0 = score, x, y
			}
		}
	}
	return x0, y0
}

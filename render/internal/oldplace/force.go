package oldplace

import "math"

// ---- force ----

// placeForce runs a deterministic Fruchterman–Reingold layout. Starting
// positions come from a hash of each id, so adding a node does not move the
// others' starting points. The centre stays in the middle.
func (p *placer) placeForce() {
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
	for i := 0; i < p.n; i++ {
		if i == p.centre {
			p.x[i], p.y[i] = 0, 0
			continue
		}
		h1, h2 := hash01(p.ids[i])
		a := 2 * math.Pi * h1
		d := spread * (0.3 + 0.7*math.Sqrt(h2))
		p.x[i], p.y[i] = d*math.Cos(a), d*math.Sin(a)
	}
	iters := 300
	if p.n > 150 {
		iters = 120
	}
	gx, gy := 0.0, 0.0 // the middle
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
			if i == p.centre {
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

package place

import "math"

// calm moves nodes towards where stress majorization would put them (the
// targets l.d, in the drawing's own stretch l.kx, l.ky), a step at a
// time, when the step breaks no constraint that was kept, adds no
// crossing and keeps the node with its group. It evens out what the
// crossing search left uneven.
func (l *layout) calm(passes int) {
	if l.d == nil {
		return
	}
	n := l.n
	l.groupSums()
	kx, ky := l.kx, l.ky
	for pass := 0; pass < passes; pass++ {
		moved := 0
		for v := 0; v < n; v++ {
			if l.pinned[v] || v == l.centre {
				continue
			}
			row := l.d[v*n : (v+1)*n]
			vx, vy := l.x[v]/kx, l.y[v]/ky
			sx, sy, sw := 0.0, 0.0, 0.0
			for j := 0; j < n; j++ {
				if j == v {
					continue
				}
				jx, jy := l.x[j]/kx, l.y[j]/ky
				dx, dy := vx-jx, vy-jy
				dist := math.Hypot(dx, dy)
				if dist < 1e-9 {
					continue
				}
				w := 1 / (row[j] * row[j])
				k := row[j] / dist
				sx += w * (jx + k*dx)
				sy += w * (jy + k*dy)
				sw += w
			}
			if sw == 0 {
				continue
			}
			tx, ty := sx/sw*kx, sy/sw*ky
			px, py := l.x[v], l.y[v]
			if math.Hypot(tx-px, ty-py) < 0.5 {
				continue
			}
			viol, cross := -1, -1
			for _, t := range [...]float64{1, 0.5, 0.25} {
				qx, qy := px+(tx-px)*t, py+(ty-py)*t
				if !l.groupOK(v, qx, qy) {
					continue
				}
				if viol < 0 {
					viol = l.violations(v, px, py)
					cross = l.nodeCrossings(v, px, py)
				}
				if l.violationsAbove(v, qx, qy, viol) > viol {
					continue
				}
				if l.nodeCrossingsBelow(v, qx, qy, cross+1) > cross {
					continue
				}
				l.moveTo(v, qx, qy)
				moved++
				break
			}
		}
		if moved == 0 {
			break
		}
	}
}

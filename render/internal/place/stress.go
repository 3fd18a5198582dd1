package place

import (
	"math"
)

// hops returns the matrix of shortest path lengths (in edges) between all
// nodes, row-major. Nodes in different components get the largest finite
// distance plus one.
func (l *layout) hops() []float64 {
	n := l.n
	d := make([]float64, n*n)
	queue := make([]int32, 0, n)
	dist := make([]int32, n)
	maxd := int32(1)
	for s := 0; s < n; s++ {
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue = append(queue[:0], int32(s))
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for _, v := range l.nbr[u] {
				if dist[v] < 0 {
					dist[v] = dist[u] + 1
					queue = append(queue, v)
				}
			}
		}
		row := d[s*n : (s+1)*n]
		for i, v := range dist {
			row[i] = float64(v)
			maxd = max(maxd, v)
		}
	}
	far := float64(maxd + 1)
	for i, v := range d {
		if v < 0 {
			d[i] = far
		}
	}
	return d
}

// stress runs stress majorization on x, y against the target distances d
// (row-major, n×n) with weights d⁻², node by node (each update is the
// minimum of the majorizing function in that node, so stress never
// rises). Nodes with fixed set do not move. When centre ≥ 0, the others
// are moved together after each sweep so that their centroid stays on the
// centre: the centre is then the middle of the drawing. It stops after
// iters sweeps or when no node moves more than tol times the mean target
// distance.
func stress(x, y, d []float64, fixed []bool, iters int, tol float64, centre int) {
	n := len(x)
	if n < 2 {
		return
	}
	// w = d⁻², wd = w·d = d⁻¹, and each row's Σw
	w := make([]float64, n*n)
	wd := make([]float64, n*n)
	sw := make([]float64, n)
	mean := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			dij := d[i*n+j]
			w[i*n+j] = 1 / (dij * dij)
			wd[i*n+j] = 1 / dij
			sw[i] += w[i*n+j]
			mean += dij
		}
	}
	mean /= float64(n * (n - 1))
	tol *= mean
	for it := 0; it < iters; it++ {
		if centre >= 0 {
			mx, my := 0.0, 0.0
			for i := 0; i < n; i++ {
				if i != centre {
					mx += x[i]
					my += y[i]
				}
			}
			mx = mx/float64(n-1) - x[centre]
			my = my/float64(n-1) - y[centre]
			for i := 0; i < n; i++ {
				if i != centre && (fixed == nil || !fixed[i]) {
					x[i] -= mx
					y[i] -= my
				}
			}
		}
		moved := 0.0
		for i := 0; i < n; i++ {
			if fixed != nil && fixed[i] {
				continue
			}
			wr, wdr := w[i*n:(i+1)*n], wd[i*n:(i+1)*n]
			xi, yi := x[i], y[i]
			sx, sy := 0.0, 0.0
			for j := 0; j < n; j++ {
				dx, dy := xi-x[j], yi-y[j]
				d2 := dx*dx + dy*dy
				if d2 < 1e-18 {
					if j == i {
						continue
					}
					// coincident: as if a hair apart in a fixed direction
					dx, dy, d2 = 1e-9*float64(i-j), 1e-9, 1e-18*(float64((i-j)*(i-j))+1)
				}
				k := wdr[j] / math.Sqrt(d2)
				sx += wr[j]*x[j] + k*dx
				sy += wr[j]*y[j] + k*dy
			}
			nx, ny := sx/sw[i], sy/sw[i]
			moved = max(moved, math.Abs(nx-xi)+math.Abs(ny-yi))
			x[i], y[i] = nx, ny
		}
		if moved < tol {
			break
		}
	}
}

// stressValue is Σ w_ij (|x_i − x_j| − d_ij)² over pairs.
func stressValue(x, y, d []float64) float64 {
	n := len(x)
	s := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			dij := d[i*n+j]
			e := math.Hypot(x[i]-x[j], y[i]-y[j]) - dij
			s += e * e / (dij * dij)
		}
	}
	return s
}

// classicalMDS puts x, y at the two leading eigenvectors of the doubly
// centred matrix of squared distances, found by power iteration; for many
// nodes it uses that matrix's columns for k pivots only (pivot MDS).
func classicalMDS(d []float64, n int, x, y []float64) {
	k := n
	pivots := make([]int, 0, n)
	if n > 120 {
		k = 60
		// pivots spread by max–min distance, from node 0
		mind := make([]float64, n)
		for i := range mind {
			mind[i] = math.Inf(1)
		}
		p := 0
		for len(pivots) < k {
			pivots = append(pivots, p)
			best := -1.0
			for i := 0; i < n; i++ {
				mind[i] = min(mind[i], d[p*n+i])
				if mind[i] > best {
					best, p = mind[i], i
				}
			}
		}
	} else {
		for i := 0; i < n; i++ {
			pivots = append(pivots, i)
		}
	}
	// C: n×k, squared distances double centred
	c := make([]float64, n*k)
	colMean := make([]float64, k)
	rowMean := make([]float64, n)
	all := 0.0
	for i := 0; i < n; i++ {
		for j, p := range pivots {
			v := d[i*n+p]
			v *= v
			c[i*k+j] = v
			colMean[j] += v
			rowMean[i] += v
			all += v
		}
	}
	for j := range colMean {
		colMean[j] /= float64(n)
	}
	for i := range rowMean {
		rowMean[i] /= float64(k)
	}
	all /= float64(n * k)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			c[i*k+j] = -0.5 * (c[i*k+j] - colMean[j] - rowMean[i] + all)
		}
	}
	// leading eigenvectors of CᵀC (k×k) by power iteration with deflation
	ctc := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += c[i*k+a] * c[i*k+b]
			}
			ctc[a*k+b], ctc[b*k+a] = s, s
		}
	}
	vecs := make([][]float64, 2)
	vals := make([]float64, 2)
	tmp := make([]float64, k)
	for e := 0; e < 2; e++ {
		v := make([]float64, k)
		for i := range v {
			v[i] = 1 + float64((i*7+e*3)%11)/11 // fixed, not orthogonal to anything likely
		}
		lambda := 0.0
		for it := 0; it < 300; it++ {
			for a := 0; a < k; a++ {
				s := 0.0
				for b := 0; b < k; b++ {
					s += ctc[a*k+b] * v[b]
				}
				tmp[a] = s
			}
			for p := 0; p < e; p++ { // deflate
				dot := 0.0
				for a := range tmp {
					dot += tmp[a] * vecs[p][a]
				}
				for a := range tmp {
					tmp[a] -= dot * vecs[p][a]
				}
			}
			norm := 0.0
			for _, t := range tmp {
				norm += t * t
			}
			norm = math.Sqrt(norm)
			if norm < 1e-12 {
				break
			}
			delta := 0.0
			for a := range v {
				nv := tmp[a] / norm
				delta += math.Abs(nv - v[a])
				v[a] = nv
			}
			lambda = norm
			if delta < 1e-9 {
				break
			}
		}
		vecs[e], vals[e] = v, lambda
	}
	for i := 0; i < n; i++ {
		sx, sy := 0.0, 0.0
		for j := 0; j < k; j++ {
			sx += c[i*k+j] * vecs[0][j]
			sy += c[i*k+j] * vecs[1][j]
		}
		x[i], y[i] = sx, sy
	}
	// scale so that the mean distance matches the target's
	normalise(x, y, d, n)
}

// normalise scales x, y about their centroid so that their mean pairwise
// distance equals that of d.
func normalise(x, y, d []float64, n int) {
	if n < 2 {
		return
	}
	got, want := 0.0, 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			got += math.Hypot(x[i]-x[j], y[i]-y[j])
			want += d[i*n+j]
		}
	}
	if got < 1e-12 {
		return
	}
	k := want / got
	for i := range x {
		x[i] *= k
		y[i] *= k
	}
}

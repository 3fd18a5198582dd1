package place

import (
	"math"
	"sort"
)

// rotate turns the drawing about its centroid so that its long axis lies
// along the area's long side. Crossings do not change.
func rotate(x, y []float64, wide bool) {
	n := len(x)
	if n < 2 {
		return
	}
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	sxx, syy, sxy := 0.0, 0.0, 0.0
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	th := 0.5 * math.Atan2(2*sxy, sxx-syy) // the long axis
	if !wide {
		th -= math.Pi / 2
	}
	c, s := math.Cos(-th), math.Sin(-th)
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		x[i], y[i] = mx+c*dx-s*dy, my+s*dx+c*dy
	}
}

// maxStretch bounds how much more the drawing is stretched along one axis
// than along the other when it is fitted to the area.
const maxStretch = 1.8

// fit scales the drawing (in any units, centred on the centre node or its
// bounding box) into the area with circles of scale l.s, filling it, and
// returns the factors used along x and y.
func (l *layout) fit() (kx, ky float64) {
	W, H := l.in.W, l.in.H
	var cx, cy float64
	if l.centre >= 0 {
		cx, cy = l.x[l.centre], l.y[l.centre]
	} else {
		x0, x1, y0, y1 := bounds(l.x, l.y)
		cx, cy = (x0+x1)/2, (y0+y1)/2
	}
	kx, ky = math.Inf(1), math.Inf(1)
	for i := 0; i < l.n; i++ {
		dx, dy := math.Abs(l.x[i]-cx), math.Abs(l.y[i]-cy)
		if dx > 1e-9 {
			kx = min(kx, (W/2-l.r[i]*l.s)/dx)
		}
		if dy > 1e-9 {
			ky = min(ky, (H/2-l.r[i]*l.s)/dy)
		}
	}
	switch {
	case math.IsInf(kx, 1) && math.IsInf(ky, 1):
		kx, ky = 1, 1
	case math.IsInf(kx, 1):
		kx = ky
	case math.IsInf(ky, 1):
		ky = kx
	}
	kx, ky = max(kx, 1e-9), max(ky, 1e-9)
	kx = min(kx, ky*maxStretch)
	ky = min(ky, kx*maxStretch)
	for i := 0; i < l.n; i++ {
		l.x[i] = W/2 + (l.x[i]-cx)*kx
		l.y[i] = H/2 + (l.y[i]-cy)*ky
	}
	l.kx *= kx
	l.ky *= ky
	return kx, ky
}

// spacing returns, for each node, the largest scale at which it has
// room: its nearest circle at the needed clearance.
func (l *layout) spacing() []float64 {
	q := make([]float64, l.n)
	for i := range q {
		q[i] = math.Inf(1)
	}
	for i := 0; i < l.n; i++ {
		for j := i + 1; j < l.n; j++ {
			d := math.Hypot(l.x[i]-l.x[j], l.y[i]-l.y[j])
			need := l.r[i] + l.r[j] + l.clearance(i, j)
			v := d / need
			q[i] = min(q[i], v)
			q[j] = min(q[j], v)
		}
	}
	return q
}

// quantile returns the q-quantile of vs (sorted in place).
func quantile(vs []float64, q float64) float64 {
	if len(vs) == 0 {
		return math.Inf(1)
	}
	sort.Float64s(vs)
	k := int(q * float64(len(vs)-1))
	return vs[k]
}

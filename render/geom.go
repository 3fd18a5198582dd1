package render

import "math"

// rnd rounds a coordinate to 0.01, so that output does not depend on the
// last bits of floating point (which differ across architectures).
func rnd(v float64) float64 {
	r := math.Round(v*100) / 100
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

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

// rect is an axis-aligned box.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

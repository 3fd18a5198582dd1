package render

import "math"

// Marker is a small labelled tag on a line or in the side panel: the
// numbers of the ties for leadership attention (a dark square), or a
// change in the comparison view (an arrow and the old and new rating).
type marker struct {
	class, kind string // "attention" or "change change-<kind>"; the kind
	w, h        float64
	text        string
	fontSize    float64
	fill        string
	stroke      string
	textColor   string
	// arrow draws a triangle before the text: 1 up (better), -1 down
	// (worse), 0 none.
	arrow int
}

// markRelation puts a marker on the line the relation is drawn on, clear
// of the badges and markers placed so far. When the line is too short for
// its badge and the marker, the marker goes beside the badge, on the
// clearer side of the line. It reports whether the relation is drawn.
func (c *composer) markRelation(id string, mk marker) bool {
	if c.lineOf == nil {
		return false
	}
	i, ok := c.lineOf(id)
	if !ok {
		return false
	}
	R := math.Hypot(mk.w, mk.h) / 2
	n := len(c.lines.tags)
	x, y := c.lines.place(i, R)
	if b, ok := c.badgeAt(i); ok && math.Hypot(x-b.x, y-b.y) < R+b.r {
		s := c.lines.segs[i]
		if L := math.Hypot(s.x1-s.x0, s.y1-s.y0); L > 0 {
			nx, ny := -(s.y1-s.y0)/L, (s.x1-s.x0)/L
			d := R + b.r + 3
			best := math.Inf(1)
			for _, side := range []float64{1, -1} {
				px, py := b.x+side*nx*d, b.y+side*ny*d
				if cr := c.lines.crowding(px, py, R, n); cr < best-1e-9 {
					best, x, y = cr, rnd(px), rnd(py)
				}
			}
			c.lines.move(n, x, y)
		}
	}
	c.addMarker(&c.ly.markers, mk, x, y, id)
	return true
}

// badgeAt is the tag placed first on line i: its badge, if it has one.
func (c *composer) badgeAt(i int) (placedTag, bool) {
	b, ok := c.badgeOf[i]
	if !ok {
		return placedTag{}, false
	}
	return c.lines.tags[b], true
}

// addMarker composes a marker centred on (x, y): a rounded box with its
// text, after an arrow when it has one.
func (c *composer) addMarker(it *items, mk marker, x, y float64, relationID string) {
	g := &Group{Class: "marker " + mk.class}
	if relationID != "" {
		g.Data = append(g.Data, Attr{"relation-id", relationID})
	}
	if mk.kind != "" {
		g.Data = append(g.Data, Attr{"kind", mk.kind})
	}
	*it = append(*it, g)
	it.rect(x-mk.w/2, y-mk.h/2, mk.w, mk.h, min(mk.h*0.22, 6), Paint{Fill: mk.fill, Stroke: mk.stroke, Width: 2}, "")
	tx := x
	if mk.arrow != 0 {
		it.polygon(arrowPoints(mk, x, y), Paint{Fill: mk.textColor})
		left := x - mk.w/2 + 6 + mk.fontSize*0.8
		tx = (left + x + mk.w/2) / 2
	}
	it.text(Text{X: tx, Y: y + mk.fontSize*0.36, S: mk.text, Size: mk.fontSize, Bold: true, Color: mk.textColor, Anchor: AnchorMiddle})
	it.end()
}

// arrowPoints is the triangle of a marker with an arrow, at its left end:
// pointing up for better, down for worse.
func arrowPoints(mk marker, x, cy float64) []Point {
	s := mk.fontSize * 0.8
	x0 := x - mk.w/2 + 6
	if mk.arrow > 0 {
		return []Point{{x0, cy + s*0.45}, {x0 + s, cy + s*0.45}, {x0 + s/2, cy - s*0.5}}
	}
	return []Point{{x0, cy - s*0.45}, {x0 + s, cy - s*0.45}, {x0 + s/2, cy + s*0.5}}
}

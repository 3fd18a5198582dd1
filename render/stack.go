package render

import (
	"math"

	"github.com/relationskort/relationskort/graph"
)

// textStack is lines of text of different sizes centred on a point, such
// as what a group's circle says; a line may be drawn as a pill in a
// rating's colours.
type textStack struct{ lines []stackLine }

type stackLine struct {
	text        string
	size        float64
	bold, muted bool
	pill        bool
	rating      graph.Rating // the pill's colours
	w           float64      // measured width (a pill's box)
}

// height is the height of a line's box.
func (l stackLine) height() float64 {
	if l.pill {
		return 1.5 * l.size
	}
	return (ascent + descent) * l.size
}

// tops returns the top of each line's box relative to the stack's centre.
func (st textStack) tops() []float64 {
	tops := make([]float64, len(st.lines))
	y := 0.0
	for i, l := range st.lines {
		if i > 0 {
			y += (lineHeight - ascent - descent) * l.size
			if l.pill {
				y += 0.25 * l.size
			}
		}
		tops[i] = y
		y += l.height()
	}
	for i := range tops {
		tops[i] -= y / 2
	}
	return tops
}

// radius is the smallest radius of a circle about the stack's centre that
// holds every line's box.
func (st textStack) radius() float64 {
	r := 0.0
	for i, top := range st.tops() {
		l := st.lines[i]
		dy := max(math.Abs(top), math.Abs(top+l.height()))
		r = max(r, math.Hypot(l.w/2, dy))
	}
	return r
}

// drawStack adds the stack's lines centred on (x, y), at the view's
// scale.
func (c *composer) drawStack(it *items, st textStack, x, y float64) {
	k := c.v.k * c.v.s
	for i, top := range st.tops() {
		l := st.lines[i]
		size := math.Floor(l.size*k*100) / 100
		if size < 1 {
			continue
		}
		if l.pill {
			rs := ratingStyle(c.pal, l.rating)
			c.pill(it, x, y+(top+l.height()/2)*k, l.w*k, l.height()*k, size, l.text, rs)
			continue
		}
		color := c.pal.ink
		if l.muted {
			color = c.pal.muted
		}
		*it = append(*it, &Text{X: x, Y: rnd(y + (top+ascent*l.size)*k), S: l.text, Size: size, Bold: l.bold, Color: color, Anchor: AnchorMiddle})
	}
}

package render

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLinePlacer_Grid checks that placing a tag on each of n lines looks
// at about as many lines and tags per line whatever n is, on a canvas that
// grows with the map (as a poster does): not at every line, which made
// re-rating a map of 5,000 relations cost a second.
func TestLinePlacer_Grid(t *testing.T) {
	perLine := func(n int) float64 {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		side := 300 * math.Sqrt(float64(n))
		cv := canvas{w: side * 16 / 9, h: side}
		lp := newLinePlacer(n, 14, cv)
		for range n {
			x, y := rng.Float64()*cv.w, rng.Float64()*cv.h
			a := rng.Float64() * 2 * math.Pi
			l := 100 + rng.Float64()*300
			lp.add(x, y, x+l*math.Cos(a), y+l*math.Sin(a), 6)
		}
		for i := range n {
			lp.place(i, 14)
		}
		return float64(lp.checks) / float64(n)
	}
	small, large := perLine(500), perLine(5000)
	t.Logf("lines and tags looked at per line: %.0f for 500 lines, %.0f for 5,000", small, large)
	assert.Less(t, large, 1.5*small, "placing grows faster than the number of lines")
}

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

// TestLinePlacer_Reset: a placer reset after placing on other lines, on
// a larger canvas and a smaller one, with wider lines and larger tags and
// narrower and smaller, places tags exactly as a new one.
func TestLinePlacer_Reset(t *testing.T) {
	run := func(lp *linePlacer, n int, cv canvas, k float64, seed uint64) []placedTag {
		rng := rand.New(rand.NewPCG(seed, uint64(n)))
		lp.reset(n, 14, cv)
		for range n {
			x, y := rng.Float64()*cv.w, rng.Float64()*cv.h
			a := rng.Float64() * 2 * math.Pi
			l := 100 + rng.Float64()*300
			lp.add(x, y, x+l*math.Cos(a), y+l*math.Sin(a), k*(2+rng.Float64()*8))
		}
		for i := range n {
			lp.place(i, k*(10+rng.Float64()*8))
		}
		return append([]placedTag(nil), lp.tags...)
	}
	screen, poster := canvas{w: 1920, h: 1080}, canvas{w: 7680, h: 4320}
	used := newLinePlacer(0, 14, screen)
	for k, c := range []struct {
		n     int
		cv    canvas
		scale float64
	}{{300, poster, 3}, {40, screen, 1}, {12, screen, 0.5}, {500, poster, 1}, {40, screen, 2}} {
		want := run(newLinePlacer(0, 14, screen), c.n, c.cv, c.scale, uint64(k))
		assert.Equal(t, want, run(used, c.n, c.cv, c.scale, uint64(k)), "drawing %d", k)
	}
}

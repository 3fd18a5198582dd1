package graph

import (
	"math"
	"time"
)

// Placement is a map's remembered automatic layout: where the last drawing
// of the map in one layout and format put each function, so that the next
// drawing starts from there and the room's mental map stays (issue 12).
// It is not part of the map's document: the functions' x and y remain the
// user's pins, and a placement is forgotten when the layout is reset.
type Placement struct {
	// Points are the functions' centres in the renderer's reference frame,
	// by function id.
	Points map[string]Point `json:"points"`
	// Scale is the factor the circles were drawn at.
	Scale float64 `json:"scale"`
	// Version is the version of the map that was drawn.
	Version int64 `json:"version"`
	// SavedAt is when the store remembered it; the store sets it.
	SavedAt time.Time `json:"-"`
}

// Point is a position.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// PlacementKeyLen is the longest key a placement is remembered under.
const PlacementKeyLen = 64

// Check reports what makes p unfit to remember: a key that is empty or
// too long, a point or scale that is not a finite number, a scale outside
// (0, 1].
func (p *Placement) Check(key string) error {
	if key == "" || len(key) > PlacementKeyLen {
		return Invalid("key", "must be 1 to %d bytes", PlacementKeyLen)
	}
	if !(p.Scale > 0 && p.Scale <= 1) {
		return Invalid("scale", "must be in (0, 1]")
	}
	for id, pt := range p.Points {
		if math.IsNaN(pt.X) || math.IsInf(pt.X, 0) || math.IsNaN(pt.Y) || math.IsInf(pt.Y, 0) {
			return Invalid("points."+id, "must be finite")
		}
	}
	return nil
}

// Unpin releases every pinned function of m: the layout places them all.
func Unpin(m *Map) error {
	for i := range m.Functions {
		m.Functions[i].X, m.Functions[i].Y = nil, nil
	}
	return nil
}

package render

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"sync"

	"github.com/relationskort/relationskort/graph"
)

// Placing the circles is most of the cost of a drawing, and it depends only
// on the map's structure — names, groups, the centre, pins, which pairs are
// related, the layout and the area — not on the ratings or notes. In a
// workshop almost every change is a rating, so the placement of the
// structure is remembered and a re-rated map is drawn without placing it
// again. The result is identical either way: placement is deterministic and
// the key covers everything it reads.

// placement is what placing produces.
type placement struct {
	x, y, r, shrink []float64
	cx, cy, s       float64
}

// placements remembers the most recent placements, bounded in count.
var placements = newPlacementMemo(512)

type placementMemo struct {
	mu      sync.Mutex
	max     int
	order   *list.List // of *memoEntry, most recent first
	entries map[[32]byte]*list.Element
}

type memoEntry struct {
	key [32]byte
	pl  placement
}

func newPlacementMemo(max int) *placementMemo {
	return &placementMemo{max: max, order: list.New(), entries: map[[32]byte]*list.Element{}}
}

func (pm *placementMemo) get(key [32]byte) (placement, bool) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	el, ok := pm.entries[key]
	if !ok {
		return placement{}, false
	}
	pm.order.MoveToFront(el)
	return el.Value.(*memoEntry).pl.clone(), true
}

func (pm *placementMemo) put(key [32]byte, pl placement) {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if el, ok := pm.entries[key]; ok {
		pm.order.MoveToFront(el)
		return
	}
	pm.entries[key] = pm.order.PushFront(&memoEntry{key: key, pl: pl.clone()})
	for pm.order.Len() > pm.max {
		last := pm.order.Back()
		pm.order.Remove(last)
		delete(pm.entries, last.Value.(*memoEntry).key)
	}
}

func (pl placement) clone() placement {
	c := pl
	c.x = append([]float64(nil), pl.x...)
	c.y = append([]float64(nil), pl.y...)
	c.r = append([]float64(nil), pl.r...)
	c.shrink = append([]float64(nil), pl.shrink...)
	return c
}

// placementKey digests every input of placing: the layout, the area, the
// nodes as the placer sees them (id, radius, group, centre, pinned
// position), the middle label's radius, and the edges in order.
func placementKey(m *graph.Map, layout Layout, area rect, p *placer) [32]byte {
	h := sha256.New()
	var buf [8]byte
	num := func(f float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(f))
		h.Write(buf[:])
	}
	str := func(s string) {
		num(float64(len(s)))
		h.Write([]byte(s))
	}
	str(string(layout))
	num(area.x0)
	num(area.y0)
	num(area.x1)
	num(area.y1)
	num(float64(p.n))
	num(float64(p.centre))
	for i := 0; i < p.n; i++ {
		str(p.ids[i])
		num(p.r[i])
		num(float64(p.group[i]))
	}
	for _, f := range m.Functions {
		if f.Pinned() {
			num(1)
			num(*f.X)
			num(*f.Y)
		} else {
			num(0)
		}
	}
	for i, e := range p.edges {
		num(float64(e[0]))
		num(float64(e[1]))
		num(p.edgeGap[i])
	}
	num(p.gap)
	num(p.lineMargin)
	var key [32]byte
	h.Sum(key[:0])
	return key
}

package render

import (
	"sync/atomic"

	"github.com/relationskort/relationskort/graph"
)

// A re-rated map changes one relation's rating; its other relations are
// drawn as before. relMemo remembers, per relation of a static part, the
// layer its line was composed as for each rating and the layer of the
// last badge put on it, so that drawing the map again reuses those layers
// (and the SVG translator's output of them, Layer.memo) instead of
// composing and writing every line and badge anew.
//
// A layer is reused only when everything its items are made of is the
// same: the static part fixes the structure — the relation's ends, their
// names and circles, palette, language and scale — and the memo checks the
// rest, the relation's id (not part of the structure), the rating and, for
// a badge, where it was placed. So a drawing is the same whether its
// layers come from the memo or not. Memos are replaced whole through
// atomic pointers: concurrent drawings of one static part each see one
// complete memo or none, never a half-made one. A map drawn with a rating
// round composes its relations anew each time: their marks depend on the
// round.
type relMemo struct {
	line  [4]atomic.Pointer[lineMemo] // by rating
	badge atomic.Pointer[badgeMemo]
}

// relMemoCost estimates the bytes a relMemo holds once used: a line layer
// or two and a badge layer, with their items and SVG.
const relMemoCost = 1500

type lineMemo struct {
	id string
	ly *Layer
}

type badgeMemo struct {
	id     string
	rating graph.Rating
	x, y   float64
	ly     *Layer
}

// memoLine returns the layer of relation i's line as drawn by d, made by
// make when the memo does not hold it.
func (st *static) memoLine(i int, d drawnRelation, make func(it *items)) *Layer {
	slot := &st.rels[i].line[d.rating]
	if m := slot.Load(); m != nil && m.id == d.r.ID {
		return m.ly
	}
	var it items
	make(&it)
	ly := &Layer{Items: it}
	slot.Store(&lineMemo{id: d.r.ID, ly: ly})
	return ly
}

// memoBadge returns the layer of relation i's badge at (x, y) as drawn by
// d, made by make when the memo does not hold it.
func (st *static) memoBadge(i int, d drawnRelation, x, y float64, make func(it *items)) *Layer {
	slot := &st.rels[i].badge
	if m := slot.Load(); m != nil && m.id == d.r.ID && m.rating == d.rating && m.x == x && m.y == y {
		return m.ly
	}
	var it items
	make(&it)
	ly := &Layer{Items: it}
	slot.Store(&badgeMemo{id: d.r.ID, rating: d.rating, x: x, y: y, ly: ly})
	return ly
}

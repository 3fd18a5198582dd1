package render

import (
	"crypto/sha256"
	"encoding/binary"
	"math"

	"github.com/relationskort/relationskort/graph"
)

// static is the part of a drawing that depends only on the map's
// structure and the options — names, groups, the centre, pins, which
// pairs are related, title and task — and not on ratings, notes or the
// version: the canvas, the detail, the placement, the header and legend,
// and the circles with their names. In a workshop almost every change is
// a rating, so the Renderer remembers it and a re-rated map only composes
// its lines, badges, footer and panel — and of the lines and badges only
// those that changed (rels, relmemo.go). It is never changed once made,
// but for rels, which concurrent drawings update safely.
type static struct {
	cv         canvas
	grown      bool
	colX, colW float64
	top        float64 // where the map area starts under the header
	area       rect
	v          view
	detail     Detail

	frame        *Layer // header, the note of a map drawn by group, legend
	legendBottom float64
	task         *Layer // the task in the middle
	nodes        *Layer // the functions' circles with their names

	shapes    []Circle          // the functions' circles in map order, or the groups'
	circles   map[string]Circle // the functions' circles by id
	positions map[string]Point  // the functions' centres in the reference frame
	labelSize float64

	groupNames []string    // drawn by group: the groups, sorted
	stacks     []textStack // and what their circles say

	// drawn function by function: per relation in map order, what its
	// line and badge were last composed as (relmemo.go)
	rels []relMemo
}

// staticOf composes the static part of m's drawing, or takes it from the
// Renderer's memory. wide says that the legend column holds a side panel.
func (r *Renderer) staticOf(m *graph.Map, opt Options, wide bool) *static {
	k := cacheKey{kind: kindStatic, s: structureKey(m, opt, wide)}
	if v, ok := r.cache.get(k); ok {
		return v.(*static)
	}
	c := newComposer(r, m, opt, nil)
	c.wide = wide
	c.setCanvas(1)
	lb := c.labels()
	in := functionInput(m, lb, opt)
	st := &static{}
	if res, full := c.decide(lb, in); full {
		c.placeFunctions(lb, res, st)
	} else {
		c.placeGroups(st)
	}
	st.legendBottom = c.legend()
	st.cv, st.grown, st.colX, st.colW, st.top, st.area, st.v, st.detail = c.cv, c.grown, c.colX, c.colW, c.top, c.area, c.v, c.detail
	st.frame = &Layer{Items: c.ly.frame}
	st.task = &Layer{Items: c.ly.task}
	st.nodes = &Layer{Items: c.ly.nodes}
	r.cache.put(k, st, st.cost())
	return st
}

// cost estimates the bytes a static holds.
func (st *static) cost() int64 {
	n := len(st.frame.Items) + len(st.task.Items) + len(st.nodes.Items)
	return int64(n)*160 + int64(len(st.shapes))*120 + int64(len(st.circles)+len(st.positions))*64 +
		int64(len(st.rels))*relMemoCost
}

// structureKey digests everything the static part of a drawing reads.
func structureKey(m *graph.Map, opt Options, wide bool) string {
	b := make([]byte, 0, 64+48*len(m.Functions)+24*len(m.Relations))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(f float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f)) }
	for _, s := range []string{string(opt.Layout), string(opt.Palette), string(opt.Format), string(opt.Lang), string(opt.Detail), m.Title, m.Task} {
		str(s)
	}
	flags := byte(0)
	if wide {
		flags |= 1
	}
	if opt.Round != nil {
		flags |= 2 // the legend explains the round's marks
	}
	b = append(b, flags)
	if len(opt.Prev) > 0 {
		str(prevDigest(opt.Prev))
		num(opt.PrevScale)
	}
	b = binary.AppendUvarint(b, uint64(len(m.Functions)))
	for _, f := range m.Functions {
		str(f.ID)
		str(f.Name)
		str(f.Group)
		flags := byte(0)
		if f.Center {
			flags |= 1
		}
		if f.X != nil && f.Y != nil {
			flags |= 2
		}
		b = append(b, flags)
		if flags&2 != 0 {
			num(*f.X)
			num(*f.Y)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.Relations)))
	for _, r := range m.Relations {
		str(r.A)
		str(r.B)
	}
	sum := sha256.Sum256(b)
	return string(sum[:])
}

package render

import (
	"crypto/sha256"
	"encoding/binary"
	"math"

	// The place stage: the engine for the network layout (the default and
	// the manual layout), and the first release's ring placer for the
	// circle layout (see ringPlace).
	"github.com/relationskort/relationskort/render/internal/oldplace"
	"github.com/relationskort/relationskort/render/internal/place"

	"github.com/relationskort/relationskort/graph"
)

// This file is the place stage's boundary: it turns a map into circles and
// lines for the placement engine (render/internal/place; until it lands,
// the first release's placer behind the same API in
// render/internal/oldplace), and remembers placements by their input.
// Everything is in the reference frame (see refW, refH).

// The engine's input and result under local names, so that this file is
// the only one that names the engine's package.
type (
	placeInput  = place.Input
	placeResult = place.Result
)

// middleNodeID is the id of the task label in the middle among the nodes:
// no function id can have a colon.
const middleNodeID = ":task"

// modeOf is the engine's layout for a layout option: circle is the ring,
// force and manual the network layout (manual adds the pins).
func modeOf(l Layout) place.Mode {
	if l == LayoutCircle {
		return place.Ring
	}
	return place.Auto
}

// functionInput is the placement input of a map's functions (and the task
// label in the middle), in map order, with its relations as edges. Pins
// count in the manual layout only; they are in the page's canvas
// coordinates and move into the reference frame through the page's view.
func functionInput(m *graph.Map, lb *mapLabels, opt Options) place.Input {
	in := place.Input{W: refW, H: refH, Gap: circleGap, LineMargin: lineMargin, Mode: modeOf(opt.Layout)}
	if len(opt.Prev) > 0 {
		in.PrevScale = opt.PrevScale
	}
	page := viewFor(pageArea(m), false)
	index := make(map[string]int, len(m.Functions))
	for i, f := range m.Functions {
		if _, dup := index[f.ID]; !dup {
			index[f.ID] = i
		}
		nd := place.Node{ID: f.ID, R: lb.fns[i].r, Group: f.Group, Centre: i == lb.centre}
		if opt.Layout == LayoutManual && f.Pinned() && finite(*f.X) && finite(*f.Y) {
			p := page.toFrame(*f.X, *f.Y)
			nd.Pin = &place.Point{X: p.X, Y: p.Y}
		}
		if p, ok := opt.Prev[f.ID]; ok && finite(p.X) && finite(p.Y) {
			nd.Prev = &place.Point{X: p.X, Y: p.Y}
		}
		in.Nodes = append(in.Nodes, nd)
	}
	if lb.middle != nil {
		in.Nodes = append(in.Nodes, place.Node{ID: middleNodeID, R: lb.middle.r, Centre: true})
	}
	for _, r := range m.Relations {
		a, okA := index[r.A]
		b, okB := index[r.B]
		if okA && okB && a != b {
			in.Edges = append(in.Edges, place.Edge{A: a, B: b})
		}
	}
	return in
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// place runs the placement engine, or takes the result for the same input
// from the Renderer's memory. Placement is deterministic and the key
// covers all of its input, so both give the same result.
func (r *Renderer) place(in place.Input) place.Result {
	k := cacheKey{kind: kindPlacement, s: inputDigest(in)}
	if v, ok := r.cache.get(k); ok {
		return v.(place.Result)
	}
	var res place.Result
	if in.Mode == place.Ring {
		res = ringPlace(in)
	} else {
		res = place.Place(in)
	}
	sane(&res, in)
	r.cache.put(k, res, int64(len(res.X))*16+64)
	return res
}

// placeClear is place with every line clear of the circles it does not
// join: when the engine left some through circles on a fresh layout, the
// repair (clearLines) decides, remembered like the placement. It costs
// more than the engine on dense maps, so callers first ask place whether
// the map is drawn by function at all.
func (r *Renderer) placeClear(in place.Input) place.Result {
	res := r.place(in)
	if in.Mode == place.Ring || !fresh(in) || lineHits(in, res) == 0 {
		return res
	}
	k := cacheKey{kind: kindPlacement, s: "clear|" + inputDigest(in)}
	if v, ok := r.cache.get(k); ok {
		return v.(place.Result)
	}
	res = clearLines(in, res)
	sane(&res, in)
	r.cache.put(k, res, int64(len(res.X))*16+64)
	return res
}

// sane keeps what the engine returns drawable: positions inside the
// frame, a scale in (0, 1]. Nothing is changed for a good result.
func sane(res *place.Result, in place.Input) {
	for i := range res.X {
		if !finite(res.X[i]) || !finite(res.Y[i]) {
			res.X[i], res.Y[i] = in.W/2, in.H/2
		}
	}
	if !finite(res.Scale) || res.Scale <= 0 || res.Scale > 1 {
		res.Scale = 1
	}
}

// inputDigest digests every field of a placement input.
func inputDigest(in place.Input) string {
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
	pt := func(p *place.Point) {
		if p == nil {
			num(0)
			return
		}
		num(1)
		num(p.X)
		num(p.Y)
	}
	for _, v := range []float64{in.W, in.H, in.Gap, in.EdgeGap, in.LineMargin, in.PrevScale, in.MinScale, float64(in.Mode), float64(len(in.Nodes)), float64(len(in.Edges))} {
		num(v)
	}
	for _, nd := range in.Nodes {
		str(nd.ID)
		str(nd.Group)
		num(nd.R)
		if nd.Centre {
			num(1)
		} else {
			num(0)
		}
		pt(nd.Pin)
		pt(nd.Prev)
	}
	for _, e := range in.Edges {
		num(float64(e.A))
		num(float64(e.B))
	}
	return string(h.Sum(nil))
}

// packingBound is the largest scale at which the input's circles, with
// half a gap around each, could cover at most nine tenths of the frame:
// no placement can draw them larger.
func packingBound(in place.Input) float64 {
	area := 0.0
	for _, nd := range in.Nodes {
		r := nd.R + in.Gap/2
		area += math.Pi * r * r
	}
	if area == 0 {
		return 1
	}
	return min(1, math.Sqrt(0.9*in.W*in.H/area))
}

// crossings counts the pairs of edges without a shared end that cross, as
// the engine counts them.
func crossings(x, y []float64, edges []place.Edge) int { return place.Crossings(x, y, edges) }

// groupInput is the placement input of a map drawn by group: one circle
// per group, the group holding the centre function in the middle, and a
// line per pair of groups with relations between them.
func groupInput(names []string, r []float64, centre int, pairs [][2]int, l Layout) placeInput {
	in := place.Input{W: refW, H: refH, Gap: circleGap, LineMargin: lineMargin, Mode: modeOf(l)}
	for i, name := range names {
		in.Nodes = append(in.Nodes, place.Node{ID: "group:" + name, R: r[i], Group: name, Centre: i == centre})
	}
	for _, p := range pairs {
		in.Edges = append(in.Edges, place.Edge{A: p[0], B: p[1]})
	}
	return in
}

// fresh reports whether in asks for a new layout: no node has a
// remembered position (a remembered layout keeps its positions, and a
// line through a circle is left where the user's edit put it).
func fresh(in place.Input) bool {
	for _, nd := range in.Nodes {
		if nd.Prev != nil {
			return false
		}
	}
	return true
}

// lineHits counts the lines of res that pass within the line margin of a
// circle they do not end at.
func lineHits(in place.Input, res place.Result) int {
	r := make([]float64, len(in.Nodes))
	for i, nd := range in.Nodes {
		r[i] = nd.R * res.Scale
	}
	return place.LineHits(res.X, res.Y, r, in.Edges, in.LineMargin*res.Scale)
}

// clearLines repairs a layout in which the engine left lines through
// circles (on maps too dense for it to clear them all, see the engine's
// guarantees): a line through a circle reads as a relation to that
// function, which misleads more than a crossing does. The first release's
// placer tries twice: from the engine's positions (pushing circles off
// lines, spreading them where it must) and from scratch. Of the three
// layouts the one with the fewest hits wins, then the one with the
// largest scale; the engine's own on a tie.
func clearLines(in place.Input, res place.Result) place.Result {
	prev := in
	prev.Nodes = append([]place.Node(nil), in.Nodes...)
	for i := range prev.Nodes {
		if prev.Nodes[i].Pin == nil {
			prev.Nodes[i].Prev = &place.Point{X: res.X[i], Y: res.Y[i]}
		}
	}
	best, hits := res, lineHits(in, res)
	for _, c := range []place.Result{oldPlace(prev, oldplace.Auto), oldPlace(in, oldplace.Auto)} {
		if h := lineHits(in, c); h < hits || (h == hits && c.Scale > best.Scale) {
			best, hits = c, h
		}
	}
	return best
}

// ringPlace places the circle layout with the first release's ring placer
// (render/internal/oldplace): the engine's own Ring mode orders the ring
// with fewer crossings, but lets relations across the ring pass behind
// circles, which reads as a relation to the circle it passes. Until the
// engine keeps those lines clear, the circle layout keeps the placer that
// does.
func ringPlace(in place.Input) place.Result { return oldPlace(in, oldplace.Ring) }

// oldPlace runs the first release's placer on in.
func oldPlace(in place.Input, mode oldplace.Mode) place.Result {
	old := oldplace.Input{W: in.W, H: in.H, Gap: in.Gap, LineMargin: in.LineMargin, Mode: mode}
	for _, nd := range in.Nodes {
		o := oldplace.Node{ID: nd.ID, R: nd.R, Group: nd.Group, Centre: nd.Centre}
		if nd.Pin != nil {
			o.Pin = &oldplace.Point{X: nd.Pin.X, Y: nd.Pin.Y}
		}
		if nd.Prev != nil {
			o.Prev = &oldplace.Point{X: nd.Prev.X, Y: nd.Prev.Y}
		}
		old.Nodes = append(old.Nodes, o)
	}
	for _, e := range in.Edges {
		old.Edges = append(old.Edges, oldplace.Edge{A: e.A, B: e.B})
	}
	r := oldplace.Place(old)
	return place.Result{X: r.X, Y: r.Y, Scale: r.Scale}
}

package render

import (
	"maps"

	"github.com/relationskort/relationskort/graph"
)

// This file drives the compose stage for a map: it takes the static part
// of the drawing (static.go: the circles sized to their names and placed,
// the detail decided, header, legend and circles composed) and adds what
// ratings and version change — lines, badges, the footer, the side panel
// — then assembles the display list in drawing order. Drawing order is
// decided here and nowhere else.

// layers hold the items of a drawing by layer until assemble puts them in
// drawing order.
type layers struct {
	frame     items // header, legend, footer, side panel
	task      items // the task in the middle
	ghosts    items // relations gone since an earlier map (comparison)
	relations items // lines, except Low
	nodes     items // the circles with their names
	low       items // Low lines, above the circles
	badges    items // rating badges, above every line
	markers   items // numbered and change tags, above the badges
}

// composer builds one drawing.
type composer struct {
	r      *Renderer
	m      *graph.Map
	opt    Options
	pal    *palette
	wd     words
	colors map[string]groupColor            // by group name
	round  map[string]*graph.RelationResult // Options.Round by relation id; nil without

	cv    canvas
	grown bool
	wide  bool    // the legend column holds a side panel
	colX  float64 // the legend column's left edge
	colW  float64 // and width
	top   float64 // where the map area starts
	area  rect
	v     view
	ly    layers

	// lines places badges and markers on the drawn lines; lineOf gives
	// the line a relation is drawn on (only markers ask).
	lines   *linePlacer
	lineOf  func(relationID string) (int, bool)
	badgeOf map[int]int       // line → its badge among lines.tags
	circles map[string]Circle // the functions' circles, by id
	detail  Detail
	// memo is the static part whose memo of lines and badges (relmemo.go)
	// the relations may use; nil when they may not
	memo *static
}

func newComposer(r *Renderer, m *graph.Map, opt Options, side *sidePanel) *composer {
	pal := getPalette(opt.Palette)
	return &composer{r: r, m: m, opt: opt, pal: pal, wd: vocab[opt.Lang], colors: groupColors(pal, groupNames(m)), wide: side != nil,
		round: roundRelations(opt.Round)}
}

// setCanvas composes the header on the format's canvas grown by grow and
// sets the map area.
func (c *composer) setCanvas(grow float64) {
	c.cv = canvasFor(c.opt.Format).grown(grow)
	c.grown = grow != 1
	c.ly.frame = nil
	c.top = header(&c.ly.frame, c.m, c.cv, c.pal, c.wd)
	c.colW = legendWidth
	if c.wide {
		c.colW = sideWidth
	}
	c.colX = c.cv.w - margin - c.colW
	c.area = rect{x0: margin, y0: c.top, x1: c.colX - legendGap, y1: c.cv.h - footerH}
	c.v = viewFor(c.area, c.grown)
}

// maxGrow is the most the canvas grows in each direction for
// DetailFull.
const maxGrow = 16.0

// composeMap composes m: every function when the names stay readable (or
// the options ask for all of them), else by group.
func (r *Renderer) composeMap(m *graph.Map, opt Options, side *sidePanel) (*Drawing, error) {
	st := r.staticOf(m, opt, side != nil)
	c := newComposer(r, m, opt, side)
	c.cv, c.grown, c.colX, c.colW, c.top, c.area, c.v, c.detail = st.cv, st.grown, st.colX, st.colW, st.top, st.area, st.v, st.detail
	c.ly.frame = items{st.frame}
	c.ly.task = items{st.task}
	d := &Drawing{Detail: st.detail, LabelSize: st.labelSize}
	if st.detail == DetailFull {
		c.ly.nodes = items{st.nodes}
		c.circles = st.circles
		if c.round == nil {
			c.memo = st
		}
		c.relations(st.shapes)
		d.Positions = maps.Clone(st.positions)
		d.Scale = st.v.s
	} else {
		c.drawGroups(st)
	}
	footer(&c.ly.frame, m, c.cv, c.pal, c.wd, opt.Lang)
	if side != nil {
		y := st.legendBottom + 30
		c.ly.frame.line(c.colX, y, c.colX+c.colW, y, Paint{Stroke: "#c8c8c8", Width: 1.5})
		side.fill(c, c.colX, y+10, c.area.y1+20, c.colW)
	}
	desc := describe(m, c.wd, c.detail)
	if opt.Round != nil && c.detail == DetailFull {
		desc += " " + roundDescription(opt.Round, m, c.wd)
	}
	d.List = c.assemble(titleOf(m, c.wd), desc)
	if c.lines != nil && c.lines.small() {
		r.placer.Store(c.lines) // nothing drawn refers to it
	}
	c.lines = nil
	return d, nil
}

// newLines returns a line placer for n lines with tags of about radius
// rad on the canvas, reusing the one an earlier drawing gave back, if
// another drawing has not taken it.
func (c *composer) newLines(n int, rad float64) *linePlacer {
	lp := c.r.placer.Swap(nil)
	if lp == nil {
		return newLinePlacer(n, rad, c.cv)
	}
	lp.reset(n, rad, c.cv)
	return lp
}

// decide places the functions when they may be drawn one by one, and
// reports whether they are: with DetailAuto when their names are at least
// the format's smallest readable size, with DetailFull always, the canvas
// growing as far as the names need.
func (c *composer) decide(lb *mapLabels, in placeInput) (placeResult, bool) {
	if c.opt.Detail == DetailGroups && len(c.m.Functions) > 0 {
		return placeResult{}, false
	}
	c.detail = DetailFull
	if c.opt.Detail == DetailAuto && lb.size*packingBound(in)*c.v.k < c.cv.minLabel {
		return placeResult{}, false
	}
	// The engine's scale says whether the names can be read; clearing
	// lines through circles can only lower it, so a map drawn by group is
	// not cleared. Told the least scale that can be read, the engine does
	// not work out a layout that cannot reach it (place.Input.MinScale).
	if c.opt.Detail == DetailAuto && len(c.m.Functions) > 0 {
		in.MinScale = c.cv.minLabel / (lb.size * c.v.k)
	}
	res := c.r.place(in)
	if c.opt.Detail == DetailAuto && len(c.m.Functions) > 0 && lb.size*res.Scale*c.v.k < c.cv.minLabel {
		return placeResult{}, false
	}
	res = c.r.placeClear(in)
	eff := lb.size * res.Scale * c.v.k
	if eff >= c.cv.minLabel || len(c.m.Functions) == 0 {
		return res, true
	}
	if c.opt.Detail == DetailAuto {
		return placeResult{}, false
	}
	c.growFor(lb.size * res.Scale)
	return res, true
}

// growFor grows the canvas until names of size size in the reference
// frame come out at least the format's smallest readable size, or as far
// as maxGrow. The map area grows a little faster than the canvas (the
// margins and the legend keep their size), so it takes a few steps.
func (c *composer) growFor(size float64) {
	grow := 1.0
	for range 4 {
		eff := size * c.v.k
		if eff >= c.cv.minLabel || grow >= maxGrow {
			return
		}
		grow = min(maxGrow, grow*c.cv.minLabel/eff*1.001)
		c.setCanvas(grow)
	}
}

// assemble puts the layers in drawing order: the frame, the task in the
// middle, ghosts, the lines except Low, the circles, the Low lines on
// top of them, the badges above every line, the markers above all.
func (c *composer) assemble(title, desc string) *List {
	l := &List{Width: c.cv.w, Height: c.cv.h, PaperW: c.cv.paperW, PaperH: c.cv.paperH, PaperUnit: c.cv.unit,
		ID: "map", Lang: string(c.opt.Lang), Title: title, Desc: desc,
		Class: "relationskort layout-" + string(c.opt.Layout) + " palette-" + string(c.opt.Palette)}
	if c.detail == DetailGroups {
		l.Class += " detail-groups"
	}
	var it items
	it.rect(0, 0, c.cv.w, c.cv.h, 0, Paint{Fill: c.pal.paper}, "background")
	it.group(&Group{Class: "frame"}, c.ly.frame, true)
	if len(c.ly.task) > 0 && len(c.ly.task[0].(*Layer).Items) > 0 {
		it.group(&Group{Class: "task-label"}, c.ly.task, false)
	}
	it.group(&Group{Class: "ghosts", Opacity: 0.8}, c.ly.ghosts, false)
	it.group(&Group{Class: "relations"}, c.ly.relations, true)
	nodes := "functions"
	if c.detail == DetailGroups {
		nodes = "group-nodes"
	}
	it.group(&Group{Class: nodes}, c.ly.nodes, true)
	it.group(&Group{Class: "relations relations-low"}, c.ly.low, true)
	it.group(&Group{Class: "badges"}, c.ly.badges, true)
	it.group(&Group{Class: "markers"}, c.ly.markers, false)
	l.Items = it
	return l
}

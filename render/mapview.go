package render

import (
	"math"
	"strconv"

	"github.com/relationskort/relationskort/graph"
)

// This file composes a map drawn function by function: the circles with
// their names, the relations as lines between them, and the rating
// badges.

// placeFunctions composes the placed functions' circles with their names
// and the task in the middle into st, and their positions.
func (c *composer) placeFunctions(lb *mapLabels, res placeResult, st *static) {
	c.v.s = res.Scale
	m := c.m
	st.positions = make(map[string]Point, len(m.Functions))
	st.shapes = make([]Circle, len(m.Functions))
	st.circles = make(map[string]Circle, len(m.Functions))
	for i, f := range m.Functions {
		st.shapes[i] = Circle{X: rnd(c.v.x(res.X[i])), Y: rnd(c.v.y(res.Y[i])), R: rnd(c.v.size(lb.fns[i].r))}
		if _, dup := st.positions[f.ID]; !dup {
			st.positions[f.ID] = Point{res.X[i], res.Y[i]}
			st.circles[f.ID] = st.shapes[i]
		}
	}
	// The circles placed by hand come last, so that one dropped onto
	// another circle (which the engine allows: the others stay where they
	// are) is drawn on top of it, never hidden under it.
	byHand := func(f graph.Function) bool { return c.opt.Layout == LayoutManual && f.Pinned() }
	for _, last := range []bool{false, true} {
		for i, f := range m.Functions {
			if byHand(f) == last {
				c.function(f, i == lb.centre, st.shapes[i], lb.fns[i].block)
			}
		}
	}
	if lb.middle != nil {
		n := len(m.Functions)
		c.middle(c.v.x(res.X[n]), c.v.y(res.Y[n]), c.v.size(lb.middle.r), lb.middle.block)
	}
	if len(m.Functions) > 0 {
		st.labelSize = c.v.size(lb.size)
	}
	st.rels = make([]relMemo, len(m.Relations))
}

// function composes one function: a group holding its circle and name.
func (c *composer) function(f graph.Function, centre bool, sh Circle, name wrapped) {
	it := &c.ly.nodes
	g := &Group{Class: "function", Data: []Attr{{"function-id", f.ID}}, Title: f.Name}
	if centre {
		g.Class = "function center"
	}
	if f.Group != "" {
		g.Data = append(g.Data, Attr{"group", f.Group})
		g.Title += " (" + f.Group + ")"
	}
	*it = append(*it, g)
	gc := c.colors[f.Group]
	p := Paint{Fill: gc.Fill, Stroke: gc.Stroke, Width: c.v.size(2.5)}
	if centre {
		p.Stroke, p.Width = c.pal.centre, c.v.size(5)
	}
	it.circle(sh.X, sh.Y, sh.R, p, "")
	c.textBlock(it, name, sh.X, sh.Y, c.pal.ink)
	it.end()
}

// middle composes the task written in the middle when no function is the
// centre.
func (c *composer) middle(x, y, r float64, text wrapped) {
	it := &c.ly.task
	it.circle(x, y, r, Paint{Stroke: "#b4b4b4", Width: 2, Dash: []float64{6, 6}}, "")
	c.textBlock(it, text, rnd(x), rnd(y), c.pal.muted)
}

// textBlock adds the lines of a wrapped text centred on (x, y), drawn at
// the view's scale. Sizes round down, so that rounding never lets text
// outgrow its circle; below a pixel nothing is drawn (the name stays in
// the group's title).
func (c *composer) textBlock(it *items, w wrapped, x, y float64, color string) {
	size := math.Floor(c.v.size(w.Size)*100) / 100
	if size < 1 {
		return
	}
	for i, b := range w.baselines() {
		*it = append(*it, &Text{X: x, Y: rnd(y + b*c.v.k*c.v.s), S: w.Lines[i], Size: size, Bold: w.Bold, Color: color, Anchor: AnchorMiddle})
	}
}

// drawnRelation is a relation as drawn: its line and style.
type drawnRelation struct {
	i              int // the relation's index in the map
	r              graph.Relation
	rating         graph.Rating
	x1, y1, x2, y2 float64
	st             style
	round          *roundMarks // what a rating round marks on it; nil for nothing
}

// relations composes the relations between the circles in shapes (in map
// order), in drawing order — unrated, High, Middle, then Low above the
// circles — and their badges.
func (c *composer) relations(shapes []Circle) {
	index := make(map[string]int, len(shapes))
	for i, f := range c.m.Functions {
		if _, dup := index[f.ID]; !dup {
			index[f.ID] = i
		}
	}
	drawn := make([]drawnRelation, 0, len(c.m.Relations))
	for _, order := range []graph.Rating{graph.Unrated, graph.High, graph.Middle, graph.Low} {
		for i, r := range c.m.Relations {
			rating := r.Rating
			if !rating.Valid() {
				rating = graph.Unrated
			}
			a, okA := index[r.A]
			b, okB := index[r.B]
			if rating != order || !okA || !okB || a == b {
				continue
			}
			if d, ok := c.lineBetween(shapes[a], shapes[b]); ok {
				d.i, d.r, d.rating, d.st = i, r, rating, ratingStyle(c.pal, rating)
				if c.round != nil {
					d.round = c.roundMarks(r.ID)
				}
				drawn = append(drawn, d)
			}
		}
	}
	c.lines = c.newLines(len(drawn), c.v.size(badgeR))
	for _, d := range drawn {
		w := d.st.Width
		if d.round != nil {
			w = d.round.width(d.st)
		}
		c.lines.add(d.x1, d.y1, d.x2, d.y2, c.v.size(w))
		c.relationLine(d)
	}
	var lineOf map[string]int
	c.lineOf = func(id string) (int, bool) {
		if lineOf == nil {
			lineOf = make(map[string]int, len(drawn))
			for i, d := range drawn {
				lineOf[d.r.ID] = i
			}
		}
		i, ok := lineOf[id]
		return i, ok
	}
	c.badges(drawn)
}

// lineBetween is the line between two circles' outlines.
func (c *composer) lineBetween(a, b Circle) (drawnRelation, bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return drawnRelation{}, false
	}
	ux, uy := dx/d, dy/d
	ga, gb := a.R+c.v.size(lineGap), b.R+c.v.size(lineGap)
	return drawnRelation{x1: rnd(a.X + ux*ga), y1: rnd(a.Y + uy*ga), x2: rnd(b.X - ux*gb), y2: rnd(b.Y - uy*gb)}, true
}

// relationLine composes one relation: a group holding its line, from the
// memo when it has it.
func (c *composer) relationLine(d drawnRelation) {
	it := &c.ly.relations
	if d.rating == graph.Low {
		it = &c.ly.low
	}
	if c.memo != nil && d.round == nil {
		*it = append(*it, c.memo.memoLine(d.i, d, func(it *items) { c.relationItems(it, d) }))
		return
	}
	c.relationItems(it, d)
}

// relationItems adds the group of relation d with its line to it.
func (c *composer) relationItems(it *items, d drawnRelation) {
	rating, cls := "", "rating-none"
	if d.rating.Rated() {
		rating = strconv.Itoa(int(d.rating))
		cls = "rating-" + rating
	}
	a, b := c.m.Function(d.r.A), c.m.Function(d.r.B)
	g := &Group{Class: "relation " + cls,
		Data:  []Attr{{"relation-id", d.r.ID}, {"rating", rating}, {"a", d.r.A}, {"b", d.r.B}},
		Title: a.Name + " – " + b.Name + ": " + c.wd.ratings[d.rating]}
	if c.round != nil {
		g.Data = append(g.Data, roundData(c.round[d.r.ID])...)
	}
	if d.round == nil {
		*it = append(*it, g)
		it.line(d.x1, d.y1, d.x2, d.y2, c.linePaint(d.st))
		it.end()
		return
	}
	g.Class += d.round.roundClass()
	g.Title += c.roundTitle(d.round, a.Name, b.Name)
	*it = append(*it, g)
	c.roundLine(it, d)
	it.end()
}

// linePaint is a rating's line at the view's scale.
func (c *composer) linePaint(st style) Paint {
	p := Paint{Stroke: st.Color, Width: max(c.v.size(st.Width), 0.1)}
	for _, v := range st.Dash {
		p.Dash = append(p.Dash, max(c.v.size(v), 0.1))
	}
	return p
}

// badges puts a badge with the rating on each rated line, Low first, then
// Middle, then High, each clear of the lines crossing it and of the badges
// placed before, so that no badge hides at a crossing.
func (c *composer) badges(drawn []drawnRelation) {
	type badge struct {
		i    int
		x, y float64
	}
	var placed []badge
	r := c.v.size(badgeR)
	c.badgeOf = map[int]int{}
	if c.round != nil {
		c.endBadges(drawn)
	}
	for _, rating := range []graph.Rating{graph.Low, graph.Middle, graph.High} {
		for i, d := range drawn {
			if d.rating == rating {
				R := r
				if d.round != nil && d.round.disputed {
					_, _, R = splitBadge(r, rangeText(d.round.rr.Combined))
				}
				x, y := c.lines.place(i, R)
				c.badgeOf[i] = len(c.lines.tags) - 1
				placed = append(placed, badge{i, x, y})
			}
		}
	}
	// drawn in line order, as the lines are
	byLine := make([]*badge, len(drawn))
	for k := range placed {
		byLine[placed[k].i] = &placed[k]
	}
	for i, d := range drawn {
		if b := byLine[i]; b != nil {
			num := strconv.Itoa(int(d.rating))
			if d.round != nil && d.round.disputed {
				rng := rangeText(d.round.rr.Combined)
				c.ly.badges.begin("badge-group badge-split", Attr{"relation-id", d.r.ID}, Attr{"rating", num}, Attr{"range", rng})
				c.splitBadgeAt(&c.ly.badges, b.x, b.y, r, d.st, num, rng)
				c.ly.badges.end()
				continue
			}
			add := func(it *items) {
				it.begin("badge-group", Attr{"relation-id", d.r.ID}, Attr{"rating", num})
				c.badge(it, b.x, b.y, r, d.st, num)
				it.end()
			}
			if c.memo != nil && d.round == nil {
				c.ly.badges = append(c.ly.badges, c.memo.memoBadge(d.i, d, b.x, b.y, add))
				continue
			}
			add(&c.ly.badges)
		}
	}
}

// badge adds a rating badge: a disc in the line's colour with the number.
func (c *composer) badge(it *items, x, y, r float64, st style, text string) {
	it.circle(x, y, r, Paint{Fill: st.Color, Stroke: "#ffffff", Width: max(r*0.18, 0.1)}, "badge")
	size := r / badgeR * badgeSize
	it.text(Text{X: x, Y: y + size*0.36, S: text, Size: size, Bold: true, Color: st.BadgeText, Anchor: AnchorMiddle, Class: "badge-text"})
}

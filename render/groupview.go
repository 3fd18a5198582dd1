package render

import (
	"fmt"
	"math"
	"strconv"

	"github.com/relationskort/relationskort/graph"
)

// This file composes a map drawn by group, for maps too dense to draw
// function by function: one circle per group with its name and number of
// functions and a summary of the relations within it, one line per pair of
// groups with relations between them, styled as their mean rating rounded
// and labelled with the mean and the number of relations, and a note
// saying that the map is drawn by group.

// ratingStat sums ratings.
type ratingStat struct{ count, rated, sum int }

func (s *ratingStat) add(r graph.Rating) {
	s.count++
	if r.Rated() {
		s.rated++
		s.sum += int(r)
	}
}

// mean is the mean rating, if any relation is rated.
func (s ratingStat) mean() (float64, bool) {
	if s.rated == 0 {
		return 0, false
	}
	return float64(s.sum) / float64(s.rated), true
}

// rating is the mean rounded to the nearest rating (2.5 to Low), Unrated
// when nothing is rated: how the lines of these relations are styled.
func (s ratingStat) rating() graph.Rating {
	m, ok := s.mean()
	if !ok {
		return graph.Unrated
	}
	return graph.Rating(math.Round(m))
}

// groupStats are a map's functions and relations counted by group.
type groupStats struct {
	names    []string // sorted
	count    []int    // functions per group
	internal []ratingStat
	pairs    [][2]int // groups a < b with relations between them, sorted
	between  []ratingStat
	groupOf  map[string]int // function id → its group
	pairOf   map[[2]int]int // groups a < b → their pair
	centre   int            // the group of the centre function, -1
}

func countGroups(m *graph.Map) *groupStats {
	gs := &groupStats{names: groupNames(m), centre: -1}
	idx := make(map[string]int, len(gs.names))
	for i, n := range gs.names {
		idx[n] = i
	}
	gs.count = make([]int, len(gs.names))
	gs.internal = make([]ratingStat, len(gs.names))
	groupOf := make(map[string]int, len(m.Functions))
	for _, f := range m.Functions {
		if _, dup := groupOf[f.ID]; !dup {
			groupOf[f.ID] = idx[f.Group]
			gs.count[idx[f.Group]]++
			if f.Center && gs.centre < 0 {
				gs.centre = idx[f.Group]
			}
		}
	}
	gs.groupOf = groupOf
	gs.pairOf = map[[2]int]int{}
	for _, r := range m.Relations {
		if p, ok := gs.pair(r); ok {
			if _, seen := gs.pairOf[p]; !seen {
				gs.pairOf[p] = -1
				gs.pairs = append(gs.pairs, p)
			}
		}
	}
	sortPairs(gs.pairs)
	for i, p := range gs.pairs {
		gs.pairOf[p] = i
	}
	gs.between = make([]ratingStat, len(gs.pairs))
	for _, r := range m.Relations {
		a, okA := groupOf[r.A]
		b, okB := groupOf[r.B]
		switch {
		case !okA || !okB || r.A == r.B:
		case a == b:
			gs.internal[a].add(r.Rating)
		default:
			p, _ := gs.pair(r)
			gs.between[gs.pairOf[p]].add(r.Rating)
		}
	}
	return gs
}

// pair is the pair of groups a relation runs between, if they differ.
func (gs *groupStats) pair(r graph.Relation) ([2]int, bool) {
	a, okA := gs.groupOf[r.A]
	b, okB := gs.groupOf[r.B]
	if !okA || !okB || a == b {
		return [2]int{}, false
	}
	return [2]int{min(a, b), max(a, b)}, true
}

func sortPairs(ps [][2]int) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (ps[j][0] < ps[j-1][0] || ps[j][0] == ps[j-1][0] && ps[j][1] < ps[j-1][1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// meanText is a mean and a count as the labels show them: "2,4 · 12", or
// "? · 3" when nothing is rated.
func (c *composer) meanText(s ratingStat) string {
	m, ok := s.mean()
	if !ok {
		return "? · " + strconv.Itoa(s.count)
	}
	return decimal(m, c.wd.matrix.decimal) + " · " + strconv.Itoa(s.count)
}

// meanAttr is a mean for a data attribute: two decimals at most, "" for
// none.
func meanAttr(s ratingStat) string {
	m, ok := s.mean()
	if !ok {
		return ""
	}
	return strconv.FormatFloat(math.Round(m*100)/100, 'f', -1, 64)
}

// groupNameWidth is the width group names are wrapped to.
const groupNameWidth = 220.0

// placeGroups places the map's groups into st: their circles sized to
// what they say, and the note that the map is drawn by group.
func (c *composer) placeGroups(st *static) {
	c.detail = DetailGroups
	gs := countGroups(c.m)
	st.groupNames = gs.names
	st.stacks = make([]textStack, len(gs.names))
	radii := make([]float64, len(gs.names))
	for i := range gs.names {
		st.stacks[i] = c.groupStack(gs, i)
		radii[i] = max(st.stacks[i].radius()+textPad, min(minRadius+6*math.Sqrt(float64(gs.count[i])), 2.2*minRadius))
	}
	res := c.r.placeClear(groupInput(gs.names, radii, gs.centre, gs.pairs, c.opt.Layout))
	c.addNote()
	if eff := nameSize * res.Scale * c.v.k; eff < c.cv.minLabel && len(gs.names) > 0 {
		c.growFor(nameSize * res.Scale)
		c.addNote()
	}
	c.v.s = res.Scale
	st.shapes = make([]Circle, len(gs.names))
	for i := range gs.names {
		st.shapes[i] = Circle{X: rnd(c.v.x(res.X[i])), Y: rnd(c.v.y(res.Y[i])), R: rnd(c.v.size(radii[i]))}
	}
	st.labelSize = c.v.size(nameSize)
}

// drawGroups composes the groups' circles, their lines and labels, whose
// means follow the ratings.
func (c *composer) drawGroups(st *static) {
	gs := countGroups(c.m)
	for i := range gs.names {
		c.groupNode(gs, i, st.shapes[i], st.stacks[i])
	}
	c.groupRelations(gs, st.shapes)
}

// addNote writes the line saying that the map is drawn by group at the
// top of the map area, and moves the area below it.
func (c *composer) addNote() {
	size := 20.0
	w := truncate(wrapToWidth(c.wd.groupView.note, size, c.area.w(), false), 2, c.area.w())
	y := c.area.y0
	for _, l := range w.Lines {
		y += size * 1.25
		c.ly.frame.text(Text{X: c.area.x0, Y: y, S: l, Size: size, Italic: true, Color: c.pal.muted, Class: "detail-note"})
	}
	c.area.y0 = y + 12
	c.v = viewFor(c.area, c.grown)
}

// groupStack is what a group's circle says: its name, its number of
// functions, and the mean and count of the relations within it.
func (c *composer) groupStack(gs *groupStats, i int) textStack {
	name := gs.names[i]
	if name == "" {
		name = c.wd.noGroup
	}
	// a group's name reads best on few lines: wrapped to a width, not to
	// the smallest circle
	w := wrapMode(name, nameSize, groupNameWidth, true, splitJoints)
	var st textStack
	for k, l := range w.Lines {
		st.lines = append(st.lines, stackLine{text: l, size: nameSize, bold: true, w: w.Widths[k]})
	}
	small := nameSize * 0.8
	count := c.wd.groupView.functions(gs.count[i])
	st.lines = append(st.lines, stackLine{text: count, size: small, w: textWidth(count, small, false), muted: true})
	if in := gs.internal[i]; in.count > 0 {
		// the pill's text follows the ratings; its room does not, so
		// that re-rating moves nothing
		n := " · " + strconv.Itoa(in.count)
		w := max(textWidth("0,0"+n, small, true), textWidth("?"+n, small, true))
		st.lines = append(st.lines, stackLine{size: small, bold: true, w: w + small, pill: true})
	}
	return st
}

// groupNode composes one group's circle and what it says.
func (c *composer) groupNode(gs *groupStats, i int, sh Circle, st textStack) {
	it := &c.ly.nodes
	name := gs.names[i]
	label := name
	if label == "" {
		label = c.wd.noGroup
	}
	in := gs.internal[i]
	title := label + ": " + c.wd.groupView.functions(gs.count[i])
	if in.count > 0 {
		title += "; " + fmt.Sprintf(c.wd.groupView.internal, in.count, c.meanWord(in), in.rated)
	}
	*it = append(*it, &Group{Class: "group-node", Title: title, Data: []Attr{
		{"group", name}, {"functions", strconv.Itoa(gs.count[i])},
		{"internal-count", strconv.Itoa(in.count)}, {"internal-mean", meanAttr(in)}}})
	gc := c.colors[name]
	it.circle(sh.X, sh.Y, sh.R, Paint{Fill: gc.Fill, Stroke: gc.Stroke, Width: c.v.size(3)}, "")
	for k := range st.lines {
		if st.lines[k].pill {
			st.lines = append([]stackLine(nil), st.lines...)
			st.lines[k].text, st.lines[k].rating = c.meanText(in), in.rating()
		}
	}
	c.drawStack(it, st, sh.X, sh.Y)
	it.end()
}

// meanWord is a mean in words for a title, "–" when nothing is rated.
func (c *composer) meanWord(s ratingStat) string {
	if m, ok := s.mean(); ok {
		return decimal(m, c.wd.matrix.decimal)
	}
	return "–"
}

// groupRelations composes a line for each pair of groups with relations
// between them, in drawing order by their rounded mean, and its label.
func (c *composer) groupRelations(gs *groupStats, shapes []Circle) {
	var order []int
	for _, rating := range []graph.Rating{graph.Unrated, graph.High, graph.Middle, graph.Low} {
		for i := range gs.pairs {
			if gs.between[i].rating() == rating {
				order = append(order, i)
			}
		}
	}
	c.lines = c.newLines(len(order), c.v.size(badgeR))
	c.badgeOf = map[int]int{}
	lineOfPair := make([]int, len(gs.pairs))
	drawn := make([]drawnRelation, len(order))
	for k, i := range order {
		p, st := gs.pairs[i], gs.between[i]
		d, ok := c.lineBetween(shapes[p[0]], shapes[p[1]])
		if !ok {
			d = drawnRelation{x1: shapes[p[0]].X, y1: shapes[p[0]].Y, x2: shapes[p[1]].X, y2: shapes[p[1]].Y}
		}
		d.rating, d.st = st.rating(), ratingStyle(c.pal, st.rating())
		drawn[k] = d
		lineOfPair[i] = k
		c.lines.add(d.x1, d.y1, d.x2, d.y2, c.v.size(d.st.Width))
		c.groupLine(gs, i, d)
	}
	c.lineOf = func(id string) (int, bool) {
		for _, r := range c.m.Relations {
			if r.ID == id {
				if p, ok := gs.pair(r); ok {
					return lineOfPair[gs.pairOf[p]], true
				}
			}
		}
		return 0, false
	}
	// labels: Low first, so that the weakest are placed best
	for _, rating := range []graph.Rating{graph.Low, graph.Middle, graph.High, graph.Unrated} {
		for k, i := range order {
			if drawn[k].rating == rating {
				c.pairLabel(gs, i, k, drawn[k].st)
			}
		}
	}
}

// groupLine composes the line of a pair of groups.
func (c *composer) groupLine(gs *groupStats, i int, d drawnRelation) {
	it := &c.ly.relations
	if d.rating == graph.Low {
		it = &c.ly.low
	}
	p, st := gs.pairs[i], gs.between[i]
	a, b := gs.names[p[0]], gs.names[p[1]]
	cls := "rating-none"
	if d.rating.Rated() {
		cls = "rating-" + strconv.Itoa(int(d.rating))
	}
	la, lb := a, b
	if la == "" {
		la = c.wd.noGroup
	}
	if lb == "" {
		lb = c.wd.noGroup
	}
	*it = append(*it, &Group{Class: "relation group-relation " + cls,
		Title: fmt.Sprintf(c.wd.matrix.cellTitle, la, lb, c.meanWord(st), st.count, st.rated),
		Data: []Attr{{"a-group", a}, {"b-group", b}, {"mean", meanAttr(st)},
			{"count", strconv.Itoa(st.count)}, {"rated", strconv.Itoa(st.rated)}}})
	it.line(d.x1, d.y1, d.x2, d.y2, c.linePaint(d.st))
	it.end()
}

// pairLabel puts the label of pair i (drawn as line k) on its line.
func (c *composer) pairLabel(gs *groupStats, i, k int, st style) {
	text := c.meanText(gs.between[i])
	size := c.v.size(badgeSize)
	w, h := textWidth(text, size, true)+size, size*1.6
	x, y := c.lines.place(k, math.Hypot(w, h)/2)
	c.badgeOf[k] = len(c.lines.tags) - 1
	p := gs.pairs[i]
	c.ly.badges.begin("group-badge", Attr{"a-group", gs.names[p[0]]}, Attr{"b-group", gs.names[p[1]]})
	c.pill(&c.ly.badges, x, y, w, h, size, text, st)
	c.ly.badges.end()
}

// pill adds a rounded label in a rating's colours centred on (x, y).
func (c *composer) pill(it *items, x, y, w, h, size float64, text string, st style) {
	it.rect(x-w/2, y-h/2, w, h, h/2, Paint{Fill: st.Color, Stroke: "#ffffff", Width: max(h*0.08, 0.1)}, "badge")
	it.text(Text{X: x, Y: y + size*0.36, S: text, Size: size, Bold: true, Color: st.BadgeText, Anchor: AnchorMiddle, Class: "badge-text"})
}

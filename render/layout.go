package render

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// Design sizes, in diagram units on a 1920-wide canvas. Everything drawn
// inside the map area is multiplied by Geometry.Scale.
const (
	margin      = 48.0
	legendWidth = 330.0
	nameSize    = 24.0 // function names
	centreSize  = 26.0 // the centre function's name (bold)
	minRadius   = 58.0
	maxRadius   = 96.0 // the common radius of functions at most
	textPad     = 9.0
	circleGap   = 24.0
	badgeR      = 14.0
	badgeSize   = 17.0
	lineGap     = 4.0 // between a circle's outline and the end of a line
)

// grown is the canvas k times as wide and high, with the same texts.
func (c canvas) grown(k float64) canvas {
	if k == 1 {
		return c
	}
	c.w, c.h = math.Round(c.w*k), math.Round(c.h*k)
	c.wAttr = growAttr(c.wAttr, k)
	c.hAttr = growAttr(c.hAttr, k)
	return c
}

// growAttr multiplies an SVG length such as "1920" or "297mm" by k.
func growAttr(a string, k float64) string {
	num := strings.TrimRight(a, "abcdefghijklmnopqrstuvwxyz%")
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return a
	}
	return strconv.FormatFloat(math.Round(v*k), 'f', -1, 64) + a[len(num):]
}

type canvas struct {
	w, h       float64
	wAttr      string
	hAttr      string
	titleSize  float64
	taskSize   float64
	legendSize float64
}

func canvasFor(format Format) canvas {
	if format == FormatA4 {
		// A4 landscape, 297 × 210 mm, at 150 dpi
		return canvas{w: 1754, h: 1240, wAttr: "297mm", hAttr: "210mm", titleSize: 44, taskSize: 26, legendSize: 22}
	}
	return canvas{w: 1920, h: 1080, wAttr: "1920", hAttr: "1080", titleSize: 44, taskSize: 26, legendSize: 22}
}

// Compose places the map on a canvas with the given options and returns
// everything there is to draw. SVG and PNG draw from it. It returns an
// error unwrapping to graph.ErrInvalid when an option is not valid. The map
// should be valid (graph.Map.Validate); relations whose ends are missing are
// skipped rather than drawn.
func Compose(m *graph.Map, opt Options) (*Geometry, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults(m)
	var side *sidePanel
	if opt.Panel == PanelAttention {
		side = attentionPanel(m, opt)
	}
	return layout(m, opt, side)
}

// sidePanel is extra content in the right-hand column, below the legend:
// the attention panel or the comparison's summary. The column is widened
// for it. fill draws it once the map is placed, between top and bottom.
type sidePanel struct {
	fill func(g *Geometry, pal *palette, x, top, bottom, width float64)
}

// sideWidth is the width of the right-hand column with a side panel.
const sideWidth = 560.0

// Big maps do not fit the format's canvas at a readable size. Rather than
// shrink the circles and names below minScale, the canvas grows — by up to
// maxGrow in each direction, keeping the format's aspect ratio — into a
// poster with the header, legend and footer at their normal sizes in its
// corners. The placement is the one made for the normal canvas (remembered,
// so growing costs no second placement), drawn larger. A map that would
// stay below minGrownScale even on the largest canvas (hundreds of densely
// related functions) is not helped by a huge file and keeps the normal one.
const (
	minScale      = 0.6
	maxGrow       = 16.0
	minGrownScale = 0.25
)

// layout draws on the format's canvas, or on a grown one when the map would
// be drawn below minScale there.
func layout(m *graph.Map, opt Options, side *sidePanel) (*Geometry, error) {
	g, err := layoutAt(m, opt, side, 1, nil)
	if err != nil || g.Scale >= minScale || len(m.Functions) == 0 {
		return g, err
	}
	grow := min(maxGrow, minScale/g.Scale*1.001)
	if grow <= 1 || g.Scale*grow < minGrownScale {
		return g, nil
	}
	base := g.area
	return layoutAt(m, opt, side, grow, &base)
}

// layoutAt draws on the format's canvas grown by grow. base, when not nil,
// is the map area of the normal canvas: the placement is made (or
// remembered) for it and then fitted into the grown area.
func layoutAt(m *graph.Map, opt Options, side *sidePanel, grow float64, base *rect) (*Geometry, error) {
	pal := getPalette(opt.Palette)
	wd := vocab[opt.Lang]
	cv := canvasFor(opt.Format).grown(grow)

	g := &Geometry{
		Width: cv.w, Height: cv.h, WidthAttr: cv.wAttr, HeightAttr: cv.hAttr,
		Layout: opt.Layout, Options: opt, Paper: pal.paper, Scale: 1,
	}

	// header
	y := margin
	title := m.Title
	if title == "" {
		title = wd.defaultName
	}
	tw := truncate(wrapToWidth(title, cv.titleSize, cv.w-2*margin, true), 2, cv.w-2*margin)
	for _, l := range tw.Lines {
		y += cv.titleSize * 1.0
		g.Texts = append(g.Texts, TextItem{Text: l, X: margin, Y: rnd(y), Size: cv.titleSize, Bold: true, Color: pal.ink, Anchor: "start", Class: "title"})
		y += cv.titleSize * 0.2
	}
	if m.Task != "" {
		y += 6
		kw := truncate(wrapToWidth(m.Task, cv.taskSize, cv.w-2*margin, false), 2, cv.w-2*margin)
		for _, l := range kw.Lines {
			y += cv.taskSize
			g.Texts = append(g.Texts, TextItem{Text: l, X: margin, Y: rnd(y), Size: cv.taskSize, Color: pal.muted, Anchor: "start", Class: "task"})
			y += cv.taskSize * 0.25
		}
	}
	y += 16
	g.Rules = append(g.Rules, Rule{X1: margin, Y1: rnd(y), X2: cv.w - margin, Y2: rnd(y), Color: "#c8c8c8", Width: 1.5})
	areaTop := y + 20
	footerY := cv.h - 26
	areaBottom := cv.h - 64

	// footer: date and version, never the current time
	var foot []string
	if !m.UpdatedAt.IsZero() {
		t := m.UpdatedAt.UTC()
		if opt.Lang == graph.English {
			foot = append(foot, fmt.Sprintf("%s %d %s %d", wd.updated, t.Day(), wd.months[t.Month()-1], t.Year()))
		} else {
			foot = append(foot, fmt.Sprintf("%s %d. %s %d", wd.updated, t.Day(), wd.months[t.Month()-1], t.Year()))
		}
	}
	if m.Version > 0 {
		foot = append(foot, fmt.Sprintf("%s %d", wd.version, m.Version))
	}
	if len(foot) > 0 {
		g.Texts = append(g.Texts, TextItem{Text: strings.Join(foot, " · "), X: margin, Y: footerY, Size: 18, Color: pal.muted, Anchor: "start", Class: "footer"})
	}
	g.Texts = append(g.Texts, TextItem{Text: "Relationskort", X: cv.w - margin, Y: footerY, Size: 18, Color: pal.muted, Anchor: "end", Class: "footer"})

	// legend on the right; with a side panel the column is wider, the
	// legend's two parts stand side by side and the panel goes below
	groups, groupIndex := groupsOf(m)
	colW := legendWidth
	if side != nil {
		colW = sideWidth
	}
	legendX := cv.w - margin - colW
	legendBottom := g.legend(pal, wd, cv, legendX, areaTop, areaBottom, groups, side != nil)

	// the map area
	area := rect{x0: margin, y0: areaTop, x1: legendX - 40, y1: areaBottom}
	g.area = area
	placeArea := area
	if base != nil {
		placeArea = *base
	}
	if err := g.placeMap(m, opt, pal, wd, placeArea, area, groupIndex); err != nil {
		return nil, err
	}
	if side != nil {
		y := legendBottom + 30
		g.Rules = append(g.Rules, Rule{X1: legendX, Y1: rnd(y), X2: legendX + colW, Y2: rnd(y), Color: "#c8c8c8", Width: 1.5})
		side.fill(g, pal, legendX, y+10, areaBottom+20, colW)
	}
	g.Title = title
	g.Desc = describe(m, wd)
	return g, nil
}

type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// groupsOf lists the groups in order of first appearance ("" for functions
// without a group) and each function's group index.
func groupsOf(m *graph.Map) ([]string, map[string]int) {
	idx := map[string]int{}
	var groups []string
	for _, f := range m.Functions {
		if _, ok := idx[f.Group]; !ok {
			idx[f.Group] = len(groups)
			groups = append(groups, f.Group)
		}
	}
	return groups, idx
}

func groupColors(pal *palette, gi int) groupColor { return pal.groups[gi%len(pal.groups)] }

// legend draws the ratings' legend and the groups' below it, or beside it
// (wide), and returns the bottom of what it drew.
func (g *Geometry) legend(pal *palette, wd words, cv canvas, x, top, bottom float64, groups []string, wide bool) float64 {
	size := cv.legendSize
	y := top + size
	g.Texts = append(g.Texts, TextItem{Text: wd.relations, X: x, Y: y, Size: size, Bold: true, Color: pal.ink, Anchor: "start", Class: "legend"})
	y += 16
	for _, r := range []graph.Rating{graph.High, graph.Middle, graph.Low, graph.Unrated} {
		st := ratingStyle(pal, r)
		cy := y + 22
		sw := Swatch{Kind: "line", X1: x, Y1: cy, X2: x + 86, Y2: cy, Width: st.Width, Dash: st.Dash, Color: st.Color}
		if r.Rated() {
			sw.BadgeR, sw.BadgeText, sw.BadgeTextColor, sw.BadgeFontSize = badgeR, fmt.Sprint(int(r)), st.BadgeText, badgeSize
		}
		g.Swatches = append(g.Swatches, sw)
		g.Texts = append(g.Texts, TextItem{Text: wd.ratings[r], X: x + 104, Y: rnd(cy + size*0.36), Size: size, Color: pal.ink, Anchor: "start", Class: "legend"})
		y += 44
	}
	ratingsBottom := y
	if len(groups) == 0 || (len(groups) == 1 && groups[0] == "") {
		return ratingsBottom
	}
	labelW := legendWidth - 44
	if wide {
		// the groups beside the ratings, in at most as many rows
		x += 270
		labelW = sideWidth - 270 - 44
		y = top + size - 26
		bottom = min(bottom, y+26+12+float64(max(len(groups), 6))*38)
	}
	y += 26
	g.Texts = append(g.Texts, TextItem{Text: wd.groups, X: x, Y: y, Size: size, Bold: true, Color: pal.ink, Anchor: "start", Class: "legend"})
	y += 12
	row := 38.0
	fit := int((bottom - y) / row)
	for i, name := range groups {
		if i >= fit-1 && len(groups) > fit {
			g.Texts = append(g.Texts, TextItem{Text: fmt.Sprintf(wd.more, len(groups)-i), X: x, Y: rnd(y + row/2 + size*0.36), Size: size, Color: pal.muted, Anchor: "start", Class: "legend"})
			y += row
			break
		}
		gc := groupColors(pal, i)
		cy := y + row/2
		g.Swatches = append(g.Swatches, Swatch{Kind: "circle", CX: x + 14, CY: rnd(cy), R: 13, Fill: gc.Fill, Color: gc.Stroke, StrokeWidth: 2.5})
		label := name
		if label == "" {
			label = wd.noGroup
		}
		lw := truncate(wrapToWidth(label, size, labelW, false), 1, labelW)
		g.Texts = append(g.Texts, TextItem{Text: lw.Lines[0], X: x + 40, Y: rnd(cy + size*0.36), Size: size, Color: pal.ink, Anchor: "start", Class: "legend"})
		y += row
	}
	return max(y, ratingsBottom)
}

// placeMap lays the functions and relations out inside area. The placement
// is made for placeArea (the normal canvas's area) and, when area is
// another (a grown canvas), fitted into area afterwards.
func (g *Geometry) placeMap(m *graph.Map, opt Options, pal *palette, wd words, placeArea, area rect, groupIndex map[string]int) error {
	nf := len(m.Functions)
	index := make(map[string]int, nf)
	for i, f := range m.Functions {
		if _, dup := index[f.ID]; !dup {
			index[f.ID] = i
		}
	}
	blocks := make([]wrapped, nf)
	centre := -1
	for i, f := range m.Functions {
		if f.Center && centre < 0 {
			centre = i
		}
	}

	// the middle label: the task, when no function is the centre
	var middle *wrapped
	if centre < 0 {
		text := m.Task
		if nf == 0 {
			text = wd.noFunctions
		}
		if text != "" {
			w := truncate(wrapToWidth(text, nameSize, 300, false), 4, 300)
			middle = &w
		}
	}

	var p placer
	n := nf
	if middle != nil {
		n++
	}
	p.init(n)
	p.gap = circleGap
	p.lineMargin = badgeR + 8
	// one radius for every ordinary function: what most names need with
	// whole words at the design size; longer names get more lines or a
	// smaller font rather than a bigger circle
	var needs []float64
	for i, f := range m.Functions {
		if i != centre {
			needs = append(needs, fitInCircle(f.Name, nameSize, false, splitNever).circleRadius()+textPad)
		}
	}
	common := min(max(minRadius, percentile(needs, 0.8)), maxRadius)
	for i, f := range m.Functions {
		if i == centre {
			need := fitInCircle(f.Name, centreSize, true, splitNever).circleRadius() + textPad
			blocks[i], p.r[i] = fitName(f.Name, centreSize, true, min(max(common*1.2, need), common*1.6))
		} else {
			blocks[i], p.r[i] = fitName(f.Name, nameSize, false, common)
		}
		p.group[i] = groupIndex[f.Group]
		p.ids[i] = f.ID
	}
	p.centre = centre
	if middle != nil {
		p.r[nf] = max(minRadius, middle.circleRadius()+textPad)
		p.ids[nf] = middleID
		p.group[nf] = -1
		p.centre = nf
	}
	type rel struct {
		i    int // index in m.Relations
		a, b int
	}
	var rels []rel
	seen := map[[2]int]bool{}
	for i, r := range m.Relations {
		a, okA := index[r.A]
		b, okB := index[r.B]
		if !okA || !okB || a == b {
			continue
		}
		rels = append(rels, rel{i, a, b})
		if !seen[pairKey(a, b)] {
			seen[pairKey(a, b)] = true
			p.addEdge(a, b, 2*badgeR+16)
		}
	}

	// place, or take the placement of the same structure from memory
	key := placementKey(m, opt.Layout, placeArea, &p)
	pl, ok := placements.get(key)
	if !ok {
		pl = p.place(m, opt.Layout, placeArea, n)
		placements.put(key, pl)
	}
	p.x, p.y, p.r, p.shrink = pl.x, pl.y, pl.r, pl.shrink
	cx, cy, s := pl.cx, pl.cy, pl.s
	if area != placeArea {
		// only drawn below minScale in placeArea, so fit neither spreads
		// nor tightens the placement: it scales and centres it
		cx, cy, s = p.fit(area, opt.Layout)
	}
	g.Scale = s
	scaleR := s
	X := func(i int) float64 { return rnd(cx + p.x[i]*s) }
	Y := func(i int) float64 { return rnd(cy + p.y[i]*s) }

	for i, f := range m.Functions {
		gc := groupColors(pal, p.group[i])
		fs := FunctionShape{
			ID: f.ID, Name: f.Name, Group: f.Group, Center: i == centre,
			X: X(i), Y: Y(i), R: rnd(p.r[i] * scaleR),
			Fill: gc.Fill, Stroke: gc.Stroke, StrokeWidth: rnd(2.5 * s),
		}
		if i == centre {
			fs.Stroke, fs.StrokeWidth = pal.centre, rnd(5*s)
		}
		fs.Text = block(blocks[i], fs.X, fs.Y, s*p.shrink[i], pal.ink)
		g.Functions = append(g.Functions, fs)
	}
	if middle != nil {
		g.Middle = &MiddleLabel{X: X(nf), Y: Y(nf), R: rnd(p.r[nf] * s), Stroke: "#b4b4b4"}
		g.Middle.Text = block(*middle, g.Middle.X, g.Middle.Y, s*p.shrink[nf], pal.muted)
	}

	// relations, in drawing order: unrated, High, Middle, Low on top
	for _, order := range []graph.Rating{graph.Unrated, graph.High, graph.Middle, graph.Low} {
		for _, r := range rels {
			rr := m.Relations[r.i]
			if rr.Rating != order && !(order == graph.Unrated && !rr.Rating.Valid()) {
				continue
			}
			rating := rr.Rating
			if !rating.Valid() {
				rating = graph.Unrated
			}
			a, b := g.Functions[r.a], g.Functions[r.b]
			st := ratingStyle(pal, rating)
			dx, dy := b.X-a.X, b.Y-a.Y
			d := math.Hypot(dx, dy)
			if d < 1e-9 {
				continue
			}
			ux, uy := dx/d, dy/d
			ga, gb := a.R+lineGap*s, b.R+lineGap*s
			rs := RelationShape{
				ID: rr.ID, A: rr.A, B: rr.B, Rating: rating,
				X1: rnd(a.X + ux*ga), Y1: rnd(a.Y + uy*ga),
				X2: rnd(b.X - ux*gb), Y2: rnd(b.Y - uy*gb),
				Color: st.Color, Width: rnd(max(st.Width*s, 0.1)),
			}
			for _, v := range st.Dash {
				rs.Dash = append(rs.Dash, rnd(max(v*s, 0.1)))
			}
			if rating.Rated() {
				rs.BadgeX, rs.BadgeY = rnd((rs.X1+rs.X2)/2), rnd((rs.Y1+rs.Y2)/2)
				rs.BadgeR = rnd(max(badgeR*s, 0.1))
				rs.BadgeText = fmt.Sprint(int(rating))
				rs.BadgeTextColor = st.BadgeText
				rs.BadgeFontSize = rnd(max(badgeSize*s, 0.1))
			}
			g.Relations = append(g.Relations, rs)
		}
	}
	g.placeBadges()
	return nil
}

// percentile returns the value below which the share q of vs lie (the
// nearest rank); 0 for no values.
func percentile(vs []float64, q float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	k := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(k, len(s)-1))]
}

// block positions a wrapped text block centred on (x, y), scaled by s.
func block(w wrapped, x, y, s float64, color string) TextBlock {
	// sizes round down, so rounding never lets text outgrow its circle
	tb := TextBlock{Lines: w.Lines, X: x, Size: math.Floor(w.Size*s*100) / 100, Bold: w.Bold, Color: color}
	if tb.Size < 1 {
		// below a pixel nobody can read it, and rounding could push it out
		// of its circle; the name stays in the function's <title>
		tb.Lines = nil
		return tb
	}
	for _, b := range w.baselines() {
		tb.Baselines = append(tb.Baselines, rnd(y+b*s))
	}
	return tb
}

// placeManual keeps pinned functions where they are (their x, y are in the
// screen canvas's coordinates) and places the others around them.
func (p *placer) placeManual(m *graph.Map, area rect) {
	cx, cy := area.x0+area.w()/2, area.y0+area.h()/2
	fixed := make([]bool, p.n)
	pinned := false
	var sx, sy, ext float64
	npin := 0.0
	for i, f := range m.Functions {
		if f.Pinned() {
			fixed[i] = true
			pinned = true
			p.x[i], p.y[i] = *f.X-cx, *f.Y-cy
			p.mobility[i] = 0.05
			sx += p.x[i]
			sy += p.y[i]
			npin++
		}
	}
	if !pinned {
		p.placeForce(fixed, false)
		return
	}
	sx /= npin
	sy /= npin
	for i := range m.Functions {
		if fixed[i] {
			ext = max(ext, math.Hypot(p.x[i]-sx, p.y[i]-sy)+p.r[i])
		}
	}
	// unpinned ones, one by one, at the free spot of the area that is
	// clearest of circles and lines, near their pinned neighbours; the
	// middle label starts amid the pinned ones
	placed := append([]bool(nil), fixed...)
	hw, hh := area.w()/2, area.h()/2
	for i := 0; i < p.n; i++ {
		if fixed[i] {
			continue
		}
		var bx, by, k float64
		for _, e := range p.adj[i] {
			o := p.edges[e][0]
			if o == i {
				o = p.edges[e][1]
			}
			if placed[o] {
				bx += p.x[o]
				by += p.y[o]
				k++
			}
		}
		if k > 0 {
			bx, by = bx/k, by/k
		} else {
			bx, by = sx, sy
		}
		best := math.Inf(-1)
		step := max(p.r[i]/2, 20)
		for y := -hh + p.r[i]; y <= hh-p.r[i]; y += step {
			for x := -hw + p.r[i]; x <= hw-p.r[i]; x += step {
				clear := math.Inf(1)
				for j := 0; j < p.n; j++ {
					if placed[j] {
						clear = min(clear, math.Hypot(x-p.x[j], y-p.y[j])-p.r[j]-p.r[i]-p.gap)
					}
				}
				for _, e := range p.edges {
					if placed[e[0]] && placed[e[1]] {
						clear = min(clear, distPointSegment(x, y, p.x[e[0]], p.y[e[0]], p.x[e[1]], p.y[e[1]])-p.r[i]-p.lineMargin)
					}
				}
				score := min(clear, 80) - 0.15*math.Hypot(x-bx, y-by)
				if score > best {
					best = score
					p.x[i], p.y[i] = x, y
				}
			}
		}
		placed[i] = true
	}
}

// fit returns where the placement's origin goes on the canvas and the scale
// applied to it. Automatic layouts are spread (positions only) to fill the
// area and shrunk (positions and sizes) when they do not fit. Manual layouts
// keep the page's coordinates when they fit.
func (p *placer) fit(area rect, layout Layout) (cx, cy, s float64) {
	acx, acy := area.x0+area.w()/2, area.y0+area.h()/2
	if p.n == 0 {
		return acx, acy, 1
	}
	bbox := func(k float64) (x0, y0, x1, y1 float64) {
		x0, y0 = math.Inf(1), math.Inf(1)
		x1, y1 = math.Inf(-1), math.Inf(-1)
		for i := 0; i < p.n; i++ {
			x0 = min(x0, k*p.x[i]-p.r[i])
			x1 = max(x1, k*p.x[i]+p.r[i])
			y0 = min(y0, k*p.y[i]-p.r[i])
			y1 = max(y1, k*p.y[i]+p.r[i])
		}
		return
	}
	if layout == LayoutManual {
		x0, y0, x1, y1 := bbox(1)
		s = min(1, area.w()/(x1-x0), area.h()/(y1-y0))
		if s > 0.97 { // a hair too big: rather overhang the margin than move every pin
			s = 1
		}
		if s == 1 {
			// keep the page's coordinates, shifted only as far as needed
			dx := max(0, area.x0-(acx+x0)) - max(0, (acx+x1)-area.x1)
			dy := max(0, area.y0-(acy+y0)) - max(0, (acy+y1)-area.y1)
			return acx + dx, acy + dy, 1
		}
		return acx - s*(x0+x1)/2, acy - s*(y0+y1)/2, s
	}
	fits := func(k float64) bool {
		x0, y0, x1, y1 := bbox(k)
		return x1-x0 <= area.w() && y1-y0 <= area.h()
	}
	k := 1.0
	if layout == LayoutCircle {
		// the ring is already sized to the area: spreading it would move
		// every circle whenever one is added; keep the ring's centre in
		// the middle of the area when the ring fits
		x0, y0, x1, y1 := bbox(1)
		hw, hh := max(-x0, x1), max(-y0, y1)
		if 2*hw <= area.w() && 2*hh <= area.h() {
			return acx, acy, 1
		}
		// a little too big (repair pushed circles out): draw the ring a
		// little tighter rather than every circle and text smaller, when
		// the guarantees still hold
		if k := min(area.w()/(2*hw), area.h()/(2*hh)); k > 0.85 && p.n <= 150 {
			for i := 0; i < p.n; i++ {
				p.x[i] *= k * 0.999
				p.y[i] *= k * 0.999
			}
			if p.violation() <= 1 {
				return acx, acy, 1
			}
			for i := 0; i < p.n; i++ {
				p.x[i] /= k * 0.999
				p.y[i] /= k * 0.999
			}
		}
	}
	if fits(1) && layout != LayoutCircle {
		lo, hi := 1.0, 3.0
		for range 30 {
			mid := (lo + hi) / 2
			if fits(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		k = lo
	}
	for i := 0; i < p.n; i++ {
		p.x[i] *= k
		p.y[i] *= k
	}
	x0, y0, x1, y1 := bbox(1)
	s = min(1, area.w()/(x1-x0), area.h()/(y1-y0))
	return acx - s*(x0+x1)/2, acy - s*(y0+y1)/2, s
}

// describe is the map in words, for screen readers.
func describe(m *graph.Map, wd words) string {
	var counts [4]int
	for _, r := range m.Relations {
		if r.Rating.Valid() {
			counts[r.Rating]++
		}
	}
	s := wd.summary(len(m.Functions), len(m.Relations), counts)
	if m.Task != "" {
		s = m.Task + ". " + s
	}
	var low []string
	for _, r := range m.Relations {
		if r.Rating != graph.Low {
			continue
		}
		a, b := m.Function(r.A), m.Function(r.B)
		if a == nil || b == nil {
			continue
		}
		low = append(low, a.Name+" – "+b.Name)
		if len(low) == 20 {
			low = append(low, "…")
			break
		}
	}
	if len(low) > 0 {
		s += " " + wd.lowList + ": " + strings.Join(low, "; ") + "."
	}
	return s
}

// place positions the nodes for layout in area: the layout's own placement,
// then repair and the geometric guarantees, then the fit into the area.
func (p *placer) place(m *graph.Map, layout Layout, area rect, n int) placement {
	switch layout {
	case LayoutForce:
		p.placeForce(make([]bool, n), false)
	case LayoutManual:
		p.placeManual(m, area)
		// pins that touch (drawn smaller than the common radius, say) get
		// smaller circles rather than moved
		p.shrinkToFit()
	default:
		maxR := 0.0
		for i := 0; i < n; i++ {
			if i != p.centre {
				maxR = max(maxR, p.r[i])
			}
		}
		// a margin for repair, which may push circles outwards
		p.placeCircle(0.94*(area.w()/2-maxR-4), 0.94*(area.h()/2-maxR-4))
	}
	iters := 300
	if n > 100 {
		iters = 60
	}
	p.repair(iters)
	p.guarantee()
	cx, cy, s := p.fit(area, layout)
	return placement{x: p.x, y: p.y, r: p.r, shrink: p.shrink, cx: cx, cy: cy, s: s}
}

package render

import (
	"sync"
	"sync/atomic"
)

// The display list is what the compose stage produces and the draw stage
// translates: the whole picture as items in drawing order, with absolute
// coordinates in diagram units (origin top left, y down). It carries the
// meaning of what is drawn as structured metadata on groups (a class, data
// attributes, a title) rather than as SVG text, so that each output format
// decides how to express it: the SVG as <g> elements with attributes, the
// PNG not at all, a PDF as tags.

// List is one picture.
type List struct {
	// Width and Height are the canvas in diagram units (the SVG's viewBox).
	Width, Height float64
	// PaperW × PaperH in PaperUnit is the picture's physical size: "" for
	// diagram units (pixels on a screen), "mm" for paper.
	PaperW, PaperH float64
	PaperUnit      string
	// ID prefixes the ids of the title and description ("map" gives
	// map-title and map-desc); Class is the root element's class.
	ID, Class string
	Lang      string
	// Title and Desc are the accessible name and description.
	Title, Desc string
	Items       []Item
}

// An Item is one entry of a List: *Group and End bracket items that belong
// together, a *Layer holds items shared between drawings; the others are
// drawn.
type Item interface{ item() }

// Layer is a run of items that drawings share: the parts of a map that
// depend only on its structure (the header, the legend, the circles with
// their names), which a re-rated map draws again unchanged, and the line
// and badge of each relation that a re-rating left as they were. It is
// never changed once made, so a translator may remember what it made of
// it (see Layer.memo).
type Layer struct {
	Items []Item

	once    sync.Once
	svg     []byte
	svgSize atomic.Int64 // len(svg) once made, for size hints
}

// memo returns what make returns, made once per Layer: the SVG
// translator's output for the layer's items.
func (l *Layer) memo(make func() []byte) []byte {
	l.once.Do(func() {
		l.svg = make()
		l.svgSize.Store(int64(len(l.svg)))
	})
	return l.svg
}

// Flat returns the items of l with its layers' items in their places.
func (l *List) Flat() []Item {
	var out []Item
	var add func(its []Item)
	add = func(its []Item) {
		for _, it := range its {
			if ly, ok := it.(*Layer); ok {
				add(ly.Items)
				continue
			}
			out = append(out, it)
		}
	}
	add(l.Items)
	return out
}

// Group begins a group of items, which ends at the matching End. Groups
// nest.
type Group struct {
	Class string
	Data  []Attr // data attributes, in order
	Title string // what the group is, in words; "" for none
	// Opacity below 1 draws the whole group faint; 0 means 1.
	Opacity float64
}

// Attr is a data attribute: Name without the "data-" prefix.
type Attr struct{ Name, Value string }

// End ends the innermost open Group.
type End struct{}

// Paint is how a shape is filled and outlined; empty colours draw nothing.
type Paint struct {
	Fill, Stroke string    // "#rrggbb" or ""
	Width        float64   // of the outline
	Dash         []float64 // on, off, … lengths of a dashed outline; nil for solid
}

// Point is a position: in diagram units on a List, in the reference frame
// in Drawing.Positions and Options.Prev.
type Point struct{ X, Y float64 }

// Circle is a circle centred on X, Y.
type Circle struct {
	X, Y, R float64
	Paint   Paint
	Class   string
}

// Line is a straight stroked line with butt ends (Paint.Fill unused).
type Line struct {
	X1, Y1, X2, Y2 float64
	Paint          Paint
}

// Rect is a rectangle with its top left corner at X, Y and corners rounded
// by Rx.
type Rect struct {
	X, Y, W, H, Rx float64
	Paint          Paint
	Class          string
}

// Polygon is a filled closed polygon.
type Polygon struct {
	Points []Point
	Paint  Paint
}

// Anchor is where a text's X lies: at its start, middle or end.
type Anchor uint8

// The anchors.
const (
	AnchorStart Anchor = iota
	AnchorMiddle
	AnchorEnd
)

// Text is one line of text with its baseline at Y.
type Text struct {
	X, Y         float64
	S            string
	Size         float64
	Bold, Italic bool
	Color        string
	Anchor       Anchor
	Class        string
	// Rotate turns the text about X, Y by degrees, clockwise on screen.
	Rotate float64
}

func (*Layer) item()   {}
func (*Group) item()   {}
func (End) item()      {}
func (*Circle) item()  {}
func (*Line) item()    {}
func (*Rect) item()    {}
func (*Polygon) item() {}
func (*Text) item()    {}

// items builds an item slice; its methods append one item each and round
// coordinates, so that output does not depend on the last bits of floating
// point.
type items []Item

func (it *items) begin(class string, data ...Attr) *Group {
	g := &Group{Class: class, Data: data}
	*it = append(*it, g)
	return g
}

func (it *items) end() { *it = append(*it, End{}) }

// group appends inner wrapped in a group; with nothing inside it appends
// an empty group all the same when keep is true.
func (it *items) group(g *Group, inner []Item, keep bool) {
	if len(inner) == 0 && !keep {
		return
	}
	*it = append(*it, g)
	*it = append(*it, inner...)
	*it = append(*it, End{})
}

func (it *items) circle(x, y, r float64, p Paint, class string) {
	*it = append(*it, &Circle{X: rnd(x), Y: rnd(y), R: rnd(r), Paint: p.rounded(), Class: class})
}

func (it *items) line(x1, y1, x2, y2 float64, p Paint) {
	*it = append(*it, &Line{X1: rnd(x1), Y1: rnd(y1), X2: rnd(x2), Y2: rnd(y2), Paint: p.rounded()})
}

func (it *items) rect(x, y, w, h, rx float64, p Paint, class string) {
	*it = append(*it, &Rect{X: rnd(x), Y: rnd(y), W: rnd(w), H: rnd(h), Rx: rnd(rx), Paint: p.rounded(), Class: class})
}

func (it *items) polygon(pts []Point, p Paint) {
	out := make([]Point, len(pts))
	for i, q := range pts {
		out[i] = Point{rnd(q.X), rnd(q.Y)}
	}
	*it = append(*it, &Polygon{Points: out, Paint: p.rounded()})
}

func (it *items) text(t Text) {
	t.X, t.Y, t.Size = rnd(t.X), rnd(t.Y), rnd(t.Size)
	*it = append(*it, &t)
}

func (p Paint) rounded() Paint {
	p.Width = rnd(p.Width)
	if len(p.Dash) > 0 {
		d := make([]float64, len(p.Dash))
		for i, v := range p.Dash {
			d[i] = rnd(max(v, 0.1))
		}
		p.Dash = d
	}
	return p
}

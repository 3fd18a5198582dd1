package render

import (
	"github.com/relationskort/relationskort/graph"
)

// Geometry is a map laid out on a canvas: everything the SVG and the PNG
// draw, with absolute coordinates in diagram units (the SVG's viewBox; the
// PNG scales it). SVG and PNG are both drawn from one Geometry, so they
// agree.
type Geometry struct {
	Width, Height float64 // the canvas (viewBox)
	// WidthAttr and HeightAttr are the SVG's width and height, with unit.
	WidthAttr, HeightAttr string
	Layout                Layout // the layout used: circle, force or manual
	Options               Options
	Paper                 string // background colour

	// Scale is the factor applied to the design sizes (fonts, strokes) to
	// fit the map on the canvas; 1 for maps of ordinary size.
	Scale float64

	Functions []FunctionShape // in map order
	Relations []RelationShape // in drawing order: unrated, High, Middle, Low
	Middle    *MiddleLabel    // the task written in the middle, if any
	Texts     []TextItem      // header, legend and footer texts
	Swatches  []Swatch        // legend samples
	Rules     []Rule          // separator lines
	Markers   []Marker        // numbered or change tags, above the badges
	Ghosts    []Ghost         // removed relations (comparison view)

	// area is the map area on the canvas.
	area rect

	// lines places badges and markers on relation lines, clear of each
	// other and of crossings.
	lines *linePlacer

	// Title and Desc are the accessible name and description.
	Title, Desc string
}

// FunctionShape is one function's circle and its name.
type FunctionShape struct {
	ID, Name, Group string
	Center          bool
	X, Y, R         float64
	Fill, Stroke    string
	StrokeWidth     float64
	Text            TextBlock
}

// RelationShape is one relation's line, drawn between the circles' edges,
// with the rating's badge at its middle.
type RelationShape struct {
	ID             string
	A, B           string // function ids
	Rating         graph.Rating
	X1, Y1, X2, Y2 float64
	Color          string
	Width          float64
	Dash           []float64
	// Badge, when BadgeR > 0, is a circle at (BadgeX, BadgeY) with the
	// rating's number.
	BadgeX, BadgeY, BadgeR float64
	BadgeText              string
	BadgeTextColor         string
	BadgeFontSize          float64
}

// MiddleLabel is the map's task written in the middle when no function is
// the centre.
type MiddleLabel struct {
	X, Y, R float64
	Stroke  string
	Text    TextBlock
}

// TextBlock is lines of text centred on X; each line's baseline is given.
type TextBlock struct {
	Lines     []string
	X         float64
	Baselines []float64
	Size      float64
	Bold      bool
	Color     string
}

// TextItem is one line of text with its anchor: "start", "middle" or "end".
type TextItem struct {
	Text   string
	X, Y   float64 // Y is the baseline
	Size   float64
	Bold   bool
	Italic bool
	Color  string
	Anchor string
	Class  string
}

// Swatch is a legend sample: a line (with optional badge) for a rating, or a
// filled circle for a group.
type Swatch struct {
	Kind string // "line" or "circle"
	// line
	X1, Y1, X2, Y2 float64
	Width          float64
	Dash           []float64
	BadgeR         float64
	BadgeText      string
	BadgeTextColor string
	BadgeFontSize  float64
	// circle
	CX, CY, R   float64
	Fill        string
	StrokeWidth float64
	Color       string // line colour or circle outline
}

// Rule is a thin separator line.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Color          string
	Width          float64
}

// Marker is a small labelled tag on a relation line or in the side panel:
// the numbers of the ties for leadership attention (a dark square), or a
// change in the comparison view (an arrow and the old and new rating).
type Marker struct {
	RelationID string // the relation it marks; "" in the panel
	Class      string // "attention" or "change change-<kind>"
	Kind       string // for changes: improved, worsened, added, rated, unrated
	X, Y       float64
	W, H       float64 // the box, centred on X, Y
	Text       string
	FontSize   float64
	Fill       string
	Stroke     string
	TextColor  string
	// Arrow draws a triangle before the text: 1 up (better), -1 down
	// (worse), 0 none.
	Arrow int
}

// Ghost is a relation of the earlier map that is gone from the later one,
// drawn faint under everything in the comparison view.
type Ghost struct {
	A, B           string
	X1, Y1, X2, Y2 float64
	Color          string
	Width          float64
	Dash           []float64
}

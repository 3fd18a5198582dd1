package render

import (
	"bytes"
	"io"
	"sync"
	"sync/atomic"

	"github.com/relationskort/relationskort/graph"
)

// Renderer draws maps. It owns the memory of what drawing computes from a
// map's structure and text — wrapped names, placements — so that drawing
// the same map again, re-rated or in another format, costs little. Create
// one with NewRenderer and share it: it is safe for concurrent use.
type Renderer struct {
	cache *cache
	// placer is a line placer (lineplace.go) that a drawing done with it
	// gave back, so that the next drawing reuses its memory; nil when
	// none is spare
	placer atomic.Pointer[linePlacer]
}

// DefaultCacheBytes is the cache budget of the Renderer behind the
// package-level functions.
const DefaultCacheBytes = 32 << 20

// NewRenderer returns a Renderer whose cache holds about cacheBytes bytes,
// evicting the least recently used entries beyond that.
func NewRenderer(cacheBytes int64) *Renderer {
	return &Renderer{cache: newCache(max(cacheBytes, 0))}
}

// defaultRenderer serves the package-level functions; it is made on first
// use.
var defaultRenderer = sync.OnceValue(func() *Renderer { return NewRenderer(DefaultCacheBytes) })

// Drawing is a composed map: the display list, and where the functions
// went.
type Drawing struct {
	// List is the picture, which SVG and PNG translate.
	List *List
	// Positions are the centres the functions were placed at, by function
	// id, in the reference frame: the map area of the screen format
	// (refW × refH, origin at its top left), whatever the format, panel
	// and canvas drawn. Give them back as Options.Prev to keep the map in
	// place. Nil when the map is drawn by group.
	Positions map[string]Point
	// Scale is the placement's scale of the circles (1 at full size) that
	// goes with Positions: give it back as Options.PrevScale. 0 when the
	// map is drawn by group.
	Scale float64
	// Detail is how the map was drawn: DetailFull or DetailGroups.
	Detail Detail
	// LabelSize is the font size of ordinary function names (group names
	// when drawn by group) in canvas units; 0 when there are none.
	LabelSize float64
}

// Compose lays the map out with the given options and returns the
// drawing. It returns an error unwrapping to graph.ErrInvalid when an
// option is not valid. The map should be valid (graph.Map.Validate);
// relations whose ends are missing are skipped rather than drawn.
func (r *Renderer) Compose(m *graph.Map, opt Options) (*Drawing, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults(m)
	var side *sidePanel
	if opt.Panel == PanelAttention {
		side = attentionPanel(m, opt)
	}
	return r.composeMap(m, opt, side)
}

// SVG writes the map as a standalone SVG 1.1 document (see the package
// documentation for what it holds). The same map, options and remembered
// positions give the same bytes. It returns an error unwrapping to
// graph.ErrInvalid for a bad option, or the error of w.
func (r *Renderer) SVG(w io.Writer, m *graph.Map, opt Options) error {
	d, err := r.Compose(m, opt)
	if err != nil {
		return err
	}
	return d.List.WriteSVG(w)
}

// PNG writes the map as a PNG image drawn from the same display list as
// SVG, at one pixel per diagram unit (1920 × 1080 for the screen format)
// up to maxPNGWidth pixels wide, with the Go fonts. It returns an error
// unwrapping to graph.ErrInvalid for a bad option, or the error of w.
func (r *Renderer) PNG(w io.Writer, m *graph.Map, opt Options) error {
	d, err := r.Compose(m, opt)
	if err != nil {
		return err
	}
	return d.List.WritePNG(w)
}

// WriteSVG writes l as a standalone SVG 1.1 document. svgo drops write
// errors, so it draws into memory and then copies to w, returning w's
// error; a *bytes.Buffer (what the api and the command line give), which
// cannot fail, it draws into directly, saving the copy.
func (l *List) WriteSVG(w io.Writer) error {
	if b, ok := w.(*bytes.Buffer); ok {
		b.Grow(svgSizeHint(l.Items))
		writeSVG(b, l)
		return nil
	}
	var buf bytes.Buffer
	buf.Grow(svgSizeHint(l.Items))
	writeSVG(&buf, l)
	_, err := buf.WriteTo(w)
	return err
}

// Compose is Renderer.Compose with the package's default Renderer.
func Compose(m *graph.Map, opt Options) (*Drawing, error) { return defaultRenderer().Compose(m, opt) }

// SVG is Renderer.SVG with the package's default Renderer.
func SVG(w io.Writer, m *graph.Map, opt Options) error { return defaultRenderer().SVG(w, m, opt) }

// PNG is Renderer.PNG with the package's default Renderer.
func PNG(w io.Writer, m *graph.Map, opt Options) error { return defaultRenderer().PNG(w, m, opt) }

// MatrixSVG is Renderer.MatrixSVG with the package's default Renderer.
func MatrixSVG(w io.Writer, m *graph.Map, by string, opt Options) error {
	return defaultRenderer().MatrixSVG(w, m, by, opt)
}

// CompareSVG is Renderer.CompareSVG with the package's default Renderer.
func CompareSVG(w io.Writer, before, after *graph.Map, opt Options) error {
	return defaultRenderer().CompareSVG(w, before, after, opt)
}

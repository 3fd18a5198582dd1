package render

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"sort"
	"strconv"

	"github.com/relationskort/relationskort/graph"
)

// Layout is how the functions are placed.
type Layout string

// The layouts.
const (
	LayoutCircle Layout = "circle"
	LayoutForce  Layout = "force"
	LayoutManual Layout = "manual"
)

// Palette is the set of colours.
type Palette string

// The palettes.
const (
	PaletteTraffic    Palette = "traffic"
	PaletteColorblind Palette = "colorblind"
	PalettePrint      Palette = "print"
)

// Format is the canvas.
type Format string

// The formats.
const (
	FormatScreen Format = "screen" // 16:9, 1920×1080
	FormatA4     Format = "a4"     // A4 landscape
)

// Detail is how much of a map is drawn.
type Detail string

// The levels of detail.
const (
	// DetailAuto draws every function when the labels stay readable (see
	// minLabel), and by group otherwise.
	DetailAuto Detail = "auto"
	// DetailFull draws every function, on a canvas as large as the labels
	// need.
	DetailFull Detail = "full"
	// DetailGroups draws one circle per group.
	DetailGroups Detail = "groups"
)

// Panel is an optional side panel.
type Panel string

// PanelAttention lists the weakest ties for leadership attention.
const PanelAttention Panel = "attention"

// Options choose how a map is drawn. The zero value is valid: Layout ""
// means manual when any function is pinned and force (the network layout)
// otherwise, and the other empty fields take their defaults (traffic,
// screen, da, auto).
type Options struct {
	Layout  Layout
	Palette Palette
	Format  Format
	Lang    graph.Lang
	// Panel adds a side panel: "attention" lists the weakest ties for
	// leadership attention (graph.Analyze) with their reasons and the
	// score, numbered, with the same numbers on the map. "" for none.
	Panel  Panel
	Detail Detail
	// Prev are the remembered positions of the map's functions, by
	// function id, in the reference frame (see Drawing.Positions): the
	// positions a previous drawing returned. The placement keeps them as
	// far as it can, so that the map stays put; nil lays the map out
	// afresh. Remember them per layout: positions from the ring given to
	// the network layout keep the ring. They are part of Key.
	Prev map[string]Point
	// PrevScale is the Drawing.Scale that came with Prev: the placement
	// keeps it (lowered only if circles would overlap), so that circles and
	// names do not grow or shrink as functions come and go. 0 if unknown.
	PrevScale float64
	// Round are the results of a closed rating round (map.svg?round=):
	// with it the map (which should be graph.RoundMap of it) is drawn with
	// the round's marks, disputed and one-sided ties, and their legend.
	// Nil for none. Its round's id is part of Key.
	Round *graph.RoundResults
}

// ParseOptions reads the options from named values, such as URL query
// parameters or command-line flags: layout, palette, format, lang, panel and
// detail. A
// missing or empty value takes the default. It returns an error that
// unwraps to graph.ErrInvalid and names the parameter when a value is not
// one of the allowed ones. This is the one place where options are parsed.
func ParseOptions(get func(string) string) (Options, error) {
	lang, err := graph.ParseLang(get("lang"))
	if err != nil {
		return Options{}, err
	}
	opt := Options{
		Layout:  Layout(get("layout")),
		Palette: Palette(get("palette")),
		Format:  Format(get("format")),
		Lang:    lang,
		Panel:   Panel(get("panel")),
		Detail:  Detail(get("detail")),
	}
	if err := opt.validate(); err != nil {
		return Options{}, err
	}
	return opt.withDefaults(nil), nil
}

// Key is a canonical form of the options, for cache keys and entity tags:
// equal options give equal keys. The remembered positions are part of it as
// a digest.
func (o Options) Key() string {
	k := string(o.Layout) + "|" + string(o.Palette) + "|" + string(o.Format) + "|" + string(o.Lang) + "|" + string(o.Panel) + "|" + string(o.Detail)
	if len(o.Prev) > 0 {
		k += "|" + prevDigest(o.Prev) + "|" + strconv.FormatFloat(o.PrevScale, 'g', -1, 64)
	}
	if o.Round != nil {
		k += "|round=" + o.Round.Round.ID
	}
	return k
}

// prevDigest is a short digest of remembered positions, in id order.
func prevDigest(prev map[string]Point) string {
	ids := make([]string, 0, len(prev))
	for id := range prev {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	h := sha256.New()
	var buf [8]byte
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
		for _, v := range []float64{prev[id].X, prev[id].Y} {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			h.Write(buf[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// For returns o with every empty field filled as Compose fills it for m:
// the layout the map is drawn in (manual when a function is pinned), the
// palette, format, language and detail.
func (o Options) For(m *graph.Map) Options { return o.withDefaults(m) }

// withDefaults fills empty fields. The layout default depends on the map
// (manual when any function is pinned), so it is only filled when m is not
// nil.
func (o Options) withDefaults(m *graph.Map) Options {
	if o.Palette == "" {
		o.Palette = PaletteTraffic
	}
	if o.Format == "" {
		o.Format = FormatScreen
	}
	if o.Lang == "" {
		o.Lang = graph.Danish
	}
	if o.Detail == "" {
		o.Detail = DetailAuto
	}
	if o.Layout == "" && m != nil {
		o.Layout = LayoutForce
		for i := range m.Functions {
			if m.Functions[i].Pinned() {
				o.Layout = LayoutManual
				break
			}
		}
	}
	return o
}

func (o Options) validate() error {
	switch o.Layout {
	case "", LayoutCircle, LayoutForce, LayoutManual:
	default:
		return graph.Invalid("layout", "must be one of circle, force, manual")
	}
	switch o.Palette {
	case "", PaletteTraffic, PaletteColorblind, PalettePrint:
	default:
		return graph.Invalid("palette", "must be one of traffic, colorblind, print")
	}
	switch o.Format {
	case "", FormatScreen, FormatA4:
	default:
		return graph.Invalid("format", "must be one of screen, a4")
	}
	if _, err := graph.ParseLang(string(o.Lang)); err != nil {
		return err
	}
	switch o.Panel {
	case "", PanelAttention:
	default:
		return graph.Invalid("panel", "must be attention or empty")
	}
	switch o.Detail {
	case "", DetailAuto, DetailFull, DetailGroups:
	default:
		return graph.Invalid("detail", "must be one of auto, full, groups")
	}
	return nil
}

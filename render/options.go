package render

import (
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

// Panel is an optional side panel.
type Panel string

// PanelAttention lists the weakest ties for leadership attention.
const PanelAttention Panel = "attention"

// Options choose how a map is drawn. The zero value is valid: Layout ""
// means manual when any function is pinned and circle otherwise, and the
// other empty fields take their defaults (traffic, screen, da).
type Options struct {
	Layout  Layout
	Palette Palette
	Format  Format
	Lang    graph.Lang
	// Panel adds a side panel: "attention" lists the weakest ties for
	// leadership attention (graph.Analyze) with their reasons and the
	// score, numbered, with the same numbers on the map. "" for none.
	Panel Panel
	Round *graph.RoundResults // results of a closed rating round (map.svg?round=), for its marks; nil for none
}

// ParseOptions reads the options from named values, such as URL query
// parameters or command-line flags: layout, palette, format, lang and panel. A
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
	}
	if err := opt.validate(); err != nil {
		return Options{}, err
	}
	return opt.withDefaults(nil), nil
}

// Key is a canonical form of the options, for cache keys and entity tags:
// equal options give equal keys.
func (o Options) Key() string {
	return string(o.Layout) + "|" + string(o.Palette) + "|" + string(o.Format) + "|" + string(o.Lang) + "|" + string(o.Panel)
}

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
	if o.Layout == "" && m != nil {
		o.Layout = LayoutCircle
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
	return nil
}

package render

import (
	"github.com/relationskort/relationskort/graph"
)

// Layout names.
const (
	LayoutCircle = "circle"
	LayoutForce  = "force"
	LayoutManual = "manual"
)

// Palette names.
const (
	PaletteTraffic    = "traffic"
	PaletteColorblind = "colorblind"
	PalettePrint      = "print"
)

// Format names.
const (
	FormatScreen = "screen" // 16:9, 1920×1080
	FormatA4     = "a4"     // A4 landscape
)

// Panel names.
const PanelAttention = "attention"

// Languages of the diagram's fixed words (legend, footer).
const (
	LangDanish  = "da"
	LangEnglish = "en"
)

// Options choose how a map is drawn. The zero value is valid: Layout ""
// means manual when any function is pinned and circle otherwise, and the
// other empty fields take their defaults (traffic, screen, da).
type Options struct {
	Layout  string
	Palette string
	Format  string
	Lang    string
	// Panel adds a side panel: "attention" lists the weakest ties for
	// leadership attention (graph.Analyze) with their reasons and the
	// score, numbered, with the same numbers on the map. "" for none.
	Panel string
}

// ParseOptions reads the options from named values, such as URL query
// parameters or command-line flags: layout, palette, format, lang and panel. A
// missing or empty value takes the default. It returns an error that
// unwraps to graph.ErrInvalid and names the parameter when a value is not
// one of the allowed ones.
func ParseOptions(get func(string) string) (Options, error) {
	var opt Options
	fields := []struct {
		name    string
		dst     *string
		allowed []string
		message string
	}{
		{"layout", &opt.Layout, []string{LayoutCircle, LayoutForce, LayoutManual}, "must be one of circle, force, manual"},
		{"palette", &opt.Palette, []string{PaletteTraffic, PaletteColorblind, PalettePrint}, "must be one of traffic, colorblind, print"},
		{"format", &opt.Format, []string{FormatScreen, FormatA4}, "must be one of screen, a4"},
		{"lang", &opt.Lang, []string{LangDanish, LangEnglish}, "must be one of da, en"},
		{"panel", &opt.Panel, []string{PanelAttention}, "must be attention or empty"},
	}
	for _, f := range fields {
		v := get(f.name)
		if v == "" {
			continue
		}
		ok := false
		for _, a := range f.allowed {
			if v == a {
				ok = true
				break
			}
		}
		if !ok {
			return Options{}, graph.Invalid(f.name, "%s", f.message)
		}
		*f.dst = v
	}
	return opt.withDefaults(nil), nil
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
		o.Lang = LangDanish
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
	switch o.Lang {
	case "", LangDanish, LangEnglish:
	default:
		return graph.Invalid("lang", "must be one of da, en")
	}
	switch o.Panel {
	case "", PanelAttention:
	default:
		return graph.Invalid("panel", "must be attention or empty")
	}
	return nil
}

package render

import (
	"github.com/relationskort/relationskort/graph"
)

// style is how one rating is drawn: the line colour, its width and dash
// pattern (in diagram units at full scale), and the badge colours.
type style struct {
	Color     string
	Width     float64
	Dash      []float64 // nil for a solid line
	BadgeText string    // colour of the number in the badge
}

// palette holds the colours of one palette.
type palette struct {
	ratings [4]string // indexed by graph.Rating
	badge   [4]string // text colour on a badge of that rating
	groups  []groupColor
	centre  string // outline of the centre function
	ink     string // main text
	muted   string // secondary text
	paper   string // background
}

type groupColor struct{ Fill, Stroke string }

var palettes = map[Palette]*palette{
	// traffic: green, amber, red as on the paper template.
	PaletteTraffic: {
		ratings: [4]string{"#8a8f98", "#1e8c3a", "#e0a100", "#d42020"},
		badge:   [4]string{"#ffffff", "#ffffff", "#1a1a1a", "#ffffff"},
		groups: []groupColor{
			{"#dce9f7", "#4a78b0"}, {"#ece1f7", "#7d56a8"}, {"#d9f0ee", "#2f8a83"},
			{"#f7e3d3", "#a8643a"}, {"#f5dbe8", "#a84877"}, {"#e6e6e6", "#6b6b6b"},
			{"#e3ecd2", "#5f7a2e"}, {"#d6e4f0", "#35607f"}, {"#f2ecd0", "#8a7630"},
			{"#e4dcea", "#5e4a73"},
		},
		centre: "#1a1a1a", ink: "#1a1a1a", muted: "#4d4d4d", paper: "#ffffff",
	},
	// colorblind: the Okabe–Ito colours, which stay apart under protanopia,
	// deuteranopia and tritanopia (blue, orange, vermillion differ in
	// lightness as well as hue).
	PaletteColorblind: {
		ratings: [4]string{"#8a8f98", "#0072b2", "#e69f00", "#d55e00"},
		badge:   [4]string{"#ffffff", "#ffffff", "#1a1a1a", "#ffffff"},
		groups: []groupColor{
			{"#d4e9f7", "#2f6f9f"}, {"#fbe9c6", "#9a6a00"}, {"#d3efe6", "#00785a"},
			{"#f3dcea", "#9a4f7c"}, {"#e6e6e6", "#5a5a5a"}, {"#f9f3c4", "#8a7d00"},
			{"#dde3f2", "#3f4f8a"}, {"#f6ddd0", "#a04a1a"},
		},
		centre: "#1a1a1a", ink: "#1a1a1a", muted: "#4d4d4d", paper: "#ffffff",
	},
	// print: greys that survive a photocopier; Low is the darkest line.
	PalettePrint: {
		ratings: [4]string{"#9a9a9a", "#555555", "#555555", "#000000"},
		badge:   [4]string{"#ffffff", "#ffffff", "#ffffff", "#ffffff"},
		groups: []groupColor{
			{"#ffffff", "#333333"}, {"#e8e8e8", "#333333"}, {"#d0d0d0", "#333333"},
			{"#f4f4f4", "#333333"}, {"#dcdcdc", "#333333"},
		},
		centre: "#000000", ink: "#000000", muted: "#333333", paper: "#ffffff",
	},
}

func getPalette(name Palette) *palette {
	if p, ok := palettes[name]; ok {
		return p
	}
	return palettes[PaletteTraffic]
}

// RatingColor returns the colour, as "#rrggbb", that the palette gives a
// rating, so that other export formats (DOT, GraphML, GEXF) can use the
// diagram's colours. An unknown palette is treated as traffic, and an
// invalid rating as unrated.
func RatingColor(paletteName Palette, r graph.Rating) string {
	p := getPalette(paletteName)
	if !r.Valid() {
		r = graph.Unrated
	}
	return p.ratings[r]
}

// ratingStyle returns how a rating is drawn: High solid, Middle medium,
// Low thick and dashed, unrated thin grey dotted.
func ratingStyle(p *palette, r graph.Rating) style {
	s := style{Color: p.ratings[r], BadgeText: p.badge[r]}
	switch r {
	case graph.High:
		s.Width = 3.5
	case graph.Middle:
		s.Width = 6
	case graph.Low:
		s.Width = 9
		s.Dash = []float64{20, 10}
	default:
		s.Width = 2.5
		s.Dash = []float64{2, 7}
	}
	return s
}

package render

import (
	"hash/fnv"
	"sort"

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
	noGroup groupColor // functions without a group
	centre  string     // outline of the centre function
	ink     string     // main text
	muted   string     // secondary text
	paper   string     // background
	// halo is the band under a disputed relation of a rating round: light,
	// so that the line on it keeps its colour, and apart from every
	// rating's colour.
	halo string
}

type groupColor struct{ Fill, Stroke string }

var palettes = map[Palette]*palette{
	// traffic: green, amber, red as on the paper template.
	PaletteTraffic: {
		ratings: [4]string{"#8a8f98", "#1e8c3a", "#e0a100", "#d42020"},
		badge:   [4]string{"#ffffff", "#ffffff", "#1a1a1a", "#ffffff"},
		groups: []groupColor{
			{"#dce9f7", "#4a78b0"}, {"#ece1f7", "#7d56a8"}, {"#d9f0ee", "#2f8a83"},
			{"#f7e3d3", "#a8643a"}, {"#f5dbe8", "#a84877"},
			{"#e3ecd2", "#5f7a2e"}, {"#d6e4f0", "#35607f"}, {"#f2ecd0", "#8a7630"},
			{"#e4dcea", "#5e4a73"},
		},
		noGroup: groupColor{"#e6e6e6", "#6b6b6b"},
		centre:  "#1a1a1a", ink: "#1a1a1a", muted: "#4d4d4d", paper: "#ffffff",
		halo: "#d3c0ec",
	},
	// colorblind: the Okabe–Ito colours, which stay apart under protanopia,
	// deuteranopia and tritanopia (blue, orange, vermillion differ in
	// lightness as well as hue).
	PaletteColorblind: {
		ratings: [4]string{"#8a8f98", "#0072b2", "#e69f00", "#d55e00"},
		badge:   [4]string{"#ffffff", "#ffffff", "#1a1a1a", "#ffffff"},
		groups: []groupColor{
			{"#d4e9f7", "#2f6f9f"}, {"#fbe9c6", "#9a6a00"}, {"#d3efe6", "#00785a"},
			{"#f3dcea", "#9a4f7c"}, {"#f9f3c4", "#8a7d00"},
			{"#dde3f2", "#3f4f8a"}, {"#f6ddd0", "#a04a1a"},
		},
		noGroup: groupColor{"#e6e6e6", "#5a5a5a"},
		centre:  "#1a1a1a", ink: "#1a1a1a", muted: "#4d4d4d", paper: "#ffffff",
		halo: "#ecc8dc", // Okabe–Ito's reddish purple, light
	},
	// print: greys that survive a photocopier; Low is the darkest line.
	PalettePrint: {
		ratings: [4]string{"#9a9a9a", "#555555", "#555555", "#000000"},
		badge:   [4]string{"#ffffff", "#ffffff", "#ffffff", "#ffffff"},
		groups: []groupColor{
			{"#e8e8e8", "#333333"}, {"#d0d0d0", "#333333"},
			{"#f4f4f4", "#333333"}, {"#dcdcdc", "#333333"},
		},
		noGroup: groupColor{"#ffffff", "#333333"},
		centre:  "#000000", ink: "#000000", muted: "#333333", paper: "#ffffff",
		halo: "#cfcfcf",
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

// groupNames are the names of m's groups, sorted, "" (no group) included
// when a function has none.
func groupNames(m *graph.Map) []string {
	seen := map[string]bool{}
	var names []string
	for _, f := range m.Functions {
		if !seen[f.Group] {
			seen[f.Group] = true
			names = append(names, f.Group)
		}
	}
	sort.Strings(names)
	return names
}

// groupColors gives each group its colour from its name, not from the
// order of the functions, so that a group keeps its colour through undo,
// reload, export and snapshots. A group's colour is a hash of its name
// into the palette's group colours. Two groups of one map never share a
// colour while the palette has colours left: in the order of their names,
// each group takes its hashed colour or, when an earlier one has taken
// it, the next free colour after it. When every colour is taken, groups
// share by hash. Functions without a group are grey (the palette's
// noGroup), which no named group takes.
func groupColors(pal *palette, names []string) map[string]groupColor {
	n := len(pal.groups)
	taken := make([]bool, n)
	out := make(map[string]groupColor, len(names))
	free := n
	for _, name := range names { // names are sorted
		if name == "" {
			out[name] = pal.noGroup
			continue
		}
		i := int(nameHash(name) % uint64(n))
		if free > 0 {
			for taken[i] {
				i = (i + 1) % n
			}
			taken[i] = true
			free--
		}
		out[name] = pal.groups[i]
	}
	return out
}

// nameHash is FNV-1a of a group's name: stable across releases, which the
// colours depend on.
func nameHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

package render

import "github.com/relationskort/relationskort/graph"

// RatingColors returns the palette's colour for each rating, unrated
// included, for export formats that carry colour (DOT, GraphML, GEXF), so
// that an exported map is coloured as the diagram is.
func RatingColors(paletteName Palette) map[graph.Rating]string {
	out := make(map[graph.Rating]string, 4)
	for _, r := range []graph.Rating{graph.Unrated, graph.High, graph.Middle, graph.Low} {
		out[r] = RatingColor(paletteName, r)
	}
	return out
}

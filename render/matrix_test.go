package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestMatrixSVG(t *testing.T) {
	m := loadExample(t, "demens")
	tests := []struct {
		name, by string
		opt      Options
		cells    int
	}{
		{"matrix-group", "group", Options{}, 25},                              // 5 groups
		{"matrix-function-en", "function", Options{Lang: graph.English}, 121}, // 11 functions
		{"matrix-group-colorblind", "group", Options{Palette: PaletteColorblind}, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, MatrixSVG(&buf, m, tt.by, tt.opt))
			golden(t, tt.name, buf.Bytes())
			if *pngDir != "" {
				l, err := defaultRenderer().Matrix(m, tt.by, tt.opt)
				require.NoError(t, err)
				writePNG(t, tt.name, l)
			}
			require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)))
			assert.Equal(t, tt.cells, strings.Count(buf.String(), `<g class="cell"`))
		})
	}
	// the cell values are the graph's
	var buf bytes.Buffer
	require.NoError(t, MatrixSVG(&buf, m, "group", Options{}))
	for _, c := range graph.GroupMatrix(m).Cells {
		if c.MeanRating != nil {
			assert.Contains(t, buf.String(), `data-a="`+c.A+`" data-b="`+c.B+`" data-mean="`)
		}
	}
}

func TestMatrixSVG_Edges(t *testing.T) {
	var buf bytes.Buffer
	assert.ErrorIs(t, MatrixSVG(&buf, &graph.Map{}, "role", Options{}), graph.ErrInvalid)
	assert.ErrorIs(t, MatrixSVG(&buf, &graph.Map{}, "group", Options{Lang: "de"}), graph.ErrInvalid)
	m := edgeCases()["hostile"]
	buf.Reset()
	require.NoError(t, MatrixSVG(&buf, m, "function", Options{}))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)))
	assert.NotContains(t, buf.String(), "<script")
	buf.Reset()
	require.NoError(t, MatrixSVG(&buf, &graph.Map{}, "group", Options{}))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)))
}

func TestRatingMix(t *testing.T) {
	p := getPalette(PaletteTraffic)
	assert.Equal(t, p.ratings[graph.High], ratingMix(p, 1))
	assert.Equal(t, p.ratings[graph.Middle], ratingMix(p, 2))
	assert.Equal(t, p.ratings[graph.Low], ratingMix(p, 3))
	assert.Equal(t, p.ratings[graph.Low], ratingMix(p, 7))
}

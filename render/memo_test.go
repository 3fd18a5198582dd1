package render

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestPlacementMemo: a drawing made with a remembered placement is byte for
// byte the drawing made from scratch, for re-rated maps and every layout.
func TestPlacementMemo(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	require.GreaterOrEqual(t, len(files), 4, "the example maps in %s are missing", examplesDir)
	for _, file := range files {
		f, err := os.Open(file)
		require.NoError(t, err)
		m, err := graph.DecodeMap(f)
		f.Close()
		require.NoError(t, err)
		require.NoError(t, m.PrepareNew())
		for _, layout := range []Layout{LayoutCircle, LayoutForce, LayoutManual} {
			opt := Options{Layout: layout, Panel: PanelAttention}
			draw := func(m *graph.Map, fresh bool) []byte {
				if fresh {
					placements = newPlacementMemo(512)
				}
				var buf bytes.Buffer
				require.NoError(t, SVG(&buf, m, opt))
				return buf.Bytes()
			}
			first := draw(m, true)
			require.Equal(t, string(first), string(draw(m, false)), "%s %s: remembered placement differs", file, layout)

			rerated := m.Clone()
			for i := range rerated.Relations {
				rerated.Relations[i].Rating = graph.Rating((int(rerated.Relations[i].Rating) + 1) % 4)
			}
			warm := draw(rerated, false)
			require.Equal(t, string(draw(rerated, true)), string(warm), "%s %s: re-rated map drawn from memory differs", file, layout)

			renamed := m.Clone()
			renamed.Functions[0].Name += " og flere"
			require.NotEqual(t, string(first), string(draw(renamed, false)), "a renamed function must be placed again")
		}
	}
}

package render

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestPanel_Attention checks that the panel lists the top weakest ties of
// graph.Analyze, numbered 1…, that the same numbers mark those relations
// on the map, and that the score is shown.
func TestPanel_Attention(t *testing.T) {
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		m := loadExample(t, "demens")
		d, err := Compose(m, Options{Panel: PanelAttention, Lang: lang})
		require.NoError(t, err)
		a := graph.Analyze(m, lang)
		require.GreaterOrEqual(t, len(a.Weakest), panelTop)
		onMap := map[string]string{} // number → relation id
		inPanel := 0
		s := readScene(d.List)
		for _, mk := range s.markers {
			if mk.relationID == "" {
				inPanel++
				continue
			}
			onMap[mk.text] = mk.relationID
		}
		assert.Equal(t, panelTop, inPanel, "numbers in the panel")
		for i := 0; i < panelTop; i++ {
			assert.Equal(t, a.Weakest[i].RelationID, onMap[fmt.Sprint(i+1)], "marker %d", i+1)
		}
		texts := ""
		for _, tx := range s.texts {
			texts += tx.S + "\n"
		}
		assert.Contains(t, texts, fmt.Sprintf(vocab[lang].panel.score, fmt.Sprintf("%.0f", *a.Score)))
		assert.Contains(t, texts, a.Weakest[0].AName)
		require.NoError(t, checkDrawing(d, FormatScreen))
	}
}

func TestPanel_NoWeakTies(t *testing.T) {
	m := &graph.Map{Title: "Alt godt", Functions: []graph.Function{{Name: "A"}, {Name: "B"}},
		Relations: []graph.Relation{{A: "a", B: "b", Rating: graph.High}}}
	require.NoError(t, m.PrepareNew())
	var buf bytes.Buffer
	require.NoError(t, SVG(&buf, m, Options{Panel: PanelAttention}))
	assert.Contains(t, buf.String(), vocab[graph.Danish].panel.none)
	assert.Contains(t, buf.String(), "Koordineringsscore 100 af 100")
	assert.NotContains(t, buf.String(), `class="marker`)
}

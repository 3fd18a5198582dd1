package render

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// beforeOf makes an earlier version of m: two relations rated lower, one
// rated higher, one not rated yet, one that is gone in m (removed), and
// m's last relation not there yet (added).
func beforeOf(t *testing.T, m *graph.Map) *graph.Map {
	t.Helper()
	b := m.Clone()
	require.GreaterOrEqual(t, len(b.Relations), 6)
	worse := func(r graph.Rating) graph.Rating { return min(r+1, graph.Low) }
	b.Relations[0].Rating = worse(b.Relations[0].Rating)
	b.Relations[1].Rating = worse(b.Relations[1].Rating)
	b.Relations[2].Rating = graph.High
	b.Relations[3].Rating = graph.Unrated
	b.Relations = b.Relations[:len(b.Relations)-1] // added later
	// a relation that was later removed, between two functions without one
	have := map[[2]string]bool{}
	for _, r := range m.Relations {
		have[[2]string{r.A, r.B}], have[[2]string{r.B, r.A}] = true, true
	}
	for _, f := range m.Functions {
		for _, o := range m.Functions {
			if f.ID < o.ID && !have[[2]string{f.ID, o.ID}] && len(b.Relations) < len(m.Relations) {
				b.Relations = append(b.Relations, graph.Relation{ID: "gone", A: f.ID, B: o.ID, Rating: graph.Middle})
			}
		}
	}
	return b
}

func TestCompareSVG(t *testing.T) {
	after := loadExample(t, "demens")
	before := beforeOf(t, after)
	c := graph.Compare(before, after)
	require.Positive(t, c.Counts.Improved)
	require.Positive(t, c.Counts.Worsened)
	require.Equal(t, 1, c.Counts.Removed)
	require.Equal(t, 1, c.Counts.Added)

	for _, tc := range []struct {
		name string
		opt  Options
	}{{"compare", Options{}}, {"compare-print-en", Options{Palette: PalettePrint, Lang: graph.English}}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, CompareSVG(&buf, before, after, tc.opt))
			golden(t, tc.name, buf.Bytes())
			if *pngDir != "" {
				d, err := defaultRenderer().CompareDrawing(before, after, tc.opt)
				require.NoError(t, err)
				writePNG(t, tc.name, d.List)
			}
			s := buf.String()
			require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)))
			// every change but unchanged is marked, by kind, on its relation
			for _, ch := range c.Changes {
				switch ch.Change {
				case graph.ChangeUnchanged:
				case graph.ChangeRemoved:
					assert.Contains(t, s, `class="ghost" data-a="`+ch.A+`" data-b="`+ch.B+`"`)
				default:
					assert.Contains(t, s, `class="marker change change-`+string(ch.Change)+`" data-relation-id="`+ch.RelationID+`"`)
				}
			}
			// improved and worsened differ by arrow direction, not colour only
			assert.Equal(t, c.Counts.Improved+1, strings.Count(s, `data-kind="improved"`))
			assert.Equal(t, c.Counts.Worsened+1, strings.Count(s, `data-kind="worsened"`))
			assert.Equal(t, c.Counts.Improved+c.Counts.Worsened+2, strings.Count(s, "<polygon"))
		})
	}
	var da bytes.Buffer
	require.NoError(t, CompareSVG(&da, before, after, Options{}))
	assert.Contains(t, da.String(), "Koordineringsscore")
	assert.Contains(t, da.String(), "→")
	assert.Contains(t, da.String(), " % i forhold til før")
}

func TestCompareSVG_Empty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, CompareSVG(&buf, &graph.Map{}, &graph.Map{Title: "Tom"}, Options{}))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)))
	assert.Contains(t, buf.String(), "Koordineringsscore – → –")
	assert.ErrorIs(t, CompareSVG(&buf, &graph.Map{}, &graph.Map{}, Options{Palette: "neon"}), graph.ErrInvalid)
}

// writePNG draws l into the -png directory as NAME.png, to look at.
func writePNG(t *testing.T, name string, l *List) {
	t.Helper()
	var p bytes.Buffer
	require.NoError(t, l.WritePNG(&p))
	require.NoError(t, os.WriteFile(filepath.Join(*pngDir, name+".png"), p.Bytes(), 0o644))
}

// golden compares got with testdata/NAME.golden.svg (rewritten with
// -update). On a difference the new output is kept beside it as
// testdata/NAME.got.svg (git-ignored) to look at or diff; a match removes a
// stale one.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	require.NotContains(t, string(got), "NaN", "%s: a coordinate is not a number", name)
	require.NotContains(t, string(got), "Inf", "%s: a coordinate is infinite", name)
	path := filepath.Join("testdata", name+".golden.svg")
	out := filepath.Join("testdata", name+".got.svg")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		_ = os.Remove(out)
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing; run go test ./render -update")
	if bytes.Equal(got, want) {
		_ = os.Remove(out)
		return
	}
	require.NoError(t, os.WriteFile(out, got, 0o644))
	t.Errorf("%s differs from %s; the new output is in %s\n%s", name, path, out, firstDiff(want, got))
}

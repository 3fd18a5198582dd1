package interchange

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// pythonWith returns a Python interpreter that can import module, or skips
// the test saying what is missing. Debian's /usr/bin/python3 comes first:
// python3-networkx and python3-igraph install there.
func pythonWith(t *testing.T, module string) string {
	t.Helper()
	var tried []string
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import "+module).Run() == nil {
			return path
		}
		tried = append(tried, path)
	}
	t.Skipf("no python3 with %s (tried %s); apt-get install python3-networkx python3-igraph", module, strings.Join(tried, ", "))
	return ""
}

// runTool pipes in through testdata/tools/roundtrip.py with the given mode.
func runTool(t *testing.T, python, mode string, in []byte) []byte {
	t.Helper()
	cmd := exec.Command(python, filepath.Join("testdata", "tools", "roundtrip.py"), mode)
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	require.NoError(t, cmd.Run(), "roundtrip.py %s: %s", mode, stderr.String())
	return out.Bytes()
}

// TestGraphML_ToolRoundTrip exports every example and the hostile map as
// GraphML, lets networkx or igraph read and write it, and imports the
// result: the same map, ids included (networkx keeps edge ids in a data key,
// igraph renumbers the nodes n0, n1, … and keeps our ids in one).
func TestGraphML_ToolRoundTrip(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, tool := range []struct{ name, module string }{{"networkx", "networkx"}, {"igraph", "igraph"}} {
		t.Run(tool.name, func(t *testing.T) {
			python := pythonWith(t, tool.module)
			for _, name := range exampleNames(ms) {
				t.Run(name, func(t *testing.T) {
					out := runTool(t, python, tool.name, export(t, ms[name], "graphml", ExportOptions{}))
					res, err := ImportWithWarnings(bytes.NewReader(out), "graphml")
					require.NoError(t, err, "%s", out)
					assert.Empty(t, res.Warnings)
					assert.Equal(t, undirected(ms[name].Document()), undirected(res.Map))
				})
			}
		})
	}
	t.Run("networkx-floats", func(t *testing.T) {
		python := pythonWith(t, "networkx")
		out := runTool(t, python, "networkx-floats", nil)
		m, err := Import(bytes.NewReader(out), "graphml")
		require.NoError(t, err, "%s", out)
		assert.Equal(t, nxFloatsWant, shorten(m))
	})
}

// undirected returns m with the ends of each relation in order and the
// relations sorted by id: graph tools store an undirected edge with its ends
// in their own order, and list the edges by node.
func undirected(m *graph.Map) *graph.Map {
	m = m.Clone()
	for i := range m.Relations {
		r := &m.Relations[i]
		if r.A > r.B {
			r.A, r.B = r.B, r.A
		}
	}
	slices.SortFunc(m.Relations, func(x, y graph.Relation) int { return strings.Compare(x.ID, y.ID) })
	return m
}

// nxFloatsWant is the map testdata/tools/roundtrip.py networkx-floats makes.
var nxFloatsWant = short{
	Functions: []string{"hjemmepleje=Hjemmeplejen/Kommune", "laege=Egen læge/Almen praksis", "borger=Borgeren*"},
	Relations: []string{"r7=hjemmepleje-laege:low:Ringer ikke tilbage", "r8=hjemmepleje-borger:high", "r9=laege-borger:unrated"},
}

// TestGraphML_ToolFiles reads files that networkx 2.8.8, 3.6.1 and igraph
// 0.10.2 wrote (testdata/tools, made with roundtrip.py from the map
// small.json beside them), so that their shapes are tested without Python.
func TestGraphML_ToolFiles(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "tools", "small.json"))
	require.NoError(t, err)
	want, err := Import(bytes.NewReader(b), "json")
	require.NoError(t, err)
	for _, file := range []string{"networkx-2.8.graphml", "networkx-3.6.graphml", "igraph-0.10.graphml"} {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "tools", file))
			require.NoError(t, err)
			got, err := Import(bytes.NewReader(b), "graphml")
			require.NoError(t, err)
			assert.Equal(t, undirected(want.Document()), undirected(got))
		})
	}
	t.Run("networkx-floats.graphml", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join("testdata", "tools", "networkx-floats.graphml"))
		require.NoError(t, err)
		m, err := Import(bytes.NewReader(b), "graphml")
		require.NoError(t, err)
		assert.Equal(t, nxFloatsWant, shorten(m))
		assert.Equal(t, "Lavet i networkx", m.Title)
	})
}

func TestImport_GraphMLRatings(t *testing.T) {
	const head = `<graphml><key id="r" for="edge" attr.name="rating" attr.type="double"/>
<graph edgedefault="undirected"><node id="a"/><node id="b"/>
`
	tests := []struct {
		value string
		want  graph.Rating
	}{
		{"3.0", graph.Low}, {"1.0", graph.High}, {"2", graph.Middle}, {"2.000", graph.Middle},
		{"0", graph.Unrated}, {"0.0", graph.Unrated}, {"NaN", graph.Unrated}, {"", graph.Unrated}, {"Lav", graph.Low},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			m, err := Import(strings.NewReader(head+`<edge id="e1" source="a" target="b"><data key="r">`+tt.value+`</data></edge></graph></graphml>`), "graphml")
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Relations[0].Rating)
		})
	}
	for _, tt := range []struct{ value, want string }{
		{"2.5", "edge 'e1' (line 3): rating '2.5' is not a whole number: 1 (High), 2 (Middle), 3 (Low) or 0 (unrated)"},
		{"4.0", "edge 'e1' (line 3): rating '4.0' is not a whole number: 1 (High), 2 (Middle), 3 (Low) or 0 (unrated)"},
		{"-1", "edge 'e1' (line 3): rating '-1' is not a whole number: 1 (High), 2 (Middle), 3 (Low) or 0 (unrated)"},
		{"meget", "edge 'e1' (line 3): rating 'meget' is not one of 1, 2, 3, Høj, Middel, Lav"},
	} {
		t.Run("Bad"+tt.value, func(t *testing.T) {
			_, err := Import(strings.NewReader(head+`<edge id="e1" source="a" target="b"><data key="r">`+tt.value+`</data></edge></graph></graphml>`), "graphml")
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, []string{tt.want}, problemsOf(t, err))
		})
	}
}

// TestImport_YEd reads a yEd file with a group node and ratings given only
// as edge labels: the group's members are functions in the group named by
// its label, the labels are ratings (0 unrated), both directions of a pair
// are one relation with the worse rating, an edge to the group itself is
// left out, and each change is a warning.
func TestImport_YEd(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "tools", "yed-groups.graphml"))
	require.NoError(t, err)
	res, err := ImportWithWarnings(bytes.NewReader(b), "graphml")
	require.NoError(t, err)
	assert.Equal(t, short{
		Functions: []string{"hjemmeplejen=Hjemmeplejen/Kommune", "sygeplejen=Sygeplejen/Kommune", "n1=Egen læge"},
		Relations: []string{"r1=hjemmeplejen-sygeplejen:high", "e0=hjemmeplejen-n1:low", "e2=n1-sygeplejen:unrated"},
	}, shorten(res.Map))
	assert.Empty(t, res.Map.Title, "the data of the group's graph are not the map's")
	assert.Equal(t, []string{
		"edge 'e1' (line 81): joins the same two functions as edge 'e0' (line 74): one relation (rated Low (3) and Middle (2); the worse, Low (3), is kept)",
		"edge 'e3' (line 95): its target 'n0' is a group, not a function; the edge is left out",
		"edge 'e4' (line 102): the label 'Ring tirsdag' is not a rating (1, 2, 3, Høj, Middel, Lav); the relation is unrated",
		"edge 'e4' (line 102): joins the same two functions as edge 'n0::e0' (line 55): one relation (the rating High (1) is kept)",
	}, res.Warnings)
}

func TestImport_GraphMLMerge(t *testing.T) {
	const head = `<graphml><key id="r" for="edge" attr.name="rating"/><key id="n" for="edge" attr.name="note"/>
<graph edgedefault="directed"><node id="a"/><node id="b"/>
`
	tests := []struct {
		name, edges string
		want        string
		warning     string
	}{
		{"WorseWins", `<edge id="e1" source="a" target="b"><data key="r">1</data></edge>
<edge id="e2" source="b" target="a"><data key="r">3</data><data key="n">x</data></edge>`,
			"e1=a-b:low:x", "edge 'e2' (line 4): joins the same two functions as edge 'e1' (line 3): one relation (rated High (1) and Low (3); the worse, Low (3), is kept)"},
		{"SameRatingNotesJoined", `<edge id="e1" source="a" target="b"><data key="r">2</data><data key="n">x</data></edge>
<edge id="e2" source="a" target="b"><data key="r">2</data><data key="n">y</data></edge>`,
			"e1=a-b:middle:x\ny", "edge 'e2' (line 4): joins the same two functions as edge 'e1' (line 3): one relation (both rated Middle (2); the notes are joined)"},
		{"RatedWinsOverUnrated", `<edge id="e1" source="a" target="b"/>
<edge source="b" target="a"><data key="r">2</data></edge>`,
			"e1=a-b:middle", "edge 'b'–'a' (line 4): joins the same two functions as edge 'e1' (line 3): one relation (the rating Middle (2) is kept)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ImportWithWarnings(strings.NewReader(head+tt.edges+"</graph></graphml>"), "graphml")
			require.NoError(t, err)
			assert.Equal(t, []string{tt.want}, shorten(res.Map).Relations)
			assert.Equal(t, []string{tt.warning}, res.Warnings)
		})
	}
	t.Run("WarningsAreCapped", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(head)
		for range 60 {
			b.WriteString(`<edge source="a" target="b"/>`)
		}
		res, err := ImportWithWarnings(strings.NewReader(b.String()+"</graph></graphml>"), "graphml")
		require.NoError(t, err)
		require.Len(t, res.Warnings, maxProblems+1)
		assert.Equal(t, "and 9 more warnings", res.Warnings[maxProblems])
	})
}

// pythonsWith returns every Python interpreter here that can import
// module (Debian's networkx 2.8 and a newer one, say), or skips.
func pythonsWith(t *testing.T, module string) []string {
	t.Helper()
	var found []string
	seen := map[string]bool{}
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(path); err == nil && seen[real] {
			continue
		} else if err == nil {
			seen[real] = true
		}
		if exec.Command(path, "-c", "import "+module).Run() == nil {
			found = append(found, path)
		}
	}
	if len(found) == 0 {
		t.Skipf("no python3 with %s; apt-get install python3-networkx", module)
	}
	return found
}

// TestGEXF_Networkx reads the GEXF export with every networkx here: the
// default, 1.2draft, must be read by all (Debian's networkx 2.8 knows
// 1.1draft and 1.2draft only), with the labels, groups, centre, edge ids,
// ratings and weights.
func TestGEXF_Networkx(t *testing.T) {
	ms := map[string]*graph.Map{"boern-unge": examples(t)["boern-unge"], "hostile": hostileMap(t)}
	for _, python := range pythonsWith(t, "networkx") {
		t.Run(python, func(t *testing.T) {
			for _, name := range exampleNames(ms) {
				t.Run(name, func(t *testing.T) {
					m := ms[name]
					var got struct {
						Version string
						Nodes   [][4]any
						Edges   [][3]any
					}
					out := runTool(t, python, "networkx-gexf", export(t, m, "gexf", ExportOptions{}))
					require.NoError(t, json.Unmarshal(out, &got), "%s", out)
					var nodes [][4]any
					for _, f := range m.Functions {
						nodes = append(nodes, [4]any{f.ID, f.Name, f.Group, f.Center})
					}
					assert.Equal(t, nodes, got.Nodes, "networkx %s", got.Version)
					var edges [][3]any
					for _, r := range m.Relations {
						if r.Rating.Rated() {
							edges = append(edges, [3]any{r.ID, float64(r.Rating), float64(strength(r.Rating))})
						} else {
							edges = append(edges, [3]any{r.ID, nil, nil})
						}
					}
					slices.SortFunc(edges, func(a, b [3]any) int { return strings.Compare(a[0].(string), b[0].(string)) })
					assert.Equal(t, edges, got.Edges, "networkx %s", got.Version)
				})
			}
		})
	}
}

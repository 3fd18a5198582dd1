package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const examplesDir = "../../static/examples"

// examples returns the example maps, prepared as for storing, by file name;
// missing examples fail the test.
func examples(t *testing.T) map[string]*graph.Map {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	require.GreaterOrEqual(t, len(files), 4, "the example maps in %s are missing", examplesDir)
	out := map[string]*graph.Map{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		m, err := Import(bytes.NewReader(b), "json")
		require.NoError(t, err, f)
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = m
	}
	return out
}

func exampleNames(ms map[string]*graph.Map) []string {
	var names []string
	for n := range ms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func ptr(v float64) *float64 { return &v }

// The hostile texts: markup, quotes, backslashes (and Graphviz escapes),
// line breaks and a spreadsheet formula.
const (
	hostileHTML    = "<b>Læge</b>"
	hostileQuotes  = `Say "hi" & 'bye'`
	hostileSlashes = `C:\temp\N\l \"x\" end\`
	hostileLines   = "two\nlines"
	hostileFormula = "=cmd|' /C calc'!A0"
)

// hostileMap is a valid map whose user texts try to break every format.
func hostileMap(t *testing.T) *graph.Map {
	t.Helper()
	m := &graph.Map{
		Title:       `Kort <script>alert("x")</script> & "co"`,
		Task:        `Opgave \ med "citat"`,
		Description: "Linje 1\nLinje 2 <i>kursiv</i>",
		UpdatedAt:   time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
		Functions: []graph.Function{
			{ID: "laege", Name: hostileHTML, Group: `Region & <Syd>`, Center: true, Note: "note ]]> <!-- -->"},
			{ID: "quotes", Name: hostileQuotes, Group: "Kommune", X: ptr(12.5), Y: ptr(-3)},
			{ID: "slashes", Name: hostileSlashes, Group: "Kommune"},
			{ID: "lines", Name: hostileLines, Note: "a\nb"},
			{ID: "formula", Name: hostileFormula, Group: "@SUM(A1)"},
			{ID: "plus", Name: "+45 12 34 56 78", Group: "-"},
			{ID: "alone", Name: "'=already quoted"},
		},
		Relations: []graph.Relation{
			{ID: "r1", A: "laege", B: "quotes", Rating: graph.High, Note: `"quoted" <note>`},
			{ID: "r2", A: "quotes", B: "slashes", Rating: graph.Middle},
			{ID: "r3", A: "slashes", B: "lines", Rating: graph.Low, Note: "=1+1\nline two"},
			{ID: "r4", A: "lines", B: "formula"},
			{ID: "r5", A: "formula", B: "plus", Rating: graph.Low, Note: "-2"},
		},
	}
	require.NoError(t, m.Clone().PrepareNew())
	return m
}

func export(t *testing.T, m *graph.Map, format string, opt ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Export(&buf, m, format, opt))
	return buf.Bytes()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
// On a mismatch it names the first differing line and writes got beside the
// golden file for inspection.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./graph/interchange -update to create it")
	if bytes.Equal(got, want) {
		_ = os.Remove(filepath.Join("testdata", strings.Replace(name, ".golden.", ".got.", 1)))
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			out := filepath.Join("testdata", strings.Replace(name, ".golden.", ".got.", 1))
			require.NoError(t, os.WriteFile(out, got, 0o644))
			t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(the new output is in %s)", path, i+1, g, w, out)
		}
	}
}

func TestExport_Golden(t *testing.T) {
	hostile := hostileMap(t)
	ex := examples(t)["boern-unge"]
	require.NotNil(t, ex, "the example boern-unge is missing from %s", examplesDir)
	tests := []struct {
		name, golden, format string
		m                    *graph.Map
		opt                  ExportOptions
	}{
		{"HostileJSON", "hostile.golden.json", "json", hostile, ExportOptions{}},
		{"HostileRelationsCSV", "hostile-relations.golden.csv", "csv", hostile, ExportOptions{Table: TableRelations}},
		{"HostileFunctionsCSV", "hostile-functions.golden.csv", "csv", hostile, ExportOptions{Table: TableFunctions}},
		{"HostileRelationsCSVEnglish", "hostile-relations-en.golden.csv", "csv", hostile, ExportOptions{Table: TableRelations, Lang: "en"}},
		{"HostileDOT", "hostile.golden.dot", "dot", hostile, ExportOptions{}},
		{"HostileGraphML", "hostile.golden.graphml", "graphml", hostile, ExportOptions{}},
		{"HostileGEXF", "hostile.golden.gexf", "gexf", hostile, ExportOptions{GEXFVersion: GEXF13}},
		{"HostileGEXF12", "hostile-1.2draft.golden.gexf", "gexf", hostile, ExportOptions{}},
		{"ExampleRelationsCSV", "boern-unge-relations.golden.csv", "csv", ex, ExportOptions{Table: TableRelations}},
		{"ExampleDOT", "boern-unge.golden.dot", "dot", ex, ExportOptions{}},
		{"ExampleGraphML", "boern-unge.golden.graphml", "graphml", ex, ExportOptions{}},
		{"ExampleGEXF", "boern-unge.golden.gexf", "gexf", ex, ExportOptions{GEXFVersion: GEXF13}},
		{"ExampleGEXF12", "boern-unge-1.2draft.golden.gexf", "gexf", ex, ExportOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGolden(t, tt.golden, export(t, tt.m, tt.format, tt.opt))
		})
	}
}

// TestRoundTrip: json and graphml carry the whole map, so export → import
// gives an equal map (the server-only fields aside).
func TestRoundTrip(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, format := range []string{"json", "graphml"} {
		for _, name := range exampleNames(ms) {
			t.Run(format+"/"+name, func(t *testing.T) {
				want := ms[name].Document()
				got, err := Import(bytes.NewReader(export(t, ms[name], format, ExportOptions{})), format)
				require.NoError(t, err)
				assert.Equal(t, want, got)
			})
		}
	}
}

// relationRow is what a CSV relations table carries of one relation.
type relationRow struct {
	A, B, GroupA, GroupB, Note string
	Rating                     graph.Rating
}

func relationRows(m *graph.Map) []relationRow {
	var rows []relationRow
	for _, r := range m.Relations {
		a, b := m.Function(r.A), m.Function(r.B)
		rows = append(rows, relationRow{a.Name, b.Name, a.Group, b.Group, r.Note, r.Rating})
	}
	return rows
}

// TestRoundTrip_CSV: the relations table carries the relations with their
// ends' names and groups, ratings and notes, in both languages; it loses
// functions without relations, the centre, positions, function notes and
// the ids (which are made again from the names).
func TestRoundTrip_CSV(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		for _, name := range exampleNames(ms) {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				m := ms[name]
				got, err := Import(bytes.NewReader(export(t, m, "csv", ExportOptions{Table: TableRelations, Lang: lang})), "csv")
				require.NoError(t, err)
				assert.Equal(t, relationRows(m), relationRows(got))
				assert.Empty(t, got.Title)
				for _, f := range got.Functions {
					assert.False(t, f.Center)
					assert.Empty(t, f.Note)
				}
			})
		}
	}
}

func TestExport_CSVZip(t *testing.T) {
	m := hostileMap(t)
	b := export(t, m, "csv", ExportOptions{})
	assert.Equal(t, b, export(t, m, "csv", ExportOptions{}), "the same map gives the same zip")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.Len(t, zr.File, 2)
	for i, table := range []string{TableRelations, TableFunctions} {
		f := zr.File[i]
		assert.Equal(t, Filename(m, "csv", table), f.Name)
		assert.Equal(t, m.UpdatedAt, f.Modified.UTC())
		rc, err := f.Open()
		require.NoError(t, err)
		var got bytes.Buffer
		_, err = got.ReadFrom(rc)
		require.NoError(t, err)
		assert.Equal(t, string(export(t, m, "csv", ExportOptions{Table: table})), got.String())
	}
}

// readCSV reads an exported table as Excel would: BOM, ';', CRLF.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte("\xef\xbb\xbf")), "starts with a UTF-8 BOM")
	body := b[3:]
	assert.NotContains(t, strings.ReplaceAll(string(body), "\r\n", ""), "\n\n", "line ends are CRLF")
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	require.NoError(t, err)
	return rows
}

func TestExport_CSV(t *testing.T) {
	m := hostileMap(t)
	rows := readCSV(t, export(t, m, "csv", ExportOptions{Table: TableRelations}))
	assert.Equal(t, []string{"Fra", "Til", "Vurdering", "Vurdering (ord)", "Gruppe (fra)", "Gruppe (til)", "Note"}, rows[0])
	assert.Equal(t, []string{hostileHTML, hostileQuotes, "1", "Høj", "Region & <Syd>", "Kommune", `"quoted" <note>`}, rows[1])
	assert.Equal(t, []string{hostileSlashes, hostileLines, "3", "Lav", "Kommune", "", "'=1+1\nline two"}, rows[3])
	assert.Equal(t, []string{hostileLines, "'" + hostileFormula, "", "Ikke vurderet", "", "'@SUM(A1)", ""}, rows[4])
	assert.Equal(t, []string{"'" + hostileFormula, "'+45 12 34 56 78", "3", "Lav", "'@SUM(A1)", "'-", "'-2"}, rows[5])

	rows = readCSV(t, export(t, m, "csv", ExportOptions{Table: TableFunctions, Lang: "en"}))
	assert.Equal(t, []string{"Name", "Group", "Centre", "Note", "X", "Y"}, rows[0])
	assert.Equal(t, []string{hostileHTML, "Region & <Syd>", "Yes", "note ]]> <!-- -->", "", ""}, rows[1])
	assert.Equal(t, []string{hostileQuotes, "Kommune", "", "", "12.5", "-3"}, rows[2], "positions as numbers, never neutralised")
	assert.Equal(t, []string{"''=already quoted", "", "", "", "", ""}, rows[7], "an apostrophe before a formula is kept apart from ours")
	rows = readCSV(t, export(t, m, "csv", ExportOptions{Table: TableFunctions}))
	assert.Equal(t, []string{"12,5", "-3"}, rows[2][4:], "a decimal comma in Danish")
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Læge", "Læge"},
		{"=1+1", "'=1+1"},
		{"+45", "'+45"},
		{"-", "'-"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"''+x", "'''+x"},
		{"'plain", "'plain"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, neutralize(tt.in))
			assert.Equal(t, tt.in, unneutralize(neutralize(tt.in)), "unneutralize undoes neutralize")
		})
	}
}

// svgTexts runs Graphviz on a DOT file and returns, by node name (the
// function id), the text Graphviz drew in the node, lines joined by "\n".
func svgTexts(t *testing.T, dot []byte) map[string]string {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("Graphviz 'dot' is not installed (apt-get install graphviz); the DOT output is not checked by Graphviz")
	}
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	require.NoError(t, cmd.Run(), "dot: %s", stderr.String())
	assert.NotContains(t, stderr.String(), "rror", "dot reports no errors")
	assert.NotContains(t, stderr.String(), "syntax", "dot reports no syntax problems")

	var svg struct {
		G struct {
			G []struct {
				Class string   `xml:"class,attr"`
				Title string   `xml:"title"`
				Texts []string `xml:"text"`
				A     []struct {
					Texts []string `xml:"text"`
				} `xml:"g>a"`
			} `xml:"g"`
		} `xml:"g"`
	}
	require.NoError(t, xml.Unmarshal(out.Bytes(), &svg), out.String())
	texts := map[string]string{}
	for _, g := range svg.G.G {
		if g.Class != "node" {
			continue
		}
		lines := g.Texts
		for _, a := range g.A { // nodes with a tooltip are drawn inside <a>
			lines = append(lines, a.Texts...)
		}
		texts[g.Title] = strings.Join(lines, "\n")
	}
	return texts
}

func TestExport_DOTGraphviz(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, name := range exampleNames(ms) {
		t.Run(name, func(t *testing.T) {
			m := ms[name]
			texts := svgTexts(t, export(t, m, "dot", ExportOptions{}))
			require.Len(t, texts, len(m.Functions))
			for _, f := range m.Functions {
				assert.Equal(t, f.Name, texts[f.ID], "Graphviz draws the name of %s as the literal text", f.ID)
			}
		})
	}
}

func TestExport_DOTEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{hostileHTML, `"<b>Læge</b>"`},
		{hostileQuotes, `"Say \"hi\" & 'bye'"`},
		{`a\b`, `"a\\b"`},
		{`\N`, `"\\N"`},
		{"two\nlines", `"two\nlines"`},
		{"crlf\r\nend", `"crlf\nend"`},
		{`end\`, `"end\\"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, dotString(tt.in))
		})
	}
}

// xmllint validates file against the schema in testdata, or skips.
func xmllint(t *testing.T, schema string, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils); the XML is not checked against its schema")
	}
	path := filepath.Join(t.TempDir(), "doc.xml")
	require.NoError(t, os.WriteFile(path, doc, 0o644))
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join("testdata", schema), path).CombinedOutput()
	require.NoError(t, err, "xmllint: %s", out)
	assert.Contains(t, string(out), "validates")
}

func TestExport_XMLSchemas(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, tt := range []struct {
		format, schema string
		opt            ExportOptions
	}{
		{"graphml", "graphml.xsd", ExportOptions{}},
		{"gexf", "gexf-1.2draft.xsd", ExportOptions{}},
		{"gexf", "gexf.xsd", ExportOptions{GEXFVersion: GEXF13}},
	} {
		for _, name := range exampleNames(ms) {
			t.Run(tt.schema+"/"+name, func(t *testing.T) {
				xmllint(t, tt.schema, export(t, ms[name], tt.format, tt.opt))
			})
		}
	}
}

// TestXMLSchemas_Reject makes sure the schemas in testdata do reject broken
// files, so that TestExport_XMLSchemas can fail.
func TestXMLSchemas_Reject(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	m := hostileMap(t)
	tests := []struct {
		name, format, schema, from, to string
		opt                            ExportOptions
	}{
		{"GraphMLDanglingEdge", "graphml", "graphml.xsd", `target="quotes"`, `target="nobody"`, ExportOptions{}},
		{"GraphMLUnknownKey", "graphml", "graphml.xsd", `<data key="group">`, `<data key="nokey">`, ExportOptions{}},
		{"GraphMLBadElement", "graphml", "graphml.xsd", `<node id="laege">`, `<node id="laege"><label/>`, ExportOptions{}},
		{"GEXFBadColour", "gexf", "gexf.xsd", `r="46"`, `r="300"`, ExportOptions{GEXFVersion: GEXF13}},
		{"GEXFDanglingEdge", "gexf", "gexf.xsd", `target="quotes"`, `target="nobody"`, ExportOptions{GEXFVersion: GEXF13}},
		{"GEXFWrongVersion", "gexf", "gexf.xsd", `version="1.3"`, `version="1.2"`, ExportOptions{GEXFVersion: GEXF13}},
		{"GEXF12BadColour", "gexf", "gexf-1.2draft.xsd", `r="46"`, `r="300"`, ExportOptions{}},
		{"GEXF12DanglingEdge", "gexf", "gexf-1.2draft.xsd", `target="quotes"`, `target="nobody"`, ExportOptions{}},
		{"GEXF12WrongVersion", "gexf", "gexf-1.2draft.xsd", `version="1.2"`, `version="1.3"`, ExportOptions{}},
		{"GEXF12NoHex", "gexf", "gexf-1.2draft.xsd", `r="46"`, `hex="#2e7d32" r="46"`, ExportOptions{}},
		{"GEXF12WrongNamespace", "gexf", "gexf-1.2draft.xsd", `xmlns="http://www.gexf.net/1.2draft"`, `xmlns="http://gexf.net/1.3"`, ExportOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := string(export(t, m, tt.format, tt.opt))
			require.Contains(t, doc, tt.from)
			path := filepath.Join(t.TempDir(), "doc.xml")
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(doc, tt.from, tt.to, 1)), 0o644))
			out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join("testdata", tt.schema), path).CombinedOutput()
			assert.Error(t, err, "xmllint accepted a broken file: %s", out)
		})
	}
}

// TestExport_HostileLiteral reads every export back with that format's own
// parser and finds each hostile name as the literal text.
func TestExport_HostileLiteral(t *testing.T) {
	m := hostileMap(t)
	names := func() []string {
		var n []string
		for _, f := range m.Functions {
			n = append(n, f.Name)
		}
		return n
	}()

	t.Run("JSON", func(t *testing.T) {
		var doc struct {
			Functions []struct{ Name string }
		}
		require.NoError(t, json.Unmarshal(export(t, m, "json", ExportOptions{}), &doc))
		var got []string
		for _, f := range doc.Functions {
			got = append(got, f.Name)
		}
		assert.Equal(t, names, got)
	})
	t.Run("CSV", func(t *testing.T) {
		rows := readCSV(t, export(t, m, "csv", ExportOptions{Table: TableFunctions}))
		var got []string
		for _, r := range rows[1:] {
			got = append(got, unneutralize(r[0]))
		}
		assert.Equal(t, names, got)
		assert.Equal(t, "'"+hostileFormula, rows[5][0], "the formula is neutralised")
	})
	t.Run("GraphML", func(t *testing.T) {
		var doc struct {
			Nodes []struct {
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"graph>node"`
		}
		require.NoError(t, xml.Unmarshal(export(t, m, "graphml", ExportOptions{}), &doc))
		var got []string
		for _, n := range doc.Nodes {
			for _, d := range n.Data {
				if d.Key == "name" {
					got = append(got, d.Value)
				}
			}
		}
		assert.Equal(t, names, got)
	})
	t.Run("GEXF", func(t *testing.T) {
		var doc struct {
			Nodes []struct {
				Label string `xml:"label,attr"`
			} `xml:"graph>nodes>node"`
		}
		require.NoError(t, xml.Unmarshal(export(t, m, "gexf", ExportOptions{}), &doc))
		var got []string
		for _, n := range doc.Nodes {
			got = append(got, n.Label)
		}
		assert.Equal(t, names, got)
	})
	t.Run("DOT", func(t *testing.T) {
		texts := svgTexts(t, export(t, m, "dot", ExportOptions{}))
		for _, f := range m.Functions {
			assert.Equal(t, f.Name, texts[f.ID])
		}
	})
}

func TestExport_Colors(t *testing.T) {
	m := hostileMap(t)
	opt := ExportOptions{Colors: map[graph.Rating]string{graph.Low: "#0000FF"}}
	dot := string(export(t, m, "dot", opt))
	assert.Contains(t, dot, `"slashes" -- "lines" [id="r3", color="#0000ff", weight="1", rating="3"`)
	assert.Contains(t, dot, `"laege" -- "quotes" [id="r1", color="#2e7d32", weight="3", rating="1"`, "missing ratings fall back to the default palette")
	assert.Contains(t, dot, `"lines" -- "formula" [id="r4", color="#9e9e9e", style="dashed"`)
	gexf := string(export(t, m, "gexf", opt))
	assert.Contains(t, gexf, `<viz:color r="0" g="0" b="255"/>`)
	assert.Contains(t, gexf, `<viz:color r="46" g="125" b="50"/>`)
	graphml := string(export(t, m, "graphml", opt))
	assert.Contains(t, graphml, `<data key="color">#0000ff</data>`)
}

func TestExport_Errors(t *testing.T) {
	m := hostileMap(t)
	tests := []struct {
		name, format string
		opt          ExportOptions
		want         string
	}{
		{"UnknownFormat", "svg", ExportOptions{}, `format: "svg" is not one of json, csv, dot, graphml, gexf, xlsx`},
		{"UnknownTable", "csv", ExportOptions{Table: "nodes"}, `table: "nodes" is not one of functions, relations`},
		{"UnknownLang", "csv", ExportOptions{Lang: "sv"}, `lang: must be da or en`},
		{"UnknownGEXFVersion", "gexf", ExportOptions{GEXFVersion: "1.1"}, `gexf_version: "1.1" is not one of 1.2, 1.3`},
		{"BadColour", "dot", ExportOptions{Colors: map[graph.Rating]string{graph.High: `red" fontsize="99`}}, `colour for rating high is "red\" fontsize=\"99", not #rrggbb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Export(&buf, m, tt.format, tt.opt)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, buf.Len(), "nothing is written on error")
		})
	}
	err := Export(&bytes.Buffer{}, m, "pdf", ExportOptions{})
	assert.ErrorIs(t, err, graph.ErrInvalid)
	assert.ErrorIs(t, Export(failWriter{}, m, "json", ExportOptions{}), errFail)
}

var errFail = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

func TestNames(t *testing.T) {
	tests := []struct {
		title, format, table, file, ctype, disposition string
	}{
		{"Børn og unge i mistrivsel", "csv", "relations", "boern-og-unge-i-mistrivsel-relations.csv", "text/csv; charset=utf-8; header=present",
			`attachment; filename="boern-og-unge-i-mistrivsel-relations.csv"; filename*=UTF-8''B%C3%B8rn%20og%20unge%20i%20mistrivsel-relations.csv`},
		{"Børn", "csv", "", "boern.zip", "application/zip", `attachment; filename="boern.zip"; filename*=UTF-8''B%C3%B8rn.zip`},
		{"ÆBLE Ø Å", "json", "", "aeble-oe-aa.json", "application/json", `attachment; filename="aeble-oe-aa.json"; filename*=UTF-8''%C3%86BLE%20%C3%98%20%C3%85.json`},
		{`../../etc/"passwd"`, "dot", "", "etc-passwd.dot", "text/vnd.graphviz; charset=utf-8", `attachment; filename="etc-passwd.dot"; filename*=UTF-8''etc%20passwd.dot`},
		{"", "graphml", "", "relationskort.graphml", "application/graphml+xml", `attachment; filename="relationskort.graphml"; filename*=UTF-8''relationskort.graphml`},
		{"<b>\r\nKort</b>", "gexf", "", "b-kort-b.gexf", "application/gexf+xml", `attachment; filename="b-kort-b.gexf"; filename*=UTF-8''b%20Kort%20b.gexf`},
		{"Børn og unge", "xlsx", "", "boern-og-unge.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `attachment; filename="boern-og-unge.xlsx"; filename*=UTF-8''B%C3%B8rn%20og%20unge.xlsx`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := &graph.Map{Title: tt.title}
			assert.Equal(t, tt.file, Filename(m, tt.format, tt.table))
			assert.Equal(t, tt.ctype, ContentType(tt.format, tt.table))
			assert.Equal(t, tt.disposition, ContentDisposition(m, tt.format, tt.table))
		})
	}
}

func TestImport_Limits(t *testing.T) {
	big := bytes.Repeat([]byte("a;b\r\n"), graph.MaxRequestBody/5+1)
	var manyRelations bytes.Buffer
	manyRelations.WriteString("Fra;Til\n")
	for i := 0; i <= graph.MaxRelations; i++ {
		fmt.Fprintf(&manyRelations, "f%d;g%d\n", i%400, i/400)
	}
	var manyFunctions bytes.Buffer
	manyFunctions.WriteString("from,to\n")
	for i := 0; i < graph.MaxFunctions; i++ {
		fmt.Fprintf(&manyFunctions, "a%d,b%d\n", i, i)
	}
	var manyNodes bytes.Buffer
	manyNodes.WriteString(`<graphml><graph edgedefault="undirected">`)
	for i := 0; i <= graph.MaxFunctions; i++ {
		fmt.Fprintf(&manyNodes, `<node id="n%d"/>`, i)
	}
	manyNodes.WriteString(`</graph></graphml>`)
	tests := []struct {
		name, format string
		data         []byte
		want         string
	}{
		{"BodyCSV", "csv", big, "larger than 1 MiB"},
		{"BodyJSON", "json", big, "larger than 1 MiB"},
		{"BodyGraphML", "graphml", big, "larger than 1 MiB"},
		{"RelationsCSV", "csv", manyRelations.Bytes(), "at most 5000 relations"},
		{"FunctionsCSV", "csv", manyFunctions.Bytes(), "at most 500 functions"},
		{"NodesGraphML", "graphml", manyNodes.Bytes(), "at most 500 functions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(bytes.NewReader(tt.data), tt.format)
			assert.Nil(t, m)
			require.ErrorIs(t, err, graph.ErrTooLarge)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	m, err := Import(strings.NewReader("{}"), "xlsx")
	assert.Nil(t, m)
	assert.ErrorIs(t, err, graph.ErrInvalid)
}

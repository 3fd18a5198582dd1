package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func newTestFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

const sheet = "\ufeffFra;Til;Vurdering;Gruppe (fra);Gruppe (til);Note\r\nEgen læge;Hjemmeplejen;3;Almen praksis;Kommune;Ringer aldrig\r\nHjemmeplejen;Pårørende;Høj;;;\r\n"

func readDoc(t *testing.T, b []byte) *graph.Map {
	t.Helper()
	m, err := graph.DecodeMapBytes(b)
	require.NoError(t, err)
	require.NoError(t, m.Validate())
	return m
}

func TestRunImport(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "ark.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte(sheet), 0o644))

	t.Run("CSVToFile", func(t *testing.T) {
		out := filepath.Join(dir, "map.json")
		var stdout, stderr bytes.Buffer
		require.NoError(t, runImport(t.Context(), []string{csvPath, "-o", out, "--title", "Fra Excel"}, nil, &stdout, &stderr))
		assert.Zero(t, stdout.Len())
		assert.Empty(t, stderr.String())
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		m := readDoc(t, b)
		assert.Equal(t, "Fra Excel", m.Title)
		require.Len(t, m.Functions, 3)
		assert.Equal(t, graph.Function{ID: "egen-laege", Name: "Egen læge", Group: "Almen praksis"}, m.Functions[0])
		require.Len(t, m.Relations, 2)
		assert.Equal(t, graph.Relation{ID: "r1", A: "egen-laege", B: "hjemmeplejen", Rating: graph.Low, Note: "Ringer aldrig"}, m.Relations[0])
	})
	t.Run("StdinToStdout", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		require.NoError(t, runImport(t.Context(), []string{"--format", "csv", "-"}, strings.NewReader(sheet), &stdout, &stderr))
		m := readDoc(t, stdout.Bytes())
		assert.Equal(t, "", m.Title)
		assert.Len(t, m.Relations, 2)
	})
	t.Run("ExportThenImportXLSXAndZip", func(t *testing.T) {
		doc, want := writeDoc(t, dir)
		for _, file := range []string{"kort.xlsx", "kort.zip"} {
			path := filepath.Join(dir, file)
			var stdout, stderr bytes.Buffer
			require.NoError(t, runExport(t.Context(), []string{doc, "-o", path}, nil, &stdout, &stderr))
			require.NoError(t, runImport(t.Context(), []string{path}, nil, &stdout, &stderr))
			assert.Empty(t, stderr.String())
			got := readDoc(t, stdout.Bytes())
			if file == "kort.xlsx" {
				assert.Equal(t, want.Document(), got, "the workbook carries the whole map")
			} else {
				assert.Len(t, got.Functions, len(want.Functions), "the zip carries every function")
			}
		}
	})
	t.Run("WarningsOnStderr", func(t *testing.T) {
		gml := filepath.Join(dir, "to-veje.graphml")
		require.NoError(t, os.WriteFile(gml, []byte(`<graphml><key id="r" for="edge" attr.name="rating"/><graph edgedefault="directed">
<node id="a"/><node id="b"/>
<edge id="e1" source="a" target="b"><data key="r">1</data></edge>
<edge id="e2" source="b" target="a"><data key="r">3</data></edge></graph></graphml>`), 0o644))
		var stdout, stderr bytes.Buffer
		require.NoError(t, runImport(t.Context(), []string{gml}, nil, &stdout, &stderr))
		assert.Equal(t, "import: "+gml+": warning: edge 'e2' (line 4): joins the same two functions as edge 'e1' (line 3): one relation (rated High (1) and Low (3); the worse, Low (3), is kept)\n", stderr.String())
		m := readDoc(t, stdout.Bytes())
		require.Len(t, m.Relations, 1)
		assert.Equal(t, graph.Low, m.Relations[0].Rating)
	})
	t.Run("ExportThenImportGraphML", func(t *testing.T) {
		doc, want := writeDoc(t, dir)
		gml := filepath.Join(dir, "kort.graphml")
		var stdout, stderr bytes.Buffer
		require.NoError(t, runExport(t.Context(), []string{doc, "-o", gml}, nil, &stdout, &stderr))
		require.NoError(t, runImport(t.Context(), []string{gml}, nil, &stdout, &stderr))
		assert.Equal(t, want.Document(), readDoc(t, stdout.Bytes()))
	})
}

func TestRunImport_Errors(t *testing.T) {
	dir := t.TempDir()
	badPath := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(badPath, []byte("Fra;Til;Vurdering\nA;B;1\nB;C;meget lav\nC;C;2\n"), 0o644))
	kept := filepath.Join(dir, "kept.json")
	require.NoError(t, os.WriteFile(kept, []byte("old"), 0o644))
	tests := []struct {
		name       string
		args       []string
		want       string
		wantStderr string
	}{
		{"NoFile", nil, "import: give exactly one file (- for standard input), not 0", "usage: relationskort import"},
		{"NoFormat", []string{"-"}, "import: give --format (one of json, csv, graphml, xlsx)", ""},
		{"GEXFIsExportOnly", []string{filepath.Join(dir, "x.gexf")}, "import: give --format (one of json, csv, graphml, xlsx)", ""},
		{"UnknownFormat", []string{badPath, "--format", "pdf"}, "1 problem(s), nothing written", `format: "pdf" is not one of json, csv, graphml, xlsx`},
		{"CSVAsXLSX", []string{badPath, "--format", "xlsx"}, "1 problem(s), nothing written", "this is not a zip file, so not an Excel workbook (.xlsx); it looks like text: import CSV with format csv"},
		{"Missing", []string{filepath.Join(dir, "nope.csv")}, "no such file", ""},
		{"Problems", []string{badPath, "-o", kept}, "import: " + badPath + ": 2 problem(s), nothing written: invalid input",
			"import: " + badPath + ": line 3: Vurdering 'meget lav' is not one of 1, 2, 3, Høj, Middel, Lav\n" +
				"import: " + badPath + ": line 4: Fra and Til are both 'C'; a relation joins two different functions\n"},
		{"WrongFormat", []string{badPath, "--format", "json"}, "malformed input", "the body is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runImport(t.Context(), tt.args, strings.NewReader(""), &stdout, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, stderr.String(), tt.wantStderr)
			assert.Zero(t, stdout.Len())
		})
	}
	b, err := os.ReadFile(kept)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b), "a failed import leaves the output file alone")

	good := filepath.Join(dir, "good.csv")
	require.NoError(t, os.WriteFile(good, []byte("Fra;Til\nA;B\n"), 0o644))
	var stdout, stderr bytes.Buffer
	err = runImport(t.Context(), []string{good, "--title", strings.Repeat("t", graph.MaxTitleLen+1)}, nil, &stdout, &stderr)
	require.ErrorIs(t, err, graph.ErrInvalid)
	assert.Contains(t, stderr.String(), "title: must be at most 200 characters, not 201")
	assert.Zero(t, stdout.Len())
}

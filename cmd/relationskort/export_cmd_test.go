package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/graph/interchange"
	"github.com/relationskort/relationskort/render"
)

// writeDoc writes a map document (ids of relations missing, as people
// write them) into dir and returns its path and the prepared map.
func writeDoc(t *testing.T, dir string) (string, *graph.Map) {
	t.Helper()
	doc := `{
  "title": "Børn & unge",
  "task": "Sammenhæng",
  "functions": [
    {"id": "ung", "name": "Den unge", "group": "Borger", "center": true},
    {"id": "laege", "name": "<b>Læge</b>", "group": "Almen praksis"},
    {"id": "skole", "name": "=cmd|' /C calc'!A0", "group": "Kommune"}
  ],
  "relations": [
    {"a": "ung", "b": "laege", "rating": 1},
    {"a": "laege", "b": "skole", "rating": 3, "note": "Ringer \"aldrig\""}
  ]
}`
	path := filepath.Join(dir, "kort.json")
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	m, err := interchange.Import(strings.NewReader(doc), "json")
	require.NoError(t, err)
	return path, m
}

func TestRunExport(t *testing.T) {
	dir := t.TempDir()
	doc, m := writeDoc(t, dir)
	tests := []struct {
		name   string
		args   func(out string) []string
		out    string // file name in dir, or "" for stdout
		format string
		opt    interchange.ExportOptions
	}{
		{"JSONStdout", func(string) []string { return []string{"--format", "json", doc} }, "", "json", interchange.ExportOptions{}},
		{"FlagsAfterFile", func(o string) []string { return []string{doc, "--format", "dot", "-o", o} }, "kort.dot", "dot", interchange.ExportOptions{}},
		{"FormatFromExtension", func(o string) []string { return []string{"-o", o, doc} }, "kort.graphml", "graphml", interchange.ExportOptions{}},
		{"GEXF", func(o string) []string { return []string{doc, "-o", o, "--format=gexf"} }, "out.xml", "gexf", interchange.ExportOptions{}},
		{"CSVTableEnglish", func(o string) []string {
			return []string{"--format", "csv", doc, "--table", "relations", "--lang", "en", "-o", o}
		}, "rel.csv", "csv", interchange.ExportOptions{Table: "relations", Lang: "en"}},
		{"CSVZip", func(o string) []string { return []string{doc, "-o", o} }, "kort.zip", "csv", interchange.ExportOptions{}},
		{"GEXF13", func(o string) []string { return []string{doc, "-o", o, "--gexf-version", "1.3"} }, "kort.gexf", "gexf", interchange.ExportOptions{GEXFVersion: "1.3"}},
		{"XLSXFromExtension", func(o string) []string { return []string{doc, "-o", o} }, "kort.xlsx", "xlsx", interchange.ExportOptions{}},
		{"XLSXEnglish", func(o string) []string { return []string{doc, "-o", o, "--lang", "en"} }, "kort-en.xlsx", "xlsx", interchange.ExportOptions{Lang: "en"}},
		{"DashIsStdout", func(string) []string { return []string{"--format", "csv", "--table", "functions", doc, "-o", "-"} }, "", "csv", interchange.ExportOptions{Table: "functions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ""
			if tt.out != "" {
				out = filepath.Join(dir, tt.out)
			}
			var stdout, stderr bytes.Buffer
			require.NoError(t, runExport(t.Context(), tt.args(out), nil, &stdout, &stderr))
			assert.Empty(t, stderr.String())
			var want bytes.Buffer
			opt := tt.opt
			opt.Colors = render.RatingColors(render.PaletteTraffic) // the diagram's colours
			require.NoError(t, interchange.Export(&want, m, tt.format, opt))
			got := stdout.Bytes()
			if out != "" {
				assert.Zero(t, stdout.Len())
				var err error
				got, err = os.ReadFile(out)
				require.NoError(t, err)
			}
			assert.Equal(t, want.String(), string(got), "the CLI writes what interchange.Export writes")
		})
	}
}

func TestRunExport_Errors(t *testing.T) {
	dir := t.TempDir()
	doc, _ := writeDoc(t, dir)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"title":"x","functions":[{"id":"a","name":"A"}],"relations":[{"a":"a","b":"nobody"}]}`), 0o644))
	tests := []struct {
		name       string
		args       []string
		want       string
		wantStderr string
	}{
		{"NoFile", []string{"--format", "json"}, "export: give exactly one map document, not 0", "usage: relationskort export"},
		{"TwoFiles", []string{doc, doc, "--format", "json"}, "export: give exactly one map document, not 2", "usage:"},
		{"NoFormat", []string{doc}, "export: give --format (one of json, csv, dot, graphml, gexf, xlsx)", ""},
		{"UnknownFormat", []string{doc, "--format", "pdf"}, `export: invalid input: format: "pdf" is not one of json, csv, dot, graphml, gexf, xlsx`, ""},
		{"UnknownGEXFVersion", []string{doc, "--format", "gexf", "--gexf-version", "1.1"}, `gexf_version: "1.1" is not one of 1.2, 1.3`, ""},
		{"UnknownTable", []string{doc, "--format", "csv", "--table", "nodes"}, `table: "nodes" is not one of functions, relations`, ""},
		{"UnknownFlag", []string{doc, "--colour", "red"}, "flag provided but not defined: -colour", "flag provided but not defined"},
		{"Missing", []string{filepath.Join(dir, "nope.json"), "--format", "json"}, "no such file", ""},
		{"InvalidMap", []string{bad, "--format", "json", "-o", filepath.Join(dir, "never.json")}, "1 problem(s), nothing written: invalid input",
			`relations[0].b: no function in this map has the id "nobody"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runExport(t.Context(), tt.args, nil, &stdout, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, stderr.String(), tt.wantStderr)
			assert.Zero(t, stdout.Len())
		})
	}
	assert.NoFileExists(t, filepath.Join(dir, "never.json"))
	left, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary files are left behind")
}

func TestParseInterleaved(t *testing.T) {
	tests := []struct {
		args []string
		pos  []string
		o    string
	}{
		{[]string{"a", "-o", "x", "b"}, []string{"a", "b"}, "x"},
		{[]string{"-o", "x", "a"}, []string{"a"}, "x"},
		{[]string{"a", "--", "-o", "b"}, []string{"a", "-o", "b"}, "-"},
		{[]string{"-", "-o=y"}, []string{"-"}, "y"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := newTestFlags()
			o := fs.String("o", "-", "")
			pos, err := parseInterleaved(fs, tt.args)
			require.NoError(t, err)
			assert.Equal(t, tt.pos, pos)
			assert.Equal(t, tt.o, *o)
		})
	}
}

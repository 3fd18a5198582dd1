package interchange

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/relationskort/relationskort/graph"
)

// bigMap is a map at the limits: 500 functions, 5000 relations.
func bigMap(b *testing.B) *graph.Map {
	m := &graph.Map{Title: "Stort kort", Task: "Grænserne"}
	for i := 0; i < graph.MaxFunctions; i++ {
		m.Functions = append(m.Functions, graph.Function{ID: fmt.Sprintf("f%d", i), Name: fmt.Sprintf("Funktion nr. %d æøå", i), Group: fmt.Sprintf("Gruppe %d", i%7)})
	}
	for i := 0; i < graph.MaxFunctions && len(m.Relations) < graph.MaxRelations; i++ {
		for j := i + 1; j < graph.MaxFunctions && len(m.Relations) < graph.MaxRelations; j += 20 {
			m.Relations = append(m.Relations, graph.Relation{ID: fmt.Sprintf("r%d", len(m.Relations)+1), A: m.Functions[i].ID, B: m.Functions[j].ID, Rating: graph.Rating(j % 4), Note: "note"})
		}
	}
	if err := m.PrepareNew(); err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkImport: the JSON import (graph's strict decoder) is the baseline;
// compare csv and graphml to it as ratios.
//
//	go test ./graph/interchange -run '^$' -bench Import -benchtime 20x
func BenchmarkImport(b *testing.B) {
	m := bigMap(b)
	for _, tt := range []struct {
		format string
		opt    ExportOptions
	}{{"json", ExportOptions{}}, {"csv", ExportOptions{Table: TableRelations}}, {"graphml", ExportOptions{}}} {
		var buf bytes.Buffer
		if err := Export(&buf, m, tt.format, tt.opt); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		b.Run(tt.format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := Import(bytes.NewReader(data), tt.format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExport: json is the baseline for the other formats.
//
//	go test ./graph/interchange -run '^$' -bench Export -benchtime 20x
func BenchmarkExport(b *testing.B) {
	m := bigMap(b)
	for _, format := range ExportFormats {
		b.Run(format, func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := Export(&buf, m, format, ExportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}

// BenchmarkImport_GraphMLKeys: a hostile file of tens of thousands of keys
// with a default and 500 nodes. The defaults are resolved once per domain;
// resolving them for every node took 15 s for this file.
//
//	go test ./graph/interchange -run '^$' -bench Import_GraphMLKeys -benchtime 5x
func BenchmarkImport_GraphMLKeys(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("<graphml>")
	for i := 0; buf.Len() < graph.MaxRequestBody*2/3; i++ {
		fmt.Fprintf(&buf, `<key id="k%d"><default/></key>`, i)
	}
	buf.WriteString("<graph>")
	for i := 0; i < graph.MaxFunctions; i++ {
		fmt.Fprintf(&buf, `<node id="n%d"/>`, i)
	}
	buf.WriteString("</graph></graphml>")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := Import(bytes.NewReader(data), "graphml"); err != nil {
			b.Fatal(err)
		}
	}
}

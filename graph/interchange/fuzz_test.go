package interchange

import (
	"bytes"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/relationskort/relationskort/graph"
)

// fuzzImport is the property every importer keeps: it never panics; on an
// error it returns no map; a map it returns is valid and survives an export
// in every format, and formats that carry the whole map re-import it equal.
func fuzzImport(t *testing.T, data []byte, format string) {
	m, err := Import(bytes.NewReader(data), format)
	if err != nil {
		if m != nil {
			t.Fatalf("Import(%s) returned a map with the error %v", format, err)
		}
		return
	}
	if m == nil {
		t.Fatalf("Import(%s) returned neither a map nor an error", format)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("Import(%s) returned an invalid map: %v", format, err)
	}
	for _, f := range ExportFormats {
		if f == "xlsx" && format != "xlsx" {
			continue // 10–100 times the cost of the others; FuzzImportXLSX covers it
		}
		var buf bytes.Buffer
		if err := Export(&buf, m, f, ExportOptions{Table: TableRelations}); err != nil {
			t.Fatalf("Export(%s) of an imported map: %v", f, err)
		}
		if f != "json" && f != "graphml" && (f != "xlsx" || !fitsExcel(m)) {
			continue
		}
		again, err := Import(&buf, f)
		if err != nil {
			t.Fatalf("re-import of the %s export: %v\n%s", f, err, buf.String())
		}
		if !equalMaps(m.Document(), again) {
			t.Fatalf("%s round trip changed the map:\n%+v\n%+v", f, m.Document(), again)
		}
	}
}

// fitsExcel reports whether every text of m fits in an Excel cell (the
// workbook cuts longer notes, and says so in the cell).
func fitsExcel(m *graph.Map) bool {
	texts := []string{m.Title, m.Task, m.Description}
	for _, f := range m.Functions {
		texts = append(texts, f.Note)
	}
	for _, r := range m.Relations {
		texts = append(texts, r.Note)
	}
	for _, s := range texts {
		if len(utf16.Encode([]rune(s))) > maxCellChars {
			return false
		}
	}
	return true
}

func equalMaps(a, b *graph.Map) bool {
	var x, y bytes.Buffer
	if Export(&x, a, "json", ExportOptions{}) != nil || Export(&y, b, "json", ExportOptions{}) != nil {
		return false
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("\ufeffFra;Til;Vurdering;Vurdering (ord);Gruppe (fra);Gruppe (til);Note\r\nEgen læge;Hjemmeplejen;3;Lav;Almen praksis;Kommune;\"Ringer\r\naldrig\"\r\n"))
	f.Add([]byte("from,to,rating,note\nGP,Home care,High,\n\"Home, care\",gp,2,'=1+1\n"))
	f.Add([]byte("sep=;\nfra;til\nA;B\n"))
	f.Add([]byte("Fra;Til;Vurdering\n\xc6bler;S\xf8ster;meget lav\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, data, "csv") })
}

func FuzzImportGraphML(f *testing.F) {
	f.Add([]byte(`<graphml><key id="n" for="node" attr.name="name"/><key id="r" for="edge" attr.name="rating"/>` +
		`<graph edgedefault="undirected"><node id="a"><data key="n">A &amp; &lt;b&gt;</data></node><node id="b"/>` +
		`<edge id="e" source="a" target="b"><data key="r">3</data></edge></graph></graphml>`))
	f.Add([]byte(`<graphml xmlns:y="y"><key id="d" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed">` +
		`<node id="n0"><data key="d"><y:ShapeNode><y:NodeLabel>X</y:NodeLabel></y:ShapeNode></data></node></graph></graphml>`))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a \"b\">]><graphml/>"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, data, "graphml") })
}

func FuzzImportJSON(f *testing.F) {
	f.Add([]byte(`{"title":"T","task":"t","functions":[{"id":"a","name":"A","center":true,"x":1,"y":2},{"name":"B"}],"relations":[{"a":"a","b":"b","rating":1}]}`))
	f.Add([]byte(`{"functions":[{"name":"<b>x</b>"}],"relations":null}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, data, "json") })
}

func FuzzImportXLSX(f *testing.F) {
	small := &graph.Map{Title: "T", Functions: []graph.Function{{ID: "a", Name: "0045", Center: true}, {ID: "b", Name: "=1+1", Group: "G"}},
		Relations: []graph.Relation{{ID: "r1", A: "a", B: "b", Rating: graph.Low, Note: "_x0041_"}}}
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		var buf bytes.Buffer
		if err := Export(&buf, small, "xlsx", ExportOptions{Lang: lang}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add(handWorkbook(f, nil))
	f.Add(handWorkbook(f, func(x *excelize.File) { _ = x.SetCellStr("relations", "C3", "meget lav") }))
	var csvZip bytes.Buffer
	if err := Export(&csvZip, small, "csv", ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(csvZip.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, data, "xlsx") })
}

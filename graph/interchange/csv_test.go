package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// functionRow is what the CSV functions table carries of one function.
type functionRow struct {
	Name, Group, Note string
	Center            bool
	X, Y              *float64
}

func functionRows(m *graph.Map) []functionRow {
	var rows []functionRow
	for _, f := range m.Functions {
		rows = append(rows, functionRow{f.Name, f.Group, f.Note, f.Center, f.X, f.Y})
	}
	return rows
}

// TestRoundTrip_CSVZip: the default CSV export, a zip of both tables,
// imports back with every function (those without relations too), its
// group, centre, note and position, and every relation; only the title,
// task, description and the ids (made again from the names) are lost.
func TestRoundTrip_CSVZip(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		for _, name := range exampleNames(ms) {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				m := ms[name]
				got, err := Import(bytes.NewReader(export(t, m, "csv", ExportOptions{Lang: lang})), "csv")
				require.NoError(t, err)
				assert.Equal(t, functionRows(m), functionRows(got))
				assert.Equal(t, relationRows(m), relationRows(got))
			})
		}
	}
}

func utf16Bytes(s string, order binary.AppendByteOrder, mark []byte) []byte {
	b := append([]byte{}, mark...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

// TestImport_CSVEncodings: line ends, separators and encodings as other
// programs save CSV: old Mac CR line ends, tab-separated text (Excel's
// "Unicode text"), UTF-16 with a byte-order mark.
func TestImport_CSVEncodings(t *testing.T) {
	const text = "Fra;Til;Vurdering;Note\nHjemmeplejen;Egen læge;Lav;\"to\nlinjer\"\nEgen læge;Pårørende;1;\n"
	want := short{
		Functions: []string{"hjemmeplejen=Hjemmeplejen", "egen-laege=Egen læge", "paaroerende=Pårørende"},
		Relations: []string{"r1=hjemmeplejen-egen-laege:low:to\nlinjer", "r2=egen-laege-paaroerende:high"},
	}
	tabs := strings.ReplaceAll(text, ";", "\t")
	tests := []struct {
		name string
		in   []byte
	}{
		{"CROnly", []byte(strings.ReplaceAll(text, "\n", "\r"))},
		{"CROnlyNewlineInCell", []byte(strings.Replace(strings.ReplaceAll(text, "\n", "\r"), "to\rlinjer", "to\nlinjer", 1))},
		{"Tabs", []byte(tabs)},
		{"TabsWithSepLine", []byte("sep=\t\n" + tabs)},
		{"UTF16LE", utf16Bytes(strings.ReplaceAll(tabs, "\n", "\r\n"), binary.LittleEndian, []byte{0xff, 0xfe})},
		{"UTF16BE", utf16Bytes(text, binary.BigEndian, []byte{0xfe, 0xff})},
		{"UTF16LECROnly", utf16Bytes(strings.ReplaceAll(text, "\n", "\r"), binary.LittleEndian, []byte{0xff, 0xfe})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(bytes.NewReader(tt.in), "csv")
			require.NoError(t, err)
			assert.Equal(t, want, shorten(m))
		})
	}
	t.Run("LinesCountWithCR", func(t *testing.T) {
		_, err := Import(strings.NewReader("Fra;Til;Vurdering\rA;B;1\rB;C;meget\r"), "csv")
		assert.Equal(t, []string{"line 3: Vurdering 'meget' is not one of 1, 2, 3, Høj, Middel, Lav"}, problemsOf(t, err))
	})
	t.Run("UTF16OddLength", func(t *testing.T) {
		_, err := Import(bytes.NewReader([]byte{0xff, 0xfe, 'F', 0, 'r'}), "csv")
		assert.Equal(t, []string{": the file starts with a UTF-16 byte-order mark but has an odd number of bytes"}, problemsOf(t, err))
	})
}

// zipOf makes a zip of the named files, in order.
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		require.NoError(t, err)
		_, err = w.Write([]byte(files[i+1]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestImport_CSVZip(t *testing.T) {
	t.Run("FunctionsOnlyHandMade", func(t *testing.T) {
		m, err := Import(bytes.NewReader(zipOf(t, "__MACOSX/._f.csv", "junk", "dir/f.csv", "Name,Group,Centre,X,Y\nCitizen,,yes,0,0\nGP,Region,,\"-1,5\",2\n", "readme.txt", "hi")), "csv")
		require.NoError(t, err)
		assert.Equal(t, short{Functions: []string{"citizen=Citizen*", "gp=GP/Region"}}, shorten(m))
		assert.Equal(t, -1.5, *m.Functions[1].X)
	})
	t.Run("RelationsAddFunctions", func(t *testing.T) {
		m, err := Import(bytes.NewReader(zipOf(t, "r.csv", "Fra;Til;Gruppe (til)\nA;B;G\n", "f.csv", "Navn;Gruppe\nC;H\nA;\n")), "csv")
		require.NoError(t, err)
		assert.Equal(t, short{Functions: []string{"c=C/H", "a=A", "b=B/G"}, Relations: []string{"r1=a-b:unrated"}}, shorten(m))
	})
	tests := []struct {
		name string
		zip  []byte
		want []string
	}{
		{"Workbook", zipOf(t, "[Content_Types].xml", "<x/>", "xl/workbook.xml", "<x/>"),
			[]string{": this is a zip file holding an Excel workbook (.xlsx), not CSV text; import it with format xlsx"}},
		{"NoCSV", zipOf(t, "a.txt", "x"), []string{": this is a zip file without CSV tables; a CSV export holds a relations and a functions table"}},
		{"UnknownTable", zipOf(t, "a.csv", "Foo;Bar\n"), []string{"a.csv line 1: this is neither a relations table (Fra, Til, …) nor a functions table (Navn, Gruppe, …)"}},
		{"TwoRelationTables", zipOf(t, "a.csv", "Fra;Til\n", "b.csv", "from,to\n"), []string{": the zip file holds two relations tables, 'a.csv' and 'b.csv'"}},
		{"Empty", zipOf(t, "a.csv", "Fra;Til\n"), []string{": the tables in the zip file hold no functions"}},
		{"LinePrecise", zipOf(t, "k-relations.csv", "Fra;Til;Vurdering\nA;B;1\nB;C;4\n", "k-functions.csv", "Navn;Centrum;X;Y\nA;ja;1;x\nB;kanske;;\na;;;\n\n;;1;1\n"), []string{
			"k-functions.csv line 2: Y 'x' is not a number between -1000000 and 1000000",
			"k-functions.csv line 3: Centrum 'kanske' is not Ja or empty (Yes or empty)",
			"k-functions.csv line 4: Navn 'a' is already the name of the function on k-functions.csv line 2 (names are unique, ignoring case)",
			"k-functions.csv line 6: Navn is empty; every function has a name",
			"k-relations.csv line 3: Vurdering '4' is not one of 1, 2, 3, Høj, Middel, Lav",
		}},
		{"GroupConflictAcrossTables", zipOf(t, "r.csv", "Fra;Til;Gruppe (fra)\nA;B;Region\n", "f.csv", "Navn;Gruppe\nA;Kommune\n"), []string{
			"r.csv line 2: Gruppe (fra) 'Region' for 'A' differs from 'Kommune' on f.csv line 2",
		}},
		{"ValidationRebased", zipOf(t, "f.csv", "Navn;X\nA;1\n"), []string{"f.csv line 2: x: x and y are given together or not at all"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(bytes.NewReader(tt.zip), "csv")
			assert.Nil(t, m)
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, tt.want, problemsOf(t, err))
		})
	}
	t.Run("BombedTable", func(t *testing.T) {
		big := "Fra;Til\n" + strings.Repeat("a", graph.MaxRequestBody)
		z := zipOf(t, "r.csv", big)
		require.Less(t, len(z), 10<<10, "compresses well")
		_, err := Import(bytes.NewReader(z), "csv")
		require.ErrorIs(t, err, graph.ErrTooLarge)
	})
}

package interchange

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/relationskort/relationskort/graph"
)

// namesMap holds the names that spreadsheets turn into something else:
// numbers ("0045", "1,5"), dates ("1-2") and formulas.
func namesMap(t *testing.T) *graph.Map {
	t.Helper()
	m := &graph.Map{Title: "=HYPERLINK(\"x\")", Task: "+1", Description: "@SUM(1)"}
	for i, name := range []string{"=cmd|' /C calc'!A0", "+1", "@SUM(1)", "-2", "0045", "1,5", "1-2", "'=quoted", "TRUE", "1e5", "_x0041_", "_x005F_x0041_", "a_x00e6_b_X0041_", "tab\there"} {
		m.Functions = append(m.Functions, graph.Function{ID: fmt.Sprintf("f%d", i), Name: name, Group: "=A1", Note: "-" + name})
	}
	for i := 1; i < len(m.Functions); i++ {
		m.Relations = append(m.Relations, graph.Relation{ID: fmt.Sprintf("r%d", i), A: m.Functions[i-1].ID, B: m.Functions[i].ID, Rating: graph.Rating(i % 4), Note: "=1+" + m.Functions[i].Name})
	}
	m.Functions[4].Center = true
	m.Functions[5].X, m.Functions[5].Y = ptr(-3.25), ptr(1e5)
	require.NoError(t, m.PrepareNew())
	return m
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// TestRoundTrip_XLSX: export → import gives the same map (ids, names,
// groups, centre, notes, positions, ratings, title, task, description), in
// both languages, and exporting that again gives the same workbook.
func TestRoundTrip_XLSX(t *testing.T) {
	ms := examples(t)
	ms["hostile"] = hostileMap(t)
	ms["names"] = namesMap(t)
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		for _, name := range exampleNames(ms) {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				opt := ExportOptions{Lang: lang}
				b := export(t, ms[name], "xlsx", opt)
				got, err := Import(bytes.NewReader(b), "xlsx")
				require.NoError(t, err)
				assert.Equal(t, ms[name].Document(), got)
				again, err := Import(bytes.NewReader(export(t, got, "xlsx", opt)), "xlsx")
				require.NoError(t, err)
				assert.Equal(t, got, again)
			})
		}
	}
	first := export(t, ms["boern-unge"], "xlsx", ExportOptions{})
	for range 10 { // excelize's own order of the parts varied from run to run
		require.Equal(t, first, export(t, ms["boern-unge"], "xlsx", ExportOptions{}), "one map, one workbook")
	}
}

// TestExport_XLSXCells reads the workbook with excelize: the sheets, the
// headers, names stored as strings exactly as written, ratings as numbers
// filled with their colour, no formula anywhere, frozen headers,
// autofilters and fitted widths.
func TestExport_XLSXCells(t *testing.T) {
	m := namesMap(t)
	f := openXLSX(t, export(t, m, "xlsx", ExportOptions{Colors: map[graph.Rating]string{graph.Low: "#0000FF"}}))
	assert.Equal(t, []string{"Relationer", "Funktioner", "Opmærksomhed", "Grupper", "Om kortet"}, f.GetSheetList())

	rows, err := f.GetRows("Relationer")
	require.NoError(t, err)
	assert.Equal(t, []string{"Fra", "Til", "Vurdering", "Vurdering som tekst", "Note", "Id"}, rows[0])
	rows, err = f.GetRows("Funktioner")
	require.NoError(t, err)
	assert.Equal(t, []string{"Navn", "Gruppe", "Midte", "Relationer", "Lave", "Gennemsnit", "Mellemmand", "Note", "X", "Y", "Id"}, rows[0])

	isString := func(sheet, cell, want string) {
		t.Helper()
		typ, err := f.GetCellType(sheet, cell)
		require.NoError(t, err)
		assert.Equal(t, excelize.CellTypeSharedString, typ, "%s!%s is a string", sheet, cell)
		v, err := f.GetCellValue(sheet, cell)
		require.NoError(t, err)
		assert.Equal(t, want, v, "%s!%s", sheet, cell)
	}
	isNumber := func(sheet, cell, want string) {
		t.Helper()
		typ, err := f.GetCellType(sheet, cell)
		require.NoError(t, err)
		assert.Contains(t, []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber}, typ, "%s!%s is a number", sheet, cell)
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, want, v, "%s!%s", sheet, cell)
	}
	for i, fn := range m.Functions {
		isString("Funktioner", fmt.Sprintf("A%d", i+2), fn.Name)
		isString("Funktioner", fmt.Sprintf("B%d", i+2), "=A1")
		isString("Funktioner", fmt.Sprintf("H%d", i+2), fn.Note)
		isString("Funktioner", fmt.Sprintf("K%d", i+2), fn.ID)
	}
	isNumber("Funktioner", "I7", "-3.25")
	isNumber("Funktioner", "J7", "100000")
	isString("Funktioner", "C6", "Ja")
	for i, r := range m.Relations {
		row := i + 2
		isString("Relationer", fmt.Sprintf("A%d", row), m.Function(r.A).Name)
		isString("Relationer", fmt.Sprintf("B%d", row), m.Function(r.B).Name)
		isString("Relationer", fmt.Sprintf("E%d", row), r.Note)
		if r.Rating.Rated() {
			isNumber("Relationer", fmt.Sprintf("C%d", row), fmt.Sprint(int(r.Rating)))
		}
		style, err := f.GetCellStyle("Relationer", fmt.Sprintf("C%d", row))
		require.NoError(t, err)
		st, err := f.GetStyle(style)
		require.NoError(t, err)
		want := strings.ToUpper(DefaultColors[r.Rating])
		if r.Rating == graph.Low {
			want = "#0000FF"
		}
		assert.Equal(t, []string{strings.TrimPrefix(want, "#")}, upper(st.Fill.Color), "rating %d is filled with its colour", r.Rating)
	}
	isString("Om kortet", "B1", m.Title)
	isString("Om kortet", "B2", m.Task)

	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		for r, row := range rows {
			for c := range row {
				cell := cellName(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, cell)
				require.NoError(t, err)
				assert.Empty(t, formula, "%s!%s holds no formula", sheet, cell)
			}
		}
	}
	for _, sheet := range []string{"Relationer", "Funktioner", "Opmærksomhed"} {
		p, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, p.Freeze, "%s: header row frozen", sheet)
		assert.Equal(t, 1, p.YSplit)
	}
	w, err := f.GetColWidth("Funktioner", "A")
	require.NoError(t, err)
	assert.InDelta(t, float64(len("=cmd|' /C calc'!A0")+3), w, 0.01, "fitted to the longest name")
	w, err = f.GetColWidth("Opmærksomhed", "F")
	require.NoError(t, err)
	assert.LessOrEqual(t, w, float64(maxColWidth), "bounded")

	b := export(t, m, "xlsx", ExportOptions{})
	for _, sheet := range []string{"sheet1.xml", "sheet2.xml", "sheet3.xml"} {
		assert.Contains(t, zipPart(t, b, "xl/worksheets/"+sheet), "<autoFilter ", "%s has an autofilter", sheet)
	}
	cf, err := openXLSX(t, b).GetConditionalFormats("Grupper")
	require.NoError(t, err)
	assert.NotEmpty(t, cf, "the group matrix has a colour scale")
}

func upper(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToUpper(x)
	}
	return out
}

func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			require.NoError(t, err)
			defer rc.Close()
			data, err := io.ReadAll(rc)
			require.NoError(t, err)
			return string(data)
		}
	}
	t.Fatalf("no %s in the workbook", name)
	return ""
}

func TestExport_XLSXEnglish(t *testing.T) {
	f := openXLSX(t, export(t, examples(t)["demens"], "xlsx", ExportOptions{Lang: graph.English}))
	assert.Equal(t, []string{"Relations", "Functions", "Attention", "Groups", "About the map"}, f.GetSheetList())
	rows, err := f.GetRows("Relations")
	require.NoError(t, err)
	assert.Equal(t, []string{"From", "To", "Rating", "Rating as text", "Note", "Id"}, rows[0])
	rows, err = f.GetRows("Attention")
	require.NoError(t, err)
	assert.Equal(t, []string{"No.", "From", "To", "Rating", "Bridge", "Reasons", "Note"}, rows[0])
	assert.Contains(t, rows[1][5], "rated Low")
}

// handWorkbook is a workbook as a person makes or edits one in Excel:
// English headers in any case, rows added without ids, ratings typed as
// words or numbers, a blank row, a number typed as a number.
func handWorkbook(t testing.TB, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", "relations"))
	_, err := f.NewSheet("FUNKTIONER")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("FUNKTIONER", "A1", &[]any{"navn", "GRUPPE", "Midte", "Id"}))
	require.NoError(t, f.SetSheetRow("FUNKTIONER", "A2", &[]any{"Hjemmeplejen", "Kommune", "", "hp"}))
	require.NoError(t, f.SetSheetRow("FUNKTIONER", "A3", &[]any{"Borgeren", "", "x"}))
	require.NoError(t, f.SetSheetRow("FUNKTIONER", "A5", &[]any{"Ny funktion", "Region"}))
	require.NoError(t, f.SetSheetRow("relations", "A1", &[]any{"FROM", "to", "Rating", "NOTE"}))
	require.NoError(t, f.SetSheetRow("relations", "A2", &[]any{"Hjemmeplejen", "Borgeren", "Lav", "typed as a word"}))
	require.NoError(t, f.SetSheetRow("relations", "A3", &[]any{"Borgeren", "Ny funktion", "low"}))
	require.NoError(t, f.SetSheetRow("relations", "A4", &[]any{"Ny funktion", "Egen læge", 2}))
	require.NoError(t, f.SetSheetRow("relations", "A6", &[]any{"Egen læge", "Hjemmeplejen", "3"}))
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func TestImport_XLSXHandEdited(t *testing.T) {
	m, err := Import(bytes.NewReader(handWorkbook(t, nil)), "xlsx")
	require.NoError(t, err)
	assert.Equal(t, short{
		Functions: []string{"hp=Hjemmeplejen/Kommune", "borgeren=Borgeren*", "ny-funktion=Ny funktion/Region", "egen-laege=Egen læge"},
		Relations: []string{"r1=hp-borgeren:low:typed as a word", "r2=borgeren-ny-funktion:low", "r3=ny-funktion-egen-laege:middle", "r4=egen-laege-hp:low"},
	}, shorten(m))

	tests := []struct {
		name string
		edit func(f *excelize.File)
		want []string
	}{
		{"RowPrecise", func(f *excelize.File) {
			_ = f.SetSheetRow("relations", "A7", &[]any{"Borgeren", "Egen læge", "meget lav"})
			_ = f.SetSheetRow("relations", "A8", &[]any{"Borgeren", "Borgeren"})
			_ = f.SetSheetRow("FUNKTIONER", "A6", &[]any{"", "Kommune"})
		}, []string{
			"FUNKTIONER row 6: navn is empty; every function has a name",
			"relations row 7: Rating 'meget lav' is not one of 1, 2, 3, Høj, Middel, Lav",
			"relations row 8: FROM and to are both 'Borgeren'; a relation joins two different functions",
		}},
		{"BadID", func(f *excelize.File) {
			_ = f.SetCellStr("FUNKTIONER", "D3", "has space")
		}, []string{"FUNKTIONER row 3: Id 'has space' is not an id: 1–64 characters of A–Z, a–z, 0–9, _ and - (leave it empty in a new row)"}},
		{"UnknownHeader", func(f *excelize.File) {
			_ = f.SetCellStr("relations", "E1", "Farve")
		}, []string{"relations row 1: column 5 'Farve' is not a known column (known: " + knownColumns + ")"}},
		{"NoSheets", func(f *excelize.File) {
			_ = f.SetSheetName("relations", "Ark1")
			_ = f.SetSheetName("FUNKTIONER", "Ark2")
			_ = f.SetCellStr("Ark1", "A1", "Hvem")
			_ = f.SetCellStr("Ark2", "A1", "Hvad")
		}, []string{": the workbook has no sheet Relationer or Funktioner (or Relations, Functions), and no sheet whose first row names the columns Fra and Til or Navn; its sheets are 'Ark1, Ark2'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(bytes.NewReader(handWorkbook(t, tt.edit)), "xlsx")
			assert.Nil(t, m)
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, tt.want, problemsOf(t, err))
		})
	}
	t.Run("SheetsFoundByHeader", func(t *testing.T) {
		m, err := Import(bytes.NewReader(handWorkbook(t, func(f *excelize.File) {
			_ = f.SetSheetName("relations", "Ark1")
			_ = f.SetSheetName("FUNKTIONER", "Ark2")
		})), "xlsx")
		require.NoError(t, err)
		assert.Len(t, m.Relations, 4)
	})
}

func TestImport_XLSXLimits(t *testing.T) {
	t.Run("ZipBomb", func(t *testing.T) {
		// 17 MiB of sheet XML that deflates to a few KiB.
		sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			strings.Repeat(`<row><c t="inlineStr"><is><t>a</t></is></c></row>`, 17<<20/50) + `</sheetData></worksheet>`
		b := zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml", sheet)
		require.Less(t, len(b), graph.MaxRequestBody)
		m, err := Import(bytes.NewReader(b), "xlsx")
		assert.Nil(t, m)
		require.ErrorIs(t, err, graph.ErrTooLarge)
		assert.Contains(t, err.Error(), "unpacks to more than 16 MiB")
	})
	t.Run("TooManyFunctions", func(t *testing.T) {
		b := handWorkbook(t, func(f *excelize.File) {
			for i := range graph.MaxFunctions {
				_ = f.SetSheetRow("FUNKTIONER", fmt.Sprintf("A%d", i+10), &[]any{fmt.Sprintf("F%d", i)})
			}
		})
		_, err := Import(bytes.NewReader(b), "xlsx")
		require.ErrorIs(t, err, graph.ErrTooLarge)
	})
	t.Run("TooManyRows", func(t *testing.T) {
		b := handWorkbook(t, func(f *excelize.File) {
			_ = f.SetCellStr("relations", fmt.Sprintf("A%d", maxSheetRows+5), "far down")
		})
		_, err := Import(bytes.NewReader(b), "xlsx")
		require.ErrorIs(t, err, graph.ErrInvalid)
		assert.Equal(t, []string{fmt.Sprintf("relations row %d: the sheet has more than %d rows; a map has at most 5000 relations", maxSheetRows+1, maxSheetRows)}, problemsOf(t, err))
	})
}

func TestImport_XLSXWrongKind(t *testing.T) {
	wb := export(t, hostileMap(t), "xlsx", ExportOptions{})
	tests := []struct {
		name, format string
		data         []byte
		want         string
	}{
		{"CSVAsXLSX", "xlsx", []byte("Fra;Til\nA;B\n"), "this is not a zip file, so not an Excel workbook (.xlsx); it looks like text: import CSV with format csv"},
		{"GraphMLAsXLSX", "xlsx", []byte("<graphml/>"), "this is not a zip file, so not an Excel workbook (.xlsx); it looks like XML: import GraphML with format graphml"},
		{"CSVZipAsXLSX", "xlsx", export(t, hostileMap(t), "csv", ExportOptions{}), "this is a zip file without an Excel workbook in it (a CSV export?); import a zip of CSV tables with format csv"},
		{"Truncated", "xlsx", wb[:len(wb)/2], "this is not a readable zip file, so not an Excel workbook: zip: not a valid zip file"},
		{"XLSXAsCSV", "csv", wb, "this is a zip file holding an Excel workbook (.xlsx), not CSV text; import it with format xlsx"},
		{"XLSXAsJSON", "json", wb, "this is a zip file holding an Excel workbook (.xlsx), not a JSON document; import it with format xlsx"},
		{"XLSXAsGraphML", "graphml", wb, "this is a zip file holding an Excel workbook (.xlsx), not GraphML; import it with format xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(bytes.NewReader(tt.data), tt.format)
			assert.Nil(t, m)
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, []string{": " + tt.want}, problemsOf(t, err))
		})
	}
}

package interchange

import (
	"archive/zip"
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/relationskort/relationskort/graph"
)

// An .xlsx file is a zip of XML parts, so a small file can unpack into a
// large one. Before excelize opens a workbook, its zip directory must
// promise at most maxXLSXUnzipped bytes in at most maxXLSXParts parts;
// excelize is held to the same bound (UnzipSizeLimit), and archive/zip
// stops reading a part that is longer than its directory says. A workbook
// of the largest map the service keeps (500 functions, 5,000 relations)
// unpacks to about 2.1 MiB.
const (
	maxXLSXUnzipped = 16 << 20
	maxXLSXParts    = 1000
	// maxSheetRows bounds the rows read from a sheet, blank ones included:
	// a sheet may claim row 1,048,576.
	maxSheetRows = 4 * graph.MaxRelations
)

// The names of the sheets that import, in either language (compared in
// lower case).
var (
	relationSheets = []string{"relationer", "relations"}
	functionSheets = []string{"funktioner", "functions"}
)

// importXLSX reads the Relationer and Funktioner sheets of a workbook (by
// name in Danish or English, or else any sheet whose header says it is
// such a table): the functions first, in order, then the relations, which
// add any function the Funktioner sheet lacks. Rows added by hand need no
// Id; ratings may be numbers or words.
func importXLSX(data []byte) (*graph.Map, error) {
	if err := checkZipSize(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: maxXLSXUnzipped,
	})
	if err != nil {
		return nil, graph.Invalid("", "the workbook cannot be read: %s", err)
	}
	defer f.Close()
	tables, err := workbookTables(f)
	if err != nil {
		return nil, err
	}
	ti := newTableImport()
	if t := tables[&functionsKind]; t != nil {
		if err := ti.functions(t); err != nil {
			return nil, err
		}
	}
	if t := tables[&relationsKind]; t != nil {
		if err := ti.relations(t); err != nil {
			return nil, err
		}
	}
	if err := readAbout(f, ti.m); err != nil {
		return nil, err
	}
	return ti.finish()
}

// The sheet about the map, and the labels in its first column whose value
// (in the second) is read back.
var (
	aboutSheets = []string{"om kortet", "about the map"}
	aboutLabels = map[string]func(m *graph.Map) *string{
		"titel": func(m *graph.Map) *string { return &m.Title }, "title": func(m *graph.Map) *string { return &m.Title },
		"opgave": func(m *graph.Map) *string { return &m.Task }, "task": func(m *graph.Map) *string { return &m.Task },
		"beskrivelse": func(m *graph.Map) *string { return &m.Description }, "description": func(m *graph.Map) *string { return &m.Description },
	}
)

// readAbout reads the title, task and description from the sheet about
// the map, when the workbook has one.
func readAbout(f *excelize.File, m *graph.Map) error {
	for _, name := range f.GetSheetList() {
		if !oneOf(strings.ToLower(strings.TrimSpace(name)), aboutSheets) {
			continue
		}
		t, err := readSheet(f, name)
		if err != nil {
			return err
		}
		for _, row := range append([]tableRow{{line: 1, cells: t.header}}, t.rows...) {
			if len(row.cells) < 2 {
				continue
			}
			if field, ok := aboutLabels[headerKey(row.cells[0])]; ok && *field(m) == "" {
				*field(m) = strings.TrimSpace(row.cells[1])
			}
		}
		return nil
	}
	return nil
}

// checkZipSize refuses a zip whose directory promises more than the
// workbook limits.
func checkZipSize(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return graph.Invalid("", "this is not a readable zip file, so not an Excel workbook: %s", err)
	}
	if len(zr.File) > maxXLSXParts {
		return graph.Invalid("", "the workbook has %d parts, more than the %d a workbook of a map needs", len(zr.File), maxXLSXParts)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > maxXLSXUnzipped {
			return tooLargeWorkbook()
		}
	}
	return nil
}

func tooLargeWorkbook() error {
	ve := tooMany(graph.MaxFunctions+1, 0).(*graph.ValidationError)
	ve.Problems = []graph.FieldError{{Message: "the workbook unpacks to more than 16 MiB; a workbook of the largest map unpacks to about 2 MiB"}}
	return ve
}

// workbookTables finds the relations and functions sheets: by name, or
// else by header.
func workbookTables(f *excelize.File) (map[*tableKind]*table, error) {
	tables := map[*tableKind]*table{}
	names := f.GetSheetList()
	for _, name := range names {
		for kind, list := range map[*tableKind][]string{&relationsKind: relationSheets, &functionsKind: functionSheets} {
			if tables[kind] == nil && oneOf(strings.ToLower(strings.TrimSpace(name)), list) {
				t, err := readSheet(f, name)
				if err != nil {
					return nil, err
				}
				tables[kind] = t
			}
		}
	}
	if len(tables) > 0 {
		return tables, nil
	}
	for _, name := range names {
		t, err := readSheet(f, name)
		if err != nil {
			return nil, err
		}
		if kind := kindOf(t); kind != nil && tables[kind] == nil {
			tables[kind] = t
		}
	}
	if len(tables) == 0 {
		return nil, graph.Invalid("", "the workbook has no sheet Relationer or Funktioner (or Relations, Functions), and no sheet whose first row names the columns Fra and Til or Navn; its sheets are %s", quoteText(strings.Join(names, ", ")))
	}
	return tables, nil
}

// readSheet reads a sheet's cells as text, numbers as written (3, not
// "3,00"); the first row is the header.
func readSheet(f *excelize.File, name string) (*table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, graph.Invalid(name, "the sheet cannot be read: %s", err)
	}
	defer rows.Close()
	t := &table{name: name, unit: "row", hline: 1}
	for n := 1; rows.Next(); n++ {
		if n > maxSheetRows {
			return nil, graph.Invalid(t.at(n), "the sheet has more than %d rows; a map has at most %d relations", maxSheetRows, graph.MaxRelations)
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, graph.Invalid(t.at(n), "the row cannot be read: %s", err)
		}
		if n == 1 {
			t.header = cells
			continue
		}
		if len(cells) > 0 {
			t.rows = append(t.rows, tableRow{line: n, cells: cells})
		}
	}
	if err := rows.Error(); err != nil {
		return nil, graph.Invalid(name, "the sheet cannot be read: %s", err)
	}
	return t, nil
}

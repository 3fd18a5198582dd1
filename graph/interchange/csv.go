package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/relationskort/relationskort/graph"
)

// The CSV tables are for Excel as a Danish user has it: ';' between cells
// (',' is the decimal comma), UTF-8 with a byte-order mark so that Excel
// does not read æøå as Windows-1252, and CRLF line ends.
const bom = "\ufeff"

func exportCSV(buf *bytes.Buffer, m *graph.Map, opt ExportOptions) error {
	v := words(opt.Lang)
	switch opt.Table {
	case TableRelations:
		return writeTable(buf, relationsTable(m, v))
	case TableFunctions:
		return writeTable(buf, functionsTable(m, v), coordinateColumns...)
	}
	// A zip of both. The time stamp is the map's, so that the same map gives
	// the same bytes.
	return writeZipTables(buf, m.UpdatedAt, []csvTable{
		{Filename(m, "csv", TableRelations), relationsTable(m, v), nil},
		{Filename(m, "csv", TableFunctions), functionsTable(m, v), coordinateColumns},
	})
}

// csvTable is one table of a zip of CSV tables: its file name, its rows
// and its columns of numbers (see writeTable).
type csvTable struct {
	name    string
	rows    [][]string
	numbers []int
}

// writeZipTables writes tables as one zip of CSV files, each stamped with
// modified (1 January 2000 when zero), so that the same data gives the
// same bytes.
func writeZipTables(buf *bytes.Buffer, modified time.Time, tables []csvTable) error {
	if modified.IsZero() {
		modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(buf)
	for _, t := range tables {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: t.name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return err
		}
		if err := writeTable(w, t.rows, t.numbers...); err != nil {
			return err
		}
	}
	return zw.Close()
}

func relationsTable(m *graph.Map, v *vocabulary) [][]string {
	rows := [][]string{{v.from, v.to, v.ratingCol, v.ratingWord, v.fromGroup, v.toGroup, v.note}}
	for _, r := range m.Relations {
		a, b := end(m, r.A), end(m, r.B)
		num := ""
		if r.Rating.Rated() {
			num = fmt.Sprint(uint8(r.Rating))
		}
		rows = append(rows, []string{a.Name, b.Name, num, v.rating[r.Rating], a.Group, b.Group, r.Note})
	}
	return rows
}

// end returns the function with id, or a stand-in named by the id when the
// map is broken (export does not require a valid map).
func end(m *graph.Map, id string) *graph.Function {
	if f := m.Function(id); f != nil {
		return f
	}
	return &graph.Function{Name: id}
}

// coordinateColumns are the columns of X and Y in functionsTable.
var coordinateColumns = []int{4, 5}

// functionsTable lists the functions with their pinned position (X, Y, with
// the language's decimal mark), so that a zip of both tables imports back
// with the functions without relations, the centre and the layout.
func functionsTable(m *graph.Map, v *vocabulary) [][]string {
	rows := [][]string{{v.name, v.group, v.center, v.note, "X", "Y"}}
	for _, f := range m.Functions {
		center := ""
		if f.Center {
			center = v.yes
		}
		x, y := "", ""
		if f.Pinned() {
			x, y = v.decimal(*f.X), v.decimal(*f.Y)
		}
		rows = append(rows, []string{f.Name, f.Group, center, f.Note, x, y})
	}
	return rows
}

// writeTable writes rows as CSV for Excel, each cell neutralized except in
// the columns numbers, where the export wrote a number itself (a coordinate
// "-3" is no formula, and "'-3" would show the apostrophe).
func writeTable(w io.Writer, rows [][]string, numbers ...int) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = c
			if !slices.Contains(numbers, i) {
				cells[i] = neutralize(c)
			}
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formulaStart reports whether a spreadsheet could take s for a formula
// (OWASP "CSV injection"): it starts with = + - @, a tab or a CR, or with an
// apostrophe in front of such text (so that neutralize and unneutralize are
// exact inverses).
func formulaStart(s string) bool {
	for len(s) > 0 {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return true
		case '\'':
			s = s[1:]
			continue
		}
		return false
	}
	return false
}

// neutralize puts an apostrophe before a cell that a spreadsheet could run
// as a formula, so that "=cmd|' /C calc'!A0" shows as text.
func neutralize(s string) string {
	if formulaStart(s) {
		return "'" + s
	}
	return s
}

// unneutralize undoes neutralize on an imported cell.
func unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && formulaStart(s[1:]) {
		return s[1:]
	}
	return s
}

// importCSV reads a relations table, or the zip of both tables that the
// CSV export writes.
func importCSV(data []byte) (*graph.Map, error) {
	if isZip(data) {
		return importCSVZip(data)
	}
	t, err := decodeCSV(data, "")
	if err != nil {
		return nil, err
	}
	ti := newTableImport()
	if err := ti.relations(t); err != nil {
		return nil, err
	}
	if len(ti.ps.list) == 0 && len(ti.m.Relations) == 0 {
		return nil, graph.Invalid("", "the file holds no relations, only the header on line %d", t.hline)
	}
	return ti.finish()
}

// importCSVZip reads the CSV tables of a zip, each told by its header: at
// most one relations table and one functions table. The functions come
// first, in the order of their table, so that functions without relations,
// the centre, positions and notes survive; the relations table adds any
// function it names that the functions table lacks.
func importCSVZip(data []byte) (*graph.Map, error) {
	tables, err := zipTables(data)
	if err != nil {
		return nil, err
	}
	ti := newTableImport()
	for _, kind := range []*tableKind{&functionsKind, &relationsKind} {
		t := tables[kind]
		if t == nil {
			continue
		}
		read := ti.relations
		if kind == &functionsKind {
			read = ti.functions
		}
		if err := read(t); err != nil {
			return nil, err
		}
	}
	if len(ti.ps.list) == 0 && len(ti.m.Functions) == 0 {
		return nil, graph.Invalid("", "the tables in the zip file hold no functions")
	}
	return ti.finish()
}

// maxZipTables bounds the CSV files of a zip that are read at all.
const maxZipTables = 8

// zipTables reads the CSV files of a zip (not folders, hidden files or
// macOS's __MACOSX copies), each at most graph.MaxRequestBody long
// uncompressed, and returns them by kind.
func zipTables(data []byte) (map[*tableKind]*table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, graph.Invalid("", "this is a zip file, but it cannot be read: %s", err)
	}
	if isWorkbook(zr) {
		return nil, graph.Invalid("", "this is a zip file holding an Excel workbook (.xlsx), not CSV text; import it with format xlsx")
	}
	tables := map[*tableKind]*table{}
	n := 0
	for _, f := range zr.File {
		base := path.Base(f.Name)
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, ".") || !strings.EqualFold(path.Ext(base), ".csv") {
			continue
		}
		if n++; n > maxZipTables {
			return nil, graph.Invalid("", "the zip file holds more than %d CSV files; a CSV export holds two", maxZipTables)
		}
		t, err := readZipTable(f, base)
		if err != nil {
			return nil, err
		}
		kind := kindOf(t)
		if kind == nil {
			return nil, graph.Invalid(t.at(t.hline), "this is neither a relations table (Fra, Til, …) nor a functions table (Navn, Gruppe, …)")
		}
		if prev := tables[kind]; prev != nil {
			return nil, graph.Invalid("", "the zip file holds two %s tables, %s and %s", kind.what, quoteText(prev.name), quoteText(t.name))
		}
		tables[kind] = t
	}
	if len(tables) == 0 {
		return nil, graph.Invalid("", "this is a zip file without CSV tables; a CSV export holds a relations and a functions table")
	}
	return tables, nil
}

func readZipTable(f *zip.File, name string) (*table, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, graph.Invalid(name, "cannot be read from the zip file: %s", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, graph.MaxRequestBody+1))
	if err != nil {
		return nil, graph.Invalid(name, "cannot be read from the zip file: %s", err)
	}
	if len(b) > graph.MaxRequestBody {
		_, err := graph.DecodeMapBytes(b) // graph's own "too large" error
		return nil, err
	}
	return decodeCSV(b, name)
}

// decodeCSV decodes a CSV file to a table: UTF-8 with or without a BOM,
// UTF-16 with a BOM, or else Windows-1252; lines ended by CRLF, LF or CR;
// cells separated by what Excel's "sep=" line says or else by whichever of
// ';', ',' and tab the header line holds most of.
func decodeCSV(data []byte, name string) (*table, error) {
	data, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	line0 := 0
	comma, rest, ok := excelSep(data)
	if ok {
		data, line0 = rest, 1
	} else {
		comma = detectComma(data)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &table{name: name, unit: "line", hline: line0 + 1, quoted: true}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, graph.Invalid(name, "the file is empty; a header line naming the columns Fra and Til (or From and To) is expected")
	}
	if err != nil {
		return nil, csvError(t, err, line0)
	}
	t.header = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, csvError(t, err, line0)
		}
		ln, _ := cr.FieldPos(0)
		t.rows = append(t.rows, tableRow{line: ln + line0, cells: rec})
	}
}

// decodeText returns data as UTF-8 without a byte-order mark, with every
// lone CR (old Mac line ends) made a LF.
func decodeText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return fromUTF16(data[2:], binary.LittleEndian)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return fromUTF16(data[2:], binary.BigEndian)
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		// Excel's plain "CSV" (not "CSV UTF-8") is Windows-1252.
		data = fromWindows1252(data)
	}
	return loneCR.ReplaceAll(data, []byte("\n$1")), nil
}

var loneCR = regexp.MustCompile(`\r([^\n]|$)`)

func fromUTF16(data []byte, order binary.ByteOrder) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, graph.Invalid("", "the file starts with a UTF-16 byte-order mark but has an odd number of bytes")
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		u[i] = order.Uint16(data[2*i:])
	}
	b := []byte(string(utf16.Decode(u)))
	return decodeText(bytes.TrimPrefix(b, []byte(bom))) // a BOM twice, or CRs
}

// parseRating reads 1, 2, 3, a Danish or English word (any case), or empty
// or 0 (unrated). A number may be written as a whole float, as graph tools
// and spreadsheets write numbers: "3.0", "3,0".
func parseRating(s string) (graph.Rating, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if wholeRating.MatchString(t) {
		t = t[:1]
	}
	switch t {
	case "", "0", "ikke vurderet", "unrated":
		return graph.Unrated, true
	case "1", "høj", "hoej", "high":
		return graph.High, true
	case "2", "middel", "middle":
		return graph.Middle, true
	case "3", "lav", "low":
		return graph.Low, true
	}
	return graph.Unrated, false
}

var wholeRating = regexp.MustCompile(`^[0-3][.,]0+$`)

// excelSep reads Excel's optional first line "sep=;".
func excelSep(data []byte) (comma rune, rest []byte, ok bool) {
	line, rest, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, "\r ") // not a tab: "sep=\t"
	if len(line) == 5 && strings.EqualFold(string(line[:4]), "sep=") && (line[4] == ';' || line[4] == ',' || line[4] == '\t') {
		return rune(line[4]), rest, true
	}
	return 0, nil, false
}

// detectComma picks ';', ',' or tab, whichever the header line (outside
// quotes) holds most of; ';' on a tie.
func detectComma(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
		}
		if c == '\n' && !quoted {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best := byte(';')
	for _, c := range []byte{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

func csvError(t *table, err error, line0 int) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return graph.Invalid(t.at(pe.Line+line0), "%s", pe.Err)
	}
	return graph.Invalid(t.name, "%s", err)
}

// windows1252 maps the bytes 0x80–0x9F of Windows-1252 to their runes; the
// other bytes are Latin-1.
var windows1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}

func fromWindows1252(data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(windows1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.Bytes()
}

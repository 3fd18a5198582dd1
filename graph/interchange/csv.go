package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
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
		return writeTable(buf, functionsTable(m, v))
	}
	// A zip of both. The time stamp is the map's, so that the same map gives
	// the same bytes.
	modified := m.UpdatedAt
	if modified.IsZero() {
		modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(buf)
	for _, t := range []struct {
		table string
		rows  [][]string
	}{
		{TableRelations, relationsTable(m, v)},
		{TableFunctions, functionsTable(m, v)},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: Filename(m, "csv", t.table), Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := writeTable(&b, t.rows); err != nil {
			return err
		}
		if _, err := w.Write(b.Bytes()); err != nil {
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

func functionsTable(m *graph.Map, v *vocabulary) [][]string {
	rows := [][]string{{v.name, v.group, v.center, v.note}}
	for _, f := range m.Functions {
		center := ""
		if f.Center {
			center = v.yes
		}
		rows = append(rows, []string{f.Name, f.Group, center, f.Note})
	}
	return rows
}

func writeTable(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = neutralize(c)
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

// The columns of an imported relations table, and the header names that
// mean them (compared in lower case, spaces collapsed).
const (
	colFrom = iota
	colTo
	colRating
	colRatingWord
	colFromGroup
	colToGroup
	colNote
	numCols
)

var columnNames = map[string]int{
	"fra": colFrom, "from": colFrom,
	"til": colTo, "to": colTo,
	"vurdering": colRating, "rating": colRating,
	"vurdering (ord)": colRatingWord, "rating word": colRatingWord, "rating (word)": colRatingWord,
	"gruppe (fra)": colFromGroup, "from group": colFromGroup, "group (from)": colFromGroup,
	"gruppe (til)": colToGroup, "to group": colToGroup, "group (to)": colToGroup,
	"note": colNote, "noter": colNote, "notat": colNote, "bemærkning": colNote, "bemærkninger": colNote,
	"kommentar": colNote, "comment": colNote,
}

const knownColumns = "Fra, Til, Vurdering, Vurdering (ord), Gruppe (fra), Gruppe (til), Note (or From, To, Rating, Rating word, From group, To group, Note)"

func importCSV(data []byte) (*graph.Map, error) {
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		// Excel's plain "CSV" (not "CSV UTF-8") is Windows-1252.
		data = fromWindows1252(data)
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
	ps := &problems{}

	header, err := cr.Read()
	if err == io.EOF {
		return nil, graph.Invalid("", "the file is empty; a header line naming the columns Fra and Til (or From and To) is expected")
	}
	if err != nil {
		return nil, csvError(err, line0)
	}
	hline := line0 + 1
	cols, names := readHeader(header, hline, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}

	m := &graph.Map{}
	o := &origin{fields: map[string]string{"a": names[colFrom], "b": names[colTo], "rating": names[colRating], "note": names[colNote]}}
	byName := map[string]int{}   // NameKey → index in m.Functions
	groupLine := map[int]int{}   // function index → line where its group was set
	pairLine := map[[2]int]int{} // function pair → line of its relation
	var relEnds [][2]int         // function indices of each relation
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			ps.add("", "%s", csvError(err, line0))
			break
		}
		ln, _ := cr.FieldPos(0)
		ln += line0
		where := fmt.Sprintf("line %d", ln)
		cells := make([]string, numCols)
		blank := true
		for i, c := range rec {
			c = strings.TrimSpace(c)
			if c != "" {
				blank = false
			}
			if i >= len(cols) {
				if c != "" {
					ps.add(where, "column %d holds %s but has no header", i+1, quoteText(c))
				}
				continue
			}
			if cols[i] >= 0 {
				cells[cols[i]] = unneutralize(c)
			}
		}
		if blank {
			continue
		}
		ends := [2]int{-1, -1}
		for k, col := range [2]int{colFrom, colTo} {
			name := cells[col]
			if name == "" {
				ps.add(where, "%s is empty; a relation joins two named functions", names[col])
				continue
			}
			i, ok := byName[graph.NameKey(name)]
			if !ok {
				i = len(m.Functions)
				if i == graph.MaxFunctions {
					return nil, tooMany(i+1, 0)
				}
				byName[graph.NameKey(name)] = i
				m.Functions = append(m.Functions, graph.Function{Name: name})
				o.functions = append(o.functions, fmt.Sprintf("%s (%s %s)", where, names[col], quoteText(name)))
			}
			ends[k] = i
			gcol := colFromGroup + k
			if g := cells[gcol]; g != "" {
				f := &m.Functions[i]
				switch {
				case f.Group == "":
					f.Group = g
					groupLine[i] = ln
				case f.Group != g:
					ps.add(where, "%s %s for %s differs from %s on line %d", names[gcol], quoteText(g), quoteText(f.Name), quoteText(f.Group), groupLine[i])
				}
			}
		}
		rating, ok := readRating(cells[colRating], cells[colRatingWord], names, where, ps)
		if ends[0] < 0 || ends[1] < 0 || !ok {
			continue
		}
		if ends[0] == ends[1] {
			ps.add(where, "%s and %s are both %s; a relation joins two different functions", names[colFrom], names[colTo], quoteText(cells[colFrom]))
			continue
		}
		pair := [2]int{min(ends[0], ends[1]), max(ends[0], ends[1])}
		if prev, dup := pairLine[pair]; dup {
			ps.add(where, "%s and %s are already related on line %d (one relation per pair)", quoteText(cells[colFrom]), quoteText(cells[colTo]), prev)
			continue
		}
		pairLine[pair] = ln
		if len(m.Relations) == graph.MaxRelations {
			return nil, tooMany(len(m.Functions), graph.MaxRelations+1)
		}
		m.Relations = append(m.Relations, graph.Relation{Rating: rating, Note: cells[colNote]})
		relEnds = append(relEnds, ends) // function ids are known only after AssignIDs
		o.relations = append(o.relations, where)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(m.Relations) == 0 {
		return nil, graph.Invalid("", "the file holds no relations, only the header on line %d", hline)
	}
	m.AssignIDs()
	for i, e := range relEnds {
		m.Relations[i].A, m.Relations[i].B = m.Functions[e[0]].ID, m.Functions[e[1]].ID
	}
	if err := m.PrepareNew(); err != nil {
		return nil, o.rebase(err)
	}
	return m, nil
}

// readHeader maps each column to its meaning (-1 for an empty, unused
// column) and returns the header names as the file wrote them.
func readHeader(header []string, line int, ps *problems) (cols []int, names [numCols]string) {
	where := fmt.Sprintf("line %d", line)
	cols = make([]int, len(header))
	seen := map[int]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, bom))
		key := strings.Join(strings.Fields(strings.ToLower(h)), " ")
		cols[i] = -1
		if key == "" {
			continue
		}
		col, ok := columnNames[key]
		if !ok {
			ps.add(where, "column %d %s is not a known column (known: %s)", i+1, quoteText(h), knownColumns)
			continue
		}
		if j, dup := seen[col]; dup {
			ps.add(where, "column %d %s means the same as column %d %s", i+1, quoteText(h), j+1, quoteText(header[j]))
			continue
		}
		seen[col] = i
		cols[i] = col
		names[col] = h
	}
	defaults := [numCols]string{"Fra", "Til", "Vurdering", "Vurdering (ord)", "Gruppe (fra)", "Gruppe (til)", "Note"}
	for c := range names {
		if names[c] == "" {
			names[c] = defaults[c]
		}
	}
	_, hasFrom := seen[colFrom]
	_, hasTo := seen[colTo]
	if len(ps.list) == 0 && (!hasFrom || !hasTo) {
		ps.add(where, "the header must name the columns Fra and Til (or From and To); it has %s", quoteText(strings.Join(header, string(','))))
	}
	return cols, names
}

// readRating reads the rating of a line from its number and word columns;
// either may be empty, and when both are given they must agree.
func readRating(num, word string, names [numCols]string, where string, ps *problems) (graph.Rating, bool) {
	r1, ok1 := parseRating(num)
	if !ok1 {
		ps.add(where, "%s %s is not one of 1, 2, 3, Høj, Middel, Lav", names[colRating], quoteText(num))
	}
	r2, ok2 := parseRating(word)
	if !ok2 {
		ps.add(where, "%s %s is not one of Høj, Middel, Lav, Ikke vurderet", names[colRatingWord], quoteText(word))
	}
	if !ok1 || !ok2 {
		return graph.Unrated, false
	}
	if num != "" && word != "" && r1 != r2 {
		ps.add(where, "%s %s and %s %s disagree", names[colRating], quoteText(num), names[colRatingWord], quoteText(word))
		return graph.Unrated, false
	}
	if num == "" {
		return r2, true
	}
	return r1, true
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
	line = bytes.TrimSpace(line)
	if len(line) == 5 && strings.EqualFold(string(line[:4]), "sep=") && (line[4] == ';' || line[4] == ',' || line[4] == '\t') {
		return rune(line[4]), rest, true
	}
	return 0, nil, false
}

// detectComma picks ';' or ',', whichever the header line (outside quotes)
// holds more of; ';' on a tie.
func detectComma(data []byte) rune {
	semi, comma := 0, 0
	quoted := false
	for _, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if comma > semi {
				return ','
			}
			return ';'
		case c == ';':
			semi++
		case c == ',':
			comma++
		}
	}
	if comma > semi {
		return ','
	}
	return ';'
}

func csvError(err error, line0 int) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return graph.Invalid(fmt.Sprintf("line %d", pe.Line+line0), "%s", pe.Err)
	}
	return graph.Invalid("", "%s", err)
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

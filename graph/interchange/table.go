package interchange

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// The CSV and Excel importers share one reader of tables: each turns its
// file into tables of text cells (a relations table and a functions table),
// every row knowing its line, and tableImport makes the map from them.

// table is one table of a CSV file or one sheet of a workbook.
type table struct {
	name   string // in messages: "boern-relations.csv", "Relationer"; "" for a lone CSV file
	unit   string // "line" (CSV) or "row" (a sheet)
	header []string
	hline  int
	rows   []tableRow
	// quoted: the cells may carry the apostrophe that the CSV export puts
	// before a cell a spreadsheet could take for a formula (neutralize).
	quoted bool
}

type tableRow struct {
	line  int
	cells []string
}

// at names a line of t: "line 7", "Relationer row 7".
func (t *table) at(line int) string {
	if t.name == "" {
		return fmt.Sprintf("%s %d", t.unit, line)
	}
	return fmt.Sprintf("%s %s %d", t.name, t.unit, line)
}

// column is the meaning of a column of a table.
type column int

const (
	colNone column = iota
	colFrom
	colTo
	colRating
	colRatingWord
	colFromGroup
	colToGroup
	colNote
	colID
	colName
	colGroup
	colCenter
	colX
	colY
	colDerived // figures an export adds (relations, mean, …): read as nothing
	numColumns
)

// tableKind is the kind of a table: the header names of its columns
// (compared in lower case, spaces collapsed) and the columns it must have.
type tableKind struct {
	what     string
	columns  map[string]column
	required []column
	known    string // for messages
}

var relationsKind = tableKind{
	what: "relations",
	columns: map[string]column{
		"fra": colFrom, "from": colFrom,
		"til": colTo, "to": colTo,
		"vurdering": colRating, "rating": colRating,
		"vurdering (ord)": colRatingWord, "rating word": colRatingWord, "rating (word)": colRatingWord,
		"vurdering som tekst": colRatingWord, "rating as text": colRatingWord,
		"gruppe (fra)": colFromGroup, "from group": colFromGroup, "group (from)": colFromGroup,
		"gruppe (til)": colToGroup, "to group": colToGroup, "group (to)": colToGroup,
		"note": colNote, "noter": colNote, "notat": colNote, "bemærkning": colNote, "bemærkninger": colNote,
		"kommentar": colNote, "comment": colNote,
		"id": colID,
	},
	required: []column{colFrom, colTo},
	known:    knownColumns,
}

const knownColumns = "Fra, Til, Vurdering, Vurdering (ord), Gruppe (fra), Gruppe (til), Note (or From, To, Rating, Rating word, From group, To group, Note)"

var functionsKind = tableKind{
	what: "functions",
	columns: map[string]column{
		"navn": colName, "name": colName, "funktion": colName, "function": colName,
		"gruppe": colGroup, "group": colGroup,
		"centrum": colCenter, "centre": colCenter, "center": colCenter, "midte": colCenter, "i midten": colCenter,
		"note": colNote, "noter": colNote, "notat": colNote, "bemærkning": colNote, "bemærkninger": colNote,
		"kommentar": colNote, "comment": colNote,
		"x": colX, "y": colY,
		"id":         colID,
		"relationer": colDerived, "relations": colDerived, "lave": colDerived, "low": colDerived,
		"gennemsnit": colDerived, "mean": colDerived, "average": colDerived,
		"mellemmand": colDerived, "brokerage": colDerived, "mellemmand (brokerage)": colDerived,
	},
	required: []column{colName},
	known:    "Navn, Gruppe, Centrum, Note, X, Y (or Name, Group, Centre, Note, X, Y)",
}

// defaultNames name the columns in messages when the header does not.
var defaultNames = [numColumns]string{
	colFrom: "Fra", colTo: "Til", colRating: "Vurdering", colRatingWord: "Vurdering (ord)",
	colFromGroup: "Gruppe (fra)", colToGroup: "Gruppe (til)", colNote: "Note", colID: "Id",
	colName: "Navn", colGroup: "Gruppe", colCenter: "Centrum", colX: "X", colY: "Y",
}

func headerKey(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, bom))
	return strings.Join(strings.Fields(strings.ToLower(h)), " ")
}

// kindOf tells from its header which kind of table t is, or nil.
func kindOf(t *table) *tableKind {
	for _, k := range []*tableKind{&relationsKind, &functionsKind} {
		hits := 0
		for _, h := range t.header {
			if c := k.columns[headerKey(h)]; c == k.required[0] {
				hits++
			}
		}
		if hits > 0 {
			return k
		}
	}
	return nil
}

// tableColumns are the columns of one table as its header names them.
type tableColumns struct {
	of    []column           // by position
	names [numColumns]string // the header's name of each column
	has   [numColumns]bool   // which columns the header names
	kind  *tableKind         // what the table holds
	t     *table             // the table itself
}

// readHeader maps each column of t to its meaning (colNone for an empty,
// unused column); ok is false when the header has problems.
func readHeader(t *table, kind *tableKind, ps *problems) (tc *tableColumns, ok bool) {
	before := len(ps.list) + ps.more
	where := t.at(t.hline)
	tc = &tableColumns{of: make([]column, len(t.header)), names: defaultNames, kind: kind, t: t}
	first := map[column]int{}
	for i, h := range t.header {
		key := headerKey(h)
		if key == "" {
			continue
		}
		col, ok := kind.columns[key]
		if !ok {
			ps.add(where, "column %d %s is not a known column (known: %s)", i+1, quoteText(strings.TrimSpace(h)), kind.known)
			continue
		}
		if j, dup := first[col]; dup && col != colDerived {
			ps.add(where, "column %d %s means the same as column %d %s", i+1, quoteText(strings.TrimSpace(h)), j+1, quoteText(t.header[j]))
			continue
		}
		first[col] = i
		tc.of[i] = col
		tc.has[col] = true
		tc.names[col] = strings.TrimSpace(strings.TrimPrefix(h, bom))
	}
	if len(ps.list)+ps.more > before {
		return tc, false
	}
	for _, c := range kind.required {
		if !tc.has[c] {
			ps.add(where, "the header must name the columns %s; it has %s", requiredNames(kind), quoteText(strings.Join(t.header, ",")))
			return tc, false
		}
	}
	return tc, true
}

func requiredNames(kind *tableKind) string {
	if kind == &functionsKind {
		return "Navn (or Name)"
	}
	return "Fra and Til (or From and To)"
}

// cells returns the cells of row by column, trimmed, and whether all are
// empty. A cell beyond the header is a problem.
func (tc *tableColumns) cells(row tableRow, ps *problems) (cells [numColumns]string, blank bool) {
	blank = true
	for i, c := range row.cells {
		c = strings.TrimSpace(c)
		if c != "" {
			blank = false
		}
		if i >= len(tc.of) {
			if c != "" {
				ps.add(tc.t.at(row.line), "column %d holds %s but has no header", i+1, quoteText(c))
			}
			continue
		}
		if tc.t.quoted {
			c = unneutralize(c)
		}
		cells[tc.of[i]] = c
	}
	return cells, blank
}

// tableImport makes a map from a functions table and a relations table.
type tableImport struct {
	m       *graph.Map
	o       *origin
	ps      *problems
	byName  map[string]int    // NameKey → index in m.Functions
	groupAt map[int]string    // function index → where its group was set
	pairAt  map[[2]int]string // function pair → where its relation is
	ends    [][2]int          // function indexes of each relation
}

func newTableImport() *tableImport {
	return &tableImport{
		m: &graph.Map{}, o: &origin{fields: map[string]string{}}, ps: &problems{},
		byName: map[string]int{}, groupAt: map[int]string{}, pairAt: map[[2]int]string{},
	}
}

// function returns the index of the function named name, adding it (its
// origin told by where) when the map has none of that name.
func (ti *tableImport) function(name, where string) (int, error) {
	if i, ok := ti.byName[graph.NameKey(name)]; ok {
		return i, nil
	}
	i := len(ti.m.Functions)
	if i == graph.MaxFunctions {
		return 0, tooMany(i+1, 0)
	}
	ti.byName[graph.NameKey(name)] = i
	ti.m.Functions = append(ti.m.Functions, graph.Function{Name: name})
	ti.o.functions = append(ti.o.functions, where)
	return i, nil
}

// setGroup gives function i the group g, named in the column col, unless
// it has another one already.
func (ti *tableImport) setGroup(i int, g, col, where string) {
	f := &ti.m.Functions[i]
	switch {
	case g == "":
	case f.Group == "":
		f.Group = g
		ti.groupAt[i] = where
	case f.Group != g:
		ti.ps.add(where, "%s %s for %s differs from %s on %s", col, quoteText(g), quoteText(f.Name), quoteText(f.Group), ti.groupAt[i])
	}
}

// functions reads a functions table: one function a row, in order.
func (ti *tableImport) functions(t *table) error {
	tc, ok := readHeader(t, &functionsKind, ti.ps)
	if !ok {
		return nil
	}
	for _, row := range t.rows {
		cells, blank := tc.cells(row, ti.ps)
		if blank {
			continue
		}
		if err := ti.functionRow(tc, t.at(row.line), &cells); err != nil {
			return err
		}
	}
	return nil
}

func (ti *tableImport) functionRow(tc *tableColumns, where string, cells *[numColumns]string) error {
	name := cells[colName]
	if name == "" {
		ti.ps.add(where, "%s is empty; every function has a name", tc.names[colName])
		return nil
	}
	if j, dup := ti.byName[graph.NameKey(name)]; dup {
		ti.ps.add(where, "%s %s is already the name of the function on %s (names are unique, ignoring case)", tc.names[colName], quoteText(name), ti.o.functions[j])
		return nil
	}
	i, err := ti.function(name, where)
	if err != nil {
		return err
	}
	f := &ti.m.Functions[i]
	f.Note = cells[colNote]
	if id := cells[colID]; id != "" && !graph.ValidID(id) {
		// Said here, or each relation of the function would say it again.
		ti.ps.add(where, "%s %s is not an id: 1–64 characters of A–Z, a–z, 0–9, _ and - (leave it empty in a new row)", tc.names[colID], quoteText(id))
	} else {
		f.ID = id
	}
	ti.setGroup(i, cells[colGroup], tc.names[colGroup], where)
	f.Center = ti.yes(cells[colCenter], tc.names[colCenter], where)
	f.X = ti.number(cells[colX], tc.names[colX], where)
	f.Y = ti.number(cells[colY], tc.names[colY], where)
	return nil
}

// yes reads a centre cell: Ja, Yes, X, 1, true (any case) or empty, Nej,
// No, 0, false.
func (ti *tableImport) yes(s, col, where string) bool {
	switch strings.ToLower(s) {
	case "", "nej", "no", "0", "false", "falsk":
		return false
	case "ja", "yes", "x", "1", "true", "sand":
		return true
	}
	ti.ps.add(where, "%s %s is not Ja or empty (Yes or empty)", col, quoteText(s))
	return false
}

// number reads a coordinate cell, with a decimal comma or point; nil when
// empty.
func (ti *tableImport) number(s, col, where string) *float64 {
	if s == "" {
		return nil
	}
	t := s
	if !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v != v || v > graph.MaxCoordinate || v < -graph.MaxCoordinate {
		ti.ps.add(where, "%s %s is not a number between %d and %d", col, quoteText(s), -graph.MaxCoordinate, graph.MaxCoordinate)
		return nil
	}
	return &v
}

// relations reads a relations table: one relation a row, its ends by name;
// names that no function has yet become functions.
func (ti *tableImport) relations(t *table) error {
	tc, ok := readHeader(t, &relationsKind, ti.ps)
	if !ok {
		return nil
	}
	ti.o.fields = map[string]string{"a": tc.names[colFrom], "b": tc.names[colTo], "rating": tc.names[colRating], "note": tc.names[colNote], "id": tc.names[colID]}
	for _, row := range t.rows {
		cells, blank := tc.cells(row, ti.ps)
		if blank {
			continue
		}
		if err := ti.relationRow(tc, t.at(row.line), &cells); err != nil {
			return err
		}
	}
	return nil
}

func (ti *tableImport) relationRow(tc *tableColumns, where string, cells *[numColumns]string) error {
	ends := [2]int{-1, -1}
	for k, col := range [2]column{colFrom, colTo} {
		name := cells[col]
		if name == "" {
			ti.ps.add(where, "%s is empty; a relation joins two named functions", tc.names[col])
			continue
		}
		i, err := ti.function(name, fmt.Sprintf("%s (%s %s)", where, tc.names[col], quoteText(name)))
		if err != nil {
			return err
		}
		ends[k] = i
		gcol := colFromGroup + column(k)
		ti.setGroup(i, cells[gcol], tc.names[gcol], where)
	}
	rating, ok := readRating(cells[colRating], cells[colRatingWord], &tc.names, where, ti.ps)
	if ends[0] < 0 || ends[1] < 0 || !ok {
		return nil
	}
	if ends[0] == ends[1] {
		ti.ps.add(where, "%s and %s are both %s; a relation joins two different functions", tc.names[colFrom], tc.names[colTo], quoteText(cells[colFrom]))
		return nil
	}
	pair := [2]int{min(ends[0], ends[1]), max(ends[0], ends[1])}
	if prev, dup := ti.pairAt[pair]; dup {
		ti.ps.add(where, "%s and %s are already related on %s (one relation per pair)", quoteText(cells[colFrom]), quoteText(cells[colTo]), prev)
		return nil
	}
	ti.pairAt[pair] = where
	if len(ti.m.Relations) == graph.MaxRelations {
		return tooMany(len(ti.m.Functions), graph.MaxRelations+1)
	}
	ti.m.Relations = append(ti.m.Relations, graph.Relation{ID: cells[colID], Rating: rating, Note: cells[colNote]})
	ti.ends = append(ti.ends, ends) // function ids are known only after AssignIDs
	ti.o.relations = append(ti.o.relations, where)
	return nil
}

// readRating reads the rating of a row from its number and word columns;
// either may be empty, and when both are given they must agree.
func readRating(num, word string, names *[numColumns]string, where string, ps *problems) (graph.Rating, bool) {
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

// finish assigns the ids, joins the relations to their ends and prepares
// the map, or returns the problems found, in the words of the tables.
func (ti *tableImport) finish() (*graph.Map, error) {
	if err := ti.ps.err(); err != nil {
		return nil, err
	}
	m := ti.m
	m.AssignIDs()
	for i, e := range ti.ends {
		m.Relations[i].A, m.Relations[i].B = m.Functions[e[0]].ID, m.Functions[e[1]].ID
	}
	if err := m.PrepareNew(); err != nil {
		return nil, ti.o.rebase(err)
	}
	return m, nil
}

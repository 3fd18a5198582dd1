// Package interchange turns relationship maps into the files other tools
// read, and reads maps back from the files people bring: the JSON document,
// CSV tables and an Excel workbook for (Danish) Excel, Graphviz DOT, GraphML
// for yEd, Gephi, Cytoscape, networkx and igraph, and GEXF for Gephi.
//
// Export writes json, csv, dot, graphml, gexf and xlsx; Import reads json,
// csv, graphml and xlsx. What each format carries:
//
//   - json: the whole document (m.Document(): no id, version or timestamps).
//     Re-imports equal.
//
//   - graphml: the whole document. Graph data title, task, description; node
//     id, name (also as "label", which Gephi shows), group, center, x, y,
//     note; edge id, rating (1–3), weight, color, note. Re-imports equal,
//     also after a round trip through networkx or igraph (an "id" data key
//     holds the id they cannot keep as the element's). The import reads yEd
//     too: node labels as names, edge labels as ratings, group nodes as the
//     group of their members; two edges of one pair become one relation with
//     the worse rating (ImportWithWarnings says so).
//
//   - csv: a relations table (from, to, rating, rating word, group of each
//     end, note) and a functions table (name, group, centre, note, x, y), as
//     a zip or one at a time. The zip re-imports all but the title, task,
//     description and ids (made again from the names); a relations table
//     alone also loses functions without relations, the centre, positions
//     and function notes. Imported text may be UTF-8 (with or without a
//     BOM), UTF-16 with a BOM or Windows-1252, with CRLF, LF or CR line ends
//     and ';', ',' or tab between cells.
//
//   - dot: title and task as the graph label, groups as clusters, centre as
//     an ellipse, notes as tooltips, rating as colour, weight and a custom
//     "rating" attribute. Export only.
//
//   - gexf: GEXF 1.2draft (1.3 with ExportOptions.GEXFVersion); title, task
//     and description in meta/description, node label, group, center, note,
//     pinned position (viz:position); edge weight, rating, note, colour
//     (viz:color). Export only.
//
//   - xlsx: an Excel workbook with the sheets Relationer (from, to, the
//     rating as a number filled with its colour, the rating as a word, note,
//     id), Funktioner (name, group, centre, relations, low, mean rating,
//     brokerage, note, x, y, id), Opmærksomhed (the weakest ties with their
//     reasons), Grupper (the group matrix on a colour scale) and Om kortet
//     (title, task, description, date, score, counts, how to read it); in
//     English with lang=en. Every text is a string cell, no cell a formula.
//     Re-imports equal (from Relationer, Funktioner and Om kortet, in either
//     language); sheets edited by hand import too, with rows added without
//     an id and ratings typed as numbers or words.
//
// The weight of a relation is the strength of the tie, so that layouts pull
// strong ties together: High 3, Middle 2, Low 1, none when unrated. Note that
// the rating itself runs the other way (3 is the weakest).
//
// The CLI and the HTTP API both call Export and Import: one implementation,
// two doors. interchange does not store, draw or serve anything; the colours
// of the ratings come from the caller (the render package owns the palette).
package interchange

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// ExportFormats are the formats Export writes, ImportFormats those Import reads.
var (
	ExportFormats = []string{"json", "csv", "dot", "graphml", "gexf", "xlsx"}
	ImportFormats = []string{"json", "csv", "graphml", "xlsx"}
)

// The tables of a CSV export.
const (
	TableFunctions = "functions"
	TableRelations = "relations"
)

// ExportOptions tune an export. The zero value is a Danish CSV zip with the
// built-in traffic-light palette.
type ExportOptions struct {
	// Table picks one CSV table: "functions" or "relations". Empty means a
	// zip holding both. Other formats ignore it.
	Table string
	// Lang is "da" (the default) or "en": the CSV header names and the words
	// for the ratings in CSV and DOT.
	Lang graph.Lang
	// Colors maps each rating, graph.Unrated included, to a "#rrggbb" colour
	// for DOT, GraphML and GEXF. Missing ratings (or a nil map) fall back to
	// DefaultColors.
	Colors map[graph.Rating]string
	// GEXFVersion is the GEXF version: "1.2" (1.2draft, the default when
	// empty) or "1.3". Other formats ignore it.
	GEXFVersion string
}

// DefaultColors is the fallback palette: green, amber, red and grey.
var DefaultColors = map[graph.Rating]string{
	graph.High:    "#2e7d32",
	graph.Middle:  "#f9a825",
	graph.Low:     "#c62828",
	graph.Unrated: "#9e9e9e",
}

// Export writes m to w in format (json, csv, dot, graphml or gexf). Nothing is
// written unless the whole export succeeds, so that an HTTP handler can still
// answer with an error. It returns a *graph.ValidationError (ErrInvalid) for an
// unknown format, table or language, and a plain error for a colour that is
// not #rrggbb or a failed write.
func Export(w io.Writer, m *graph.Map, format string, opt ExportOptions) error {
	if err := checkOptions(format, opt); err != nil {
		return err
	}
	pal, err := palette(opt.Colors)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		err = exportJSON(&buf, m)
	case "csv":
		err = exportCSV(&buf, m, opt)
	case "dot":
		err = exportDOT(&buf, m, words(opt.Lang), pal)
	case "graphml":
		err = exportGraphML(&buf, m, pal)
	case "xlsx":
		err = exportXLSX(&buf, m, opt.Lang, pal)
	case "gexf":
		err = exportGEXF(&buf, m, pal, cmp.Or(opt.GEXFVersion, GEXF12))
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write %s export: %w", format, err)
	}
	return nil
}

func checkOptions(format string, opt ExportOptions) error {
	if !oneOf(format, ExportFormats) {
		return graph.Invalid("format", "%q is not one of %s", format, strings.Join(ExportFormats, ", "))
	}
	if format == "csv" && opt.Table != "" && opt.Table != TableFunctions && opt.Table != TableRelations {
		return graph.Invalid("table", "%q is not one of functions, relations (or empty for a zip of both)", opt.Table)
	}
	if _, err := graph.ParseLang(string(opt.Lang)); err != nil {
		return err
	}
	if v := opt.GEXFVersion; v != "" && v != GEXF12 && v != GEXF13 {
		return graph.Invalid("gexf_version", "%q is not one of 1.2, 1.3", v)
	}
	return nil
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// palette merges colors over DefaultColors and checks every colour, since
// colours go into DOT and XML attributes.
func palette(colors map[graph.Rating]string) (map[graph.Rating]string, error) {
	pal := make(map[graph.Rating]string, 4)
	for r := graph.Unrated; r <= graph.Low; r++ {
		c, ok := colors[r]
		if !ok || c == "" {
			c = DefaultColors[r]
		}
		if !hexColor.MatchString(c) {
			return nil, fmt.Errorf("colour for rating %s is %q, not #rrggbb", r, c)
		}
		pal[r] = strings.ToLower(c)
	}
	return pal, nil
}

// rgb splits a checked "#rrggbb" colour into its channels.
func rgb(c string) (r, g, b uint8) {
	v, _ := strconv.ParseUint(c[1:], 16, 32) // checked by palette
	return uint8(v >> 16), uint8(v >> 8), uint8(v)
}

// strength is the weight of a relation in graph tools: the strength of the
// tie, so that layouts pull strong ties together. High 3, Middle 2, Low 1;
// unrated relations get no weight.
func strength(r graph.Rating) int {
	if !r.Rated() {
		return 0
	}
	return 4 - int(r)
}

// vocabulary holds the words of one language.
type vocabulary struct {
	rating                                              map[graph.Rating]string
	from, to, ratingCol, ratingWord, fromGroup, toGroup string
	note, name, group, center, yes                      string
}

var (
	danishWords = vocabulary{
		rating: map[graph.Rating]string{graph.High: "Høj", graph.Middle: "Middel", graph.Low: "Lav", graph.Unrated: "Ikke vurderet"},
		from:   "Fra", to: "Til", ratingCol: "Vurdering", ratingWord: "Vurdering (ord)",
		fromGroup: "Gruppe (fra)", toGroup: "Gruppe (til)", note: "Note",
		name: "Navn", group: "Gruppe", center: "Centrum", yes: "Ja",
	}
	englishWords = vocabulary{
		rating: map[graph.Rating]string{graph.High: "High", graph.Middle: "Middle", graph.Low: "Low", graph.Unrated: "Unrated"},
		from:   "From", to: "To", ratingCol: "Rating", ratingWord: "Rating word",
		fromGroup: "From group", toGroup: "To group", note: "Note",
		name: "Name", group: "Group", center: "Centre", yes: "Yes",
	}
)

// decimal writes x in full (never with an exponent) with the language's
// decimal mark: "12,5" in Danish, "12.5" in English.
func (v *vocabulary) decimal(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if v == &danishWords {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func words(lang graph.Lang) *vocabulary {
	if lang == graph.English {
		return &englishWords
	}
	return &danishWords
}

// Import reads a map in format (json, csv or graphml) and returns it ready to
// store as a new map: ids assigned, normalized and validated
// (m.PrepareNew). Input over graph.MaxRequestBody, graph.MaxFunctions or
// graph.MaxRelations is refused. On any problem Import returns a nil map and
// a *graph.ValidationError whose fields name the line or element ("line 7",
// "edge 'r3' (line 40)"), unwrapping to graph.ErrInvalid or graph.ErrTooLarge.
// It drops the warnings of ImportWithWarnings.
func Import(r io.Reader, format string) (*graph.Map, error) {
	res, err := ImportWithWarnings(r, format)
	if err != nil {
		return nil, err
	}
	return res.Map, nil
}

// ImportResult is an imported map and the warnings of its import.
type ImportResult struct {
	Map *graph.Map
	// Warnings say, one sentence each naming the line or element, where the
	// map differs from what the file literally says: two edges of one pair
	// merged into one relation, an edge label that is not a rating, an edge
	// to a yEd group. Empty when the map is the file.
	Warnings []string
}

// ImportWithWarnings is Import that also returns the warnings: what the
// import changed to make the file a map, for the caller to show.
func ImportWithWarnings(r io.Reader, format string) (*ImportResult, error) {
	if !oneOf(format, ImportFormats) {
		return nil, graph.Invalid("format", "%q is not one of %s", format, strings.Join(ImportFormats, ", "))
	}
	data, err := io.ReadAll(io.LimitReader(r, graph.MaxRequestBody+1))
	if err != nil {
		return nil, fmt.Errorf("read %s import: %w", format, err)
	}
	if len(data) > graph.MaxRequestBody {
		// graph's own error for an oversized document, so that every door
		// reports it alike (it unwraps to graph.ErrTooLarge).
		_, err := graph.DecodeMapBytes(data)
		return nil, err
	}
	if err := sniff(data, format); err != nil {
		return nil, err
	}
	res := &ImportResult{}
	w := &warnings{}
	switch format {
	case "json":
		res.Map, err = importJSON(data)
	case "csv":
		res.Map, err = importCSV(data)
	case "graphml":
		res.Map, err = importGraphML(data, w)
	case "xlsx":
		res.Map, err = importXLSX(data)
	}
	if err != nil {
		return nil, err
	}
	res.Warnings = w.list()
	return res, nil
}

// origin remembers where each function and relation of an imported map came
// from, so that graph's validation problems ("relations[3].rating") can be
// told in the words of the input ("line 5: Vurdering: …").
type origin struct {
	functions []string          // "line 4", "node 'laege' (line 12)"
	relations []string          // "line 5", "edge 'r1' (line 30)"
	fields    map[string]string // model field → its name in the input: "a" → "Fra"
}

var (
	elementPath = regexp.MustCompile(`^(functions|relations)\[(\d+)\](?:\.(\w+))?$`)
	elementRef  = regexp.MustCompile(`(functions|relations)\[(\d+)\]`)
)

func (o *origin) where(list string, i int) (string, bool) {
	locs := o.functions
	if list == "relations" {
		locs = o.relations
	}
	if i < 0 || i >= len(locs) {
		return "", false
	}
	return locs[i], true
}

// rebase rewrites the problems of err in place; err must be what
// PrepareNew or Validate returned for the map o describes.
func (o *origin) rebase(err error) error {
	var ve *graph.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for i, p := range ve.Problems {
		msg := elementRef.ReplaceAllStringFunc(p.Message, func(s string) string {
			sm := elementRef.FindStringSubmatch(s)
			n, _ := strconv.Atoi(sm[2])
			if loc, ok := o.where(sm[1], n); ok {
				return loc
			}
			return s
		})
		if sm := elementPath.FindStringSubmatch(p.Field); sm != nil {
			n, _ := strconv.Atoi(sm[2])
			if loc, ok := o.where(sm[1], n); ok {
				if sm[3] != "" {
					name := sm[3]
					if f, ok := o.fields[name]; ok {
						name = f
					}
					msg = name + ": " + msg
				}
				ve.Problems[i] = graph.FieldError{Field: loc, Message: msg}
				continue
			}
		}
		ve.Problems[i].Message = msg
	}
	return ve
}

// problems collects the problems of one import. It stops listing after
// maxProblems, so that a hostile file cannot make a huge error.
type problems struct {
	list []graph.FieldError
	more int
}

const maxProblems = 50

func (p *problems) add(where, format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, graph.FieldError{Field: where, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := p.list
	if p.more > 0 {
		list = append(list, graph.FieldError{Message: fmt.Sprintf("and %d more problems", p.more)})
	}
	return &graph.ValidationError{Problems: list}
}

// warnings collects the warnings of one import, at most maxProblems of
// them, for the same reason as problems.
type warnings struct {
	texts []string
	more  int
}

func (w *warnings) add(where, format string, args ...any) {
	if len(w.texts) >= maxProblems {
		w.more++
		return
	}
	w.texts = append(w.texts, where+": "+fmt.Sprintf(format, args...))
}

func (w *warnings) list() []string {
	if w.more > 0 {
		return append(w.texts, fmt.Sprintf("and %d more warnings", w.more))
	}
	return w.texts
}

// tooMany returns graph's own limit error for a map with nf functions and
// nr relations (it unwraps to graph.ErrTooLarge).
func tooMany(nf, nr int) error {
	m := &graph.Map{Functions: make([]graph.Function, nf), Relations: make([]graph.Relation, nr)}
	return m.Validate()
}

// quoteText shows user text in an error message, shortened.
func quoteText(s string) string {
	const max = 60
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return "'" + s + "'"
}

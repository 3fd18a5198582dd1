package interchange

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/relationskort/relationskort/graph"
)

// The Excel workbook, for leaders to work in: the relations and functions
// as tables (the two sheets import back), the weakest ties with their
// reasons, the group matrix and a sheet about the map. Written with
// excelize, which only this file and xlsx_import.go use.
//
// Every text cell is written as a string (never a formula, never a number
// Excel would make of "0045", "1,5" or "1-2"), so a name such as
// "=cmd|' /C calc'!A0" is shown and never run. Text columns are formatted
// as text ("@"), so that what is typed into them later stays text too.
// No cell holds a formula.

// xlsxWords are the sheet names and headers of one language.
type xlsxWords struct {
	relations, functions, attention, groups, about string
	relationCols, functionCols, attentionCols      []string
	group, noRatings, noWeak, noGroups, yes        string
	aboutRows                                      [12]string
	reading                                        []string
}

var (
	danishXLSX = xlsxWords{
		relations: "Relationer", functions: "Funktioner", attention: "Opmærksomhed", groups: "Grupper", about: "Om kortet",
		relationCols:  []string{"Fra", "Til", "Vurdering", "Vurdering som tekst", "Note", "Id"},
		functionCols:  []string{"Navn", "Gruppe", "Midte", "Relationer", "Lave", "Gennemsnit", "Mellemmand", "Note", "X", "Y", "Id"},
		attentionCols: []string{"Nr.", "Fra", "Til", "Vurdering", "Bro", "Begrundelser", "Note"},
		group:         "Gruppe", yes: "Ja",
		noWeak:    "Ingen relationer er vurderet Lav eller Middel.",
		noGroups:  "Ingen funktioner har en gruppe.",
		noRatings: "Gennemsnitlig vurdering inden for og mellem grupperne: 1 Høj (grøn) til 3 Lav (rød); tom: ingen vurderede relationer.",
		aboutRows: [12]string{"Titel", "Opgave", "Beskrivelse", "Senest ændret", "Score (0–100)", "Funktioner", "Relationer", "Høj", "Middel", "Lav", "Ikke vurderet", "Sådan læses arbejdsbogen"},
		reading: []string{
			"Relationer: én række pr. relation. Vurdering 1 = Høj, 2 = Middel, 3 = Lav (3 er det svageste bånd); tom = ikke vurderet.",
			"Funktioner: hver funktion med antal relationer, antal vurderet Lav, gennemsnitlig vurdering (1–3) og mellemmandsrolle (den andel af de korteste veje mellem andre funktioner, der går gennem den).",
			"Opmærksomhed: de svageste bånd i den rækkefølge, ledelsen bør se på dem: Lav før Middel, broer (uden dem mister nogen al forbindelse) først; med begrundelser.",
			"Grupper: gennemsnitlig vurdering inden for og mellem grupperne.",
			"Score: 100 betyder, at alle vurderede relationer er Høj, 0 at alle er Lav.",
			"Arkene Relationer og Funktioner kan rettes og importeres igen. Kolonnen Id binder rækkerne til kortet: lad den stå, og lad den være tom i nye rækker.",
		},
	}
	englishXLSX = xlsxWords{
		relations: "Relations", functions: "Functions", attention: "Attention", groups: "Groups", about: "About the map",
		relationCols:  []string{"From", "To", "Rating", "Rating as text", "Note", "Id"},
		functionCols:  []string{"Name", "Group", "Centre", "Relations", "Low", "Mean", "Brokerage", "Note", "X", "Y", "Id"},
		attentionCols: []string{"No.", "From", "To", "Rating", "Bridge", "Reasons", "Note"},
		group:         "Group", yes: "Yes",
		noWeak:    "No relation is rated Low or Middle.",
		noGroups:  "No function has a group.",
		noRatings: "Mean rating within and between the groups: 1 High (green) to 3 Low (red); empty: no rated relations.",
		aboutRows: [12]string{"Title", "Task", "Description", "Last changed", "Score (0–100)", "Functions", "Relations", "High", "Middle", "Low", "Unrated", "How to read this workbook"},
		reading: []string{
			"Relations: one row a relation. Rating 1 = High, 2 = Middle, 3 = Low (3 is the weakest tie); empty = unrated.",
			"Functions: each function with its number of relations, the number rated Low, its mean rating (1–3) and its brokerage (the share of the shortest paths between other functions that pass through it).",
			"Attention: the weakest ties in the order leadership should look at them: Low before Middle, bridges (without them some lose every connection) first; with the reasons.",
			"Groups: the mean rating within and between the groups.",
			"Score: 100 means every rated relation is High, 0 that every one is Low.",
			"The sheets Relations and Functions can be edited and imported again. The Id column ties the rows to the map: keep it, and leave it empty in new rows.",
		},
	}
)

func xlsxVocabulary(lang graph.Lang) *xlsxWords {
	if lang == graph.English {
		return &englishXLSX
	}
	return &danishXLSX
}

// Column widths, in characters, fitted to the longest text between these.
const (
	minColWidth = 6
	maxColWidth = 60
)

// maxCellChars is what an Excel cell holds, in UTF-16 units. A longer note
// is cut, and says so.
const maxCellChars = 32767

// workbook is an excelize file being written, with its styles.
type workbook struct {
	f      *excelize.File
	w      *xlsxWords
	v      *vocabulary
	pal    map[graph.Rating]string
	err    error
	header int                  // style of a header cell
	text   int                  // style of a text cell: format "@"
	wrap   int                  // text that wraps (notes, reasons)
	rating map[graph.Rating]int // a rating cell, filled with its colour
	mean   int                  // a mean rating: 0.00
	share  int                  // a share: 0 %
	title  int                  // the map's title on the about sheet
}

// sheet is one sheet being written: its widths follow the longest text.
type sheet struct {
	wb     *workbook
	name   string
	widths []int
}

func exportXLSX(buf *bytes.Buffer, m *graph.Map, lang graph.Lang, pal map[graph.Rating]string) error {
	if lang != graph.English {
		lang = graph.Danish // "" too: the same workbook as "da"
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}} })
	wb := &workbook{f: f, w: xlsxVocabulary(lang), v: words(lang), pal: pal}
	wb.styles()
	a := graph.Analyze(m, lang)
	wb.relationsSheet(m)
	wb.functionsSheet(m, a)
	wb.attentionSheet(a)
	wb.groupsSheet(a.GroupMatrix)
	wb.aboutSheet(m, a)
	if wb.err != nil {
		return wb.err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: m.Title, Subject: m.Task, Creator: "Relationskort", Language: string(lang),
		Created: xlsxTime(m), Modified: xlsxTime(m),
	}); err != nil {
		return err
	}
	_, err := f.WriteTo(buf)
	return err
}

// sortedZip is the zip writer of an export: excelize writes the parts of a
// workbook in the order of a sync.Map's iteration, which differs from run
// to run; sortedZip keeps them and writes them sorted by name (the content
// types first, as Office does), so that one map gives one workbook, byte
// for byte.
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("workbook part %s written twice", name)
	}
	b := &bytes.Buffer{}
	z.parts[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, err := z.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
}

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			if a == "[Content_Types].xml" {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	zw := zip.NewWriter(z.w)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := w.Write(z.parts[name].Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

// xlsxTime is the map's last change, so that one map gives one workbook.
func xlsxTime(m *graph.Map) string {
	if m.UpdatedAt.IsZero() {
		return "2000-01-01T00:00:00Z"
	}
	return m.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")
}

func (wb *workbook) style(s *excelize.Style) int {
	if wb.err != nil {
		return 0
	}
	id, err := wb.f.NewStyle(s)
	wb.err = err
	return id
}

func (wb *workbook) styles() {
	wb.header = wb.style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#e8e8e8"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "#808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top"},
		NumFmt:    49,
	})
	wb.text = wb.style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}})
	wb.wrap = wb.style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	wb.mean = wb.style(&excelize.Style{NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "top"}})
	wb.share = wb.style(&excelize.Style{NumFmt: 9, Alignment: &excelize.Alignment{Vertical: "top"}})
	wb.title = wb.style(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true, Size: 14}})
	wb.rating = map[graph.Rating]int{}
	for r := graph.Unrated; r <= graph.Low; r++ {
		c := wb.pal[r]
		wb.rating[r] = wb.style(&excelize.Style{
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}},
			Font:      &excelize.Font{Bold: true, Color: contrast(c)},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"},
		})
	}
}

// contrast is black or white, whichever reads better on colour c.
func contrast(c string) string {
	r, g, b := rgb(c)
	if 299*int(r)+587*int(g)+114*int(b) > 150_000 {
		return "#000000"
	}
	return "#ffffff"
}

// newSheet adds a sheet; the first one is the new file's own sheet renamed.
func (wb *workbook) newSheet(name string) *sheet {
	if wb.err == nil {
		if list := wb.f.GetSheetList(); len(list) == 1 && list[0] == "Sheet1" {
			wb.err = wb.f.SetSheetName("Sheet1", name)
		} else {
			_, wb.err = wb.f.NewSheet(name)
		}
	}
	return &sheet{wb: wb, name: name}
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row) // col and row are ours, in range
	return name
}

// fit widens column col to hold s (its longest line).
func (s *sheet) fit(col int, text string) {
	for len(s.widths) < col {
		s.widths = append(s.widths, minColWidth)
	}
	for _, line := range strings.Split(text, "\n") {
		if n := len([]rune(line)) + 3; n > s.widths[col-1] { // room for bold headers
			s.widths[col-1] = min(n, maxColWidth)
		}
	}
}

// str writes text as a string cell with style.
func (s *sheet) str(col, row int, text string, style int) {
	wb := s.wb
	if wb.err != nil {
		return
	}
	text = cutCell(text)
	s.fit(col, text)
	cell := cellName(col, row)
	if text != "" {
		if hasXstring(text) {
			// SetCellStr would store "_x0041_" as it is (read back as "A")
			// and may share it with another text that escapes alike; a
			// text run is escaped ("_x005F_x0041_") and never shared.
			wb.err = wb.f.SetCellRichText(s.name, cell, []excelize.RichTextRun{{Text: text}})
		} else {
			wb.err = wb.f.SetCellStr(s.name, cell, text)
		}
		if wb.err != nil {
			return
		}
	}
	wb.err = wb.f.SetCellStyle(s.name, cell, cell, style)
}

// num writes a number cell with style; nil leaves the cell empty.
func (s *sheet) num(col, row int, v *float64, style int) {
	wb := s.wb
	if wb.err != nil {
		return
	}
	cell := cellName(col, row)
	if v != nil {
		s.fit(col, strconv.FormatFloat(*v, 'g', 6, 64))
		if wb.err = wb.f.SetCellFloat(s.name, cell, *v, -1, 64); wb.err != nil {
			return
		}
	}
	wb.err = wb.f.SetCellStyle(s.name, cell, cell, style)
}

func (s *sheet) int(col, row int, v int, style int) {
	x := float64(v)
	s.num(col, row, &x, style)
}

// hasXstring reports whether s holds "_xHHHH_", which a spreadsheet reads
// as an escaped character ("_x0041_" is "A" to Excel and excelize alike).
func hasXstring(s string) bool {
	for i := strings.Index(s, "_x"); i >= 0; {
		if xstringNext(s[i+1:]) {
			return true
		}
		j := strings.Index(s[i+1:], "_x")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// xstringNext reports whether s starts with "xHHHH_".
func xstringNext(s string) bool {
	if len(s) < 6 || s[0] != 'x' || s[5] != '_' {
		return false
	}
	for _, c := range s[1:5] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// cutCell cuts text to what an Excel cell holds, saying so at the end.
func cutCell(text string) string {
	u := utf16.Encode([]rune(text))
	if len(u) <= maxCellChars {
		return text
	}
	const mark = " … [cut: an Excel cell holds at most 32,767 characters]"
	r := []rune(string(utf16.Decode(u[:maxCellChars-len(mark)])))
	return strings.TrimSuffix(string(r), "\uFFFD") + mark
}

// header writes the header row, freezes it, and sets the text format on
// the columns that text (so that typing "0045" keeps the zeros).
func (s *sheet) header(cols []string, textCols ...int) {
	wb := s.wb
	for _, c := range textCols { // first: SetColStyle restyles the cells there
		if wb.err == nil {
			col, _ := excelize.ColumnNumberToName(c)
			wb.err = wb.f.SetColStyle(s.name, col, wb.text)
		}
	}
	for i, h := range cols {
		s.str(i+1, 1, h, s.wb.header)
	}
	if wb.err == nil {
		wb.err = wb.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
}

// finish sets the column widths, A4 landscape one page wide for print,
// and, for a table of rows rows below its header, an autofilter.
func (s *sheet) finish(cols, rows int, filter bool) {
	wb := s.wb
	if wb.err == nil {
		landscape, a4, one, any := "landscape", 9, 1, 0
		wb.err = wb.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &any})
	}
	for i, w := range s.widths {
		if wb.err == nil {
			col, _ := excelize.ColumnNumberToName(i + 1)
			wb.err = wb.f.SetColWidth(s.name, col, col, float64(w))
		}
	}
	if filter && wb.err == nil {
		wb.err = wb.f.AutoFilter(s.name, "A1:"+cellName(cols, max(rows, 1)+1), nil)
	}
	if wb.err == nil { // after AutoFilter, which sets the sheet's properties anew
		fit := true
		wb.err = wb.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit})
	}
}

func (wb *workbook) relationsSheet(m *graph.Map) {
	s := wb.newSheet(wb.w.relations)
	s.header(wb.w.relationCols, 1, 2, 4, 5, 6)
	for i, r := range m.Relations {
		row := i + 2
		s.str(1, row, end(m, r.A).Name, wb.text)
		s.str(2, row, end(m, r.B).Name, wb.text)
		if r.Rating.Rated() {
			s.int(3, row, int(r.Rating), wb.rating[r.Rating])
		} else {
			s.num(3, row, nil, wb.rating[graph.Unrated])
		}
		s.str(4, row, wb.v.rating[r.Rating], wb.text)
		s.str(5, row, r.Note, wb.wrap)
		s.str(6, row, r.ID, wb.text)
	}
	s.finish(len(wb.w.relationCols), len(m.Relations), true)
}

func (wb *workbook) functionsSheet(m *graph.Map, a *graph.Analysis) {
	s := wb.newSheet(wb.w.functions)
	s.header(wb.w.functionCols, 1, 2, 3, 8, 11)
	stats := make(map[string]*graph.FunctionStats, len(a.Functions))
	for i := range a.Functions {
		stats[a.Functions[i].ID] = &a.Functions[i]
	}
	for i, f := range m.Functions {
		row := i + 2
		s.str(1, row, f.Name, wb.text)
		s.str(2, row, f.Group, wb.text)
		center := ""
		if f.Center {
			center = wb.w.yes
		}
		s.str(3, row, center, wb.text)
		if st := stats[f.ID]; st != nil {
			s.int(4, row, st.Relations, 0)
			s.int(5, row, st.Low, 0)
			s.num(6, row, st.MeanRating, wb.mean)
			s.num(7, row, &st.Brokerage, wb.share)
		}
		s.str(8, row, f.Note, wb.wrap)
		if f.Pinned() {
			s.num(9, row, f.X, 0)
			s.num(10, row, f.Y, 0)
		}
		s.str(11, row, f.ID, wb.text)
	}
	s.finish(len(wb.w.functionCols), len(m.Functions), true)
}

func (wb *workbook) attentionSheet(a *graph.Analysis) {
	s := wb.newSheet(wb.w.attention)
	s.header(wb.w.attentionCols, 2, 3, 5, 6, 7)
	if len(a.Weakest) == 0 {
		s.str(1, 2, wb.w.noWeak, wb.text)
	}
	for i, w := range a.Weakest {
		row := i + 2
		s.int(1, row, w.Rank, 0)
		s.str(2, row, w.AName, wb.text)
		s.str(3, row, w.BName, wb.text)
		s.int(4, row, int(w.Rating), wb.rating[w.Rating])
		bridge := ""
		if w.Bridge {
			bridge = wb.w.yes
		}
		s.str(5, row, bridge, wb.text)
		s.str(6, row, strings.Join(w.Reasons, "\n"), wb.wrap)
		s.str(7, row, w.Note, wb.wrap)
	}
	s.finish(len(wb.w.attentionCols), len(a.Weakest), len(a.Weakest) > 0)
}

// groupsSheet writes the group matrix: the mean rating of the relations
// within (the diagonal) and between groups, coloured on a scale from the
// High colour through Middle to Low.
func (wb *workbook) groupsSheet(gm *graph.Matrix) {
	s := wb.newSheet(wb.w.groups)
	s.str(1, 1, wb.w.group, wb.header)
	if gm == nil || len(gm.Groups) == 0 {
		s.str(1, 3, wb.w.noGroups, wb.text)
		s.finish(1, 0, false)
		return
	}
	pos := make(map[string]int, len(gm.Groups))
	for i, g := range gm.Groups {
		pos[g] = i + 2
		s.str(i+2, 1, g, wb.header)
		s.str(1, i+2, g, wb.header)
	}
	for _, c := range gm.Cells {
		s.num(pos[c.B], pos[c.A], c.MeanRating, wb.mean)
		s.num(pos[c.A], pos[c.B], c.MeanRating, wb.mean)
	}
	last := cellName(len(gm.Groups)+1, len(gm.Groups)+1)
	if wb.err == nil {
		wb.err = wb.f.SetConditionalFormat(s.name, "B2:"+last, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "num", MinValue: "1", MinColor: wb.pal[graph.High],
			MidType: "num", MidValue: "2", MidColor: wb.pal[graph.Middle],
			MaxType: "num", MaxValue: "3", MaxColor: wb.pal[graph.Low],
		}})
	}
	if wb.err == nil {
		wb.err = wb.f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
	}
	names := s.widths[0]
	s.str(1, len(gm.Groups)+3, wb.w.noRatings, wb.text)
	s.widths[0] = names // the caption runs over; the group names set the width
	s.finish(len(gm.Groups)+1, len(gm.Groups), false)
}

func (wb *workbook) aboutSheet(m *graph.Map, a *graph.Analysis) {
	s := wb.newSheet(wb.w.about)
	w := wb.w.aboutRows
	s.str(1, 1, w[0], wb.header)
	s.str(2, 1, m.Title, wb.title)
	s.str(1, 2, w[1], wb.header)
	s.str(2, 2, m.Task, wb.wrap)
	s.str(1, 3, w[2], wb.header)
	s.str(2, 3, m.Description, wb.wrap)
	s.str(1, 4, w[3], wb.header)
	if !m.UpdatedAt.IsZero() {
		s.str(2, 4, m.UpdatedAt.UTC().Format("2006-01-02"), wb.text)
	}
	s.str(1, 5, w[4], wb.header)
	if a.Score != nil {
		score := float64(int(*a.Score + 0.5))
		s.num(2, 5, &score, 0)
	}
	for i, n := range []int{len(m.Functions), len(m.Relations), a.Counts.High, a.Counts.Middle, a.Counts.Low, a.Counts.Unrated} {
		s.str(1, 6+i, w[5+i], wb.header)
		s.int(2, 6+i, n, 0)
	}
	s.str(1, 13, w[11], wb.header)
	for i, line := range wb.w.reading {
		s.str(2, 13+i, line, wb.wrap)
	}
	s.finish(2, 0, false)
	if wb.err == nil {
		wb.err = wb.f.SetColWidth(s.name, "B", "B", maxColWidth+20)
	}
}

package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/relationskort/relationskort/graph"
)

// The report is the map as leaders take it into a meeting: a PDF of A4
// pages in landscape, in this order —
//
//  1. the map on A4 (title, task, date and version in its frame), the
//     weakest ties numbered on it and listed beside it, and a short guide
//     to reading it;
//  2. for leadership's attention: the weakest ties with all their reasons
//     and notes, the group's other notes, the score and the count of each
//     rating (running on to further pages when it is long);
//  3. the group-to-group matrix;
//  4. with an earlier map: the comparison, with the score before and
//     after.
//
// Each page is composed as display lists (the map, the matrix and the
// comparison as they are drawn anywhere else, the report's own pages in
// page units) and the PDF translator (pdf.go) draws them; every page has
// the map's title and its number in the footer.

// reportTop is the most weakest ties the report numbers and explains.
const reportTop = 10

// The report's page: A4 landscape in diagram units at 150 dpi, as the A4
// format's canvas, and in points.
const (
	pageW   = 1754.0
	pageH   = 1240.0
	pagePtW = 297 / 25.4 * 72
	pagePtH = 210 / 25.4 * 72
	// pageFoot is the strip at the bottom of every page for the footer.
	pageFoot = 56.0
)

// reportWords are the report's own texts in one language.
type reportWords struct {
	tiesHeading, tiesSee, tiesMore   string
	guideHeading                     string
	guide                            func(groups bool) []string
	attention, continued             string
	countsHeading, totals            string
	notesHeading, noNotes, describes string
	page                             string
	subject                          string
	// a rating round's page
	round, disputed, oneSided       string
	noDisputed, noOneSided, turnout string
	disputedLine, oneSidedLine      string
}

var reportVocab = map[graph.Lang]reportWords{
	graph.Danish: {
		tiesHeading: "De svageste bånd", tiesSee: "Årsagerne står på side 2.", tiesMore: "+ %d flere på side 2",
		guideHeading: "Sådan læses kortet",
		guide: func(groups bool) []string {
			g := []string{
				"Hver cirkel er en funktion, farvet efter sin gruppe. Hver linje er en relation mellem to funktioner.",
				"Linjens farve og tal er gruppens vurdering: 1 høj, 2 middel, 3 lav; grå uden tal er ikke vurderet.",
				"De lave relationer er tegnet tykkest og stiplet, oven på cirklerne.",
				"De mørke tal på kortet er de svageste bånd, i den rækkefølge ledelsen bør se på dem.",
				"Koordineringsscoren går fra 0 (alle lave) til 100 (alle høje); relationer uden vurdering tæller ikke med.",
			}
			if groups {
				g[0] = "Kortet har så mange funktioner, at det er tegnet efter grupper: hver cirkel er en gruppe, hver linje alle relationer mellem to grupper."
				g[1] = "Linjens farve er den gennemsnitlige vurdering, afrundet; tallet er gennemsnittet og antallet af relationer."
			}
			return g
		},
		attention: "Til ledelsens opmærksomhed", continued: "(fortsat)",
		countsHeading: "Vurderinger", totals: "%d funktioner og %d relationer",
		notesHeading: "Gruppens noter", noNotes: "Ingen noter.", describes: "Om kortet",
		page: "Side %d af %d", subject: "Rapport",
		round: "Vurderingsrunde: %s", disputed: "Mest uenige bånd", oneSided: "Mest ensidige bånd",
		noDisputed: "Ingen bånd, hvor deltagerne er uenige.", noOneSided: "Ingen bånd, som de to sider oplever forskelligt.",
		turnout:      "%d deltagere. Tallene viser kun, hvad mindst %d har svaret, så ingens svar kan udledes.",
		disputedLine: "median %d · %.0f %% svarer andet", oneSidedLine: "%s: %d · %s: %d",
	},
	graph.English: {
		tiesHeading: "The weakest ties", tiesSee: "The reasons are on page 2.", tiesMore: "+ %d more on page 2",
		guideHeading: "How to read the map",
		guide: func(groups bool) []string {
			g := []string{
				"Each circle is a function, coloured by its group. Each line is a relation between two functions.",
				"A line's colour and number are the group's rating: 1 High, 2 Middle, 3 Low; grey without a number is not rated.",
				"Low relations are drawn thickest and dashed, above the circles.",
				"The dark numbers on the map are the weakest ties, in the order leadership should look at them.",
				"The coordination score runs from 0 (all Low) to 100 (all High); relations not rated are left out.",
			}
			if groups {
				g[0] = "The map has so many functions that it is drawn by group: each circle is a group, each line all relations between two groups."
				g[1] = "A line's colour is the mean rating, rounded; its label is the mean and the number of relations."
			}
			return g
		},
		attention: "For leadership's attention", continued: "(continued)",
		countsHeading: "Ratings", totals: "%d functions and %d relations",
		notesHeading: "The group's notes", noNotes: "No notes.", describes: "About the map",
		page: "Page %d of %d", subject: "Report",
		round: "Rating round: %s", disputed: "Most disputed ties", oneSided: "Most one-sided ties",
		noDisputed: "No tie on which the participants disagree.", noOneSided: "No tie the two sides see differently.",
		turnout:      "%d participants. The figures show only what at least %d answered, so no one's answer can be inferred.",
		disputedLine: "median %d · %.0f %% answer otherwise", oneSidedLine: "%s: %d · %s: %d",
	},
}

// reportPage is one page: inset, when there is one, drawn scaled into the
// page above the footer; then the page's own items, in page units.
type reportPage struct {
	inset *List
	own   items
}

// Report writes the PDF report of m (see the top of this file); with
// before, the map as it was earlier, it adds the comparison. Only the
// options' palette, language and layout count: the report is A4. The
// same maps and options give the same bytes (the document's date is the
// map's). It returns an error unwrapping to graph.ErrInvalid for a bad
// option, or the error of w.
func (r *Renderer) Report(w io.Writer, m, before *graph.Map, opt Options) error {
	if err := opt.validate(); err != nil {
		return err
	}
	opt.Format, opt.Panel, opt.Detail = FormatA4, "", DetailAuto
	opt = opt.withDefaults(m)
	// The map is drawn by group in the report when it is on the screen,
	// and by function otherwise: the page beside the list of ties is
	// narrower than the screen's map area, but an 11-function map drawn
	// by group tells a leader nothing.
	if scr, err := r.Compose(m, Options{Layout: opt.Layout, Palette: opt.Palette, Lang: opt.Lang, Prev: opt.Prev, PrevScale: opt.PrevScale}); err == nil && scr.Detail == DetailFull {
		opt.Detail = DetailFull
	}
	pages, err := r.reportPages(m, before, opt)
	if err != nil {
		return err
	}
	return writeReport(w, m, opt.Lang, pages)
}

// Report is Renderer.Report with the package's default Renderer.
func Report(w io.Writer, m, before *graph.Map, opt Options) error {
	return defaultRenderer().Report(w, m, before, opt)
}

// reportPages composes the pages of the report with options that are
// valid and complete (Report makes them so).
func (r *Renderer) reportPages(m, before *graph.Map, opt Options) ([]reportPage, error) {
	a := graph.Analyze(m, opt.Lang)
	rw := reportVocab[opt.Lang]
	top := a.Weakest[:min(len(a.Weakest), reportTop)]

	d, err := r.composeMap(m, opt, &sidePanel{fill: func(c *composer, x, y0, y1, width float64) {
		c.reportPanel(a, top, rw, x, y0, y1, width)
	}})
	if err != nil {
		return nil, err
	}
	pages := []reportPage{{inset: d.List}}
	pages = append(pages, attentionPages(m, a, top, opt, rw)...)
	if opt.Round != nil {
		pages = append(pages, roundPages(m, opt.Round, opt, rw)...)
	}
	mx, err := r.Matrix(m, "group", opt)
	if err != nil {
		return nil, err
	}
	pages = append(pages, reportPage{inset: mx})
	if before != nil {
		cd, err := r.CompareDrawing(before, m, opt)
		if err != nil {
			return nil, err
		}
		pages = append(pages, reportPage{inset: cd.List})
	}
	pal, title := getPalette(opt.Palette), titleOf(m, vocab[opt.Lang])
	for i := range pages {
		pageFooter(&pages[i].own, title, fmt.Sprintf(rw.page, i+1, len(pages)), pal)
	}
	return pages, nil
}

// roundPages are the report's pages of a rating round (issue 16, item 5):
// the most disputed and the most one-sided ties with their reasons, as
// graph's RoundResults.Attention orders them, in two columns.
func roundPages(m *graph.Map, res *graph.RoundResults, opt Options, rw reportWords) []reportPage {
	pal := getPalette(opt.Palette)
	at := res.Attention()
	const colW, gap = 1060.0, 80.0
	x1, bottom := margin+colW+gap, pageH-pageFoot-20
	heading := fmt.Sprintf(rw.round, res.Round.Title)
	f := &flow{}
	f.cont = func() []rect {
		f.pages = append(f.pages, reportPage{})
		f.it().text(Text{X: margin, Y: margin + 32, S: heading + " " + rw.continued, Size: 32, Bold: true, Color: pal.ink, Class: "heading"})
		return []rect{{margin, margin + 60, margin + colW, bottom}, {x1, margin + 60, pageW - margin, bottom}}
	}
	f.pages = []reportPage{{}}
	it := f.it()
	ht := truncate(wrapToWidth(heading, 40, pageW-2*margin, true), 1, pageW-2*margin)
	it.text(Text{X: margin, Y: margin + 40, S: ht.Lines[0], Size: 40, Bold: true, Color: pal.ink, Class: "heading"})
	tt := truncate(wrapToWidth(titleOf(m, vocab[opt.Lang]), 24, pageW-2*margin, false), 1, pageW-2*margin)
	it.text(Text{X: margin, Y: margin + 80, S: tt.Lines[0], Size: 24, Color: pal.muted, Class: "task"})
	f.cols = []rect{{margin, margin + 110, margin + colW, bottom}, {x1, margin + 110, pageW - margin, bottom}}
	f.at(0)
	f.para(fmt.Sprintf(rw.turnout, res.Participants, res.Round.MinGroup), 20, 26, 0, false, false, pal.muted, "turnout")
	section := func(title, none string, ties []graph.RoundTie, line func(t graph.RoundTie) string) {
		f.need(90)
		f.y += 50
		f.it().text(Text{X: f.x, Y: f.y, S: title, Size: 28, Bold: true, Color: pal.ink, Class: "heading"})
		f.y += 6
		if len(ties) == 0 {
			f.para(none, 20, 26, 0, false, false, pal.ink, "none")
		}
		for _, t := range ties[:min(len(ties), reportTop)] {
			f.need(14 + 28 + 24*2)
			f.y += 10
			f.para(t.AName+" – "+t.BName, 22, 28, 0, true, false, pal.ink, "tie")
			if l := line(t); l != "" {
				f.para(l, 19, 24, 20, false, false, pal.muted, "figures")
			}
			for _, r := range t.Reasons {
				f.need(24)
				f.it().text(Text{X: f.x + 20, Y: f.y + 24, S: "•", Size: 19, Color: pal.muted, Class: "reason"})
				f.para(r, 19, 24, 40, false, false, pal.ink, "reason")
			}
		}
	}
	section(rw.disputed, rw.noDisputed, at.Disputed, func(t graph.RoundTie) string {
		if t.Median == graph.Unrated {
			return ""
		}
		return fmt.Sprintf(rw.disputedLine, int(t.Median), 100*t.Disagreement)
	})
	section(rw.oneSided, rw.noOneSided, at.OneSided, func(t graph.RoundTie) string {
		if t.AToB == graph.Unrated || t.BToA == graph.Unrated {
			return ""
		}
		return fmt.Sprintf(rw.oneSidedLine, t.AName, int(t.AToB), t.BName, int(t.BToA))
	})
	return f.pages
}

// writeReport draws the pages into one PDF, dated by the map.
func writeReport(w io.Writer, m *graph.Map, lang graph.Lang, pages []reportPage) error {
	wd := vocab[lang]
	date := m.UpdatedAt
	if date.IsZero() {
		date = m.CreatedAt
	}
	if date.IsZero() {
		date = pdfEpoch
	}
	d := newPDFDoc(titleOf(m, wd), string(lang), date.UTC().Truncate(time.Second), pagePtW, pagePtH)
	d.f.SetSubject(reportVocab[lang].subject, true)
	s := pagePtW / pageW
	for _, p := range pages {
		d.addPage(pagePtW, pagePtH)
		if p.inset != nil {
			d.draw(p.inset, 0, 0, pagePtW, (pageH-pageFoot)*s)
		}
		if len(p.own) > 0 {
			d.draw(&List{Width: pageW, Height: pageH, Items: p.own}, 0, 0, pagePtW, pagePtH)
		}
	}
	return d.output(w)
}

// pageFooter adds the map's title on the left and the page number on the
// right, below a rule.
func pageFooter(it *items, title, page string, pal *palette) {
	y := pageH - 22
	it.line(margin, pageH-pageFoot+6, pageW-margin, pageH-pageFoot+6, Paint{Stroke: "#c8c8c8", Width: 1})
	t := truncate(wrapToWidth(title, 18, pageW-2*margin-300, false), 1, pageW-2*margin-300)
	it.text(Text{X: margin, Y: y, S: t.Lines[0], Size: 18, Color: pal.muted, Class: "footer"})
	it.text(Text{X: pageW - margin, Y: y, S: page, Size: 18, Color: pal.muted, Anchor: AnchorEnd, Class: "footer page-number"})
}

// reportPanel is the legend column of the report's map: the weakest ties
// numbered, as many as fit, and the guide to reading the map at the
// bottom. Every tie of top is numbered on the map.
func (c *composer) reportPanel(a *graph.Analysis, top []graph.WeakTie, rw reportWords, x, y0, y1, width float64) {
	it, pw := &c.ly.frame, c.wd.panel
	// the guide, from the bottom up
	const guideSize, guideLead = 17.0, 21.0
	var guide []wrapped
	gh := 34.0
	for _, g := range rw.guide(c.detail == DetailGroups) {
		w := wrapToWidth(g, guideSize, width-22, false)
		guide = append(guide, w)
		gh += float64(len(w.Lines))*guideLead + 6
	}
	gy := max(y1-gh, y0+120)
	y := gy + 24
	it.text(Text{X: x, Y: y, S: rw.guideHeading, Size: 22, Bold: true, Color: c.pal.ink, Class: "panel panel-heading guide"})
	y += 10
	for _, g := range guide {
		for i, l := range g.Lines {
			y += guideLead
			if i == 0 {
				it.text(Text{X: x, Y: y, S: "•", Size: guideSize, Color: c.pal.muted, Class: "panel guide"})
			}
			it.text(Text{X: x + 22, Y: y, S: l, Size: guideSize, Color: c.pal.ink, Class: "panel guide"})
		}
		y += 6
	}

	// the ties, numbered, above the guide
	y = y0 + 26
	it.text(Text{X: x, Y: y, S: rw.tiesHeading, Size: 24, Bold: true, Color: c.pal.ink, Class: "panel panel-heading"})
	y += 30
	it.text(Text{X: x, Y: y, S: scoreText(a, pw), Size: 20, Bold: a.Score != nil, Color: c.pal.ink, Class: "panel panel-score"})
	if len(top) == 0 {
		it.text(Text{X: x, Y: y + 30, S: pw.none, Size: 18, Color: c.pal.ink, Class: "panel"})
		return
	}
	y += 4
	listed := 0
	for i, w := range top {
		mk := attentionMarker(c.pal, strconv.Itoa(i+1))
		c.markRelation(w.RelationID, mk)
		if listed < i {
			continue
		}
		t := truncate(wrapToWidth(w.AName+" – "+w.BName+" · "+c.wd.ratings[w.Rating], 19, width-44, true), 2, width-44)
		if y+8+float64(len(t.Lines))*23+30 > gy {
			continue
		}
		y += 8
		c.addMarker(it, mk, x+mk.w/2, y+19*0.8-mk.h/2+2, "")
		for _, l := range t.Lines {
			y += 23
			it.text(Text{X: x + 44, Y: y - 4, S: l, Size: 19, Bold: true, Color: c.pal.ink, Class: "panel panel-tie"})
		}
		listed++
	}
	more := rw.tiesSee
	if listed < len(top) {
		more = fmt.Sprintf(rw.tiesMore, len(top)-listed) + ". " + rw.tiesSee
	}
	it.text(Text{X: x, Y: y + 26, S: more, Size: 17, Color: c.pal.muted, Class: "panel"})
}

func scoreText(a *graph.Analysis, pw panelWords) string {
	if a.Score == nil {
		return pw.noScore
	}
	return fmt.Sprintf(pw.score, fmt.Sprintf("%.0f", math.Round(*a.Score)))
}

// flow sets text down columns, as a newspaper does: down the first
// column of a page, then the next, then onto a further page.
type flow struct {
	pages       []reportPage
	cols        []rect // the current page's columns
	col         int
	x, y, width float64
	cont        func() []rect // starts a further page and returns its columns
}

func (f *flow) it() *items { return &f.pages[len(f.pages)-1].own }

// at moves to column i of the current page.
func (f *flow) at(i int) {
	f.col = i
	c := f.cols[i]
	f.x, f.y, f.width = c.x0, c.y0, c.w()
}

// need makes room for h units, in the next column if this one is full.
func (f *flow) need(h float64) {
	if f.y+h <= f.cols[f.col].y1 {
		return
	}
	if f.col+1 < len(f.cols) {
		f.at(f.col + 1)
		return
	}
	f.cols = f.cont()
	f.at(0)
}

// para sets s wrapped to the column, indented by indent, each line on a
// page of its own if need be.
func (f *flow) para(s string, size, lead, indent float64, bold, italic bool, color, class string) {
	w := wrapToWidth(s, size, f.width-indent, bold)
	for _, l := range w.Lines {
		f.need(lead)
		f.y += lead
		f.it().text(Text{X: f.x + indent, Y: f.y, S: l, Size: size, Bold: bold, Italic: italic, Color: color, Class: class})
	}
}

// attentionPages compose page 2 and its continuations: the weakest ties
// with all their reasons and notes and the group's other notes in the
// main column, the score and the counts of the ratings beside it.
func attentionPages(m *graph.Map, a *graph.Analysis, top []graph.WeakTie, opt Options, rw reportWords) []reportPage {
	pal, wd := getPalette(opt.Palette), vocab[opt.Lang]
	const colW, gap = 1060.0, 80.0
	x1, bottom := margin+colW+gap, pageH-pageFoot-20
	f := &flow{}
	f.cont = func() []rect {
		f.pages = append(f.pages, reportPage{})
		f.it().text(Text{X: margin, Y: margin + 32, S: rw.attention + " " + rw.continued, Size: 32, Bold: true, Color: pal.ink, Class: "heading"})
		return []rect{{margin, margin + 60, margin + colW, bottom}, {x1, margin + 60, pageW - margin, bottom}}
	}
	f.pages = []reportPage{{}}
	it := f.it()
	it.text(Text{X: margin, Y: margin + 40, S: rw.attention, Size: 40, Bold: true, Color: pal.ink, Class: "heading"})
	tt := truncate(wrapToWidth(titleOf(m, wd), 24, pageW-2*margin, false), 1, pageW-2*margin)
	it.text(Text{X: margin, Y: margin + 80, S: tt.Lines[0], Size: 24, Color: pal.muted, Class: "task"})
	countsBottom := reportCounts(it, a, pal, wd, rw, x1, margin+130, len(m.Functions), len(m.Relations))
	f.cols = []rect{{margin, margin + 110, margin + colW, bottom}, {x1, countsBottom + 20, pageW - margin, bottom}}
	f.at(0)
	shown := map[string]bool{}
	if len(top) == 0 {
		f.para(wd.panel.none, 22, 30, 0, false, false, pal.ink, "none")
	}
	for i, w := range top {
		shown[w.RelationID] = true
		f.need(14 + 28 + 24*2)
		f.y += 14
		mk := attentionMarker(pal, strconv.Itoa(i+1))
		indent := 46.0
		it := f.it()
		it.rect(f.x, f.y+4, mk.w, mk.h, 6, Paint{Fill: mk.fill, Stroke: mk.stroke, Width: 2}, "")
		it.text(Text{X: f.x + mk.w/2, Y: f.y + 4 + mk.h/2 + mk.fontSize*0.36, S: mk.text, Size: mk.fontSize, Bold: true, Color: mk.textColor, Anchor: AnchorMiddle})
		f.para(w.AName+" – "+w.BName+" · "+wd.ratings[w.Rating], 22, 28, indent, true, false, pal.ink, "tie")
		for _, r := range w.Reasons { // all of them, the rating too: they are what a reader searches for
			f.need(24)
			f.it().text(Text{X: f.x + indent, Y: f.y + 24, S: "•", Size: 19, Color: pal.muted, Class: "reason"})
			f.para(r, 19, 24, indent+20, false, false, pal.ink, "reason")
		}
		if w.Note != "" {
			f.para("„"+w.Note+"“", 19, 24, indent+20, false, true, pal.ink, "note")
		}
	}
	if n := len(a.Weakest) - len(top); n > 0 {
		f.y += 10
		f.para(fmt.Sprintf(wd.panel.more, n), 20, 26, 0, false, false, pal.muted, "more")
	}

	// the group's notes
	f.need(90)
	f.y += 44
	f.it().text(Text{X: f.x, Y: f.y, S: rw.notesHeading, Size: 28, Bold: true, Color: pal.ink, Class: "heading"})
	f.y += 4
	notes := 0
	if strings.TrimSpace(m.Description) != "" {
		f.para(rw.describes+": "+m.Description, 20, 26, 0, false, false, pal.ink, "note")
		notes++
	}
	for _, fn := range m.Functions {
		if strings.TrimSpace(fn.Note) != "" {
			f.para(fn.Name+": „"+fn.Note+"“", 20, 26, 0, false, false, pal.ink, "note")
			notes++
		}
	}
	names := map[string]string{}
	for _, fn := range m.Functions {
		names[fn.ID] = fn.Name
	}
	for _, r := range m.Relations {
		if strings.TrimSpace(r.Note) != "" && !shown[r.ID] {
			f.para(names[r.A]+" – "+names[r.B]+": „"+r.Note+"“", 20, 26, 0, false, false, pal.ink, "note")
			notes++
		}
	}
	if notes == 0 {
		f.para(rw.noNotes, 20, 26, 0, false, false, pal.muted, "note")
	}
	return f.pages
}

// reportCounts composes the score and the count of each rating in the
// column at x and returns where they end.
func reportCounts(it *items, a *graph.Analysis, pal *palette, wd words, rw reportWords, x, y float64, nf, nr int) float64 {
	it.text(Text{X: x, Y: y, S: scoreText(a, wd.panel), Size: 28, Bold: a.Score != nil, Color: pal.ink, Class: "score"})
	y += 36
	total := a.Counts.Rated() + a.Counts.Unrated
	it.text(Text{X: x, Y: y, S: fmt.Sprintf(wd.panel.rated, a.Counts.Rated(), total), Size: 20, Color: pal.muted, Class: "counts"})
	y += 28
	it.text(Text{X: x, Y: y, S: fmt.Sprintf(rw.totals, nf, nr), Size: 20, Color: pal.muted, Class: "counts"})
	y += 56
	it.text(Text{X: x, Y: y, S: rw.countsHeading, Size: 24, Bold: true, Color: pal.ink, Class: "heading"})
	y += 12
	counts := map[graph.Rating]int{graph.High: a.Counts.High, graph.Middle: a.Counts.Middle, graph.Low: a.Counts.Low, graph.Unrated: a.Counts.Unrated}
	for _, r := range []graph.Rating{graph.High, graph.Middle, graph.Low, graph.Unrated} {
		st := ratingStyle(pal, r)
		cy := y + 24
		it.line(x, cy, x+70, cy, Paint{Stroke: st.Color, Width: st.Width, Dash: st.Dash})
		it.text(Text{X: x + 90, Y: cy + 22*0.36, S: wd.ratings[r] + ": " + strconv.Itoa(counts[r]), Size: 22, Color: pal.ink, Class: "count rating-" + strconv.Itoa(int(r))})
		y += 44
	}
	return y
}

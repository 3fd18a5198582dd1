package render

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// The report's tests read the PDF back with Debian's poppler-utils
// (pdftotext, pdfinfo, pdffonts, pdftoppm), which .ci/run installs; they
// skip with a message where it is missing.

// poppler runs one of poppler's programs on the PDF pdf with args before
// the file and returns its standard output.
func poppler(t testing.TB, prog string, pdf []byte, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		t.Skipf("%s is not installed (Debian: apt-get install poppler-utils); the PDF is not read back", prog)
	}
	f := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(f, pdf, 0o644))
	cmd := exec.Command(path, append(append(args, f), "-")...)
	if prog == "pdfinfo" || prog == "pdffonts" {
		cmd = exec.Command(path, append(args, f)...)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s: %s", prog, stderr.String())
	require.NotContains(t, stderr.String(), "Syntax Error", "%s complains about the PDF", prog)
	return string(out)
}

// pdfInfo reads pdfinfo's fields.
func pdfInfo(t testing.TB, pdf []byte) map[string]string {
	info := map[string]string{}
	for _, l := range strings.Split(poppler(t, "pdfinfo", pdf), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// squash removes white space and hyphens, so that a name broken over
// lines in a circle ("Demens-" / "koordinator") is found whole.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == '‐' || r == '–' || r == '\u00ad':
			return -1
		case strings.ContainsRune(" \t\n\r\f", r):
			return -1
		}
		return r
	}, s)
}

func reportOf(t testing.TB, m, before *graph.Map, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, NewRenderer(DefaultCacheBytes).Report(&buf, m, before, opt))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	return buf.Bytes()
}

// earlier is m as it was before the workshop: every third relation rated
// Low.
func earlier(m *graph.Map) *graph.Map {
	b := m.Clone()
	for i := range b.Relations {
		if i%3 == 0 {
			b.Relations[i].Rating = graph.Low
		}
	}
	return b
}

// TestReport_ReadBack reads every example's report back: the pages, every
// function name, every reason of the numbered weakest ties, the score, the
// fonts embedded, the metadata.
func TestReport_ReadBack(t *testing.T) {
	for _, name := range exampleNames(t) {
		for _, lang := range []graph.Lang{graph.Danish, graph.English} {
			t.Run(name+"-"+string(lang), func(t *testing.T) {
				m := loadExample(t, name)
				m.UpdatedAt = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
				pdf := reportOf(t, m, earlier(m), Options{Lang: lang})

				info := pdfInfo(t, pdf)
				assert.Equal(t, m.Title, info["Title"])
				assert.Equal(t, "Relationskort", info["Author"])
				assert.Contains(t, info["Page size"], "841.89 x 595.28", "A4 landscape")
				assert.Contains(t, info["CreationDate"], "2026", "dated by the map")
				assert.Contains(t, string(pdf), "/Lang ("+string(lang)+")")

				text := poppler(t, "pdftotext", pdf, "-raw")
				pages := strings.Count(text, "\f")
				// map, attention (one page for the examples), matrix, comparison
				assert.Equal(t, strconv.Itoa(pages), info["Pages"])
				assert.Equal(t, 4, pages)
				rw := reportVocab[lang]
				for p := 1; p <= pages; p++ {
					assert.Contains(t, text, strings.Replace(strings.Replace(rw.page, "%d", strconv.Itoa(p), 1), "%d", strconv.Itoa(pages), 1))
				}
				assert.Contains(t, text, rw.attention)
				assert.Contains(t, text, rw.guideHeading)

				flat := squash(text)
				for _, f := range m.Functions {
					assert.True(t, strings.Contains(flat, squash(f.Name)), "function %q is not in the text", f.Name)
				}
				a := graph.Analyze(m, lang)
				require.NotEmpty(t, a.Weakest)
				for _, w := range a.Weakest[:min(reportTop, len(a.Weakest))] {
					for _, r := range w.Reasons {
						assert.True(t, strings.Contains(flat, squash(r)), "reason of %s is not in the text: %q", w.RelationID, r)
					}
					if w.Note != "" {
						assert.True(t, strings.Contains(flat, squash(w.Note)), "note of %s is not in the text: %q", w.RelationID, w.Note)
					}
				}
				assert.Contains(t, text, scoreText(a, vocab[lang].panel))

				fonts := poppler(t, "pdffonts", pdf)
				rows := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
				require.NotEmpty(t, rows)
				for _, row := range rows {
					// name type encoding emb sub uni object ID
					f := strings.Fields(row)
					assert.Equal(t, "yes", f[len(f)-5], "font not embedded: %s", row)
				}
			})
		}
	}
}

// TestReport_Golden keeps the text layer of one report in testdata: what
// a reader finds, in the order of the pages. go test ./render -update
// rewrites it.
func TestReport_Golden(t *testing.T) {
	m := loadExample(t, "demens")
	m.UpdatedAt = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
	m.Version = 7
	pdf := reportOf(t, m, earlier(m), Options{})
	text := poppler(t, "pdftotext", pdf, "-raw", "-enc", "UTF-8")
	goldenFile(t, "report-demens", ".txt", []byte(text))
}

// goldenFile compares got with testdata/NAME.golden.EXT, writing
// testdata/NAME.got.EXT when they differ.
func goldenFile(t *testing.T, name, ext string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden"+ext)
	out := filepath.Join("testdata", name+".got"+ext)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		_ = os.Remove(out)
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing; run go test ./render -update")
	if bytes.Equal(got, want) {
		_ = os.Remove(out)
		return
	}
	require.NoError(t, os.WriteFile(out, got, 0o644))
	t.Errorf("%s differs from %s; the new output is in %s\n%s", name, path, out, firstDiff(want, got))
}

// TestReport_Deterministic: the same map gives the same bytes, whenever it
// is drawn.
func TestReport_Deterministic(t *testing.T) {
	m := loadExample(t, "flyafgang")
	a := reportOf(t, m, earlier(m), Options{Palette: PaletteColorblind})
	b := reportOf(t, m, earlier(m), Options{Palette: PaletteColorblind})
	require.Equal(t, a, b)
	assert.Contains(t, string(a), "D:20000101000000", "a map without a date gets the fixed one")
}

// TestReport_Hostile: names that are formulas, markup, right-to-left
// script, emoji and control characters make a PDF that reads back, with
// the text there to find (an emoji as U+FFFD: the fonts have none).
func TestReport_Hostile(t *testing.T) {
	m := &graph.Map{Title: "Fjendtlige navne 😀 <b>", Task: "=cmd|' /C calc'!A0",
		Functions: []graph.Function{
			{ID: "a", Name: "=cmd|' /C calc'!A0", Group: "+1"},
			{ID: "b", Name: `<script>alert("x")</script>`, Group: "@SUM(A1)"},
			{ID: "c", Name: "שלום עולם", Group: "مرحبا"},
			{ID: "d", Name: "Emoji 👍🏽 team", Group: "+1"},
			{ID: "e", Name: "Tab\tand\u200bzero-width", Group: "@SUM(A1)", Note: "note )( \\ (unbalanced"},
		},
		Relations: []graph.Relation{
			{ID: "r1", A: "a", B: "b", Rating: graph.Low, Note: ") Tj ET q"},
			{ID: "r2", A: "b", B: "c", Rating: graph.Middle},
			{ID: "r3", A: "c", B: "d", Rating: graph.High},
			{ID: "r4", A: "d", B: "e", Rating: graph.Low},
		}}
	require.NoError(t, m.PrepareNew())
	pdf := reportOf(t, m, nil, Options{Lang: graph.English})
	info := pdfInfo(t, pdf)
	assert.Equal(t, "3", info["Pages"], "map, attention, matrix")
	flat := squash(poppler(t, "pdftotext", pdf, "-raw"))
	for _, s := range []string{"=cmd|'/Ccalc'!A0", `<script>alert("x")</script>`, "Emoji\uFFFD\uFFFDteam", ")TjETq"} {
		assert.True(t, strings.Contains(flat, s), "%q is not in the text", s)
	}
	assert.Regexp(t, regexp.MustCompile("שלום|םולש"), flat, "Hebrew in the text layer")
}

func TestReport_BadOption(t *testing.T) {
	err := Report(&bytes.Buffer{}, loadExample(t, "demens"), nil, Options{Palette: "neon"})
	require.ErrorIs(t, err, graph.ErrInvalid)
}

// TestReport_Pictures draws the first two pages with pdftoppm, to look at:
// RELATIONSKORT_REPORT_PNG=DIR keeps them there.
func TestReport_Pictures(t *testing.T) {
	m := loadExample(t, "demens")
	m.UpdatedAt = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
	pdf := reportOf(t, m, earlier(m), Options{})
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
	}
	dir := os.Getenv("RELATIONSKORT_REPORT_PNG")
	if dir == "" {
		dir = t.TempDir()
	}
	f := filepath.Join(dir, "report.pdf")
	require.NoError(t, os.WriteFile(f, pdf, 0o644))
	out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", f, filepath.Join(dir, "report")).CombinedOutput()
	require.NoError(t, err, string(out))
	for _, p := range []string{"report-1.png", "report-2.png"} {
		st, err := os.Stat(filepath.Join(dir, p))
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(10_000), "%s has something on it", p)
	}
}

// TestReport_Large: a map of 500 functions is drawn by group, its report
// stays small and quick, and its weakest ties are still listed.
func TestReport_Large(t *testing.T) {
	if !slowTests() {
		t.Skip("set RELATIONSKORT_SLOW_TESTS=1 for the 500-function report")
	}
	m := randomMap(rand.New(rand.NewPCG(1, 500)), 500, 5000)
	start := time.Now()
	pdf := reportOf(t, m, earlier(m), Options{})
	took := time.Since(start)
	t.Logf("500 functions, 5000 relations: %d bytes in %s", len(pdf), took)
	assert.Less(t, len(pdf), 8<<20, "within the API's 8 MB")
	d, err := Compose(m, Options{Format: FormatA4})
	require.NoError(t, err)
	assert.Equal(t, DetailGroups, d.Detail)
	text := poppler(t, "pdftotext", pdf, "-raw")
	a := graph.Analyze(m, graph.Danish)
	for _, w := range a.Weakest[:reportTop] {
		assert.True(t, strings.Contains(squash(text), squash(w.AName+" – "+w.BName)), "tie %s is not in the text", w.RelationID)
	}
}

// BenchmarkReport sets the report of the 120-function map against its
// SVG in the same run, from scratch each time (a new Renderer); the
// metric pdf/svg is the ratio of their times:
//
//	go test ./render -run '^$' -bench Report -benchtime 20x
func BenchmarkReport(b *testing.B) {
	for _, bm := range benchMaps(b)[1:] {
		var svgNs float64
		b.Run(bm.name+"/svg", func(b *testing.B) {
			for b.Loop() {
				if err := NewRenderer(DefaultCacheBytes).SVG(&bytes.Buffer{}, bm.m, Options{Format: FormatA4}); err != nil {
					b.Fatal(err)
				}
			}
			svgNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		b.Run(bm.name+"/pdf", func(b *testing.B) {
			for b.Loop() {
				if err := NewRenderer(DefaultCacheBytes).Report(&bytes.Buffer{}, bm.m, nil, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if svgNs > 0 {
				b.ReportMetric(ns/svgNs, "pdf/svg")
			}
		})
	}
}

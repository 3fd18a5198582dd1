package render

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files in testdata")
	pngDir = flag.String("png", "", "also draw each golden case as PNG into this directory, to look at")
)

// examplesDir holds the example maps that the page offers as templates.
const examplesDir = "../static/examples"

func loadExample(t testing.TB, name string) *graph.Map {
	t.Helper()
	f, err := os.Open(filepath.Join(examplesDir, name+".json"))
	require.NoError(t, err, "example %s is missing from %s", name, examplesDir)
	defer f.Close()
	m, err := graph.DecodeMap(f)
	require.NoError(t, err)
	require.NoError(t, m.PrepareNew())
	return m
}

func exampleNames(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	require.GreaterOrEqual(t, len(files), 4, "the example maps in %s are missing", examplesDir)
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	return names
}

func ptr(v float64) *float64 { return &v }

// slowTests reports whether the heavy test sizes run: set
// RELATIONSKORT_SLOW_TESTS=1 (.ci/run does) to run them.
func slowTests() bool { return os.Getenv("RELATIONSKORT_SLOW_TESTS") == "1" }

// edgeCases are small maps that exercise the corners of the drawing.
func edgeCases() map[string]*graph.Map {
	date := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	long := &graph.Map{Title: "Meget lange navne på funktioner, som skal ombrydes pænt inden for cirklerne uden at løbe ud over kanten", Task: "Lange navne", Version: 3, UpdatedAt: date}
	for i, n := range []string{
		"Sundhedsplejerskeordningen i kommunens børne- og ungeforvaltning",
		"Pædagogisk-psykologisk rådgivning (PPR) og skolesocialrådgiverne",
		"Kriminalforsorgen",
		"Arbejdsmarkedsrehabiliteringsteamet",
		"A",
	} {
		long.Functions = append(long.Functions, graph.Function{ID: fmt.Sprintf("f%d", i+1), Name: n, Group: []string{"Kommune", "Region"}[i%2]})
	}
	long.Relations = []graph.Relation{{A: "f1", B: "f2", Rating: graph.Low}, {A: "f2", B: "f3", Rating: graph.High}, {A: "f3", B: "f4"}, {A: "f4", B: "f5", Rating: graph.Middle}}

	fns := func(names ...string) []graph.Function {
		var out []graph.Function
		for _, n := range names {
			out = append(out, graph.Function{Name: n, Group: "Gruppe"})
		}
		return out
	}
	cases := map[string]*graph.Map{
		"empty":        {Title: "Tomt kort", Task: "Endnu ingen funktioner"},
		"empty-notask": {},
		"one-function": {Title: "Én funktion", Task: "Opgaven", Functions: fns("Hjemmeplejen")},
		"no-relations": {Title: "Ingen relationer", Task: "Opgaven", Functions: fns("Hjemmeplejen", "Egen læge", "Jobcenteret", "Borgeren")},
		"all-unrated": {Title: "Ikke vurderet", Task: "Alle relationer mangler vurdering", Functions: fns("A-team", "B-team", "C-team", "D-team"),
			Relations: []graph.Relation{{A: "a-team", B: "b-team"}, {A: "b-team", B: "c-team"}, {A: "c-team", B: "d-team"}, {A: "d-team", B: "a-team"}}},
		"isolated": {Title: "Isolerede funktioner", Task: "Nogle funktioner har ingen relationer", Functions: fns("Et", "To", "Tre", "Fire", "Fem", "Seks"),
			Relations: []graph.Relation{{A: "et", B: "to", Rating: graph.Low}, {A: "to", B: "tre", Rating: graph.High}}},
		"long-names": long,
		"hostile": {Title: `<script>alert("x")</script> & "quotes" 'single'`, Task: `</desc><script>alert(1)</script>`,
			Functions: []graph.Function{
				{ID: "s", Name: `<script>alert("x")</script>`, Group: `"><g onload="x`},
				{ID: "q", Name: `"quotes" & 'apostrophes'`, Group: `<b>&amp;`},
				{ID: "c", Name: "]]> <!-- --> &lt;", Group: "x", Center: true},
			},
			Relations: []graph.Relation{{ID: "r1", A: "s", B: "q", Rating: graph.Low}, {ID: "r2", A: "q", B: "c", Rating: graph.High}, {ID: "r3", A: "s", B: "c"}}},
		"pinned": {Title: "Fastlåste placeringer", Task: "Manuelt layout", Functions: []graph.Function{
			{Name: "Venstre", X: ptr(400), Y: ptr(500)}, {Name: "Højre", X: ptr(1300), Y: ptr(500)}, {Name: "Ny uden plads"}},
			Relations: []graph.Relation{{A: "venstre", B: "hoejre", Rating: graph.Low}, {A: "venstre", B: "ny-uden-plads", Rating: graph.Middle}}},
	}
	for name, m := range cases {
		if err := m.PrepareNew(); err != nil {
			panic(name + ": " + err.Error())
		}
	}
	return cases
}

type goldenCase struct {
	name string
	m    *graph.Map
	opt  Options
}

func goldenCases(t *testing.T) []goldenCase {
	var cases []goldenCase
	for _, n := range exampleNames(t) {
		cases = append(cases, goldenCase{n, loadExample(t, n), Options{}})
	}
	demens := loadExample(t, "demens")
	fly := loadExample(t, "flyafgang")
	cases = append(cases,
		goldenCase{"demens-colorblind-en", demens, Options{Palette: PaletteColorblind, Lang: graph.English}},
		goldenCase{"demens-print-a4", demens, Options{Palette: PalettePrint, Format: FormatA4}},
		goldenCase{"flyafgang-force-en", fly, Options{Layout: LayoutForce, Lang: graph.English}},
		goldenCase{"demens-attention", demens, Options{Panel: PanelAttention}},
		goldenCase{"boern-unge-attention-print-en", loadExample(t, "boern-unge"), Options{Panel: PanelAttention, Palette: PalettePrint, Lang: graph.English}},
		goldenCase{"demens-circle", demens, Options{Layout: LayoutCircle}},
		goldenCase{"demens-groups", demens, Options{Detail: DetailGroups}},
		goldenCase{"flyafgang-groups-attention-en", fly, Options{Detail: DetailGroups, Panel: PanelAttention, Lang: graph.English}},
		goldenCase{"random-120-auto", randomMap(rand.New(rand.NewPCG(12, 120)), 120, 360), Options{}},
	)
	rm, res := demensRound(t)
	cases = append(cases,
		goldenCase{"demens-round", rm, Options{Round: res}},
		goldenCase{"demens-round-colorblind-en", rm, Options{Round: res, Palette: PaletteColorblind, Lang: graph.English}},
		goldenCase{"demens-round-print-attention", rm, Options{Round: res, Palette: PalettePrint, Panel: PanelAttention}},
	)
	ec := edgeCases()
	for _, n := range []string{"empty", "empty-notask", "one-function", "no-relations", "all-unrated", "isolated", "long-names", "hostile", "pinned"} {
		cases = append(cases, goldenCase{n, ec[n], Options{}})
	}
	return cases
}

// TestSVG_Golden compares the SVG of every example and edge case with its
// golden file; go test ./render -update rewrites them, and -png DIR draws
// each as PNG too, to look at.
func TestSVG_Golden(t *testing.T) {
	r := NewRenderer(DefaultCacheBytes)
	for _, tc := range goldenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.SVG(&buf, tc.m, tc.opt))
			golden(t, tc.name, buf.Bytes())
			if *pngDir != "" {
				d, err := r.Compose(tc.m, tc.opt)
				require.NoError(t, err)
				writePNG(t, tc.name, d.List)
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("first difference at line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return "no line differs (line endings?)"
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		name    string
		values  map[string]string
		want    Options
		wantErr string // the parameter named in the error
	}{
		{"Defaults", nil, Options{Palette: "traffic", Format: "screen", Lang: "da", Detail: "auto"}, ""},
		{"All", map[string]string{"layout": "force", "palette": "print", "format": "a4", "lang": "en", "detail": "full"},
			Options{Layout: "force", Palette: "print", Format: "a4", Lang: "en", Detail: "full"}, ""},
		{"Colorblind", map[string]string{"palette": "colorblind", "layout": "manual"},
			Options{Layout: "manual", Palette: "colorblind", Format: "screen", Lang: "da", Detail: "auto"}, ""},
		{"Groups", map[string]string{"detail": "groups"}, Options{Palette: "traffic", Format: "screen", Lang: "da", Detail: "groups"}, ""},
		{"BadDetail", map[string]string{"detail": "some"}, Options{}, "detail"},
		{"BadLayout", map[string]string{"layout": "grid"}, Options{}, "layout"},
		{"BadPalette", map[string]string{"palette": "rainbow"}, Options{}, "palette"},
		{"BadFormat", map[string]string{"format": "a3"}, Options{}, "format"},
		{"BadLang", map[string]string{"lang": "de"}, Options{}, "lang"},
		{"Panel", map[string]string{"panel": "attention"}, Options{Palette: "traffic", Format: "screen", Lang: "da", Panel: "attention", Detail: "auto"}, ""},
		{"BadPanel", map[string]string{"panel": "analysis"}, Options{}, "panel"},
		{"CaseMatters", map[string]string{"palette": "Traffic"}, Options{}, "palette"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOptions(func(k string) string { return tt.values[k] })
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, graph.ErrInvalid)
				var ve *graph.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, tt.wantErr, ve.Problems[0].Field)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSVG_BadOption(t *testing.T) {
	err := SVG(io.Discard, &graph.Map{}, Options{Palette: "neon"})
	assert.ErrorIs(t, err, graph.ErrInvalid)
	err = PNG(io.Discard, &graph.Map{}, Options{Layout: "grid"})
	assert.ErrorIs(t, err, graph.ErrInvalid)
}

func TestRatingColor(t *testing.T) {
	for _, p := range []Palette{PaletteTraffic, PaletteColorblind, PalettePrint} {
		seen := map[string]bool{}
		for _, r := range []graph.Rating{graph.Unrated, graph.High, graph.Middle, graph.Low} {
			c := RatingColor(p, r)
			assert.Regexp(t, `^#[0-9a-f]{6}$`, c)
			if p != PalettePrint || r != graph.Middle { // print tells High and Middle apart by width
				assert.False(t, seen[c], "RatingColor(%q, %v) = %s repeats", p, r, c)
			}
			seen[c] = true
		}
	}
	assert.Equal(t, "#d42020", RatingColor("traffic", graph.Low))
	assert.Equal(t, RatingColor("traffic", graph.High), RatingColor("nonsense", graph.High))
}

// svgDoc is the part of the SVG that the contract fixes.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	ViewBox string   `xml:"viewBox,attr"`
	Role    string   `xml:"role,attr"`
	Title   string   `xml:"title"`
	Desc    string   `xml:"desc"`
	Groups  []svgG   `xml:"g"`
}

type svgG struct {
	Class     string     `xml:"class,attr"`
	Transform string     `xml:"transform,attr"`
	FuncID    string     `xml:"data-function-id,attr"`
	RelID     string     `xml:"data-relation-id,attr"`
	Rating    *string    `xml:"data-rating,attr"`
	Groups    []svgG     `xml:"g"`
	Circles   []svgShape `xml:"circle"`
	Lines     []svgShape `xml:"line"`
	Texts     []string   `xml:"text"`
}

type svgShape struct {
	CX string `xml:"cx,attr"`
	CY string `xml:"cy,attr"`
	R  string `xml:"r,attr"`
	X1 string `xml:"x1,attr"`
	Y1 string `xml:"y1,attr"`
	X2 string `xml:"x2,attr"`
	Y2 string `xml:"y2,attr"`
}

func TestSVG_Contract(t *testing.T) {
	m := loadExample(t, "demens")
	var buf bytes.Buffer
	require.NoError(t, SVG(&buf, m, Options{}))
	var doc svgDoc
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, "0 0 1920 1080", doc.ViewBox)
	assert.Equal(t, "img", doc.Role)
	assert.Equal(t, "Demensindsats", doc.Title)
	assert.Contains(t, doc.Desc, "18 relationer")
	assert.NotContains(t, buf.String(), "transform")
	assert.NotContains(t, buf.String(), "href")
	assert.NotContains(t, buf.String(), "url(")

	funcs := map[string]bool{}
	rels := map[string]string{}
	var walk func(gs []svgG)
	walk = func(gs []svgG) {
		for _, g := range gs {
			switch {
			case g.Class == "function" || g.Class == "function center":
				require.Len(t, g.Circles, 1, "function %s", g.FuncID)
				funcs[g.FuncID] = true
			case strings.HasPrefix(g.Class, "relation "):
				require.Len(t, g.Lines, 1, "relation %s", g.RelID)
				require.NotNil(t, g.Rating)
				rels[g.RelID] = *g.Rating
				if *g.Rating == "" {
					assert.Equal(t, "relation rating-none", g.Class)
				} else {
					assert.Equal(t, "relation rating-"+*g.Rating, g.Class)
				}
			}
			walk(g.Groups)
		}
	}
	walk(doc.Groups)
	assert.Len(t, funcs, len(m.Functions))
	require.Len(t, rels, len(m.Relations))
	for _, r := range m.Relations {
		want := ""
		if r.Rating.Rated() {
			want = strconv.Itoa(int(r.Rating))
		}
		assert.Equal(t, want, rels[r.ID], "data-rating of %s", r.ID)
	}
	// Low relations come last, on top of everything
	s := buf.String()
	lastFunction := strings.LastIndex(s, `class="function`)
	for _, r := range m.Relations {
		if r.Rating == graph.Low {
			assert.Greater(t, strings.Index(s, `data-relation-id="`+r.ID+`"`), lastFunction, "Low relation %s is drawn under a function", r.ID)
		}
	}
}

func TestSVG_Escapes(t *testing.T) {
	m := edgeCases()["hostile"]
	var buf bytes.Buffer
	require.NoError(t, SVG(&buf, m, Options{}))
	s := buf.String()
	require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)), "not well-formed")
	assert.NotContains(t, s, "<script")
	assert.NotContains(t, s, "<b>")
	assert.NotContains(t, s, `onload="`)
	assert.Contains(t, s, "&lt;script&gt;")
	dec := xml.NewDecoder(&buf)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok {
			assert.NotEqual(t, "script", se.Name.Local)
			for _, a := range se.Attr {
				assert.False(t, strings.HasPrefix(a.Name.Local, "on"), "event attribute %s", a.Name.Local)
			}
		}
	}
}

// TestSVG_Deterministic: the same map, options and remembered positions
// give the same bytes, drawn again by one Renderer (from its memory) or by
// another (from scratch).
func TestSVG_Deterministic(t *testing.T) {
	m := randomMap(rand.New(rand.NewPCG(7, 7)), 40, 80)
	for _, layout := range []Layout{LayoutCircle, LayoutForce, LayoutManual} {
		for _, detail := range []Detail{DetailAuto, DetailGroups} {
			opt := Options{Layout: layout, Detail: detail}
			r := NewRenderer(DefaultCacheBytes)
			var a, b, c bytes.Buffer
			require.NoError(t, r.SVG(&a, m, opt))
			require.NoError(t, r.SVG(&b, m.Clone(), opt))
			require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&c, m.Clone(), opt))
			assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "%s %s: two drawings by one Renderer differ", layout, detail)
			assert.True(t, bytes.Equal(a.Bytes(), c.Bytes()), "%s %s: drawings by two Renderers differ", layout, detail)
		}
	}
}

func TestSVG_FooterDate(t *testing.T) {
	m := &graph.Map{Title: "T", Version: 7, UpdatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	var da, en, none bytes.Buffer
	require.NoError(t, SVG(&da, m, Options{}))
	require.NoError(t, SVG(&en, m, Options{Lang: graph.English}))
	assert.Contains(t, da.String(), "Opdateret 2. marts 2026 · version 7")
	assert.Contains(t, en.String(), "Updated 2 March 2026 · version 7")
	assert.Contains(t, en.String(), "Low (3)")
	assert.Contains(t, da.String(), "Lav (3)")
	require.NoError(t, SVG(&none, &graph.Map{Title: "T"}, Options{}))
	assert.NotContains(t, none.String(), "Opdateret")
}

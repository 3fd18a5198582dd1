package place

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/relationskort/relationskort/render/internal/place/corpus"
)

var (
	update          = flag.Bool("update", false, "rewrite testdata/corpus and testdata/crossings.md")
	updateReference = flag.Bool("update-reference", false, "run neato and circo on every map and rewrite testdata/reference.json")
	methods         = flag.Bool("methods", false, "measure what each stage of the layout buys on the corpus")
)

// The design sizes the tests lay maps out at: the map area of the
// 1920×1080 screen format, and circles as the renderer sizes them for
// typical names.
const (
	designW      = 1450.0
	designH      = 880.0
	designR      = 70.0
	designCentre = 90.0
	designGap    = 24.0
	designEdge   = 44.0 // room for a rating badge (radius 14) on the line
	designMargin = 22.0
)

const examplesDir = "../../../static/examples"

// testMap is a named map, as JSON and as an Input.
type testMap struct {
	name string
	m    corpus.Map
	in   Input
}

// inputFor turns a map into an Input at the design sizes.
func inputFor(m corpus.Map, mode Mode) Input {
	in := Input{W: designW, H: designH, Gap: designGap, EdgeGap: designEdge, LineMargin: designMargin, Mode: mode}
	idx := map[string]int{}
	centre := false
	for i, f := range m.Functions {
		idx[f.ID] = i
		nd := Node{ID: f.ID, R: designR, Group: f.Group}
		if f.Center && !centre {
			nd.Centre, nd.R, centre = true, designCentre, true
		}
		in.Nodes = append(in.Nodes, nd)
	}
	for _, r := range m.Relations {
		a, okA := idx[r.A]
		b, okB := idx[r.B]
		if okA && okB {
			in.Edges = append(in.Edges, Edge{a, b})
		}
	}
	return in
}

// examples reads static/examples/*.json, sorted by name.
func examples(t testing.TB) []testMap {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example maps in %s (%v)", examplesDir, err)
	}
	sort.Strings(files)
	var out []testMap
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := corpus.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		out = append(out, testMap{name, m, inputFor(m, Auto)})
	}
	return out
}

// corpusMaps reads the committed corpus, sorted by name.
func corpusMaps(t testing.TB) []testMap {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in testdata/corpus (%v); run go test -update", err)
	}
	sort.Strings(files)
	var out []testMap
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := corpus.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, testMap{strings.TrimSuffix(filepath.Base(f), ".json"), m, inputFor(m, Auto)})
	}
	return out
}

// allMaps is the examples followed by the corpus.
func allMaps(t testing.TB) []testMap {
	return append(examples(t), corpusMaps(t)...)
}

// laidOut caches the layouts of allMaps, by mode: several tests judge
// the same layouts.
var laidOut struct {
	sync.Mutex
	res map[Mode][]Result
}

// layouts returns Place's result for each of allMaps in mode.
func layouts(t testing.TB, mode Mode) ([]testMap, []Result) {
	t.Helper()
	maps := allMaps(t)
	laidOut.Lock()
	defer laidOut.Unlock()
	if laidOut.res == nil {
		laidOut.res = map[Mode][]Result{}
	}
	if _, ok := laidOut.res[mode]; !ok {
		var rs []Result
		for _, tm := range maps {
			in := tm.in
			in.Mode = mode
			rs = append(rs, Place(in))
		}
		laidOut.res[mode] = rs
	}
	return maps, laidOut.res[mode]
}

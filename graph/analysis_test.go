package graph_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

const tol = 1e-6

func fn(id, group string) graph.Function {
	return graph.Function{ID: id, Name: strings.ToUpper(id), Group: group}
}

func rel(id, a, b string, r graph.Rating) graph.Relation {
	return graph.Relation{ID: id, A: a, B: b, Rating: r}
}

func ptr(x float64) *float64 { return &x }

func assertFloatPtr(t *testing.T, want, got *float64, what string) {
	t.Helper()
	if want == nil {
		assert.Nil(t, got, "%s = %v; want null", what, got)
		return
	}
	if assert.NotNil(t, got, "%s = null; want %v", what, *want) {
		assert.InDelta(t, *want, *got, tol, what)
	}
}

// The small maps of the tests, each checked by hand in the comments.
var (
	// A star: centre c (Kommune), leaves l1 (Region) and l2…l4 (Kommune).
	// Every leaf relation is a bridge carrying 4 of the 10 pairs: the leaf
	// with c and with each of the 3 other leaves. c lies on the 6 paths
	// between leaves, all of them.
	starMap = &graph.Map{
		Functions: []graph.Function{fn("c", "Kommune"), fn("l1", "Region"), fn("l2", "Kommune"), fn("l3", "Kommune"), fn("l4", "Kommune")},
		Relations: []graph.Relation{
			rel("r1", "c", "l1", graph.Low), rel("r2", "c", "l2", graph.Middle),
			rel("r3", "c", "l3", graph.High), rel("r4", "c", "l4", graph.Low),
		},
	}
	// A path a-b-c-d without groups. Pairs: 6. a-b carries (a,b),(a,c),(a,d)
	// = 3, b-c carries (a,c),(a,d),(b,c),(b,d) = 4, c-d 3. b is on the paths
	// (a,c),(a,d), c on (a,d),(b,d): 2 each of the 3 pairs of others.
	pathMap = &graph.Map{
		Functions: []graph.Function{fn("a", ""), fn("b", ""), fn("c", ""), fn("d", "")},
		Relations: []graph.Relation{
			rel("r1", "a", "b", graph.High), rel("r2", "b", "c", graph.Low), rel("r3", "c", "d", graph.Low),
		},
	}
	// Two triangles, a1-a2-a3 (Kommune, all High) and b1-b2-b3 (Region,
	// all Middle), joined by the Low bridge a3-b1, which carries the 9 pairs
	// across of 15. b1-b2 carries (b1,b2) and (b2, each a) = 4, as does
	// b1-b3; b2-b3 carries only its own pair. a3 and b1 each lie on the 6
	// paths from the far two of their triangle to the other side, of the 10
	// pairs of other functions.
	clustersMap = &graph.Map{
		Functions: []graph.Function{
			fn("a1", "Kommune"), fn("a2", "Kommune"), fn("a3", "Kommune"),
			fn("b1", "Region"), fn("b2", "Region"), fn("b3", "Region"),
		},
		Relations: []graph.Relation{
			rel("r1", "a1", "a2", graph.High), rel("r2", "a2", "a3", graph.High), rel("r3", "a1", "a3", graph.High),
			rel("r4", "b1", "b2", graph.Middle), rel("r5", "b2", "b3", graph.Middle), rel("r6", "b1", "b3", graph.Middle),
			{ID: "r7", A: "a3", B: "b1", Rating: graph.Low, Note: "Vi hører aldrig fra dem"},
		},
	}
	// Isolated a and d, and b-c with an unrated relation.
	isolatedMap = &graph.Map{
		Functions: []graph.Function{fn("a", "Kommune"), fn("b", "Kommune"), fn("c", "Region"), fn("d", "Almen praksis")},
		Relations: []graph.Relation{rel("r1", "b", "c", graph.Unrated)},
	}
	allUnratedMap = &graph.Map{
		Functions: []graph.Function{fn("a", "X"), fn("b", "X"), fn("c", "Y")},
		Relations: []graph.Relation{rel("r2", "b", "c", graph.Unrated), rel("r10", "a", "b", graph.Unrated)},
	}
)

func TestAnalyze(t *testing.T) {
	type fnWant struct {
		relations, rated, low  int
		mean                   *float64
		betweenness, brokerage float64
		articulation           bool
		component              int
	}
	type tieWant struct {
		id          string
		bridge      bool
		cut         int
		betweenness float64
		share       float64
		reasons     []string // English
	}
	tests := []struct {
		name        string
		m           *graph.Map
		counts      graph.Counts
		mean, score *float64
		weakest     []tieWant
		functions   map[string]fnWant
		isolated    []string
		components  int
		unrated     []string
		bridges     []string
		articulated []string
		groupPairs  []graph.GroupPair
		isoGroups   []string
	}{
		{
			name:       "Empty",
			m:          &graph.Map{},
			components: 0,
		},
		{
			name:   "Star",
			m:      starMap,
			counts: graph.Counts{High: 1, Middle: 1, Low: 2},
			mean:   ptr(9.0 / 4), // (3+2+1+3)/4
			score:  ptr(37.5),    // (0+50+100+0)/4
			weakest: []tieWant{
				{id: "r1", bridge: true, cut: 1, betweenness: 4, share: 0.4, reasons: []string{
					"rated Low", "If this link fails, L1 loses all contact with the other 4 functions",
					"If this link fails, Kommune and Region lose their only direct contact", "Many of the other connections go through this one (40% of the routes between the functions)"}},
				{id: "r4", bridge: true, cut: 1, betweenness: 4, share: 0.4, reasons: []string{
					"rated Low", "If this link fails, L4 loses all contact with the other 4 functions",
					"Many of the other connections go through this one (40% of the routes between the functions)"}},
				{id: "r2", bridge: true, cut: 1, betweenness: 4, share: 0.4},
			},
			functions: map[string]fnWant{
				"c":  {relations: 4, rated: 4, low: 2, mean: ptr(2.25), betweenness: 6, brokerage: 1, articulation: true},
				"l1": {relations: 1, rated: 1, low: 1, mean: ptr(3)},
				"l3": {relations: 1, rated: 1, mean: ptr(1)},
			},
			components:  1,
			bridges:     []string{"r1", "r2", "r3", "r4"},
			articulated: []string{"c"},
		},
		{
			name:   "Path",
			m:      pathMap,
			counts: graph.Counts{High: 1, Low: 2},
			mean:   ptr(7.0 / 3),
			score:  ptr(100.0 / 3),
			weakest: []tieWant{
				{id: "r2", bridge: true, cut: 2, betweenness: 4, share: 4.0 / 6, reasons: []string{
					"rated Low", "If this link fails, 2 functions lose all contact with the other 2",
					"Many of the other connections go through this one (67% of the routes between the functions)"}},
				{id: "r3", bridge: true, cut: 1, betweenness: 3, share: 0.5, reasons: []string{
					"rated Low", "If this link fails, D loses all contact with the other 3 functions",
					"Many of the other connections go through this one (50% of the routes between the functions)"}},
			},
			functions: map[string]fnWant{
				"a": {relations: 1, rated: 1, mean: ptr(1)},
				"b": {relations: 2, rated: 2, low: 1, mean: ptr(2), betweenness: 2, brokerage: 2.0 / 3, articulation: true},
				"c": {relations: 2, rated: 2, low: 2, mean: ptr(3), betweenness: 2, brokerage: 2.0 / 3, articulation: true},
			},
			components:  1,
			bridges:     []string{"r1", "r2", "r3"},
			articulated: []string{"b", "c"},
		},
		{
			name:   "TwoClustersJoinedByBridge",
			m:      clustersMap,
			counts: graph.Counts{High: 3, Middle: 3, Low: 1},
			mean:   ptr(12.0 / 7),
			score:  ptr(450.0 / 7),
			weakest: []tieWant{
				{id: "r7", bridge: true, cut: 3, betweenness: 9, share: 0.6, reasons: []string{
					"rated Low", "If this link fails, 3 functions lose all contact with the other 3",
					"If this link fails, Kommune and Region lose their only direct contact", "Many of the other connections go through this one (60% of the routes between the functions)"}},
				{id: "r4", betweenness: 4, share: 4.0 / 15, reasons: []string{
					"rated Middle", "Many of the other connections go through this one (27% of the routes between the functions)"}},
				{id: "r6", betweenness: 4, share: 4.0 / 15},
				{id: "r5", betweenness: 1, share: 1.0 / 15, reasons: []string{
					"rated Middle", "7% of the routes between the functions go through this one"}},
			},
			functions: map[string]fnWant{
				"a1": {relations: 2, rated: 2, mean: ptr(1)},
				"a3": {relations: 3, rated: 3, low: 1, mean: ptr(5.0 / 3), betweenness: 6, brokerage: 0.6, articulation: true},
				"b1": {relations: 3, rated: 3, low: 1, mean: ptr(7.0 / 3), betweenness: 6, brokerage: 0.6, articulation: true},
			},
			components:  1,
			bridges:     []string{"r7"},
			articulated: []string{"a3", "b1"},
		},
		{
			name:   "IsolatedNodes",
			m:      isolatedMap,
			counts: graph.Counts{Unrated: 1},
			functions: map[string]fnWant{
				"a": {component: 1},
				"b": {relations: 1, component: 0},
				"c": {relations: 1, component: 0},
				"d": {component: 2},
			},
			isolated:   []string{"a", "d"},
			components: 3,
			unrated:    []string{"r1"},
			bridges:    []string{"r1"},
			groupPairs: []graph.GroupPair{{A: "Almen praksis", B: "Kommune"}, {A: "Almen praksis", B: "Region"}},
			isoGroups:  []string{"Almen praksis"},
		},
		{
			name:        "AllUnrated",
			m:           allUnratedMap,
			counts:      graph.Counts{Unrated: 2},
			functions:   map[string]fnWant{"b": {relations: 2, betweenness: 1, brokerage: 1, articulation: true}},
			components:  1,
			unrated:     []string{"r2", "r10"}, // natural order
			bridges:     []string{"r2", "r10"},
			articulated: []string{"b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := graph.Analyze(tt.m, "en")
			assert.Equal(t, graph.English, a.Lang)
			assert.Equal(t, tt.counts, a.Counts)
			assertFloatPtr(t, tt.mean, a.MeanRating, "mean_rating")
			assertFloatPtr(t, tt.score, a.Score, "score")
			var ids []string
			for _, w := range a.Weakest {
				ids = append(ids, w.RelationID)
			}
			var wantIDs []string
			for _, w := range tt.weakest {
				wantIDs = append(wantIDs, w.id)
			}
			require.Equal(t, wantIDs, ids, "weakest order")
			for i, want := range tt.weakest {
				got := a.Weakest[i]
				assert.Equal(t, i+1, got.Rank)
				assert.Equal(t, want.bridge, got.Bridge, "%s bridge", want.id)
				assert.Equal(t, want.cut, got.Cut, "%s cut", want.id)
				assert.InDelta(t, want.betweenness, got.Betweenness, tol, "%s betweenness", want.id)
				assert.InDelta(t, want.share, got.PathShare, tol, "%s path share", want.id)
				if want.reasons != nil {
					assert.Equal(t, want.reasons, got.Reasons, "%s reasons", want.id)
				}
			}
			byID := map[string]graph.FunctionStats{}
			for _, f := range a.Functions {
				byID[f.ID] = f
			}
			assert.Len(t, a.Functions, len(tt.m.Functions))
			for id, want := range tt.functions {
				got, ok := byID[id]
				require.True(t, ok, "function %s missing", id)
				assert.Equal(t, want.relations, got.Relations, "%s relations", id)
				assert.Equal(t, want.rated, got.Rated, "%s rated", id)
				assert.Equal(t, want.low, got.Low, "%s low", id)
				assertFloatPtr(t, want.mean, got.MeanRating, id+" mean_rating")
				assert.InDelta(t, want.betweenness, got.Betweenness, tol, "%s betweenness", id)
				assert.InDelta(t, want.brokerage, got.Brokerage, tol, "%s brokerage", id)
				assert.Equal(t, want.articulation, got.Articulation, "%s articulation point", id)
				assert.Equal(t, want.component, got.Component, "%s component", id)
			}
			assert.Equal(t, orEmpty(tt.isolated), a.Isolated, "isolated")
			assert.Equal(t, tt.components, a.Components, "components")
			assert.Equal(t, orEmpty(tt.unrated), a.Unrated, "unrated")
			assert.Equal(t, orEmpty(tt.unrated), a.Gaps.Unrated, "gaps.unrated")
			assert.Equal(t, orEmpty(tt.bridges), a.Bridges, "bridges")
			assert.Equal(t, orEmpty(tt.articulated), a.ArticulationPoints, "articulation points")
			if tt.groupPairs == nil {
				tt.groupPairs = []graph.GroupPair{}
			}
			assert.Equal(t, tt.groupPairs, a.Gaps.GroupPairs, "group pairs without relation")
			assert.Equal(t, orEmpty(tt.isoGroups), a.Gaps.IsolatedGroups, "isolated groups")
		})
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestAnalyze_Danish(t *testing.T) {
	for _, lang := range []graph.Lang{"da", "", "fr"} {
		a := graph.Analyze(clustersMap, lang)
		assert.Equal(t, graph.Danish, a.Lang, "Analyze(%q).Lang", lang)
		require.NotEmpty(t, a.Weakest)
		assert.Equal(t, []string{
			"vurderet lav",
			"Hvis denne forbindelse svigter, mister 3 funktioner al kontakt til de øvrige 3",
			"Hvis denne forbindelse svigter, mister Kommune og Region deres eneste direkte kontakt",
			"Mange af de andre forbindelser går gennem denne (60 % af vejene mellem funktionerne)",
		}, a.Weakest[0].Reasons)
		assert.Equal(t, "Vi hører aldrig fra dem", a.Weakest[0].Note)
		assert.Equal(t, []string{"vurderet middel", "Mange af de andre forbindelser går gennem denne (27 % af vejene mellem funktionerne)"}, a.Weakest[1].Reasons)
	}
	star := graph.Analyze(starMap, "da")
	assert.Equal(t, "Hvis denne forbindelse svigter, mister L1 al kontakt til de øvrige 4 funktioner", star.Weakest[0].Reasons[1])
}

func TestAnalyze_GroupReasons(t *testing.T) {
	// Kommune k1, k2 and Region g1, g2 with two Kommune–Region relations,
	// neither a bridge (a cycle k1-g1-g2-k2-k1).
	m := &graph.Map{
		Functions: []graph.Function{fn("k1", "Kommune"), fn("k2", "Kommune"), fn("g1", "Region"), fn("g2", "Region")},
		Relations: []graph.Relation{
			rel("r1", "k1", "g1", graph.Low), rel("r2", "g1", "g2", graph.High),
			rel("r3", "g2", "k2", graph.Middle), rel("r4", "k2", "k1", graph.High),
		},
	}
	a := graph.Analyze(m, "en")
	require.Len(t, a.Weakest, 2)
	// In a 4-cycle each relation carries its own pair fully and half of the
	// two pairs at distance 2 it lies on: 1 + 2·½ = 2 of 6 pairs.
	assert.Equal(t, []string{"rated Low", "One of 2 links between Kommune and Region",
		"Many of the other connections go through this one (33% of the routes between the functions)"}, a.Weakest[0].Reasons)
	assert.Equal(t, []string{"rated Middle", "One of 2 links between Region and Kommune",
		"Many of the other connections go through this one (33% of the routes between the functions)"}, a.Weakest[1].Reasons)
	assert.Empty(t, a.Bridges)
}

func TestAnalyze_SmallShare(t *testing.T) {
	// A star of 300 with one more relation, l1-l2: it carries only its own
	// pair of the 300·299/2 = 44850, a share that rounds to 0%.
	m := &graph.Map{Functions: []graph.Function{fn("c", "")}}
	for i := 1; i < 300; i++ {
		id := "l" + strconv.Itoa(i)
		m.Functions = append(m.Functions, fn(id, ""))
		m.Relations = append(m.Relations, rel("r"+strconv.Itoa(i), "c", id, graph.High))
	}
	m.Relations = append(m.Relations, rel("x", "l1", "l2", graph.Middle))
	a := graph.Analyze(m, "en")
	require.Len(t, a.Weakest, 1)
	assert.InDelta(t, 1.0/44850, a.Weakest[0].PathShare, tol)
	assert.Equal(t, []string{"rated Middle", "Under 1% of the routes between the functions go through this one"}, a.Weakest[0].Reasons)
	a = graph.Analyze(m, "da")
	assert.Equal(t, "Under 1 % af vejene mellem funktionerne går gennem denne", a.Weakest[0].Reasons[1])
}

// TestAnalyze_Deterministic shuffles the functions and relations of a map:
// the analysis must not change, down to the last byte of its JSON.
func TestAnalyze_Deterministic(t *testing.T) {
	m := randomMap(120, 7)
	want, err := json.Marshal(graph.Analyze(m, "da"))
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		c := m.Clone()
		rng.Shuffle(len(c.Functions), func(i, j int) { c.Functions[i], c.Functions[j] = c.Functions[j], c.Functions[i] })
		rng.Shuffle(len(c.Relations), func(i, j int) { c.Relations[i], c.Relations[j] = c.Relations[j], c.Relations[i] })
		got, err := json.Marshal(graph.Analyze(c, "da"))
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got))
		require.Equal(t, string(want), string(got))
	}
}

// TestAnalyze_JSONShape checks the field names that the issue fixes, so that
// tools can rely on them.
func TestAnalyze_JSONShape(t *testing.T) {
	b, err := json.Marshal(graph.Analyze(starMap, "en"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	for _, k := range []string{"counts", "mean_rating", "score", "weakest", "functions", "isolated", "components",
		"unrated", "bridges", "articulation_points", "gaps", "group_matrix"} {
		assert.Contains(t, doc, k)
	}
	assert.Equal(t, map[string]any{"high": 1.0, "middle": 1.0, "low": 2.0, "unrated": 0.0}, doc["counts"])
	weak := doc["weakest"].([]any)[0].(map[string]any)
	for _, k := range []string{"relation_id", "a", "b", "rating", "reasons", "note"} {
		assert.Contains(t, weak, k)
	}
	assert.Equal(t, 3.0, weak["rating"])
	f := doc["functions"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "name", "group", "relations", "mean_rating", "low", "betweenness", "brokerage"} {
		assert.Contains(t, f, k)
	}
	gm := doc["group_matrix"].(map[string]any)
	assert.Equal(t, []any{"Kommune", "Region"}, gm["groups"])
	assert.NotContains(t, gm, "functions")

	// Nothing rated: null, not 0; empty lists, not null.
	b, err = json.Marshal(graph.Analyze(&graph.Map{}, "en"))
	require.NoError(t, err)
	s := string(b)
	for _, want := range []string{`"mean_rating":null`, `"score":null`, `"weakest":[]`, `"functions":[]`, `"isolated":[]`,
		`"unrated":[]`, `"components":0`, `"group_matrix":{"by":"group","groups":[],"cells":[]}`} {
		assert.Contains(t, s, want)
	}
}

func TestGroupMatrix(t *testing.T) {
	gm := graph.GroupMatrix(clustersMap)
	assert.Equal(t, "group", gm.By)
	assert.Equal(t, []string{"Kommune", "Region"}, gm.Groups)
	want := []struct {
		a, b                  string
		relations, rated, low int
		mean, score           *float64
	}{
		{"Kommune", "Kommune", 3, 3, 0, ptr(1), ptr(100)},
		{"Kommune", "Region", 1, 1, 1, ptr(3), ptr(0)},
		{"Region", "Region", 3, 3, 0, ptr(2), ptr(50)},
	}
	require.Len(t, gm.Cells, len(want))
	for i, w := range want {
		c := gm.Cells[i]
		assert.Equal(t, [2]string{w.a, w.b}, [2]string{c.A, c.B})
		assert.Equal(t, w.relations, c.Relations, "%s–%s relations", w.a, w.b)
		assert.Equal(t, w.rated, c.Rated, "%s–%s rated", w.a, w.b)
		assert.Equal(t, w.low, c.Low, "%s–%s low", w.a, w.b)
		assertFloatPtr(t, w.mean, c.MeanRating, w.a+"–"+w.b+" mean")
		assertFloatPtr(t, w.score, c.Score, w.a+"–"+w.b+" score")
	}

	// Functions without a group are left out; an empty cell has null means.
	m := &graph.Map{
		Functions: []graph.Function{fn("a", "Region"), fn("b", "Kommune"), fn("c", "")},
		Relations: []graph.Relation{rel("r1", "a", "c", graph.Low), rel("r2", "a", "b", graph.Unrated)},
	}
	gm = graph.GroupMatrix(m)
	assert.Equal(t, []string{"Kommune", "Region"}, gm.Groups)
	require.Len(t, gm.Cells, 3)
	assert.Equal(t, 1, gm.Cells[1].Relations)
	assert.Equal(t, 0, gm.Cells[1].Rated)
	assert.Nil(t, gm.Cells[1].MeanRating)
	assert.Equal(t, 0, gm.Cells[2].Relations, "Region–Region: r1 goes to a function without a group")
}

func TestFunctionMatrix(t *testing.T) {
	m := &graph.Map{
		Functions: []graph.Function{fn("z", "Kommune"), fn("y", "Almen praksis"), fn("x", ""), fn("w", "Kommune")},
		Relations: []graph.Relation{
			rel("r1", "z", "y", graph.Low), rel("r2", "x", "w", graph.High), rel("r3", "w", "z", graph.Unrated),
		},
	}
	fm := graph.FunctionMatrix(m)
	assert.Equal(t, "function", fm.By)
	assert.Nil(t, fm.Groups)
	var order []string
	for _, f := range fm.Functions {
		order = append(order, f.ID)
	}
	assert.Equal(t, []string{"y", "w", "z", "x"}, order, "by group, ungrouped last, then id")
	require.Len(t, fm.Cells, 3)
	assert.Equal(t, graph.MatrixCell{A: "y", B: "z", RelationID: "r1", Relations: 1, Rated: 1, Low: 1, MeanRating: ptr(3), Score: ptr(0)}, fm.Cells[0])
	assert.Equal(t, graph.MatrixCell{A: "w", B: "z", RelationID: "r3", Relations: 1}, fm.Cells[1])
	assert.Equal(t, graph.MatrixCell{A: "w", B: "x", RelationID: "r2", Relations: 1, Rated: 1, MeanRating: ptr(1), Score: ptr(100)}, fm.Cells[2])
	b, err := json.Marshal(fm)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"groups"`)
}

func TestScore(t *testing.T) {
	assertFloatPtr(t, ptr(37.5), graph.Score(starMap), "Score(star)")
	assertFloatPtr(t, nil, graph.Score(allUnratedMap), "Score(all unrated)")
	assertFloatPtr(t, nil, graph.Score(&graph.Map{}), "Score(empty)")
}

// TestAnalyze_Examples runs the analysis on the shared realistic maps.
func TestAnalyze_Examples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("no examples found at " + examplesDir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := os.Open(file)
			require.NoError(t, err)
			defer f.Close()
			m, err := graph.DecodeMap(f)
			require.NoError(t, err)
			require.NoError(t, m.PrepareNew())
			a := graph.Analyze(m, "da")
			assert.Equal(t, len(m.Relations), a.Counts.Rated()+a.Counts.Unrated)
			assert.Len(t, a.Weakest, a.Counts.Low+a.Counts.Middle)
			assert.Len(t, a.Functions, len(m.Functions))
			for i, w := range a.Weakest {
				assert.NotEmpty(t, w.Reasons, "weakest[%d] has reasons", i)
				assert.GreaterOrEqual(t, w.PathShare, 0.0)
				assert.LessOrEqual(t, w.PathShare, 1.0)
				if i > 0 {
					assert.GreaterOrEqual(t, a.Weakest[i-1].Rating, w.Rating, "Low before Middle")
				}
			}
		})
	}
}

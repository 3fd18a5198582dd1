package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestCompare(t *testing.T) {
	fns := []graph.Function{fn("a", ""), fn("b", ""), fn("c", ""), fn("d", ""), fn("e", "")}
	before := &graph.Map{Functions: fns, Relations: []graph.Relation{
		rel("r1", "a", "b", graph.Low),     // → Middle: improved
		rel("r2", "a", "c", graph.High),    // → Middle: worsened
		rel("r3", "b", "c", graph.Middle),  // same: unchanged
		rel("r4", "c", "d", graph.Low),     // gone: removed
		rel("r5", "d", "e", graph.Unrated), // → Low: rated
		rel("r6", "a", "e", graph.Middle),  // → unrated: unrated
		rel("r7", "b", "d", graph.Unrated), // unrated both: unchanged
	}}
	after := &graph.Map{Functions: fns, Relations: []graph.Relation{
		rel("r1", "b", "a", graph.Middle), // same pair, other way round
		rel("r2", "a", "c", graph.Middle),
		rel("r3", "b", "c", graph.Middle),
		rel("r5", "d", "e", graph.Low),
		rel("r6", "a", "e", graph.Unrated),
		rel("r7", "b", "d", graph.Unrated),
		rel("r9", "b", "e", graph.High), // new: added
	}}
	c := graph.Compare(before, after)

	// before: ratings 3,1,2,3,2 → mean 11/5, score (0+100+50+0+50)/5 = 40.
	// after: ratings 2,2,2,3,1 → mean 2, score (50+50+50+0+100)/5 = 50.
	assertFloatPtr(t, ptr(11.0/5), c.MeanBefore, "mean_before")
	assertFloatPtr(t, ptr(2), c.MeanAfter, "mean_after")
	assertFloatPtr(t, ptr(40), c.ScoreBefore, "score_before")
	assertFloatPtr(t, ptr(50), c.ScoreAfter, "score_after")
	assertFloatPtr(t, ptr(10), c.ScoreChange, "score_change")
	assertFloatPtr(t, ptr(25), c.ScoreChangePct, "score_change_pct") // (50−40)/40×100

	want := []graph.Change{
		{A: "b", B: "a", AName: "B", BName: "A", RelationID: "r1", Before: graph.Low, After: graph.Middle, Change: graph.ChangeImproved},
		{A: "a", B: "c", AName: "A", BName: "C", RelationID: "r2", Before: graph.High, After: graph.Middle, Change: graph.ChangeWorsened},
		{A: "a", B: "e", AName: "A", BName: "E", RelationID: "r6", Before: graph.Middle, After: graph.Unrated, Change: graph.ChangeUnrated},
		{A: "b", B: "c", AName: "B", BName: "C", RelationID: "r3", Before: graph.Middle, After: graph.Middle, Change: graph.ChangeUnchanged},
		{A: "b", B: "d", AName: "B", BName: "D", RelationID: "r7", Change: graph.ChangeUnchanged},
		{A: "b", B: "e", AName: "B", BName: "E", RelationID: "r9", After: graph.High, Change: graph.ChangeAdded},
		{A: "c", B: "d", AName: "C", BName: "D", RelationID: "r4", Before: graph.Low, Change: graph.ChangeRemoved},
		{A: "d", B: "e", AName: "D", BName: "E", RelationID: "r5", After: graph.Low, Change: graph.ChangeRated},
	}
	assert.Equal(t, want, c.Changes)
	assert.Equal(t, graph.ChangeCounts{Improved: 1, Worsened: 1, Unchanged: 2, Added: 1, Removed: 1, Rated: 1, Unrated: 1}, c.Counts)

	b, err := json.Marshal(c)
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `{"a":"b","b":"a","a_name":"B","b_name":"A","relation_id":"r1","before":3,"after":2,"change":"improved"}`)
	assert.Contains(t, s, `"before":null,"after":1,"change":"added"`)
	assert.Contains(t, s, `"score_before":40,"score_after":50,"score_change":10,"score_change_pct":25`)
}

func TestCompare_Scores(t *testing.T) {
	ratedLow := &graph.Map{Functions: []graph.Function{fn("a", ""), fn("b", "")}, Relations: []graph.Relation{rel("r1", "a", "b", graph.Low)}}
	ratedHigh := &graph.Map{Functions: []graph.Function{fn("a", ""), fn("b", "")}, Relations: []graph.Relation{rel("r1", "a", "b", graph.High)}}
	unrated := &graph.Map{Functions: []graph.Function{fn("a", ""), fn("b", "")}, Relations: []graph.Relation{rel("r1", "a", "b", graph.Unrated)}}
	tests := []struct {
		name                    string
		before, after           *graph.Map
		scoreBefore, scoreAfter *float64
		change, pct             *float64
		changes                 int
	}{
		{"EmptyToEmpty", &graph.Map{}, &graph.Map{}, nil, nil, nil, nil, 0},
		{"NilBefore", nil, ratedHigh, nil, ptr(100), nil, nil, 1},
		{"FromZeroScore", ratedLow, ratedHigh, ptr(0), ptr(100), ptr(100), nil, 1},
		{"ToZeroScore", ratedHigh, ratedLow, ptr(100), ptr(0), ptr(-100), ptr(-100), 1},
		{"UnratedBefore", unrated, ratedHigh, nil, ptr(100), nil, nil, 1},
		{"Same", ratedHigh, ratedHigh, ptr(100), ptr(100), ptr(0), ptr(0), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := graph.Compare(tt.before, tt.after)
			assertFloatPtr(t, tt.scoreBefore, c.ScoreBefore, "score_before")
			assertFloatPtr(t, tt.scoreAfter, c.ScoreAfter, "score_after")
			assertFloatPtr(t, tt.change, c.ScoreChange, "score_change")
			assertFloatPtr(t, tt.pct, c.ScoreChangePct, "score_change_pct")
			assert.Len(t, c.Changes, tt.changes)
			assert.NotNil(t, c.Changes)
		})
	}
}

package graph_test

import (
	"fmt"

	"github.com/relationskort/relationskort/graph"
)

// The score is the mean over rated relations of (3 − rating) / 2 × 100:
// High counts 100, Middle 50, Low 0. Unrated relations do not count.
func ExampleAnalyze_score() {
	m := &graph.Map{
		Functions: []graph.Function{
			{ID: "borger", Name: "Borgeren"},
			{ID: "hjemmepleje", Name: "Hjemmeplejen"},
			{ID: "laege", Name: "Egen læge"},
			{ID: "sygehus", Name: "Sygehuset"},
		},
		Relations: []graph.Relation{
			{ID: "r1", A: "borger", B: "hjemmepleje", Rating: graph.High},
			{ID: "r2", A: "hjemmepleje", B: "laege", Rating: graph.Middle},
			{ID: "r3", A: "laege", B: "sygehus", Rating: graph.Low},
			{ID: "r4", A: "sygehus", B: "hjemmepleje", Rating: graph.Middle},
			{ID: "r5", A: "borger", B: "laege"}, // chosen, not rated yet
		},
	}
	a := graph.Analyze(m, "en")
	fmt.Printf("counts: %+v\n", a.Counts)
	fmt.Printf("mean rating %.2f, score %.1f\n", *a.MeanRating, *a.Score)
	fmt.Println("unrated:", a.Unrated)
	// Output:
	// counts: {High:1 Middle:2 Low:1 Unrated:1}
	// mean rating 2.00, score 50.0
	// unrated: [r5]
}

// The weakest ties come Low first, then Middle; within a rating a bridge (a
// relation whose removal splits the network) first, then the relation more
// shortest paths run through.
func ExampleAnalyze_weakest() {
	m := &graph.Map{
		Functions: []graph.Function{
			{ID: "hjemmepleje", Name: "Hjemmeplejen", Group: "Kommune"},
			{ID: "visitation", Name: "Visitationen", Group: "Kommune"},
			{ID: "genoptraening", Name: "Genoptræningen", Group: "Kommune"},
			{ID: "sygehus", Name: "Sygehuset", Group: "Region"},
			{ID: "psykiatri", Name: "Psykiatrien", Group: "Region"},
		},
		Relations: []graph.Relation{
			{ID: "r1", A: "hjemmepleje", B: "visitation", Rating: graph.Low},
			{ID: "r2", A: "visitation", B: "genoptraening", Rating: graph.High},
			{ID: "r3", A: "genoptraening", B: "hjemmepleje", Rating: graph.Middle},
			{ID: "r4", A: "visitation", B: "sygehus", Rating: graph.Low, Note: "Udskrivelser kommer sent"},
			{ID: "r5", A: "sygehus", B: "psykiatri", Rating: graph.Middle},
		},
	}
	for _, w := range graph.Analyze(m, "en").Weakest {
		fmt.Printf("%d. %s–%s (%s)\n", w.Rank, w.AName, w.BName, w.Rating)
		for _, r := range w.Reasons {
			fmt.Println("   -", r)
		}
		if w.Note != "" {
			fmt.Printf("   note: %q\n", w.Note)
		}
	}
	// Output:
	// 1. Visitationen–Sygehuset (low)
	//    - rated Low
	//    - If this link fails, 2 functions lose all contact with the other 3
	//    - If this link fails, Kommune and Region lose their only direct contact
	//    - Many of the other connections go through this one (60% of the routes between the functions)
	//    note: "Udskrivelser kommer sent"
	// 2. Hjemmeplejen–Visitationen (low)
	//    - rated Low
	//    - Many of the other connections go through this one (30% of the routes between the functions)
	// 3. Sygehuset–Psykiatrien (middle)
	//    - rated Middle
	//    - If this link fails, Psykiatrien loses all contact with the other 4 functions
	//    - Many of the other connections go through this one (40% of the routes between the functions)
	// 4. Genoptræningen–Hjemmeplejen (middle)
	//    - rated Middle
	//    - 10% of the routes between the functions go through this one
}

// Compare matches relations by their pair of functions; score_change_pct is
// the relative change of the score, here from 25 to 66.7: +167%.
func ExampleCompare() {
	fns := []graph.Function{{ID: "a", Name: "Hjemmeplejen"}, {ID: "b", Name: "Egen læge"}, {ID: "c", Name: "Sygehuset"}}
	before := &graph.Map{Functions: fns, Relations: []graph.Relation{
		{ID: "r1", A: "a", B: "b", Rating: graph.Low},
		{ID: "r2", A: "b", B: "c", Rating: graph.Middle},
	}}
	after := &graph.Map{Functions: fns, Relations: []graph.Relation{
		{ID: "r1", A: "a", B: "b", Rating: graph.Middle},
		{ID: "r2", A: "b", B: "c", Rating: graph.Middle},
		{ID: "r3", A: "a", B: "c", Rating: graph.High},
	}}
	c := graph.Compare(before, after)
	fmt.Printf("score %.0f → %.0f (%+.0f%%)\n", *c.ScoreBefore, *c.ScoreAfter, *c.ScoreChangePct)
	for _, ch := range c.Changes {
		fmt.Printf("%s–%s: %s → %s, %s\n", ch.AName, ch.BName, ch.Before, ch.After, ch.Change)
	}
	// Output:
	// score 25 → 67 (+167%)
	// Hjemmeplejen–Egen læge: low → middle, improved
	// Hjemmeplejen–Sygehuset: unrated → high, added
	// Egen læge–Sygehuset: middle → middle, unchanged
}

package graph_test

import (
	"fmt"

	"github.com/relationskort/relationskort/graph"
)

// The median of a round is the lower median: of an even number of ratings
// the smaller of the two middle ones (the stronger tie). The disagreement is
// the share of the ratings that differ from it; "ved ikke" (Unrated) counts
// in neither.
func ExampleSummarize() {
	s := graph.Summarize([]graph.Rating{graph.Low, graph.High, graph.Low, graph.High, graph.Unrated})
	fmt.Printf("n=%d counts=%+v median=%d disagreement=%.2f\n", s.N, s.Counts, s.Median, s.Disagreement)
	// Output:
	// n=4 counts={High:2 Middle:0 Low:2} median=1 disagreement=0.50
}

// With the threshold 3, a direction with 3 ratings is shown beside one
// with none, but not beside one with 2: the combined counts minus its own
// would give the other's. The asymmetry needs both directions.
func ExampleAnonymize() {
	three := graph.RatingCounts{Low: 3}
	show := func(q graph.QuestionResult) string {
		return fmt.Sprintf("combined %v, a→b %v, b→a %v, asymmetry %v",
			q.Combined != nil, q.AToB != nil, q.BToA != nil, q.Asymmetry != nil)
	}
	fmt.Println(show(graph.Anonymize(three, graph.RatingCounts{}, 3)))
	fmt.Println(show(graph.Anonymize(three, graph.RatingCounts{High: 2}, 3)))
	fmt.Println(show(graph.Anonymize(three, graph.RatingCounts{High: 3}, 3)))
	// Output:
	// combined true, a→b true, b→a false, asymmetry false
	// combined true, a→b false, b→a false, asymmetry false
	// combined true, a→b true, b→a true, asymmetry true
}

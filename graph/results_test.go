package graph_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

const (
	H = graph.High
	M = graph.Middle
	L = graph.Low
	U = graph.Unrated // "ved ikke"
)

func counts(h, m, l int) graph.RatingCounts { return graph.RatingCounts{High: h, Middle: m, Low: l} }

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		ratings []graph.Rating
		want    *graph.Stat // nil: nothing to sum up
	}{
		{"None", nil, nil},
		{"OnlyDontKnow", []graph.Rating{U, U}, nil},
		{"One", []graph.Rating{H}, &graph.Stat{N: 1, Counts: counts(1, 0, 0), Median: H, Disagreement: 0}},
		// Sorted 1 1 3 3: the lower of the two middle ratings is 1; two of
		// four differ from it.
		{"TieTakesLower", []graph.Rating{L, H, L, H}, &graph.Stat{N: 4, Counts: counts(2, 0, 2), Median: H, Disagreement: 0.5}},
		{"TwoTie", []graph.Rating{L, M}, &graph.Stat{N: 2, Counts: counts(0, 1, 1), Median: M, Disagreement: 0.5}},
		{"OneOfEach", []graph.Rating{L, M, H}, &graph.Stat{N: 3, Counts: counts(1, 1, 1), Median: M, Disagreement: 0.666667}},
		// Sorted 1 2 3 3 (the "ved ikke" left out): place 2 is 2; three of
		// four differ.
		{"DontKnowLeftOut", []graph.Rating{L, L, H, M, U}, &graph.Stat{N: 4, Counts: counts(1, 1, 2), Median: M, Disagreement: 0.75}},
		// Sorted 1 2 3 3 3 3: place 3 is 3; two of six differ.
		{"Six", []graph.Rating{H, L, L, L, L, M}, &graph.Stat{N: 6, Counts: counts(1, 1, 4), Median: L, Disagreement: 0.333333}},
		{"Agreed", []graph.Rating{L, L, L}, &graph.Stat{N: 3, Counts: counts(0, 0, 3), Median: L, Disagreement: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := graph.Summarize(tt.ratings)
			if tt.want == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.want.N, got.N)
			assert.Equal(t, tt.want.Counts, got.Counts)
			assert.Equal(t, tt.want.Median, got.Median, "Summarize(%v).Median", tt.ratings)
			assert.InDelta(t, tt.want.Disagreement, got.Disagreement, 1e-9, "Summarize(%v).Disagreement", tt.ratings)
		})
	}
}

func ip(n int) *int { return &n }

func TestAnonymize(t *testing.T) {
	tests := []struct {
		name                   string
		ab, ba                 graph.RatingCounts
		k                      int
		combined, aToB, bToA   bool // shown?
		median                 graph.Rating
		asymmetry              *int
		disputed, oneSided     bool
		combinedN, combinedDis float64
	}{
		// 3 Low from a, 3 High from b: both shown, two steps apart; the
		// combined 1 1 1 3 3 3 has the lower median 1 and half differ.
		{name: "BothShown", ab: counts(0, 0, 3), ba: counts(3, 0, 0), k: 3, combined: true, aToB: true, bToA: true,
			median: H, asymmetry: ip(2), disputed: true, oneSided: true, combinedN: 6, combinedDis: 0.5},
		// The threshold hides a direction with 2 respondents — and the
		// other one with it, whose counts would give the two away.
		{name: "TwoRespondentsHideBoth", ab: counts(1, 1, 1), ba: counts(0, 0, 2), k: 3, combined: true,
			median: L, disputed: true, combinedN: 5, combinedDis: 0.4},
		// One respondent on one side: the combined median alone would give
		// it away beside a shown 1 3 3 (x = 1, 2, 3 makes the median 1, 2, 3).
		{name: "OneRespondentHidesBoth", ab: counts(1, 0, 2), ba: counts(0, 1, 0), k: 3, combined: true,
			median: M, disputed: true, combinedN: 4, combinedDis: 0.75},
		{name: "OtherSideSilent", ab: counts(0, 3, 1), k: 3, combined: true, aToB: true, median: M, combinedN: 4, combinedDis: 0.25},
		{name: "TooFewInAll", ab: counts(0, 1, 0), ba: counts(1, 0, 0), k: 3},
		{name: "OneAnswer", ab: counts(0, 0, 1), k: 3},
		{name: "Nothing", k: 3},
		{name: "ThresholdOne", ab: counts(0, 0, 1), ba: counts(0, 1, 0), k: 1, combined: true, aToB: true, bToA: true,
			median: M, asymmetry: ip(1), disputed: true, oneSided: true, combinedN: 2, combinedDis: 0.5},
		{name: "SameMedians", ab: counts(0, 3, 0), ba: counts(0, 4, 1), k: 3, combined: true, aToB: true, bToA: true,
			median: M, asymmetry: ip(0), combinedN: 8, combinedDis: 0.125},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := graph.Anonymize(tt.ab, tt.ba, tt.k)
			assert.Equal(t, tt.combined, q.Combined != nil, "combined shown")
			assert.Equal(t, tt.aToB, q.AToB != nil, "a→b shown")
			assert.Equal(t, tt.bToA, q.BToA != nil, "b→a shown")
			assert.Equal(t, tt.asymmetry, q.Asymmetry)
			assert.Equal(t, tt.disputed, q.Disputed(), "disputed")
			assert.Equal(t, tt.oneSided, q.OneSided(), "one-sided")
			if q.Combined != nil {
				assert.Equal(t, tt.median, q.Combined.Median)
				assert.Equal(t, int(tt.combinedN), q.Combined.N)
				assert.InDelta(t, tt.combinedDis, q.Combined.Disagreement, 1e-9)
			}
		})
	}
}

// TestAnonymize_NothingDerivable checks the rule on every pair of count
// vectors up to 4 answers a rating and side, for thresholds 1–5: every
// figure shown sums up at least k ratings, and no shown figure minus
// another leaves a group of 1 to k−1 ratings.
func TestAnonymize_NothingDerivable(t *testing.T) {
	var all []graph.RatingCounts
	for h := range 5 {
		for m := range 5 {
			for l := range 5 {
				all = append(all, counts(h, m, l))
			}
		}
	}
	for k := 1; k <= 5; k++ {
		for _, ab := range all {
			for _, ba := range all {
				q := graph.Anonymize(ab, ba, k)
				for _, s := range []*graph.Stat{q.Combined, q.AToB, q.BToA} {
					if s != nil && s.N < k {
						t.Fatalf("k=%d %v/%v: a figure of %d ratings is shown", k, ab, ba, s.N)
					}
				}
				if q.Combined == nil {
					continue
				}
				for _, d := range []struct {
					shown *graph.Stat
					other graph.RatingCounts
				}{{q.AToB, ba}, {q.BToA, ab}} {
					if d.shown != nil {
						if n := d.other.Total(); n > 0 && n < k {
							t.Fatalf("k=%d %v/%v: combined minus one direction gives a group of %d", k, ab, ba, n)
						}
					}
				}
			}
		}
	}
}

// roundMap: three functions, three relations.
func roundMap() *graph.Map {
	return &graph.Map{
		ID: "m1", Title: "Runde",
		Functions: []graph.Function{
			{ID: "hjemmepleje", Name: "Hjemmeplejen"},
			{ID: "laege", Name: "Egen læge"},
			{ID: "sygepleje", Name: "Hjemmesygeplejen"},
		},
		Relations: []graph.Relation{
			{ID: "r1", A: "hjemmepleje", B: "laege", Rating: graph.Middle, Note: "Medicinlister"},
			{ID: "r2", A: "laege", B: "sygepleje", Rating: graph.Low},
			{ID: "r3", A: "hjemmepleje", B: "sygepleje", Rating: graph.High},
		},
	}
}

// roundAnswers are hand-made answers of eight participants; the table in
// TestResults is computed from them by hand.
func roundAnswers() (*graph.Round, []graph.Participant, []graph.Response) {
	r := &graph.Round{ID: "q1", MapID: "m1", Title: "Runde 1", Status: graph.RoundClosed,
		Questions: []string{"overall", "respekt"}, MinGroup: 3}
	ps := []graph.Participant{
		{ID: "h1", From: "hjemmepleje"}, {ID: "h2", From: "hjemmepleje"}, {ID: "h3", From: "hjemmepleje"},
		{ID: "l1", From: "laege"}, {ID: "l2", From: "laege"}, {ID: "l3", From: "laege"},
		{ID: "s1", From: "sygepleje"}, {ID: "s2", From: "sygepleje"},
	}
	ans := func(p, rel, from, to, q string, rt graph.Rating) graph.Response {
		return graph.Response{Participant: p, RelationID: rel, From: from, To: to, Question: q, Rating: rt}
	}
	rs := []graph.Response{
		// r1, overall: home care 3 3 2, the GP 1 1 2.
		ans("h1", "r1", "hjemmepleje", "laege", "overall", L),
		ans("h2", "r1", "hjemmepleje", "laege", "overall", L),
		ans("h3", "r1", "hjemmepleje", "laege", "overall", M),
		ans("l1", "r1", "laege", "hjemmepleje", "overall", H),
		ans("l2", "r1", "laege", "hjemmepleje", "overall", H),
		ans("l3", "r1", "laege", "hjemmepleje", "overall", M),
		// r1, respekt: home care 1 1 1, the GP 3 3 (l3 did not answer it).
		ans("h1", "r1", "hjemmepleje", "laege", "respekt", H),
		ans("h2", "r1", "hjemmepleje", "laege", "respekt", H),
		ans("h3", "r1", "hjemmepleje", "laege", "respekt", H),
		ans("l1", "r1", "laege", "hjemmepleje", "respekt", L),
		ans("l2", "r1", "laege", "hjemmepleje", "respekt", L),
		// r2, overall: the GP 2 2 and a "ved ikke", home nursing 1 2.
		ans("l1", "r2", "laege", "sygepleje", "overall", M),
		ans("l2", "r2", "laege", "sygepleje", "overall", M),
		ans("l3", "r2", "laege", "sygepleje", "overall", U),
		ans("s1", "r2", "sygepleje", "laege", "overall", H),
		ans("s2", "r2", "sygepleje", "laege", "overall", M),
		// r3, overall: one answer.
		ans("h1", "r3", "hjemmepleje", "sygepleje", "overall", M),
		// Left out: a relation the map no longer has, an answer whose ends
		// are not the relation's, a question the round does not ask.
		ans("h1", "r9", "hjemmepleje", "laege", "overall", L),
		ans("s1", "r1", "sygepleje", "laege", "overall", L),
		ans("h2", "r1", "hjemmepleje", "laege", "innovation", L),
	}
	return r, ps, rs
}

func stat(n int, c graph.RatingCounts, median graph.Rating, dis float64) *graph.Stat {
	return &graph.Stat{N: n, Counts: c, Median: median, Disagreement: dis}
}

func TestResults(t *testing.T) {
	m := roundMap()
	r, ps, rs := roundAnswers()
	res := graph.Results(m, r, ps, rs, graph.Danish)

	assert.Equal(t, 8, res.Participants)
	assert.Equal(t, []graph.FunctionTurnout{
		{FunctionID: "hjemmepleje", Name: "Hjemmeplejen", Participants: 3},
		{FunctionID: "laege", Name: "Egen læge", Participants: 3},
	}, res.Functions, "home nursing's 2 participants are below the threshold")
	require.Len(t, res.Relations, 3)

	r1 := res.Relations[0]
	assert.Equal(t, "r1", r1.RelationID)
	assert.Equal(t, stat(6, counts(2, 2, 2), M, 0.666667), r1.Combined)
	assert.Equal(t, stat(3, counts(0, 1, 2), L, 0.333333), r1.AToB)
	assert.Equal(t, stat(3, counts(2, 1, 0), H, 0.333333), r1.BToA)
	assert.Equal(t, ip(2), r1.Asymmetry)
	assert.True(t, r1.Disputed)
	assert.True(t, r1.OneSided)
	assert.Equal(t, []string{
		"Hjemmeplejen oplever samarbejdet med Egen læge som lavt (3); Egen læge oplever det som højt (1)",
		"Uenighed i rummet: 4 af 6 svar afviger fra medianen Middel (2); svarene spænder fra Høj (1) til Lav (3)",
	}, r1.Reasons)
	respekt := r1.Dimensions["respekt"]
	assert.Equal(t, stat(5, counts(3, 0, 2), H, 0.4), respekt.Combined)
	assert.Nil(t, respekt.AToB, "3 answers, but the other side's 2 would follow from them")
	assert.Nil(t, respekt.BToA, "2 answers, below the threshold")
	assert.Nil(t, respekt.Asymmetry)
	assert.Len(t, r1.Dimensions, 1)

	r2 := res.Relations[1]
	assert.Equal(t, stat(4, counts(1, 3, 0), M, 0.25), r2.Combined)
	assert.Nil(t, r2.AToB)
	assert.Nil(t, r2.BToA)
	assert.Nil(t, r2.Asymmetry)
	assert.False(t, r2.Disputed)
	assert.Empty(t, r2.Reasons)

	r3 := res.Relations[2]
	assert.Nil(t, r3.Combined, "one answer in all is not shown")
	assert.Nil(t, r3.AToB)
	assert.Nil(t, r3.BToA)

	t.Run("English", func(t *testing.T) {
		en := graph.Results(m, r, ps, rs, graph.English)
		assert.Equal(t, []string{
			"Hjemmeplejen experiences the cooperation with Egen læge as low (3); Egen læge experiences it as high (1)",
			"Disagreement in the room: 4 of 6 answers differ from the median Middle (2); the answers range from High (1) to Low (3)",
		}, en.Relations[0].Reasons)
	})
	t.Run("RoundMap", func(t *testing.T) {
		rm := graph.RoundMap(m, res)
		assert.Equal(t, []graph.Rating{M, M, U}, []graph.Rating{rm.Relations[0].Rating, rm.Relations[1].Rating, rm.Relations[2].Rating})
		assert.Equal(t, "Medicinlister", rm.Relations[0].Note)
		assert.Equal(t, graph.Middle, m.Relations[0].Rating, "the map itself is untouched")
		assert.Equal(t, graph.Low, m.Relations[1].Rating)
	})
	t.Run("Attention", func(t *testing.T) {
		at := res.Attention()
		require.Len(t, at.Disputed, 1)
		require.Len(t, at.OneSided, 1)
		assert.Equal(t, "r1", at.Disputed[0].RelationID)
		assert.Equal(t, 1, at.OneSided[0].Rank)
		assert.Equal(t, L, at.OneSided[0].AToB)
		assert.Equal(t, H, at.OneSided[0].BToA)
	})
	t.Run("ShownAnswers", func(t *testing.T) {
		shown := res.ShownAnswers(rs)
		// Only r1's overall answers: both directions have 3; every other
		// direction is hidden, and the stale answers are left out.
		require.Len(t, shown, 6)
		for _, x := range shown {
			assert.Equal(t, "r1", x.RelationID)
			assert.Equal(t, "overall", x.Question)
			assert.Empty(t, x.Participant, "no participant in an exported answer")
		}
	})
	t.Run("JSON", func(t *testing.T) {
		b, err := json.Marshal(res.Relations[1])
		require.NoError(t, err)
		assert.JSONEq(t, `{"relation_id":"r2","a":"laege","b":"sygepleje","a_name":"Egen læge","b_name":"Hjemmesygeplejen",
			"combined":{"n":4,"counts":{"1":1,"2":3,"3":0},"median":2,"disagreement":0.25},
			"a_to_b":null,"b_to_a":null,"asymmetry":null,
			"dimensions":{"respekt":{"combined":null,"a_to_b":null,"b_to_a":null,"asymmetry":null}},
			"disputed":false,"one_sided":false,"reasons":[]}`, string(b))
	})
}

func TestDecodeRoundRequest(t *testing.T) {
	tests := []struct {
		name, body string
		want       *graph.Round
		field      string // of the first problem, when an error is expected
	}{
		{"Defaults", `{"title":" Runde 1 "}`, &graph.Round{Title: "Runde 1", Status: graph.RoundOpen, Questions: []string{"overall"}, MinGroup: 3}, ""},
		{"Dimensions", `{"title":"R","questions":["respekt","overall","samarbejde"],"min_group":5}`,
			&graph.Round{Title: "R", Status: graph.RoundOpen, Questions: []string{"overall", "samarbejde", "respekt"}, MinGroup: 5}, ""},
		{"NoTitle", `{}`, nil, "title"},
		{"NullTitle", `{"title":null}`, nil, "title"},
		{"BidiTitle", "{\"title\":\"a\u202eb\"}", nil, "title"},
		{"UnknownQuestion", `{"title":"R","questions":["overall","tillid"]}`, nil, "questions[1]"},
		{"Twice", `{"title":"R","questions":["overall","overall"]}`, nil, "questions[1]"},
		{"NoOverall", `{"title":"R","questions":["respekt"]}`, nil, "questions"},
		{"MinGroupLow", `{"title":"R","min_group":0}`, nil, "min_group"},
		{"MinGroupHigh", `{"title":"R","min_group":11}`, nil, "min_group"},
		{"MinGroupFraction", `{"title":"R","min_group":2.5}`, nil, "min_group"},
		{"MinGroupNull", `{"title":"R","min_group":null}`, nil, "min_group"},
		{"Unknown", `{"title":"R","status":"closed"}`, nil, "status"},
		{"KeyTwice", `{"title":"R","title":"S"}`, nil, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := graph.DecodeRoundRequest([]byte(tt.body))
			if tt.want != nil {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			var ve *graph.ValidationError
			require.True(t, errors.As(err, &ve), "DecodeRoundRequest(%s) = %v; want a ValidationError", tt.body, err)
			assert.Equal(t, tt.field, ve.Problems[0].Field)
		})
	}
}

func TestDecodeAnswersRequest(t *testing.T) {
	r := &graph.Round{Questions: []string{"overall", "respekt"}}
	got, err := graph.DecodeAnswersRequest([]byte(`{"answers":{"overall":3,"respekt":null}}`), r)
	require.NoError(t, err)
	assert.Equal(t, graph.Answers{"overall": L, "respekt": U}, got)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.Equal(t, `{"overall":3,"respekt":null}`, string(b))

	for _, tt := range []struct{ name, body, field string }{
		{"Missing", `{}`, "answers"},
		{"Null", `{"answers":null}`, "answers"},
		{"Empty", `{"answers":{}}`, "answers"},
		{"Four", `{"answers":{"overall":4}}`, "answers.overall"},
		{"Zero", `{"answers":{"overall":0}}`, "answers.overall"},
		{"Word", `{"answers":{"overall":"lav"}}`, "answers.overall"},
		{"NotAsked", `{"answers":{"overall":1,"innovation":2}}`, "answers.innovation"},
		{"Unknown", `{"answers":{"tillid":2}}`, "answers.tillid"},
		{"Extra", `{"answers":{"overall":1},"from":"x"}`, "from"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := graph.DecodeAnswersRequest([]byte(tt.body), r)
			var ve *graph.ValidationError
			require.True(t, errors.As(err, &ve), "DecodeAnswersRequest(%s) = %v", tt.body, err)
			assert.Equal(t, tt.field, ve.Problems[0].Field)
		})
	}
}

func TestDecodeJoinRequest(t *testing.T) {
	from, err := graph.DecodeJoinRequest([]byte(`{"from":"laege"}`))
	require.NoError(t, err)
	assert.Equal(t, "laege", from)
	for _, body := range []string{`{}`, `{"from":""}`, `{"from":null}`, `{"from":1}`, `{"from":"a","to":"b"}`} {
		_, err := graph.DecodeJoinRequest([]byte(body))
		assert.ErrorIs(t, err, graph.ErrInvalid, body)
	}
}

func TestRelationsOf(t *testing.T) {
	m := roundMap()
	assert.Equal(t, []graph.ParticipantRelation{
		{RelationID: "r1", To: "hjemmepleje", ToName: "Hjemmeplejen"},
		{RelationID: "r2", To: "sygepleje", ToName: "Hjemmesygeplejen"},
	}, graph.RelationsOf(m, "laege"))
	assert.Empty(t, graph.RelationsOf(m, "nope"))
	to, err := graph.AnswerTarget(m, "laege", "r2")
	require.NoError(t, err)
	assert.Equal(t, "sygepleje", to)
	_, err = graph.AnswerTarget(m, "laege", "r3")
	assert.ErrorIs(t, err, graph.ErrInvalid)
	_, err = graph.AnswerTarget(m, "laege", "r9")
	assert.ErrorIs(t, err, graph.ErrInvalid)
}

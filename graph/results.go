package graph

import (
	"cmp"
	"slices"
)

// RatingCounts counts answers by rating; the JSON is {"1":…, "2":…, "3":…}.
type RatingCounts struct {
	High   int `json:"1"`
	Middle int `json:"2"`
	Low    int `json:"3"`
}

// Of returns the count of rating r (0 for Unrated).
func (c RatingCounts) Of(r Rating) int {
	switch r {
	case High:
		return c.High
	case Middle:
		return c.Middle
	case Low:
		return c.Low
	}
	return 0
}

// Total is the number of answers counted.
func (c RatingCounts) Total() int { return c.High + c.Middle + c.Low }

// Stat sums up the ratings of one group of answers (one direction of a
// relation, or both).
//
//   - n: the number of ratings (answers 1, 2 or 3; "ved ikke" is not a
//     rating and is left out).
//   - counts: how many of each rating.
//   - median: the lower median: with the ratings sorted, the one at place
//     (n+1)/2 rounded down, so that of an even number the smaller of the
//     two middle ratings, which is the stronger tie (1 High is the
//     smallest). 1, 1, 3, 3 has the median 1.
//   - disagreement: the share of the ratings that differ from the median,
//     0–1, rounded to 6 decimals. 1, 1, 3, 3 has the disagreement 0.5.
type Stat struct {
	N            int          `json:"n"`
	Counts       RatingCounts `json:"counts"`
	Median       Rating       `json:"median"`
	Disagreement float64      `json:"disagreement"`
}

// Summarize returns the Stat of ratings, or nil when none of them is 1, 2
// or 3 (Unrated ones are skipped).
func Summarize(ratings []Rating) *Stat {
	var c RatingCounts
	for _, r := range ratings {
		switch r {
		case High:
			c.High++
		case Middle:
			c.Middle++
		case Low:
			c.Low++
		}
	}
	return statOf(c)
}

func statOf(c RatingCounts) *Stat {
	n := c.Total()
	if n == 0 {
		return nil
	}
	place := (n + 1) / 2 // 1-based place of the lower median
	median := Low
	seen := 0
	for _, r := range []Rating{High, Middle, Low} {
		seen += c.Of(r)
		if seen >= place {
			median = r
			break
		}
	}
	return &Stat{N: n, Counts: c, Median: median, Disagreement: round6(float64(n-c.Of(median)) / float64(n))}
}

// Thresholds of the marks a round puts on a relation.
const (
	// DisputedShare: a relation is disputed when at least this share of
	// its (combined) ratings differ from the median — more than a third of
	// the room sees it otherwise.
	DisputedShare = 0.34
	// OneSidedGap: a relation is one-sided when the medians of its two
	// directions are at least this far apart (both shown).
	OneSidedGap = 1
)

// QuestionResult is what a round says about one relation for one question.
// Combined sums up the answers from both ends, AToB those of function A
// about B and BToA those of B about A; each is nil when hidden (see
// Results) or when there is nothing to sum up. Asymmetry is |median(a→b) −
// median(b→a)| when both directions are shown, else nil.
type QuestionResult struct {
	Combined  *Stat `json:"combined"`
	AToB      *Stat `json:"a_to_b"`
	BToA      *Stat `json:"b_to_a"`
	Asymmetry *int  `json:"asymmetry"`
}

// Disputed reports whether the combined answers are shown and at least
// DisputedShare of them differ from the median.
func (q QuestionResult) Disputed() bool {
	return q.Combined != nil && q.Combined.Disagreement >= DisputedShare
}

// OneSided reports whether both directions are shown and their medians are
// at least OneSidedGap apart.
func (q QuestionResult) OneSided() bool { return q.Asymmetry != nil && *q.Asymmetry >= OneSidedGap }

// RelationResult is what a round says about one relation of the map: the
// overall question's figures (QuestionResult, whose fields are at the top
// level of the JSON) and those of each dimension the round asks, marks and
// reasons in words.
type RelationResult struct {
	RelationID string `json:"relation_id"`
	A          string `json:"a"`
	B          string `json:"b"`
	AName      string `json:"a_name"`
	BName      string `json:"b_name"`
	QuestionResult
	// Dimensions holds the figures of the round's other questions, by
	// name; empty when the round asks only "overall".
	Dimensions map[string]QuestionResult `json:"dimensions"`
	// Disputed and OneSided are the overall question's marks.
	Disputed bool `json:"disputed"`
	OneSided bool `json:"one_sided"`
	// Reasons say in words, in the results' language, why the relation is
	// marked; empty when it is not.
	Reasons []string `json:"reasons"`
}

// FunctionTurnout is the number of a function's participants.
type FunctionTurnout struct {
	FunctionID   string `json:"function_id"`
	Name         string `json:"name"`
	Participants int    `json:"participants"`
}

// RoundResults is what a round says about a map: the structure the API
// serves as GET …/rounds/{rid}/results, the export writes, the close of a
// round turns into a snapshot (RoundMap) and the renderer draws
// (render.Options.Round). Plain data: everything in it may be shown to
// anyone who may see the map; what could tell one person's answer is not in
// it.
//
// The anonymity rule, with k = the round's MinGroup, per relation and per
// question, where n(a→b) and n(b→a) count the ratings of each direction:
//
//  1. The combined figure is shown only when n(a→b) + n(b→a) ≥ k: fewer
//     answers than that, and one person's answer could be read off it (a
//     relation answered by one person shows that person's rating).
//  2. A direction is shown only when it has at least k ratings and the
//     other direction either is shown too or has no rating at all. When
//     one direction has k or more ratings and the other between 1 and
//     k−1, both are hidden: shown beside the combined figure, the counts
//     of the larger direction would give the smaller one's by subtraction
//     — one rating, when one person answered from that side — and even
//     the combined median would give it away (1, 3, 3 from one side and x
//     from the other: the median is x).
//  3. The asymmetry is shown only when both directions are.
//  4. A function's number of participants is listed only when it is at
//     least k.
//
// So every figure shown sums up at least k ratings, and no figure shown
// can be subtracted from another to give a group smaller than k. Like
// every such threshold it cannot hide an answer a whole group gave alike
// (when all k answered Low, each of them answered Low). Results of a round
// are served only once it is closed (the API refuses them while it is
// open), so that nobody can watch a figure change as one person answers.
type RoundResults struct {
	// Lang is the language of the names' reasons: "da" or "en".
	Lang  Lang  `json:"lang"`
	Round Round `json:"round"`
	// Participants is the number of people who joined.
	Participants int `json:"participants"`
	// Functions lists the functions with at least MinGroup participants,
	// in the map's order.
	Functions []FunctionTurnout `json:"functions"`
	// Relations has one entry a relation of the map, in the map's order.
	Relations []RelationResult `json:"relations"`
}

// Relation returns the result of relation id, or nil.
func (res *RoundResults) Relation(id string) *RelationResult {
	for i := range res.Relations {
		if res.Relations[i].RelationID == id {
			return &res.Relations[i]
		}
	}
	return nil
}

// Results sums up the answers rs of the participants ps of round r about
// the relations of m, under the anonymity rule of RoundResults; the
// reasons are in lang (Danish unless English). Answers about relations m
// no longer has, or whose ends have changed since (From and To must be the
// relation's two ends), are left out. Results does not modify its
// arguments.
func Results(m *Map, r *Round, ps []Participant, rs []Response, lang Lang) *RoundResults {
	if lang != English {
		lang = Danish
	}
	k := max(r.MinGroup, 1)
	res := &RoundResults{Lang: lang, Round: *r, Participants: len(ps), Functions: []FunctionTurnout{}, Relations: []RelationResult{}}
	res.Round.Questions = slices.Clone(r.Questions)

	perFunction := map[string]int{}
	for _, p := range ps {
		perFunction[p.From]++
	}
	for _, f := range m.Functions {
		if n := perFunction[f.ID]; n >= k {
			res.Functions = append(res.Functions, FunctionTurnout{FunctionID: f.ID, Name: f.Name, Participants: n})
		}
	}

	// counts[relation][question][0: a→b, 1: b→a]
	type dir = [2]RatingCounts
	counts := map[string]map[string]*dir{}
	ends := map[string][2]string{}
	for _, rel := range m.Relations {
		ends[rel.ID] = [2]string{rel.A, rel.B}
	}
	for _, x := range rs {
		e, ok := ends[x.RelationID]
		if !ok || !r.Asks(x.Question) {
			continue
		}
		var d int
		switch {
		case x.From == e[0] && x.To == e[1]:
			d = 0
		case x.From == e[1] && x.To == e[0]:
			d = 1
		default:
			continue
		}
		byQ := counts[x.RelationID]
		if byQ == nil {
			byQ = map[string]*dir{}
			counts[x.RelationID] = byQ
		}
		c := byQ[x.Question]
		if c == nil {
			c = &dir{}
			byQ[x.Question] = c
		}
		switch x.Rating {
		case High:
			c[d].High++
		case Middle:
			c[d].Middle++
		case Low:
			c[d].Low++
		}
	}

	for _, rel := range m.Relations {
		rr := RelationResult{RelationID: rel.ID, A: rel.A, B: rel.B, Dimensions: map[string]QuestionResult{}, Reasons: []string{}}
		if f := m.Function(rel.A); f != nil {
			rr.AName = f.Name
		}
		if f := m.Function(rel.B); f != nil {
			rr.BName = f.Name
		}
		for _, q := range r.Questions {
			var c dir
			if p := counts[rel.ID][q]; p != nil {
				c = *p
			}
			qr := Anonymize(c[0], c[1], k)
			if q == QuestionOverall {
				rr.QuestionResult = qr
			} else {
				rr.Dimensions[q] = qr
			}
		}
		rr.Disputed, rr.OneSided = rr.QuestionResult.Disputed(), rr.QuestionResult.OneSided()
		rr.Reasons = roundReasons(lang, &rr)
		res.Relations = append(res.Relations, rr)
	}
	return res
}

// Anonymize sums up the counts of the two directions of one relation for
// one question under the anonymity rule of RoundResults with threshold k.
func Anonymize(ab, ba RatingCounts, k int) QuestionResult {
	nab, nba := ab.Total(), ba.Total()
	var q QuestionResult
	if nab+nba >= k {
		q.Combined = statOf(RatingCounts{High: ab.High + ba.High, Middle: ab.Middle + ba.Middle, Low: ab.Low + ba.Low})
	}
	showAB := nab >= k && (nba == 0 || nba >= k)
	showBA := nba >= k && (nab == 0 || nab >= k)
	if showAB {
		q.AToB = statOf(ab)
	}
	if showBA {
		q.BToA = statOf(ba)
	}
	if q.AToB != nil && q.BToA != nil {
		d := int(q.AToB.Median) - int(q.BToA.Median)
		if d < 0 {
			d = -d
		}
		q.Asymmetry = &d
	}
	return q
}

// DirectionShown reports whether the answers of one direction of a
// relation (n ratings, the other direction other ratings) may be shown
// under threshold k: the rule of RoundResults, for exports of single
// answers.
func DirectionShown(n, other, k int) bool {
	return n >= k && (other == 0 || other >= k)
}

// RoundMap returns a copy of m whose ratings are the round's combined
// medians of the overall question: a relation whose combined figure is
// hidden or has no rating is unrated. It is the map the closing of a round
// keeps as a snapshot, and the map drawn for map.svg?round=.
func RoundMap(m *Map, res *RoundResults) *Map {
	c := m.Clone()
	for i := range c.Relations {
		c.Relations[i].Rating = Unrated
		if rr := res.Relation(c.Relations[i].ID); rr != nil && rr.Combined != nil {
			c.Relations[i].Rating = rr.Combined.Median
		}
	}
	return c
}

// RoundTie is a disputed or one-sided relation of a round, for the
// attention list of the analysis.
type RoundTie struct {
	Rank         int     `json:"rank"`
	RelationID   string  `json:"relation_id"`
	A            string  `json:"a"`
	B            string  `json:"b"`
	AName        string  `json:"a_name"`
	BName        string  `json:"b_name"`
	Median       Rating  `json:"median"`
	Disagreement float64 `json:"disagreement"`
	// AToB and BToA are the medians of the directions; null when hidden.
	AToB      Rating   `json:"a_to_b"`
	BToA      Rating   `json:"b_to_a"`
	Asymmetry *int     `json:"asymmetry"`
	Reasons   []string `json:"reasons"`
}

// RoundAttention is what the analysis adds for a round
// (…/analysis?round={rid}): the disputed relations, most disagreement
// first, and the one-sided ones, largest gap first (ties: more answers
// first, then relation id).
type RoundAttention struct {
	RoundID  string     `json:"round_id"`
	Title    string     `json:"title"`
	Disputed []RoundTie `json:"disputed"`
	OneSided []RoundTie `json:"one_sided"`
}

// Attention lists the disputed and the one-sided relations of res.
func (res *RoundResults) Attention() *RoundAttention {
	at := &RoundAttention{RoundID: res.Round.ID, Title: res.Round.Title, Disputed: []RoundTie{}, OneSided: []RoundTie{}}
	for _, rr := range res.Relations {
		if !rr.Disputed && !rr.OneSided {
			continue
		}
		t := RoundTie{RelationID: rr.RelationID, A: rr.A, B: rr.B, AName: rr.AName, BName: rr.BName,
			Asymmetry: rr.Asymmetry, Reasons: rr.Reasons}
		if rr.Combined != nil {
			t.Median, t.Disagreement = rr.Combined.Median, rr.Combined.Disagreement
		}
		if rr.AToB != nil {
			t.AToB = rr.AToB.Median
		}
		if rr.BToA != nil {
			t.BToA = rr.BToA.Median
		}
		if rr.Disputed {
			at.Disputed = append(at.Disputed, t)
		}
		if rr.OneSided {
			at.OneSided = append(at.OneSided, t)
		}
	}
	n := func(t RoundTie) int {
		if rr := res.Relation(t.RelationID); rr != nil && rr.Combined != nil {
			return rr.Combined.N
		}
		return 0
	}
	slices.SortStableFunc(at.Disputed, func(x, y RoundTie) int {
		return cmp.Or(cmp.Compare(y.Disagreement, x.Disagreement), cmp.Compare(n(y), n(x)), naturalCompare(x.RelationID, y.RelationID))
	})
	slices.SortStableFunc(at.OneSided, func(x, y RoundTie) int {
		return cmp.Or(cmp.Compare(*y.Asymmetry, *x.Asymmetry), cmp.Compare(n(y), n(x)), naturalCompare(x.RelationID, y.RelationID))
	})
	for i := range at.Disputed {
		at.Disputed[i].Rank = i + 1
	}
	for i := range at.OneSided {
		at.OneSided[i].Rank = i + 1
	}
	return at
}

// ShownAnswers returns the ratings of rs (in their order) that may be
// exported one by one: those of a direction whose figure res shows for
// that question (rule 2 of RoundResults). "Ved ikke", answers about
// relations res does not have and answers whose ends are not the
// relation's are left out. Whoever exports them must also shuffle them:
// their order must not tell who answered when.
func (res *RoundResults) ShownAnswers(rs []Response) []Response {
	out := []Response{}
	for _, x := range rs {
		rr := res.Relation(x.RelationID)
		if rr == nil || !x.Rating.Rated() {
			continue
		}
		q, ok := rr.QuestionResult, x.Question == QuestionOverall
		if !ok {
			q, ok = rr.Dimensions[x.Question]
		}
		if !ok {
			continue
		}
		switch {
		case x.From == rr.A && x.To == rr.B && q.AToB != nil,
			x.From == rr.B && x.To == rr.A && q.BToA != nil:
			out = append(out, Response{RelationID: x.RelationID, From: x.From, To: x.To, Question: x.Question, Rating: x.Rating})
		}
	}
	return out
}

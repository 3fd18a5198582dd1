package graph

import (
	"cmp"
	"slices"
)

// ChangeKind says how one relation changed between two versions of a map.
type ChangeKind string

// The kinds of change. A relation is matched across the two maps by its
// unordered pair of function ids (not by relation id), so deleting a relation
// and drawing it again counts as the same relation.
//
// Lower rating numbers are better (1 High, 3 Low), so:
//
//   - improved: rated in both, and the rating number went down (3 → 2: Low
//     to Middle).
//   - worsened: rated in both, and the rating number went up.
//   - unchanged: the same rating in both, or unrated in both.
//   - added: the pair has a relation only in the later map (rated or not).
//   - removed: the pair has a relation only in the earlier map.
//   - rated: the relation is in both, unrated before and rated after.
//   - unrated: the relation is in both, rated before and unrated after (its
//     rating was withdrawn).
const (
	ChangeImproved  ChangeKind = "improved"
	ChangeWorsened  ChangeKind = "worsened"
	ChangeUnchanged ChangeKind = "unchanged"
	ChangeAdded     ChangeKind = "added"
	ChangeRemoved   ChangeKind = "removed"
	ChangeRated     ChangeKind = "rated"
	ChangeUnrated   ChangeKind = "unrated"
)

// Comparison is how coordination changed from one version of a map (a
// snapshot) to a later one. It is the JSON of GET /api/v1/maps/{id}/compare.
//
// Definitions (the API documentation quotes these):
//
//   - score_before, score_after, mean_before, mean_after: the score and mean
//     rating of each map as defined for Analysis (score = mean over rated
//     relations of (3 − rating) / 2 × 100); null when the map has no rated
//     relation.
//   - score_change: score_after − score_before in points; null when either
//     is null.
//   - score_change_pct: the relative change of the score in percent,
//     (score_after − score_before) / score_before × 100; null when either
//     score is null or score_before is 0. A score going from 40 to 52 is
//     +30 (%), which is what "RC increased 30%" means.
//   - changes: one entry for every pair of functions with a relation in
//     either map, ordered by the pair (natural id order of its smaller id,
//     then of its larger). a, b, relation_id and the names come from the
//     later map, or from the earlier when the relation was removed. before
//     and after are the ratings, null when unrated or absent (change tells
//     which).
//   - counts: the number of changes of each kind.
type Comparison struct {
	ScoreBefore    *float64     `json:"score_before"`
	ScoreAfter     *float64     `json:"score_after"`
	ScoreChange    *float64     `json:"score_change"`
	ScoreChangePct *float64     `json:"score_change_pct"`
	MeanBefore     *float64     `json:"mean_before"`
	MeanAfter      *float64     `json:"mean_after"`
	Counts         ChangeCounts `json:"counts"`
	Changes        []Change     `json:"changes"`
}

// ChangeCounts counts the changes of each kind.
type ChangeCounts struct {
	Improved  int `json:"improved"`
	Worsened  int `json:"worsened"`
	Unchanged int `json:"unchanged"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Rated     int `json:"rated"`
	Unrated   int `json:"unrated"`
}

// Change is what happened to the relation between two functions.
type Change struct {
	A          string     `json:"a"`
	B          string     `json:"b"`
	AName      string     `json:"a_name"`
	BName      string     `json:"b_name"`
	RelationID string     `json:"relation_id"`
	Before     Rating     `json:"before"`
	After      Rating     `json:"after"`
	Change     ChangeKind `json:"change"`
}

// Compare compares the earlier map before with the later map after. Either
// may be empty; relations joining a function to itself are ignored, and if a
// map (invalidly) has two relations for one pair, the one with the smaller
// relation id counts. Compare does not modify its arguments.
func Compare(before, after *Map) *Comparison {
	c := &Comparison{Changes: []Change{}}
	c.MeanBefore, c.ScoreBefore = meanScoreOf(before)
	c.MeanAfter, c.ScoreAfter = meanScoreOf(after)
	if c.ScoreBefore != nil && c.ScoreAfter != nil {
		d := *c.ScoreAfter - *c.ScoreBefore
		c.ScoreChange = &d
		if *c.ScoreBefore != 0 {
			pct := d / *c.ScoreBefore * 100
			c.ScoreChangePct = &pct
		}
	}

	old, oldKeys := relationsByPair(before)
	cur, curKeys := relationsByPair(after)
	keys := append(oldKeys, curKeys...)
	slices.SortFunc(keys, func(x, y [2]string) int {
		return cmp.Or(naturalCompare(x[0], y[0]), naturalCompare(x[1], y[1]))
	})
	keys = slices.Compact(keys)
	oldNames, curNames := functionNames(before), functionNames(after)
	for _, k := range keys {
		ro, inOld := old[k]
		rn, inNew := cur[k]
		ch := Change{}
		from, names := rn, curNames
		if !inNew {
			from, names = ro, oldNames
		}
		ch.A, ch.B, ch.RelationID = from.A, from.B, from.ID
		ch.AName, ch.BName = names[from.A], names[from.B]
		if inOld {
			ch.Before = ro.Rating
		}
		if inNew {
			ch.After = rn.Rating
		}
		ch.Change = changeKind(inOld, inNew, ch.Before, ch.After)
		c.Counts.add(ch.Change)
		c.Changes = append(c.Changes, ch)
	}
	return c
}

func changeKind(inOld, inNew bool, before, after Rating) ChangeKind {
	switch {
	case !inOld:
		return ChangeAdded
	case !inNew:
		return ChangeRemoved
	case before.Rated() && after.Rated():
		switch {
		case after < before:
			return ChangeImproved
		case after > before:
			return ChangeWorsened
		}
		return ChangeUnchanged
	case before.Rated():
		return ChangeUnrated
	case after.Rated():
		return ChangeRated
	}
	return ChangeUnchanged
}

func (cc *ChangeCounts) add(k ChangeKind) {
	switch k {
	case ChangeImproved:
		cc.Improved++
	case ChangeWorsened:
		cc.Worsened++
	case ChangeUnchanged:
		cc.Unchanged++
	case ChangeAdded:
		cc.Added++
	case ChangeRemoved:
		cc.Removed++
	case ChangeRated:
		cc.Rated++
	case ChangeUnrated:
		cc.Unrated++
	}
}

func meanScoreOf(m *Map) (mean, score *float64) {
	if m == nil {
		return nil, nil
	}
	sum, count := 0, 0
	for _, r := range m.Relations {
		if r.Rating.Rated() {
			sum += int(r.Rating)
			count++
		}
	}
	return meanAndScore(sum, count)
}

// relationsByPair indexes the relations of m by their sorted pair of
// function ids and returns the pairs too.
func relationsByPair(m *Map) (map[[2]string]*Relation, [][2]string) {
	if m == nil {
		return nil, nil
	}
	byPair := make(map[[2]string]*Relation, len(m.Relations))
	var keys [][2]string
	for i := range m.Relations {
		r := &m.Relations[i]
		if r.A == r.B {
			continue
		}
		a, b := r.A, r.B
		if naturalCompare(a, b) > 0 {
			a, b = b, a
		}
		k := [2]string{a, b}
		if prev, ok := byPair[k]; ok {
			if naturalCompare(r.ID, prev.ID) < 0 {
				byPair[k] = r
			}
			continue
		}
		byPair[k] = r
		keys = append(keys, k)
	}
	return byPair, keys
}

func functionNames(m *Map) map[string]string {
	if m == nil {
		return nil
	}
	names := make(map[string]string, len(m.Functions))
	for _, f := range m.Functions {
		names[f.ID] = f.Name
	}
	return names
}

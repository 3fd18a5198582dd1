package graph

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Analysis is what a map says about coordination: counts and score, the
// weakest ties in the order leadership should look at them, per-function
// figures, the structure of the network, gaps, and ratings within and
// between groups. It is the JSON of GET /api/v1/maps/{id}/analysis.
//
// Definitions (the API documentation quotes these):
//
//   - mean_rating: the mean of the ratings of the rated relations, 1 (High)
//     to 3 (Low); null when no relation is rated. Unrated relations are left
//     out of every mean and score.
//   - score: the coordination score 0–100, the mean over rated relations of
//     (3 − rating) / 2 × 100; High counts 100, Middle 50, Low 0. So 100 means
//     every rated relation is High and 0 every one Low. Equal to
//     (3 − mean_rating) / 2 × 100. Null when no relation is rated.
//   - the network: functions are nodes, relations undirected edges, rated or
//     not (an unrated relation is a chosen tie, so it counts for paths,
//     bridges and components; only means and scores leave it out).
//   - betweenness of a relation: the number of pairs of functions whose
//     shortest paths run through it, a pair counting the fraction of its
//     shortest paths that do (Brandes' edge betweenness over unordered pairs;
//     the pair the relation itself joins counts 1).
//   - path_share of a relation: its betweenness divided by the number of
//     pairs of functions that are connected at all, 0–1.
//   - bridge: a relation whose removal splits the network, so that some
//     functions lose every path to others.
//   - betweenness of a function: the number of pairs of other functions whose
//     shortest paths pass through it (fractions as above); its brokerage is
//     that divided by the number of pairs of other functions in its component
//     (0–1; 1 for the centre of a star; 0 when there are no such pairs).
//   - articulation point: a function whose removal splits its component.
//   - components: the number of separate parts of the network; every
//     isolated function (no relations) is a part of its own. 1 means every
//     function can reach every other; 0 for a map without functions.
//
// Lists of ids are in natural id order ("r2" before "r10"). Floats other than
// means and scores are rounded to 6 decimals, so the output is the same on
// every run and machine.
type Analysis struct {
	// Lang is the language of the reasons: "da" or "en".
	Lang       Lang     `json:"lang"`
	Counts     Counts   `json:"counts"`
	MeanRating *float64 `json:"mean_rating"`
	Score      *float64 `json:"score"`
	// Weakest lists every Low relation, then every Middle one. Within a
	// rating, bridges come first, then higher betweenness, then relation id.
	Weakest   []WeakTie       `json:"weakest"`
	Functions []FunctionStats `json:"functions"`
	// Isolated are the functions with no relations.
	Isolated   []string `json:"isolated"`
	Components int      `json:"components"`
	// Unrated are the relations chosen but not rated yet (same as
	// Gaps.Unrated).
	Unrated []string `json:"unrated"`
	// Bridges are the relations whose removal splits the network.
	Bridges []string `json:"bridges"`
	// ArticulationPoints are the functions whose removal splits the network.
	ArticulationPoints []string `json:"articulation_points"`
	Gaps               Gaps     `json:"gaps"`
	// GroupMatrix holds the ratings within and between groups.
	GroupMatrix *Matrix `json:"group_matrix"`
	// Round, for the analysis of a rating round (…/analysis?round={rid}),
	// lists its disputed and one-sided relations; the rest of the analysis
	// is then that of the round's map (RoundMap). Absent otherwise.
	Round *RoundAttention `json:"round,omitempty"`
}

// Counts is the number of relations with each rating.
type Counts struct {
	High    int `json:"high"`
	Middle  int `json:"middle"`
	Low     int `json:"low"`
	Unrated int `json:"unrated"`
}

// Rated returns the number of rated relations.
func (c Counts) Rated() int { return c.High + c.Middle + c.Low }

// WeakTie is a Low or Middle relation with its place in the ranking and the
// reasons for it, in the analysis' language.
type WeakTie struct {
	Rank       int    `json:"rank"` // 1 for the tie to look at first
	RelationID string `json:"relation_id"`
	A          string `json:"a"`
	B          string `json:"b"`
	AName      string `json:"a_name"`
	BName      string `json:"b_name"`
	Rating     Rating `json:"rating"`
	Bridge     bool   `json:"bridge"`
	// Cut is, for a bridge, the number of functions on the smaller side:
	// those that would lose every path to the rest of their part of the
	// network without it; 0 if the relation is not a bridge.
	Cut         int      `json:"cut"`
	Betweenness float64  `json:"betweenness"`
	PathShare   float64  `json:"path_share"`
	Reasons     []string `json:"reasons"`
	Note        string   `json:"note"`
}

// FunctionStats is the analysis of one function.
type FunctionStats struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group"`
	// Relations counts all its relations, Rated those that are rated, Low
	// those rated Low.
	Relations int `json:"relations"`
	Rated     int `json:"rated"`
	// MeanRating is the mean rating of its rated relations; null if none.
	MeanRating  *float64 `json:"mean_rating"`
	Low         int      `json:"low"`
	Betweenness float64  `json:"betweenness"`
	Brokerage   float64  `json:"brokerage"`
	// Articulation is true when removing the function splits the network.
	Articulation bool `json:"articulation_point"`
	// Component numbers the part of the network the function is in, from 0,
	// largest part first (ties: the part holding the smaller id first).
	Component int `json:"component"`
}

// Gaps are what the map does not say yet.
type Gaps struct {
	// Unrated are the relations chosen but not rated.
	Unrated []string `json:"unrated"`
	// GroupPairs are the pairs of different groups with no relation between
	// any of their functions, each pair in sorted order.
	GroupPairs []GroupPair `json:"group_pairs"`
	// IsolatedGroups are the groups with no relation to any other group
	// (when the map has at least two groups).
	IsolatedGroups []string `json:"isolated_groups"`
}

// GroupPair names two groups.
type GroupPair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// Analyze computes the analysis of m. lang chooses the language of the
// reasons: "en" for English, anything else for Danish ("da"). Relations that
// name a function not in m, or the same function twice, are left out (a valid
// map has none). Analyze does not modify m.
func Analyze(m *Map, lang Lang) *Analysis {
	if lang != English {
		lang = Danish
	}
	n := newNet(m)
	a := &Analysis{
		Lang:               lang,
		Weakest:            []WeakTie{},
		Functions:          make([]FunctionStats, len(n.fn)),
		Isolated:           []string{},
		Unrated:            []string{},
		Bridges:            []string{},
		ArticulationPoints: []string{},
	}

	var sum int
	for _, r := range n.rel {
		switch r.Rating {
		case High:
			a.Counts.High++
		case Middle:
			a.Counts.Middle++
		case Low:
			a.Counts.Low++
		default:
			a.Counts.Unrated++
			a.Unrated = append(a.Unrated, r.ID)
		}
		if r.Rating.Rated() {
			sum += int(r.Rating)
		}
	}
	a.MeanRating, a.Score = meanAndScore(sum, a.Counts.Rated())

	ll := lowLink(len(n.fn), len(n.rel), n.adj)
	a.Components = len(ll.compSize)
	compRank := rankComponents(ll.compSize)
	edgeBC, nodeBC := n.betweenness()
	connectedPairs := 0
	for _, s := range ll.compSize {
		connectedPairs += s * (s - 1) / 2
	}

	for i, f := range n.fn {
		fs := FunctionStats{
			ID:           f.ID,
			Name:         f.Name,
			Group:        f.Group,
			Betweenness:  round6(nodeBC[i]),
			Articulation: ll.cut[i],
			Component:    compRank[ll.comp[i]],
		}
		var fsum int
		for _, h := range n.adj[i] {
			r := n.rel[h.edge]
			fs.Relations++
			if r.Rating.Rated() {
				fs.Rated++
				fsum += int(r.Rating)
			}
			if r.Rating == Low {
				fs.Low++
			}
		}
		fs.MeanRating, _ = meanAndScore(fsum, fs.Rated)
		c := ll.compSize[ll.comp[i]]
		if others := (c - 1) * (c - 2) / 2; others > 0 {
			fs.Brokerage = round6(nodeBC[i] / float64(others))
		}
		if fs.Relations == 0 {
			a.Isolated = append(a.Isolated, f.ID)
		}
		if fs.Articulation {
			a.ArticulationPoints = append(a.ArticulationPoints, f.ID)
		}
		a.Functions[i] = fs
	}

	gm := groupMatrix(n)
	a.GroupMatrix = gm
	a.Gaps = groupGaps(gm)
	a.Gaps.Unrated = a.Unrated

	for e, r := range n.rel {
		if ll.bridge[e] {
			a.Bridges = append(a.Bridges, r.ID)
		}
		if r.Rating != Low && r.Rating != Middle {
			continue
		}
		u, v := n.ends[e][0], n.ends[e][1]
		w := WeakTie{
			RelationID:  r.ID,
			A:           r.A,
			B:           r.B,
			AName:       n.fn[u].Name,
			BName:       n.fn[v].Name,
			Rating:      r.Rating,
			Bridge:      ll.bridge[e],
			Betweenness: round6(edgeBC[e]),
			Note:        r.Note,
		}
		if connectedPairs > 0 {
			w.PathShare = round6(edgeBC[e] / float64(connectedPairs))
		}
		if w.Bridge {
			below := ll.below[e]
			w.Cut = min(below, ll.compSize[ll.comp[u]]-below)
		}
		w.Reasons = n.reasons(lang, e, w, ll, gm)
		a.Weakest = append(a.Weakest, w)
	}
	slices.SortStableFunc(a.Weakest, func(x, y WeakTie) int {
		if c := cmp.Compare(y.Rating, x.Rating); c != 0 {
			return c // Low (3) before Middle (2)
		}
		if x.Bridge != y.Bridge {
			if x.Bridge {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.Betweenness, x.Betweenness); c != 0 {
			return c
		}
		return naturalCompare(x.RelationID, y.RelationID)
	})
	for i := range a.Weakest {
		a.Weakest[i].Rank = i + 1
	}
	return a
}

// meanAndScore returns the mean rating and the score of count ratings that
// add up to sum, or nil, nil when count is 0.
func meanAndScore(sum, count int) (mean, score *float64) {
	if count == 0 {
		return nil, nil
	}
	mv := float64(sum) / float64(count)
	sv := float64(3*count-sum) / float64(2*count) * 100
	return &mv, &sv
}

// Score returns the coordination score of m, 0–100 (see Analysis), or nil
// when no relation is rated.
func Score(m *Map) *float64 {
	sum, count := 0, 0
	for _, r := range m.Relations {
		if r.Rating.Rated() {
			sum += int(r.Rating)
			count++
		}
	}
	_, s := meanAndScore(sum, count)
	return s
}

// net is a map as an indexed undirected graph: functions in natural id order,
// relations in natural id order, both ends of each relation as indices.
type net struct {
	fn   []*Function
	rel  []*Relation
	ends [][2]int
	adj  [][]halfEdge
}

func newNet(m *Map) *net {
	n := &net{fn: make([]*Function, 0, len(m.Functions))}
	for i := range m.Functions {
		n.fn = append(n.fn, &m.Functions[i])
	}
	slices.SortStableFunc(n.fn, func(a, b *Function) int { return naturalCompare(a.ID, b.ID) })
	idx := make(map[string]int, len(n.fn))
	for i, f := range n.fn {
		if _, dup := idx[f.ID]; !dup {
			idx[f.ID] = i
		}
	}
	n.rel = make([]*Relation, 0, len(m.Relations))
	for i := range m.Relations {
		r := &m.Relations[i]
		u, okU := idx[r.A]
		v, okV := idx[r.B]
		if !okU || !okV || u == v {
			continue
		}
		n.rel = append(n.rel, r)
	}
	slices.SortStableFunc(n.rel, func(a, b *Relation) int { return naturalCompare(a.ID, b.ID) })
	n.ends = make([][2]int, len(n.rel))
	n.adj = make([][]halfEdge, len(n.fn))
	for e, r := range n.rel {
		u, v := idx[r.A], idx[r.B]
		n.ends[e] = [2]int{u, v}
		n.adj[u] = append(n.adj[u], halfEdge{to: v, edge: e})
		n.adj[v] = append(n.adj[v], halfEdge{to: u, edge: e})
	}
	return n
}

// betweenness returns the betweenness of every relation and every function
// over unordered pairs, by Brandes' algorithm for unweighted graphs
// (U. Brandes, "On variants of shortest-path betweenness centrality and their
// generic computation", 2008, algorithms 1 and 7), with edge and node
// accumulation in one pass. gonum's network.EdgeBetweenness and
// network.Betweenness compute the same (tests check that) but keep their
// state in maps, which made a 500-function map take a quarter of a second;
// slices indexed by node make it some fifty times faster. Parallel relations
// between the same two functions are one edge of the graph and get the same
// value.
func (n *net) betweenness() (edge, node []float64) {
	nn := len(n.fn)
	edge = make([]float64, len(n.rel))
	node = make([]float64, nn)
	if len(n.rel) == 0 {
		return edge, node
	}
	// Simple graph: neighbours without repeats, each with the first
	// relation joining them.
	nbr := make([][]halfEdge, nn)
	rep := make([]int, len(n.rel)) // relation → representative relation
	first := make([]int, nn)       // neighbour → relation + 1, for the node at hand
	for v, hs := range n.adj {
		for _, h := range hs {
			if first[h.to] == 0 {
				first[h.to] = h.edge + 1
				nbr[v] = append(nbr[v], h)
			}
			rep[h.edge] = first[h.to] - 1
		}
		for _, h := range hs {
			first[h.to] = 0
		}
	}
	var (
		sigma = make([]float64, nn) // number of shortest paths from s
		delta = make([]float64, nn) // dependency of s on the node
		dist  = make([]int, nn)
		order = make([]int, 0, nn) // BFS queue, then read backwards as the stack
		eb    = make([]float64, len(n.rel))
	)
	for s := range nn {
		for i := range nn {
			sigma[i], delta[i], dist[i] = 0, 0, -1
		}
		sigma[s], dist[s] = 1, 0
		order = append(order[:0], s)
		for head := 0; head < len(order); head++ {
			v := order[head]
			for _, h := range nbr[v] {
				w := h.to
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					order = append(order, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
				}
			}
		}
		for i := len(order) - 1; i > 0; i-- {
			w := order[i]
			for _, h := range nbr[w] {
				v := h.to
				if dist[v] != dist[w]-1 {
					continue
				}
				c := sigma[v] / sigma[w] * (1 + delta[w])
				eb[h.edge] += c
				delta[v] += c
			}
			node[w] += delta[w]
		}
	}
	// Every unordered pair was counted from both ends.
	for e := range edge {
		edge[e] = eb[rep[e]] / 2
	}
	for v := range node {
		node[v] /= 2
	}
	return edge, node
}

// rankComponents numbers components by size, largest first; equal sizes keep
// their order (that of their smallest function id).
func rankComponents(sizes []int) []int {
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })
	rank := make([]int, len(sizes))
	for r, c := range order {
		rank[c] = r
	}
	return rank
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// naturalCompare orders strings so that runs of digits compare as numbers:
// "r2" < "r10" < "r10a". Otherwise it compares bytes; equal-valued numbers
// with different leading zeros fall back to byte order.
func naturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na := strings.TrimLeft(a[si:i], "0")
			nb := strings.TrimLeft(b[sj:j], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(ca, cb); c != 0 {
			return c
		}
		i++
		j++
	}
	if c := cmp.Compare(len(a)-i, len(b)-j); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// reasons says in words why the weak tie w (relation e) is ranked where it is.
func (n *net) reasons(lang Lang, e int, w WeakTie, ll lowLinkResult, gm *Matrix) []string {
	t := texts[lang]
	out := []string{t.rated[w.Rating]}
	u, v := n.ends[e][0], n.ends[e][1]
	if w.Bridge {
		below := ll.below[e]
		c := ll.compSize[ll.comp[u]]
		switch {
		case c == 2:
			out = append(out, fmt.Sprintf(t.onlyLinkBetween, w.AName, w.BName))
		case w.Cut == 1:
			lone := ll.belowNode[e]
			if below != 1 { // the lone function is the other end
				lone = u + v - lone
			}
			out = append(out, fmt.Sprintf(t.onlyLinkRest, n.fn[lone].Name, c-1))
		default:
			out = append(out, fmt.Sprintf(t.splits, w.Cut, c-w.Cut))
		}
	}
	ga, gb := n.fn[u].Group, n.fn[v].Group
	if ga != "" && gb != "" && ga != gb {
		if cell := gm.cell(ga, gb); cell != nil && cell.Relations == 1 {
			out = append(out, fmt.Sprintf(t.onlyLinkBetween, ga, gb))
		} else if cell != nil {
			out = append(out, fmt.Sprintf(t.oneOf, cell.Relations, ga, gb))
		}
	}
	carries := t.carries
	if w.PathShare >= manyPaths {
		carries = t.carriesMany
	}
	out = append(out, upperFirst(fmt.Sprintf(carries, percent(lang, w.PathShare))))
	return out
}

// manyPaths is the share of the routes between functions from which a tie
// is said to carry "many of the other connections".
const manyPaths = 0.25

// upperFirst starts a reason with a capital letter, as a sentence.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// percent writes a share 0–1 as a whole percentage, "under 1%" for a small
// non-zero share; Danish puts a space before the sign.
func percent(lang Lang, share float64) string {
	p := math.Round(share * 100)
	sign := "%"
	if lang == Danish {
		sign = " %"
	}
	if p == 0 && share > 0 {
		return texts[lang].under + " 1" + sign
	}
	return strconv.Itoa(int(p)) + sign
}

// phrases are the reason texts of one language, in plain words for a
// room of practitioners: what happens if the tie fails, not graph theory.
// The rating phrases stay as they are: render's panel leaves them out by
// their exact text.
type phrases struct {
	rated           map[Rating]string
	onlyLinkBetween string // two names
	onlyLinkRest    string // name, number of others
	splits          string // functions cut off, functions left
	oneOf           string // number, two group names
	carries         string // a percentage
	carriesMany     string // a percentage, at least manyPaths
	under           string
}

var texts = map[Lang]phrases{
	English: {
		rated:           map[Rating]string{Low: "rated Low", Middle: "rated Middle"},
		onlyLinkBetween: "If this link fails, %s and %s lose their only direct contact",
		onlyLinkRest:    "If this link fails, %s loses all contact with the other %d functions",
		splits:          "If this link fails, %d functions lose all contact with the other %d",
		oneOf:           "One of %d links between %s and %s",
		carries:         "%s of the routes between the functions go through this one",
		carriesMany:     "Many of the other connections go through this one (%s of the routes between the functions)",
		under:           "under",
	},
	Danish: {
		rated:           map[Rating]string{Low: "vurderet lav", Middle: "vurderet middel"},
		onlyLinkBetween: "Hvis denne forbindelse svigter, mister %s og %s deres eneste direkte kontakt",
		onlyLinkRest:    "Hvis denne forbindelse svigter, mister %s al kontakt til de øvrige %d funktioner",
		splits:          "Hvis denne forbindelse svigter, mister %d funktioner al kontakt til de øvrige %d",
		oneOf:           "Én af %d forbindelser mellem %s og %s",
		carries:         "%s af vejene mellem funktionerne går gennem denne",
		carriesMany:     "Mange af de andre forbindelser går gennem denne (%s af vejene mellem funktionerne)",
		under:           "under",
	},
}

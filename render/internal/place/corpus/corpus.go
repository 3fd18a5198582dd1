// Package corpus generates the benchmark corpus of realistic relationship
// maps that the placement engine is measured on, and reads and writes maps
// in the JSON form of static/examples.
//
// A generated map looks like the maps workshops make: one centre function
// (the citizen) related to several others, 3–6 named groups (the citizen's own among them) of which the
// municipality is the largest, 1.2–3 relations per function, most of them
// inside a group and some across. Generation is deterministic: the same
// seed gives the same map on every platform (the generator uses its own
// SplitMix64 stream, not math/rand).
//
// The package does no layout and knows nothing of geometry.
package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Map is a relationship map in the JSON form of static/examples (the
// fields the placement engine needs, plus a title and names for people).
type Map struct {
	Title     string     `json:"title"`
	Functions []Function `json:"functions"`
	Relations []Relation `json:"relations"`
}

// Function is a circle of the map.
type Function struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Group  string `json:"group,omitempty"`
	Center bool   `json:"center,omitempty"`
}

// Relation is a line between two functions, rated 1 (high) to 3 (low) or
// not rated (nil).
type Relation struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Rating *int   `json:"rating"`
}

// Decode reads a map in the JSON form of static/examples. Fields it does
// not know (title, task, notes…) are ignored.
func Decode(data []byte) (Map, error) {
	var m Map
	if err := json.Unmarshal(data, &m); err != nil {
		return Map{}, fmt.Errorf("decode map: %w", err)
	}
	return m, nil
}

// Encode writes m as indented JSON with one function or relation a line,
// so that the committed corpus reads well in a diff.
func Encode(m Map) []byte {
	var b bytes.Buffer
	t, _ := json.Marshal(m.Title)
	fmt.Fprintf(&b, "{\n  \"title\": %s,\n  \"functions\": [\n", t)
	for i, f := range m.Functions {
		line, _ := json.Marshal(f)
		b.Write([]byte("    "))
		b.Write(line)
		if i < len(m.Functions)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ],\n  \"relations\": [\n")
	for i, r := range m.Relations {
		line, _ := json.Marshal(r)
		b.Write([]byte("    "))
		b.Write(line)
		if i < len(m.Relations)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes()
}

// Size is the number of maps in the corpus.
const Size = 44

// Seed is the seed the corpus is generated from.
const Seed = 20260512

// Corpus returns the benchmark corpus: Size maps from 5 to 60 functions,
// evenly spread, each named "corpus-NN-FFf" (NN its number, FF its number
// of functions).
func Corpus() []Map {
	out := make([]Map, Size)
	for i := range out {
		n := 5 + (55*i+Size/2)/(Size-1)
		n = min(n, 60)
		m := Generate(Seed+uint64(i)*7919, n)
		m.Title = fmt.Sprintf("corpus-%02d-%02df", i, n)
		out[i] = m
	}
	return out
}

// rng is SplitMix64: small, fast and fixed, so that the corpus never
// changes under a new Go release.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// groupNames are the groups a generated map draws from, the citizen's own
// group first; the municipality (index 1) is always present and largest.
var groupNames = []string{"Borger", "Kommune", "Region", "Almen praksis", "Civilsamfund", "Eksterne", "Uddannelse"}

// roles are function names per group; a number is added when a map needs
// more functions of a group than there are names.
var roles = map[string][]string{
	"Borger":        {"Borgeren", "Pårørende"},
	"Kommune":       {"Jobcenter", "Borgerservice", "Hjemmeplejen", "Visitationen", "Socialrådgiver", "Misbrugscenter", "Sundhedsplejen", "PPR", "Skolen", "Ydelseskontoret", "Handicapafdelingen", "Bostøtte", "Familieafdelingen", "Terapeuter", "Dagcenter", "Rehabilitering"},
	"Region":        {"Distriktspsykiatrien", "Sygehuset", "Geriatrisk afdeling", "Akutmodtagelsen", "Børne- og ungdomspsykiatrien", "Regionshospitalet"},
	"Almen praksis": {"Egen læge", "Privat psykolog", "Vagtlæge", "Fysioterapeut"},
	"Civilsamfund":  {"Frivillige", "Patientforening", "Værested", "Idrætsforening"},
	"Eksterne":      {"Boligselskabet", "Arbejdsgiver", "A-kassen", "Advokat", "Politiet"},
	"Uddannelse":    {"UU-vejleder", "Produktionsskolen", "Erhvervsskolen", "Gymnasiet"},
}

// Generate makes one map of n functions (n ≥ 3) from seed.
func Generate(seed uint64, n int) Map {
	n = max(n, 3)
	r := &rng{s: seed}
	// groups: the citizen's own group, the municipality and 1–4 more
	// (3–6 in all), fewer on small maps: at least two functions a group
	k := 3 + r.intn(4)
	k = min(k, max(3, (n-1)/2+1))
	names := []string{groupNames[0], groupNames[1]}
	rest := append([]string(nil), groupNames[2:]...)
	for len(names) < k {
		i := r.intn(len(rest))
		names = append(names, rest[i])
		rest = append(rest[:i], rest[i+1:]...)
	}
	// sizes: the centre alone in its group; the others share n-1 with
	// skewed weights, the municipality weighing most, each at least 1
	weights := make([]float64, k)
	total := 0.0
	for g := 1; g < k; g++ {
		weights[g] = 0.4 + 1.6*r.float()
		if g == 1 {
			weights[g] += 0.8
		}
		total += weights[g]
	}
	size := make([]int, k)
	size[0] = 1
	left := n - 1
	for g := 1; g < k; g++ {
		size[g] = 1
		left--
	}
	for g := 1; g < k && left > 0; g++ {
		add := int(float64(n-k) * weights[g] / total)
		add = min(add, left)
		size[g] += add
		left -= add
	}
	for left > 0 { // rounding: the rest to the municipality
		size[1]++
		left--
	}

	// functions, listed in a shuffled order as people add them
	type fn struct {
		group int
		name  string
	}
	var fns []fn
	for g := 0; g < k; g++ {
		pool := roles[names[g]]
		for j := 0; j < size[g]; j++ {
			name := pool[j%len(pool)]
			if j >= len(pool) {
				name = fmt.Sprintf("%s %d", name, j/len(pool)+1)
			}
			fns = append(fns, fn{g, name})
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	m := Map{Functions: make([]Function, n)}
	members := make([][]int, k) // function indexes per group, in listing order
	centre := -1
	for slot, i := range order {
		f := fns[i]
		m.Functions[slot] = Function{
			ID:    fmt.Sprintf("f%02d", i+1),
			Name:  f.name,
			Group: names[f.group],
		}
		if i == 0 {
			m.Functions[slot].Center = true
			centre = slot
		}
		members[f.group] = append(members[f.group], slot)
	}
	for g := range members {
		sort.Ints(members[g])
	}
	group := make([]int, n)
	for g, ms := range members {
		for _, i := range ms {
			group[i] = g
		}
	}

	// relations
	target := int(float64(n)*(1.2+1.8*r.float()) + 0.5)
	target = min(target, n*(n-1)/2*6/10)
	seen := map[[2]int]bool{}
	var rels [][2]int
	add := func(a, b int) bool {
		if a == b {
			return false
		}
		key := [2]int{min(a, b), max(a, b)}
		if seen[key] {
			return false
		}
		seen[key] = true
		rels = append(rels, [2]int{a, b})
		return true
	}
	// pick returns a member of group g, favouring its first members (the
	// group's hubs: the functions everybody talks to)
	pick := func(g int) int {
		ms := members[g]
		u := r.float()
		return ms[int(u*u*float64(len(ms)))]
	}
	// the centre talks to several functions, from several groups
	nc := min(n-1, 3+r.intn(3+n/8))
	for tries := 0; nc > 0 && tries < 50*n; tries++ {
		g := 1 + r.intn(k-1)
		if add(centre, pick(g)) {
			nc--
		}
	}
	// each group hangs together: every member after the first knows an
	// earlier one, mostly the group's hub
	for g := 1; g < k; g++ {
		ms := members[g]
		for j := 1; j < len(ms); j++ {
			u := r.float()
			add(ms[j], ms[int(u*u*float64(j))])
		}
	}
	// every group reaches the centre or another group
	for g := 1; g < k; g++ {
		reached := false
		for _, e := range rels {
			if (group[e[0]] == g) != (group[e[1]] == g) {
				reached = true
				break
			}
		}
		if !reached {
			h := 1 + r.intn(k-1)
			if h == g {
				h = 0
			}
			add(pick(g), pick(h))
		}
	}
	// the rest: three in four inside a group, chosen by size
	for tries := 0; len(rels) < target && tries < 200*n; tries++ {
		if r.float() < 0.75 {
			x := 1 + r.intn(n-1)
			g := group[(centre+x)%n]
			if len(members[g]) < 2 {
				continue
			}
			add(pick(g), pick(g))
			continue
		}
		a, b := r.intn(n), r.intn(n)
		if group[a] == group[b] || a == centre || b == centre {
			continue
		}
		add(a, b)
	}
	for _, e := range rels {
		a, b := e[0], e[1]
		if r.intn(2) == 0 {
			a, b = b, a
		}
		var rating *int
		if u := r.float(); u < 0.95 {
			v := 1 + int(u/0.95*3)
			if v > 3 {
				v = 3
			}
			if u > 0.95*0.25 && u < 0.95*0.7 {
				v = 2
			}
			rating = &v
		}
		m.Relations = append(m.Relations, Relation{A: m.Functions[a].ID, B: m.Functions[b].ID, Rating: rating})
	}
	return m
}

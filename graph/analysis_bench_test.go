package graph_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/relationskort/relationskort/graph"
)

// randomMap returns a seeded random map of n functions in five groups with
// about three relations per function, a tenth of them unrated.
func randomMap(n int, seed uint64) *graph.Map {
	rng := rand.New(rand.NewPCG(seed, 0))
	groups := []string{"Kommune", "Region", "Almen praksis", "Borger", "Andre"}
	m := &graph.Map{Title: "random", Task: "benchmark"}
	for i := range n {
		m.Functions = append(m.Functions, graph.Function{
			ID:    "f" + strconv.Itoa(i),
			Name:  "Function " + strconv.Itoa(i),
			Group: groups[rng.IntN(len(groups))],
		})
	}
	seen := map[[2]int]bool{}
	for len(m.Relations) < 3*n && n > 1 {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		key := [2]int{min(a, b), max(a, b)}
		if seen[key] {
			continue
		}
		seen[key] = true
		rating := graph.Rating(rng.IntN(4)) // 0 unrated … 3 low
		if rating == graph.Unrated && rng.IntN(3) > 0 {
			rating = graph.Middle
		}
		m.Relations = append(m.Relations, graph.Relation{
			ID: "r" + strconv.Itoa(len(m.Relations)+1),
			A:  m.Functions[a].ID, B: m.Functions[b].ID,
			Rating: rating,
		})
	}
	return m
}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{30, 120, 500} {
		m := randomMap(n, 1)
		b.Run(fmt.Sprintf("functions=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				graph.Analyze(m, "da")
			}
		})
	}
}

package place

import (
	"fmt"
	"math/rand/v2"
)

// randomInput makes a random map of n functions and about m relations at
// the design sizes: node 0 the centre, k groups, each node tied to an
// earlier one (so the map is connected), the rest of the relations two in
// three inside a group. The same arguments give the same map.
func randomInput(n, m, k int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	in := Input{W: designW, H: designH, Gap: designGap, EdgeGap: designEdge, LineMargin: designMargin}
	group := make([]int, n)
	for i := 0; i < n; i++ {
		nd := Node{ID: fmt.Sprintf("r%d", i), R: designR}
		if i == 0 {
			nd.Centre, nd.R, nd.Group = true, designCentre, "Borger"
		} else {
			group[i] = 1 + rng.IntN(k)
			nd.Group = fmt.Sprintf("G%d", group[i])
		}
		in.Nodes = append(in.Nodes, nd)
	}
	seen := map[[2]int]bool{}
	add := func(a, b int) {
		if a == b || seen[[2]int{min(a, b), max(a, b)}] {
			return
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		in.Edges = append(in.Edges, Edge{a, b})
	}
	for i := 1; i < n; i++ {
		add(i, rng.IntN(i))
	}
	for tries := 0; len(in.Edges) < m && tries < 20*m; tries++ {
		a := 1 + rng.IntN(n-1)
		b := rng.IntN(n)
		if rng.IntN(3) < 2 && group[a] != group[b] {
			continue
		}
		add(a, b)
	}
	return in
}

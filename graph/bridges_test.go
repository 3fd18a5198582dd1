package graph

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adjacency builds adjacency lists for n nodes from an edge list, in order.
func adjacency(n int, edges [][2]int) [][]halfEdge {
	adj := make([][]halfEdge, n)
	for e, uv := range edges {
		adj[uv[0]] = append(adj[uv[0]], halfEdge{to: uv[1], edge: e})
		adj[uv[1]] = append(adj[uv[1]], halfEdge{to: uv[0], edge: e})
	}
	return adj
}

func pathEdges(n int) [][2]int {
	var edges [][2]int
	for i := 1; i < n; i++ {
		edges = append(edges, [2]int{i - 1, i})
	}
	return edges
}

func TestLowLink(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		edges     [][2]int
		bridges   []int // edge indices
		below     []int // below[e] for each listed bridge
		cut       []int // node indices
		compSizes []int
		comp      []int
	}{
		{
			name:      "Empty",
			n:         0,
			compSizes: nil,
		},
		{
			name:      "SingleNode",
			n:         1,
			compSizes: []int{1},
			comp:      []int{0},
		},
		{
			name:      "Path",
			n:         4,
			edges:     pathEdges(4), // 0-1-2-3
			bridges:   []int{0, 1, 2},
			below:     []int{3, 2, 1}, // the search starts at 0, so the far side is below
			cut:       []int{1, 2},
			compSizes: []int{4},
			comp:      []int{0, 0, 0, 0},
		},
		{
			name:      "StarFromCentre",
			n:         5,
			edges:     [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}},
			bridges:   []int{0, 1, 2, 3},
			below:     []int{1, 1, 1, 1},
			cut:       []int{0},
			compSizes: []int{5},
			comp:      []int{0, 0, 0, 0, 0},
		},
		{
			// The search starts at a leaf, so the root has one child and is
			// no cut vertex, while the centre is.
			name:      "StarFromLeaf",
			n:         4,
			edges:     [][2]int{{3, 0}, {3, 1}, {3, 2}},
			bridges:   []int{0, 1, 2},
			below:     []int{3, 1, 1},
			cut:       []int{3},
			compSizes: []int{4},
			comp:      []int{0, 0, 0, 0},
		},
		{
			name:      "Cycle",
			n:         5,
			edges:     append(pathEdges(5), [2]int{4, 0}),
			compSizes: []int{5},
			comp:      []int{0, 0, 0, 0, 0},
		},
		{
			// Triangles 0-1-2 and 3-4-5 joined by the bridge 2-3.
			name:      "TwoClustersJoinedByBridge",
			n:         6,
			edges:     [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}},
			bridges:   []int{6},
			below:     []int{3},
			cut:       []int{2, 3},
			compSizes: []int{6},
			comp:      []int{0, 0, 0, 0, 0, 0},
		},
		{
			name:      "IsolatedNodes",
			n:         4,
			edges:     [][2]int{{1, 2}},
			bridges:   []int{0},
			below:     []int{1},
			compSizes: []int{1, 2, 1},
			comp:      []int{0, 1, 1, 2},
		},
		{
			// A triangle 0-1-2, a path 3-4-5 and a lone node 6.
			name:      "MultipleComponents",
			n:         7,
			edges:     [][2]int{{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}},
			bridges:   []int{3, 4},
			below:     []int{2, 1},
			cut:       []int{4},
			compSizes: []int{3, 3, 1},
			comp:      []int{0, 0, 0, 1, 1, 1, 2},
		},
		{
			// Two parallel edges between 0 and 1 are never a bridge.
			name:      "ParallelEdges",
			n:         3,
			edges:     [][2]int{{0, 1}, {0, 1}, {1, 2}},
			bridges:   []int{2},
			below:     []int{1},
			cut:       []int{1},
			compSizes: []int{3},
			comp:      []int{0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lowLink(tt.n, len(tt.edges), adjacency(tt.n, tt.edges))
			assert.Equal(t, tt.bridges, trueIndices(got.bridge), "bridges")
			for i, e := range tt.bridges {
				assert.Equal(t, tt.below[i], got.below[e], "below[%d]", e)
			}
			assert.Equal(t, tt.cut, trueIndices(got.cut), "articulation points")
			assert.Equal(t, tt.compSizes, got.compSize, "component sizes")
			if tt.comp != nil {
				assert.Equal(t, tt.comp, got.comp, "components")
			}
		})
	}
}

func trueIndices(b []bool) []int {
	var out []int
	for i, v := range b {
		if v {
			out = append(out, i)
		}
	}
	return out
}

// TestLowLink_LongPath checks that the search is iterative: a recursive one
// would still pass at 500 nodes, so go far beyond any map, to a path whose
// recursion would need hundreds of megabytes of stack.
func TestLowLink_LongPath(t *testing.T) {
	for _, n := range []int{MaxFunctions, 1_000_000} {
		got := lowLink(n, n-1, adjacency(n, pathEdges(n)))
		bridges := trueIndices(got.bridge)
		require.Len(t, bridges, n-1, "n=%d: every edge of a path is a bridge", n)
		assert.Len(t, trueIndices(got.cut), n-2, "n=%d: every inner node is an articulation point", n)
		assert.Equal(t, []int{n}, got.compSize)
	}
}

// TestLowLink_BruteForce compares the search with the definitions on random
// graphs: an edge is a bridge when removing it raises the number of
// components, a node is an articulation point when removing it does.
func TestLowLink_BruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + rng.IntN(12)
		var edges [][2]int
		for range rng.IntN(2 * n) {
			u, v := rng.IntN(n), rng.IntN(n)
			if u != v {
				edges = append(edges, [2]int{u, v})
			}
		}
		got := lowLink(n, len(edges), adjacency(n, edges))
		base := countComponents(n, edges, -1, -1)
		require.Len(t, got.compSize, base, "trial %d: components", trial)
		for e := range edges {
			want := countComponents(n, edges, e, -1) > base
			require.Equal(t, want, got.bridge[e], "trial %d: edge %d %v of %v", trial, e, edges[e], edges)
		}
		for v := range n {
			// Removing v removes one component's worth of node; the rest
			// splits when v is a cut vertex.
			want := countComponents(n, edges, -1, v) > base && !isolatedIn(v, edges)
			require.Equal(t, want, got.cut[v], "trial %d: node %d of %v", trial, v, edges)
		}
	}
}

func isolatedIn(v int, edges [][2]int) bool {
	for _, e := range edges {
		if e[0] == v || e[1] == v {
			return false
		}
	}
	return true
}

// countComponents counts the components of the graph without edge skipEdge
// and without node skipNode (a removed node is not counted).
func countComponents(n int, edges [][2]int, skipEdge, skipNode int) int {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i, e := range edges {
		if i == skipEdge || e[0] == skipNode || e[1] == skipNode {
			continue
		}
		parent[find(e[0])] = find(e[1])
	}
	count := 0
	for v := range n {
		if v != skipNode && find(v) == v {
			count++
		}
	}
	return count
}

package graph

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// TestBetweenness_Gonum checks the one-pass Brandes against gonum's
// network.EdgeBetweenness and network.Betweenness on random maps, with
// isolated functions, several components and a parallel relation.
func TestBetweenness_Gonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 100 {
		size := 1 + rng.IntN(25)
		m := &Map{}
		for i := range size {
			m.Functions = append(m.Functions, Function{ID: "f" + strconv.Itoa(i)})
		}
		for i := range rng.IntN(3 * size) {
			a, b := rng.IntN(size), rng.IntN(size)
			if a == b {
				continue
			}
			m.Relations = append(m.Relations, Relation{ID: "r" + strconv.Itoa(i), A: "f" + strconv.Itoa(a), B: "f" + strconv.Itoa(b)})
		}
		n := newNet(m)
		edge, node := n.betweenness()

		g := simple.NewUndirectedGraph()
		for i := range n.fn {
			g.AddNode(simple.Node(i))
		}
		for _, uv := range n.ends {
			g.SetEdge(simple.Edge{F: simple.Node(uv[0]), T: simple.Node(uv[1])})
		}
		eb := network.EdgeBetweenness(g)
		for e, uv := range n.ends {
			u, v := int64(min(uv[0], uv[1])), int64(max(uv[0], uv[1]))
			require.InDelta(t, eb[[2]int64{u, v}]/2, edge[e], 1e-9, "trial %d: relation %s", trial, n.rel[e].ID)
		}
		bc := network.Betweenness(g)
		for v := range n.fn {
			require.InDelta(t, bc[int64(v)]/2, node[v], 1e-9, "trial %d: function %s", trial, n.fn[v].ID)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"r2", "r10", -1},
		{"r10", "r2", 1},
		{"r10", "r10", 0},
		{"r10", "r10a", -1},
		{"r010", "r10", -1}, // same number: byte order decides
		{"a", "b", -1},
		{"", "a", -1},
		{"f9x", "f10", -1},
		{"abc", "ab", 1},
		{"x-2-b", "x-2-a", 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, naturalCompare(tt.a, tt.b), "naturalCompare(%q, %q)", tt.a, tt.b)
	}
}

// BenchmarkBetweenness compares the one-pass Brandes of Analyze with the
// baseline it replaced: gonum's EdgeBetweenness on a simple graph built in
// sorted id order (which Analyze would also need Betweenness for).
func BenchmarkBetweenness(b *testing.B) {
	for _, size := range []int{30, 120, 500} {
		rng := rand.New(rand.NewPCG(1, 0))
		m := &Map{}
		for i := range size {
			m.Functions = append(m.Functions, Function{ID: "f" + strconv.Itoa(i)})
		}
		for i := range 3 * size {
			a, c := rng.IntN(size), rng.IntN(size)
			if a != c {
				m.Relations = append(m.Relations, Relation{ID: "r" + strconv.Itoa(i), A: "f" + strconv.Itoa(a), B: "f" + strconv.Itoa(c)})
			}
		}
		n := newNet(m)
		b.Run("functions="+strconv.Itoa(size)+"/gonum", func(b *testing.B) {
			for b.Loop() {
				g := simple.NewUndirectedGraph()
				for i := range n.fn {
					g.AddNode(simple.Node(i))
				}
				for _, uv := range n.ends {
					g.SetEdge(simple.Edge{F: simple.Node(uv[0]), T: simple.Node(uv[1])})
				}
				network.EdgeBetweenness(g)
			}
		})
		b.Run("functions="+strconv.Itoa(size)+"/brandes", func(b *testing.B) {
			for b.Loop() {
				n.betweenness()
			}
		})
	}
}

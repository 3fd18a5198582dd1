package graph

// This file finds the bridges and articulation points of an undirected
// (multi)graph with Tarjan's low-link method. gonum has connected components
// and betweenness but neither of these. The depth-first search keeps its own
// stack, so a 500-function path does not recurse 500 deep.

// halfEdge is one end of an edge in an adjacency list: the neighbour and the
// index of the edge (the relation), so that parallel edges stay distinct.
type halfEdge struct {
	to   int
	edge int
}

// lowLinkResult holds what one depth-first pass over a graph finds.
type lowLinkResult struct {
	// bridge[e] is true when removing edge e disconnects its two ends.
	bridge []bool
	// below[e] is, for a bridge e, the number of nodes on the side of e
	// that the search reached second (the child's subtree); 0 otherwise.
	below []int
	// belowNode[e] is, for a bridge e, the end of e on that side.
	belowNode []int
	// cut[v] is true when removing node v splits its component.
	cut []bool
	// comp[v] is the component of node v, numbered 0, 1, … in the order of
	// their smallest node.
	comp []int
	// compSize[c] is the number of nodes in component c.
	compSize []int
}

// lowLink runs Tarjan's bridge and articulation point search over the graph
// with n nodes, edges numbered 0…m−1, and the adjacency lists adj (each edge
// appears in the lists of both its ends; self-loops are not allowed). Roots
// and neighbours are taken in index order, so the result is deterministic.
func lowLink(n, m int, adj [][]halfEdge) lowLinkResult {
	res := lowLinkResult{
		bridge:    make([]bool, m),
		below:     make([]int, m),
		belowNode: make([]int, m),
		cut:       make([]bool, n),
		comp:      make([]int, n),
	}
	disc := make([]int, n) // discovery time + 1; 0 means not yet visited
	low := make([]int, n)
	size := make([]int, n) // nodes in the search subtree
	type frame struct {
		v, parentEdge, next int
	}
	stack := make([]frame, 0, 16)
	time := 0
	for root := range n {
		if disc[root] != 0 {
			continue
		}
		c := len(res.compSize)
		res.compSize = append(res.compSize, 0)
		time++
		disc[root], low[root], size[root] = time, time, 1
		res.comp[root] = c
		rootChildren := 0
		stack = append(stack[:0], frame{v: root, parentEdge: -1})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			v := f.v
			if f.next < len(adj[v]) {
				h := adj[v][f.next]
				f.next++
				if h.edge == f.parentEdge {
					continue // the tree edge back up; a parallel edge is not skipped
				}
				w := h.to
				if disc[w] == 0 {
					time++
					disc[w], low[w], size[w] = time, time, 1
					res.comp[w] = c
					stack = append(stack, frame{v: w, parentEdge: h.edge})
				} else if disc[w] < low[v] {
					low[v] = disc[w]
				}
				continue
			}
			// v is finished: report to its parent.
			treeEdge := f.parentEdge
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				break
			}
			p := stack[len(stack)-1].v
			size[p] += size[v]
			if low[v] < low[p] {
				low[p] = low[v]
			}
			if low[v] > disc[p] {
				res.bridge[treeEdge] = true
				res.below[treeEdge] = size[v]
				res.belowNode[treeEdge] = v
			}
			if p == root {
				rootChildren++
			} else if low[v] >= disc[p] {
				res.cut[p] = true
			}
		}
		res.cut[root] = rootChildren >= 2
		res.compSize[c] = size[root]
	}
	return res
}

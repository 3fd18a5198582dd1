package graph

import (
	"cmp"
	"slices"
)

// Matrix holds the ratings of relations within and between groups (By
// "group") or between single functions (By "function"): the RC-style matrix
// that complements the network picture, and the data of …/matrix.svg.
//
// For By "group", Groups lists the groups in natural order and Cells holds
// one cell for every pair of groups, the diagonal (a group with itself: its
// inner coordination) included, even when no relation joins them; cell A is
// never later in Groups than cell B. Functions without a group are left out
// of the group matrix.
//
// For By "function", Functions lists every function, ordered by group (in
// natural order, functions without a group last) and then id, so that the
// groups form blocks; Cells holds one cell for each relation (a missing cell
// means no relation), A being the function listed first.
type Matrix struct {
	By        string           `json:"by"`
	Groups    []string         `json:"groups,omitzero"`
	Functions []MatrixFunction `json:"functions,omitzero"`
	Cells     []MatrixCell     `json:"cells"`

	index map[[2]string]int // (a, b) in cell order → index in Cells
}

// MatrixFunction is a row and column of the function matrix.
type MatrixFunction struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group"`
}

// MatrixCell sums up the relations between A and B (group names or function
// ids). MeanRating and Score are defined as for the whole map (see Analysis)
// over the rated relations of the cell, and null when none is rated.
type MatrixCell struct {
	A          string   `json:"a"`
	B          string   `json:"b"`
	RelationID string   `json:"relation_id,omitempty"` // By "function" only
	Relations  int      `json:"relations"`
	Rated      int      `json:"rated"`
	Low        int      `json:"low"`
	MeanRating *float64 `json:"mean_rating"`
	Score      *float64 `json:"score"`
}

// GroupMatrix returns the group × group matrix of m.
func GroupMatrix(m *Map) *Matrix { return groupMatrix(newNet(m)) }

// FunctionMatrix returns the function × function matrix of m.
func FunctionMatrix(m *Map) *Matrix {
	n := newNet(m)
	order := make([]int, len(n.fn))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ga, gb := n.fn[a].Group, n.fn[b].Group
		if (ga == "") != (gb == "") {
			if ga == "" {
				return 1
			}
			return -1
		}
		return naturalCompare(ga, gb) // ties keep id order
	})
	pos := make([]int, len(n.fn))
	mx := &Matrix{By: "function", Functions: make([]MatrixFunction, len(order)), Cells: []MatrixCell{}}
	for p, i := range order {
		pos[i] = p
		f := n.fn[i]
		mx.Functions[p] = MatrixFunction{ID: f.ID, Name: f.Name, Group: f.Group}
	}
	type acc struct {
		cell   MatrixCell
		pa, pb int
		sum    int
	}
	cells := make([]acc, 0, len(n.rel))
	for e, r := range n.rel {
		pa, pb := pos[n.ends[e][0]], pos[n.ends[e][1]]
		if pa > pb {
			pa, pb = pb, pa
		}
		c := MatrixCell{A: mx.Functions[pa].ID, B: mx.Functions[pb].ID, RelationID: r.ID, Relations: 1}
		c.add(r.Rating)
		cells = append(cells, acc{cell: c, pa: pa, pb: pb, sum: int(r.Rating)}) // 0 if unrated
	}
	slices.SortStableFunc(cells, func(x, y acc) int {
		return cmp.Or(cmp.Compare(x.pa, y.pa), cmp.Compare(x.pb, y.pb))
	})
	sums := make([]int, len(cells))
	for i, c := range cells {
		mx.Cells = append(mx.Cells, c.cell)
		sums[i] = c.sum
	}
	mx.finish(sums)
	return mx
}

func groupMatrix(n *net) *Matrix {
	mx := &Matrix{By: "group", Groups: []string{}, Cells: []MatrixCell{}}
	seen := map[string]bool{}
	for _, f := range n.fn {
		if f.Group != "" && !seen[f.Group] {
			seen[f.Group] = true
			mx.Groups = append(mx.Groups, f.Group)
		}
	}
	slices.SortFunc(mx.Groups, naturalCompare)
	for i, a := range mx.Groups {
		for _, b := range mx.Groups[i:] {
			mx.Cells = append(mx.Cells, MatrixCell{A: a, B: b})
		}
	}
	mx.index = make(map[[2]string]int, len(mx.Cells))
	for i, c := range mx.Cells {
		mx.index[[2]string{c.A, c.B}] = i
		mx.index[[2]string{c.B, c.A}] = i
	}
	sums := make([]int, len(mx.Cells))
	for e, r := range n.rel {
		ga, gb := n.fn[n.ends[e][0]].Group, n.fn[n.ends[e][1]].Group
		if ga == "" || gb == "" {
			continue
		}
		i := mx.index[[2]string{ga, gb}]
		mx.Cells[i].Relations++
		mx.Cells[i].add(r.Rating)
		if r.Rating.Rated() {
			sums[i] += int(r.Rating)
		}
	}
	mx.finish(sums)
	return mx
}

// add counts one relation's rating (not the relation itself).
func (c *MatrixCell) add(r Rating) {
	if r.Rated() {
		c.Rated++
	}
	if r == Low {
		c.Low++
	}
}

// finish sets the means and scores of the cells from sums, the sums of the
// cells' rated ratings.
func (mx *Matrix) finish(sums []int) {
	for i := range mx.Cells {
		c := &mx.Cells[i]
		c.MeanRating, c.Score = meanAndScore(sums[i], c.Rated)
	}
}

// cell returns the cell of groups a and b in either order, or nil.
func (mx *Matrix) cell(a, b string) *MatrixCell {
	i, ok := mx.index[[2]string{a, b}]
	if !ok {
		return nil
	}
	return &mx.Cells[i]
}

// groupGaps lists the pairs of different groups with no relation and the
// groups with no relation to any other group.
func groupGaps(gm *Matrix) Gaps {
	g := Gaps{GroupPairs: []GroupPair{}, IsolatedGroups: []string{}}
	across := make(map[string]int, len(gm.Groups))
	for _, c := range gm.Cells {
		if c.A == c.B {
			continue
		}
		if c.Relations == 0 {
			g.GroupPairs = append(g.GroupPairs, GroupPair{A: c.A, B: c.B})
		}
		across[c.A] += c.Relations
		across[c.B] += c.Relations
	}
	if len(gm.Groups) >= 2 {
		for _, grp := range gm.Groups {
			if across[grp] == 0 {
				g.IsolatedGroups = append(g.IsolatedGroups, grp)
			}
		}
	}
	return g
}

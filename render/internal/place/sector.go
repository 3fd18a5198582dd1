package place

import (
	"math"
	"sort"
)

// groupOrder returns the groups (indexes) in a circular order that puts
// groups with many lines between them side by side. Nodes without a group
// count as a group of their own, index ng. The first group is the largest;
// up to 8 groups are ordered exactly, more greedily.
func (l *layout) groupOrder() []int {
	k := l.ng + 1
	size := make([]int, k)
	link := make([]float64, k*k)
	gOf := func(v int32) int {
		if g := l.group[v]; g >= 0 {
			return int(g)
		}
		return l.ng
	}
	for i := 0; i < l.n; i++ {
		if i != l.centre {
			size[gOf(int32(i))]++
		}
	}
	for _, e := range l.es {
		if int(e[0]) == l.centre || int(e[1]) == l.centre {
			continue
		}
		a, b := gOf(e[0]), gOf(e[1])
		if a != b {
			link[a*k+b]++
			link[b*k+a]++
		}
	}
	var gs []int
	for g := 0; g < k; g++ {
		if size[g] > 0 {
			gs = append(gs, g)
		}
	}
	// the largest first (ties: lower index), so that the order has a
	// fixed start
	sort.SliceStable(gs, func(i, j int) bool { return size[gs[i]] > size[gs[j]] })
	if len(gs) <= 3 {
		return gs
	}
	score := func(order []int) float64 {
		s := 0.0
		for i := range order {
			s += link[order[i]*k+order[(i+1)%len(order)]]
		}
		return s
	}
	if len(gs) <= 8 {
		best := append([]int(nil), gs...)
		bestScore := score(best)
		perm := append([]int(nil), gs[1:]...)
		var rec func(i int)
		cur := make([]int, len(gs))
		cur[0] = gs[0]
		rec = func(i int) {
			if i == len(perm) {
				copy(cur[1:], perm)
				if s := score(cur); s > bestScore {
					bestScore = s
					copy(best, cur)
				}
				return
			}
			for j := i; j < len(perm); j++ {
				perm[i], perm[j] = perm[j], perm[i]
				rec(i + 1)
				perm[i], perm[j] = perm[j], perm[i]
			}
		}
		rec(0)
		return best
	}
	// greedy: append the group most linked to the last
	order := []int{gs[0]}
	used := make([]bool, k)
	used[gs[0]] = true
	for len(order) < len(gs) {
		last := order[len(order)-1]
		bi := -1
		for _, g := range gs {
			if !used[g] && (bi < 0 || link[last*k+g] > link[last*k+bi]) {
				bi = g
			}
		}
		used[bi] = true
		order = append(order, bi)
	}
	return order
}

// sectorStart places the centre at the origin and each group in a sector
// around it, sectors sized by group size and ordered by groupOrder; within
// a sector, nodes sit at their distance in hops from the centre (or from
// the sector's first node when there is no centre). Units are edge
// lengths.
func (l *layout) sectorStart(d []float64, x, y []float64) {
	n := l.n
	order := l.groupOrder()
	members := make([][]int, l.ng+1)
	for i := 0; i < n; i++ {
		if i == l.centre {
			continue
		}
		g := int(l.group[i])
		if g < 0 {
			g = l.ng
		}
		members[g] = append(members[g], i)
	}
	total := 0
	for _, g := range order {
		total += len(members[g])
	}
	ref := l.centre
	a0 := 0.0
	for _, g := range order {
		ms := members[g]
		span := 2 * math.Pi * float64(len(ms)) / float64(max(total, 1))
		// nearer nodes first, then by index
		sort.SliceStable(ms, func(i, j int) bool {
			if ref >= 0 {
				return d[ref*n+ms[i]] < d[ref*n+ms[j]]
			}
			return false
		})
		for k, v := range ms {
			a := a0 + span*(float64(k)+0.5)/float64(len(ms))
			rad := 1.0
			if ref >= 0 {
				rad = d[ref*n+v]
			} else {
				rad = 1 + math.Sqrt(float64(n))/2
			}
			// alternate a little in and out, so that a group is not one arc
			rad += 0.3 * float64(k%2)
			x[v], y[v] = rad*math.Cos(a), rad*math.Sin(a)
		}
		a0 += span
	}
	if l.centre >= 0 {
		x[l.centre], y[l.centre] = 0, 0
	}
}

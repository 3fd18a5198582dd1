package place

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// TestDiag prints quality figures per map (temporary).
func TestDiag(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	var tot, strays, hits, nodes, ovs int
	var sumScale, minFill float64 = 0, 1
	cnt := 0
	start := time.Now()
	ref := readReference(t)
	over, slack := 0, 0
	for _, tm := range allMaps(t) {
		in := tm.in
		if os.Getenv("DIAG") == "ring" {
			in.Mode = Ring
		}
		res := Place(in)
		work := 0
		r := make([]float64, len(in.Nodes))
		groups := make([]string, len(in.Nodes))
		for i, nd := range in.Nodes {
			r[i] = nd.R * res.Scale
			if !nd.Centre {
				groups[i] = nd.Group
			}
		}
		c := Crossings(res.X, res.Y, in.Edges)
		ov := Overlaps(res.X, res.Y, r, in.Gap*res.Scale)
		lh := LineHits(res.X, res.Y, r, in.Edges, in.LineMargin*res.Scale)
		gs := GroupStrays(res.X, res.Y, groups)
		x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for i := range res.X {
			x0, x1 = min(x0, res.X[i]-r[i]), max(x1, res.X[i]+r[i])
			y0, y1 = min(y0, res.Y[i]-r[i]), max(y1, res.Y[i]+r[i])
		}
		fill := max((x1-x0)/in.W, (y1-y0)/in.H)
		if os.Getenv("V") != "" {
			fmt.Printf("%-22s n=%d cross=%d scale=%.3f ov=%d hits=%d strays=%d fill=%.2f/%.2f work=%d\n", tm.name, len(in.Nodes), c, res.Scale, ov, lh, gs, (x1-x0)/in.W, (y1-y0)/in.H, work)
		}
		best := min(ref[tm.name].Neato, ref[tm.name].Circo)
		if c > best {
			over++
			fmt.Printf("  over: %s ours=%d neato=%d circo=%d\n", tm.name, c, ref[tm.name].Neato, ref[tm.name].Circo)
		} else {
			slack += best - c
		}
		if strings.HasPrefix(tm.name, "corpus") {
			tot += c
			strays += gs
			hits += lh
			ovs += ov
			nodes += len(in.Nodes)
			sumScale += res.Scale
			cnt++
			if len(in.Nodes) >= 8 {
				minFill = min(minFill, fill)
			}
		}
	}
	fmt.Printf("over=%d slack=%d\n", over, slack)
	fmt.Printf("corpus: cross=%d strays=%d (%.1f%%) hits=%d ov=%d meanScale=%.3f minFill=%.2f time=%v\n", tot, strays, 100*float64(strays)/float64(nodes), hits, ovs, sumScale/float64(cnt), minFill, time.Since(start))
}

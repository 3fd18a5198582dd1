package place

import (
	"fmt"
	"math"
	"os"
	"testing"
)

func TestDbg(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	for _, tm := range allMaps(t) {
		if tm.name != os.Getenv("DBG") {
			continue
		}
		base := Place(tm.in)
		in, _, _ := stabilityCases[3].change(tm.in, base)
		got := Place(in)
		r := scaled(in, got)
		n := len(in.Nodes)
		for _, e := range cleanEdges(n, in.Edges) {
			for v := 0; v < n; v++ {
				if int32(v) == e[0] || int32(v) == e[1] {
					continue
				}
				d := math.Sqrt(segDist2(got.X[v], got.Y[v], got.X[e[0]], got.Y[e[0]], got.X[e[1]], got.Y[e[1]]))
				if d < r[v]+in.LineMargin*got.Scale {
					fmt.Println("hit: edge", e, "node", v, "d", d, "need", r[v]+in.LineMargin*got.Scale, "scale", got.Scale, "base scale", base.Scale, "n", n)
				}
			}
		}
	}
}

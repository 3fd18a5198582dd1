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
		l := newLayout(&tm.in)
		l.fresh()
		sw := l.s
		// scale from circles and bounds only (Gap)
		s := 1.0
		for i := 0; i < l.n; i++ {
			r := l.r[i]
			s = min(s, l.x[i]/r, (l.in.W-l.x[i])/r, l.y[i]/r, (l.in.H-l.y[i])/r)
			for j := i + 1; j < l.n; j++ {
				dx, dy := l.x[i]-l.x[j], l.y[i]-l.y[j]
				d := dx*dx + dy*dy
				need := l.r[i] + l.r[j] + l.gap
				if d < need*need*s*s {
					s = min(s, math.Sqrt(d)/need)
				}
			}
		}
		l.s = s
		l.buildGrid()
		v := l.violationCount()
		fmt.Printf("%-22s sw=%.3f sov=%.3f ratio=%.2f viol=%d\n", tm.name, sw, s, s/sw, v)
	}
}

package place

import (
	"fmt"
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
		dbgHook = func(l *layout, stage string) {
			x0, x1, y0, y1 := bounds(l.x, l.y)
			fmt.Printf("%-10s s=%.3f bbox=%.0f..%.0f x %.0f..%.0f cross=%d viol=%d\n", stage, l.s, x0, x1, y0, y1, countCrossings(l.x, l.y, l.es), l.violationCount())
		}
		res := Place(tm.in)
		dbgHook = nil
		fmt.Println(res.Scale)
	}
}

package place

import (
	"fmt"
	"os"
	"testing"
)

func TestDbg(t *testing.T) {
	for _, tm := range allMaps(t) {
		if tm.name != os.Getenv("MAP") {
			continue
		}
		res := Place(tm.in)
		fmt.Println("final", Crossings(res.X, res.Y, tm.in.Edges), res.Scale)
	}
}

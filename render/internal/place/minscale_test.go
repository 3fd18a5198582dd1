package place

import (
	"fmt"
	"slices"
	"testing"
)

// TestMinScale checks Input.MinScale: a layout that reaches MinScale is
// never given up on (Place returns it bit for bit as without MinScale),
// and a layout given up on keeps the guarantees every layout keeps, its
// Scale below MinScale.
func TestMinScale(t *testing.T) {
	type tcase struct {
		name string
		in   Input
		full Result
	}
	var cases []tcase
	maps, laid := layouts(t, Auto)
	for i, tm := range maps {
		cases = append(cases, tcase{tm.name, tm.in, laid[i]})
	}
	sizes := [][2]int{{20, 60}, {40, 120}, {120, 360}}
	if slow() {
		sizes = append(sizes, [2]int{60, 180}, [2]int{150, 450}, [2]int{200, 600})
	}
	for _, nm := range sizes {
		for _, k := range []int{1, 6} {
			in := randomInput(nm[0], nm[1], k, uint64(nm[0]+nm[1]+k))
			cases = append(cases, tcase{fmt.Sprintf("random-%d-%d-%d", nm[0], nm[1], k), in, Place(in)})
			// the renderer's circles: larger, sized to their names
			big := in
			big.Nodes = slices.Clone(in.Nodes)
			for i := range big.Nodes {
				big.Nodes[i].R = 96 + float64(i%8)*4
			}
			big.EdgeGap = 0
			cases = append(cases, tcase{fmt.Sprintf("random-%d-%d-%d-big", nm[0], nm[1], k), big, Place(big)})
		}
	}
	// ids in pairs: a start seeded by id puts each pair on one spot
	twins := randomInput(200, 600, 6, 7)
	twins.Nodes = slices.Clone(twins.Nodes)
	for i := range twins.Nodes {
		twins.Nodes[i].ID = fmt.Sprintf("t%d", i/2)
	}
	cases = append(cases, tcase{"twins", twins, Place(twins)})
	gaveUp := 0
	for _, c := range cases {
		full := c.full
		// the scale the layout reaches, more, and full size (which only
		// a layout with room to spare starts at)
		for _, min := range []float64{full.Scale, full.Scale * 1.5, full.Scale * 3, 1} {
			in := c.in
			in.MinScale = min
			res := Place(in)
			same := res.Scale == full.Scale && slices.Equal(res.X, full.X) && slices.Equal(res.Y, full.Y)
			if min <= full.Scale && !same {
				t.Errorf("%s: MinScale %.4f, which the layout reaches, changed it (scale %.4f, want %.4f)", c.name, in.MinScale, res.Scale, full.Scale)
				continue
			}
			if !same {
				gaveUp++
				if res.Scale >= in.MinScale {
					t.Errorf("%s: given up on with scale %.4f; want below MinScale %.4f", c.name, res.Scale, in.MinScale)
				}
				checkLayout(t, in, res)
			}
		}
	}
	if gaveUp == 0 {
		t.Error("no layout was given up on: the test does not reach that path")
	}
	t.Logf("%d maps, %d layouts given up on", len(cases), gaveUp)
}

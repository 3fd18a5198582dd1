package render

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGroupColors checks that a group's colour follows its name: the same
// whatever the order of the functions, no two groups of a map sharing one
// while the palette has colours left, and grey for functions without a
// group.
func TestGroupColors(t *testing.T) {
	for _, pn := range []Palette{PaletteTraffic, PaletteColorblind, PalettePrint} {
		pal := getPalette(pn)
		m := loadExample(t, "demens")
		want := groupColors(pal, groupNames(m))
		rev := m.Clone()
		for i, j := 0, len(rev.Functions)-1; i < j; i, j = i+1, j-1 {
			rev.Functions[i], rev.Functions[j] = rev.Functions[j], rev.Functions[i]
		}
		assert.Equal(t, want, groupColors(pal, groupNames(rev)), "%s: the order of the functions changed a colour", pn)
		for n := 1; n <= len(pal.groups)+2; n++ {
			var names []string
			for i := range n {
				names = append(names, fmt.Sprintf("Gruppe %c", 'A'+i))
			}
			cs := groupColors(pal, names)
			seen := map[groupColor]int{}
			for _, c := range cs {
				seen[c]++
			}
			if n <= len(pal.groups) {
				assert.Len(t, seen, n, "%s: %d groups share colours", pn, n)
			} else {
				assert.Len(t, seen, len(pal.groups), "%s: %d groups use every colour", pn, n)
			}
		}
		assert.Equal(t, pal.noGroup, groupColors(pal, []string{"", "Kommune"})[""])
		assert.NotEqual(t, pal.noGroup, groupColors(pal, []string{"", "Kommune"})["Kommune"])
	}
	// drawn: the circle of a function takes its group's colour
	d, err := Compose(loadExample(t, "demens"), Options{})
	assert.NoError(t, err)
	cs := groupColors(getPalette(PaletteTraffic), groupNames(loadExample(t, "demens")))
	for _, f := range readScene(d.List).functions {
		assert.Equal(t, cs[f.group].Fill, f.circle.Paint.Fill, "the fill of %s", f.id)
	}
}

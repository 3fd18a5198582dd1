package render

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestWrapMode(t *testing.T) {
	// widths in ems of nameSize (24)
	tests := []struct {
		name  string
		text  string
		ems   float64
		mode  splitMode
		lines []string
	}{
		{"SpacesFirst", "Aktivitets- og dagcenter", 7, splitAnywhere, []string{"Aktivitets- og", "dagcenter"}},
		{"AfterSlash", "Terapeuter fys./ergo.", 6, splitAnywhere, []string{"Terapeuter", "fys./ergo."}},
		{"NeverKeepsWords", "Demenskoordinator", 5, splitNever, []string{"Demenskoordinator"}},
		{"JointKoordinator", "Demenskoordinator", 7, splitJoints, []string{"Demens-", "koordinator"}},
		{"JointPlejen", "Hjemmesygeplejen", 6, splitJoints, []string{"Hjemme-", "sygeplejen"}},
		{"JointTwice", "Hjemmesygeplejen", 4, splitJoints, []string{"Hjemme-", "syge-", "plejen"}},
		{"JointVejledning", "Ungdommens Uddannelsesvejledning", 8, splitJoints, []string{"Ungdommens", "Uddannelses-", "vejledning"}},
		{"JointPraktiserende", "Privatpraktiserende psykolog", 8, splitJoints, []string{"Privat-", "praktiserende", "psykolog"}},
		{"JointAfdeling", "Familieafdelingen", 6, splitJoints, []string{"Familie-", "afdelingen"}},
		{"JointNeedsFourLetters", "Ergoterapeut", 4, splitJoints, []string{"Ergo-", "terapeut"}},
		{"NoJointKeepsWord", "Xyzxyzxyzxyzxyz", 3, splitJoints, []string{"Xyzxyzxyzxyzxyz"}},
		{"AnywhereLastResort", "Xyzxyzxyzxyzxyz", 4, splitAnywhere, []string{"Xyzxyz-", "xyzxyz-", "xyz"}},
		{"AnywhereAtSyllable", "Overmandsledelsen", 5, splitAnywhere, []string{"Over-", "mandsle-", "delsen"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := wrapMode(tt.text, nameSize, tt.ems*nameSize, false, tt.mode)
			assert.Equal(t, tt.lines, w.Lines, "wrapMode(%q, %v ems, %v)", tt.text, tt.ems, tt.mode)
			for _, l := range w.Lines {
				assert.NotContains(t, l, "–", "an en dash in %q", l)
			}
		})
	}
}

// TestWrap_NoShortParts checks that split words keep four letters on each
// side of a joint and that words only split when they do not fit whole.
func TestWrap_NoShortParts(t *testing.T) {
	for _, name := range []string{"Hjemmesygeplejen", "Demenskoordinator", "Alzheimerforeningen", "ungdomspsykiatrien",
		"Familieafdelingen", "Uddannelsesvejledning", "Privatpraktiserende", "Arbejdsmarkedsrehabiliteringsteamet"} {
		for _, tok := range jointTokens(name) {
			assert.GreaterOrEqual(t, len([]rune(tok.s)), minJoint, "jointTokens(%q) has the short part %q", name, tok.s)
		}
		assert.Greater(t, len(jointTokens(name)), 1, "jointTokens(%q) found no joint", name)
		whole := wrapMode(name, nameSize, textWidth(name, nameSize, false), false, splitAnywhere)
		assert.Equal(t, []string{name}, whole.Lines, "a word that fits was split")
		assert.Equal(t, name, strings.ReplaceAll(strings.Join(wrapMode(name, nameSize, 5*nameSize, false, splitJoints).Lines, ""), "-", ""))
	}
}

// TestLabels_OneSize checks on the examples that every ordinary function
// name is drawn at one size, that circles share the common radius unless
// a name needs more, and that the centre is not smaller.
func TestLabels_OneSize(t *testing.T) {
	for _, name := range exampleNames(t) {
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			d, err := Compose(loadExample(t, name), Options{Layout: layout})
			require.NoError(t, err)
			require.NoError(t, readable(readScene(d.List), 11))
			require.NoError(t, oneSize(readScene(d.List)))
			lo, hi, centre := math.Inf(1), 0.0, 0.0
			for _, f := range readScene(d.List).functions {
				if f.centre {
					centre = f.circle.R
					continue
				}
				lo, hi = min(lo, f.circle.R), max(hi, f.circle.R)
			}
			t.Logf("%s %s: radii %.1f to %.1f, labels %.2f", name, layout, lo, hi, d.LabelSize)
			if centre > 0 {
				assert.GreaterOrEqual(t, centre, lo, "%s %s: the centre is smaller than the others", name, layout)
			}
		}
	}
}

func TestFitLabel(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		r         float64
		wantLines []string
		wantR     float64 // 0: larger than r
	}{
		{"FitsWhole", "Egen læge", 70, []string{"Egen", "læge"}, 70},
		{"SplitsAtJoint", "Demenskoordinator", 85, []string{"Demens-", "koordinator"}, 85},
		{"GrowsWhenJointsDoNotFit", "Hjemmesygeplejen", 60, []string{"Hjemmesyge-", "plejen"}, 0},
		{"GrowsWhenNothingFits", "Arbejdsmarkedsrehabiliteringsteamet", 70, []string{"Arbejds-", "markeds-", "rehabiliterings-", "teamet"}, 0},
	}
	c := newComposer(NewRenderer(DefaultCacheBytes), &graph.Map{}, Options{}.withDefaults(nil), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb := c.fitLabel(tt.text, nameSize, false, tt.r)
			assert.Equal(t, tt.wantLines, lb.block.Lines)
			assert.Equal(t, nameSize, lb.block.Size, "names are never shrunk")
			if tt.wantR > 0 {
				assert.InDelta(t, tt.wantR, lb.r, 0.01)
			} else {
				assert.Greater(t, lb.r, tt.r)
			}
			assert.LessOrEqual(t, lb.block.circleRadius()+textPad, lb.r+1e-9, "text leaves the circle")
		})
	}
}

package render

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadges_Clear checks on the examples that every badge sits on its own
// line, clear of every other line and badge, so that none hides at a
// crossing, and that badges are drawn after every line.
func TestBadges_Clear(t *testing.T) {
	for _, name := range exampleNames(t) {
		for _, layout := range []Layout{LayoutCircle, LayoutForce} {
			g, err := Compose(loadExample(t, name), Options{Layout: layout})
			require.NoError(t, err)
			for i, r := range g.Relations {
				if r.BadgeR == 0 {
					continue
				}
				on := distPointSegment(r.BadgeX, r.BadgeY, r.X1, r.Y1, r.X2, r.Y2)
				assert.Less(t, on, 0.05, "%s %s: badge of %s is off its line", name, layout, r.ID)
				for j, o := range g.Relations {
					if j == i {
						continue
					}
					d := distPointSegment(r.BadgeX, r.BadgeY, o.X1, o.Y1, o.X2, o.Y2)
					assert.GreaterOrEqual(t, d, r.BadgeR+o.Width/2, "%s %s: badge of %s lies on the line of %s", name, layout, r.ID, o.ID)
					if o.BadgeR > 0 && j > i {
						assert.GreaterOrEqual(t, math.Hypot(r.BadgeX-o.BadgeX, r.BadgeY-o.BadgeY), r.BadgeR+o.BadgeR,
							"%s %s: badges of %s and %s overlap", name, layout, r.ID, o.ID)
					}
				}
			}
		}
	}
}

func TestSVG_BadgesAboveLines(t *testing.T) {
	m := loadExample(t, "demens")
	var buf bytes.Buffer
	require.NoError(t, SVG(&buf, m, Options{}))
	s := buf.String()
	lastLine := strings.LastIndex(s, "<line")
	badges := strings.Index(s, `class="badges"`)
	require.Positive(t, badges)
	assert.Greater(t, badges, lastLine, "the badges are drawn before a line")
	relations := strings.Index(s, `class="relations"`)
	assert.NotContains(t, s[relations:badges], `class="badge"`, "a badge is drawn among the lines")
	assert.Equal(t, 17, strings.Count(s, `class="badge-group"`), "one badge per rated relation")
}

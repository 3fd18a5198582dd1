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
			d, err := Compose(loadExample(t, name), Options{Layout: layout, Detail: DetailFull})
			require.NoError(t, err)
			s := readScene(d.List)
			lines := map[string]*Line{}
			for _, r := range s.relations {
				lines[r.id] = r.line
			}
			for i, b := range s.badges {
				l, c := lines[b.relationID], b.circle
				require.NotNil(t, l, "a badge without a line")
				on := distPointSegment(c.X, c.Y, l.X1, l.Y1, l.X2, l.Y2)
				assert.Less(t, on, 0.05, "%s %s: badge of %s is off its line", name, layout, b.relationID)
				for _, o := range s.relations {
					if o.id == b.relationID {
						continue
					}
					d := distPointSegment(c.X, c.Y, o.line.X1, o.line.Y1, o.line.X2, o.line.Y2)
					assert.GreaterOrEqual(t, d, c.R+o.line.Paint.Width/2, "%s %s: badge of %s lies on the line of %s", name, layout, b.relationID, o.id)
				}
				for _, o := range s.badges[i+1:] {
					assert.GreaterOrEqual(t, math.Hypot(c.X-o.circle.X, c.Y-o.circle.Y), c.R+o.circle.R,
						"%s %s: badges of %s and %s overlap", name, layout, b.relationID, o.relationID)
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

package browsertest

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPresent_AttentionPanel (issue 13, item 1): presentation shows the
// server's attention panel in full and readable from the back of a room
// (its text at least 18 px on a 1920×1080 projector), and the numbered
// squares on the lines are the numbers of the panel.
func TestPresent_AttentionPanel(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	var analysis struct {
		Weakest []struct {
			RelationID string `json:"relation_id"`
			AName      string `json:"a_name"`
		} `json:"weakest"`
	}
	require.Equal(t, 200, s.call(t, "GET", "/api/v1/maps/"+m.ID+"/analysis?lang=da", m.ViewToken, nil, &analysis))
	require.NotEmpty(t, analysis.Weakest)
	for _, size := range []struct {
		name    string
		w, h    int
		minFont float64
	}{{"projector", 1920, 1080, 18}, {"laptop", 1366, 768, 11}} {
		t.Run(size.name, func(t *testing.T) {
			tb := newBrowser(t, size.w, size.h)
			tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.function`, 7)), waitLive(),
				chromedp.Click(`#btn-present`, chromedp.ByQuery),
				waitJS(`document.body.classList.contains('server-panel')`),
				waitJS(`!!document.querySelector('#present-side svg text.panel')`), idle(), settled())
			var p struct {
				Texts, Shown int
				MinFont      float64
				Heading      string
				Numbers      []string
				OnScreen     bool
			}
			tb.run(t, chromedp.Evaluate(`(() => {
				const side = document.querySelector('#present-side svg'), scale = side.getScreenCTM().a;
				const texts = [...side.querySelectorAll('text.panel')];
				const shown = texts.filter((e) => { const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
					return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= innerWidth + 1; });
				return {Texts: texts.length, Shown: shown.length,
					MinFont: Math.min(...texts.map((e) => parseFloat(e.getAttribute('font-size')) * scale)),
					Heading: (side.querySelector('text.panel-heading') || {}).textContent || '',
					Numbers: [...side.querySelectorAll('g.marker.attention:not([data-relation-id]) text')].map((e) => e.textContent),
					OnScreen: document.querySelector('#present-side').getBoundingClientRect().right <= innerWidth + 1};
			})()`, &p))
			assert.Greater(t, p.Texts, 3, "the server's panel has its texts")
			assert.Equal(t, p.Texts, p.Shown, "every text of the panel is on the screen")
			assert.Equal(t, "Til ledelsens opmærksomhed", p.Heading)
			assert.GreaterOrEqual(t, p.MinFont, size.minFont, "the panel's smallest text is %.1f px", p.MinFont)
			assert.True(t, p.OnScreen)
			require.NotEmpty(t, p.Numbers)
			// The square on each weak tie's line has the number of its
			// place in the panel, and is on the screen.
			for i, w := range analysis.Weakest {
				if i >= len(p.Numbers) {
					break
				}
				assert.Equal(t, strconv.Itoa(i+1), p.Numbers[i])
				var mk struct {
					Text    string
					Visible bool
				}
				tb.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const g = document.querySelector('#diagram g.marker[data-relation-id=%q]');
					if (!g) return {Text: '', Visible: false};
					const r = g.getBoundingClientRect(), box = document.querySelector('#diagram svg').getBoundingClientRect();
					return {Text: g.textContent.trim(), Visible: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1}; })()`, w.RelationID), &mk))
				assert.Equal(t, strconv.Itoa(i+1), mk.Text, "the square on %s's line", w.RelationID)
				assert.True(t, mk.Visible, "the square on %s's line is in the picture", w.RelationID)
			}
			// The page's heading and footer: the title once, and a footer
			// a room understands (no "version 48").
			var head struct {
				H1, Foot string
				SVGTitle bool
			}
			tb.run(t, chromedp.Evaluate(`({H1: document.querySelector('#present-title').offsetParent ? document.querySelector('#present-title').textContent : '',
				Foot: document.querySelector('#present-foot').textContent,
				SVGTitle: [...document.querySelectorAll('svg text.title')].some((e) => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 0 &&
					(() => { const r = e.getBoundingClientRect(), b = e.ownerSVGElement.getBoundingClientRect(); return r.bottom > b.top && r.top < b.bottom && r.right > b.left && r.left < b.right; })())})`, &head))
			assert.Equal(t, "Demensindsats", head.H1)
			assert.False(t, head.SVGTitle, "the title shows twice")
			assert.Contains(t, head.Foot, "af 6 relationer vurderet")
			assert.NotContains(t, head.Foot, "version")
			tb.screenshot(t, "present-panel-"+size.name)
			tb.clean(t)
		})
	}
}

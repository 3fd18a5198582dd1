package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhone_Participant (issue 13, item 4): on a phone the view page lets
// a participant read and tap: pinch-zoom is not blocked, the enlarge
// control makes the names at least 11 px, functions, relations and buttons
// are at least 44×44 px to tap, and tapping a relation brings its details
// into view.
func TestPhone_Participant(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	for _, w := range []int{360, 390, 430} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tb := newBrowser(t, w, 844)
			tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.relation`, 6)), waitLive(), idle())
			var touch []string
			tb.run(t, chromedp.Evaluate(`[document.querySelector('#diagram'), document.querySelector('#diagram svg'), document.querySelector('#diagram g.relation')].map((e) => getComputedStyle(e).touchAction)`, &touch))
			for _, ta := range touch {
				assert.NotEqual(t, "none", ta, "touch-action:none blocks pinch-zoom")
			}
			var overflow bool
			tb.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
			assert.False(t, overflow, "the page scrolls sideways")
			if w == 390 {
				tb.screenshot(t, "phone-view-whole")
			}
			tb.run(t, chromedp.WaitVisible(`#btn-enlarge`, chromedp.ByQuery), chromedp.Click(`#btn-enlarge`, chromedp.ByQuery),
				waitJS(`document.querySelector('#diagram').classList.contains('enlarged')`), settled())
			var sz struct{ Font, Circle, Hit float64 }
			tb.run(t, chromedp.Evaluate(`(() => { const svg = document.querySelector('#diagram svg'), s = svg.getScreenCTM().a;
				return {Font: Math.min(...[...svg.querySelectorAll('g.function text')].map((e) => parseFloat(e.getAttribute('font-size')) * s)),
					Circle: Math.min(...[...svg.querySelectorAll('g.function circle')].map((c) => c.getBoundingClientRect().width)),
					Hit: Math.min(...[...svg.querySelectorAll('g.relation line.hit')].map((l) => parseFloat(getComputedStyle(l).strokeWidth) * s))}; })()`, &sz))
			assert.GreaterOrEqual(t, sz.Font, 11.0, "names once enlarged")
			assert.GreaterOrEqual(t, sz.Circle, 44.0, "a function's tap target")
			assert.GreaterOrEqual(t, sz.Hit, 44.0, "a relation's tap target")
			var noOverflow bool
			tb.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth <= window.innerWidth + 1`, &noOverflow))
			assert.True(t, noOverflow, "the enlarged map scrolls inside its box, not the page")
			if w == 390 {
				tb.screenshot(t, "phone-view-enlarged")
			}
			// Tap the Low relation: its details come into view.
			tb.run(t, chromedp.Evaluate(`document.querySelector('#diagram g.relation[data-relation-id="r1"]').scrollIntoView({block: 'center', inline: 'center'})`, nil), settled())
			clickLine(t, tb, "r1")
			tb.run(t, waitJS(`!document.querySelector('#sel-relation').hidden`), settled())
			var inView bool
			tb.run(t, chromedp.Evaluate(`(() => { const r = document.querySelector('#sel-relation').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight - 40; })()`, &inView))
			assert.True(t, inView, "the selected relation's details are not in view")
			if w == 390 {
				tb.screenshot(t, "phone-view-selected")
			}
			tb.clean(t)
		})
	}
}

// TestPhone_EditAndTablet: on a phone the rating buttons are 44 px tap
// targets and come into view after connecting; on a 768×1024 tablet the
// edit page works: add, connect by tapping circles, rate.
func TestPhone_EditAndTablet(t *testing.T) {
	slow(t)
	s := newSite(t)
	for _, size := range []struct {
		name string
		w, h int
	}{{"phone", 390, 844}, {"tablet", 768, 1024}} {
		t.Run(size.name, func(t *testing.T) {
			m := s.create(t, map[string]any{"title": "Tablet", "functions": []map[string]any{{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta"}}})
			tb := newBrowser(t, size.w, size.h)
			tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 2)), waitLive(),
				chromedp.SendKeys(`#add-name`, "Gamma\r", chromedp.ByQuery), waitJS(countJS(`#diagram g.function`, 3)),
				chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
			clickFn(t, tb, "a")
			tb.run(t, waitJS(`!document.querySelector('#sel-function').hidden`), chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
			clickFn(t, tb, "b")
			tb.run(t, waitJS(countJS(`#diagram g.relation`, 1)), waitJS(`!document.querySelector('#sel-relation').hidden`), idle(), settled())
			var rate struct {
				InView bool
				W, H   float64
			}
			tb.run(t, chromedp.Evaluate(`(() => { const bs = [...document.querySelectorAll('#sel-relation [data-rate]')].map((b) => b.getBoundingClientRect());
				return {InView: bs.every((r) => r.top >= 0 && r.bottom <= innerHeight), W: Math.min(...bs.map((r) => r.width)), H: Math.min(...bs.map((r) => r.height))}; })()`, &rate))
			assert.True(t, rate.InView, "the rating buttons are not in view after connecting")
			assert.GreaterOrEqual(t, rate.W, 44.0)
			assert.GreaterOrEqual(t, rate.H, 44.0)
			tb.run(t, chromedp.Click(`#sel-relation [data-rate="3"]`, chromedp.ByQuery), waitJS(countJS(`#diagram g.relation.rating-3`, 1)))
			var overflow bool
			tb.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
			assert.False(t, overflow, "the page scrolls sideways")
			tb.screenshot(t, size.name+"-edit")
			got := s.get(t, m.ID, m.EditToken)
			require.Len(t, got.Relations, 1)
			require.NotNil(t, got.Relations[0].Rating)
			tb.clean(t)
		})
	}
}

package browsertest

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundMap: three functions in a triangle, r1 home care–GP, r2 GP–home
// nursing, r3 home care–home nursing.
func roundMap() map[string]any {
	return map[string]any{"title": "Demensindsats", "task": "Hjemmeboende borgere med demens",
		"functions": []map[string]any{{"id": "hjemmepleje", "name": "Hjemmeplejen", "group": "Kommune"},
			{"id": "laege", "name": "Egen læge", "group": "Almen praksis"}, {"id": "sygepleje", "name": "Hjemmesygeplejen", "group": "Kommune"}},
		"relations": []map[string]any{{"id": "r1", "a": "hjemmepleje", "b": "laege", "rating": 2},
			{"id": "r2", "a": "laege", "b": "sygepleje", "rating": 2}, {"id": "r3", "a": "hjemmepleje", "b": "sygepleje", "rating": 1}}}
}

// phone opens a participant's phone: a browser context of its own (its
// own storage, as another device has), 360 px wide, touch. Headless
// Chromium opens a tab in a new browser context only in a window of its
// own (chromedp.WithNewBrowserContext asks for none and is refused).
func (tb *tab) phone(t *testing.T) *tab {
	t.Helper()
	browser := cdp.WithExecutor(tb.ctx, chromedp.FromContext(tb.ctx).Browser)
	bid, err := target.CreateBrowserContext().Do(browser)
	require.NoError(t, err)
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(bid).WithNewWindow(true).Do(browser)
	require.NoError(t, err)
	ctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(tid))
	t.Cleanup(func() {
		cancel()
		_ = target.DisposeBrowserContext(bid).Do(browser)
	})
	p := watch(t, ctx)
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateScale(2))))
	return p
}

// step waits until the participants' page shows step and has stored every
// answer.
func step(name string) chromedp.Action {
	return waitJS(fmt.Sprintf(`document.querySelector('#view-round').dataset.step === %q && document.querySelector('#view-round').dataset.pending === '0'`, name))
}

// phoneFits checks what a phone needs: no sideways scrolling, and every
// visible button of the participants' page at least 44×44 px.
func phoneFits(t *testing.T, p *tab, where string) {
	t.Helper()
	var fit struct {
		Overflow bool
		Small    []string
	}
	p.run(t, settled(), chromedp.Evaluate(`({Overflow: document.documentElement.scrollWidth > innerWidth + 1,
		Small: [...document.querySelectorAll('#view-round button')].filter((b) => b.offsetParent)
			.filter((b) => { const r = b.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
			.map((b) => b.textContent.trim() + ' ' + Math.round(b.getBoundingClientRect().width) + '×' + Math.round(b.getBoundingClientRect().height))})`, &fit))
	assert.False(t, fit.Overflow, "%s: the page scrolls sideways at 360 px", where)
	assert.Empty(t, fit.Small, "%s: tap targets under 44 px", where)
}

// TestRound_Workshop (issue 15): the facilitator starts a round, five
// phones join and answer, the facilitator's counts follow live, the round
// closes, a phone says thank you, and the result map is presented.
func TestRound_Workshop(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, roundMap())
	fac := newBrowser(t, 1366, 900)
	fac.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.relation`, 3)), waitLive(), idle(),
		chromedp.SetValue(`#round-min`, "2", chromedp.ByQuery),
		chromedp.SendKeys(`#round-name`, "Runde 1", chromedp.ByQuery),
		clickAt(`#round-form button[type=submit]`),
		waitJS(`!!document.querySelector('#rounds').dataset.open && document.querySelector('#round-link').value !== ''`))
	var joinURL, rid string
	fac.run(t, chromedp.Value(`#round-link`, &joinURL, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#rounds').dataset.open`, &rid))
	require.Contains(t, joinURL, "/r/"+rid+"#join=")

	// The QR code over the whole screen.
	fac.run(t, clickAt(`#btn-round-qr`), waitJS(`document.querySelector('#qr-dialog').open && !!document.querySelector('#qr-box img')?.complete`))
	var qr struct{ W, H float64 }
	fac.run(t, chromedp.Evaluate(`(() => { const r = document.querySelector('#qr-box img').getBoundingClientRect(); return {W: r.width, H: r.height}; })()`, &qr))
	assert.GreaterOrEqual(t, qr.H, 500.0, "the QR code fills the screen's height")
	assert.Equal(t, joinURL, textOf(t, fac, `#qr-link`))
	fac.screenshot(t, "round-qr")
	fac.run(t, chromedp.Click(`#qr-dialog form button`, chromedp.ByQuery), waitJS(`!document.querySelector('#qr-dialog').open`))

	// Five phones: three from home care say Low about the GP, two from
	// the GP say High about home care.
	people := []struct {
		from    string
		answers []string // data-answer of each relation, in the map's order
	}{
		{"hjemmepleje", []string{"3", "2"}}, {"hjemmepleje", []string{"3", "2"}}, {"hjemmepleje", []string{"3", "1"}},
		{"laege", []string{"1", "null"}}, {"laege", []string{"1", "2"}},
	}
	var first *tab
	for i, p := range people {
		ph := fac.phone(t)
		ph.run(t, chromedp.Navigate(joinURL), step("who"))
		if i == 0 {
			first = ph
			phoneFits(t, ph, "who")
			ph.screenshot(t, "round-phone-who")
		}
		ph.run(t, clickAt(fmt.Sprintf(`[data-from=%q]`, p.from)), step("ask"))
		fac.run(t, waitJS(fmt.Sprintf(`document.querySelector('#rounds').dataset.participants === '%d'`, i+1)))
		for k, a := range p.answers {
			ph.run(t, waitJS(fmt.Sprintf(`document.querySelector('#round-progress').textContent === '%d af 2'`, k+1)))
			if i == 0 && k == 0 {
				assert.Equal(t, "Hvordan oplever du samarbejdet med Egen læge?", textOf(t, ph, `#round-question`))
				phoneFits(t, ph, "ask")
				ph.screenshot(t, "round-phone-ask")
				// A first answer, changed after going back.
				ph.run(t, clickAt(`#round-overall [data-answer="2"]`), waitJS(`document.querySelector('#round-progress').textContent === '2 af 2'`),
					clickAt(`#round-back`), waitJS(`document.querySelector('#round-progress').textContent === '1 af 2'`),
					waitJS(`document.querySelector('#round-overall [data-answer="2"]').getAttribute('aria-pressed') === 'true'`))
				// A reload keeps the participant and the answer.
				ph.run(t, chromedp.Reload(), step("ask"), waitJS(`document.querySelector('#round-progress').textContent === '2 af 2'`),
					clickAt(`#round-back`), waitJS(`document.querySelector('#round-overall [data-answer="2"]').getAttribute('aria-pressed') === 'true'`))
			}
			ph.run(t, clickAt(fmt.Sprintf(`#round-overall [data-answer=%q]`, a)))
		}
		ph.run(t, step("done"))
		if i == 0 {
			phoneFits(t, ph, "done")
			ph.screenshot(t, "round-phone-done")
		}
		ph.clean(t)
	}
	// Every answer has come to the facilitator's counts.
	fac.run(t, waitJS(`document.querySelector('#rounds').dataset.answers === '10'`))
	assert.Equal(t, "5 deltagere · 10 svar", textOf(t, fac, `#round-live-totals`))
	assert.Equal(t, "6 af 6", textOf(t, fac, `#round-live-rows tr[data-function-id="hjemmepleje"] td:last-child`))
	fac.screenshot(t, "round-live")

	// Close: the round takes no more answers; a phone says thank you.
	fac.run(t, clickAt(`#btn-round-close`), waitJS(`document.querySelector('#round-confirm').open`),
		clickAt(`#round-confirm-ok`), waitJS(`document.querySelector('#rounds').dataset.open === ''`),
		waitJS(fmt.Sprintf(`!!document.querySelector('[data-round-show=%q]')`, rid)))
	first.run(t, chromedp.Reload(), step("closed"))
	assert.Equal(t, "Tak for dine svar", textOf(t, first, `#round-closed h2`))
	first.screenshot(t, "round-phone-closed")

	// The result, presented: the round's medians are the map's colours;
	// r1 is disputed (1 1 3 3 3: 2 of 5 differ from 3) and one-sided (home
	// care 3, the GP 1), r3 neither.
	fac.run(t, clickAt(fmt.Sprintf(`[data-round-show=%q]`, rid)),
		waitJS(fmt.Sprintf(`document.querySelector('#diagram').dataset.round === %q`, rid)), idle(), settled())
	type relation struct {
		Class, Median, Disagreement, AToB, BToA string
		Lines, Split, Ends                      int
		Range                                   string
	}
	relationJS := func(id string) string {
		return fmt.Sprintf(`(() => { const d = document.querySelector('#diagram');
		const g = d.querySelector('g.relation[data-relation-id=%[1]q]');
		const split = d.querySelector('g.badge-split[data-relation-id=%[1]q]');
		return {Class: g.getAttribute('class'), Median: g.dataset.median, Disagreement: g.dataset.disagreement,
			AToB: g.dataset.aToB, BToA: g.dataset.bToA, Lines: g.querySelectorAll('line:not(.hit)').length,
			Split: d.querySelectorAll('g.badge-split[data-relation-id=%[1]q]').length,
			Ends: d.querySelectorAll('g.end-badge[data-relation-id=%[1]q]').length,
			Range: split ? split.dataset.range : ''}; })()`, id)
	}
	var r1, r3 relation
	fac.run(t, chromedp.Evaluate(relationJS("r1"), &r1), chromedp.Evaluate(relationJS("r3"), &r3))
	assert.Equal(t, relation{Class: "relation rating-3 disputed asymmetric", Median: "3", Disagreement: "0.4", AToB: "3", BToA: "1",
		Lines: 3, Split: 1, Ends: 2, Range: "1–3"}, r1, "r1: the band and two halves, the split badge and a number at each end")
	assert.Equal(t, "relation rating-2", r3.Class, "r3: home care only, 2 2 1: neither mark")
	assert.Equal(t, 0, r3.Split+r3.Ends)
	var legend []string
	fac.run(t, chromedp.Evaluate(`[...document.querySelectorAll('#diagram g.frame text.legend')].map((x) => x.textContent)`, &legend))
	assert.Contains(t, legend, "Uenighed", "the legend explains the disputed mark")
	assert.Contains(t, legend, "Ensidig", "and the one-sided one")
	assert.Equal(t, "Runde 1", textOf(t, fac, `#present-task`))
	var ties map[string][]string
	fac.run(t, chromedp.Evaluate(`Object.fromEntries([...document.querySelectorAll('#round-result .round-ties')].map((ol) =>
		[ol.dataset.kind, [...ol.querySelectorAll('li')].map((li) => li.dataset.relationId)]))`, &ties))
	assert.Equal(t, []string{"r1"}, ties["roundOneSided"], "home care: Low; the GP: High")
	assert.Contains(t, ties["roundDisputed"], "r1")
	fac.screenshot(t, "round-result")
	fac.clean(t)
}

// TestRound_PhoneDimensions: with the six RC questions, the phone shows
// them under the overall one; the participant answers some and goes on
// with Næste.
func TestRound_PhoneDimensions(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, roundMap())
	var r struct {
		JoinURL string `json:"join_url"`
	}
	require.Equal(t, 201, s.call(t, "POST", "/api/v1/maps/"+m.ID+"/rounds", m.EditToken,
		map[string]any{"title": "Runde med dimensioner", "questions": []string{"overall", "samarbejde", "videndeling", "kendskab", "problemloesning", "innovation", "respekt"}}, &r))
	browser := newBrowser(t, 1024, 768)
	ph := browser.phone(t)
	ph.run(t, chromedp.Navigate(r.JoinURL), step("who"), clickAt(`[data-from="laege"]`), step("ask"),
		clickAt(`#round-overall [data-answer="3"]`),
		clickAt(`.round-dim[data-question="respekt"] [data-answer="1"]`), step("ask"),
		waitJS(`document.querySelector('.round-dim[data-question="respekt"] [data-answer="1"]').getAttribute('aria-pressed') === 'true'`))
	assert.Equal(t, "1 af 2", textOf(t, ph, `#round-progress`), "dimensions wait for Næste")
	phoneFits(t, ph, "dimensions")
	ph.screenshot(t, "round-phone-dimensions")
	ph.run(t, clickAt(`#round-next`), waitJS(`document.querySelector('#round-progress').textContent === '2 af 2'`))
	ph.clean(t)
}

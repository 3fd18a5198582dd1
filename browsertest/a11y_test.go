package browsertest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeSource reads axe-core from the file RELATIONSKORT_AXE names (npm
// install --prefix /tmp/axe axe-core@4.14.1, as .ci/run does), or skips.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("RELATIONSKORT_AXE")
	if path == "" {
		t.Skip("RELATIONSKORT_AXE is not set: install axe-core (npm install --prefix /tmp/axe axe-core@4.14.1) and set RELATIONSKORT_AXE=/tmp/axe/node_modules/axe-core/axe.min.js")
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err, "RELATIONSKORT_AXE=%s", path)
	return string(b)
}

// axeCheck runs axe-core in the page and fails the test for every
// violation, naming the rule and the elements.
func axeCheck(t *testing.T, tb *tab, src, where string) {
	t.Helper()
	var found []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	tb.run(t, settled(), chromedp.Evaluate(src+`;
		axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations.map((v) => ({ID: v.id, Impact: v.impact || '',
			Help: v.help, Nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\n').slice(0, 2).join(' '))})))`,
		&found, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	for _, v := range found {
		t.Errorf("%s: axe %s (%s): %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	var dups []string
	tb.run(t, chromedp.Evaluate(`(() => { const seen = {}; for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;
		return Object.keys(seen).filter((k) => seen[k] > 1); })()`, &dups))
	assert.Empty(t, dups, "%s: duplicate ids", where)
}

// TestAxe_Pages: the front page and the map page in edit, view and
// presentation mode, in Danish and English, have no axe-core violations.
func TestAxe_Pages(t *testing.T) {
	slow(t)
	src := axeSource(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			tb := newBrowser(t, 1366, 768)
			tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.Evaluate(fmt.Sprintf(`localStorage.setItem('relationskort.lang', %q)`, lang), nil),
				chromedp.Reload(), waitJS(fmt.Sprintf(`document.documentElement.lang === %q && !!document.querySelector('#example-list button')`, lang)))
			axeCheck(t, tb, src, "front")
			for _, mode := range []struct{ name, url string }{{"edit", m.EditURL}, {"view", m.ViewURL}} {
				tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.Navigate(mode.url), waitJS(countJS(`#diagram g.function`, 7)), waitLive(), idle())
				axeCheck(t, tb, src, mode.name)
				tb.run(t, clickAt(`[data-select="r:r1"]`), waitJS(`!document.querySelector('#sel-relation').hidden`))
				axeCheck(t, tb, src, mode.name+" with a relation selected")
				tb.run(t, chromedp.Click(`#btn-present`, chromedp.ByQuery), waitJS(`document.body.classList.contains('server-panel')`),
					waitJS(`!!document.querySelector('#present-side svg')`), idle())
				axeCheck(t, tb, src, mode.name+" presenting")
				tb.screenshot(t, "axe-present-"+mode.name+"-"+lang)
				tb.run(t, chromedp.KeyEvent(kb_Escape), waitJS(`!document.body.classList.contains('presenting')`), idle())
			}
			tb.run(t, chromedp.Navigate(s.URL+"/no/such/page"), chromedp.WaitVisible(`#view-notfound`, chromedp.ByQuery))
			axeCheck(t, tb, src, "not found")
			tb.clean(t)
		})
	}
}

// TestA11y_TabOrder: the keyboard visits each function of the diagram,
// then its relations, and the diagram's ids do not clash with the page's.
func TestA11y_TabOrder(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1920, 1080)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)), idle())
	var want []string
	tb.run(t, chromedp.Evaluate(`(() => { const out = [], seen = new Set();
		const rels = [...document.querySelectorAll('#diagram g.relation')].map((g) => ({id: g.dataset.relationId, a: g.dataset.a, b: g.dataset.b}));
		for (const g of document.querySelectorAll('#diagram g.function')) {
			const f = g.dataset.functionId; out.push('f:' + f);
			for (const r of rels) if ((r.a === f || r.b === f) && !seen.has(r.id)) { seen.add(r.id); out.push('r:' + r.id); }
		}
		return out; })()`, &want))
	require.Len(t, want, 7+6)
	require.True(t, strings.HasPrefix(want[0], "f:"), "the first stop is a function")
	// Tab from the element just before the diagram.
	tb.run(t, chromedp.Focus(`#btn-lang`, chromedp.ByQuery))
	var got []string
	for range want {
		var key string
		tb.run(t, chromedp.KeyEvent("\t"), chromedp.Evaluate(`(() => { const e = document.activeElement.closest('[data-function-id], [data-relation-id]');
			return e ? (e.dataset.functionId ? 'f:' + e.dataset.functionId : 'r:' + e.dataset.relationId) : document.activeElement.id || document.activeElement.tagName; })()`, &key))
		got = append(got, key)
	}
	assert.Equal(t, want, got, "tab order in the diagram")
	var after string
	tb.run(t, chromedp.KeyEvent("\t"), chromedp.Evaluate(`document.activeElement.closest('#diagram') ? 'diagram' : 'out'`, &after))
	assert.Equal(t, "out", after, "Tab after the last item leaves the diagram")
	var ids struct{ Page, SVG int }
	tb.run(t, chromedp.Evaluate(`({Page: document.querySelectorAll('#page-title').length, SVG: document.querySelectorAll('#map-title').length})`, &ids))
	assert.Equal(t, 1, ids.Page)
	assert.LessOrEqual(t, ids.SVG, 1)
	tb.clean(t)
}

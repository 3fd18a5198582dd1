package browsertest

import (
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDrafts_NothingTypedIsLost (issue 13, item 3): a note being typed
// survives a refused save (412), a change of selection, a lost connection
// and a reload; a name being typed survives a reload.
func TestDrafts_NothingTypedIsLost(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1366, 768)
	// The live stream is blocked, so that the page does not hear of the
	// change made behind its back.
	tb.run(t, network.Enable(), network.SetBlockedURLs().WithURLPatterns([]*network.BlockPattern{{URLPattern: "*://*:*/api/v1/maps/*/events?*", Block: true}}),
		chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)), idle())

	// A conflict: the note stays as typed, and saving again works.
	const typed = "Ring fast hver mandag kl. 9"
	tb.run(t, clickAt(`[data-select="r:r2"]`), waitJS(`!document.querySelector('#sel-relation').hidden`),
		chromedp.SendKeys(`#note`, typed, chromedp.ByQuery))
	require.Equal(t, 200, s.call(t, "PATCH", "/api/v1/maps/"+m.ID+"/relations/r2", m.EditToken, map[string]any{"note": "En andens note"}, nil))
	tb.run(t, chromedp.Click(`#note-form button[type=submit]`, chromedp.ByQuery), chromedp.WaitVisible(`#alert`, chromedp.ByQuery), idle())
	assert.Contains(t, textOf(t, tb, `#alert-text`), "ændret af en anden")
	assert.Equal(t, typed, value(t, tb, `#note`), "the typed note after a conflict")
	tb.screenshot(t, "draft-after-conflict")
	tb.run(t, chromedp.Click(`#alert-close`, chromedp.ByQuery), chromedp.Click(`#note-form button[type=submit]`, chromedp.ByQuery),
		waitJS(`document.querySelector('#note-draft').hidden`))
	assert.Equal(t, typed, noteOf(t, s, m, "r2"))

	// A change of selection: each relation keeps its own draft.
	tb.run(t, clickAt(`[data-select="r:r3"]`), waitJS(`document.querySelector('#sel-r-name').textContent.includes('Pårørende')`),
		chromedp.SendKeys(`#note`, "Kladde til r3", chromedp.ByQuery),
		clickAt(`[data-select="r:r4"]`), waitJS(`document.querySelector('#sel-r-name').textContent.includes('Sygehuset')`))
	assert.Equal(t, "", value(t, tb, `#note`), "another relation shows its own note")
	tb.run(t, clickAt(`[data-select="r:r3"]`), waitJS(`document.querySelector('#sel-r-name').textContent.includes('Pårørende')`))
	assert.Equal(t, "Kladde til r3", value(t, tb, `#note`), "the draft of r3 after selecting another")
	assert.True(t, visible(t, tb, `#note-draft`), "the draft is marked as not saved")

	// A lost connection: saving fails, the text stays.
	events := &network.BlockPattern{URLPattern: "*://*:*/api/v1/maps/*/events?*", Block: true}
	writes := &network.BlockPattern{URLPattern: "*://*:*/api/v1/maps/*/relations/*", Block: true}
	tb.run(t, network.SetBlockedURLs().WithURLPatterns([]*network.BlockPattern{events, writes}), chromedp.Click(`#note-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#alert`, chromedp.ByQuery))
	assert.Contains(t, textOf(t, tb, `#alert-text`), "Ingen forbindelse")
	assert.Equal(t, "Kladde til r3", value(t, tb, `#note`))
	tb.run(t, network.SetBlockedURLs().WithURLPatterns([]*network.BlockPattern{events}))

	// A reload: the note's draft and a name being typed come back.
	tb.run(t, chromedp.SendKeys(`#add-name`, "Halvskrevet", chromedp.ByQuery), chromedp.Reload(),
		waitJS(countJS(`#diagram g.function`, 7)), idle())
	assert.Equal(t, "Halvskrevet", value(t, tb, `#add-name`), "the name typed before the reload")
	tb.run(t, clickAt(`[data-select="r:r3"]`), waitJS(`document.querySelector('#sel-r-name').textContent.includes('Pårørende')`))
	assert.Equal(t, "Kladde til r3", value(t, tb, `#note`), "the note typed before the reload")
	tb.screenshot(t, "draft-after-reload")
	tb.run(t, chromedp.Click(`#note-form button[type=submit]`, chromedp.ByQuery), waitJS(`document.querySelector('#note-draft').hidden`))
	assert.Equal(t, "Kladde til r3", noteOf(t, s, m, "r3"))
	tb.mu.Lock()
	tb.errors = nil // the failed fetch while offline is reported by the browser
	tb.mu.Unlock()
	tb.clean(t)
}

func value(t *testing.T, tb *tab, sel string) string {
	t.Helper()
	var v string
	tb.run(t, chromedp.Value(sel, &v, chromedp.ByQuery))
	return v
}

func visible(t *testing.T, tb *tab, sel string) bool {
	t.Helper()
	var v bool
	tb.run(t, chromedp.Evaluate(`!!document.querySelector(`+"`"+sel+"`"+`)?.offsetParent`, &v))
	return v
}

func noteOf(t *testing.T, s *site, m apiMap, rid string) string {
	t.Helper()
	for _, r := range s.get(t, m.ID, m.EditToken).Relations {
		if r.ID == rid {
			return r.Note
		}
	}
	t.Fatalf("no relation %s", rid)
	return ""
}

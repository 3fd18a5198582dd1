package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server says why a write is refused by the error's code: read_only
// for a view token, forbidden for a token that opens nothing. A server from
// before read_only answered forbidden for both; the page must do the right
// thing with either, so these tests hold for both.

// TestWorkshop_ViewLinkAsEditLink opens a view token as an edit link
// (#edit=<view token>). The server refuses the edit token's links call;
// the map opens read-only, with no error, and the address and this
// browser's list of maps call it a view link from then on.
func TestWorkshop_ViewLinkAsEditLink(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(s.URL+"/m/"+m.ID+"#edit="+m.ViewToken),
		waitJS(countJS(`#diagram g.function`, 7)), waitLive())
	assert.Equal(t, "Kun visning", textOf(t, tb, `#mode-badge`))
	var st struct {
		ReadOnly, Note, Tools, Alert bool
		Hash, Share                  string
		Recent                       []map[string]any
	}
	tb.run(t, chromedp.Evaluate(`({ReadOnly: document.body.classList.contains('readonly'),
		Note: !document.querySelector('#readonly-note').hidden, Tools: !!document.querySelector('#add-form').offsetParent,
		Alert: !document.querySelector('#alert').hidden, Hash: location.hash, Share: document.querySelector('#share-view').value,
		Recent: JSON.parse(localStorage.getItem('relationskort.maps') || '[]')})`, &st))
	assert.True(t, st.ReadOnly, "the page is not read-only")
	assert.True(t, st.Note, "the read-only note is hidden")
	assert.False(t, st.Tools, "a view token must not show the editing tools")
	assert.False(t, st.Alert, "opening a view link read-only is no error")
	assert.Equal(t, "#view="+m.ViewToken, st.Hash)
	assert.Equal(t, s.URL+"/m/"+m.ID+"#view="+m.ViewToken, st.Share)
	require.Len(t, st.Recent, 1)
	assert.Equal(t, m.ViewToken, st.Recent[0]["view"])
	assert.NotContains(t, st.Recent[0], "edit", "the view token is remembered as an edit token")
	tb.screenshot(t, "view-link-as-edit-link")
	tb.clean(t)
}

// TestWorkshop_ReadOnlyWrite: a page that believes it may edit (the links
// call, which would have told it, is blocked) writes with a view token. The
// page says, in Danish, that this is a view link, and turns read-only; the
// map is unchanged.
func TestWorkshop_ReadOnlyWrite(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Kun se", "functions": []map[string]any{{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta"}},
		"relations": []map[string]any{{"id": "r1", "a": "a", "b": "b"}}})
	tb := newBrowser(t, 1366, 768)
	tb.run(t, network.Enable(), network.SetBlockedURLs().WithURLPatterns([]*network.BlockPattern{{URLPattern: "*://*:*/api/v1/maps/*/links", Block: true}}),
		chromedp.Navigate(s.URL+"/m/"+m.ID+"#edit="+m.ViewToken), waitJS(countJS(`#diagram g.function`, 2)))
	require.Equal(t, "Redigerer", textOf(t, tb, `#mode-badge`), "the page should believe it may edit")

	tb.run(t, clickAt(`[data-select="r:r1"]`), chromedp.KeyEvent("3"),
		chromedp.WaitVisible(`#alert`, chromedp.ByQuery), waitJS(`document.body.classList.contains('readonly')`))
	assert.Equal(t, "Linket er et visningslink: du kan se kortet, men ikke ændre det. Din ændring er ikke gemt.", textOf(t, tb, `#alert-text`))
	assert.Equal(t, "Kun visning", textOf(t, tb, `#mode-badge`))
	var hash string
	tb.run(t, chromedp.Evaluate(`location.hash`, &hash))
	assert.Equal(t, "#view="+m.ViewToken, hash)
	assert.Nil(t, s.get(t, m.ID, m.EditToken).Relations[0].Rating, "the view token's write must not have been applied")
	tb.screenshot(t, "read-only-write")

	// In English too.
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'en'`))
	assert.Equal(t, "View only", textOf(t, tb, `#mode-badge`))
	tb.clean(t)
}

// TestWorkshop_Deleted: when the map is deleted, the open page's stream
// says so; the page closes the stream (data-live="lost") and says the map
// is gone.
func TestWorkshop_Deleted(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Væk", "functions": []map[string]any{{"id": "a", "name": "Alfa"}}})
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 1)), waitLive())
	require.Equal(t, http.StatusNoContent, s.call(t, "DELETE", "/api/v1/maps/"+m.ID, m.EditToken, nil, nil))
	tb.run(t, chromedp.WaitVisible(`#view-error`, chromedp.ByQuery), waitJS(`document.body.dataset.live === 'lost'`))
	assert.Equal(t, "Linket giver ikke adgang til dette kort, eller kortet findes ikke længere.", textOf(t, tb, `#error-text`))
	tb.clean(t)
}

package browsertest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMessages_DanishErrors (issue 13, item 5): a duplicate name is told
// in Danish (or English), with the field in words and no raw server text.
func TestMessages_DanishErrors(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)), waitLive(),
		chromedp.SendKeys(`#add-name`, "hjemmeplejen\r", chromedp.ByQuery), chromedp.WaitVisible(`#alert`, chromedp.ByQuery))
	msg := textOf(t, tb, `#alert-text`)
	t.Logf("duplicate name: %s", msg)
	assert.Contains(t, msg, "„hjemmeplejen“ er allerede navnet på en anden funktion")
	for _, raw := range []string{"already", "unique", "functions[", "Detaljer", "ignoring"} {
		assert.NotContains(t, msg, raw)
	}
	assert.Equal(t, "hjemmeplejen", value(t, tb, `#add-name`), "the refused name is given back")
	tb.screenshot(t, "error-duplicate-da")

	tb.run(t, chromedp.Click(`#alert-close`, chromedp.ByQuery), chromedp.Click(`#btn-lang`, chromedp.ByQuery),
		waitJS(`document.documentElement.lang === 'en'`), chromedp.Click(`#add-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#alert`, chromedp.ByQuery))
	msg = textOf(t, tb, `#alert-text`)
	assert.Contains(t, msg, "“hjemmeplejen” is already the name of another function")
	assert.NotContains(t, msg, "functions[")
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'da'`))
	tb.mu.Lock()
	tb.errors = nil
	tb.mu.Unlock()
	tb.clean(t)
}

// TestPage_NotFound: an unknown address gets the page's own "Siden findes
// ikke" with status 404, not the API's JSON; a missing file (an address
// with an extension, asked for by a program) gets the JSON 404, as the
// merge of pg17 decided. Cheap: it runs by default.
func TestPage_NotFound(t *testing.T) {
	s := newSite(t)
	res, err := http.Get(s.URL + "/examples/none.json")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, string(body), `"code":"not_found"`, "a missing file")
	for _, path := range []string{"/nope", "/m/abc/extra", "/r/abc/extra"} {
		res, err := http.Get(s.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusNotFound, res.StatusCode, path)
		assert.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "text/html"), "%s: %s", path, res.Header.Get("Content-Type"))
		assert.Contains(t, string(body), "Siden findes ikke", path)
	}
	res, err = http.Get(s.URL + "/api/v1/nothing")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, "application/json", strings.Split(res.Header.Get("Content-Type"), ";")[0], "the API keeps its JSON errors")
	for _, name := range []string{"demens", "boern-unge", "borger-arbejdsmarked", "flyafgang"} {
		res, err := http.Get(s.URL + "/examples/" + name + ".json")
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, "example %s", name)
	}
}

// TestPage_NotFoundInBrowser shows the 404 page in both languages.
func TestPage_NotFoundInBrowser(t *testing.T) {
	slow(t)
	s := newSite(t)
	tb := newBrowser(t, 390, 844)
	tb.run(t, chromedp.Navigate(s.URL+"/kort/forkert"), chromedp.WaitVisible(`#view-notfound`, chromedp.ByQuery))
	assert.Equal(t, "Siden findes ikke", textOf(t, tb, `#view-notfound h1`))
	tb.screenshot(t, "not-found")
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'en'`))
	assert.Equal(t, "This page does not exist", textOf(t, tb, `#view-notfound h1`))
	tb.clean(t)
}

// TestFront_Examples: the front page offers the four example maps beside
// an empty map; one click makes a map from an example.
func TestFront_Examples(t *testing.T) {
	slow(t)
	s := newSite(t)
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(s.URL+"/"), waitJS(countJS(`#example-list button`, 4)))
	assert.Equal(t, "Start fra et eksempel", textOf(t, tb, `#examples-h`))
	assert.Equal(t, "Tomt kort", textOf(t, tb, `#empty-h`))
	tb.screenshot(t, "front-examples")
	tb.run(t, chromedp.Click(`[data-example="boern-unge"]`, chromedp.ByQuery), chromedp.WaitVisible(`#created`, chromedp.ByQuery))
	var editURL string
	tb.run(t, chromedp.Value(`#created-edit`, &editURL, chromedp.ByQuery))
	id := strings.TrimPrefix(strings.SplitN(editURL, "#", 2)[0], s.URL+"/m/")
	edit := strings.SplitN(editURL, "#edit=", 2)[1]
	got := s.get(t, id, edit)
	assert.Equal(t, "Børn og unge i mistrivsel", got.Title)
	assert.Len(t, got.Functions, 10)
	assert.Len(t, got.Relations, 16)
	tb.run(t, chromedp.Click(`#created-open`, chromedp.ByQuery), chromedp.WaitVisible(`#add-name`, chromedp.ByQuery))
	tb.run(t, waitJS(countJS(`#diagram g.function`, 10)), waitLive())
	tb.screenshot(t, "example-opened")
	tb.clean(t)
}

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

// csp is the strict policy the page must work under; the test server sends
// it with every response.
const csp = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'"

// slow skips a test unless RELATIONSKORT_SLOW_TESTS is set: the default
// run is one smoke test (TestWorkshop_Smoke); the whole suite takes minutes.
func slow(t *testing.T) {
	t.Helper()
	if on, _ := strconv.ParseBool(os.Getenv("RELATIONSKORT_SLOW_TESTS")); !on {
		t.Skip("slow browser test: set RELATIONSKORT_SLOW_TESTS=1 to run it")
	}
}

// browserPath finds Chromium or Chrome, or skips the test.
func browserPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium or Chrome found (apt-get install chromium, or set CHROME_PATH): skipping the browser tests")
	return ""
}

type site struct {
	URL string
	st  *store.Store
}

// newSite starts the real server on a fresh SQLite file.
func newSite(t *testing.T) *site {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "browser.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := api.NewServer(st, static.Files, log, api.Config{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &site{URL: srv.URL, st: st}
}

// call does one API request and decodes the JSON answer into out (if not
// nil); it returns the status.
func (s *site) call(t *testing.T, method, path, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		require.NoError(t, json.NewDecoder(res.Body).Decode(out))
	}
	return res.StatusCode
}

type apiMap struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Version   int64  `json:"version"`
	Functions []struct {
		ID     string   `json:"id"`
		Name   string   `json:"name"`
		Group  string   `json:"group"`
		Center bool     `json:"center"`
		X      *float64 `json:"x"`
		Y      *float64 `json:"y"`
	} `json:"functions"`
	Relations []struct {
		ID     string `json:"id"`
		A      string `json:"a"`
		B      string `json:"b"`
		Rating *int   `json:"rating"`
		Note   string `json:"note"`
	} `json:"relations"`
	EditToken string `json:"edit_token"`
	ViewToken string `json:"view_token"`
	EditURL   string `json:"edit_url"`
	ViewURL   string `json:"view_url"`
}

func (s *site) create(t *testing.T, doc any) apiMap {
	t.Helper()
	var m apiMap
	require.Equal(t, http.StatusCreated, s.call(t, "POST", "/api/v1/maps", "", doc, &m))
	return m
}

func (s *site) get(t *testing.T, id, token string) apiMap {
	t.Helper()
	var m apiMap
	require.Equal(t, http.StatusOK, s.call(t, "GET", "/api/v1/maps/"+id, token, nil, &m))
	return m
}

// tab is one browser tab with what it reported: uncaught exceptions and
// CSP violations.
type tab struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

// newBrowser starts a headless Chromium with a fresh profile and returns
// its first tab, sized w×h.
func newBrowser(t *testing.T, w, h int) *tab {
	t.Helper()
	// Without a user-data-dir flag chromedp makes a fresh profile for each
	// browser and removes it once the browser has exited.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browserPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(w, h),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	tb := watch(t, ctx)
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(int64(w), int64(h))))
	// Close the browser gracefully, so that it ends its helper processes
	// before chromedp removes the profile; runs before the cancels above.
	t.Cleanup(func() {
		if err := chromedp.Cancel(ctx); err != nil {
			t.Logf("closing the browser: %v", err)
		}
	})
	return tb
}

// newTab opens another tab in the same browser.
func (tb *tab) newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(tb.ctx)
	t.Cleanup(cancel)
	nt := watch(t, ctx)
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(1920, 1080)))
	return nt
}

func watch(t *testing.T, ctx context.Context) *tab {
	t.Helper()
	tb := &tab{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			tb.mu.Lock()
			tb.errors = append(tb.errors, "exception: "+ev.ExceptionDetails.Error())
			tb.mu.Unlock()
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				tb.mu.Lock()
				tb.errors = append(tb.errors, "console.error")
				tb.mu.Unlock()
			}
		}
	})
	// Record CSP violations from the first script on every page.
	require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := pageAddScript(ctx, `window.__csp = []; document.addEventListener('securitypolicyviolation',
			e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));`)
		return err
	})))
	return tb
}

// run runs actions in the tab with a time limit.
func (tb *tab) run(t *testing.T, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var png []byte
		var state string
		if chromedp.Run(tb.ctx, chromedp.CaptureScreenshot(&png), chromedp.Evaluate(`document.activeElement.outerHTML.slice(0, 200) + ' | alert: ' + document.querySelector('#alert-text').textContent`, &state)) == nil {
			_ = os.MkdirAll(filepath.Join("..", "test-output"), 0o755)
			_ = os.WriteFile(filepath.Join("..", "test-output", "fail-"+strings.ReplaceAll(t.Name(), "/", "-")+".png"), png, 0o644)
		}
		require.NoError(t, err, "page state: %s", state)
	}
}

// clean fails the test if the page threw, logged an error or broke the CSP.
func (tb *tab) clean(t *testing.T) {
	t.Helper()
	var violations []string
	tb.run(t, chromedp.Evaluate(`window.__csp || []`, &violations))
	require.Empty(t, violations, "CSP violations")
	tb.mu.Lock()
	defer tb.mu.Unlock()
	require.Empty(t, tb.errors, "errors in the page")
}

// waitLive waits until the page's live-update stream is open.
func waitLive() chromedp.Action {
	return waitJS(`document.body.dataset.live === 'open'`)
}

// waitVersion waits until the diagram and panels of map version v are on
// the screen.
func waitVersion(v int64) chromedp.Action {
	return waitJS(fmt.Sprintf(`document.querySelector('#diagram').dataset.version === '%d'`, v))
}

// idle waits until the page is not loading the map: a click must not
// land while the diagram and the lists are being replaced, or it falls
// between the old node (pressed) and the new one (released).
func idle() chromedp.Action {
	return waitJS(`!document.querySelector('#diagram').hasAttribute('aria-busy')`)
}

// settled waits until the fonts are loaded and the browser has drawn two
// frames since: what a screenshot shows is what the page last laid out.
func settled() chromedp.Action {
	return chromedp.Evaluate(`document.fonts.ready.then(() => new Promise((done) =>
		requestAnimationFrame(() => requestAnimationFrame(() => done(true)))))`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

// waitJS polls a JavaScript expression until it is true.
func waitJS(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))
}

// tabTo presses Tab until the focused element matches selector: proof that
// it can be reached by keyboard.
func tabTo(t *testing.T, tb *tab, selector string) {
	t.Helper()
	for range 80 {
		var ok bool
		tb.run(t, chromedp.Evaluate(fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, selector), &ok))
		if ok {
			return
		}
		tb.run(t, chromedp.KeyEvent("\t"))
	}
	t.Fatalf("Tab never reached %s", selector)
}

// screenshot saves the viewport as test-output/NAME.png at the repo root.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	var png []byte
	tb.run(t, settled(), chromedp.CaptureScreenshot(&png))
	dir := filepath.Join("..", "test-output")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

func textOf(t *testing.T, tb *tab, selector string) string {
	t.Helper()
	var s string
	tb.run(t, chromedp.Text(selector, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

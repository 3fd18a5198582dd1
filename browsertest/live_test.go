package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

// restartable is a server that can be stopped and started again on the
// same address and database, as when the service is restarted.
type restartable struct {
	site
	addr string
	h    http.Handler
	srv  *http.Server
}

func newRestartable(t *testing.T) *restartable {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "browser.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	h := api.NewServer(st, static.Files, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{})
	r := &restartable{h: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		h.ServeHTTP(w, req)
	})}
	r.st = st
	r.start(t)
	r.URL = "http://" + r.addr
	t.Cleanup(r.stop)
	return r
}

func (r *restartable) start(t *testing.T) {
	t.Helper()
	addr := r.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	r.addr = ln.Addr().String()
	r.srv = &http.Server{Handler: r.h}
	go r.srv.Serve(ln)
}

func (r *restartable) stop() {
	if r.srv != nil {
		r.srv.Close()
		r.srv = nil
	}
}

// TestLive_LostAndBack (issue 13, item 8): when the server goes away, a
// viewer sees that the map is no longer live; when it is back, the page
// reconnects by itself and shows what changed meanwhile.
func TestLive_LostAndBack(t *testing.T) {
	slow(t)
	s := newRestartable(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.function`, 7)), waitLive())
	assert.False(t, visible(t, tb, `#live-status`))

	s.stop()
	tb.run(t, waitJS(`document.body.dataset.live !== 'open'`), chromedp.WaitVisible(`#live-status`, chromedp.ByQuery))
	assert.Contains(t, textOf(t, tb, `#live-status`), "Forbindelsen til serveren er afbrudt")
	tb.screenshot(t, "live-lost")

	s.start(t)
	require.Equal(t, http.StatusCreated, s.call(t, "POST", "/api/v1/maps/"+m.ID+"/functions", m.EditToken, map[string]any{"name": "Efter genstart"}, nil))
	tb.run(t, waitLive(), chromedp.WaitNotVisible(`#live-status`, chromedp.ByQuery), waitJS(countJS(`#diagram g.function`, 8)))
	tb.mu.Lock()
	tb.errors = nil // the browser reports the refused connections
	tb.mu.Unlock()
	tb.clean(t)
}

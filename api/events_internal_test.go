package api

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// TestEvents_FromStore: the hub passes on what the store reports — each
// version once however often it is reported, a deleted map, and after a
// Resync (a PostgreSQL listener that reconnected) the version read again,
// which catches a change the hub never heard of.
func TestEvents_FromStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "events.db"))
	require.NoError(t, err)
	defer st.Close()
	m := &graph.Map{ID: graph.NewMapID(), Title: "Hændelser"}
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	// A server whose hub hears only what the test tells it.
	s := &server{st: st, hub: newHub(200, 100), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := echo.New()
	e.GET("/events/:id", s.handleEvents)
	srv := httptest.NewServer(e)
	defer srv.Close()
	defer s.hub.close()

	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r, _ := http.NewRequestWithContext(cctx, "GET", srv.URL+"/events/"+m.ID, nil)
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	events := make(chan string, 32)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "data:") || strings.HasPrefix(l, "event:") {
				events <- l
			}
		}
		close(events)
	}()
	next := func() string {
		t.Helper()
		select {
		case l := <-events:
			return l
		case <-time.After(2 * time.Second):
			t.Fatal("no event within 2 s")
			return ""
		}
	}
	want := func(lines ...string) {
		t.Helper()
		for _, w := range lines {
			if got := next(); got != w {
				t.Fatalf("event line %q; want %q", got, w)
			}
		}
	}
	want("event: version", `data: {"version":1}`)
	waitSubscribed(t, s.hub, m.ID)

	s.hub.change(store.Change{MapID: m.ID, Version: 1}) // already sent
	_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title += "!"; return nil })
	require.NoError(t, err)
	s.hub.change(store.Change{MapID: m.ID, Version: 2})
	s.hub.change(store.Change{MapID: m.ID, Version: 2}) // reported twice
	want("event: version", `data: {"version":2}`)

	// Two edits the hub does not hear of, then a Resync.
	for range 2 {
		_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title += "!"; return nil })
		require.NoError(t, err)
	}
	s.hub.change(store.Change{Resync: true})
	want("event: version", `data: {"version":4}`)
	s.hub.change(store.Change{MapID: m.ID, Version: 3}) // late and old: not sent

	s.hub.change(store.Change{MapID: m.ID, Snapshot: true})
	want("event: snapshots")
	s.hub.change(store.Change{MapID: m.ID, Deleted: true})
	want("data: {}", "event: deleted")
}

func waitSubscribed(t *testing.T, h *hub, id string) {
	t.Helper()
	for range 200 {
		h.mu.Lock()
		n := len(h.subs[id])
		h.mu.Unlock()
		if n > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the stream did not subscribe")
}

package api

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// hub tells the open pages of a map that it changed. Each subscriber has a
// one-slot channel that always holds the newest version: a slow page skips
// versions but never misses the last one.
type hub struct {
	mu     sync.Mutex
	subs   map[string]map[chan int64]struct{}
	closed bool
	done   chan struct{}
}

func newHub() *hub {
	return &hub{subs: map[string]map[chan int64]struct{}{}, done: make(chan struct{})}
}

// subscribe returns a channel of new versions of map id and a cancel
// function that must be called.
func (h *hub) subscribe(id string) (<-chan int64, func()) {
	ch := make(chan int64, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[id] == nil {
		h.subs[id] = map[chan int64]struct{}{}
	}
	h.subs[id][ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs[id], ch)
		if len(h.subs[id]) == 0 {
			delete(h.subs, id)
		}
	}
}

// publish announces version of map id (0: the map was deleted).
func (h *hub) publish(id string, version int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[id] {
		select {
		case <-ch: // drop the older version not yet sent
		default:
		}
		ch <- version
	}
}

// close ends every stream, for a graceful shutdown.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// heartbeat keeps proxies from closing an idle event stream.
const heartbeat = 25 * time.Second

// handleEvents: GET /api/v1/maps/{id}/events, server-sent events. The first
// event carries the current version; then one event a change:
//
//	event: version
//	data: {"version":7}
//
// and "event: deleted" when the map is deleted.
func (s *server) handleEvents(c echo.Context) error {
	id := c.Param("id")
	ch, cancel := s.hub.subscribe(id)
	defer cancel()
	v, err := s.st.MapVersion(c.Request().Context(), id)
	if err != nil {
		return err
	}
	w := c.Response()
	// An event stream outlives the server's write timeout.
	if err := http.NewResponseController(w.Writer).SetWriteDeadline(time.Time{}); err != nil && err != http.ErrNotSupported {
		return err
	}
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(v int64) error {
		var err error
		if v == 0 {
			_, err = fmt.Fprint(w, "event: deleted\ndata: {}\n\n")
		} else {
			_, err = fmt.Fprintf(w, "event: version\ndata: {\"version\":%d}\n\n", v)
		}
		w.Flush()
		return err
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return nil
	}
	if err := send(v); err != nil {
		return nil
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case v := <-ch:
			if err := send(v); err != nil || v == 0 {
				return nil
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case <-c.Request().Context().Done():
			return nil
		case <-s.hub.done:
			return nil
		}
	}
}

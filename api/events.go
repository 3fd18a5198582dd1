package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// hub tells the open pages of a map that it changed. It hears of changes
// from the store (store.DB.Subscribe): on PostgreSQL those committed by any
// instance on the database, so a page follows edits made through another
// instance. Each subscriber keeps only the newest state (the latest version,
// whether snapshots changed, whether the map was deleted, whether to re-read
// the version) and a one-slot wake-up channel: a slow page skips versions
// but never misses the last one.
//
// It bounds the open streams of one map and of one client address, and
// ends the streams of a map whose tokens were rotated (revoke): their
// tokens no longer open anything.
type hub struct {
	mu        sync.Mutex
	subs      map[string]map[*subscriber]struct{}
	perClient map[string]int
	maxMap    int
	maxClient int
	closed    bool
	done      chan struct{}
}

type subscriber struct {
	wake  chan struct{}
	admin bool // opened with the admin token, which rotation leaves valid

	mu        sync.Mutex
	version   int64 // newest version not yet sent; 0 if none
	snapshots bool  // the list of snapshots changed
	deleted   bool
	revoked   bool            // the token of the stream was rotated away
	recheck   bool            // changes may have been missed: read the version again
	rounds    map[string]bool // rating rounds whose progress changed
}

// state is what happened to a subscriber's map since the last take.
type state struct {
	version                              int64
	snapshots, deleted, revoked, recheck bool
	rounds                               map[string]bool
}

// take returns and clears what happened since the last take.
func (sub *subscriber) take() state {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	st := state{sub.version, sub.snapshots, sub.deleted, sub.revoked, sub.recheck, sub.rounds}
	sub.version, sub.snapshots, sub.recheck, sub.rounds = 0, false, false, nil
	return st
}

func newHub(maxPerMap, maxPerClient int) *hub {
	return &hub{subs: map[string]map[*subscriber]struct{}{}, perClient: map[string]int{},
		maxMap: maxPerMap, maxClient: maxPerClient, done: make(chan struct{})}
}

// errTooManyStreams is the answer to a stream over the hub's limits.
var errTooManyStreams = errors.New("too many event streams")

// subscribe registers a subscriber to map id for client (an address) and
// returns a cancel function that must be called, or errTooManyStreams
// when the map or the client has as many open streams as allowed.
func (h *hub) subscribe(id, client string, admin bool) (*subscriber, func(), error) {
	sub := &subscriber{wake: make(chan struct{}, 1), admin: admin}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs[id]) >= h.maxMap || h.perClient[client] >= h.maxClient {
		return nil, nil, errTooManyStreams
	}
	if h.subs[id] == nil {
		h.subs[id] = map[*subscriber]struct{}{}
	}
	h.subs[id][sub] = struct{}{}
	h.perClient[client]++
	return sub, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs[id], sub)
		if len(h.subs[id]) == 0 {
			delete(h.subs, id)
		}
		if h.perClient[client]--; h.perClient[client] <= 0 {
			delete(h.perClient, client)
		}
	}, nil
}

// notify changes the state of every subscriber of map id and wakes them.
func (h *hub) notify(id string, change func(sub *subscriber)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs[id] {
		sub.mu.Lock()
		change(sub)
		sub.mu.Unlock()
		select {
		case sub.wake <- struct{}{}:
		default: // already awake
		}
	}
}

// publish announces version of map id (0: the map was deleted).
func (h *hub) publish(id string, version int64) {
	h.notify(id, func(sub *subscriber) {
		if version == 0 {
			sub.deleted = true
		} else if version > sub.version {
			sub.version = version
		}
	})
}

// revoke ends the streams of map id that were opened with its edit or view
// token, after the tokens were rotated.
func (h *hub) revoke(id string) {
	h.notify(id, func(sub *subscriber) {
		if !sub.admin {
			sub.revoked = true
		}
	})
}

// publishSnapshots announces that the snapshots of map id changed.
func (h *hub) publishSnapshots(id string) {
	h.notify(id, func(sub *subscriber) { sub.snapshots = true })
}

// publishRound announces that the progress of rating round rid of map id
// changed (someone joined or answered; it started, closed or went).
func (h *hub) publishRound(id, rid string) {
	h.notify(id, func(sub *subscriber) {
		if sub.rounds == nil {
			sub.rounds = map[string]bool{}
		}
		sub.rounds[rid] = true
	})
}

// change passes on a change the store reports.
func (h *hub) change(c store.Change) {
	switch {
	case c.Resync:
		h.recheckAll()
	case c.Deleted:
		h.publish(c.MapID, 0)
	case c.Revoked:
		h.revoke(c.MapID)
	case c.Snapshot:
		h.publishSnapshots(c.MapID)
	case c.Round != "":
		h.publishRound(c.MapID, c.Round)
	case c.Version > 0:
		h.publish(c.MapID, c.Version)
	}
}

// recheckAll has every subscriber read its map's version again, after the
// store may have missed changes (its connection to the database was lost).
func (h *hub) recheckAll() {
	h.mu.Lock()
	ids := make([]string, 0, len(h.subs))
	for id := range h.subs {
		ids = append(ids, id)
	}
	h.mu.Unlock()
	for _, id := range ids {
		h.notify(id, func(sub *subscriber) { sub.recheck = true })
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

// roundEvery is the shortest time between two round events of one stream:
// a room of 200 answering at once makes one event a quarter second, each
// with the counts as they are then.
const roundEvery = 250 * time.Millisecond

// handleEvents: GET /api/v1/maps/{id}/events, server-sent events. The first
// event carries the current version; then one event a change:
//
//	event: version
//	data: {"version":7}
//
// "event: snapshots" when a snapshot was taken, "event: deleted" when the
// map is deleted (the stream ends), and "event: revoked" when the map's
// tokens were rotated (the stream ends; the old token opens nothing).
// "event: round" carries the progress of a rating round — counts of
// participants and answered relations per function (graph.RoundProgress),
// never a rating — when the stream opens during an open round and as
// people join and answer, at most every roundEvery; a deleted round is
// sent with the status "deleted". A HEAD request gets the headers only.
func (s *server) handleEvents(c echo.Context) error {
	id := c.Param("id")
	if c.Request().Method == http.MethodHead {
		if _, err := s.st.MapVersion(c.Request().Context(), id); err != nil {
			return err
		}
		streamHeaders(c)
		return c.NoContent(http.StatusOK)
	}
	// Subscribe before reading the version, so that no change falls
	// between the two.
	sub, cancel, err := s.hub.subscribe(id, c.RealIP(), c.Get(ctxLevel) == levelAdmin)
	if err != nil {
		c.Response().Header().Set("Retry-After", "30")
		return &apiError{http.StatusTooManyRequests, "rate_limited", fmt.Sprintf(
			"too many open event streams for this map (at most %d) or from your address (at most %d); close some and try again",
			s.cfg.StreamsPerMap, s.cfg.StreamsPerClient), nil}
	}
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
	streamHeaders(c)
	w.WriteHeader(http.StatusOK)
	send := func(v int64) error {
		_, err := fmt.Fprintf(w, "event: version\ndata: {\"version\":%d}\n\n", v)
		w.Flush()
		return err
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return nil
	}
	if err := send(v); err != nil {
		return nil
	}
	sent := v // versions are sent once each, in increasing order
	rounds := s.newRoundSender(c, w)
	if err := rounds.start(id); err != nil {
		return nil
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-rounds.due:
			if err := rounds.send(); err != nil {
				return nil
			}
		case <-sub.wake:
			st := sub.take()
			if err := rounds.add(st.rounds); err != nil {
				return nil
			}
			if st.recheck {
				cur, err := s.st.MapVersion(c.Request().Context(), id)
				switch {
				case errors.Is(err, graph.ErrNotFound):
					st.deleted = true
				case err == nil:
					st.version = max(st.version, cur)
				default: // the database is away: the next recheck or change will tell
				}
			}
			if st.deleted || st.revoked {
				event := "deleted"
				if !st.deleted {
					event = "revoked"
				}
				fmt.Fprintf(w, "event: %s\ndata: {}\n\n", event)
				w.Flush()
				return nil
			}
			if st.version > sent {
				if err := send(st.version); err != nil {
					return nil
				}
				sent = st.version
			}
			if st.snapshots {
				if _, err := fmt.Fprint(w, "event: snapshots\ndata: {}\n\n"); err != nil {
					return nil
				}
				w.Flush()
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

// streamHeaders sets the headers of an event stream.
func streamHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("X-Accel-Buffering", "no")
}

// roundSender sends the "round" events of one stream: the progress of the
// rounds whose changes it was told of, at most every roundEvery.
type roundSender struct {
	s       *server
	c       echo.Context
	w       *echo.Response
	pending map[string]bool
	last    time.Time
	due     <-chan time.Time // fires when the pending rounds may be sent
}

func (s *server) newRoundSender(c echo.Context, w *echo.Response) *roundSender {
	return &roundSender{s: s, c: c, w: w, pending: map[string]bool{}}
}

// start sends the progress of the map's open round, if any, so that a page
// that opens the stream during a round shows its counts at once.
func (rs *roundSender) start(mapID string) error {
	list, err := rs.s.st.ListRounds(rs.c.Request().Context(), mapID)
	if err != nil {
		return nil // the map's changes will tell
	}
	for _, r := range list {
		if r.Status == graph.RoundOpen {
			rs.pending[r.ID] = true
		}
	}
	return rs.send()
}

// add queues the rounds of a change, and sends them now or arms due.
func (rs *roundSender) add(rounds map[string]bool) error {
	for rid := range rounds {
		rs.pending[rid] = true
	}
	if len(rs.pending) == 0 || rs.due != nil {
		return nil
	}
	if wait := roundEvery - time.Since(rs.last); wait > 0 {
		rs.due = time.After(wait)
		return nil
	}
	return rs.send()
}

// send writes one round event a pending round.
func (rs *roundSender) send() error {
	rs.due = nil
	if len(rs.pending) == 0 {
		return nil
	}
	ctx := rs.c.Request().Context()
	for rid := range rs.pending {
		pr, err := rs.s.st.RoundProgress(ctx, rid)
		switch {
		case errors.Is(err, graph.ErrNotFound):
			pr = &graph.RoundProgress{RoundID: rid, Status: "deleted", Functions: []graph.FunctionProgress{}}
		case err != nil:
			continue // the database is away: the next change will tell
		}
		data, err := json.Marshal(pr)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(rs.w, "event: round\ndata: %s\n\n", data); err != nil {
			return err
		}
		delete(rs.pending, rid)
	}
	rs.w.Flush()
	rs.last = time.Now()
	return nil
}

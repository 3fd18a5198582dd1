package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/relationskort/relationskort/graph"
)

// Edits (Update) are committed in groups. SQLite has one writer at a time,
// so edits queue for the write connection whatever the store does; what
// the store decides is the order of the queue and how much each edit costs
// while the others wait.
//
// Edits wait in one queue, first come first served (database/sql hands a
// freed connection to a random waiter, which gave the writes of a busy
// workshop a long tail). One goroutine at a time, the committer, takes
// every edit queued (up to maxGroup) and runs them in one transaction, in
// order: each edit is checked against its If-Match version and bumps the
// version, as if alone, and sees the edits before it. Then one COMMIT
// writes the group to the write-ahead log, and only then is each edit
// answered. A group shares the transaction's begin, commit and the log
// pages of the rows it changes, so a queue of n edits is written in far
// less than n times the time of one.
//
// An edit refused (stale version, invalid result, error from fn) changes
// nothing and does not disturb the others. A database error within a group
// (disk full, say) rolls the whole group back; each edit is then tried
// again in a transaction of its own, so that one edit's failure is not
// another's. A failed COMMIT fails every edit of the group: none was
// acknowledged. Durability is that of one edit alone: an edit is answered
// after the COMMIT that holds it.
type writer struct {
	mu      sync.Mutex
	queue   []*edit
	running bool  // a committer goroutine is taking groups
	commits int64 // transactions committed (for tests)
}

// maxGroup bounds the edits in one transaction.
const maxGroup = 64

// edit is one queued Update.
type edit struct {
	ctx       context.Context
	id        string
	ifVersion int64
	fn        func(m *graph.Map) error

	taken   bool          // a committer took it (under writer.mu)
	done    chan struct{} // closed when out, changed and err are set
	out     *graph.Map
	changed bool
	err     error
}

// Update loads map id, lets fn change it in memory, validates the result and
// writes only what changed, bumping the version — all in one transaction. If
// ifVersion is not 0 and differs from the stored version, it returns
// graph.ErrPrecondition and changes nothing. An fn that changes nothing
// leaves the version as it is. Errors from fn are returned as they are (fn
// may be called more than once: see writer); returns graph.ErrNotFound for
// a missing map.
//
// Concurrent edits are committed in groups, each edit answered after the
// commit that holds it (see writer).
func (s *Store) Update(ctx context.Context, id string, ifVersion int64, fn func(m *graph.Map) error) (*graph.Map, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("update map %s: %w", id, err)
	}
	e := &edit{ctx: ctx, id: id, ifVersion: ifVersion, fn: fn, done: make(chan struct{})}
	w := &s.writer
	w.mu.Lock()
	w.queue = append(w.queue, e)
	if !w.running {
		w.running = true
		go s.commitQueued()
	}
	w.mu.Unlock()

	select {
	case <-e.done:
	case <-ctx.Done():
		w.mu.Lock()
		if !e.taken { // still queued: leave without a trace
			for i, q := range w.queue {
				if q == e {
					w.queue = append(w.queue[:i], w.queue[i+1:]...)
					break
				}
			}
			w.mu.Unlock()
			return nil, fmt.Errorf("update map %s: %w", id, ctx.Err())
		}
		w.mu.Unlock()
		<-e.done // being committed: wait for the outcome, it is short
	}
	if e.err != nil {
		return nil, fmt.Errorf("update map %s: %w", id, e.err)
	}
	return e.out, nil
}

// commitQueued is the committer: it commits groups of queued edits until
// the queue is empty.
func (s *Store) commitQueued() {
	w := &s.writer
	for {
		w.mu.Lock()
		n := min(len(w.queue), maxGroup)
		if n == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		group := make([]*edit, n)
		copy(group, w.queue)
		for _, e := range group {
			e.taken = true
		}
		w.queue = append(w.queue[:0], w.queue[n:]...)
		w.mu.Unlock()
		s.commitGroup(group)
	}
}

// errGroup marks a database error inside a group: the group is rolled back
// and its edits are tried one by one.
type errGroup struct{ err error }

func (e errGroup) Error() string { return e.err.Error() }

// commitGroup runs group in one transaction and answers each edit.
func (s *Store) commitGroup(group []*edit) {
	err := s.runGroup(group)
	var ge errGroup
	if errors.As(err, &ge) {
		if len(group) > 1 {
			for _, e := range group {
				s.commitGroup([]*edit{e})
			}
			return
		}
		err = ge.err
	}
	if err != nil {
		for _, e := range group {
			e.out, e.changed, e.err = nil, false, translate(err)
		}
	}
	// Keep the newest state of each map for the next edit and read (see
	// latest.go): that of its last edit in the group.
	last := map[string]*graph.Map{}
	for _, e := range group {
		if e.err == nil {
			last[e.id] = e.out
		}
	}
	for _, m := range last {
		s.latest.Put(m)
	}
	for _, e := range group {
		if e.changed {
			s.changes.Publish(Change{MapID: e.id, Version: e.out.Version})
		}
		close(e.done)
	}
}

// runGroup applies the edits of group in one transaction and commits it.
// It sets each edit's outcome; it returns an error only when the
// transaction failed as a whole (an errGroup for an error within it): the
// outcomes are void then.
func (s *Store) runGroup(group []*edit) error {
	// The transaction is the group's, not one request's: it is not ended
	// by a client that goes away. Each edit's context is checked before it
	// is applied.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := s.wq.in(tx)
	state := map[string]*graph.Map{} // each map as the edits so far left it
	for _, e := range group {
		e.out, e.changed, e.err = nil, false, nil
		if err := e.ctx.Err(); err != nil {
			e.err = err
			continue
		}
		old := state[e.id]
		if old == nil {
			old, err = s.loadCurrent(ctx, q, e.id)
			if errors.Is(err, sql.ErrNoRows) {
				e.err = translate(err)
				continue
			}
			if err != nil {
				return errGroup{err}
			}
			state[e.id] = old
		}
		m, changed, err := s.apply(ctx, q, old, e)
		if errors.As(err, new(errGroup)) {
			return err
		}
		if err != nil {
			e.err = err
			continue
		}
		state[e.id] = m
		e.out, e.changed = m, changed
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.writer.mu.Lock()
	s.writer.commits++
	s.writer.mu.Unlock()
	return nil
}

// apply runs one edit on old, the map as the transaction has it, and
// writes what changed. A database error is returned as an errGroup.
func (s *Store) apply(ctx context.Context, q querier, old *graph.Map, e *edit) (*graph.Map, bool, error) {
	if e.ifVersion != 0 && e.ifVersion != old.Version {
		return nil, false, fmt.Errorf("%w: the map is at version %d, not %d", graph.ErrPrecondition, old.Version, e.ifVersion)
	}
	m := old.Clone()
	if err := e.fn(m); err != nil {
		return nil, false, err
	}
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = old.ID, old.Version, old.CreatedAt, old.UpdatedAt
	m.Normalize()
	if err := m.Validate(); err != nil {
		return nil, false, err
	}
	if reflect.DeepEqual(old, m) {
		return m, false, nil
	}
	if err := writeDiff(ctx, q, e.id, old, m); err != nil {
		return nil, false, errGroup{err}
	}
	now := s.now()
	if !now.After(old.UpdatedAt) {
		now = old.UpdatedAt.Add(time.Millisecond)
	}
	if _, err := q.ExecContext(ctx, qBump, m.Title, m.Task, m.Description, formatTime(now), e.id); err != nil {
		return nil, false, errGroup{err}
	}
	m.Version, m.UpdatedAt = old.Version+1, now
	return m, true, nil
}

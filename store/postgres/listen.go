package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// Every edit sends a notice on the schema's channel with pg_notify in its
// own transaction, so that the notice goes out exactly when the edit
// commits, and never for one that rolled back. Every Store LISTENs on a
// connection of its own (outside the pool) and passes the notices — its own
// edits' included — to its subscribers. PostgreSQL does not keep notices for
// a listener that is not connected: after (re)connecting the listener tells
// the subscribers to re-read what they show (store.Change.Resync).

// listener is the state of a Store's LISTEN connection.
type listener struct {
	cancel context.CancelFunc
	done   chan struct{}
	up     atomic.Bool // LISTEN is in place on a live connection
	pid    atomic.Uint32
}

// notice is the payload of a notification: a store.Change in few bytes.
type notice struct {
	Map      string `json:"m"`
	Version  int64  `json:"v,omitempty"`
	Deleted  bool   `json:"d,omitempty"`
	Snapshot bool   `json:"s,omitempty"`
	Revoked  bool   `json:"r,omitempty"`
	Round    string `json:"o,omitempty"`
}

// channelName is the NOTIFY channel of a database schema: instances of
// separate deployments that share a database in separate schemas do not
// hear each other. PostgreSQL cuts identifiers at 63 bytes.
func channelName(schema string) string {
	name := "relationskort_" + schema
	for len(name) > 63 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// queueNotify adds the notice of c to the batch of an edit's transaction.
func (s *Store) queueNotify(b *pgx.Batch, c store.Change) {
	payload, _ := json.Marshal(notice{Map: c.MapID, Version: c.Version, Deleted: c.Deleted, Snapshot: c.Snapshot, Revoked: c.Revoked, Round: c.Round})
	b.Queue(`SELECT pg_notify($1, $2)`, s.channel, string(payload))
}

// Subscribe calls fn with every change committed to the maps of this
// database schema, by any instance (this one's included), as PostgreSQL
// delivers the notices: usually within milliseconds of the commit. After the
// listening connection was lost and is back, fn gets a Change with Resync
// set. fn is called from the listener's goroutine and must not block.
func (s *Store) Subscribe(fn func(store.Change)) (cancel func()) {
	return s.changes.Subscribe(fn)
}

// listenRetry is the longest wait between attempts to reconnect the
// listener.
const listenRetry = time.Second

// listenCheck is how long the listener waits for a notice before it checks
// that its connection is still alive (a dropped network path reports
// nothing by itself).
const listenCheck = 15 * time.Second

// startListening starts the listener and waits until its LISTEN is in
// place (or ctx ends), so that a Store that Open returned hears every
// change committed after that.
func (s *Store) startListening(ctx context.Context) error {
	lctx, cancel := context.WithCancel(context.Background())
	s.lis.cancel, s.lis.done = cancel, make(chan struct{})
	first := make(chan error, 1)
	go s.listen(lctx, first)
	select {
	case err := <-first:
		if err != nil {
			s.lis.stop()
			return err
		}
		return nil
	case <-ctx.Done():
		s.lis.stop()
		return fmt.Errorf("listen for changes: %w", ctx.Err())
	}
}

func (l *listener) stop() {
	if l.cancel != nil {
		l.cancel()
		<-l.done
	}
}

// listen keeps a LISTEN connection open until ctx ends, reconnecting with a
// growing pause (up to listenRetry) when it breaks. The first attempt's
// outcome goes to first.
func (s *Store) listen(ctx context.Context, first chan<- error) {
	defer close(s.lis.done)
	pause := 50 * time.Millisecond
	for {
		err := s.listenOnce(ctx, func() {
			s.lis.up.Store(true)
			pause = 50 * time.Millisecond
			s.changes.Publish(store.Change{Resync: true})
			if first != nil { // after the Resync: Open's caller hears only later ones
				first <- nil
				first = nil
			}
		})
		s.lis.up.Store(false)
		if ctx.Err() != nil {
			return
		}
		if first != nil {
			first <- fmt.Errorf("listen for changes: %w", translate(err))
			first = nil
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return
		}
		pause = min(2*pause, listenRetry)
	}
}

// listenOnce connects, LISTENs, calls listening, and passes notices on
// until the connection fails or ctx ends.
func (s *Store) listenOnce(ctx context.Context, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.listenConfig)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		return err
	}
	s.lis.pid.Store(conn.PgConn().PID())
	listening()
	for {
		wctx, cancel := context.WithTimeout(ctx, listenCheck)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			// Quiet for a while: make sure the connection is alive.
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
			continue
		}
		var nt notice
		if err := json.Unmarshal([]byte(n.Payload), &nt); err != nil || nt.Map == "" {
			continue // not ours
		}
		s.changes.Publish(store.Change{MapID: nt.Map, Version: nt.Version, Deleted: nt.Deleted, Snapshot: nt.Snapshot, Revoked: nt.Revoked, Round: nt.Round})
	}
}

// listening reports an error wrapping graph.ErrUnavailable when the
// listener is not connected.
func (s *Store) listening() error {
	if !s.lis.up.Load() {
		return fmt.Errorf("%w: not listening for other instances' changes (reconnecting)", graph.ErrUnavailable)
	}
	return nil
}

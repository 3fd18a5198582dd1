// Package store keeps relationship maps. DB is the contract of a storage
// engine; this package is the default engine, SQLite (modernc.org/sqlite,
// pure Go, one file), and store/postgres is the other, for several instances
// on one PostgreSQL database. store/storetest checks both against the same
// tests.
//
// Store applies its embedded schema migrations when opened, runs every write
// in one IMMEDIATE transaction in which the map's version is checked and
// bumped, and translates database errors into graph's error vocabulary.
//
// store knows nothing of HTTP, tokens in clear text or drawing.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store/internal/feed"
	"github.com/relationskort/relationskort/store/internal/latest"
	"github.com/relationskort/relationskort/store/internal/migration"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a relationship-map database. It is safe for concurrent use: reads
// run in parallel on a pool of connections, writes are serialised on one
// connection (SQLite allows one writer at a time; queuing in Go is fairer and
// faster than SQLite's busy polling).
type Store struct {
	read  *sql.DB
	write *sql.DB
	rq    *prepared // the request path's statements on read
	wq    *prepared // and on write
	path  string

	// Now is the clock; tests may replace it. Times are stored in UTC.
	Now func() time.Time

	latest  latest.Cache // recently used maps, see latest.go
	writer  writer       // the queue of edits, see write.go
	changes feed.Feed[Change]
	schema  [2]int        // schema version before and after Open's migrations
	answers answerBatcher // rating rounds' answers, committed in groups (answers.go)
	// participants remembers who a participant token is (participants.go)
	participants participantCache
}

// DSN returns the connection string used for the database file at path: WAL,
// foreign keys, a 5 s busy timeout on every pooled connection, and write
// transactions opened IMMEDIATE so that concurrent writers wait for the lock
// instead of failing with SQLITE_BUSY when they upgrade from read to write.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating it if needed) the database file at path and applies
// any pending migrations. It returns ErrSchemaTooNew for a database from a
// newer version, and a clear error for a file that is not a database.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open database: %q is not a file path", path)
	}
	if strings.Contains(path, "://") {
		return nil, fmt.Errorf("open database: a URL is not an SQLite file path (PostgreSQL URLs start with postgres:// or postgresql://)")
	}
	w, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s := &Store{write: w, path: path, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if s.wq, err = newPrepared(ctx, w, writeQueries...); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		s.wq.close()
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.read = r
	if s.rq, err = newPrepared(ctx, r, readQueries...); err != nil {
		s.wq.close()
		errors.Join(r.Close(), w.Close())
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.rq.close()
	s.wq.close()
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

func (s *Store) migrate(ctx context.Context) error {
	list, err := migration.List(migrations)
	if err != nil {
		return err
	}
	var current int
	if err := s.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return describeOpenError(err)
	}
	s.schema = [2]int{current, current}
	if known := len(list); current > known {
		return fmt.Errorf("%w (the database is at schema version %d, this program knows %d)", ErrSchemaTooNew, current, known)
	}
	for _, m := range list {
		if m.Version <= current {
			continue
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.Version))
			return err
		}); err != nil {
			return err
		}
		s.schema[1] = m.Version
	}
	return nil
}

// SchemaVersions returns the schema version the database had when Open
// found it and the one it has now that Open applied the pending migrations.
func (s *Store) SchemaVersions() (found, now int) { return s.schema[0], s.schema[1] }

func describeOpenError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_NOTADB || se.Code() == sqlite3.SQLITE_CORRUPT) {
		return fmt.Errorf("the file is not a Relationskort database or is corrupt: %w", err)
	}
	return err
}

// inTx runs fn in one write transaction (IMMEDIATE through the DSN).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// inReadTx runs fn in one read-only (deferred) transaction, so that the
// several queries of one read see one consistent state.
func (s *Store) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	return translate(fn(tx))
}

// translate turns SQLite's errors into graph's vocabulary.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", graph.ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CONSTRAINT:
			return fmt.Errorf("%w: %w", graph.ErrConflict, err)
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
		}
	}
	return err
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

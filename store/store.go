// Package store keeps relationship maps in SQLite (modernc.org/sqlite, pure
// Go). It applies its embedded schema migrations when opened, runs every write
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
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/relationskort/relationskort/graph"
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
	path  string

	// Now is the clock; tests may replace it. Times are stored in UTC.
	Now func() time.Time

	latest latest // recently used maps, see latest.go
}

// Access holds the hashes of a map's secrets. Only hashes are stored.
type Access struct {
	EditHash []byte
	ViewHash []byte
}

// ErrSchemaTooNew is returned by Open when the database was written by a
// newer Relationskort than this one.
var ErrSchemaTooNew = errors.New("database schema is newer than this program")

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
	r, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.read = r
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// migration is one embedded schema change; its version is the number its
// file name starts with ("0002_snapshots.sql" is version 2).
type migration struct {
	version int
	name    string
}

// migrationList reads the embedded migrations in order of their numbers. The
// numbers must be 1, 2, 3, … without gaps or repeats: a database records the
// number of the last one applied, so a list that skipped or reordered
// numbers would apply the wrong changes.
func migrationList(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	list := make([]migration, 0, len(names))
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the file name must start with its number, as in 0003_name.sql", base)
		}
		list = append(list, migration{version: v, name: name})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i, m := range list {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (numbers run 1, 2, 3, … without gaps or repeats)", path.Base(m.name), i+1)
		}
	}
	return list, nil
}

func (s *Store) migrate(ctx context.Context) error {
	list, err := migrationList(migrations)
	if err != nil {
		return err
	}
	var current int
	if err := s.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return describeOpenError(err)
	}
	known := len(list)
	if current > known {
		return fmt.Errorf("%w: it is at schema version %d, this program knows %d", ErrSchemaTooNew, current, known)
	}
	for _, m := range list {
		if m.version <= current {
			continue
		}
		body, err := fs.ReadFile(migrations, m.name)
		if err != nil {
			return err
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version))
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

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

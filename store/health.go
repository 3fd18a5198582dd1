package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/relationskort/relationskort/graph"
)

// Ping checks that the database answers a query; /healthz uses it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.QueryRowContext(ctx, `SELECT 1 FROM sqlite_schema LIMIT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", translate(err))
	}
	return nil
}

// MinFreeSpace is the free space on the database's file system below which
// Ready reports the database as not taking writes: SQLite writes a change
// to the write-ahead log first, and a full disk fails the commit.
const MinFreeSpace = 4 << 20

// Ready reports whether the database takes writes; /readyz uses it. It
// checks the free space on the database's file system (on systems that tell)
// and runs a write probe: a write transaction that takes the write lock,
// creates a table (which needs a new page in the file, so a database at its
// size limit or on a read-only file fails) and is rolled back. Returns an
// error wrapping graph.ErrUnavailable.
func (s *Store) Ready(ctx context.Context) error {
	if free, ok := freeSpace(filepath.Dir(s.path)); ok && free < MinFreeSpace {
		return fmt.Errorf("%w: only %d KiB free on the disk of %s", graph.ErrUnavailable, free>>10, s.path)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write probe: %w", unavailable(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE readiness_probe (x INTEGER)`); err != nil {
		return fmt.Errorf("write probe: %w", unavailable(err))
	}
	return nil
}

// unavailable translates err and makes sure it reads as
// graph.ErrUnavailable: for readiness, any failure means "not ready".
func unavailable(err error) error {
	err = translate(err)
	if !errors.Is(err, graph.ErrUnavailable) {
		err = fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
	}
	return err
}

// Subscribe calls fn after every change committed through s (SQLite: the
// Store is the only writer the service runs; several processes on one file
// do not hear each other — run PostgreSQL for several instances).
func (s *Store) Subscribe(fn func(Change)) (cancel func()) {
	return s.changes.Subscribe(fn)
}

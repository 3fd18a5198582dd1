package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/relationskort/relationskort/graph"
)

// Ping checks that the database answers a query; /healthz uses it.
func (s *Store) Ping(ctx context.Context) error {
	err := s.query(ctx, func() error {
		var one int
		return s.pool.QueryRow(ctx, `SELECT 1`).Scan(&one)
	})
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Ready reports whether the database takes writes and this Store hears the
// other instances' changes; /readyz uses it. It starts a transaction as an
// edit does, checks that it is not read-only (a standby in recovery, a
// server or role set to read-only) and has a transaction id assigned, then
// rolls back. Returns an error wrapping graph.ErrUnavailable.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.listening(); err != nil {
		return err
	}
	err := s.attempt(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		var readOnly, recovery bool
		if err := tx.QueryRow(ctx, `SELECT current_setting('transaction_read_only') = 'on', pg_is_in_recovery()`).
			Scan(&readOnly, &recovery); err != nil {
			return err
		}
		if readOnly || recovery {
			return errors.New("the database takes no writes (read-only or in recovery)")
		}
		var xid int64
		if err := tx.QueryRow(ctx, `SELECT txid_current()`).Scan(&xid); err != nil {
			return err
		}
		return errProbeDone // roll back
	})
	if errors.Is(err, errProbeDone) {
		return nil
	}
	if err == nil {
		err = errors.New("the write probe committed")
	}
	if !errors.Is(err, graph.ErrUnavailable) {
		err = fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
	}
	return fmt.Errorf("write probe: %w", err)
}

var errProbeDone = errors.New("probe done")

package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the database to dest while the service
// keeps running (SQLite's VACUUM INTO reads one snapshot; writers are not
// blocked for long). dest must not exist yet. The copy is a complete,
// compacted database: restore it by stopping the service and putting it in
// place of the database file (removing any -wal and -shm files beside it).
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup to %s: %w", dest, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, translate(err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, translate(err))
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless
// SQLite answers "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", translate(err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", translate(err))
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %d problems, first: %s", len(problems), problems[0])
	}
	return nil
}

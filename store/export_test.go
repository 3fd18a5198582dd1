package store

import (
	"context"
	"strconv"
)

// SetUserVersionForTest sets the schema version, to simulate a database
// written by a newer program.
func (s *Store) SetUserVersionForTest(ctx context.Context, v int) error {
	_, err := s.write.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
	return err
}

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

// SetMaxPageCountForTest caps the database size, so that the next growing
// write fails with SQLITE_FULL as on a full disk.
func (s *Store) SetMaxPageCountForTest(ctx context.Context, pages int) error {
	_, err := s.write.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages))
	return err
}

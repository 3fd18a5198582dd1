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

// PageCountForTest returns the number of pages of the database file.
func (s *Store) PageCountForTest(ctx context.Context) (int, error) {
	var n int
	err := s.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&n)
	return n, err
}

// QueuedForTest returns the number of edits waiting for the committer.
func (s *Store) QueuedForTest() int {
	s.writer.mu.Lock()
	defer s.writer.mu.Unlock()
	return len(s.writer.queue)
}

// CommitsForTest returns the number of transactions the committer has
// committed.
func (s *Store) CommitsForTest() int64 {
	s.writer.mu.Lock()
	defer s.writer.mu.Unlock()
	return s.writer.commits
}

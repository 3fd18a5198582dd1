package store

import (
	"context"

	"github.com/relationskort/relationskort/graph"
)

// loadCurrent returns map id as stored, from s.latest when the stored
// version and creation time, read in tx, say the copy is current (see
// store/internal/latest), else from the tables.
func (s *Store) loadCurrent(ctx context.Context, tx querier, id string) (*graph.Map, error) {
	var version int64
	var created string
	if err := tx.QueryRowContext(ctx, qCurrent, id).Scan(&version, &created); err != nil {
		return nil, err
	}
	if t, err := parseTime(created); err == nil {
		if m := s.latest.Get(id, version, t); m != nil {
			return m, nil
		}
	}
	m, err := loadMap(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	s.latest.Put(m)
	return m, nil
}

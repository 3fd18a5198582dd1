package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/relationskort/relationskort/graph"
)

// Placement returns the layout remembered for map mapID under key, or nil
// when none is. It does not check that the map exists.
func (s *Store) Placement(ctx context.Context, mapID, key string) (*graph.Placement, error) {
	var p graph.Placement
	var points []byte
	err := s.query(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT version, scale, points, saved_at FROM placements WHERE map_id = $1 AND key = $2`,
			mapID, key).Scan(&p.Version, &p.Scale, &points, &p.SavedAt)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err == nil {
		err = json.Unmarshal(points, &p.Points)
	}
	if err != nil {
		return nil, fmt.Errorf("placement of map %s (%s): %w", mapID, key, err)
	}
	p.SavedAt = p.SavedAt.UTC()
	return &p, nil
}

// SavePlacement remembers p for map mapID under key, unless a placement of
// a newer version is remembered (a slow drawing of an older version, on
// this instance or another, does not replace it). Returns
// graph.ErrNotFound when the map does not exist.
func (s *Store) SavePlacement(ctx context.Context, mapID, key string, p graph.Placement) error {
	if err := p.Check(key); err != nil {
		return err
	}
	points, err := json.Marshal(p.Points)
	if err != nil {
		return fmt.Errorf("save placement of map %s: %w", mapID, err)
	}
	err = s.query(ctx, func() error {
		_, err := s.pool.Exec(ctx, `INSERT INTO placements (map_id, key, version, scale, points, saved_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (map_id, key) DO UPDATE SET version = excluded.version, scale = excluded.scale,
			points = excluded.points, saved_at = excluded.saved_at
		WHERE excluded.version >= placements.version`, mapID, key, p.Version, p.Scale, points, s.now())
		return err
	})
	if errors.Is(err, graph.ErrConflict) { // the map is gone
		err = fmt.Errorf("%w: map %s", graph.ErrNotFound, mapID)
	}
	if err != nil {
		return fmt.Errorf("save placement of map %s: %w", mapID, err)
	}
	return nil
}

// ResetLayout starts map id's layout afresh: it releases every pinned
// function, forgets the remembered placements and bumps the version (even
// when nothing was pinned), in one transaction.
func (s *Store) ResetLayout(ctx context.Context, id string, ifVersion int64) (*graph.Map, error) {
	return s.update(ctx, id, ifVersion, graph.Unpin, func(b *pgx.Batch) {
		b.Queue(`DELETE FROM placements WHERE map_id = $1`, id)
	})
}

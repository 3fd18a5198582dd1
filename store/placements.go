package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/relationskort/relationskort/graph"
)

const (
	qPlacement = `SELECT version, scale, points, saved_at FROM placements WHERE map_id = ? AND key = ?`
	// qSavePlacement keeps the placement of the newest version drawn: a
	// slow drawing of an older version does not replace it.
	qSavePlacement = `INSERT INTO placements (map_id, key, version, scale, points, saved_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (map_id, key) DO UPDATE SET version = excluded.version, scale = excluded.scale,
			points = excluded.points, saved_at = excluded.saved_at
		WHERE excluded.version >= placements.version`
	qForgetPlacements = `DELETE FROM placements WHERE map_id = ?`
)

// Placement returns the layout remembered for map mapID under key, or nil
// when none is. It does not check that the map exists.
func (s *Store) Placement(ctx context.Context, mapID, key string) (*graph.Placement, error) {
	var p graph.Placement
	var points, saved string
	err := s.rq.QueryRowContext(ctx, qPlacement, mapID, key).Scan(&p.Version, &p.Scale, &points, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err == nil {
		err = json.Unmarshal([]byte(points), &p.Points)
	}
	if err == nil {
		p.SavedAt, err = parseTime(saved)
	}
	if err != nil {
		return nil, fmt.Errorf("placement of map %s (%s): %w", mapID, key, translate(err))
	}
	return &p, nil
}

// SavePlacement remembers p for map mapID under key, unless a placement of
// a newer version is remembered. Returns graph.ErrNotFound when the map
// does not exist (or was deleted meanwhile), a *graph.ValidationError for
// a bad key or placement.
func (s *Store) SavePlacement(ctx context.Context, mapID, key string, p graph.Placement) error {
	if err := p.Check(key); err != nil {
		return err
	}
	points, err := json.Marshal(p.Points)
	if err != nil {
		return fmt.Errorf("save placement of map %s: %w", mapID, err)
	}
	_, err = s.write.ExecContext(ctx, qSavePlacement, mapID, key, p.Version, p.Scale, string(points), formatTime(s.now()))
	if err = translate(err); errors.Is(err, graph.ErrConflict) { // the map is gone
		err = fmt.Errorf("%w: map %s", graph.ErrNotFound, mapID)
	}
	if err != nil {
		return fmt.Errorf("save placement of map %s: %w", mapID, err)
	}
	return nil
}

// ResetLayout starts map id's layout afresh: it releases every pinned
// function, forgets the remembered placements and bumps the version (even
// when nothing was pinned, since the drawing changes), in one transaction.
// Returns graph.ErrNotFound, or graph.ErrPrecondition when ifVersion is not
// 0 and stale.
func (s *Store) ResetLayout(ctx context.Context, id string, ifVersion int64) (*graph.Map, error) {
	forget := func(ctx context.Context, q querier) error {
		_, err := q.ExecContext(ctx, qForgetPlacements, id)
		return err
	}
	return s.update(ctx, id, ifVersion, graph.Unpin, forget)
}

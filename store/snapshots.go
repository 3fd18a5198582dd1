package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/relationskort/relationskort/graph"
)

// CreateSnapshot freezes map mapID as it is now under label. Returns
// graph.ErrNotFound, or a *graph.ValidationError for a bad label.
func (s *Store) CreateSnapshot(ctx context.Context, mapID, label string) (*graph.Snapshot, error) {
	label, err := graph.SnapshotLabel(label)
	if err != nil {
		return nil, err
	}
	var snap *graph.Snapshot
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := loadMap(ctx, tx, mapID)
		if err != nil {
			return err
		}
		snap, err = insertSnapshot(ctx, tx, m, label, s.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create snapshot of map %s: %w", mapID, err)
	}
	s.changes.Publish(Change{MapID: mapID, Snapshot: true})
	return snap, nil
}

// ListSnapshots lists the snapshots of a map in the order they were taken
// (ids are s1, s2, … in that order), without their
// documents. Returns graph.ErrNotFound when the map does not exist.
func (s *Store) ListSnapshots(ctx context.Context, mapID string) ([]graph.Snapshot, error) {
	list := []graph.Snapshot{}
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM maps WHERE id = ?`, mapID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, label, version, created_at FROM snapshots
			WHERE map_id = ? ORDER BY CAST(substr(id, 2) AS INTEGER), id`, mapID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sn := graph.Snapshot{MapID: mapID}
			var created string
			if err := rows.Scan(&sn.ID, &sn.Label, &sn.Version, &created); err != nil {
				return err
			}
			if sn.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			list = append(list, sn)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list snapshots of map %s: %w", mapID, err)
	}
	return list, nil
}

// GetSnapshot returns one snapshot with the map as it was. Returns
// graph.ErrNotFound.
func (s *Store) GetSnapshot(ctx context.Context, mapID, id string) (*graph.Snapshot, error) {
	sn := &graph.Snapshot{MapID: mapID, ID: id}
	var created, doc string
	err := s.read.QueryRowContext(ctx, `SELECT label, version, document, created_at FROM snapshots
		WHERE map_id = ? AND id = ?`, mapID, id).Scan(&sn.Label, &sn.Version, &doc, &created)
	if err != nil {
		return nil, fmt.Errorf("load snapshot %s of map %s: %w", id, mapID, translate(err))
	}
	if sn.CreatedAt, err = parseTime(created); err != nil {
		return nil, fmt.Errorf("load snapshot %s of map %s: %w", id, mapID, err)
	}
	sn.Map = &graph.Map{}
	if err := json.Unmarshal([]byte(doc), sn.Map); err != nil {
		return nil, fmt.Errorf("load snapshot %s of map %s: %w", id, mapID, err)
	}
	return sn, nil
}

// insertSnapshot stores m (a state of its map, m.ID) as a new snapshot
// under label, with the next free id s1, s2, …, and returns it. CreateSnapshot
// and CloseRound share it.
func insertSnapshot(ctx context.Context, tx *sql.Tx, m *graph.Map, label string, now time.Time) (*graph.Snapshot, error) {
	doc, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM snapshots WHERE map_id = ?`, m.ID).Scan(&n); err != nil {
		return nil, err
	}
	id := fmt.Sprintf("s%d", n+1)
	for {
		var exists int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM snapshots WHERE map_id = ? AND id = ?`, m.ID, id).Scan(&exists)
		if err == sql.ErrNoRows {
			break
		}
		if err != nil {
			return nil, err
		}
		n++
		id = fmt.Sprintf("s%d", n+1)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO snapshots (map_id, id, label, version, document, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.ID, id, label, m.Version, string(doc), formatTime(now)); err != nil {
		return nil, err
	}
	return &graph.Snapshot{ID: id, MapID: m.ID, Label: label, Version: m.Version, CreatedAt: now, Map: m}, nil
}

package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// CreateSnapshot freezes map mapID as it is now under label. It holds the
// map's row lock, so that snapshots taken at the same time on several
// instances get ids one after the other. Returns graph.ErrNotFound, or a
// *graph.ValidationError for a bad label.
func (s *Store) CreateSnapshot(ctx context.Context, mapID, label string) (*graph.Snapshot, error) {
	label, err := graph.SnapshotLabel(label)
	if err != nil {
		return nil, err
	}
	var snap *graph.Snapshot
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		m, err := s.loadCurrent(ctx, tx, mapID, true)
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		if snap, err = s.queueSnapshot(ctx, tx, b, m, label, s.now()); err != nil {
			return err
		}
		s.queueNotify(b, store.Change{MapID: mapID, Snapshot: true})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return nil, fmt.Errorf("create snapshot of map %s: %w", mapID, err)
	}
	return snap, nil
}

// ListSnapshots lists the snapshots of a map in the order they were taken
// (ids are s1, s2, … in that order), without their documents. Returns
// graph.ErrNotFound when the map does not exist.
func (s *Store) ListSnapshots(ctx context.Context, mapID string) ([]graph.Snapshot, error) {
	var list []graph.Snapshot
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		list = []graph.Snapshot{}
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM maps WHERE id = $1`, mapID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, label, version, created_at FROM snapshots
			WHERE map_id = $1 ORDER BY length(id), id`, mapID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sn := graph.Snapshot{MapID: mapID}
			if err := rows.Scan(&sn.ID, &sn.Label, &sn.Version, &sn.CreatedAt); err != nil {
				return err
			}
			sn.CreatedAt = sn.CreatedAt.UTC()
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
	var doc []byte
	var created time.Time
	err := s.query(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT label, version, document, created_at FROM snapshots
			WHERE map_id = $1 AND id = $2`, mapID, id).Scan(&sn.Label, &sn.Version, &doc, &created)
	})
	if err != nil {
		return nil, fmt.Errorf("load snapshot %s of map %s: %w", id, mapID, err)
	}
	sn.CreatedAt = created.UTC()
	sn.Map = &graph.Map{}
	if err := json.Unmarshal(doc, sn.Map); err != nil {
		return nil, fmt.Errorf("load snapshot %s of map %s: %w", id, mapID, err)
	}
	return sn, nil
}

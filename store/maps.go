package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"github.com/relationskort/relationskort/graph"
)

// The statements of the request path, prepared when the store opens (see
// prepared.go): a cached picture asks for qAccess and qVersion, an edit
// runs qCurrent, the changed rows of writeDiff and qBump.
const (
	qVersion = `SELECT version FROM maps WHERE id = ?`
	qAccess  = `SELECT edit_token_hash, view_token_hash, version FROM maps WHERE id = ?`
	qCurrent = `SELECT version, created_at FROM maps WHERE id = ?`
	qMap     = `SELECT title, task, description, version, created_at, updated_at
		FROM maps WHERE id = ?`
	qFunctions = `SELECT id, name, grp, center, x, y, note
		FROM functions WHERE map_id = ? ORDER BY pos, id`
	qRelations = `SELECT id, a, b, rating, note
		FROM relations WHERE map_id = ? ORDER BY pos, id`
	qBump = `UPDATE maps SET title = ?, task = ?, description = ?,
		version = version + 1, updated_at = ? WHERE id = ?`
	qDeleteRelation = `DELETE FROM relations WHERE map_id = ? AND id = ?`
	qDeleteFunction = `DELETE FROM functions WHERE map_id = ? AND id = ?`
	qUpdateFunction = `UPDATE functions SET pos = ?, name = ?, grp = ?, center = ?, x = ?, y = ?, note = ?
		WHERE map_id = ? AND id = ?`
	qInsertFunction = `INSERT INTO functions (map_id, id, pos, name, grp, center, x, y, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qUpdateRelation = `UPDATE relations SET pos = ?, a = ?, b = ?, rating = ?, note = ?
		WHERE map_id = ? AND id = ?`
	// qRateRelation changes what a rating changes: no index holds rating
	// or note, so SQLite neither rewrites the indexes of a and b nor checks
	// their foreign keys, as it does when a statement sets them.
	qRateRelation   = `UPDATE relations SET rating = ?, note = ? WHERE map_id = ? AND id = ?`
	qInsertRelation = `INSERT INTO relations (map_id, id, pos, a, b, rating, note)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// readQueries and writeQueries are prepared on the read and the write pool:
// those of maps' reads and edits, and those of a rating round's answers
// (rounds.go, answers.go).
var (
	readQueries  = []string{qVersion, qAccess, qCurrent, qMap, qFunctions, qRelations, qPlacement, participantQuery}
	writeQueries = []string{qCurrent, qMap, qFunctions, qRelations, qBump, qDeleteRelation, qDeleteFunction,
		qUpdateFunction, qInsertFunction, qUpdateRelation, qRateRelation, qInsertRelation,
		qAnswerRound, qAnswerRelation, qAnswerDelete, qAnswerInsert}
)

// CreateMap stores m as a new map with the given access hashes. m must be
// prepared (ids assigned, validated) and have an ID; CreateMap sets its
// version to 1 and its timestamps. Returns graph.ErrConflict if the id is
// taken.
func (s *Store) CreateMap(ctx context.Context, m *graph.Map, acc Access) error {
	if m.ID == "" {
		return fmt.Errorf("create map: %w", graph.Invalid("id", "is required"))
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO maps
			(id, title, task, description, version, edit_token_hash, view_token_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			m.ID, m.Title, m.Task, m.Description, acc.EditHash, acc.ViewHash, formatTime(now), formatTime(now)); err != nil {
			return err
		}
		return writeDiff(ctx, s.wq.in(tx), m.ID, &graph.Map{}, m)
	})
	if err != nil {
		return fmt.Errorf("create map %s: %w", m.ID, err)
	}
	m.Version, m.CreatedAt, m.UpdatedAt = 1, now, now
	s.latest.Put(m)
	return nil
}

// GetMap loads the map with the given id. Returns graph.ErrNotFound.
func (s *Store) GetMap(ctx context.Context, id string) (*graph.Map, error) {
	var m *graph.Map
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = s.loadCurrent(ctx, s.rq.in(tx), id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load map %s: %w", id, err)
	}
	return m, nil
}

// MapVersion returns the current version of a map, cheaply. Returns
// graph.ErrNotFound.
func (s *Store) MapVersion(ctx context.Context, id string) (int64, error) {
	var v int64
	err := s.rq.QueryRowContext(ctx, qVersion, id).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("map version %s: %w", id, translate(err))
	}
	return v, nil
}

// Access returns the token hashes of a map and its version. Returns
// graph.ErrNotFound.
func (s *Store) Access(ctx context.Context, id string) (Access, error) {
	var a Access
	err := s.rq.QueryRowContext(ctx, qAccess, id).Scan(&a.EditHash, &a.ViewHash, &a.Version)
	if err != nil {
		return Access{}, fmt.Errorf("map access %s: %w", id, translate(err))
	}
	return a, nil
}

// SetAccess replaces the token hashes of a map (token rotation). Returns
// graph.ErrNotFound.
func (s *Store) SetAccess(ctx context.Context, id string, acc Access) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE maps SET edit_token_hash = ?, view_token_hash = ? WHERE id = ?`,
			acc.EditHash, acc.ViewHash, id)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
	if err != nil {
		return fmt.Errorf("set access %s: %w", id, err)
	}
	s.changes.Publish(Change{MapID: id, Revoked: true})
	return nil
}

// DeleteMap deletes a map with its functions, relations and snapshots.
// Returns graph.ErrNotFound, or graph.ErrPrecondition when ifVersion is not 0
// and stale.
func (s *Store) DeleteMap(ctx context.Context, id string, ifVersion int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var v int64
		if err := tx.QueryRowContext(ctx, `SELECT version FROM maps WHERE id = ?`, id).Scan(&v); err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != v {
			return fmt.Errorf("%w: the map is at version %d, not %d", graph.ErrPrecondition, v, ifVersion)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM maps WHERE id = ?`, id)
		return err
	})
	s.participants.void() // its rounds went with it
	if err != nil {
		return fmt.Errorf("delete map %s: %w", id, err)
	}
	s.latest.Drop(id)
	s.changes.Publish(Change{MapID: id, Deleted: true})
	return nil
}

// ListMaps lists every map, most recently changed first.
func (s *Store) ListMaps(ctx context.Context) ([]graph.MapSummary, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, title, task, version, created_at, updated_at,
		(SELECT count(*) FROM functions f WHERE f.map_id = m.id),
		(SELECT count(*) FROM relations r WHERE r.map_id = m.id)
		FROM maps m ORDER BY updated_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("list maps: %w", translate(err))
	}
	defer rows.Close()
	list := []graph.MapSummary{}
	for rows.Next() {
		var ms graph.MapSummary
		var created, updated string
		if err := rows.Scan(&ms.ID, &ms.Title, &ms.Task, &ms.Version, &created, &updated, &ms.Functions, &ms.Relations); err != nil {
			return nil, fmt.Errorf("list maps: %w", err)
		}
		if ms.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("list maps: %w", err)
		}
		if ms.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, fmt.Errorf("list maps: %w", err)
		}
		list = append(list, ms)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list maps: %w", translate(err))
	}
	return list, nil
}

func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

func loadMap(ctx context.Context, tx querier, id string) (*graph.Map, error) {
	m := &graph.Map{ID: id}
	var created, updated string
	err := tx.QueryRowContext(ctx, qMap, id).Scan(&m.Title, &m.Task, &m.Description, &m.Version, &created, &updated)
	if err != nil {
		return nil, err
	}
	if m.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if m.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, qFunctions, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f graph.Function
		var x, y sql.NullFloat64
		if err := rows.Scan(&f.ID, &f.Name, &f.Group, &f.Center, &x, &y, &f.Note); err != nil {
			return nil, err
		}
		if x.Valid && y.Valid {
			f.X, f.Y = &x.Float64, &y.Float64
		}
		m.Functions = append(m.Functions, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rrows, err := tx.QueryContext(ctx, qRelations, id)
	if err != nil {
		return nil, err
	}
	defer rrows.Close()
	for rrows.Next() {
		var r graph.Relation
		var rating sql.NullInt64
		if err := rrows.Scan(&r.ID, &r.A, &r.B, &rating, &r.Note); err != nil {
			return nil, err
		}
		if rating.Valid {
			r.Rating = graph.Rating(rating.Int64)
		}
		m.Relations = append(m.Relations, r)
	}
	return m, rrows.Err()
}

// writeDiff writes the difference between old and m (the same map) to the
// database: removed relations and functions are deleted, changed ones
// updated, new ones inserted, in an order that keeps the foreign keys true.
func writeDiff(ctx context.Context, tx querier, mapID string, old, m *graph.Map) error {
	oldF := make(map[string]int, len(old.Functions))
	for i, f := range old.Functions {
		oldF[f.ID] = i
	}
	oldR := make(map[string]int, len(old.Relations))
	for i, r := range old.Relations {
		oldR[r.ID] = i
	}
	newF := make(map[string]bool, len(m.Functions))
	for _, f := range m.Functions {
		newF[f.ID] = true
	}
	newR := make(map[string]bool, len(m.Relations))
	for _, r := range m.Relations {
		newR[r.ID] = true
	}
	for _, r := range old.Relations {
		if !newR[r.ID] {
			if _, err := tx.ExecContext(ctx, qDeleteRelation, mapID, r.ID); err != nil {
				return err
			}
		}
	}
	for _, f := range old.Functions {
		if !newF[f.ID] {
			if _, err := tx.ExecContext(ctx, qDeleteFunction, mapID, f.ID); err != nil {
				return err
			}
		}
	}
	for pos, f := range m.Functions {
		i, existed := oldF[f.ID]
		if existed && i == pos && reflect.DeepEqual(old.Functions[i], f) {
			continue
		}
		var x, y sql.NullFloat64
		if f.Pinned() {
			x, y = sql.NullFloat64{Float64: *f.X, Valid: true}, sql.NullFloat64{Float64: *f.Y, Valid: true}
		}
		var err error
		if existed {
			_, err = tx.ExecContext(ctx, qUpdateFunction, pos, f.Name, f.Group, f.Center, x, y, f.Note, mapID, f.ID)
		} else {
			_, err = tx.ExecContext(ctx, qInsertFunction, mapID, f.ID, pos, f.Name, f.Group, f.Center, x, y, f.Note)
		}
		if err != nil {
			return err
		}
	}
	for pos, r := range m.Relations {
		i, existed := oldR[r.ID]
		if existed && i == pos && old.Relations[i] == r {
			continue
		}
		var rating sql.NullInt64
		if r.Rating.Rated() {
			rating = sql.NullInt64{Int64: int64(r.Rating), Valid: true}
		}
		var err error
		if existed && i == pos && old.Relations[i].A == r.A && old.Relations[i].B == r.B {
			_, err = tx.ExecContext(ctx, qRateRelation, rating, r.Note, mapID, r.ID)
		} else if existed {
			_, err = tx.ExecContext(ctx, qUpdateRelation, pos, r.A, r.B, rating, r.Note, mapID, r.ID)
		} else {
			_, err = tx.ExecContext(ctx, qInsertRelation, mapID, r.ID, pos, r.A, r.B, rating, r.Note)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// CreateMap stores m as a new map with the given access hashes. m must be
// prepared (ids assigned, validated) and have an ID; CreateMap sets its
// version to 1 and its timestamps. Returns graph.ErrConflict if the id is
// taken.
func (s *Store) CreateMap(ctx context.Context, m *graph.Map, acc store.Access) error {
	if m.ID == "" {
		return fmt.Errorf("create map: %w", graph.Invalid("id", "is required"))
	}
	now := s.now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO maps
			(id, title, task, description, version, edit_token_hash, view_token_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $7)`,
			m.ID, m.Title, m.Task, m.Description, acc.EditHash, acc.ViewHash, now)
		queueDiff(b, m.ID, &graph.Map{}, m)
		return tx.SendBatch(ctx, b).Close()
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
	// The common case in one query: the map is at the version this Store
	// last saw.
	var version int64
	var created time.Time
	err := s.query(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT version, created_at FROM maps WHERE id = $1`, id).Scan(&version, &created)
	})
	if err != nil {
		return nil, fmt.Errorf("load map %s: %w", id, err)
	}
	if m := s.latest.Get(id, version, created.UTC()); m != nil {
		return m, nil
	}
	var m *graph.Map
	err = s.inReadTx(ctx, func(tx pgx.Tx) error {
		var err error
		m, err = s.loadCurrent(ctx, tx, id, false)
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
	err := s.query(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT version FROM maps WHERE id = $1`, id).Scan(&v)
	})
	if err != nil {
		return 0, fmt.Errorf("map version %s: %w", id, err)
	}
	return v, nil
}

// Access returns the token hashes of a map and its version. Returns
// graph.ErrNotFound.
func (s *Store) Access(ctx context.Context, id string) (store.Access, error) {
	var a store.Access
	err := s.query(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT edit_token_hash, view_token_hash, version FROM maps WHERE id = $1`, id).
			Scan(&a.EditHash, &a.ViewHash, &a.Version)
	})
	if err != nil {
		return store.Access{}, fmt.Errorf("map access %s: %w", id, err)
	}
	return a, nil
}

// SetAccess replaces the token hashes of a map (token rotation); every
// instance reads them from the database, so the old tokens stop working
// everywhere at once. Returns graph.ErrNotFound.
func (s *Store) SetAccess(ctx context.Context, id string, acc store.Access) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		ct, err := tx.Exec(ctx, `UPDATE maps SET edit_token_hash = $1, view_token_hash = $2 WHERE id = $3`,
			acc.EditHash, acc.ViewHash, id)
		if err != nil {
			return err
		}
		if ct.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		b := &pgx.Batch{}
		s.queueNotify(b, store.Change{MapID: id, Revoked: true})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("set access %s: %w", id, err)
	}
	return nil
}

// errVersionMoved: the map's version was not the one read at the start of
// the edit. The row lock (or SERIALIZABLE) rules it out; this is the guard.
var errVersionMoved = errors.New("the map's version changed during the edit")

// Update loads map id, lets fn change it in memory, validates the result and
// writes only what changed, bumping the version — all in one transaction
// that holds the map's row lock. If ifVersion is not 0 and differs from the
// stored version, it returns graph.ErrPrecondition and changes nothing. An
// fn that changes nothing leaves the version as it is. Errors from fn are
// returned as they are; returns graph.ErrNotFound for a missing map.
func (s *Store) Update(ctx context.Context, id string, ifVersion int64, fn func(m *graph.Map) error) (*graph.Map, error) {
	var out *graph.Map
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		out = nil
		old, err := s.loadCurrent(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != old.Version {
			return fmt.Errorf("%w: the map is at version %d, not %d", graph.ErrPrecondition, old.Version, ifVersion)
		}
		m := old.Clone()
		if err := fn(m); err != nil {
			return err
		}
		m.ID, m.Version, m.CreatedAt, m.UpdatedAt = old.ID, old.Version, old.CreatedAt, old.UpdatedAt
		m.Normalize()
		if err := m.Validate(); err != nil {
			return err
		}
		if reflect.DeepEqual(old, m) {
			out = m
			return nil
		}
		now := s.now()
		if !now.After(old.UpdatedAt) {
			now = old.UpdatedAt.Add(time.Millisecond)
		}
		b := &pgx.Batch{}
		queueDiff(b, id, old, m)
		b.Queue(`UPDATE maps SET title = $1, task = $2, description = $3, version = $4, updated_at = $5
			WHERE id = $6 AND version = $7`,
			m.Title, m.Task, m.Description, old.Version+1, now, id, old.Version).
			Exec(func(ct pgconn.CommandTag) error {
				if ct.RowsAffected() != 1 {
					return errVersionMoved
				}
				return nil
			})
		s.queueNotify(b, store.Change{MapID: id, Version: old.Version + 1})
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		m.Version, m.UpdatedAt = old.Version+1, now
		out = m
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update map %s: %w", id, err)
	}
	s.latest.Put(out)
	return out, nil
}

// DeleteMap deletes a map with its functions, relations and snapshots.
// Returns graph.ErrNotFound, or graph.ErrPrecondition when ifVersion is not 0
// and stale.
func (s *Store) DeleteMap(ctx context.Context, id string, ifVersion int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var v int64
		if err := tx.QueryRow(ctx, `SELECT version FROM maps WHERE id = $1`+s.forUpdate(), id).Scan(&v); err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != v {
			return fmt.Errorf("%w: the map is at version %d, not %d", graph.ErrPrecondition, v, ifVersion)
		}
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM maps WHERE id = $1`, id)
		s.queueNotify(b, store.Change{MapID: id, Deleted: true})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("delete map %s: %w", id, err)
	}
	s.latest.Drop(id)
	return nil
}

// ListMaps lists every map, most recently changed first.
func (s *Store) ListMaps(ctx context.Context) ([]graph.MapSummary, error) {
	var list []graph.MapSummary
	err := s.query(ctx, func() error {
		rows, err := s.pool.Query(ctx, `SELECT id, title, task, version, created_at, updated_at,
			(SELECT count(*) FROM functions f WHERE f.map_id = m.id),
			(SELECT count(*) FROM relations r WHERE r.map_id = m.id)
			FROM maps m ORDER BY updated_at DESC, id`)
		if err != nil {
			return err
		}
		list = []graph.MapSummary{}
		for rows.Next() {
			var ms graph.MapSummary
			if err := rows.Scan(&ms.ID, &ms.Title, &ms.Task, &ms.Version, &ms.CreatedAt, &ms.UpdatedAt, &ms.Functions, &ms.Relations); err != nil {
				rows.Close()
				return err
			}
			ms.CreatedAt, ms.UpdatedAt = ms.CreatedAt.UTC(), ms.UpdatedAt.UTC()
			list = append(list, ms)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list maps: %w", err)
	}
	return list, nil
}

// loadCurrent returns map id as stored, from s.latest when the stored
// version and creation time, read in tx, say the copy is current (see
// store/internal/latest), else from the tables. With lock, the map's row
// stays locked until tx ends (see forUpdate).
func (s *Store) loadCurrent(ctx context.Context, tx pgx.Tx, id string, lock bool) (*graph.Map, error) {
	m := &graph.Map{ID: id}
	q := `SELECT title, task, description, version, created_at, updated_at FROM maps WHERE id = $1`
	if lock {
		q += s.forUpdate()
	}
	if err := tx.QueryRow(ctx, q, id).Scan(&m.Title, &m.Task, &m.Description, &m.Version, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	if c := s.latest.Get(id, m.Version, m.CreatedAt); c != nil {
		return c, nil
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT id, name, grp, center, x, y, note FROM functions WHERE map_id = $1 ORDER BY pos, id`, id).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var f graph.Function
				if err := rows.Scan(&f.ID, &f.Name, &f.Group, &f.Center, &f.X, &f.Y, &f.Note); err != nil {
					return err
				}
				if f.X == nil || f.Y == nil {
					f.X, f.Y = nil, nil
				}
				m.Functions = append(m.Functions, f)
			}
			return rows.Err()
		})
	b.Queue(`SELECT id, a, b, rating, note FROM relations WHERE map_id = $1 ORDER BY pos, id`, id).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var r graph.Relation
				var rating *int16
				if err := rows.Scan(&r.ID, &r.A, &r.B, &rating, &r.Note); err != nil {
					return err
				}
				if rating != nil {
					r.Rating = graph.Rating(*rating)
				}
				m.Relations = append(m.Relations, r)
			}
			return rows.Err()
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	s.latest.Put(m)
	return m, nil
}

// queueDiff queues the statements that turn old into m (the same map):
// removed relations and functions are deleted, changed ones updated, new
// ones inserted, in an order that keeps the foreign keys true. They go to
// the server in one round trip.
func queueDiff(b *pgx.Batch, mapID string, old, m *graph.Map) {
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
	var goneR, goneF []string
	for _, r := range old.Relations {
		if !newR[r.ID] {
			goneR = append(goneR, r.ID)
		}
	}
	for _, f := range old.Functions {
		if !newF[f.ID] {
			goneF = append(goneF, f.ID)
		}
	}
	if len(goneR) > 0 {
		b.Queue(`DELETE FROM relations WHERE map_id = $1 AND id = ANY($2)`, mapID, goneR)
	}
	if len(goneF) > 0 {
		b.Queue(`DELETE FROM functions WHERE map_id = $1 AND id = ANY($2)`, mapID, goneF)
	}
	for pos, f := range m.Functions {
		i, existed := oldF[f.ID]
		if existed && i == pos && reflect.DeepEqual(old.Functions[i], f) {
			continue
		}
		var x, y *float64
		if f.Pinned() {
			x, y = f.X, f.Y
		}
		if existed {
			b.Queue(`UPDATE functions SET pos = $1, name = $2, grp = $3, center = $4, x = $5, y = $6, note = $7
				WHERE map_id = $8 AND id = $9`, pos, f.Name, f.Group, f.Center, x, y, f.Note, mapID, f.ID)
		} else {
			b.Queue(`INSERT INTO functions (map_id, id, pos, name, grp, center, x, y, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, mapID, f.ID, pos, f.Name, f.Group, f.Center, x, y, f.Note)
		}
	}
	for pos, r := range m.Relations {
		i, existed := oldR[r.ID]
		if existed && i == pos && old.Relations[i] == r {
			continue
		}
		var rating *int16
		if r.Rating.Rated() {
			v := int16(r.Rating)
			rating = &v
		}
		if existed {
			b.Queue(`UPDATE relations SET pos = $1, a = $2, b = $3, rating = $4, note = $5
				WHERE map_id = $6 AND id = $7`, pos, r.A, r.B, rating, r.Note, mapID, r.ID)
		} else {
			b.Queue(`INSERT INTO relations (map_id, id, pos, a, b, rating, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, mapID, r.ID, pos, r.A, r.B, rating, r.Note)
		}
	}
}

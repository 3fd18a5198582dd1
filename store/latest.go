package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/relationskort/relationskort/graph"
)

// Loading a map takes three queries and scanning every function and
// relation; a workshop writes and reads the same few maps over and over.
// The store keeps the last committed state of recently used maps and uses
// it when the database says the map is still at that version (and was
// created at the same time, so a deleted and re-created id cannot match).
// Any writer — this process or another — bumps the version in the same
// transaction as the change, so a match means the copy is current.

// latest holds the newest known state of recently used maps.
type latest struct {
	mu   sync.Mutex
	maps map[string]*graph.Map
}

const maxLatest = 1024

func (l *latest) get(id string, version int64, created time.Time) *graph.Map {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ok := l.maps[id]
	if !ok || m.Version != version || !m.CreatedAt.Equal(created) {
		return nil
	}
	return m.Clone()
}

func (l *latest) put(m *graph.Map) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maps == nil {
		l.maps = map[string]*graph.Map{}
	}
	if old, ok := l.maps[m.ID]; ok && old.Version > m.Version {
		return
	}
	if len(l.maps) >= maxLatest {
		for k := range l.maps { // drop one at random: cheap and good enough
			delete(l.maps, k)
			break
		}
	}
	l.maps[m.ID] = m.Clone()
}

func (l *latest) drop(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.maps, id)
}

// loadCurrent returns map id as stored, from s.latest when the stored
// version and creation time say the copy is current, else from the tables.
func (s *Store) loadCurrent(ctx context.Context, tx *sql.Tx, id string) (*graph.Map, error) {
	var version int64
	var created string
	if err := tx.QueryRowContext(ctx, `SELECT version, created_at FROM maps WHERE id = ?`, id).Scan(&version, &created); err != nil {
		return nil, err
	}
	if t, err := parseTime(created); err == nil {
		if m := s.latest.get(id, version, t); m != nil {
			return m, nil
		}
	}
	m, err := loadMap(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	s.latest.put(m)
	return m, nil
}

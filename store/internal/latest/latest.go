// Package latest keeps the last committed state of recently used maps for a
// storage engine.
//
// Loading a map takes three queries and scanning every function and
// relation; a workshop writes and reads the same few maps over and over. An
// engine keeps the state it last committed or loaded and uses it when the
// database says, in the same transaction, that the map is still at that
// version and was created at the same time (so that a deleted and re-created
// id cannot match). Any writer — this process or another instance on the
// same database — bumps the version in the same transaction as the change,
// so a match means the copy is current. The cache is never trusted without
// asking the database for the version first.
package latest

import (
	"sync"
	"time"

	"github.com/relationskort/relationskort/graph"
)

// Cache holds the newest known state of recently used maps. The zero value
// is ready to use.
type Cache struct {
	mu   sync.Mutex
	maps map[string]*graph.Map
}

// Max is the number of maps kept.
const Max = 1024

// Get returns a copy of map id if the cached state is at version and was
// created at created, else nil.
func (l *Cache) Get(id string, version int64, created time.Time) *graph.Map {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ok := l.maps[id]
	if !ok || m.Version != version || !m.CreatedAt.Equal(created) {
		return nil
	}
	return m.Clone()
}

// Put keeps a copy of m unless a newer version of it is kept already.
func (l *Cache) Put(m *graph.Map) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maps == nil {
		l.maps = map[string]*graph.Map{}
	}
	if old, ok := l.maps[m.ID]; ok && old.Version > m.Version && old.CreatedAt.Equal(m.CreatedAt) {
		return
	}
	if len(l.maps) >= Max {
		for k := range l.maps { // drop one at random: cheap and good enough
			delete(l.maps, k)
			break
		}
	}
	l.maps[m.ID] = m.Clone()
}

// Drop forgets map id.
func (l *Cache) Drop(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.maps, id)
}

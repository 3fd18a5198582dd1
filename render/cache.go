package render

import (
	"container/list"
	"sync"
)

// cache remembers what drawing computes from a map's structure and text —
// the wrapped names and the placements — so that a map drawn again (most
// often re-rated) costs little. It has one eviction rule: least recently
// used first, once the entries' estimated sizes exceed the budget. It is
// safe for concurrent use. Values are never changed once stored.
type cache struct {
	mu      sync.Mutex
	budget  int64
	used    int64
	order   list.List // of *cacheEntry, most recent first
	entries map[cacheKey]*list.Element
}

// cacheKey names an entry: its kind and the inputs it depends on.
type cacheKey struct {
	kind cacheKind
	s    string // a name, or a digest of a structure
	size float64
	flag uint8
}

type cacheKind uint8

const (
	kindLabel     cacheKind = iota + 1 // a wrapped name: s name, size, flag bold<<2|mode
	kindPlacement                      // a placement: s digest of place.Input
	kindStatic                         // a drawing's static part: s structureKey
)

type cacheEntry struct {
	key  cacheKey
	val  any
	cost int64
}

func newCache(budget int64) *cache {
	return &cache{budget: budget, entries: map[cacheKey]*list.Element{}}
}

func (c *cache) get(k cacheKey) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).val, true
}

// put stores v under k at an estimated cost in bytes, evicting the least
// recently used entries beyond the budget.
func (c *cache) put(k cacheKey, v any, cost int64) {
	cost += int64(len(k.s)) + 96 // the key, the entry and the map's share
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[k]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.entries[k] = c.order.PushFront(&cacheEntry{key: k, val: v, cost: cost})
	c.used += cost
	for c.used > c.budget && c.order.Len() > 0 {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.entries, e.key)
		c.used -= e.cost
	}
}

// stats returns the number of entries and their estimated bytes.
func (c *cache) stats() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.used
}

package api

import (
	"container/list"
	"sync"
)

// renderCache keeps rendered diagrams by (map, version, options), so that a
// room of laptops reloading the same picture after each edit costs one
// rendering. It is bounded in bytes (least recently used entries go first)
// and makes concurrent requests for the same missing entry wait for one
// rendering instead of each doing it.
type renderCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // of *cacheEntry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*call
}

type cacheEntry struct {
	key  string
	data []byte
}

type call struct {
	done chan struct{}
	data []byte
	err  error
}

func newRenderCache(maxBytes int) *renderCache {
	return &renderCache{maxBytes: maxBytes, order: list.New(),
		entries: map[string]*list.Element{}, inflight: map[string]*call{}}
}

// get returns the cached bytes for key, or makes them with fn (once, however
// many ask at the same time) and keeps them. Errors are not cached.
func (c *renderCache) get(key string, fn func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		data := el.Value.(*cacheEntry).data
		c.mu.Unlock()
		return data, nil
	}
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.data, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()

	cl.data, cl.err = fn()

	c.mu.Lock()
	delete(c.inflight, key)
	if cl.err == nil && len(cl.data) <= c.maxBytes/4 {
		c.entries[key] = c.order.PushFront(&cacheEntry{key: key, data: cl.data})
		c.bytes += len(cl.data)
		for c.bytes > c.maxBytes {
			last := c.order.Back()
			e := last.Value.(*cacheEntry)
			c.order.Remove(last)
			delete(c.entries, e.key)
			c.bytes -= len(e.data)
		}
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.data, cl.err
}

// len returns the number of cached entries and their size.
func (c *renderCache) len() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

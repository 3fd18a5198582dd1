package api

import (
	"container/list"
	"strconv"
	"sync"
)

// renderCache keeps rendered diagrams by (map, options) and version, so
// that a room of laptops reloading the same picture after each edit costs
// one rendering. Only the newest version of each picture is kept: a new
// version replaces the old one, so a map rated many times a second does not
// fill the cache with pictures nobody will ask for again. It is bounded in
// bytes (least recently used entries go first) and makes concurrent
// requests for the same missing entry wait for one rendering instead of
// each doing it.
type renderCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // of *cacheEntry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*call
}

type cacheEntry struct {
	key     string
	version int64
	data    []byte
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

// get returns the cached bytes for key at version, or makes them with fn
// (once, however many ask at the same time) and keeps them unless a newer
// version is already kept. Errors are not cached.
func (c *renderCache) get(key string, version int64, fn func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok && el.Value.(*cacheEntry).version == version {
		c.order.MoveToFront(el)
		data := el.Value.(*cacheEntry).data
		c.mu.Unlock()
		return data, nil
	}
	fkey := key + "@" + strconv.FormatInt(version, 10)
	if cl, ok := c.inflight[fkey]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.data, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[fkey] = cl
	c.mu.Unlock()

	cl.data, cl.err = fn()

	c.mu.Lock()
	delete(c.inflight, fkey)
	if cl.err == nil && len(cl.data) <= c.maxBytes/4 {
		c.put(key, version, cl.data)
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.data, cl.err
}

// peek returns the bytes kept for key at version, if any.
func (c *renderCache) peek(key string, version int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok && el.Value.(*cacheEntry).version == version {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry).data, true
	}
	return nil, false
}

// known reports whether key at version is kept or being made, so that
// asking for it starts no work.
func (c *renderCache) known(key string, version int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok && el.Value.(*cacheEntry).version == version {
		return true
	}
	_, ok := c.inflight[key+"@"+strconv.FormatInt(version, 10)]
	return ok
}

// put keeps data as key's picture at version, unless a newer one is kept.
// The caller holds c.mu.
func (c *renderCache) put(key string, version int64, data []byte) {
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.version > version {
			return
		}
		c.order.Remove(el)
		delete(c.entries, key)
		c.bytes -= len(e.data)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, version: version, data: data})
	c.bytes += len(data)
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.entries, e.key)
		c.bytes -= len(e.data)
	}
}

// len returns the number of cached entries and their size.
func (c *renderCache) len() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

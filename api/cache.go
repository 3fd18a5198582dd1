package api

import (
	"container/list"
	"sync"
)

// renderCache keeps rendered diagrams by (map, options) and version, so
// that a room of laptops reloading the same picture after each edit costs
// one rendering. Only the newest version of each picture is kept: a new
// version replaces the old one, so a map rated many times a second does not
// fill the cache with pictures nobody will ask for again. It is bounded in
// bytes (least recently used entries go first).
//
// A request asks for a picture at least as new as the version it read:
// whoever reads a map's version wants its current picture, and one drawn
// from a newer version is that. Each picture is drawn by one call at a time:
// requests that find it being drawn wait for that drawing, and use it if it
// is new enough, else draw the newest state themselves. So while a map is
// edited faster than it can be drawn, the drawings follow it without
// piling up (one at a time, each of the newest version), and no request is
// turned away because the map moved on while it waited.
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

// call is one drawing in progress; version and data are set when done is
// closed.
type call struct {
	done    chan struct{}
	version int64
	data    []byte
	err     error
}

func newRenderCache(maxBytes int) *renderCache {
	return &renderCache{maxBytes: maxBytes, order: list.New(),
		entries: map[string]*list.Element{}, inflight: map[string]*call{}}
}

// get returns the picture kept under key if its version is at least
// version, or makes one with fn, which returns the picture and the version
// it drew (at least version: the newest state). fn runs once for all
// concurrent requests of key; what it makes is kept unless a newer version
// is kept already. Errors are not kept; the requests that waited for a
// failed drawing get its error.
func (c *renderCache) get(key string, version int64, fn func() ([]byte, int64, error)) ([]byte, int64, error) {
	c.mu.Lock()
	for {
		if data, v, ok := c.peekLocked(key, version); ok {
			c.mu.Unlock()
			return data, v, nil
		}
		cl, ok := c.inflight[key]
		if !ok {
			break
		}
		c.mu.Unlock()
		<-cl.done
		if cl.err != nil {
			return nil, 0, cl.err
		}
		if cl.version >= version {
			return cl.data, cl.version, nil
		}
		c.mu.Lock() // it drew an older version: look again
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()

	cl.data, cl.version, cl.err = fn()

	c.mu.Lock()
	delete(c.inflight, key)
	if cl.err == nil && len(cl.data) <= c.maxBytes/4 {
		c.put(key, cl.version, cl.data)
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.data, cl.version, cl.err
}

// peek returns the picture kept under key if its version is at least
// version.
func (c *renderCache) peek(key string, version int64) ([]byte, int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peekLocked(key, version)
}

func (c *renderCache) peekLocked(key string, version int64) ([]byte, int64, bool) {
	if el, ok := c.entries[key]; ok {
		if e := el.Value.(*cacheEntry); e.version >= version {
			c.order.MoveToFront(el)
			return e.data, e.version, true
		}
	}
	return nil, 0, false
}

// known reports whether key is kept at version or newer, or being drawn,
// so that asking for it starts no work of its own (or only once the
// drawing in progress turns out older).
func (c *renderCache) known(key string, version int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok && el.Value.(*cacheEntry).version >= version {
		return true
	}
	_, ok := c.inflight[key]
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

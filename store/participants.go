package store

import (
	"slices"
	"sync"

	"github.com/relationskort/relationskort/graph"
)

// participantCache remembers who a participant token is: every answer of a
// rating round is authorized by the round and its participant
// (participantQuery), and in a room of 200 answering at once that read
// cost a third of an answer's CPU time. A participant never changes; a
// round changes only when it closes or goes (with its map or alone). Each
// of those bumps gen after its commit, which voids every entry remembered
// before, so a remembered round is never older than the last close or
// delete committed before the read that found it. One engine, one process:
// SQLite is not shared by several instances (the PostgreSQL engine, which
// is, remembers nothing).
type participantCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]participantEntry // by round id, NUL, token hash
}

type participantEntry struct {
	gen uint64
	r   graph.Round
	p   graph.Participant
}

// maxParticipantEntries bounds the cache; past it the cache starts afresh.
// 300 participants a round (graph.MaxParticipants) times a few rounds at a
// time.
const maxParticipantEntries = 8192

func participantKey(roundID string, tokenHash []byte) string {
	return roundID + "\x00" + string(tokenHash)
}

// get returns the entry of key if it is of the current generation.
func (c *participantCache) get(key string) (*graph.Round, *graph.Participant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.gen != c.gen {
		return nil, nil, false
	}
	r, p := e.r, e.p
	r.Questions = slices.Clone(r.Questions)
	return &r, &p, true
}

// generation is the current generation, to be read before the query whose
// result put files.
func (c *participantCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put remembers what a read that began at generation gen found, unless a
// round changed since.
func (c *participantCache) put(key string, gen uint64, r *graph.Round, p *graph.Participant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= maxParticipantEntries {
		c.m = map[string]participantEntry{}
	}
	e := participantEntry{gen: gen, r: *r, p: *p}
	e.r.Questions = slices.Clone(r.Questions)
	c.m[key] = e
}

// void forgets every entry: a round closed or went. Call it after the
// commit.
func (c *participantCache) void() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}

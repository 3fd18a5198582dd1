// Package feed fans values out to subscribers, for a storage engine that
// tells the service about changes to maps.
package feed

import "sync"

// Feed calls every subscriber with every value published. The zero value is
// ready to use.
type Feed[T any] struct {
	mu   sync.Mutex
	next int
	subs map[int]func(T)
}

// Subscribe registers fn and returns a function that unregisters it. fn is
// called from the publisher's goroutine and must not block.
func (f *Feed[T]) Subscribe(fn func(T)) (cancel func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subs == nil {
		f.subs = map[int]func(T){}
	}
	id := f.next
	f.next++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, id)
	}
}

// Publish calls every subscriber with v.
func (f *Feed[T]) Publish(v T) {
	f.mu.Lock()
	fns := make([]func(T), 0, len(f.subs))
	for _, fn := range f.subs {
		fns = append(fns, fn)
	}
	f.mu.Unlock()
	for _, fn := range fns {
		fn(v)
	}
}

// Len returns the number of subscribers.
func (f *Feed[T]) Len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// Bounds on every drawing and analysis (issue 14, S1). A drawing is never
// answered larger than maxImageBytes, nor later than Config.RenderTimeout:
// over the size the answer is 422 too_complex with a hint, over the time
// 503 with Retry-After while the drawing is finished in the background and
// kept in the cache for the next request.
const (
	maxImageBytes = 8 << 20
	// maxMatrixFunctions bounds matrix.svg?by=function: its size grows with
	// the square of the functions (150 functions with 1,000 relations make
	// 7.1 MB, 200 make 12.6 MB and 500 make 79 MB, measured on this
	// service's example-like maps).
	maxMatrixFunctions = 150
)

// drawQueue bounds the drawings in progress: at most cap(slots) run at
// once and at most maxQueued are started or waiting; past that a request
// that would start one is answered 503 at once. A drawing cannot be
// stopped half way (render takes no context), so the bound is on how many
// may begin.
type drawQueue struct {
	slots     chan struct{}
	queued    atomic.Int32
	maxQueued int32
}

func newDrawQueue(running, queued int) *drawQueue {
	return &drawQueue{slots: make(chan struct{}, max(running, 1)), maxQueued: int32(max(running, 1) + queued)}
}

// run runs fn in a slot, or returns errBusy when too many drawings wait.
func (q *drawQueue) run(fn func() ([]byte, error)) ([]byte, error) {
	if q.queued.Add(1) > q.maxQueued {
		q.queued.Add(-1)
		return nil, errBusy
	}
	defer q.queued.Add(-1)
	q.slots <- struct{}{}
	defer func() { <-q.slots }()
	return fn()
}

var errBusy = &apiError{http.StatusServiceUnavailable, "unavailable",
	"the service is drawing as much as it can; try again in a few seconds", nil}

// tooComplex is the 422 answer to a picture over the service's bounds; the
// hint names the parameter that gives a smaller one.
func tooComplex(message string, hint *graph.FieldError) error {
	e := &apiError{status: http.StatusUnprocessableEntity, code: "too_complex", message: message}
	if hint != nil {
		e.message += "; " + hint.Field + ": " + hint.Message
		e.details = []graph.FieldError{*hint}
	}
	return e
}

// draw returns the bytes kept under key at version or newer, or makes them
// with fn within the bounds above, with the version they show. fn draws
// the newest state (at least version) and returns its version; it runs at
// most once at a time for a key, in a drawing slot, with a context of its
// own: it goes on when this request gives up, and what it makes is kept.
// A client pays one expensive read (RateLimit.Reads) only when its request
// starts the work. fn must not touch c: the request may be over when fn
// runs.
func (s *server) draw(c echo.Context, key string, version int64, hint *graph.FieldError,
	fn func(ctx context.Context) ([]byte, int64, error)) ([]byte, int64, error) {
	if data, v, ok := s.cache.peek(key, version); ok {
		data, err := s.bounded(data, hint)
		return data, v, err
	}
	if !s.cache.known(key, version) && s.reads != nil {
		if ok, wait := s.reads.allow(c.RealIP(), time.Now()); !ok {
			return nil, 0, tooMany(c, wait, "drawings and analyses")
		}
	}
	type result struct {
		data    []byte
		version int64
		err     error
	}
	done := make(chan result, 1)
	go func() {
		data, v, err := s.cache.get(key, version, func() ([]byte, int64, error) {
			var v int64
			data, err := s.draws.run(func() ([]byte, error) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				data, dv, err := fn(ctx)
				v = dv
				return data, err
			})
			return data, v, err
		})
		done <- result{data, v, err}
	}()
	timer := time.NewTimer(s.cfg.RenderTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, 0, r.err
		}
		data, err := s.bounded(r.data, hint)
		return data, r.version, err
	case <-c.Request().Context().Done():
		return nil, 0, c.Request().Context().Err()
	case <-timer.C:
		secs := max(int(s.cfg.RenderTimeout.Seconds()), 1)
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		return nil, 0, &apiError{http.StatusServiceUnavailable, "unavailable", fmt.Sprintf(
			"this takes longer than %s to draw; it is being finished and kept: ask again in %d s",
			s.cfg.RenderTimeout, secs), nil}
	}
}

// bounded returns data, or the 422 answer when it is over maxImageBytes.
func (s *server) bounded(data []byte, hint *graph.FieldError) ([]byte, error) {
	if len(data) > maxImageBytes {
		return nil, tooComplex(fmt.Sprintf("the answer would be %.1f MB, over the limit of %d MB",
			float64(len(data))/(1<<20), maxImageBytes>>20), hint)
	}
	return data, nil
}

// chargeRead takes one expensive read from the client's budget, for the
// reads that are not kept in the cache (an export, a comparison).
func (s *server) chargeRead(c echo.Context) error {
	if s.reads == nil {
		return nil
	}
	if ok, wait := s.reads.allow(c.RealIP(), time.Now()); !ok {
		return tooMany(c, wait, "drawings and analyses")
	}
	return nil
}

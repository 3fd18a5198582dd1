package api

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drawn is a drawing function for the cache tests: it returns data at
// version v.
func drawn(data string, v int64) func() ([]byte, int64, error) {
	return func() ([]byte, int64, error) { return []byte(data), v, nil }
}

func TestRenderCache(t *testing.T) {
	t.Run("OneRenderingForConcurrentMisses", func(t *testing.T) {
		c := newRenderCache(1 << 20)
		var calls atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				data, v, err := c.get("k", 1, func() ([]byte, int64, error) {
					calls.Add(1)
					<-release
					return []byte("svg"), 1, nil
				})
				assert.NoError(t, err)
				assert.Equal(t, "svg", string(data))
				assert.Equal(t, int64(1), v)
			}()
		}
		for calls.Load() == 0 {
			runtime.Gosched()
		}
		close(release)
		wg.Wait()
		assert.Equal(t, int32(1), calls.Load())
	})
	t.Run("BoundedLRU", func(t *testing.T) {
		c := newRenderCache(400)
		for i := range 10 {
			_, _, err := c.get(fmt.Sprint(i), 1, func() ([]byte, int64, error) { return make([]byte, 100), 1, nil })
			require.NoError(t, err)
		}
		n, size := c.len()
		assert.Equal(t, 4, n)
		assert.LessOrEqual(t, size, 400)
		hit := false
		_, _, _ = c.get("9", 1, func() ([]byte, int64, error) { hit = true; return nil, 1, nil })
		assert.False(t, hit, "the newest entry is still cached")
		_, _, _ = c.get("0", 1, func() ([]byte, int64, error) { hit = true; return make([]byte, 100), 1, nil })
		assert.True(t, hit, "the oldest entry was evicted")
	})
	t.Run("NewVersionReplacesOld", func(t *testing.T) {
		c := newRenderCache(1 << 20)
		for v := range int64(50) {
			_, _, err := c.get("map|a|svg", v+1, drawn(fmt.Sprint("v", v+1), v+1))
			require.NoError(t, err)
		}
		n, _ := c.len()
		assert.Equal(t, 1, n, "only the newest version is kept")
		data, v, _ := c.get("map|a|svg", 50, func() ([]byte, int64, error) { t.Fatal("not cached"); return nil, 0, nil })
		assert.Equal(t, "v50", string(data))
		assert.Equal(t, int64(50), v)
		// A request that read an older version wants the current picture:
		// it gets the newer one kept, without drawing.
		data, v, _ = c.get("map|a|svg", 3, func() ([]byte, int64, error) { t.Fatal("drawn again"); return nil, 0, nil })
		assert.Equal(t, "v50", string(data))
		assert.Equal(t, int64(50), v)
		// A drawing that comes back older than the one kept (it began
		// before) does not push the newer one out.
		old, v, _ := c.get("map|b|svg", 3, drawn("b3", 3))
		assert.Equal(t, "b3", string(old))
		_, _, _ = c.get("map|b|svg", 9, drawn("b9", 9))
		c.mu.Lock()
		c.put("map|b|svg", 3, []byte("b3"))
		c.mu.Unlock()
		data, v, _ = c.get("map|b|svg", 9, func() ([]byte, int64, error) { t.Fatal("the newer one was replaced"); return nil, 0, nil })
		assert.Equal(t, "b9", string(data))
		assert.Equal(t, int64(9), v)
	})
	t.Run("WaitsForTheDrawingInProgress", func(t *testing.T) {
		// While version 1 is drawn, a request that read version 1 waits
		// for it, and one that read version 2 waits too, then draws the
		// newest state itself: one drawing of a picture at a time.
		c := newRenderCache(1 << 20)
		release, drawing := make(chan struct{}), make(chan struct{})
		var calls atomic.Int32
		first := make(chan string, 1)
		go func() {
			data, _, _ := c.get("k", 1, func() ([]byte, int64, error) {
				calls.Add(1)
				close(drawing)
				<-release
				return []byte("v1"), 1, nil
			})
			first <- string(data)
		}()
		<-drawing
		older, newer := make(chan string, 1), make(chan string, 1)
		go func() {
			data, _, _ := c.get("k", 1, func() ([]byte, int64, error) { calls.Add(1); return []byte("again"), 1, nil })
			older <- string(data)
		}()
		go func() {
			data, v, _ := c.get("k", 2, func() ([]byte, int64, error) { calls.Add(1); return []byte("v3"), 3, nil })
			newer <- fmt.Sprintf("%s %d", data, v)
		}()
		for range 100 {
			runtime.Gosched()
		}
		assert.Equal(t, int32(1), calls.Load(), "no second drawing while one is in progress")
		close(release)
		assert.Equal(t, "v1", <-first)
		assert.Equal(t, "v1", <-older)
		assert.Equal(t, "v3 3", <-newer, "drawn anew: the drawing it waited for was older")
		assert.Equal(t, int32(2), calls.Load())
	})
	t.Run("ErrorsAreNotCached", func(t *testing.T) {
		c := newRenderCache(1 << 20)
		_, _, err := c.get("k", 1, func() ([]byte, int64, error) { return nil, 0, errors.New("boom") })
		require.Error(t, err)
		data, _, err := c.get("k", 1, drawn("ok", 1))
		require.NoError(t, err)
		assert.Equal(t, "ok", string(data))
	})
}

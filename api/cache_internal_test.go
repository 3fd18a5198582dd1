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
				data, err := c.get("k", 1, func() ([]byte, error) {
					calls.Add(1)
					<-release
					return []byte("svg"), nil
				})
				assert.NoError(t, err)
				assert.Equal(t, "svg", string(data))
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
			_, err := c.get(fmt.Sprint(i), 1, func() ([]byte, error) { return make([]byte, 100), nil })
			require.NoError(t, err)
		}
		n, size := c.len()
		assert.Equal(t, 4, n)
		assert.LessOrEqual(t, size, 400)
		hit := false
		_, _ = c.get("9", 1, func() ([]byte, error) { hit = true; return nil, nil })
		assert.False(t, hit, "the newest entry is still cached")
		_, _ = c.get("0", 1, func() ([]byte, error) { hit = true; return make([]byte, 100), nil })
		assert.True(t, hit, "the oldest entry was evicted")
	})
	t.Run("NewVersionReplacesOld", func(t *testing.T) {
		c := newRenderCache(1 << 20)
		for v := range int64(50) {
			_, err := c.get("map|a|svg", v+1, func() ([]byte, error) { return []byte(fmt.Sprint("v", v+1)), nil })
			require.NoError(t, err)
		}
		n, _ := c.len()
		assert.Equal(t, 1, n, "only the newest version is kept")
		data, _ := c.get("map|a|svg", 50, func() ([]byte, error) { t.Fatal("not cached"); return nil, nil })
		assert.Equal(t, "v50", string(data))
		// A request that read an older version gets its picture, which
		// does not push out the newer one.
		old, _ := c.get("map|a|svg", 3, func() ([]byte, error) { return []byte("v3"), nil })
		assert.Equal(t, "v3", string(old))
		data, _ = c.get("map|a|svg", 50, func() ([]byte, error) { t.Fatal("the newer one was replaced"); return nil, nil })
		assert.Equal(t, "v50", string(data))
	})
	t.Run("ErrorsAreNotCached", func(t *testing.T) {
		c := newRenderCache(1 << 20)
		_, err := c.get("k", 1, func() ([]byte, error) { return nil, errors.New("boom") })
		require.Error(t, err)
		data, err := c.get("k", 1, func() ([]byte, error) { return []byte("ok"), nil })
		require.NoError(t, err)
		assert.Equal(t, "ok", string(data))
	})
}

package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestDraw: the bounds of every drawing (issue 14, S1) that are hard to
// reach with real maps.
func TestDraw(t *testing.T) {
	s := &server{cache: newRenderCache(64 << 20), draws: newDrawQueue(1, 1), cfg: Config{RenderTimeout: time.Second}}
	ctx := func() echo.Context {
		return echo.New().NewContext(httptest.NewRequest("GET", "/x", nil), httptest.NewRecorder())
	}
	status := func(err error) int {
		var ae *apiError
		require.True(t, errors.As(err, &ae), "%v", err)
		return ae.status
	}

	t.Run("OverEightMegabytes", func(t *testing.T) {
		hint := &graph.FieldError{Field: "by", Message: "use by=group"}
		_, _, err := s.draw(ctx(), "big", 1, hint, func(context.Context) ([]byte, int64, error) {
			return make([]byte, maxImageBytes+1), 1, nil
		})
		assert.Equal(t, http.StatusUnprocessableEntity, status(err))
		assert.Contains(t, err.Error(), "by=group")
		_, _, err = s.draw(ctx(), "big", 1, hint, nil) // kept: refused again without drawing
		assert.Equal(t, http.StatusUnprocessableEntity, status(err))
	})
	t.Run("QueueFull", func(t *testing.T) {
		release := make(chan struct{})
		slow := func(context.Context) ([]byte, int64, error) { <-release; return []byte("x"), 1, nil }
		// One drawing runs, one waits; a third is refused at once.
		for _, key := range []string{"a", "b"} {
			go s.draw(ctx(), key, 1, nil, slow)
		}
		require.Eventually(t, func() bool { return s.draws.queued.Load() == 2 }, 5*time.Second, time.Millisecond)
		start := time.Now()
		_, _, err := s.draw(ctx(), "c", 1, nil, slow)
		assert.Equal(t, http.StatusServiceUnavailable, status(err))
		assert.Less(t, time.Since(start), 500*time.Millisecond, "refused without waiting")
		close(release)
		require.Eventually(t, func() bool { return s.draws.queued.Load() == 0 }, 5*time.Second, time.Millisecond)
	})
	t.Run("DeadlineThenKept", func(t *testing.T) {
		release := make(chan struct{})
		c := ctx()
		_, _, err := s.draw(c, "late", 1, nil, func(context.Context) ([]byte, int64, error) {
			<-release
			return []byte("picture"), 1, nil
		})
		assert.Equal(t, http.StatusServiceUnavailable, status(err))
		assert.Equal(t, "1", c.Response().Header().Get("Retry-After"))
		close(release)
		require.Eventually(t, func() bool { _, _, ok := s.cache.peek("late", 1); return ok }, 5*time.Second, time.Millisecond)
		data, _, err := s.draw(ctx(), "late", 1, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, "picture", string(data))
	})
}

// TestCapDetails: an error reply lists at most 50 problems and one more
// entry counting the rest, each cut to 300 characters.
func TestCapDetails(t *testing.T) {
	long := string(make([]rune, 400))
	var in []graph.FieldError
	for range 120 {
		in = append(in, graph.FieldError{Field: long, Message: "m"})
	}
	out := capDetails(in)
	require.Len(t, out, 51)
	assert.Equal(t, "… and 70 more", out[50].Message)
	assert.Len(t, []rune(out[0].Field), 300)
	assert.Len(t, capDetails(in[:3]), 3)
}

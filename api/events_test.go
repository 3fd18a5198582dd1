package api_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEvents: an open event stream hears of an edit within a second.
func TestEvents(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	srv := httptest.NewServer(ts.handler(t))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/maps/"+c.ID+"/events?token="+c.ViewToken, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/event-stream; charset=utf-8", resp.Header.Get("Content-Type"))

	lines := make(chan string, 32)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitFor := func(want string, within time.Duration) {
		t.Helper()
		deadline := time.After(within)
		for {
			select {
			case l, ok := <-lines:
				require.True(t, ok, "stream ended before %q", want)
				if strings.Contains(l, want) {
					return
				}
			case <-deadline:
				t.Fatalf("no %q within %v", want, within)
			}
		}
	}
	waitFor(`data: {"version":1}`, time.Second)

	rec := ts.do(t, req{method: "PATCH", path: "/api/v1/maps/" + c.ID + "/relations/" + c.Relations[1].ID,
		token: c.EditToken, body: `{"rating":2}`})
	require.Equal(t, http.StatusOK, rec.Code)
	waitFor(`data: {"version":2}`, time.Second)

	rec = ts.do(t, req{method: "POST", path: "/api/v1/maps/" + c.ID + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
	require.Equal(t, http.StatusCreated, rec.Code)
	waitFor("event: snapshots", time.Second)

	rec = ts.do(t, req{method: "DELETE", path: "/api/v1/maps/" + c.ID, token: c.EditToken})
	require.Equal(t, http.StatusNoContent, rec.Code)
	waitFor("event: deleted", time.Second)
}

package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	for _, tt := range []struct {
		name, path, token, csp string
	}{
		{"Page", "/", "", "script-src 'self'"},
		{"MapPage", "/m/" + c.ID, "", "frame-ancestors 'none'"},
		{"API", "/api/v1/maps/" + c.ID, c.ViewToken, "default-src 'none'"},
		{"Error", "/api/v1/maps/" + c.ID, "", "default-src 'none'"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, req{method: "GET", path: tt.path, token: tt.token})
			h := rec.Header()
			assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
			assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
			assert.Contains(t, h.Get("Content-Security-Policy"), tt.csp)
			assert.Contains(t, h.Get("Content-Security-Policy"), "frame-ancestors")
			assert.NotContains(t, h.Get("Content-Security-Policy"), "unsafe-inline")
		})
	}
}

func TestRateLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rl.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	defer st.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := api.NewServer(st, static.Files, log, api.Config{RateLimit: api.RateLimit{Writes: 1, Creates: 2}})
	ts := &testServer{e: e, st: st}

	// Creation: a burst of 2, then 429 with Retry-After.
	c := ts.create(t, `{"title":"a","functions":[{"id":"x","name":"X"},{"id":"y","name":"Y"}],"relations":[{"id":"r","a":"x","b":"y"}]}`)
	ts.create(t, `{"title":"b"}`)
	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps", body: `{"title":"c"}`})
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, "rate_limited", decodeError(t, rec).Code)
	secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, secs, 1)

	// Writes: a burst of 5, then 429; reads are not limited.
	codes := []int{}
	for range 7 {
		rec := ts.do(t, req{method: "PATCH", path: "/api/v1/maps/" + c.ID + "/relations/r", token: c.EditToken, body: `{"rating":2}`})
		codes = append(codes, rec.Code)
	}
	assert.Equal(t, []int{200, 200, 200, 200, 200, 429, 429}, codes)
	assert.Equal(t, http.StatusOK, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID, token: c.EditToken}).Code)

	// Another address has its own budget; X-Forwarded-For is not trusted.
	hr := httptest.NewRequest("PATCH", "/api/v1/maps/"+c.ID+"/relations/r", strings.NewReader(`{"rating":1}`))
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+c.EditToken)
	hr.Header.Set("X-Forwarded-For", "10.9.9.9")
	rr := httptest.NewRecorder()
	ts.serve(t, rr, hr)
	assert.Equal(t, http.StatusTooManyRequests, rr.Code, "a forged X-Forwarded-For must not give a fresh budget")
	hr = httptest.NewRequest("PATCH", "/api/v1/maps/"+c.ID+"/relations/r", strings.NewReader(`{"rating":1}`))
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+c.EditToken)
	hr.RemoteAddr = "192.0.2.7:4000"
	rr = httptest.NewRecorder()
	ts.serve(t, rr, hr)
	assert.Equal(t, http.StatusOK, rr.Code)
}

func TestParseRateLimit(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want api.RateLimit
		err  bool
	}{
		{"", api.DefaultRateLimit, false},
		{"off", api.RateLimit{}, false},
		{"50", api.RateLimit{Writes: 50, Creates: api.DefaultRateLimit.Creates, Reads: api.DefaultRateLimit.Reads, AuthFailures: 30, Joins: api.DefaultRateLimit.Joins}, false},
		{"50,10", api.RateLimit{Writes: 50, Creates: 10, Reads: api.DefaultRateLimit.Reads, AuthFailures: 30, Joins: api.DefaultRateLimit.Joins}, false},
		{"50,10,4", api.RateLimit{Writes: 50, Creates: 10, Reads: 4, AuthFailures: 30, Joins: api.DefaultRateLimit.Joins}, false},
		{"fast", api.RateLimit{}, true},
		{"-1", api.RateLimit{}, true},
		{"1,2,3,4", api.RateLimit{}, true},
	} {
		got, err := api.ParseRateLimit(tt.in)
		if tt.err {
			assert.Error(t, err, "ParseRateLimit(%q)", tt.in)
			continue
		}
		require.NoError(t, err, "ParseRateLimit(%q)", tt.in)
		assert.Equal(t, tt.want, got, "ParseRateLimit(%q)", tt.in)
	}
}

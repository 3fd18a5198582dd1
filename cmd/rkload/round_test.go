package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/store"
)

// TestRoundScenario runs the scenario "round" small against a server in
// the test: every participant joins, every answer is acknowledged, and
// the results count each last answer (nothing lost).
func TestRoundScenario(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "load.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(api.NewServer(st, nil, slog.New(slog.DiscardHandler), api.Config{}))
	t.Cleanup(srv.Close)
	var out bytes.Buffer
	err = run(context.Background(), []string{"--url", srv.URL, "--scenario", "round", "--participants", "24", "--passes", "2", "--target", "10s"}, &out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), ", 0 lost")
	assert.Contains(t, out.String(), "target 10s met")
	assert.True(t, strings.Contains(out.String(), "round events"), out.String())
	t.Log(out.String())
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server at %s did not become healthy", addr)
}

// TestRun_Serve starts the real program, creates a map over HTTP, shuts
// down with the context (as SIGTERM does) and finds the map in the file.
func TestRun_Serve(t *testing.T) {
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "smoke.db")
	env := map[string]string{"RELATIONSKORT_DB": db}
	getenv := func(k string) string { return env[k] }

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"relationskort", "serve", "--addr", addr}, getenv, strings.NewReader(""), &stdout, &stderr)
	}()
	waitHealthy(t, addr)

	resp, err := http.Post("http://"+addr+"/api/v1/maps", "application/json",
		strings.NewReader(`{"title":"Røgtest","functions":[{"name":"Jobcenter"}]}`))
	require.NoError(t, err)
	var created struct {
		ViewToken string `json:"view_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&created))
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	loc := resp.Header.Get("Location")

	// An open event stream must not hold up the graceful shutdown.
	events, err := http.Get("http://" + addr + loc + "/events?token=" + created.ViewToken)
	require.NoError(t, err)
	defer events.Body.Close()
	require.Equal(t, http.StatusOK, events.StatusCode)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel: graceful shutdown hangs")
	}
	assert.Contains(t, stdout.String(), "http://"+addr)
	assert.Contains(t, stderr.String(), "shutting down")
	assert.FileExists(t, db)

	// Start again on the same file: the map is there.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	addr2 := freeAddr(t)
	done2 := make(chan error, 1)
	go func() {
		done2 <- run(ctx2, []string{"relationskort", "serve", "--addr", addr2, "--db", db}, func(string) string { return "" },
			strings.NewReader(""), &stdout, &stderr)
	}()
	waitHealthy(t, addr2)
	r, err := http.Get(fmt.Sprintf("http://%s%s", addr2, loc))
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode, "the map exists and needs its token")
	cancel2()
	require.NoError(t, <-done2)
}

func TestRun_Errors(t *testing.T) {
	getenv := func(string) string { return "" }
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"relationskort", "frobnicate"}, getenv, nil, &out, &errb)
	assert.ErrorContains(t, err, `unknown command "frobnicate"`)

	// A file that is not a database stops the service with a clear message.
	junk := filepath.Join(t.TempDir(), "junk.db")
	require.NoError(t, os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 100), 0o600))
	err = run(context.Background(), []string{"relationskort", "serve", "--addr", "127.0.0.1:0", "--db", junk}, getenv, nil, &out, &errb)
	assert.ErrorContains(t, err, "not a Relationskort database or is corrupt")

	// A busy port fails at once with a clear error.
	ln, lerr := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, lerr)
	defer ln.Close()
	err = run(context.Background(), []string{"relationskort", "serve", "--addr", ln.Addr().String(),
		"--db", filepath.Join(t.TempDir(), "x.db")}, getenv, nil, &out, &errb)
	assert.ErrorContains(t, err, "address already in use")
}

// commands are the cases of run's switch, apart from help.
var commands = []string{"serve", "render", "export", "import", "backup", "migrate"}

func TestRun_Commands(t *testing.T) {
	getenv := func(string) string { return "" }
	t.Run("Unknown", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"relationskort", "frobnicate"}, getenv, nil, &stdout, &stderr)
		require.ErrorContains(t, err, `unknown command "frobnicate"`)
		assert.Equal(t, usage, stderr.String())
		assert.Zero(t, stdout.Len())
	})
	for _, arg := range []string{"help", "-h", "-help", "--help"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.NoError(t, run(t.Context(), []string{"relationskort", arg}, getenv, nil, &stdout, &stderr))
			assert.Equal(t, usage, stdout.String())
			assert.Zero(t, stderr.Len())
		})
	}
	for _, cmd := range commands {
		t.Run(cmd+"-h", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), []string{"relationskort", cmd, "-h"}, getenv, nil, &stdout, &stderr)
			require.ErrorIs(t, err, flag.ErrHelp)
			assert.True(t, strings.HasPrefix(stderr.String(), "usage: relationskort "+cmd+" "), "relationskort %s -h wrote %q", cmd, stderr.String())
			assert.Zero(t, stdout.Len())
			assert.Contains(t, usage, "\n  relationskort "+cmd+" ", "the usage text names %s", cmd)
		})
	}
}

// TestRun_DefaultIsServe: no command, or flags without one, is serve.
func TestRun_DefaultIsServe(t *testing.T) {
	for _, args := range [][]string{{"relationskort"}, {"relationskort", "--log-format", "json"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			addr := freeAddr(t)
			env := map[string]string{"RELATIONSKORT_ADDR": addr, "RELATIONSKORT_DB": filepath.Join(t.TempDir(), "r.db")}
			ctx, cancel := context.WithCancel(t.Context())
			var stdout, stderr syncBuffer
			done := make(chan error, 1)
			go func() { done <- run(ctx, args, func(k string) string { return env[k] }, nil, &stdout, &stderr) }()
			waitHealthy(t, addr)
			cancel()
			require.NoError(t, <-done)
			assert.Contains(t, stdout.String(), "http://"+addr)
		})
	}
}

// TestRun_ServeRefusesWeakAdminToken: an admin token under 32 characters,
// or one of blanks, stops the service before it listens (issue 14, S2).
func TestRun_ServeRefusesWeakAdminToken(t *testing.T) {
	for _, tok := range []string{"x", " ", "short-admin-secret", strings.Repeat(" ", 40), strings.Repeat("a", 31)} {
		env := map[string]string{"RELATIONSKORT_DB": filepath.Join(t.TempDir(), "a.db"), "RELATIONSKORT_ADMIN_TOKEN": tok}
		var stdout, stderr syncBuffer
		err := run(context.Background(), []string{"relationskort", "serve", "--addr", "127.0.0.1:0"},
			func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
		require.Error(t, err, "admin token %q", tok)
		assert.Contains(t, err.Error(), "RELATIONSKORT_ADMIN_TOKEN")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// buildBinary compiles the real program once for the process tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "relationskort")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

type proc struct {
	cmd  *exec.Cmd
	addr string
}

func startServer(t *testing.T, bin, db string) *proc {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Env = append(os.Environ(), "RELATIONSKORT_RATE_LIMIT=off")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitHealthy(t, addr)
	return &proc{cmd: cmd, addr: addr}
}

type createdMap struct {
	ID        string `json:"id"`
	EditToken string `json:"edit_token"`
}

func createMap(t *testing.T, addr string) createdMap {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/api/v1/maps", "application/json", strings.NewReader(`{"title":"Nedbrud"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var c createdMap
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&c))
	return c
}

// writeStream adds functions from several clients until stop is closed and
// returns the names whose creation the server acknowledged with 201.
func writeStream(addr string, c createdMap, clients int, stop <-chan struct{}, count *atomic.Int64) []string {
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("Funktion %d-%d", w, i)
				body, _ := json.Marshal(map[string]string{"name": name})
				req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/maps/"+c.ID+"/functions", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+c.EditToken)
				resp, err := hc.Do(req)
				if err != nil {
					return // the server is gone
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
					count.Add(1)
				}
				if i >= graph.MaxFunctions/clients-1 {
					return
				}
			}
		}()
	}
	wg.Wait()
	return acked
}

func waitCount(t *testing.T, n *atomic.Int64, want int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for n.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes acknowledged, want %d", n.Load(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

func loadMap(t *testing.T, db, id string) *graph.Map {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.IntegrityCheck(context.Background()))
	m, err := st.GetMap(context.Background(), id)
	require.NoError(t, err)
	return m
}

// TestCrash kills the server with SIGKILL in the middle of a stream of
// writes: after a restart every acknowledged write is there and the
// database passes PRAGMA integrity_check.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and kills the real server")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "crash.db")
	p := startServer(t, bin, db)
	c := createMap(t, p.addr)

	stop := make(chan struct{})
	ackedc := make(chan []string, 1)
	var count atomic.Int64
	go func() { ackedc <- writeStream(p.addr, c, 4, stop, &count) }()
	waitCount(t, &count, 100) // kill in the middle of the stream, not after it
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	p.cmd.Wait()
	close(stop)
	acked := <-ackedc
	require.Less(t, len(acked), graph.MaxFunctions, "the stream ended before the kill")

	p2 := startServer(t, bin, db) // the server starts on the crashed file
	require.NoError(t, p2.cmd.Process.Signal(syscall.SIGTERM))
	p2.cmd.Wait()

	m := loadMap(t, db, c.ID)
	names := map[string]bool{}
	for _, f := range m.Functions {
		names[f.Name] = true
	}
	for _, n := range acked {
		assert.True(t, names[n], "acknowledged write %q is lost", n)
	}
	t.Logf("%d writes acknowledged before SIGKILL, %d functions found after restart", len(acked), len(m.Functions))
}

// TestBackup copies the database while the server runs and takes writes,
// then restores the copy in place of the database.
func TestBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and runs the real server")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	p := startServer(t, bin, db)
	c := createMap(t, p.addr)

	stop := make(chan struct{})
	done := make(chan []string, 1)
	var count atomic.Int64
	go func() { done <- writeStream(p.addr, c, 2, stop, &count) }()
	waitCount(t, &count, 50)

	backup := filepath.Join(dir, "backup.db")
	var out, errb bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"relationskort", "backup", "--db", db, backup},
		func(string) string { return "" }, nil, &out, &errb), errb.String())
	assert.Contains(t, out.String(), "backed up")
	close(stop)
	<-done

	// The copy is consistent and holds the map as it was.
	copied := loadMap(t, backup, c.ID)
	assert.NotEmpty(t, copied.Functions)

	// A second backup to the same name is refused rather than overwriting.
	err := run(context.Background(), []string{"relationskort", "backup", "--db", db, backup},
		func(string) string { return "" }, nil, &out, &errb)
	assert.Error(t, err)

	// Restore: stop the service, put the copy in place, start again.
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	p.cmd.Wait()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(db + suffix)
	}
	data, err := os.ReadFile(backup)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(db, data, 0o600))
	p2 := startServer(t, bin, db)
	req, _ := http.NewRequest("GET", "http://"+p2.addr+"/api/v1/maps/"+c.ID, nil)
	req.Header.Set("Authorization", "Bearer "+c.EditToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var restored graph.Map
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&restored))
	assert.Equal(t, len(copied.Functions), len(restored.Functions))
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/postgres"
	"github.com/relationskort/relationskort/store/postgres/pgtest"
)

// The tests of several instances on one PostgreSQL database: each instance
// is the real program (run, or the built binary) on its own port.

// instance is run() serving on a free port of 127.0.0.1.
type instance struct {
	addr           string
	stdout, stderr *syncBuffer
}

// startInstance runs the service on db with env (rate limits off unless
// env says) until the test ends.
func startInstance(t *testing.T, db string, env map[string]string) *instance {
	t.Helper()
	in := &instance{addr: freeAddr(t), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	all := map[string]string{"RELATIONSKORT_RATE_LIMIT": "off", "RELATIONSKORT_DB": db}
	for k, v := range env {
		all[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"relationskort", "serve", "--addr", in.addr}, func(k string) string { return all[k] },
			strings.NewReader(""), in.stdout, in.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Error("run did not return after cancel")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("the service stopped: %v\n%s", err, in.stderr.String())
		default:
		}
		resp, err := http.Get("http://" + in.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance at %s did not become healthy", in.addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var client = &http.Client{Timeout: 10 * time.Second}

// call sends a request with a JSON body (when body is not "") and returns
// the response with its body read.
func call(t testing.TB, method, url, token, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

// etagVersion is the map version at the start of an ETag ("7" or "7-svg-…").
func etagVersion(t testing.TB, tag string) int64 {
	t.Helper()
	s := strings.Trim(tag, `"`)
	s, _, _ = strings.Cut(s, "-")
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err, "ETag %q", tag)
	return v
}

type twoFunctionMap struct {
	ID        string `json:"id"`
	EditToken string `json:"edit_token"`
	ViewToken string `json:"view_token"`
}

func createTwoFunctionMap(t *testing.T, addr string) twoFunctionMap {
	t.Helper()
	resp, body := call(t, "POST", "http://"+addr+"/api/v1/maps", "",
		`{"title":"To instanser","functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"id":"r1","a":"a","b":"b"}]}`, nil)
	require.NotNil(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	var m twoFunctionMap
	require.NoError(t, json.Unmarshal(body, &m))
	return m
}

// events follows the event stream of a map and sends each version it
// announces.
func events(t *testing.T, addr, id, token string) <-chan int64 {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/api/v1/maps/"+id+"/events?token="+token, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out := make(chan int64, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var d struct{ Version int64 }
			if rest, ok := strings.CutPrefix(sc.Text(), "data: "); ok && json.Unmarshal([]byte(rest), &d) == nil && d.Version > 0 {
				out <- d.Version
			}
		}
	}()
	return out
}

// TestInstances_TwoOnPostgres runs two instances on one PostgreSQL
// database: tokens work on both, an edit through A reaches an event stream
// on B within 1 s, B never renders a version older than the one A
// acknowledged, and 16 writers with If-Match spread over both lose nothing.
func TestInstances_TwoOnPostgres(t *testing.T) {
	db := pgtest.NewSchema(t)
	a, b := startInstance(t, db, nil), startInstance(t, db, nil)
	m := createTwoFunctionMap(t, a.addr)
	mapURL := func(in *instance) string { return "http://" + in.addr + "/api/v1/maps/" + m.ID }

	t.Run("EventReachesTheOtherInstance", func(t *testing.T) {
		stream := events(t, b.addr, m.ID, m.ViewToken)
		v := <-stream // the current version comes first
		var worst time.Duration
		for i := range 10 {
			start := time.Now()
			resp, body := call(t, "PATCH", mapURL(a)+"/relations/r1", m.EditToken, fmt.Sprintf(`{"rating":%d}`, 1+(i+1)%3), nil)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			want := etagVersion(t, resp.Header.Get("ETag"))
			require.Greater(t, want, v)
			for v < want {
				select {
				case v = <-stream:
				case <-time.After(time.Second):
					t.Fatalf("edit %d (version %d) through A did not reach the stream on B within 1 s", i, want)
				}
			}
			worst = max(worst, time.Since(start))
		}
		t.Logf("slowest edit-to-event (write through A, event on B): %v", worst)
	})

	t.Run("RenderNeverOlderThanAcknowledged", func(t *testing.T) {
		for i := range 15 {
			resp, body := call(t, "PATCH", mapURL(a)+"/relations/r1", m.EditToken, fmt.Sprintf(`{"rating":%d}`, 1+i%3), nil)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			acked := etagVersion(t, resp.Header.Get("ETag"))
			for _, path := range []string{"/map.svg", "/matrix.svg", ""} {
				resp, body = call(t, "GET", mapURL(b)+path, m.ViewToken, "", nil)
				require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
				got := etagVersion(t, resp.Header.Get("ETag"))
				assert.GreaterOrEqual(t, got, acked, "B served %s at version %d after A acknowledged %d", path, got, acked)
			}
		}
	})

	t.Run("TokensOnEveryInstance", func(t *testing.T) {
		for _, in := range []*instance{a, b} {
			resp, _ := call(t, "GET", mapURL(in), m.ViewToken, "", nil)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		}
		resp, body := call(t, "POST", mapURL(a)+"/tokens", m.EditToken, "", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
		var rotated twoFunctionMap
		require.NoError(t, json.Unmarshal(body, &rotated))
		resp, _ = call(t, "GET", mapURL(b), m.EditToken, "", nil)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "the old token stops working on B at once")
		resp, _ = call(t, "GET", mapURL(b), rotated.EditToken, "", nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "the new token works on B")
		m.EditToken, m.ViewToken = rotated.EditToken, rotated.ViewToken
	})

	t.Run("ConcurrentWritersWithIfMatch", func(t *testing.T) {
		resp, _ := call(t, "GET", mapURL(a), m.ViewToken, "", nil)
		start := etagVersion(t, resp.Header.Get("ETag"))
		const writers, each = 16, 8
		type ack struct {
			name    string
			version int64
		}
		var mu sync.Mutex
		acks := map[int][]ack{}
		var collided atomic.Int64
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := []*instance{a, b}[w%2]
				for i := range each {
					resp, body := call(t, "GET", mapURL(in), m.ViewToken, "", nil)
					if !assert.Equal(t, http.StatusOK, resp.StatusCode, string(body)) {
						return
					}
					name := fmt.Sprintf("Skriver %d-%d", w, i)
					resp, body = call(t, "POST", mapURL(in)+"/functions", m.EditToken, `{"name":"`+name+`"}`,
						map[string]string{"If-Match": resp.Header.Get("ETag")})
					switch resp.StatusCode {
					case http.StatusCreated:
						mu.Lock()
						acks[w] = append(acks[w], ack{name, etagVersion(t, resp.Header.Get("ETag"))})
						mu.Unlock()
					case http.StatusPreconditionFailed:
						collided.Add(1)
					default:
						t.Errorf("POST function = %d %s; want 201 or 412", resp.StatusCode, body)
					}
				}
			}()
		}
		wg.Wait()

		resp, body := call(t, "GET", mapURL(b), m.ViewToken, "", nil)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var got graph.Map
		require.NoError(t, json.Unmarshal(body, &got))
		names := map[string]bool{}
		for _, f := range got.Functions {
			names[f.Name] = true
		}
		var versions []int64
		total := 0
		for w, list := range acks {
			for i, a := range list {
				assert.True(t, names[a.name], "acknowledged %q (version %d) is lost", a.name, a.version)
				if i > 0 {
					assert.Greater(t, a.version, list[i-1].version, "writer %d's versions increase", w)
				}
				versions = append(versions, a.version)
				total++
			}
		}
		sort.Slice(versions, func(i, j int) bool { return versions[i] < versions[j] })
		for i, v := range versions {
			assert.Equal(t, start+int64(i)+1, v, "the acknowledged versions are exactly %d+1…%d+%d, each once", start, start, total)
		}
		assert.Equal(t, start+int64(total), got.Version, "one version for each acknowledged edit")
		assert.Len(t, got.Functions, 2+total, "only acknowledged edits are in the map")
		assert.Equal(t, writers*each, total+int(collided.Load()))
		assert.Positive(t, collided.Load(), "writers on two instances collided at least once (412)")
		t.Logf("%d edits acknowledged, %d answered 412", total, collided.Load())
	})
}

// writeLoad adds functions to maps (writer w to maps[w]) through the
// instances, round-robin, until stop is closed or the map is nearly full; it
// returns the names acknowledged with 201, by map, and records the time each
// kind of answer was first seen.
func writeLoad(ins []*instance, maps []twoFunctionMap, stop <-chan struct{}, statuses *sync.Map) map[string][]string {
	var mu sync.Mutex
	acked := map[string][]string{}
	var wg sync.WaitGroup
	for w, m := range maps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 5 * time.Second}
			mine := 0
			for i := 0; mine < graph.MaxFunctions-3; i++ {
				select {
				case <-stop:
					return
				default:
				}
				in := ins[i%len(ins)]
				name := fmt.Sprintf("Last %d-%d", w, i)
				req, _ := http.NewRequest("POST", "http://"+in.addr+"/api/v1/maps/"+m.ID+"/functions", strings.NewReader(`{"name":"`+name+`"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+m.EditToken)
				resp, err := hc.Do(req)
				if err != nil {
					statuses.LoadOrStore("error "+err.Error(), time.Now())
					time.Sleep(10 * time.Millisecond)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				key := strconv.Itoa(resp.StatusCode)
				if resp.StatusCode == http.StatusServiceUnavailable {
					var e struct{ Error struct{ Code string } }
					json.Unmarshal(body, &e)
					key += " " + e.Error.Code
				}
				if _, seen := statuses.LoadOrStore(key, time.Now()); !seen && resp.StatusCode != http.StatusCreated {
					statuses.Store("body "+key, string(body))
				}
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					acked[m.ID] = append(acked[m.ID], name)
					mu.Unlock()
					mine++
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	return acked
}

// status returns the status and error code of a GET.
func status(addr, path string) (int, string) {
	resp, err := client.Get("http://" + addr + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var e struct{ Error struct{ Code string } }
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error.Code
}

// TestInstances_PostgresStops stops PostgreSQL under two loaded instances:
// within 2 s writes answer 503 (code unavailable) and /readyz 503 on both;
// the processes stay up, and when PostgreSQL is back both answer 200 again
// by themselves. Afterwards every acknowledged write is in the map and the
// version counts the writes exactly.
func TestInstances_PostgresStops(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: starts and stops a PostgreSQL server of its own")
	}
	cl := pgtest.StartCluster(t)
	db := pgtest.SchemaOn(t, cl.URL())
	a, b := startInstance(t, db, nil), startInstance(t, db, nil)
	ins := []*instance{a, b}
	var maps []twoFunctionMap
	for range 6 {
		maps = append(maps, createTwoFunctionMap(t, a.addr))
	}

	stop := make(chan struct{})
	var statuses sync.Map
	ackedc := make(chan map[string][]string, 1)
	go func() { ackedc <- writeLoad(ins, maps, stop, &statuses) }()
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
	}()
	waitFor := func(what string, within time.Duration, ok func() bool) time.Duration {
		t.Helper()
		start := time.Now()
		for !ok() {
			if time.Since(start) > within {
				var seen []string
				statuses.Range(func(k, v any) bool { seen = append(seen, fmt.Sprint(k, ": ", v)); return true })
				t.Fatalf("%s: not within %v; answers seen: %s", what, within, strings.Join(seen, "; "))
			}
			time.Sleep(20 * time.Millisecond)
		}
		return time.Since(start)
	}
	waitFor("writes acknowledged before the stop", 30*time.Second, func() bool { _, ok := statuses.Load("201"); return ok })
	time.Sleep(200 * time.Millisecond)

	stopping := time.Now()
	cl.Stop(t)
	t.Logf("pg_ctl stop -m fast took %v", time.Since(stopping))
	for _, in := range ins {
		d := waitFor("/readyz 503 on "+in.addr, 2*time.Second, func() bool {
			code, errCode := status(in.addr, "/readyz")
			return code == http.StatusServiceUnavailable && errCode == "unavailable"
		})
		t.Logf("%s: /readyz 503 %v after the stop", in.addr, d)
	}
	waitFor("a write answered 503 unavailable", 2*time.Second, func() bool {
		_, ok := statuses.Load("503 unavailable")
		return ok
	})
	v, _ := statuses.Load("503 unavailable")
	t.Logf("first write answered 503 unavailable %v after pg_ctl stop began", v.(time.Time).Sub(stopping))
	for _, in := range ins {
		code, _ := status(in.addr, "/api/v1/openapi.json")
		assert.Equal(t, http.StatusOK, code, "the process stays up and serves what needs no database")
	}
	time.Sleep(500 * time.Millisecond) // under load while down

	cl.Start(t)
	started := time.Now()
	for _, in := range ins {
		d := waitFor("/readyz 200 again on "+in.addr, 15*time.Second, func() bool {
			code, _ := status(in.addr, "/readyz")
			return code == http.StatusOK
		})
		t.Logf("%s: /readyz 200 %v after the start", in.addr, d)
	}
	statuses.Delete("201")
	waitFor("writes acknowledged after the start", 15*time.Second, func() bool {
		v, ok := statuses.Load("201")
		return ok && v.(time.Time).After(started)
	})
	close(stop)
	acked := <-ackedc

	st, err := postgres.Open(context.Background(), db, postgres.Options{})
	require.NoError(t, err)
	defer st.Close()
	total, stored := 0, 0
	for _, m := range maps {
		got, err := st.GetMap(context.Background(), m.ID)
		require.NoError(t, err)
		names := map[string]int{}
		for _, f := range got.Functions {
			names[f.Name]++
		}
		for _, n := range acked[m.ID] {
			assert.Equal(t, 1, names[n], "acknowledged write %q", n)
		}
		added := len(got.Functions) - 2
		assert.GreaterOrEqual(t, added, len(acked[m.ID]))
		assert.Equal(t, int64(1+added), got.Version, "one version for each function added, no more, no less")
		total += len(acked[m.ID])
		stored += added
	}
	var seen []string
	statuses.Range(func(k, _ any) bool { seen = append(seen, k.(string)); return true })
	t.Logf("%d writes acknowledged; %d functions added; answers seen: %v", total, stored, seen)
	for _, k := range seen {
		if !strings.HasPrefix(k, "body ") {
			v, _ := statuses.Load("body " + k)
			assert.True(t, k == "201" || k == "503 unavailable", "unexpected answer %q %v: every request gets 201 or 503", k, v)
		}
	}
}

// TestInstances_KillOne kills one of two instances (the binary, SIGKILL)
// in the middle of a stream of writes: the other keeps serving, and every
// write the killed one acknowledged is in the database.
func TestInstances_KillOne(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and kills the real server")
	}
	db := pgtest.NewSchema(t)
	bin := buildBinary(t)
	a, b := startServer(t, bin, db), startServer(t, bin, db)
	c := createMap(t, a.addr)

	stop := make(chan struct{})
	ackedc := make(chan []string, 1)
	var count atomic.Int64
	go func() { ackedc <- writeStream(a.addr, c, 4, stop, &count) }()
	waitCount(t, &count, 60)
	require.NoError(t, a.cmd.Process.Signal(syscall.SIGKILL))
	a.cmd.Wait()
	close(stop)
	acked := <-ackedc

	// B serves reads and writes on.
	var countB atomic.Int64
	stopB := make(chan struct{})
	go func() {
		// until B has acknowledged a few writes (on a loaded machine its
		// first ones may take a while), or 20 s without them
		deadline := time.Now().Add(20 * time.Second)
		for countB.Load() < 3 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		close(stopB)
	}()
	ackedB := writeStream(b.addr, c, 2, stopB, &countB)
	require.NotEmpty(t, ackedB, "the second instance takes writes while the first is down")

	resp, body := call(t, "GET", "http://"+b.addr+"/api/v1/maps/"+c.ID, c.EditToken, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var m graph.Map
	require.NoError(t, json.Unmarshal(body, &m))
	names := map[string]bool{}
	for _, f := range m.Functions {
		names[f.Name] = true
	}
	for _, n := range append(acked, ackedB...) {
		assert.True(t, names[n], "acknowledged write %q is lost", n)
	}
	t.Logf("%d writes acknowledged by A before SIGKILL, %d by B after; %d functions in the map", len(acked), len(ackedB), len(m.Functions))
}

// TestServe_PasswordNeverShown runs the service with a password in the URL
// and in RELATIONSKORT_DB_PASSWORD_FILE, lets it log requests and errors,
// and finds neither password in anything it wrote or returned; the same
// for a server that cannot be reached, and for migrate and backup.
func TestServe_PasswordNeverShown(t *testing.T) {
	const inURL, inFile = "url-Secret-4711", "file-Secret-0815"
	base := pgtest.NewSchema(t)
	withPW := strings.Replace(base, "postgres://postgres@", "postgres://postgres:"+inURL+"@", 1)
	require.Contains(t, withPW, inURL)
	pwFile := filepath.Join(t.TempDir(), "pw")
	require.NoError(t, os.WriteFile(pwFile, []byte(inFile+"\n"), 0o600))
	env := map[string]string{"RELATIONSKORT_DB_PASSWORD_FILE": pwFile, "RELATIONSKORT_LOG_FORMAT": "json"}

	in := startInstance(t, withPW, env)
	m := createTwoFunctionMap(t, in.addr)
	call(t, "GET", "http://"+in.addr+"/api/v1/maps/"+m.ID+"?token="+m.ViewToken, "", "", nil)
	call(t, "GET", "http://"+in.addr+"/api/v1/maps/nope", m.ViewToken, "", nil)
	call(t, "GET", "http://"+in.addr+"/readyz", "", "", nil)
	var out bytes.Buffer
	out.WriteString(in.stdout.String() + in.stderr.String())
	assert.Contains(t, out.String(), "postgres://postgres@", "the database is named, without its password")

	// A server that is not there: the start fails, saying why.
	getenv := func(k string) string {
		return map[string]string{"RELATIONSKORT_DB_PASSWORD_FILE": pwFile}[k]
	}
	unreachable := "postgres://rk:" + inURL + "@127.0.0.1:1/rk?sslmode=disable&connect_timeout=1"
	var so, se bytes.Buffer
	err := run(context.Background(), []string{"relationskort", "serve", "--addr", "127.0.0.1:0", "--db", unreachable}, getenv, nil, &so, &se)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "database unavailable")
	out.WriteString(err.Error() + so.String() + se.String())
	err = run(context.Background(), []string{"relationskort", "migrate", "--db", withPW}, getenv, nil, &so, &se)
	require.NoError(t, err)
	err = run(context.Background(), []string{"relationskort", "backup", "--db", withPW, filepath.Join(t.TempDir(), "b")}, getenv, nil, &so, &se)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pg_dump")
	out.WriteString(err.Error() + so.String() + se.String())

	assert.NotContains(t, out.String(), inURL)
	assert.NotContains(t, out.String(), inFile)
}

func TestReadPassword(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, content, want, err string }{
		{"OneLine", "hemmelig\n", "hemmelig", ""},
		{"NoNewline", "hemmelig", "hemmelig", ""},
		{"CRLF", "hemmelig\r\nrest", "hemmelig", ""},
		{"Spaces", " med mellemrum \n", " med mellemrum ", ""},
		{"Empty", "\n", "", "holds no password"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			got, err := readPassword(path)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				assert.NotContains(t, err.Error(), tt.content)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := readPassword(filepath.Join(dir, "missing"))
	assert.ErrorContains(t, err, "RELATIONSKORT_DB_PASSWORD_FILE")
}

// TestMigrate: migrate brings a new database to the current schema, then
// has nothing to do; a database from a newer program is refused, on both
// engines.
func TestMigrate(t *testing.T) {
	getenv := func(string) string { return "" }
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "m.db")
			if engine == "postgres" {
				db = pgtest.NewSchema(t)
			}
			var out, errb bytes.Buffer
			require.NoError(t, run(t.Context(), []string{"relationskort", "migrate", "--db", db}, getenv, nil, &out, &errb))
			assert.Regexp(t, `migrated from schema version 0 to \d+`, out.String())
			out.Reset()
			require.NoError(t, run(t.Context(), []string{"relationskort", "migrate", "--db", db}, getenv, nil, &out, &errb))
			assert.Regexp(t, `is at schema version \d+: nothing to do`, out.String())

			// As if a newer program had migrated it further.
			if engine == "postgres" {
				conn, err := pgx.Connect(t.Context(), db)
				require.NoError(t, err)
				_, err = conn.Exec(t.Context(), `INSERT INTO relationskort_migrations (version, name) VALUES (99, 'from the future')`)
				require.NoError(t, err)
				conn.Close(t.Context())
			} else {
				raw, err := sql.Open("sqlite", store.DSN(db))
				require.NoError(t, err)
				_, err = raw.Exec(`PRAGMA user_version = 99`)
				require.NoError(t, err)
				raw.Close()
			}
			for _, args := range [][]string{
				{"relationskort", "migrate", "--db", db},
				{"relationskort", "serve", "--addr", "127.0.0.1:0", "--db", db},
			} {
				err := run(t.Context(), args, getenv, nil, &out, &errb)
				require.ErrorIs(t, err, store.ErrSchemaTooNew, args[1])
				assert.Contains(t, err.Error(), "the database schema is newer than this program: upgrade relationskort")
				assert.Contains(t, err.Error(), "at schema version 99")
			}
		})
	}
}

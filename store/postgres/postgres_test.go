package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/postgres"
	"github.com/relationskort/relationskort/store/postgres/pgtest"
	"github.com/relationskort/relationskort/store/storetest"
)

// open opens a Store on the database at u, closed when the test ends.
func open(t *testing.T, u string) *postgres.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := postgres.Open(ctx, u, postgres.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// TestContract runs the storage contract suite on PostgreSQL: a new schema
// for each test, and as many Stores (instances) on it as the test opens.
func TestContract(t *testing.T) {
	pgtest.URL(t) // skip, with the reason, before any subtest
	storetest.Run(t, storetest.Engine{
		SharedChanges: true,
		New: func(t *testing.T) storetest.Opener {
			u := pgtest.NewSchema(t)
			return func(t *testing.T, now func() time.Time) store.DB {
				t.Helper()
				st := open(t, u)
				if now != nil {
					st.Now = now
				}
				return st
			}
		},
	})
}

// TestOpen_Migrations: a new schema gets every migration; instances started
// at the same time apply each once; a schema from a newer program stops
// Open with store.ErrSchemaTooNew and is left as it is.
func TestOpen_Migrations(t *testing.T) {
	ctx := context.Background()
	u := pgtest.NewSchema(t)

	var wg sync.WaitGroup
	stores := make([]*postgres.Store, 4)
	errs := make([]error, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = postgres.Open(ctx, u, postgres.Options{})
		}()
	}
	wg.Wait()
	applied := 0
	var now int
	for i, st := range stores {
		require.NoError(t, errs[i])
		defer st.Close()
		found, n := st.SchemaVersions()
		now = n
		if found == 0 {
			applied++
		}
	}
	assert.GreaterOrEqual(t, now, 2)
	assert.GreaterOrEqual(t, applied, 1)

	conn, err := pgx.Connect(ctx, u)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var rows, max int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*), max(version) FROM relationskort_migrations`).Scan(&rows, &max))
	assert.Equal(t, now, rows, "each migration recorded once")
	assert.Equal(t, now, max)

	_, err = conn.Exec(ctx, `INSERT INTO relationskort_migrations (version, name) VALUES ($1, 'from the future')`, now+1)
	require.NoError(t, err)
	_, err = postgres.Open(ctx, u, postgres.Options{})
	require.ErrorIs(t, err, store.ErrSchemaTooNew)
	assert.Contains(t, err.Error(), fmt.Sprintf("schema version %d, this program knows %d", now+1, now))
}

// TestOpen_Password: the password from Options is used, and neither it nor
// one in the URL appears in any error or in the Store's name.
func TestOpen_Password(t *testing.T) {
	ctx := context.Background()
	const secret = "s3cret-Pa55word"
	base := pgtest.URL(t)

	// A server that is not there: the error says so, without the secret.
	_, err := postgres.Open(ctx, "postgres://rk:"+secret+"@127.0.0.1:1/db?sslmode=disable&connect_timeout=1", postgres.Options{})
	require.ErrorIs(t, err, graph.ErrUnavailable)
	assert.NotContains(t, err.Error(), secret)
	_, err = postgres.Open(ctx, "postgres://rk@127.0.0.1:1/db?sslmode=disable&connect_timeout=1&password="+secret, postgres.Options{Password: secret})
	require.ErrorIs(t, err, graph.ErrUnavailable)
	assert.NotContains(t, err.Error(), secret)
	// A URL that does not parse.
	_, err = postgres.Open(ctx, "postgres://rk:"+secret+"@127.0.0.1:notaport/db", postgres.Options{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secret)

	// A password that is refused: a role with one, on the test server.
	conn, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	defer conn.Close(ctx)
	role := fmt.Sprintf("rk_pw_%d", time.Now().UnixNano())
	_, err = conn.Exec(ctx, fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", role, secret))
	require.NoError(t, err)
	defer conn.Exec(ctx, "DROP ROLE "+role)
	u, err := url.Parse(pgtest.NewSchema(t))
	require.NoError(t, err)
	u.User = url.UserPassword(role, "wrong-"+secret)
	st, err := postgres.Open(ctx, u.String(), postgres.Options{Password: secret})
	if err == nil {
		// The server trusts every local connection (as the CI's does):
		// the password was not needed, but it must not show.
		defer st.Close()
		assert.NotContains(t, st.String(), secret)
	} else {
		assert.NotContains(t, err.Error(), secret)
	}
	assert.NotContains(t, postgres.Redact(u.String()), secret)
	assert.NotContains(t, postgres.Redact("postgresql://x@h/db?sslpassword="+secret+"&password="+secret), secret)
}

// TestOpen_PasswordChecked, on a server that asks for passwords: without
// one, or with a wrong one, Open fails saying so (and not with the
// password); Options.Password is used, in place of any in the URL.
func TestOpen_PasswordChecked(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: starts a PostgreSQL server of its own")
	}
	ctx := context.Background()
	c := pgtest.StartCluster(t)
	pw := c.Password()
	wrong := strings.Replace(c.URL(), pw, "wrong-"+pw, 1)

	for _, tt := range []struct {
		name, url, password string
		ok                  bool
	}{
		{"NoPassword", c.URLWithoutPassword(), "", false},
		{"WrongInURL", wrong, "", false},
		{"InURL", c.URL(), "", true},
		{"FromOptions", c.URLWithoutPassword(), pw, true},
		{"OptionsWin", wrong, pw, true},
		{"WrongInOptions", c.URL(), "wrong-" + pw, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := postgres.Open(ctx, tt.url, postgres.Options{Password: tt.password})
			if tt.ok {
				require.NoError(t, err)
				assert.NotContains(t, st.String(), pw)
				st.Close()
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "password authentication failed")
			assert.NotContains(t, err.Error(), pw)
		})
	}
}

func TestRedact(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"postgres://rk:pw@db.example.dk:5432/rk?sslmode=require", "postgres://rk@db.example.dk:5432/rk?sslmode=require"},
		{"postgresql://rk@db/rk", "postgresql://rk@db/rk"},
		{"postgres://db/rk?password=pw", "postgres://db/rk?password=REDACTED"},
		{"postgres://rk:p%40w@db/rk", "postgres://rk@db/rk"},
		{"postgres://rk:pw@db:port/rk", "postgres://(a URL that does not parse)"},
	} {
		if got := postgres.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestListener_Reconnects: when the listening connection is killed (as a
// restart, a failover or a network cut does), the Store reconnects by
// itself, tells its subscribers to re-read (Resync), and hears later
// changes again.
func TestListener_Reconnects(t *testing.T) {
	ctx := context.Background()
	u := pgtest.NewSchema(t)
	a, b := open(t, u), open(t, u)
	changes := make(chan store.Change, 100)
	cancel := b.Subscribe(func(c store.Change) { changes <- c })
	defer cancel()

	m := storetest.DemoMap(t)
	require.NoError(t, a.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	conn, err := pgx.Connect(ctx, u)
	require.NoError(t, err)
	defer conn.Close(ctx)
	for len(changes) > 0 {
		require.False(t, (<-changes).Resync, "a Resync before the connection was lost")
	}
	var killed bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, b.ListenerPIDForTest()).Scan(&killed))
	require.True(t, killed)

	await := func(want func(store.Change) bool, what string) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case c := <-changes:
				if want(c) {
					return
				}
			case <-deadline:
				t.Fatalf("no %s within 5 s", what)
			}
		}
	}
	await(func(c store.Change) bool { return c.Resync }, "resync after the reconnect")
	assert.NoError(t, b.Ready(ctx), "ready again once listening")
	_, err = a.Update(ctx, m.ID, 1, func(m *graph.Map) error { m.Title = "Efter afbrydelsen"; return nil })
	require.NoError(t, err)
	start := time.Now()
	await(func(c store.Change) bool { return c.MapID == m.ID && c.Version == 2 }, "change after the reconnect")
	assert.Less(t, time.Since(start), time.Second)
}

// TestStore_ServerRestart stops the server under a Store: reads, edits and
// Ready fail with graph.ErrUnavailable within 2 s and nothing is half
// written; when the server is back the same Store works again by itself,
// and its listener is back too.
func TestStore_ServerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: starts and stops a PostgreSQL server of its own")
	}
	ctx := context.Background()
	c := pgtest.StartCluster(t)
	u := pgtest.SchemaOn(t, c.URL())
	st := open(t, u)
	resync := make(chan struct{}, 10)
	defer st.Subscribe(func(ch store.Change) {
		if ch.Resync {
			resync <- struct{}{}
		}
	})()
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
	_, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Før"; return nil })
	require.NoError(t, err)

	c.Stop(t)
	start := time.Now()
	_, err = st.GetMap(ctx, m.ID)
	assert.ErrorIs(t, err, graph.ErrUnavailable)
	_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Under"; return nil })
	assert.ErrorIs(t, err, graph.ErrUnavailable)
	assert.ErrorIs(t, st.Ready(ctx), graph.ErrUnavailable)
	assert.ErrorIs(t, st.Ping(ctx), graph.ErrUnavailable)
	assert.Less(t, time.Since(start), 2*time.Second, "unavailability is reported at once")

	c.Start(t)
	deadline := time.Now().Add(10 * time.Second)
	for st.Ready(ctx) != nil {
		require.True(t, time.Now().Before(deadline), "not ready 10 s after the server came back: %v", st.Ready(ctx))
		time.Sleep(50 * time.Millisecond)
	}
	got, err := st.Update(ctx, m.ID, 2, func(m *graph.Map) error { m.Title = "Efter"; return nil })
	require.NoError(t, err, "the edit during the outage was not made: the version is still 2")
	assert.Equal(t, int64(3), got.Version)
	select {
	case <-resync:
	case <-time.After(5 * time.Second):
		t.Fatal("no resync after the listener reconnected")
	}
}

// TestTranslate: the SQLSTATEs that mean "try later" are ErrUnavailable,
// constraint violations are ErrConflict.
func TestTranslate(t *testing.T) {
	ctx := context.Background()
	u := pgtest.NewSchema(t)
	st := open(t, u)
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	// A server that refuses writes (as a standby does).
	conn, err := pgx.Connect(ctx, u)
	require.NoError(t, err)
	defer conn.Close(ctx)
	ro := strings.Replace(u, "?", "?default_transaction_read_only=on&", 1)
	rst := open(t, ro)
	_, err = rst.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Skrivebeskyttet"; return nil })
	assert.ErrorIs(t, err, graph.ErrUnavailable)
	assert.ErrorIs(t, rst.Ready(ctx), graph.ErrUnavailable)
	got, err := rst.GetMap(ctx, m.ID)
	require.NoError(t, err, "reads work on a read-only server")
	assert.Equal(t, m.Title, got.Title)
	assert.True(t, errors.Is(st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}), graph.ErrConflict))
}

func openStore(u string) (*postgres.Store, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return postgres.Open(ctx, u, postgres.Options{})
}

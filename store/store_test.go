package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/storetest"
)

// TestContract runs the storage contract suite on SQLite: a new file for
// each test, and as many Stores on it as the test opens.
func TestContract(t *testing.T) {
	storetest.Run(t, storetest.Engine{New: func(t *testing.T) storetest.Opener {
		path := filepath.Join(t.TempDir(), "test.db")
		return func(t *testing.T, now func() time.Time) store.DB {
			t.Helper()
			st, err := store.Open(context.Background(), path)
			require.NoError(t, err)
			t.Cleanup(func() { st.Close() })
			if now != nil {
				st.Now = now
			}
			return st
		}
	}})
}

func newTestStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st, path
}

var acc = store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}

func TestOpen_Errors(t *testing.T) {
	ctx := context.Background()
	t.Run("NotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "junk.db")
		require.NoError(t, os.WriteFile(path, []byte("this is not a database, just some text that fills a page"), 0o600))
		_, err := store.Open(ctx, path)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not a Relationskort database or is corrupt")
	})
	t.Run("SchemaTooNew", func(t *testing.T) {
		st, path := newTestStore(t)
		require.NoError(t, st.Close())
		raw, err := store.Open(ctx, path) // bump user_version behind the store's back
		require.NoError(t, err)
		require.NoError(t, raw.SetUserVersionForTest(ctx, 99))
		require.NoError(t, raw.Close())
		_, err = store.Open(ctx, path)
		assert.True(t, errors.Is(err, store.ErrSchemaTooNew), "got %v", err)
	})
	t.Run("Memory", func(t *testing.T) {
		_, err := store.Open(ctx, ":memory:")
		assert.Error(t, err)
	})
}

// TestStore_Full: a full disk gives ErrUnavailable (the API answers 503),
// changes nothing, and the store keeps serving reads.
func TestStore_Full(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	require.NoError(t, st.SetMaxPageCountForTest(ctx, 1))
	_, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
		for i := range 200 {
			if _, err := m.AddFunction(graph.Function{Name: fmt.Sprintf("Funktion med et langt navn %d", i),
				Note: strings.Repeat("note ", 200)}); err != nil {
				return err
			}
		}
		return nil
	})
	require.ErrorIs(t, err, graph.ErrUnavailable)
	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Len(t, got.Functions, 3)
	assert.Equal(t, int64(1), got.Version)
}

// TestStore_Ready: /readyz's check fails with ErrUnavailable when the
// database cannot grow (as on a full disk) and passes again once it can.
func TestStore_Ready(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	require.NoError(t, st.Ready(ctx))
	require.NoError(t, st.SetMaxPageCountForTest(ctx, 1))
	assert.ErrorIs(t, st.Ready(ctx), graph.ErrUnavailable)
	require.NoError(t, st.Ping(ctx), "reads still work: the service is alive, not ready")
	require.NoError(t, st.SetMaxPageCountForTest(ctx, 1<<30))
	assert.NoError(t, st.Ready(ctx))

	require.NoError(t, st.Close())
	assert.ErrorIs(t, st.Ready(ctx), graph.ErrUnavailable, "a closed store is not ready")
}

// TestStore_Migrations: the embedded migrations are numbered 1, 2, 3, …;
// a new database gets all of them, an opened one none again.
func TestStore_Migrations(t *testing.T) {
	ctx := context.Background()
	st, path := newTestStore(t)
	found, now := st.SchemaVersions()
	assert.Equal(t, 0, found)
	assert.GreaterOrEqual(t, now, 2)
	require.NoError(t, st.Close())
	again, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer again.Close()
	f2, n2 := again.SchemaVersions()
	assert.Equal(t, [2]int{now, now}, [2]int{f2, n2})
}

// queueBehind runs an edit that holds the committer until release is
// called, so that the edits started next queue up and are committed as
// one group. It waits until the edit holds the committer.
func queueBehind(t *testing.T, st *store.Store, id string) (release func(), done <-chan error) {
	t.Helper()
	hold, holding, errc := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := st.Update(context.Background(), id, 0, func(m *graph.Map) error {
			close(holding)
			<-hold
			m.Title = "Først"
			return nil
		})
		errc <- err
	}()
	<-holding
	return func() { close(hold) }, errc
}

// enqueue starts Update in a goroutine and waits until it is queued, so
// that edits queue in the order they are started.
func enqueue(t *testing.T, st *store.Store, ctx context.Context, id string, ifVersion int64, fn func(m *graph.Map) error) <-chan error {
	t.Helper()
	n := st.QueuedForTest()
	errc := make(chan error, 1)
	go func() {
		_, err := st.Update(ctx, id, ifVersion, fn)
		errc <- err
	}()
	for st.QueuedForTest() == n {
		time.Sleep(time.Millisecond)
	}
	return errc
}

// TestStore_GroupCommit: edits that queue while another is committed are
// committed together, one transaction for the group, and each is judged
// as if alone: its own If-Match check and version, its own refusal.
func TestStore_GroupCommit(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	rid := m.Relations[0].ID

	release, first := queueBehind(t, st, m.ID) // makes version 2
	boom := errors.New("boom")
	rate := enqueue(t, st, ctx, m.ID, 2, func(m *graph.Map) error {
		_, err := m.UpdateRelation(rid, &graph.RelationPatch{SetRating: true, Rating: graph.High})
		return err
	})
	stale := enqueue(t, st, ctx, m.ID, 2, func(m *graph.Map) error { m.Title = "Forældet"; return nil })
	failing := enqueue(t, st, ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Halvt"; return boom })
	invalid := enqueue(t, st, ctx, m.ID, 0, func(m *graph.Map) error {
		m.Relations = append(m.Relations, graph.Relation{ID: "selv", A: "borger", B: "borger"})
		return nil
	})
	noop := enqueue(t, st, ctx, m.ID, 3, func(m *graph.Map) error { return nil })
	rename := enqueue(t, st, ctx, m.ID, 3, func(m *graph.Map) error { m.Title = "Sidst"; return nil })
	commits := st.CommitsForTest()
	release()

	require.NoError(t, <-first)
	require.NoError(t, <-rate)
	assert.ErrorIs(t, <-stale, graph.ErrPrecondition)
	assert.ErrorIs(t, <-failing, boom)
	assert.ErrorIs(t, <-invalid, graph.ErrInvalid)
	require.NoError(t, <-noop)
	require.NoError(t, <-rename)
	assert.Equal(t, commits+2, st.CommitsForTest(), "the first edit, then the six queued ones in one transaction")

	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(4), got.Version, "one version a change: the first, the rating, the title")
	assert.Equal(t, "Sidst", got.Title)
	assert.Equal(t, graph.High, got.Relations[0].Rating)
	assert.Len(t, got.Relations, 3)
}

// TestStore_GroupCommitDatabaseError: a database error within a group (a
// full disk) fails only the edit that meets it: the group is rolled back
// and its edits are committed one by one.
func TestStore_GroupCommitDatabaseError(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	pages, err := st.PageCountForTest(ctx)
	require.NoError(t, err)
	require.NoError(t, st.SetMaxPageCountForTest(ctx, pages)) // no room to grow

	release, first := queueBehind(t, st, m.ID)
	grow := enqueue(t, st, ctx, m.ID, 0, func(m *graph.Map) error {
		for i := range 200 {
			if _, err := m.AddFunction(graph.Function{Name: fmt.Sprintf("Funktion med et langt navn %d", i),
				Note: strings.Repeat("note ", 200)}); err != nil {
				return err
			}
		}
		return nil
	})
	rate := enqueue(t, st, ctx, m.ID, 0, func(m *graph.Map) error {
		_, err := m.UpdateRelation(m.Relations[1].ID, &graph.RelationPatch{SetRating: true, Rating: graph.Low})
		return err
	})
	release()

	require.NoError(t, <-first)
	assert.ErrorIs(t, <-grow, graph.ErrUnavailable)
	require.NoError(t, <-rate)
	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Len(t, got.Functions, 3)
	assert.Equal(t, graph.Low, got.Relations[1].Rating)
	assert.Equal(t, int64(3), got.Version)
}

// TestStore_UpdateCancelledWhileQueued: an edit whose request ends while
// it waits for the committer is dropped and never applied.
func TestStore_UpdateCancelledWhileQueued(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := storetest.DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))

	release, first := queueBehind(t, st, m.ID)
	cctx, cancel := context.WithCancel(ctx)
	gone := enqueue(t, st, cctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Aldrig"; return nil })
	cancel()
	assert.ErrorIs(t, <-gone, context.Canceled)
	assert.Equal(t, 0, st.QueuedForTest())
	release()
	require.NoError(t, <-first)

	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, "Først", got.Title)
	assert.Equal(t, int64(2), got.Version)
}

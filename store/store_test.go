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

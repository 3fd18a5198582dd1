package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

func newTestStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st, path
}

func fixedClock(t time.Time) func() time.Time {
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func ptr(f float64) *float64 { return &f }

func demoMap(t *testing.T) *graph.Map {
	t.Helper()
	m := &graph.Map{
		ID:    graph.NewMapID(),
		Title: "Demensindsats",
		Task:  "Sammenhængende forløb",
		Functions: []graph.Function{
			{ID: "hjemmepleje", Name: "Hjemmeplejen", Group: "Kommune"},
			{ID: "laege", Name: "Egen læge", Group: "Almen praksis", X: ptr(10.5), Y: ptr(-3)},
			{ID: "borger", Name: "Borgeren", Group: "Borger", Center: true, Note: "Med pårørende"},
		},
		Relations: []graph.Relation{
			{A: "hjemmepleje", B: "laege", Rating: graph.Low, Note: "Medicinlister opdateres ikke"},
			{A: "borger", B: "laege", Rating: graph.Middle},
			{A: "borger", B: "hjemmepleje"},
		},
	}
	require.NoError(t, m.PrepareNew())
	return m
}

func TestStore_CreateGet(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	st.Now = fixedClock(time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC))

	t.Run("OK", func(t *testing.T) {
		m := demoMap(t)
		require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
		assert.Equal(t, int64(1), m.Version)
		got, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got)
		acc, err := st.Access(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, []byte("e"), acc.EditHash)
		assert.Equal(t, []byte("v"), acc.ViewHash)
	})
	t.Run("Empty", func(t *testing.T) {
		m := &graph.Map{ID: graph.NewMapID(), Title: "Tomt kort"}
		require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
		got, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Tomt kort", got.Title)
		assert.Empty(t, got.Functions)
		assert.Empty(t, got.Relations)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := st.GetMap(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.Access(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
	})
	t.Run("Conflict", func(t *testing.T) {
		m := demoMap(t)
		require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
		again := demoMap(t)
		again.ID = m.ID
		assert.ErrorIs(t, st.CreateMap(ctx, again, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}), graph.ErrConflict)
	})
}

func TestStore_Update(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := demoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	t.Run("RateRelation", func(t *testing.T) {
		rid := m.Relations[2].ID
		got, err := st.Update(ctx, m.ID, 1, func(m *graph.Map) error {
			_, err := m.UpdateRelation(rid, &graph.RelationPatch{SetRating: true, Rating: graph.High})
			return err
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, got, loaded)
		assert.Equal(t, graph.High, loaded.Relation(rid).Rating)
	})
	t.Run("StaleVersion", func(t *testing.T) {
		_, err := st.Update(ctx, m.ID, 1, func(m *graph.Map) error { m.Title = "x"; return nil })
		assert.ErrorIs(t, err, graph.ErrPrecondition)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Demensindsats", loaded.Title)
		assert.Equal(t, int64(2), loaded.Version)
	})
	t.Run("NoChangeKeepsVersion", func(t *testing.T) {
		got, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { return nil })
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
	})
	t.Run("InvalidChangesNothing", func(t *testing.T) {
		_, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
			m.Functions[0].Name = "egen LÆGE" // duplicate of "Egen læge", ignoring case
			return nil
		})
		var ve *graph.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "functions[1].name", ve.Problems[0].Field)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Hjemmeplejen", loaded.Functions[0].Name)
		assert.Equal(t, int64(2), loaded.Version)
	})
	t.Run("DeleteFunctionDeletesRelations", func(t *testing.T) {
		got, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { return m.DeleteFunction("laege") })
		require.NoError(t, err)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, got, loaded)
		assert.Len(t, loaded.Functions, 2)
		require.Len(t, loaded.Relations, 1)
		assert.Equal(t, "borger", loaded.Relations[0].A)
	})
	t.Run("ReplaceWhole", func(t *testing.T) {
		doc := demoMap(t)
		doc.Functions[0].Name = "Hjemmeplejen Nord"
		doc.Functions = append(doc.Functions[1:], doc.Functions[0]) // reordered
		got, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
			m.Title, m.Task, m.Functions, m.Relations = doc.Title, doc.Task, doc.Functions, doc.Relations
			return nil
		})
		require.NoError(t, err)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, got, loaded)
		assert.Equal(t, "Hjemmeplejen Nord", loaded.Functions[2].Name)
		assert.Len(t, loaded.Relations, 3)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := st.Update(ctx, "nope", 0, func(m *graph.Map) error { return nil })
		assert.ErrorIs(t, err, graph.ErrNotFound)
	})
}

func TestStore_DeleteMap(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := demoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
	_, err := st.CreateSnapshot(ctx, m.ID, "Opstart")
	require.NoError(t, err)

	assert.ErrorIs(t, st.DeleteMap(ctx, m.ID, 7), graph.ErrPrecondition)
	require.NoError(t, st.DeleteMap(ctx, m.ID, 1))
	_, err = st.GetMap(ctx, m.ID)
	assert.ErrorIs(t, err, graph.ErrNotFound)
	_, err = st.GetSnapshot(ctx, m.ID, "s1")
	assert.ErrorIs(t, err, graph.ErrNotFound)
	assert.ErrorIs(t, st.DeleteMap(ctx, m.ID, 0), graph.ErrNotFound)
}

func TestStore_Snapshots(t *testing.T) {
	ctx := context.Background()
	st, _ := newTestStore(t)
	m := demoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	s1, err := st.CreateSnapshot(ctx, m.ID, "  Opstart september ")
	require.NoError(t, err)
	assert.Equal(t, "Opstart september", s1.Label)
	_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
		_, err := m.UpdateRelation(m.Relations[0].ID, &graph.RelationPatch{SetRating: true, Rating: graph.High})
		return err
	})
	require.NoError(t, err)
	s2, err := st.CreateSnapshot(ctx, m.ID, "Afslutning marts")
	require.NoError(t, err)
	assert.NotEqual(t, s1.ID, s2.ID)

	list, err := st.ListSnapshots(ctx, m.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, []string{"Opstart september", "Afslutning marts"}, []string{list[0].Label, list[1].Label})

	got, err := st.GetSnapshot(ctx, m.ID, s1.ID)
	require.NoError(t, err)
	assert.Equal(t, graph.Low, got.Map.Relations[0].Rating, "the snapshot keeps the rating it had")
	assert.Equal(t, int64(1), got.Version)

	_, err = st.CreateSnapshot(ctx, m.ID, "  ")
	assert.ErrorIs(t, err, graph.ErrInvalid)
	_, err = st.CreateSnapshot(ctx, "nope", "x")
	assert.ErrorIs(t, err, graph.ErrNotFound)
	_, err = st.ListSnapshots(ctx, "nope")
	assert.ErrorIs(t, err, graph.ErrNotFound)
}

// TestStore_Restart closes and reopens the database file: everything is there.
func TestStore_Restart(t *testing.T) {
	ctx := context.Background()
	st, path := newTestStore(t)
	m := demoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
	m, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Description = "Efter pause"; return nil })
	require.NoError(t, err)
	require.NoError(t, st.Close())

	again, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer again.Close()
	got, err := again.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got)
}

// TestStore_ConcurrentWriters proves that many writers at once all succeed:
// with deferred transactions modernc.org/sqlite fails with SQLITE_BUSY at
// once when a reader upgrades to a writer; IMMEDIATE transactions wait.
// Two Store values on one file are used so that SQLite's own locking (not
// only the single-connection writer pool) is exercised.
func TestStore_ConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	st, path := newTestStore(t)
	other, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer other.Close()

	m := &graph.Map{ID: graph.NewMapID(), Title: "Samtidighed"}
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))

	const writers, each = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := st
			if w%2 == 1 {
				s = other
			}
			for i := range each {
				_, err := s.Update(ctx, m.ID, 0, func(m *graph.Map) error {
					_, err := m.AddFunction(graph.Function{Name: fmt.Sprintf("Funktion %d-%d", w, i)})
					return err
				})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Len(t, got.Functions, writers*each)
	assert.Equal(t, int64(1+writers*each), got.Version)
}

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
	m := demoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
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

// TestStore_LatestCopyStaysTrue: the in-memory copy of recent maps never
// hides a change made by another Store on the same file, and always equals
// what a fresh Store reads from the tables.
func TestStore_LatestCopyStaysTrue(t *testing.T) {
	ctx := context.Background()
	a, path := newTestStore(t)
	b, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer b.Close()

	m := demoMap(t)
	require.NoError(t, a.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
	_, err = a.GetMap(ctx, m.ID) // a now holds a copy at version 1
	require.NoError(t, err)

	_, err = b.Update(ctx, m.ID, 1, func(m *graph.Map) error { m.Title = "Ændret af en anden"; return nil })
	require.NoError(t, err)
	got, err := a.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, "Ændret af en anden", got.Title)
	assert.Equal(t, int64(2), got.Version)

	// a writes on top of b's change, not on top of its stale copy.
	_, err = a.Update(ctx, m.ID, 2, func(m *graph.Map) error {
		_, err := m.UpdateRelation(m.Relations[0].ID, &graph.RelationPatch{SetRating: true, Rating: graph.High})
		return err
	})
	require.NoError(t, err)
	fresh, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer fresh.Close()
	want, err := fresh.GetMap(ctx, m.ID)
	require.NoError(t, err)
	for _, s := range []*store.Store{a, b} {
		got, err := s.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	assert.Equal(t, "Ændret af en anden", want.Title)
	assert.Equal(t, graph.High, want.Relations[0].Rating)

	// A deleted map is gone from the copy too.
	require.NoError(t, b.DeleteMap(ctx, m.ID, 0))
	_, err = a.GetMap(ctx, m.ID)
	assert.ErrorIs(t, err, graph.ErrNotFound)
}

// Package storetest is the contract suite of the storage engines: one set of
// tests that every store.DB must pass, run by each engine's own tests with a
// constructor for that engine (store with SQLite, store/postgres with
// PostgreSQL). What the API shows — versions, If-Match, one transaction an
// edit, snapshots, token hashes, limits, errors, change notices — is checked
// here once, not copied per engine.
//
// A new feature of the store (remembered layouts, rating rounds, …) gets its
// tests here, as a new function added to the list in Run; both engines then
// fail until both implement it.
//
// storetest is imported only by tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// Engine tells the suite how to make stores of one engine.
type Engine struct {
	// New makes a new, empty database for one test and returns an Opener
	// on it.
	New func(t *testing.T) Opener
	// SharedChanges is true when the Stores opened on one database hear
	// each other's changes through Subscribe (PostgreSQL), false when a
	// Store hears only its own (SQLite).
	SharedChanges bool
}

// Opener opens a Store on the test's database; each call opens another one
// (another instance of the service on the same database). now is the clock
// to use, nil for time.Now. The Store is closed when the test ends (Close
// may also be called earlier).
type Opener func(t *testing.T, now func() time.Time) store.DB

// Run runs the whole contract suite against e, each test as a subtest.
func Run(t *testing.T, e Engine) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e Engine)
	}{
		{"CreateGet", testCreateGet},
		{"Update", testUpdate},
		{"UpdatedAtIncreases", testUpdatedAtIncreases},
		{"DeleteMap", testDeleteMap},
		{"Access", testAccess},
		{"ListMaps", testListMaps},
		{"Snapshots", testSnapshots},
		{"Limits", testLimits},
		{"Restart", testRestart},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentIfMatch", testConcurrentIfMatch},
		{"LatestCopyStaysTrue", testLatestCopyStaysTrue},
		{"Changes", testChanges},
		{"PingReady", testPingReady},
		{"Placements", testPlacements},
		{"ResetLayout", testResetLayout},
		{"Rounds", testRounds},
		{"RoundAnswers", testRoundAnswers},
		{"RoundLimits", testRoundLimits},
		{"RoundCloseCountsEveryAnswer", testRoundCloseCountsEveryAnswer},
		{"RoundAnswersAtOnce", testRoundAnswersAtOnce},
		{"RoundParticipantFresh", testRoundParticipantFresh},
		{"RoundChanges", testRoundChanges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, e) })
	}
}

// FixedClock returns a clock that starts at t and advances one second each
// time it is read.
func FixedClock(t time.Time) func() time.Time {
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func ptr(f float64) *float64 { return &f }

var acc = store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}

// DemoMap is a small prepared map with a new id: three functions (one
// pinned, one centre), three relations (Low, Middle, unrated).
func DemoMap(t testing.TB) *graph.Map {
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

func testCreateGet(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, FixedClock(time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)))

	t.Run("OK", func(t *testing.T) {
		m := DemoMap(t)
		require.NoError(t, st.CreateMap(ctx, m, acc))
		assert.Equal(t, int64(1), m.Version)
		assert.Equal(t, time.UTC, m.CreatedAt.Location())
		assert.Equal(t, m.CreatedAt, m.UpdatedAt)
		got, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got)
		a, err := st.Access(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, []byte("e"), a.EditHash)
		assert.Equal(t, []byte("v"), a.ViewHash)
		assert.Equal(t, int64(1), a.Version)
		v, err := st.MapVersion(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(1), v)
	})
	t.Run("Empty", func(t *testing.T) {
		m := &graph.Map{ID: graph.NewMapID(), Title: "Tomt kort"}
		require.NoError(t, st.CreateMap(ctx, m, acc))
		got, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Tomt kort", got.Title)
		assert.Empty(t, got.Functions)
		assert.Empty(t, got.Relations)
	})
	t.Run("NoID", func(t *testing.T) {
		err := st.CreateMap(ctx, &graph.Map{Title: "Uden id"}, acc)
		assert.ErrorIs(t, err, graph.ErrInvalid)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := st.GetMap(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.Access(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.MapVersion(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
	})
	t.Run("Conflict", func(t *testing.T) {
		m := DemoMap(t)
		require.NoError(t, st.CreateMap(ctx, m, acc))
		again := DemoMap(t)
		again.ID = m.ID
		assert.ErrorIs(t, st.CreateMap(ctx, again, acc), graph.ErrConflict)
		got, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got, "the first map is untouched")
	})
}

func testUpdate(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))

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
	t.Run("ErrorFromFnChangesNothing", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Halvt"; return boom })
		assert.ErrorIs(t, err, boom)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "Demensindsats", loaded.Title)
		assert.Equal(t, int64(2), loaded.Version)
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
		doc := DemoMap(t)
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
	t.Run("UnpinAndClearRating", func(t *testing.T) {
		got, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
			for i := range m.Functions {
				m.Functions[i].X, m.Functions[i].Y = nil, nil
			}
			for i := range m.Relations {
				m.Relations[i].Rating = graph.Unrated
			}
			return nil
		})
		require.NoError(t, err)
		loaded, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, got, loaded)
		for _, f := range loaded.Functions {
			assert.False(t, f.Pinned(), "function %s", f.ID)
		}
		for _, r := range loaded.Relations {
			assert.False(t, r.Rating.Rated(), "relation %s", r.ID)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := st.Update(ctx, "nope", 0, func(m *graph.Map) error { return nil })
		assert.ErrorIs(t, err, graph.ErrNotFound)
	})
}

// testUpdatedAtIncreases: every change moves updated_at forward, even when
// the clock does not (a clock step backwards, two edits in one
// millisecond).
func testUpdatedAtIncreases(t *testing.T, e Engine) {
	ctx := context.Background()
	stuck := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	st := e.New(t)(t, func() time.Time { return stuck })
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	prev := m.UpdatedAt
	for i := range 3 {
		got, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = fmt.Sprintf("Titel %d", i); return nil })
		require.NoError(t, err)
		assert.True(t, got.UpdatedAt.After(prev), "updated_at %v after %v", got.UpdatedAt, prev)
		assert.Equal(t, m.CreatedAt, got.CreatedAt)
		prev = got.UpdatedAt
	}
	loaded, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, prev, loaded.UpdatedAt)
}

func testDeleteMap(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	_, err := st.CreateSnapshot(ctx, m.ID, "Opstart")
	require.NoError(t, err)

	assert.ErrorIs(t, st.DeleteMap(ctx, m.ID, 7), graph.ErrPrecondition)
	require.NoError(t, st.DeleteMap(ctx, m.ID, 1))
	_, err = st.GetMap(ctx, m.ID)
	assert.ErrorIs(t, err, graph.ErrNotFound)
	_, err = st.GetSnapshot(ctx, m.ID, "s1")
	assert.ErrorIs(t, err, graph.ErrNotFound)
	assert.ErrorIs(t, st.DeleteMap(ctx, m.ID, 0), graph.ErrNotFound)

	// The id can be used again, for a new map with nothing of the old.
	again := &graph.Map{ID: m.ID, Title: "Igen"}
	require.NoError(t, st.CreateMap(ctx, again, acc))
	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version)
	assert.Empty(t, got.Functions)
	list, err := st.ListSnapshots(ctx, m.ID)
	require.NoError(t, err)
	assert.Empty(t, list)
}

// testAccess: only hashes are stored, exactly as given; rotation replaces
// them and leaves the map's version alone.
func testAccess(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t)
	edit := []byte{0, 1, 2, 0xff, 0xfe, 0} // any bytes, NUL included
	require.NoError(t, st.CreateMap(ctx, m, store.Access{EditHash: edit, ViewHash: []byte("view")}))
	a, err := st.Access(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, edit, a.EditHash)

	rotated := store.Access{EditHash: []byte("new edit"), ViewHash: []byte("new view")}
	require.NoError(t, st.SetAccess(ctx, m.ID, rotated))
	a, err = st.Access(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, rotated.EditHash, a.EditHash)
	assert.Equal(t, rotated.ViewHash, a.ViewHash)
	assert.Equal(t, int64(1), a.Version, "rotating tokens is not an edit of the map")
	v, err := st.MapVersion(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v, "rotating tokens is not an edit of the map")

	_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Ændret"; return nil })
	require.NoError(t, err)
	a, err = st.Access(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), a.Version, "the version read with the hashes")

	assert.ErrorIs(t, st.SetAccess(ctx, "nope", rotated), graph.ErrNotFound)
}

func testListMaps(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, FixedClock(time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)))
	list, err := st.ListMaps(ctx)
	require.NoError(t, err)
	assert.NotNil(t, list)
	assert.Empty(t, list)

	a, b := DemoMap(t), &graph.Map{ID: graph.NewMapID(), Title: "Tomt"}
	require.NoError(t, st.CreateMap(ctx, a, acc))
	require.NoError(t, st.CreateMap(ctx, b, acc))
	list, err = st.ListMaps(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, b.ID, list[0].ID, "the most recently changed first")
	_, err = st.Update(ctx, a.ID, 0, func(m *graph.Map) error { m.Title = "Ændret"; return nil })
	require.NoError(t, err)
	list, err = st.ListMaps(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	got := list[0]
	assert.Equal(t, a.ID, got.ID)
	assert.Equal(t, "Ændret", got.Title)
	assert.Equal(t, a.Task, got.Task)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, 3, got.Functions)
	assert.Equal(t, 3, got.Relations)
	assert.Equal(t, a.CreatedAt, got.CreatedAt)
	assert.True(t, got.UpdatedAt.After(got.CreatedAt))
	assert.Equal(t, time.UTC, got.UpdatedAt.Location())
	assert.Equal(t, 0, list[1].Functions)
}

func testSnapshots(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, FixedClock(time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)))
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))

	s1, err := st.CreateSnapshot(ctx, m.ID, "  Opstart september ")
	require.NoError(t, err)
	assert.Equal(t, "Opstart september", s1.Label)
	assert.Equal(t, "s1", s1.ID)
	_, err = st.Update(ctx, m.ID, 0, func(m *graph.Map) error {
		_, err := m.UpdateRelation(m.Relations[0].ID, &graph.RelationPatch{SetRating: true, Rating: graph.High})
		return err
	})
	require.NoError(t, err)
	s2, err := st.CreateSnapshot(ctx, m.ID, "Afslutning marts")
	require.NoError(t, err)
	assert.NotEqual(t, s1.ID, s2.ID)
	assert.Equal(t, int64(2), s2.Version)

	list, err := st.ListSnapshots(ctx, m.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, []string{"Opstart september", "Afslutning marts"}, []string{list[0].Label, list[1].Label})
	assert.Nil(t, list[0].Map, "listings come without documents")
	assert.Equal(t, s1.CreatedAt, list[0].CreatedAt)

	got, err := st.GetSnapshot(ctx, m.ID, s1.ID)
	require.NoError(t, err)
	assert.Equal(t, graph.Low, got.Map.Relations[0].Rating, "the snapshot keeps the rating it had")
	assert.Equal(t, int64(1), got.Version)
	assert.Equal(t, "Opstart september", got.Label)
	assert.Equal(t, s1.CreatedAt, got.CreatedAt)
	assert.Equal(t, m.Functions, got.Map.Functions, "the whole document, pinned positions included")

	// Ten and more keep the order they were taken in (s10 after s9).
	for i := 3; i <= 11; i++ {
		_, err := st.CreateSnapshot(ctx, m.ID, fmt.Sprintf("Runde %d", i))
		require.NoError(t, err)
	}
	list, err = st.ListSnapshots(ctx, m.ID)
	require.NoError(t, err)
	require.Len(t, list, 11)
	for i, sn := range list {
		assert.Equal(t, fmt.Sprintf("s%d", i+1), sn.ID)
	}

	_, err = st.CreateSnapshot(ctx, m.ID, "  ")
	assert.ErrorIs(t, err, graph.ErrInvalid)
	_, err = st.CreateSnapshot(ctx, m.ID, "Nul\x00tegn")
	assert.ErrorIs(t, err, graph.ErrInvalid, "a control character in a label is refused, on every engine")
	_, err = st.CreateSnapshot(ctx, "nope", "x")
	assert.ErrorIs(t, err, graph.ErrNotFound)
	_, err = st.ListSnapshots(ctx, "nope")
	assert.ErrorIs(t, err, graph.ErrNotFound)
	_, err = st.GetSnapshot(ctx, m.ID, "s99")
	assert.ErrorIs(t, err, graph.ErrNotFound)
}

// testLimits: a map at the limits of graph (functions, relations, note
// size) and with awkward text and numbers is stored and read back exactly.
func testLimits(t *testing.T, e Engine) {
	if testing.Short() {
		t.Skip("slow: a map at the size limits")
	}
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := &graph.Map{ID: graph.NewMapID(), Title: "Grænser ÆØÅ 🧭", Task: strings.Repeat("ø", 200),
		Description: "Linje 1\nLinje 2\tmed tab"}
	for i := range graph.MaxFunctions {
		f := graph.Function{ID: fmt.Sprintf("f%d", i), Name: fmt.Sprintf("Funktion %d — æøå", i), Group: fmt.Sprintf("Gruppe %d", i%7)}
		if i%3 == 0 {
			x, y := float64(i)*1.1, -float64(i)/3
			switch i {
			case 0:
				x, y = math.SmallestNonzeroFloat64, -graph.MaxCoordinate
			case 3:
				x, y = 0.1+0.2, math.Nextafter(1, 2)
			}
			f.X, f.Y = &x, &y
		}
		m.Functions = append(m.Functions, f)
	}
	m.Functions[1].Note = strings.Repeat("n", graph.MaxNoteLen)
	for i := 0; len(m.Relations) < graph.MaxRelations; i++ {
		for j := i + 1; j < graph.MaxFunctions && len(m.Relations) < graph.MaxRelations; j += 1 + i%5 {
			m.Relations = append(m.Relations, graph.Relation{A: m.Functions[i].ID, B: m.Functions[j].ID, Rating: graph.Rating(len(m.Relations) % 4)})
		}
	}
	require.NoError(t, m.PrepareNew())
	require.NoError(t, m.Validate())
	require.NoError(t, st.CreateMap(ctx, m, acc))
	got, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got)

	// Reversing the order of everything is one edit, stored exactly.
	up, err := st.Update(ctx, m.ID, 1, func(m *graph.Map) error {
		for i, j := 0, len(m.Functions)-1; i < j; i, j = i+1, j-1 {
			m.Functions[i], m.Functions[j] = m.Functions[j], m.Functions[i]
		}
		for i, j := 0, len(m.Relations)-1; i < j; i, j = i+1, j-1 {
			m.Relations[i], m.Relations[j] = m.Relations[j], m.Relations[i]
		}
		return nil
	})
	require.NoError(t, err)
	got, err = st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, up, got)
	assert.Equal(t, int64(2), got.Version)

	sn, err := st.CreateSnapshot(ctx, m.ID, strings.Repeat("å", graph.MaxLabelLen))
	require.NoError(t, err)
	gotSn, err := st.GetSnapshot(ctx, m.ID, sn.ID)
	require.NoError(t, err)
	assert.Equal(t, up.Functions, gotSn.Map.Functions)
	assert.Equal(t, up.Relations, gotSn.Map.Relations)
}

// testRestart closes the store and opens the database again: everything is
// there.
func testRestart(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	st := open(t, nil)
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	m, err := st.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Description = "Efter pause"; return nil })
	require.NoError(t, err)
	_, err = st.CreateSnapshot(ctx, m.ID, "Før genstart")
	require.NoError(t, err)
	require.NoError(t, st.Close())

	again := open(t, nil)
	got, err := again.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got)
	list, err := again.ListSnapshots(ctx, m.ID)
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

// testConcurrentWriters: many writers at once, through two Stores on one
// database (two instances), all succeed and none is lost.
func testConcurrentWriters(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	st, other := open(t, nil), open(t, nil)

	m := &graph.Map{ID: graph.NewMapID(), Title: "Samtidighed"}
	require.NoError(t, st.CreateMap(ctx, m, acc))

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

// testConcurrentIfMatch: writers on two Stores each read the version and
// write with it as If-Match. Every write either succeeds with a version
// no other write got, or fails with ErrPrecondition; the versions handed
// out are exactly 2…final, and every acknowledged change is in the map.
func testConcurrentIfMatch(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	stores := []store.DB{open(t, nil), open(t, nil)}
	m := &graph.Map{ID: graph.NewMapID(), Title: "If-Match"}
	require.NoError(t, stores[0].CreateMap(ctx, m, acc))

	const writers, each = 16, 8
	var mu sync.Mutex
	versions := map[int64]string{}
	var acked []string
	failed := 0
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%2]
			for i := range each {
				v, err := s.MapVersion(ctx, m.ID)
				if !assert.NoError(t, err) {
					return
				}
				name := fmt.Sprintf("Funktion %d-%d", w, i)
				got, err := s.Update(ctx, m.ID, v, func(m *graph.Map) error {
					_, err := m.AddFunction(graph.Function{Name: name})
					return err
				})
				mu.Lock()
				switch {
				case err == nil:
					if prev, dup := versions[got.Version]; dup {
						t.Errorf("version %d given to both %s and %s", got.Version, prev, name)
					}
					versions[got.Version] = name
					acked = append(acked, name)
					assert.Equal(t, v+1, got.Version, "a write with If-Match %d", v)
				case errors.Is(err, graph.ErrPrecondition):
					failed++
				default:
					t.Errorf("Update(If-Match %d) = %v; want success or ErrPrecondition", v, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	got, err := stores[1].GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1+len(acked)), got.Version, "one version a successful write")
	for v := int64(2); v <= got.Version; v++ {
		assert.Contains(t, versions, v, "version %d was handed out", v)
	}
	names := map[string]bool{}
	for _, f := range got.Functions {
		names[f.Name] = true
	}
	for _, n := range acked {
		assert.True(t, names[n], "acknowledged write %q is lost", n)
	}
	assert.Len(t, got.Functions, len(acked), "only acknowledged writes are in the map")
	assert.Equal(t, writers*each, len(acked)+failed)
	t.Logf("%d writes succeeded, %d failed with ErrPrecondition", len(acked), failed)
}

// testLatestCopyStaysTrue: a Store's in-memory copy of recent maps never
// hides a change made through another Store on the same database, and
// always equals what a fresh Store reads from the tables.
func testLatestCopyStaysTrue(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	a, b := open(t, nil), open(t, nil)

	m := DemoMap(t)
	require.NoError(t, a.CreateMap(ctx, m, acc))
	_, err := a.GetMap(ctx, m.ID) // a now holds a copy at version 1
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
	want, err := open(t, nil).GetMap(ctx, m.ID)
	require.NoError(t, err)
	for _, s := range []store.DB{a, b} {
		got, err := s.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	assert.Equal(t, "Ændret af en anden", want.Title)
	assert.Equal(t, graph.High, want.Relations[0].Rating)

	// A deleted map is gone from the copy too, and a new map under the same
	// id is not mistaken for the old one at the same version.
	require.NoError(t, b.DeleteMap(ctx, m.ID, 0))
	_, err = a.GetMap(ctx, m.ID)
	assert.ErrorIs(t, err, graph.ErrNotFound)
	re := DemoMap(t)
	re.ID, re.Title = m.ID, "Genskabt"
	require.NoError(t, b.CreateMap(ctx, re, acc))
	got, err = a.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, re, got)
}

// recorder collects the changes a subscriber hears.
type recorder struct {
	mu      sync.Mutex
	changes []store.Change
	wake    chan struct{}
}

func record(t *testing.T, st store.DB) *recorder {
	r := &recorder{wake: make(chan struct{}, 1)}
	cancel := st.Subscribe(func(c store.Change) {
		r.mu.Lock()
		r.changes = append(r.changes, c)
		r.mu.Unlock()
		select {
		case r.wake <- struct{}{}:
		default:
		}
	})
	t.Cleanup(cancel)
	return r
}

// await waits up to one second for a change that matches want.
func (r *recorder) await(t *testing.T, want store.Change) {
	t.Helper()
	deadline := time.After(time.Second)
	for {
		r.mu.Lock()
		for _, c := range r.changes {
			if c == want {
				r.mu.Unlock()
				return
			}
		}
		seen := fmt.Sprint(r.changes)
		r.mu.Unlock()
		select {
		case <-r.wake:
		case <-deadline:
			t.Fatalf("no change %+v within 1 s; heard %s", want, seen)
		}
	}
}

// testChanges: subscribers hear every committed change within a second —
// on every Store on the database where the engine shares them — and
// nothing for a write that failed or changed nothing.
func testChanges(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	a := open(t, nil)
	ra := record(t, a)
	var rb *recorder
	if e.SharedChanges {
		rb = record(t, open(t, nil))
	}
	m := DemoMap(t)
	require.NoError(t, a.CreateMap(ctx, m, acc))
	_, err := a.Update(ctx, m.ID, 0, func(m *graph.Map) error { m.Title = "Ny titel"; return nil })
	require.NoError(t, err)
	_, err = a.Update(ctx, m.ID, 0, func(m *graph.Map) error { return nil }) // no change
	require.NoError(t, err)
	_, err = a.Update(ctx, m.ID, 1, func(m *graph.Map) error { m.Title = "Forældet"; return nil }) // stale
	require.ErrorIs(t, err, graph.ErrPrecondition)
	_, err = a.CreateSnapshot(ctx, m.ID, "Runde 1")
	require.NoError(t, err)
	_, err = a.Update(ctx, m.ID, 2, func(m *graph.Map) error { m.Title = "Tredje"; return nil })
	require.NoError(t, err)
	require.NoError(t, a.SetAccess(ctx, m.ID, store.Access{EditHash: []byte("e2"), ViewHash: []byte("v2")}))
	require.NoError(t, a.DeleteMap(ctx, m.ID, 0))

	want := []store.Change{
		{MapID: m.ID, Version: 2},
		{MapID: m.ID, Snapshot: true},
		{MapID: m.ID, Version: 3},
		{MapID: m.ID, Revoked: true},
		{MapID: m.ID, Deleted: true},
	}
	for _, r := range []*recorder{ra, rb} {
		if r == nil {
			continue
		}
		r.await(t, want[len(want)-1])
		r.mu.Lock()
		var got []store.Change
		for _, c := range r.changes {
			if !c.Resync {
				got = append(got, c)
			}
		}
		r.mu.Unlock()
		assert.Equal(t, want, got, "the changes, in order, and nothing else")
	}
}

func testPingReady(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	require.NoError(t, st.Ping(ctx))
	require.NoError(t, st.Ready(ctx))
	// The write probe leaves nothing behind: it can run again, and maps
	// are written as before.
	require.NoError(t, st.Ready(ctx))
	require.NoError(t, st.CreateMap(ctx, DemoMap(t), acc))
}

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// testPlacements: a remembered layout is kept per map and key, the newest
// version drawn wins, it survives a restart and goes with its map; it
// never changes the map or its version.
func testPlacements(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	st := open(t, FixedClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)))
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))

	got, err := st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	assert.Nil(t, got, "nothing remembered yet")

	p3 := graph.Placement{Version: 3, Scale: 0.875, Points: map[string]graph.Point{
		"hjemmepleje": {X: 100.25, Y: 200.5}, "laege": {X: 1300, Y: 640.75}, "borger": {X: 700, Y: 450},
	}}
	require.NoError(t, st.SavePlacement(ctx, m.ID, "force|screen", p3))
	got, err = st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, p3.Points, got.Points)
	assert.Equal(t, 0.875, got.Scale)
	assert.Equal(t, int64(3), got.Version)
	assert.False(t, got.SavedAt.IsZero())
	other, err := st.Placement(ctx, m.ID, "circle|screen")
	require.NoError(t, err)
	assert.Nil(t, other, "each key has its own")

	// An older version drawn late does not replace the newer one; a newer
	// one (or the same again) does.
	old := graph.Placement{Version: 2, Scale: 1, Points: map[string]graph.Point{"laege": {X: 1, Y: 1}}}
	require.NoError(t, st.SavePlacement(ctx, m.ID, "force|screen", old))
	got, err = st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	assert.Equal(t, p3.Points, got.Points)
	p4 := graph.Placement{Version: 4, Scale: 0.5, Points: map[string]graph.Point{"laege": {X: 2, Y: 3}}}
	require.NoError(t, st.SavePlacement(ctx, m.ID, "force|screen", p4))
	got, err = st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	assert.Equal(t, p4.Points, got.Points)
	assert.Equal(t, 0.5, got.Scale)

	// Remembering changes nothing of the map.
	now, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), now.Version)

	// Bad input is refused and stores nothing.
	for _, bad := range []struct {
		key string
		p   graph.Placement
	}{
		{"", p4},
		{string(make([]byte, graph.PlacementKeyLen+1)), p4},
		{"force|a4", graph.Placement{Version: 4, Scale: 0}},
		{"force|a4", graph.Placement{Version: 4, Scale: 1.5}},
	} {
		assert.ErrorIs(t, st.SavePlacement(ctx, m.ID, bad.key, bad.p), graph.ErrInvalid)
	}
	none, err := st.Placement(ctx, m.ID, "force|a4")
	require.NoError(t, err)
	assert.Nil(t, none)
	assert.ErrorIs(t, st.SavePlacement(ctx, "nosuchmap", "force|screen", p4), graph.ErrNotFound)

	// Another instance (a restart) sees it.
	again := open(t, nil)
	got, err = again.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, p4.Points, got.Points)

	// It goes with its map.
	require.NoError(t, st.DeleteMap(ctx, m.ID, 0))
	got, err = st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	assert.Nil(t, got)
}

// testResetLayout: a reset releases the pins, forgets every placement of
// the map (not of others) and makes a new version even when nothing was
// pinned; a stale If-Match changes nothing.
func testResetLayout(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m, other := DemoMap(t), DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	require.NoError(t, st.CreateMap(ctx, other, acc))
	p := graph.Placement{Version: 1, Scale: 1, Points: map[string]graph.Point{"laege": {X: 5, Y: 6}}}
	for _, key := range []string{"force|screen", "circle|a4"} {
		require.NoError(t, st.SavePlacement(ctx, m.ID, key, p))
		require.NoError(t, st.SavePlacement(ctx, other.ID, key, p))
	}

	_, err := st.ResetLayout(ctx, m.ID, 9)
	assert.ErrorIs(t, err, graph.ErrPrecondition)
	kept, err := st.Placement(ctx, m.ID, "force|screen")
	require.NoError(t, err)
	assert.NotNil(t, kept, "a refused reset forgets nothing")

	out, err := st.ResetLayout(ctx, m.ID, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(2), out.Version)
	for _, f := range out.Functions {
		assert.False(t, f.Pinned(), "%s is still pinned", f.ID)
	}
	stored, err := st.GetMap(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, out, stored)
	for _, key := range []string{"force|screen", "circle|a4"} {
		gone, err := st.Placement(ctx, m.ID, key)
		require.NoError(t, err)
		assert.Nil(t, gone, key)
		theirs, err := st.Placement(ctx, other.ID, key)
		require.NoError(t, err)
		assert.NotNil(t, theirs, "another map's placement stays (%s)", key)
	}

	// Nothing pinned and nothing remembered: still a new version, since
	// the next drawing starts afresh.
	out, err = st.ResetLayout(ctx, m.ID, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(3), out.Version)

	_, err = st.ResetLayout(ctx, "nosuchmap", 0)
	assert.ErrorIs(t, err, graph.ErrNotFound)
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
	"github.com/relationskort/relationskort/static"
)

// TestPlacement_StaysPut (issue 12, item 3): the service remembers where
// map.svg put the functions and starts the next drawing from there.
// Re-rating moves nothing, adding a function moves the others little,
// pinning one leaves the others where they were, and a layout reset starts
// afresh with a new version.
func TestPlacement_StaysPut(t *testing.T) {
	ts := newTestServer(t)
	doc, err := fs.ReadFile(static.Files, "examples/demens.json")
	require.NoError(t, err)
	c := ts.create(t, string(doc))
	base := "/api/v1/maps/" + c.ID
	ctx := context.Background()
	draw := func(query string) []byte {
		t.Helper()
		rec := ts.do(t, req{method: "GET", path: base + "/map.svg" + query, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.Bytes()
	}
	placed := func(layout string) *graph.Placement {
		t.Helper()
		p, err := ts.st.Placement(ctx, c.ID, layout)
		require.NoError(t, err)
		return p
	}
	edit := func(method, path, body string) {
		t.Helper()
		rec := ts.do(t, req{method: method, path: base + path, token: c.EditToken, body: body})
		require.Less(t, rec.Code, 300, "%s %s: %s", method, path, rec.Body.String())
	}

	require.Nil(t, placed("force"), "nothing drawn yet")
	draw("")
	p1 := placed("force")
	require.NotNil(t, p1, "the default layout (force) is remembered")
	assert.Equal(t, int64(1), p1.Version)
	assert.Len(t, p1.Points, len(c.Functions))
	draw("?format=a4&panel=attention")
	assert.Equal(t, p1, placed("force"), "a print is drawn from the room's layout and changes nothing")

	// Re-rating moves nothing.
	edit("PATCH", "/relations/"+c.Relations[0].ID, `{"rating":3}`)
	draw("")
	p2 := placed("force")
	assert.Equal(t, p1.Points, p2.Points, "re-rating moved circles")
	assert.Equal(t, p1.Scale, p2.Scale)

	// Adding a function moves the others little (the canvas is 1920 wide).
	edit("POST", "/functions", `{"id":"apotek","name":"Apoteket","group":"Region"}`)
	edit("POST", "/relations", `{"a":"apotek","b":"laege","rating":2}`)
	draw("")
	p3 := placed("force")
	require.Contains(t, p3.Points, "apotek")
	sum, most := 0.0, 0.0
	for id, a := range p2.Points {
		b := p3.Points[id]
		d := math.Hypot(a.X-b.X, a.Y-b.Y)
		sum += d
		most = max(most, d)
	}
	assert.LessOrEqual(t, sum/float64(len(p2.Points)), 0.02*1920, "mean displacement after adding a function")
	assert.LessOrEqual(t, most, 0.06*1920, "largest displacement after adding a function")

	// Deleting a function and undoing it (adding it again with its id
	// and relations) brings it back to its place; the others stay.
	var vis graph.Function
	for _, f := range c.Functions {
		if f.ID == "visitation" {
			vis = f
		}
	}
	require.Equal(t, "visitation", vis.ID)
	var visRels []graph.Relation
	for _, r := range ts.get(t, c.ID, c.ViewToken).Relations {
		if r.A == vis.ID || r.B == vis.ID {
			visRels = append(visRels, r)
		}
	}
	require.NotEmpty(t, visRels)
	edit("DELETE", "/functions/visitation", "")
	draw("")
	body, err := json.Marshal(vis)
	require.NoError(t, err)
	edit("POST", "/functions", string(body))
	for _, r := range visRels {
		body, err := json.Marshal(r)
		require.NoError(t, err)
		edit("POST", "/relations", string(body))
	}
	draw("")
	assert.Equal(t, p3.Points, placed("force").Points, "undoing a deletion put circles elsewhere")

	// Pinning one function draws the manual layout from the automatic
	// one: the others stay exactly where they were, even the one it is
	// dropped onto.
	onto := p3.Points["laege"]
	edit("PATCH", "/functions/sygepleje", `{"x":`+strconv.FormatFloat(onto.X+30, 'f', 2, 64)+`,"y":`+strconv.FormatFloat(onto.Y, 'f', 2, 64)+`}`)
	draw("")
	pm := placed("manual")
	require.NotNil(t, pm)
	for id, a := range p3.Points {
		if id == "sygepleje" {
			continue
		}
		b := pm.Points[id]
		assert.InDelta(t, a.X, b.X, 1, "%s moved when another was pinned (x)", id)
		assert.InDelta(t, a.Y, b.Y, 1, "%s moved when another was pinned (y)", id)
	}
	assert.Equal(t, p3.Scale, pm.Scale, "pinning one circle resized the others")

	// The same version drawn by another server (a restart) from the same
	// remembered layout gives the same bytes.
	before := draw("")
	other := api.NewServer(ts.st, static.Files, slog.New(slog.DiscardHandler), api.Config{AdminToken: adminToken, RenderTimeout: time.Minute})
	rec := (&testServer{e: other, st: ts.st}).do(t, req{method: "GET", path: base + "/map.svg", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, string(before), rec.Body.String(), "the same version and placement gave other bytes")

	// The report draws the map the room saw: from the same placement.
	cur := ts.get(t, c.ID, c.ViewToken)
	pm = placed("manual")
	prev := make(map[string]render.Point, len(pm.Points))
	for id, p := range pm.Points {
		prev[id] = render.Point{X: p.X, Y: p.Y}
	}
	var report bytes.Buffer
	require.NoError(t, render.Report(&report, &cur, nil, render.Options{Prev: prev, PrevScale: pm.Scale}.For(&cur)))
	rec = ts.do(t, req{method: "GET", path: base + "/report.pdf", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, bytes.Equal(report.Bytes(), rec.Body.Bytes()), "the report is not drawn from the remembered placement")

	// A reset releases the pins, forgets the layouts and makes a new
	// version; the next drawing starts afresh.
	v := ts.get(t, c.ID, c.ViewToken).Version
	rec = ts.do(t, req{method: "POST", path: base + "/layout/reset", token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, `"`+strconv.FormatInt(v+1, 10)+`"`, rec.Header().Get("ETag"))
	after := ts.get(t, c.ID, c.ViewToken)
	assert.Equal(t, v+1, after.Version)
	for _, f := range after.Functions {
		assert.False(t, f.Pinned(), "%s is still pinned", f.ID)
	}
	assert.Nil(t, placed("force"))
	assert.Nil(t, placed("manual"))
	fresh := draw("")
	assert.NotNil(t, placed("force"))
	var want bytes.Buffer
	require.NoError(t, render.SVG(&want, &after, render.Options{}))
	assert.Equal(t, want.String(), string(fresh), "after a reset the map is laid out as if new")
}

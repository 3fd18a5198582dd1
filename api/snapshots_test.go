package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestSnapshots(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID

	rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Opstart september"}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var s1 snapshotJSON
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &s1))
	assert.Equal(t, base+"/snapshots/"+s1.ID, rec.Header().Get("Location"))
	assert.Equal(t, int64(1), s1.Version)

	// Rate the unrated relation, then freeze again.
	rec = ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[1].ID, token: c.EditToken, body: `{"rating":1}`})
	require.Equal(t, http.StatusOK, rec.Code)
	rec = ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Afslutning marts"}`})
	require.Equal(t, http.StatusCreated, rec.Code)

	rec = ts.do(t, req{method: "GET", path: base + "/snapshots", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	var list struct {
		Snapshots []snapshotJSON `json:"snapshots"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
	require.Len(t, list.Snapshots, 2)
	assert.Equal(t, "Opstart september", list.Snapshots[0].Label)
	assert.Nil(t, list.Snapshots[0].Map, "the list leaves the documents out")

	rec = ts.do(t, req{method: "GET", path: base + "/snapshots/" + s1.ID, token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	var got snapshotJSON
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.NotNil(t, got.Map)
	assert.Equal(t, graph.Unrated, got.Map.Relations[1].Rating, "a snapshot is the map as it was")

	t.Run("Errors", func(t *testing.T) {
		for _, tt := range []struct {
			name, method, path, token, body string
			status                          int
			code                            string
		}{
			{"MissingSnapshot", "GET", base + "/snapshots/s99", c.ViewToken, "", 404, "not_found"},
			{"BadSnapshotID", "GET", base + "/snapshots/..%2F..", c.ViewToken, "", 404, "not_found"},
			{"NoLabel", "POST", base + "/snapshots", c.EditToken, `{}`, 422, "invalid"},
			{"UnknownField", "POST", base + "/snapshots", c.EditToken, `{"label":"x","map":{}}`, 422, "invalid"},
			{"ViewCannotSnapshot", "POST", base + "/snapshots", c.ViewToken, `{"label":"x"}`, 403, "read_only"},
			{"MissingMap", "GET", "/api/v1/maps/nope/snapshots", adminToken, "", 404, "not_found"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := ts.do(t, req{method: tt.method, path: tt.path, token: tt.token, body: tt.body})
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
				assert.Equal(t, tt.code, decodeError(t, rec).Code)
			})
		}
	})
	t.Run("EmptyMap", func(t *testing.T) {
		e := ts.create(t, `{"title":"Tomt"}`)
		rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + e.ID + "/snapshots", token: e.EditToken, body: `{"label":"Tomt"}`})
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var sn snapshotJSON
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sn))
		rec = ts.do(t, req{method: "GET", path: "/api/v1/maps/" + e.ID + "/snapshots/" + sn.ID, token: e.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
	})
	t.Run("DeletedWithMap", func(t *testing.T) {
		rec := ts.do(t, req{method: "DELETE", path: base, token: c.EditToken})
		require.Equal(t, http.StatusNoContent, rec.Code)
		rec = ts.do(t, req{method: "GET", path: base + "/snapshots/" + s1.ID, token: adminToken})
		assert.Equal(t, http.StatusNotFound, rec.Code)
	})
}

// snapshotJSON is a snapshot as openapi.json describes it.
type snapshotJSON struct {
	ID        string     `json:"id"`
	MapID     string     `json:"map_id"`
	Label     string     `json:"label"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	Map       *graph.Map `json:"map"`
}

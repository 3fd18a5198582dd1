package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnalysis(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID

	rec := ts.do(t, req{method: "GET", path: base + "/analysis", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var a struct {
		Counts  struct{ High, Middle, Low, Unrated int } `json:"counts"`
		Mean    *float64                                 `json:"mean_rating"`
		Score   *float64                                 `json:"score"`
		Weakest []struct {
			RelationID string   `json:"relation_id"`
			Rating     int      `json:"rating"`
			Reasons    []string `json:"reasons"`
			Note       string   `json:"note"`
		} `json:"weakest"`
		Unrated []string `json:"unrated"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a))
	assert.Equal(t, 1, a.Counts.Low)
	assert.Equal(t, 1, a.Counts.Unrated)
	require.NotNil(t, a.Score)
	assert.InDelta(t, 0, *a.Score, 1e-9, "the only rated relation is Low")
	require.Len(t, a.Weakest, 1)
	assert.Equal(t, "Medicinlister opdateres ikke", a.Weakest[0].Note)
	assert.NotEmpty(t, a.Weakest[0].Reasons)
	assert.Equal(t, []string{c.Relations[1].ID}, a.Unrated)

	tag := rec.Header().Get("ETag")
	require.NotEmpty(t, tag)
	rec = ts.do(t, req{method: "GET", path: base + "/analysis", token: c.ViewToken, header: map[string]string{"If-None-Match": tag}})
	assert.Equal(t, http.StatusNotModified, rec.Code)

	rec = ts.do(t, req{method: "GET", path: base + "/analysis?lang=en", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotEqual(t, tag, rec.Header().Get("ETag"), "each language has its own tag")
	assert.Contains(t, rec.Body.String(), "Low")

	rec = ts.do(t, req{method: "GET", path: base + "/analysis?lang=fr", token: c.ViewToken})
	require.Equal(t, http.StatusBadRequest, rec.Code)
	info := decodeError(t, rec)
	assert.Equal(t, "bad_parameter", info.Code)
	assert.Equal(t, "lang", info.Details[0].Field)

	t.Run("EmptyMap", func(t *testing.T) {
		e := ts.create(t, `{"title":"Tomt"}`)
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + e.ID + "/analysis", token: e.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Contains(t, rec.Body.String(), `"score":null`)
	})
}

func TestCompare(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Opstart"}`})
	require.Equal(t, http.StatusCreated, rec.Code)
	var sn struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sn))

	// Low → Middle, and rate the unrated one High.
	require.Equal(t, http.StatusOK, ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID,
		token: c.EditToken, body: `{"rating":2}`}).Code)
	require.Equal(t, http.StatusOK, ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[1].ID,
		token: c.EditToken, body: `{"rating":1}`}).Code)

	rec = ts.do(t, req{method: "GET", path: base + "/compare?from=" + sn.ID + "&to=current", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var cmp struct {
		Before  *float64 `json:"score_before"`
		After   *float64 `json:"score_after"`
		Pct     *float64 `json:"score_change_pct"`
		Changes []struct {
			A, B          string
			Before, After *int
			Change        string
		} `json:"changes"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &cmp))
	require.NotNil(t, cmp.Before)
	assert.InDelta(t, 0, *cmp.Before, 1e-9)
	assert.InDelta(t, 75, *cmp.After, 1e-9, "Middle (50) and High (100)")
	assert.Nil(t, cmp.Pct, "no percentage of a zero score")
	kinds := map[string]bool{}
	for _, ch := range cmp.Changes {
		kinds[ch.Change] = true
	}
	assert.True(t, kinds["improved"], rec.Body.String())

	for _, tt := range []struct{ name, query, field string }{
		{"NoFrom", "", "from"},
		{"UnknownFrom", "?from=s42", "from"},
		{"UnknownTo", "?from=" + sn.ID + "&to=s42", "to"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, req{method: "GET", path: base + "/compare" + tt.query, token: c.ViewToken})
			require.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Equal(t, tt.field, decodeError(t, rec).Details[0].Field)
		})
	}
}

package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestExport(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID + "/export"
	for _, tt := range []struct {
		query, ctype, filename, contains string
	}{
		{"?format=json", "application/json", "demensindsats.json", `"title": "Demensindsats"`},
		{"?format=csv&table=relations", "text/csv; charset=utf-8; header=present", "demensindsats-relations.csv", "\ufeff"},
		{"?format=csv", "application/zip", "demensindsats.zip", "PK"},
		{"?format=dot", "text/vnd.graphviz; charset=utf-8", "demensindsats.dot", "graph"},
		{"?format=graphml", "application/graphml+xml", "demensindsats.graphml", "<graphml"},
		{"?format=gexf", "application/gexf+xml", "demensindsats.gexf", `version="1.2"`},
		{"?format=gexf&gexf_version=1.3", "application/gexf+xml", "demensindsats.gexf", `version="1.3"`},
		{"?format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "demensindsats.xlsx", "PK\x03\x04"},
		{"?format=xlsx&lang=en", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "demensindsats.xlsx", "PK\x03\x04"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			rec := ts.do(t, req{method: "GET", path: base + tt.query, token: c.ViewToken})
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, tt.ctype, rec.Header().Get("Content-Type"))
			assert.Contains(t, rec.Header().Get("Content-Disposition"), `filename="`+tt.filename+`"`)
			assert.Contains(t, rec.Body.String(), tt.contains)
		})
	}
	for _, tt := range []struct{ query, field string }{
		{"?format=pdf", "format"}, {"?format=csv&table=both", "table"}, {"?format=dot&palette=neon", "palette"}, {"?format=csv&lang=sv", "lang"},
		{"?format=gexf&gexf_version=2", "gexf_version"},
	} {
		t.Run("Bad"+tt.query, func(t *testing.T) {
			rec := ts.do(t, req{method: "GET", path: base + tt.query, token: c.ViewToken})
			require.Equal(t, http.StatusBadRequest, rec.Code)
			assert.Equal(t, tt.field, decodeError(t, rec).Details[0].Field)
		})
	}
}

// importReq posts body to the import with the Content-Type of the format
// the query names.
func importReq(t *testing.T, ts *testServer, query, body string) *httptest.ResponseRecorder {
	t.Helper()
	ct := "text/csv"
	switch {
	case strings.Contains(query, "format=json"):
		ct = "application/json"
	case strings.Contains(query, "format=graphml"):
		ct = "application/graphml+xml"
	case strings.Contains(query, "format=xlsx"):
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return ts.do(t, req{method: "POST", path: "/api/v1/maps/import" + query, body: body,
		header: map[string]string{"Content-Type": ct}})
}

func TestImport(t *testing.T) {
	ts := newTestServer(t)
	t.Run("CSV", func(t *testing.T) {
		csv := "\ufeffFra;Til;Vurdering;Note\nHjemmeplejen;Egen læge;Lav;Medicinlister\nHjemmeplejen;Sygeplejen;Høj;\n"
		rec := importReq(t, ts, "?format=csv&title=Fra+regneark", csv)
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var c created
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &c))
		assert.NotEmpty(t, c.EditToken)
		m := ts.get(t, c.ID, c.ViewToken)
		assert.Equal(t, "Fra regneark", m.Title)
		assert.Len(t, m.Functions, 3)
		require.Len(t, m.Relations, 2)
		assert.Equal(t, graph.Low, m.Relations[0].Rating)
	})
	t.Run("RoundTripJSON", func(t *testing.T) {
		c := ts.create(t, demens)
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/export?format=json", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		imp := importReq(t, ts, "?format=json", rec.Body.String())
		require.Equal(t, http.StatusCreated, imp.Code, imp.Body.String())
		var again created
		require.NoError(t, json.Unmarshal(imp.Body.Bytes(), &again))
		a, b := ts.get(t, c.ID, c.ViewToken), ts.get(t, again.ID, again.ViewToken)
		assert.Equal(t, a.Document(), b.Document(), "export then import gives an equal map")
	})
	t.Run("RoundTripXLSX", func(t *testing.T) {
		c := ts.create(t, demens)
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/export?format=xlsx", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		imp := importReq(t, ts, "?format=xlsx", rec.Body.String())
		require.Equal(t, http.StatusCreated, imp.Code, imp.Body.String())
		assert.NotContains(t, imp.Body.String(), `"warnings"`, "no warnings, no key")
		var again created
		require.NoError(t, json.Unmarshal(imp.Body.Bytes(), &again))
		a, b := ts.get(t, c.ID, c.ViewToken), ts.get(t, again.ID, again.ViewToken)
		assert.Equal(t, a.Document(), b.Document(), "export then import gives an equal map")
	})
	t.Run("Warnings", func(t *testing.T) {
		yed := `<graphml><key id="l" for="edge" yfiles.type="edgegraphics"/><graph edgedefault="directed">
<node id="a"/><node id="b"/>
<edge id="e1" source="a" target="b"/><edge id="e2" source="b" target="a"/></graph></graphml>`
		rec := importReq(t, ts, "?format=graphml&title=yEd", yed)
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var out struct {
			Warnings []string `json:"warnings"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
		assert.Equal(t, []string{"edge 'e2' (line 3): joins the same two functions as edge 'e1' (line 3): one relation (both unrated)"}, out.Warnings)
	})
	t.Run("ErrorsStoreNothing", func(t *testing.T) {
		before := mapCount(t, ts)
		rec := importReq(t, ts, "?format=csv&title=x", "Fra;Til;Vurdering\nA;B;meget lav\nC;C;1\n")
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
		info := decodeError(t, rec)
		require.Len(t, info.Details, 2)
		assert.Equal(t, "line 2", info.Details[0].Field)
		assert.Contains(t, info.Details[0].Message, "'meget lav' is not one of 1, 2, 3, Høj, Middel, Lav")
		assert.Equal(t, before, mapCount(t, ts))

		rec = importReq(t, ts, "?format=pdf", "x")
		assert.Equal(t, http.StatusBadRequest, rec.Code)
		rec = importReq(t, ts, "?format=xlsx", "Fra;Til\nA;B\n")
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
		assert.Contains(t, decodeError(t, rec).Details[0].Message, "this is not a zip file, so not an Excel workbook")
		rec = importReq(t, ts, "", "x")
		assert.Equal(t, http.StatusBadRequest, rec.Code)
		rec = importReq(t, ts, "?format=graphml", `<!DOCTYPE x [<!ENTITY a "b">]><graphml/>`)
		assert.GreaterOrEqual(t, rec.Code, 400)
		assert.Less(t, rec.Code, 500)
		rec = importReq(t, ts, "?format=json", strings.Repeat(" ", graph.MaxRequestBody+1))
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Equal(t, before, mapCount(t, ts))
	})
}

func mapCount(t *testing.T, ts *testServer) int {
	t.Helper()
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps", token: adminToken})
	require.Equal(t, http.StatusOK, rec.Code)
	var out struct {
		Maps []json.RawMessage `json:"maps"`
	}
	require.NoError(t, json.NewDecoder(bytes.NewReader(rec.Body.Bytes())).Decode(&out))
	return len(out.Maps)
}

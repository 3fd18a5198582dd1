package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

const adminToken = "admin-secret-for-tests-0123456789"

type testServer struct {
	e    *echo.Echo
	st   *store.Store
	path string
	logs *bytes.Buffer
	// slogs is the log of a server made by newConfiguredServer.
	slogs *syncBuffer
	ops   opSet // the operations of openapi.json exercised (conformance)
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestServer(t testing.TB) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	// Drawings are bounded in time (5 s by default); under -race on a busy
	// machine a PNG takes longer, so the tests allow more, except the test
	// of the bound itself.
	e := api.NewServer(st, static.Files, log, api.Config{AdminToken: adminToken, RenderTimeout: 2 * time.Minute})
	return &testServer{e: e, st: st, path: path, logs: logs}
}

type req struct {
	method, path, token, body string
	header                    map[string]string
}

func (ts *testServer) do(t testing.TB, r req) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ts.serve(t, rec, hr)
	return rec
}

type created struct {
	graph.Map
	EditToken string `json:"edit_token"`
	ViewToken string `json:"view_token"`
	EditURL   string `json:"edit_url"`
	ViewURL   string `json:"view_url"`
}

// UnmarshalJSON decodes the map and the secrets beside it.
func (c *created) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &c.Map); err != nil {
		return err
	}
	var s struct {
		EditToken string `json:"edit_token"`
		ViewToken string `json:"view_token"`
		EditURL   string `json:"edit_url"`
		ViewURL   string `json:"view_url"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	c.EditToken, c.ViewToken, c.EditURL, c.ViewURL = s.EditToken, s.ViewToken, s.EditURL, s.ViewURL
	return nil
}

func (ts *testServer) create(t testing.TB, doc string) created {
	t.Helper()
	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps", body: doc})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var c created
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &c))
	return c
}

func (ts *testServer) get(t testing.TB, id, token string) graph.Map {
	t.Helper()
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + id, token: token})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var m graph.Map
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
	return m
}

func decodeError(t testing.TB, rec *httptest.ResponseRecorder) api.ErrorInfo {
	t.Helper()
	var body api.ErrorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return body.Error
}

const demens = `{"title":"Demensindsats","task":"Sammenhængende forløb for hjemmeboende borgere med demens",
 "functions":[{"id":"hjemmepleje","name":"Hjemmeplejen","group":"Kommune"},
              {"id":"laege","name":"Egen læge","group":"Almen praksis"},
              {"id":"borger","name":"Borgeren","group":"Borger","center":true}],
 "relations":[{"a":"hjemmepleje","b":"laege","rating":3,"note":"Medicinlister opdateres ikke"},
              {"a":"borger","b":"laege","rating":null}]}`

func TestCreateMap(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps", body: demens})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var c created
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &c))
	assert.Equal(t, "/api/v1/maps/"+c.ID, rec.Header().Get("Location"))
	assert.Equal(t, `"1"`, rec.Header().Get("ETag"))
	assert.Equal(t, int64(1), c.Version)
	assert.Len(t, c.EditToken, 43)
	assert.Len(t, c.ViewToken, 43)
	assert.NotEqual(t, c.EditToken, c.ViewToken)
	assert.Contains(t, c.EditURL, "/m/"+c.ID+"#edit="+c.EditToken)
	assert.Contains(t, c.ViewURL, "/m/"+c.ID+"#view="+c.ViewToken)
	require.Len(t, c.Relations, 2)
	assert.Equal(t, graph.Low, c.Relations[0].Rating)
	assert.Equal(t, graph.Unrated, c.Relations[1].Rating)
	assert.NotEmpty(t, c.Relations[0].ID)

	t.Run("TokensAreNeverShownAgain", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID, token: c.EditToken})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.NotContains(t, rec.Body.String(), c.EditToken)
		assert.NotContains(t, rec.Body.String(), "token")
	})
	t.Run("Partial", func(t *testing.T) {
		c := ts.create(t, `{"title":"Kun en titel"}`)
		m := ts.get(t, c.ID, c.ViewToken)
		assert.Equal(t, "Kun en titel", m.Title)
		assert.Empty(t, m.Functions)
	})
	t.Run("Examples", func(t *testing.T) {
		files, err := fs.Glob(static.Files, "examples/*.json")
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(files), 4, "the example maps are missing from static/examples")
		for _, f := range files {
			doc, err := fs.ReadFile(static.Files, f)
			require.NoError(t, err)
			c := ts.create(t, string(doc))
			var want graph.Map
			require.NoError(t, json.Unmarshal(doc, &want))
			got := ts.get(t, c.ID, c.ViewToken)
			assert.Equal(t, want.Title, got.Title, f)
			assert.Len(t, got.Functions, len(want.Functions), f)
			assert.Len(t, got.Relations, len(want.Relations), f)
		}
	})
}

func TestAccess(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	other := ts.create(t, `{"title":"Et andet kort"}`)
	path := "/api/v1/maps/" + c.ID

	tests := []struct {
		name   string
		method string
		path   string
		token  string
		query  string
		body   string
		status int
		code   string // for errors
	}{
		{"NoToken", "GET", path, "", "", "", 401, "unauthorized"},
		{"WrongToken", "GET", path, "nonsense", "", "", 403, "forbidden"},
		{"OtherMapsToken", "GET", path, other.EditToken, "", "", 403, "forbidden"},
		{"MissingMapSameAnswer", "GET", "/api/v1/maps/doesnotexist", c.EditToken, "", "", 403, "forbidden"},
		{"MissingMapNoToken", "GET", "/api/v1/maps/doesnotexist", "", "", "", 401, "unauthorized"},
		{"ViewReads", "GET", path, c.ViewToken, "", "", 200, ""},
		{"ViewTokenInQueryOfPicture", "GET", path + "/map.svg", "", "?token=" + c.ViewToken, "", 200, ""},
		{"TokenInQueryOfJSONRoute", "GET", path, "", "?token=" + c.ViewToken, "", 401, "unauthorized"},
		{"AdminTokenNeverInQuery", "GET", path + "/map.svg", "", "?token=" + adminToken, "", 403, "forbidden"},
		{"EditReads", "GET", path, c.EditToken, "", "", 200, ""},
		{"AdminReads", "GET", path, adminToken, "", "", 200, ""},
		{"AdminMissingMap", "GET", "/api/v1/maps/doesnotexist", adminToken, "", "", 404, "not_found"},
		{"ViewCannotWrite", "PATCH", path, c.ViewToken, "", `{"title":"x"}`, 403, "read_only"},
		{"ViewCannotDelete", "DELETE", path, c.ViewToken, "", "", 403, "read_only"},
		{"ListNeedsAdmin", "GET", "/api/v1/maps", c.EditToken, "", "", 403, "forbidden"},
		{"ListNoToken", "GET", "/api/v1/maps", "", "", "", 401, "unauthorized"},
		{"ListAdmin", "GET", "/api/v1/maps", adminToken, "", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, req{method: tt.method, path: tt.path + tt.query, token: tt.token, body: tt.body})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status >= 400 {
				info := decodeError(t, rec)
				assert.Equal(t, tt.code, info.Code)
				assert.NotEmpty(t, info.Message)
			}
		})
	}
	t.Run("ForbiddenRevealsNothing", func(t *testing.T) {
		a := ts.do(t, req{method: "GET", path: path, token: "nonsense"})
		b := ts.do(t, req{method: "GET", path: "/api/v1/maps/doesnotexist", token: "nonsense"})
		assert.Equal(t, a.Code, b.Code)
		assert.Equal(t, a.Body.String(), b.Body.String())
	})
	t.Run("ListWithoutAdminTokenConfigured", func(t *testing.T) {
		plain := &testServer{e: api.NewServer(ts.st, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{}), st: ts.st}
		rec := plain.do(t, req{method: "GET", path: "/api/v1/maps", token: c.EditToken})
		assert.Equal(t, http.StatusNotFound, rec.Code)
	})
	t.Run("ListShowsMaps", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps", token: adminToken})
		var out struct {
			Maps []struct {
				ID        string `json:"id"`
				Functions int    `json:"functions"`
			} `json:"maps"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
		require.Len(t, out.Maps, 2)
		assert.ElementsMatch(t, []string{c.ID, other.ID}, []string{out.Maps[0].ID, out.Maps[1].ID})
	})
	t.Run("RotateTokens", func(t *testing.T) {
		rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + other.ID + "/tokens", token: other.EditToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var tok map[string]string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &tok))
		assert.Equal(t, 403, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + other.ID, token: other.EditToken}).Code)
		assert.Equal(t, 403, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + other.ID, token: other.ViewToken}).Code)
		assert.Equal(t, 200, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + other.ID, token: tok["view_token"]}).Code)
	})
}

func TestEditFlow(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, `{"title":"Børn og unge","task":"Barn i mistrivsel"}`)
	base := "/api/v1/maps/" + c.ID
	tok := c.EditToken

	var ids []string
	for _, name := range []string{"Skolen", "Sundhedsplejen", "Familieafdelingen"} {
		rec := ts.do(t, req{method: "POST", path: base + "/functions", token: tok,
			body: fmt.Sprintf(`{"name":%q,"group":"Kommune"}`, name)})
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
		var f graph.Function
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &f))
		assert.Equal(t, name, f.Name)
		assert.Equal(t, base+"/functions/"+f.ID, rec.Header().Get("Location"))
		ids = append(ids, f.ID)
	}
	assert.Equal(t, []string{"skolen", "sundhedsplejen", "familieafdelingen"}, ids)

	rec := ts.do(t, req{method: "POST", path: base + "/relations", token: tok,
		body: fmt.Sprintf(`{"a":%q,"b":%q}`, ids[0], ids[2])})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var r graph.Relation
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r))
	assert.Equal(t, graph.Unrated, r.Rating)
	etagAfter := rec.Header().Get("ETag")
	assert.Equal(t, `"5"`, etagAfter)

	rec = ts.do(t, req{method: "PATCH", path: base + "/relations/" + r.ID, token: tok,
		body: `{"rating":3,"note":"Underretninger uden svar"}`, header: map[string]string{"If-Match": etagAfter}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r))
	assert.Equal(t, graph.Low, r.Rating)

	t.Run("StaleIfMatchIs412AndChangesNothing", func(t *testing.T) {
		rec := ts.do(t, req{method: "PATCH", path: base + "/relations/" + r.ID, token: tok,
			body: `{"rating":1}`, header: map[string]string{"If-Match": etagAfter}})
		require.Equal(t, http.StatusPreconditionFailed, rec.Code)
		assert.Equal(t, "version_mismatch", decodeError(t, rec).Code)
		m := ts.get(t, c.ID, tok)
		assert.Equal(t, graph.Low, m.Relation(r.ID).Rating)
	})
	t.Run("IfNoneMatch304", func(t *testing.T) {
		m := ts.get(t, c.ID, tok)
		rec := ts.do(t, req{method: "GET", path: base, token: tok, header: map[string]string{"If-None-Match": fmt.Sprintf(`"%d"`, m.Version)}})
		assert.Equal(t, http.StatusNotModified, rec.Code)
		assert.Empty(t, rec.Body.String())
	})
	t.Run("ClearRating", func(t *testing.T) {
		rec := ts.do(t, req{method: "PATCH", path: base + "/relations/" + r.ID, token: tok, body: `{"rating":null}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assert.Contains(t, rec.Body.String(), `"rating":null`)
		rec = ts.do(t, req{method: "PATCH", path: base + "/relations/" + r.ID, token: tok, body: `{"rating":2}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	})
	t.Run("PinAndCentre", func(t *testing.T) {
		rec := ts.do(t, req{method: "PATCH", path: base + "/functions/" + ids[1], token: tok, body: `{"x":120.5,"y":80,"center":true}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		rec = ts.do(t, req{method: "PATCH", path: base + "/functions/" + ids[0], token: tok, body: `{"center":true}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		m := ts.get(t, c.ID, tok)
		assert.True(t, m.Function(ids[0]).Center)
		assert.False(t, m.Function(ids[1]).Center, "the centre moves; there is at most one")
		assert.InDelta(t, 120.5, *m.Function(ids[1]).X, 1e-9)
		rec = ts.do(t, req{method: "PATCH", path: base + "/functions/" + ids[1], token: tok, body: `{"x":null,"y":null}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		m2 := ts.get(t, c.ID, tok)
		assert.False(t, m2.Function(ids[1]).Pinned())
	})
	t.Run("PatchMap", func(t *testing.T) {
		rec := ts.do(t, req{method: "PATCH", path: base, token: tok, body: `{"description":"Workshop 3. marts"}`})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		m := ts.get(t, c.ID, tok)
		assert.Equal(t, "Workshop 3. marts", m.Description)
		assert.Equal(t, "Børn og unge", m.Title)
	})
	t.Run("DeleteFunctionDeletesItsRelations", func(t *testing.T) {
		rec := ts.do(t, req{method: "DELETE", path: base + "/functions/" + ids[2], token: tok})
		require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
		assert.NotEmpty(t, rec.Header().Get("ETag"))
		m := ts.get(t, c.ID, tok)
		assert.Len(t, m.Functions, 2)
		assert.Empty(t, m.Relations)
	})
	t.Run("ReplaceWhole", func(t *testing.T) {
		rec := ts.do(t, req{method: "PUT", path: base, token: tok, body: demens})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		m := ts.get(t, c.ID, tok)
		assert.Equal(t, "Demensindsats", m.Title)
		assert.Len(t, m.Functions, 3)
		assert.Equal(t, c.ID, m.ID)
	})
	t.Run("DeleteMap", func(t *testing.T) {
		rec := ts.do(t, req{method: "DELETE", path: base, token: tok})
		require.Equal(t, http.StatusNoContent, rec.Code)
		assert.Equal(t, http.StatusForbidden, ts.do(t, req{method: "GET", path: base, token: tok}).Code)
		assert.Equal(t, http.StatusNotFound, ts.do(t, req{method: "GET", path: base, token: adminToken}).Code)
	})
}

// TestBadInput: each malformed request gets its status, error code and the
// field named, and changes nothing.
func TestBadInput(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	before := ts.get(t, c.ID, c.EditToken)
	rid := before.Relations[0].ID

	big := `{"title":"x","description":"` + strings.Repeat("a", graph.MaxRequestBody) + `"}`
	var many strings.Builder
	many.WriteString(`{"title":"mange","functions":[`)
	for i := range graph.MaxFunctions + 1 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `{"name":"F%d"}`, i)
	}
	many.WriteString(`]}`)
	longNote := `{"title":"x","functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"a":"a","b":"b","note":"` +
		strings.Repeat("n", graph.MaxNoteLen+1) + `"}]}`

	tests := []struct {
		name        string
		method      string
		path        string
		body        string
		contentType string
		status      int
		code        string
		field       string
	}{
		{"NotJSON", "PUT", base, `{"title":`, "", 400, "malformed", ""},
		{"TwoValues", "PUT", base, `{"title":"a"} {}`, "", 400, "malformed", ""},
		{"NotAnObject", "PUT", base, `[1,2]`, "", 422, "invalid", ""},
		{"WrongContentType", "PUT", base, `{"title":"a"}`, "text/plain", 415, "unsupported_media_type", ""},
		{"UnknownField", "PUT", base, `{"title":"a","colour":"red"}`, "", 422, "invalid", "colour"},
		{"UnknownNestedField", "PUT", base, `{"functions":[{"id":"a","name":"A","size":3}]}`, "", 422, "invalid", "functions[0].size"},
		{"WrongType", "PUT", base, `{"title":5}`, "", 422, "invalid", "title"},
		{"WrongTypeNested", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"b","name":7}]}`, "", 422, "invalid", "functions[1].name"},
		{"RatingOutOfRange", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"a":"a","b":"b","rating":4}]}`, "", 422, "invalid", "relations[0].rating"},
		{"RatingZero", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"a":"a","b":"b","rating":0}]}`, "", 422, "invalid", "relations[0].rating"},
		{"RatingString", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"a":"a","b":"b","rating":"3"}]}`, "", 422, "invalid", "relations[0].rating"},
		{"DanglingFunction", "PUT", base, `{"functions":[{"id":"a","name":"A"}],"relations":[{"a":"a","b":"ghost"}]}`, "", 422, "invalid", "relations[0].b"},
		{"SelfLoop", "PUT", base, `{"functions":[{"id":"a","name":"A"}],"relations":[{"a":"a","b":"a"}]}`, "", 422, "invalid", "relations[0].b"},
		{"DuplicatePair", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"relations":[{"a":"a","b":"b"},{"a":"b","b":"a"}]}`, "", 422, "invalid", "relations[1]"},
		{"DuplicateName", "PUT", base, `{"functions":[{"id":"a","name":"Læge"},{"id":"b","name":" LÆGE "}]}`, "", 422, "invalid", "functions[1].name"},
		{"DuplicateID", "PUT", base, `{"functions":[{"id":"a","name":"A"},{"id":"a","name":"B"}]}`, "", 422, "invalid", "functions[1].id"},
		{"BadID", "PUT", base, `{"functions":[{"id":"a b","name":"A"}]}`, "", 422, "invalid", "functions[0].id"},
		{"EmptyName", "PUT", base, `{"functions":[{"id":"a","name":"   "}]}`, "", 422, "invalid", "functions[0].name"},
		{"NameTooLong", "PUT", base, `{"functions":[{"id":"a","name":"` + strings.Repeat("x", 81) + `"}]}`, "", 422, "invalid", "functions[0].name"},
		{"TwoCentres", "PUT", base, `{"functions":[{"id":"a","name":"A","center":true},{"id":"b","name":"B","center":true}]}`, "", 422, "invalid", "functions[1].center"},
		{"HalfPinned", "PUT", base, `{"functions":[{"id":"a","name":"A","x":3}]}`, "", 422, "invalid", "functions[0].x"},
		{"ControlCharacter", "PUT", base, `{"title":"a\u0007b"}`, "", 422, "invalid", "title"},
		{"BodyTooLarge", "PUT", base, big, "", 413, "too_large", ""},
		{"TooManyFunctions", "PUT", base, many.String(), "", 413, "too_large", "functions"},
		{"NoteTooLarge", "PUT", base, longNote, "", 413, "too_large", "relations[0].note"},
		{"PatchUnknownField", "PATCH", base, `{"functions":[]}`, "", 422, "invalid", "functions"},
		{"AddFunctionDuplicateName", "POST", base + "/functions", `{"name":"egen LÆGE"}`, "", 422, "invalid", "name"},
		{"AddFunctionBadID", "POST", base + "/functions", `{"id":"ø","name":"Ny"}`, "", 422, "invalid", "id"},
		{"AddFunctionTakenID", "POST", base + "/functions", `{"id":"laege","name":"Ny"}`, "", 409, "conflict", ""},
		{"AddRelationDangling", "POST", base + "/relations", `{"a":"laege","b":"ghost"}`, "", 422, "invalid", "b"},
		{"AddRelationDuplicatePair", "POST", base + "/relations", `{"a":"laege","b":"hjemmepleje"}`, "", 422, "invalid", ""},
		{"PatchRelationBadRating", "PATCH", base + "/relations/" + rid, `{"rating":7}`, "", 422, "invalid", "rating"},
		{"PatchRelationSelfLoop", "PATCH", base + "/relations/" + rid, `{"b":"hjemmepleje","a":"hjemmepleje"}`, "", 422, "invalid", "b"},
		{"PatchMissingRelation", "PATCH", base + "/relations/nope", `{"rating":1}`, "", 404, "not_found", ""},
		{"DeleteMissingFunction", "DELETE", base + "/functions/nope", "", "", 404, "not_found", ""},
		{"PatchFunctionHalfPosition", "PATCH", base + "/functions/laege", `{"x":1}`, "", 422, "invalid", "x"},
		{"UnknownRoute", "GET", "/api/v1/nothing", "", "", 404, "not_found", ""},
		{"MethodNotAllowed", "POST", base + "/relations/" + rid, `{}`, "", 405, "method_not_allowed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			ct := tt.contentType
			if ct == "" {
				ct = "application/json"
			}
			hr.Header.Set("Content-Type", ct)
			hr.Header.Set("Authorization", "Bearer "+c.EditToken)
			rec := httptest.NewRecorder()
			ts.serve(t, rec, hr)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			assert.Equal(t, "application/json", strings.Split(rec.Header().Get("Content-Type"), ";")[0])
			info := decodeError(t, rec)
			assert.Equal(t, tt.code, info.Code, rec.Body.String())
			assert.NotEmpty(t, info.Message)
			if tt.field != "" {
				var fields []string
				for _, d := range info.Details {
					fields = append(fields, d.Field)
				}
				assert.Contains(t, fields, tt.field, rec.Body.String())
			}
			after := ts.get(t, c.ID, c.EditToken)
			assert.Equal(t, before, after, "a failed request changed the map")
		})
	}
}

// TestRestart: everything written through the API is there after the
// database is closed and opened again by a new server.
func TestRestart(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	rec := ts.do(t, req{method: "PATCH", path: "/api/v1/maps/" + c.ID + "/relations/" + c.Relations[1].ID,
		token: c.EditToken, body: `{"rating":1}`})
	require.Equal(t, http.StatusOK, rec.Code)
	want := ts.get(t, c.ID, c.EditToken)
	require.NoError(t, ts.st.Close())

	st, err := store.Open(context.Background(), ts.path)
	require.NoError(t, err)
	defer st.Close()
	again := &testServer{e: api.NewServer(st, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Config{}), st: st}
	got := again.get(t, c.ID, c.ViewToken)
	assert.Equal(t, want, got)
	assert.Equal(t, graph.High, got.Relations[1].Rating)
}

func TestLogsHoldNoTokens(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/map.svg?token=" + c.ViewToken})
	ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID, token: c.EditToken})
	ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/export?token=wrong-" + c.EditToken})
	// S3: a percent-encoded name authenticates like the plain one, and is
	// redacted like it.
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/map.svg?%74oken=" + c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/map.svg?TOKEN=" + c.EditToken + "&%zz"})
	logs := ts.logs.String()
	require.Contains(t, logs, "/api/v1/maps/"+c.ID)
	assert.NotContains(t, logs, c.ViewToken)
	assert.NotContains(t, logs, c.EditToken)
	assert.Contains(t, logs, "token=REDACTED")
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, req{method: "GET", path: "/healthz"})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"status":"ok"}`, rec.Body.String())
}

func TestLinks(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/links", token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var links map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &links))
	assert.Equal(t, c.ViewToken, links["view_token"], "the edit token gives the view link back")
	assert.Equal(t, c.ViewURL, links["view_url"])
	assert.Equal(t, c.EditURL, links["edit_url"])
	assert.Equal(t, http.StatusForbidden, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/links", token: c.ViewToken}).Code)
	assert.Equal(t, http.StatusForbidden, ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/links", token: adminToken}).Code)
}

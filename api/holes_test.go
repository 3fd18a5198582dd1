package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

// The holes of issue 14, one test each. Every request goes through the
// conformance check (testServer.do/serve/handler).

// newConfiguredServer is newTestServer with cfg (AdminToken is set).
func newConfiguredServer(t *testing.T, cfg api.Config) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.db")
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	cfg.AdminToken = adminToken
	if cfg.RenderTimeout == 0 {
		cfg.RenderTimeout = 2 * time.Minute
	}
	e := api.NewServer(st, static.Files, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), cfg)
	return &testServer{e: e, st: st, path: path, slogs: logs}
}

func fieldsOf(info api.ErrorInfo) []string {
	var out []string
	for _, d := range info.Details {
		out = append(out, d.Field)
	}
	return out
}

// manyFunctions is a map document with n functions and no relations.
func manyFunctions(n int) string {
	var b strings.Builder
	b.WriteString(`{"title":"Stort kort","functions":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"f%d","name":"Funktion %d","group":"G%d"}`, i, i, i%7)
	}
	b.WriteString(`]}`)
	return b.String()
}

// TestHole_S1_BoundedDrawings: no drawing answers over its bounds.
func TestHole_S1_BoundedDrawings(t *testing.T) {
	t.Run("MatrixByFunctionTooLarge", func(t *testing.T) {
		ts := newTestServer(t)
		c := ts.create(t, manyFunctions(151))
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/matrix.svg?by=function", token: c.ViewToken})
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
		info := decodeError(t, rec)
		assert.Equal(t, "too_complex", info.Code)
		assert.Equal(t, []string{"by"}, fieldsOf(info), "the hint names by")
		assert.Contains(t, info.Details[0].Message, "by=group")
		rec = ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/matrix.svg?by=group", token: c.ViewToken})
		assert.Equal(t, http.StatusOK, rec.Code)
		small := ts.create(t, manyFunctions(150))
		rec = ts.do(t, req{method: "GET", path: "/api/v1/maps/" + small.ID + "/matrix.svg?by=function", token: small.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Less(t, rec.Body.Len(), 8<<20)
	})
	t.Run("Deadline", func(t *testing.T) {
		// A drawing that takes longer than the deadline answers 503 with
		// Retry-After; it is finished in the background and kept, so that
		// asking again gets it.
		ts := newConfiguredServer(t, api.Config{RenderTimeout: time.Nanosecond})
		c := ts.create(t, demens)
		path := "/api/v1/maps/" + c.ID + "/map.png"
		rec := ts.do(t, req{method: "GET", path: path, token: c.ViewToken})
		require.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.Equal(t, "unavailable", decodeError(t, rec).Code)
		assert.NotEmpty(t, rec.Header().Get("Retry-After"))
		deadline := time.Now().Add(time.Minute)
		for rec.Code != http.StatusOK && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			rec = ts.do(t, req{method: "GET", path: path, token: c.ViewToken})
		}
		assert.Equal(t, http.StatusOK, rec.Code, "the drawing was kept")
		assert.Equal(t, "image/png", rec.Header().Get("Content-Type"))
	})
	t.Run("KeptComparisonFollowsTheLiveMap", func(t *testing.T) {
		ts := newTestServer(t)
		c := ts.create(t, demens)
		base := "/api/v1/maps/" + c.ID
		rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
		require.Equal(t, http.StatusCreated, rec.Code)
		var sn struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sn))
		pic := base + "/compare.svg?from=current&to=" + sn.ID
		before := ts.do(t, req{method: "GET", path: pic, token: c.ViewToken}).Body.String()
		rec = ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID, token: c.EditToken, body: `{"rating":1}`})
		require.Equal(t, http.StatusOK, rec.Code)
		after := ts.do(t, req{method: "GET", path: pic, token: c.ViewToken}).Body.String()
		assert.NotEqual(t, before, after, "a comparison with the live map is not kept past its version")
	})
	t.Run("ExpensiveReadsAreLimited", func(t *testing.T) {
		ts := newConfiguredServer(t, api.Config{RateLimit: api.RateLimit{Reads: 1}}) // bursts of 3
		c := ts.create(t, demens)
		base := "/api/v1/maps/" + c.ID
		var codes []int
		for _, q := range []string{"/map.svg?palette=print", "/map.svg?palette=colorblind", "/matrix.svg", "/analysis?lang=en"} {
			codes = append(codes, ts.do(t, req{method: "GET", path: base + q, token: c.ViewToken}).Code)
		}
		assert.Equal(t, []int{200, 200, 200, 429}, codes)
		// What is in the cache costs nothing: a room reloading a picture.
		for range 10 {
			rec := ts.do(t, req{method: "GET", path: base + "/map.svg?palette=print", token: c.ViewToken})
			require.Equal(t, http.StatusOK, rec.Code)
		}
		rec := ts.do(t, req{method: "GET", path: base + "/export?format=dot", token: c.ViewToken})
		assert.Equal(t, http.StatusTooManyRequests, rec.Code, "an export is an expensive read")
		assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	})
}

// TestHole_S2_WrongTokensAreLimited: a client that keeps guessing gets 429,
// even for a right token, until its budget refills; others are not
// affected; a rotated token still held by a page is not a guess.
func TestHole_S2_WrongTokensAreLimited(t *testing.T) {
	ts := newConfiguredServer(t, api.Config{RateLimit: api.RateLimit{AuthFailures: 3}})
	c := ts.create(t, demens)
	other := ts.create(t, `{"title":"Roteres"}`)
	path := "/api/v1/maps/" + c.ID

	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + other.ID + "/tokens", token: other.EditToken})
	require.Equal(t, http.StatusOK, rec.Code)
	for range 5 { // the old tokens of a rotated map: 403, but no guesses
		rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + other.ID, token: other.ViewToken})
		require.Equal(t, http.StatusForbidden, rec.Code)
	}
	require.Equal(t, http.StatusOK, ts.do(t, req{method: "GET", path: path, token: c.ViewToken}).Code)

	var codes []int
	for i := range 4 {
		codes = append(codes, ts.do(t, req{method: "GET", path: path, token: fmt.Sprintf("guess-%d", i)}).Code)
	}
	assert.Equal(t, []int{403, 403, 403, 429}, codes)
	rec = ts.do(t, req{method: "GET", path: path, token: c.ViewToken})
	require.Equal(t, http.StatusTooManyRequests, rec.Code, "blocked before the token is looked at")
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	rec = ts.do(t, req{method: "GET", path: "/api/v1/maps", token: "not-the-admin-token-but-as-long-as-it"})
	assert.Equal(t, http.StatusTooManyRequests, rec.Code, "admin guesses count and are refused alike")

	hr := httptest.NewRequest("GET", path, nil)
	hr.Header.Set("Authorization", "Bearer "+c.ViewToken)
	hr.RemoteAddr = "192.0.2.9:1234"
	rr := httptest.NewRecorder()
	ts.serve(t, rr, hr)
	assert.Equal(t, http.StatusOK, rr.Code, "another address has its own budget")

	t.Run("AdminGuesses", func(t *testing.T) {
		ts := newConfiguredServer(t, api.Config{RateLimit: api.RateLimit{AuthFailures: 2}})
		var codes []int
		for range 3 {
			codes = append(codes, ts.do(t, req{method: "GET", path: "/api/v1/maps", token: "a-guess-at-the-admin-token"}).Code)
		}
		assert.Equal(t, []int{403, 403, 429}, codes)
	})
}

// TestHole_S3_NoTokenInLogs: the log shows the query as the server read
// it, redacted after decoding.
func TestHole_S3_NoTokenInLogs(t *testing.T) {
	for _, tt := range []struct{ raw, want string }{
		{"/x?token=secret", "/x?token=REDACTED"},
		{"/x?%74oken=secret&lang=da", "/x?lang=da&token=REDACTED"},
		{"/x?TOKEN=secret", "/x?TOKEN=REDACTED"},
		{"/x?a%zz=1&token=secret", "/x?token=REDACTED"},
		{"/x", "/x"},
	} {
		r := httptest.NewRequest("GET", tt.raw, nil)
		assert.Equal(t, tt.want, api.RedactURL(r.URL), "RedactURL(%q)", tt.raw)
	}
	ts := newConfiguredServer(t, api.Config{})
	c := ts.create(t, demens)
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + c.ID + "/map.svg?%74oken=" + c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, "a percent-encoded name authenticates")
	logs := ts.slogs.String()
	assert.NotContains(t, logs, c.ViewToken)
	assert.Contains(t, logs, "token=REDACTED")
}

// failingBody reads some bytes, then fails with err.
type failingBody struct {
	data []byte
	err  error
}

func (b *failingBody) Read(p []byte) (int, error) {
	if len(b.data) > 0 {
		n := copy(p, b.data)
		b.data = b.data[n:]
		return n, nil
	}
	return 0, b.err
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestHole_S4_BrokenBodiesAndGoneClients: a cut-off body is 400, a slow one
// 408, a client that went away is logged as 499 at info level: none is an
// ERROR 500.
func TestHole_S4_BrokenBodiesAndGoneClients(t *testing.T) {
	ts := newConfiguredServer(t, api.Config{})
	c := ts.create(t, demens)
	path := "/api/v1/maps/" + c.ID
	for _, tt := range []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"CutOff", io.ErrUnexpectedEOF, http.StatusBadRequest, "malformed"},
		{"Timeout", timeoutErr{}, http.StatusRequestTimeout, "request_timeout"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hr := httptest.NewRequest("PUT", path, &failingBody{data: []byte(`{"title":"hal`), err: tt.err})
			hr.Header.Set("Content-Type", "application/json")
			hr.Header.Set("Authorization", "Bearer "+c.EditToken)
			rec := httptest.NewRecorder()
			ts.serve(t, rec, hr)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			assert.Equal(t, tt.code, decodeError(t, rec).Code)
		})
	}
	t.Run("SlowBodyOverTheWire", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(ts.handler(t))
		srv.Config.ReadTimeout = 300 * time.Millisecond
		srv.Start()
		defer srv.Close()
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		require.NoError(t, err)
		defer conn.Close()
		fmt.Fprintf(conn, "PUT %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"title\":", path, c.EditToken)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	})
	t.Run("ClientGone", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		hr := httptest.NewRequest("GET", path, nil).WithContext(ctx)
		hr.Header.Set("Authorization", "Bearer "+c.ViewToken)
		rec := httptest.NewRecorder()
		ts.e.ServeHTTP(rec, hr) // no one to answer: nothing to check against the description
		logs := ts.slogs.String()
		assert.Contains(t, logs, "status=499")
		assert.NotContains(t, logs, "level=ERROR")
	})
	assert.NotContains(t, ts.slogs.String(), "level=ERROR")
	assert.Equal(t, "Demensindsats", ts.get(t, c.ID, c.ViewToken).Title, "nothing was changed")
}

// TestHole_S5_EventStreamLimits: streams are limited per map and per
// address, and a rotation ends the streams of the old tokens.
func TestHole_S5_EventStreamLimits(t *testing.T) {
	ts := newConfiguredServer(t, api.Config{StreamsPerMap: 2, StreamsPerClient: 3})
	a := ts.create(t, demens)
	b := ts.create(t, `{"title":"Andet"}`)
	srv := httptest.NewServer(ts.handler(t))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	type stream struct {
		resp  *http.Response
		lines chan string
	}
	open := func(id, token string) (*stream, int) {
		t.Helper()
		r, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/maps/"+id+"/events?token="+token, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, resp.StatusCode
		}
		s := &stream{resp: resp, lines: make(chan string, 64)}
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				s.lines <- sc.Text()
			}
			close(s.lines)
		}()
		return s, resp.StatusCode
	}
	s1, code := open(a.ID, a.ViewToken)
	require.Equal(t, 200, code)
	_, code = open(a.ID, a.EditToken)
	require.Equal(t, 200, code)
	_, code = open(a.ID, a.ViewToken)
	assert.Equal(t, http.StatusTooManyRequests, code, "a third stream of one map")
	_, code = open(b.ID, b.ViewToken)
	require.Equal(t, 200, code)
	_, code = open(b.ID, b.ViewToken)
	assert.Equal(t, http.StatusTooManyRequests, code, "a fourth stream from one address")

	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + a.ID + "/tokens", token: a.EditToken})
	require.Equal(t, http.StatusOK, rec.Code)
	var got []string
	for l := range s1.lines {
		got = append(got, l)
	}
	assert.Contains(t, got, "event: revoked", "the stream of a rotated token ends")
	s1.resp.Body.Close()
	_, code = open(a.ID, a.ViewToken)
	assert.Equal(t, http.StatusForbidden, code, "the old token opens nothing")
}

// TestHole_S6_ErrorRepliesAreSmall: the details of an error are capped.
func TestHole_S6_ErrorRepliesAreSmall(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	var b strings.Builder
	b.WriteString(`{"title":"x"`)
	for i := range 20000 {
		fmt.Fprintf(&b, `,"unknown%d":1`, i)
	}
	fmt.Fprintf(&b, `,"%s":1}`, strings.Repeat("k", 5000))
	body := b.String()
	require.Less(t, len(body), graph.MaxRequestBody)
	rec := ts.do(t, req{method: "PUT", path: "/api/v1/maps/" + c.ID, token: c.EditToken, body: body})
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	assert.Less(t, rec.Body.Len(), 64<<10, "the reply is small")
	info := decodeError(t, rec)
	require.Len(t, info.Details, 51)
	assert.Equal(t, "… and 19951 more", info.Details[50].Message)
	for _, d := range info.Details {
		assert.LessOrEqual(t, len([]rune(d.Field)), 300)
	}
}

// TestHole_S7_BidiControls: names, groups, titles, tasks, notes and labels
// refuse the bidirectional controls, each with the field named.
func TestHole_S7_BidiControls(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	for _, tt := range []struct {
		method, path, body, field string
	}{
		{"POST", "/api/v1/maps", `{"title":"Kort \u202eesrever"}`, "title"},
		{"POST", "/api/v1/maps", `{"title":"Kort","task":"\u2066x\u2069"}`, "task"},
		{"PATCH", base, `{"description":"a\u200fb"}`, "description"},
		{"POST", base + "/functions", `{"name":"Læge\u202e","group":"Region"}`, "name"},
		{"POST", base + "/functions", `{"name":"Ny","group":"\u061cRegion"}`, "group"},
		{"PATCH", base + "/functions/laege", `{"note":"\u202a"}`, "note"},
		{"PATCH", base + "/relations/" + c.Relations[0].ID, `{"note":"\u200e"}`, "note"},
		{"POST", base + "/snapshots", `{"label":"Før\u2067"}`, "label"},
	} {
		rec := ts.do(t, req{method: tt.method, path: tt.path, token: c.EditToken, body: tt.body})
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code, "%s %s", tt.path, tt.body)
		info := decodeError(t, rec)
		assert.Equal(t, []string{tt.field}, fieldsOf(info), tt.body)
		assert.Contains(t, info.Message, "bidirectional")
	}
	// Right-to-left letters are text like any other; the download name is
	// ASCII whatever the title.
	rtl := ts.create(t, `{"title":"خريطة العلاقات","functions":[{"name":"مركز صحي"}]}`)
	rec := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + rtl.ID + "/export?format=json", token: rtl.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code)
	cd := rec.Header().Get("Content-Disposition")
	for _, r := range cd {
		require.Less(t, r, rune(0x80), "Content-Disposition %q", cd)
	}
}

// TestHole_S8_ImportContentTypes: an import must carry its format's type;
// what a form of another site can send is refused.
func TestHole_S8_ImportContentTypes(t *testing.T) {
	ts := newTestServer(t)
	csv := "Fra;Til;Vurdering\nA;B;Lav\n"
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json"} {
		rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/import?format=csv&title=x", body: csv,
			header: map[string]string{"Content-Type": ct}})
		require.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "Content-Type %q", ct)
		assert.Equal(t, "unsupported_media_type", decodeError(t, rec).Code)
	}
	for _, tt := range []struct{ query, ct, body string }{
		{"?format=csv&title=x", "text/csv", csv},
		{"?format=csv&title=x", "text/csv; charset=UTF-8", csv},
		{"?format=json", "application/json", `{"title":"Fil"}`},
		{"?format=graphml&title=x", "application/xml", `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected"><node id="a"/></graph></graphml>`},
	} {
		rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/import" + tt.query, body: tt.body,
			header: map[string]string{"Content-Type": tt.ct}})
		require.Equal(t, http.StatusCreated, rec.Code, "%s %s: %s", tt.query, tt.ct, rec.Body.String())
	}
	// JSON bodies: application/json only, not any +json or another charset.
	for _, ct := range []string{"application/merge-patch+json", "application/vnd.x+json", "text/json", "application/json; charset=latin1"} {
		rec := ts.do(t, req{method: "POST", path: "/api/v1/maps", body: `{"title":"a"}`, header: map[string]string{"Content-Type": ct}})
		assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "Content-Type %q", ct)
	}
}

// TestHole_S9_DuplicateKeysAndInvalidUTF8: both are 400 naming the field,
// and change nothing.
func TestHole_S9_DuplicateKeysAndInvalidUTF8(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	rid := c.Relations[0].ID
	before := ts.get(t, c.ID, c.ViewToken)
	for _, tt := range []struct{ path, body, field string }{
		{"/relations/" + rid, `{"rating":3,"rating":1}`, "rating"},
		{"/relations/" + rid, "{\"note\":\"K\xf8benhavn\"}", "note"},
		{"/relations/" + rid, `{"note":"\ud800"}`, "note"},
		{"", `{"title":"a","functions":[{"id":"x","name":"X","name":"Y"}]}`, "functions[0].name"},
	} {
		method := "PATCH"
		if tt.path == "" {
			method = "PUT"
		}
		rec := ts.do(t, req{method: method, path: "/api/v1/maps/" + c.ID + tt.path, token: c.EditToken, body: tt.body})
		require.Equal(t, http.StatusBadRequest, rec.Code, tt.body)
		info := decodeError(t, rec)
		assert.Equal(t, "malformed", info.Code)
		assert.Equal(t, []string{tt.field}, fieldsOf(info), tt.body)
	}
	assert.Equal(t, before, ts.get(t, c.ID, c.ViewToken), "nothing changed")
}

// TestDescriptionIsTrue: the points of issue 14 where the description and
// the server disagreed, now agreeing.
func TestDescriptionIsTrue(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	t.Run("TitleRequired", func(t *testing.T) {
		for _, body := range []string{`{"title":""}`, `{"title":null}`, `{"title":"  "}`, `{}`, `{"task":"uden titel"}`} {
			rec := ts.do(t, req{method: "POST", path: "/api/v1/maps", body: body})
			require.Equal(t, http.StatusUnprocessableEntity, rec.Code, body)
			assert.Equal(t, []string{"title"}, fieldsOf(decodeError(t, rec)), body)
			rec = ts.do(t, req{method: "PUT", path: base, token: c.EditToken, body: body})
			require.Equal(t, http.StatusUnprocessableEntity, rec.Code, body)
		}
		for _, body := range []string{`{"title":""}`, `{"title":null}`, `{"title":"` + strings.Repeat("t", 201) + `"}`} {
			rec := ts.do(t, req{method: "PATCH", path: base, token: c.EditToken, body: body})
			require.Equal(t, http.StatusUnprocessableEntity, rec.Code, body)
			assert.Equal(t, []string{"title"}, fieldsOf(decodeError(t, rec)), body)
		}
		assert.Equal(t, "Demensindsats", ts.get(t, c.ID, c.ViewToken).Title)
	})
	t.Run("ReadOnlyFieldsRefused", func(t *testing.T) {
		m := ts.get(t, c.ID, c.ViewToken)
		doc, err := json.Marshal(m)
		require.NoError(t, err)
		rec := ts.do(t, req{method: "PUT", path: base, token: c.EditToken, body: string(doc)})
		require.Equal(t, http.StatusUnprocessableEntity, rec.Code)
		assert.Equal(t, []string{"id", "version", "created_at", "updated_at"}, fieldsOf(decodeError(t, rec)))
	})
	t.Run("NotesCountCharacters", func(t *testing.T) {
		note := strings.Repeat("æ", graph.MaxNoteLen) // 128 KiB of UTF-8
		rec := ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID, token: c.EditToken,
			body: `{"note":"` + note + `"}`})
		require.Equal(t, http.StatusOK, rec.Code)
		rec = ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID, token: c.EditToken,
			body: `{"note":"` + note + `æ"}`})
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Equal(t, []string{"note"}, fieldsOf(decodeError(t, rec)))
	})
	t.Run("EmptyParameters", func(t *testing.T) {
		for _, q := range []string{"/map.svg?layout=", "/map.png?palette=", "/analysis?lang=", "/export?format=", "/compare?from=", "/matrix.svg?by="} {
			rec := ts.do(t, req{method: "GET", path: base + q, token: c.ViewToken})
			require.Equal(t, http.StatusBadRequest, rec.Code, q)
			name := strings.TrimSuffix(q[strings.Index(q, "?")+1:], "=")
			assert.Equal(t, []string{name}, fieldsOf(decodeError(t, rec)), q)
		}
	})
	t.Run("HeadLikeGet", func(t *testing.T) {
		for _, p := range []string{base, base + "/map.svg", base + "/analysis", base + "/events", base + "/snapshots"} {
			get := ts.do(t, req{method: "GET", path: strings.Replace(p, "/events", "/links", 1), token: c.EditToken})
			head := ts.do(t, req{method: "HEAD", path: p, token: c.EditToken})
			assert.Equal(t, http.StatusOK, get.Code, p)
			assert.Equal(t, http.StatusOK, head.Code, p)
			assert.Empty(t, head.Body.String(), p)
			if !strings.HasSuffix(p, "/events") {
				assert.Equal(t, get.Header().Get("Content-Type"), head.Header().Get("Content-Type"), p)
			}
		}
	})
	t.Run("MissingSnapshotWithIfNoneMatchStar", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/snapshots/nope/map.svg", token: c.ViewToken,
			header: map[string]string{"If-None-Match": "*"}})
		assert.Equal(t, http.StatusNotFound, rec.Code)
	})
	t.Run("QueryTokenOnlyWhereDescribed", func(t *testing.T) {
		for _, p := range []string{"", "/links", "/analysis", "/snapshots", "/qr.svg"} {
			rec := ts.do(t, req{method: "GET", path: base + p + "?token=" + c.EditToken})
			require.Equal(t, http.StatusUnauthorized, rec.Code, p)
			assert.Contains(t, decodeError(t, rec).Message, "Authorization")
		}
		for _, p := range []string{"/map.svg", "/map.png", "/matrix.svg", "/export"} {
			rec := ts.do(t, req{method: "GET", path: base + p + "?token=" + c.ViewToken})
			require.Equal(t, http.StatusOK, rec.Code, p)
		}
	})
	t.Run("MatrixAndCompareReadOnlyTheirOptions", func(t *testing.T) {
		a := ts.do(t, req{method: "GET", path: base + "/matrix.svg", token: c.ViewToken})
		b := ts.do(t, req{method: "GET", path: base + "/matrix.svg?layout=force&format=a4&panel=attention", token: c.ViewToken})
		require.Equal(t, http.StatusOK, b.Code)
		assert.Equal(t, a.Body.String(), b.Body.String(), "matrix.svg has no layout, format or panel")
	})
}

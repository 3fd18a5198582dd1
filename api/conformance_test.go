package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The conformance check: every request the API tests send through
// testServer (do, serve, handler) and every answer is validated against
// openapi.json with kin-openapi, an implementation independent of ours:
//
//   - the answer's status must be described for the operation (304 and the
//     error statuses included), its Content-Type too, and a JSON body must
//     match its schema;
//   - a request the description forbids must not succeed (no 2xx or 3xx);
//   - a path or method the description does not have must answer 404 or
//     405 with the error body;
//   - HEAD answers have no body.
//
// The operations exercised are recorded; TestConformance checks that every
// operation of the description is exercised.

type specT struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	specOnce sync.Once
	spec     specT
	specErr  error
)

// opSet is a set of operation ids, safe for concurrent use.
type opSet struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (s *opSet) add(id string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[string]bool{}
	}
	s.ids[id] = true
}

func (s *opSet) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id := range s.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func loadSpec(t testing.TB) specT {
	t.Helper()
	specOnce.Do(func() {
		data, err := os.ReadFile("openapi.json")
		if err != nil {
			specErr = err
			return
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(data)
		if err != nil {
			specErr = fmt.Errorf("load openapi.json: %w", err)
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			specErr = fmt.Errorf("openapi.json is not a valid description: %w", err)
			return
		}
		r, err := legacy.NewRouter(doc)
		if err != nil {
			specErr = fmt.Errorf("route openapi.json: %w", err)
			return
		}
		spec = specT{doc: doc, router: r}
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return spec
}

// validationOptions: the credentials a request holds are checked by
// presence (the server checks their value); responses must have a
// described status.
func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            false,
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			r := in.RequestValidationInput.Request
			switch in.SecuritySchemeName {
			case "bearer":
				if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
					return nil
				}
			case "query":
				if r.URL.Query().Get("token") != "" {
					return nil
				}
			}
			return errors.New("no " + in.SecuritySchemeName + " credentials")
		},
	}
}

// teeWriter passes an answer on and keeps a copy of its status, headers
// and (the first 16 MiB of) its body for the check.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.body.Len() < 16<<20 {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *teeWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// conformServe serves r with h into w and checks the exchange against the
// description, reporting each mismatch as a test error. The operation
// exercised is recorded in ops, when not nil.
func conformServe(t testing.TB, h http.Handler, w http.ResponseWriter, r *http.Request, ops *opSet) {
	t.Helper()
	sp := loadSpec(t)

	// The body is kept as the handler reads it, so that the timing of the
	// exchange is the handler's (a test of a slow body needs that).
	var tb *teeBody
	if r.Body != nil && r.Body != http.NoBody {
		tb = &teeBody{r: r.Body}
		r.Body = tb
	}
	tw := &teeWriter{ResponseWriter: w}
	h.ServeHTTP(tw, r)
	status := tw.status
	if status == 0 {
		status = http.StatusOK
	}
	what := fmt.Sprintf("openapi.json: %s %s → %d", r.Method, r.URL.RequestURI(), status)

	var body []byte
	bodyWhole := true
	if tb != nil {
		if !tb.eof && tb.err == nil && status < 400 {
			// Accepted without reading all of it: read the rest to judge it.
			if _, err := io.Copy(&tb.buf, tb.r); err != nil {
				tb.err = err
			} else {
				tb.eof = true
			}
		}
		body, bodyWhole = tb.buf.Bytes(), tb.eof
	}
	vr := r.Clone(context.Background())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	route, pathParams, routeErr := sp.router.FindRoute(vr)

	if routeErr != nil {
		// Not an operation of the description: the server must say so.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			t.Errorf("%s: not described (%v), yet answered", what, routeErr)
		}
		if status == http.StatusMethodNotAllowed && tw.Header().Get("Allow") == "" {
			t.Errorf("%s: 405 without Allow", what)
		}
		return
	}
	ops.add(route.Operation.OperationID)

	opts := validationOptions()
	in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: pathParams, Route: route, Options: opts}
	if !bodyWhole {
		opts.ExcludeRequestBody = true // refused before it was read whole
	}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)

	if route.Operation.Responses.Status(status) == nil {
		t.Errorf("%s: status not described for %s", what, route.Operation.OperationID)
		return
	}
	if reqErr != nil && status < 400 {
		t.Errorf("%s: the server accepted a request the description forbids: %v", what, reqErr)
	}
	if r.Method == http.MethodHead {
		if tw.body.Len() > 0 {
			t.Errorf("%s: a HEAD answer with a body of %d bytes", what, tw.body.Len())
		}
		return
	}
	if status == http.StatusNotModified {
		return
	}
	rin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: tw.Header().Clone(), Options: opts,
	}
	rin.SetBodyBytes(tw.body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
		t.Errorf("%s: the answer does not match the description: %v\n%.500s", what, err, tw.body.String())
	}
}

// teeBody keeps what the handler reads of a request body.
type teeBody struct {
	r   io.ReadCloser
	buf bytes.Buffer
	eof bool
	err error
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.buf.Write(p[:n])
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil:
		b.err = err
	}
	return n, err
}

func (b *teeBody) Close() error { return b.r.Close() }

// conformHandler is h with every exchange checked, for tests that need a
// real server (event streams).
func (ts *testServer) handler(t testing.TB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conformServe(t, ts.e, w, r, &ts.ops)
	})
}

// serve is ts.e.ServeHTTP with the conformance check.
func (ts *testServer) serve(t testing.TB, w http.ResponseWriter, r *http.Request) {
	t.Helper()
	conformServe(t, ts.e, w, r, &ts.ops)
}

// operationIDs lists every operation of the description.
func operationIDs(t testing.TB) []string {
	sp := loadSpec(t)
	var ids []string
	for _, item := range sp.doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return ids
}

// TestConformance sends every operation of openapi.json valid and invalid
// requests through the conformance check, and checks that every operation
// was exercised. The other API tests go through the same check (do,
// serve, handler).
func TestConformance(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	gone := ts.create(t, `{"title":"Slettes"}`)
	rotated := ts.create(t, `{"title":"Nye nøgler"}`)
	base := "/api/v1/maps/" + c.ID
	rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var sn struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sn))
	edit, view := c.EditToken, c.ViewToken
	jsonCT := map[string]string{"Content-Type": "application/json"}

	tests := []struct {
		method, path, token, body string
		header                    map[string]string
		status                    int
	}{
		{"GET", "/healthz", "", "", nil, 200},
		{"HEAD", "/healthz", "", "", nil, 200},
		{"GET", "/readyz", "", "", nil, 200},
		{"HEAD", "/readyz", "", "", nil, 200},
		{"GET", "/api/v1/openapi.json", "", "", nil, 200},
		{"HEAD", "/api/v1/openapi.json", "", "", nil, 200},
		{"GET", "/api/v1/openapi.json?lang=", "", "", nil, 400},
		{"POST", "/healthz", "", "", nil, 405},
		{"GET", "/api/v1/nothing", "", "", nil, 404},

		{"POST", "/api/v1/maps", "", `{"title":"Ny"}`, nil, 201},
		{"POST", "/api/v1/maps", "", `{"title":null}`, nil, 422},
		{"POST", "/api/v1/maps", "", `{"title":""}`, nil, 422},
		{"POST", "/api/v1/maps", "", `{"title":"a","id":"x"}`, nil, 422},
		{"POST", "/api/v1/maps", "", `{"title":"a","title":"b"}`, nil, 400},
		{"POST", "/api/v1/maps", "", `{"title":"a"}`, map[string]string{"Content-Type": "application/vnd.relationskort+json"}, 415},
		{"POST", "/api/v1/maps", "", `{"title":"a"}`, map[string]string{"Content-Type": "text/plain"}, 415},
		{"GET", "/api/v1/maps", adminToken, "", nil, 200},
		{"HEAD", "/api/v1/maps", adminToken, "", nil, 200},
		{"GET", "/api/v1/maps", "", "", nil, 401},
		{"GET", "/api/v1/maps", edit, "", nil, 403},
		{"POST", "/api/v1/maps/import?format=csv&title=Regneark", "", "Fra;Til;Vurdering\nA;B;Lav\n", map[string]string{"Content-Type": "text/csv; charset=utf-8"}, 201},
		{"POST", "/api/v1/maps/import?format=json", "", `{"title":"Fil"}`, jsonCT, 201},
		{"POST", "/api/v1/maps/import?format=csv&title=x", "", "Fra;Til\nA;B\n", map[string]string{"Content-Type": "text/plain"}, 415},
		{"POST", "/api/v1/maps/import?format=csv", "", "Fra;Til\nA;B\n", map[string]string{"Content-Type": "text/csv"}, 422},
		{"POST", "/api/v1/maps/import", "", `{}`, jsonCT, 400},

		{"GET", base, view, "", nil, 200},
		{"HEAD", base, view, "", nil, 200},
		{"GET", base, view, "", map[string]string{"If-None-Match": `"1"`}, 304},
		{"GET", base, "", "", nil, 401},
		{"GET", base + "?token=" + view, "", "", nil, 401},
		{"GET", base, "wrong", "", nil, 403},
		{"GET", "/api/v1/maps/nope", adminToken, "", nil, 404},
		{"PUT", base, edit, demens, map[string]string{"If-Match": `"99"`}, 412},
		{"PUT", base, edit, `{"title":"a","version":4}`, nil, 422},
		{"PUT", base, view, demens, nil, 403},
		{"PUT", base, edit, demens, nil, 200},
		{"PATCH", base, edit, `{"title":null}`, nil, 422},
		{"PATCH", base, edit, `{"title":" "}`, nil, 422},
		{"PATCH", base, edit, `{"task":"Ny opgave"}`, nil, 200},
		{"DELETE", "/api/v1/maps/" + gone.ID, gone.ViewToken, "", nil, 403},
		{"DELETE", "/api/v1/maps/" + gone.ID, gone.EditToken, "", nil, 204},
		{"POST", "/api/v1/maps/" + rotated.ID + "/tokens", rotated.ViewToken, "", nil, 403},
		{"POST", "/api/v1/maps/" + rotated.ID + "/tokens", rotated.EditToken, "", nil, 200},
		{"GET", base + "/links", edit, "", nil, 200},
		{"HEAD", base + "/links", edit, "", nil, 200},
		{"GET", base + "/links", view, "", nil, 403},
		{"HEAD", base + "/events", view, "", nil, 200},
		{"HEAD", base + "/events?token=" + view, "", "", nil, 200},

		{"GET", base + "/map.svg", view, "", nil, 200},
		{"HEAD", base + "/map.svg", view, "", nil, 200},
		{"GET", base + "/map.svg?token=" + view + "&panel=attention&format=a4", "", "", nil, 200},
		{"GET", base + "/map.svg?layout=", view, "", nil, 400},
		{"GET", base + "/map.svg?layout=spiral", view, "", nil, 400},
		{"GET", base + "/map.png?lang=en", view, "", nil, 200},
		{"HEAD", base + "/map.png", view, "", nil, 200},
		{"GET", base + "/matrix.svg?by=function&palette=print", view, "", nil, 200},
		{"HEAD", base + "/matrix.svg", view, "", nil, 200},
		{"GET", base + "/matrix.svg?by=relation", view, "", nil, 400},
		{"GET", base + "/report.pdf?lang=en&palette=print", view, "", nil, 200},
		{"GET", base + "/report.pdf?token=" + edit + "&compare_from=" + sn.ID, "", "", nil, 200},
		{"GET", base + "/report.pdf?snapshot=" + sn.ID + "&compare_from=current&compare_to=" + sn.ID, view, "", nil, 200},
		{"GET", base + "/report.pdf?snapshot=" + sn.ID, view, "", nil, 200},
		{"HEAD", base + "/report.pdf", view, "", nil, 200},
		{"GET", base + "/report.pdf?compare_to=" + sn.ID, view, "", nil, 400},
		{"GET", base + "/report.pdf?snapshot=", view, "", nil, 400},
		{"GET", base + "/report.pdf?palette=neon", view, "", nil, 400},
		{"GET", base + "/analysis?lang=en", view, "", nil, 200},
		{"HEAD", base + "/analysis", view, "", nil, 200},
		{"GET", base + "/analysis?lang=sv", view, "", nil, 400},
		{"GET", base + "/compare?from=" + sn.ID, view, "", nil, 200},
		{"HEAD", base + "/compare?from=" + sn.ID + "&to=current", view, "", nil, 200},
		{"GET", base + "/compare?from=nope", view, "", nil, 400},
		{"GET", base + "/compare", view, "", nil, 400},
		{"GET", base + "/compare.svg?from=" + sn.ID + "&to=" + sn.ID, view, "", nil, 200},
		{"HEAD", base + "/compare.svg?from=" + sn.ID, view, "", nil, 200},
		{"GET", base + "/compare.svg?from=" + sn.ID + "&to=", view, "", nil, 400},
		{"GET", base + "/export?format=csv", view, "", nil, 200},
		{"GET", base + "/export?format=csv&table=functions", view, "", nil, 200},
		{"GET", base + "/export?format=dot&token=" + view, "", "", nil, 200},
		{"GET", base + "/export?format=graphml", view, "", nil, 200},
		{"GET", base + "/export?format=gexf", view, "", nil, 200},
		{"GET", base + "/export", view, "", nil, 200},
		{"HEAD", base + "/export?format=json", view, "", nil, 200},
		{"GET", base + "/export?format=xlsx", view, "", nil, 200},
		{"GET", base + "/export?format=gexf&gexf_version=1.3", view, "", nil, 200},
		{"GET", base + "/export?format=pdf", view, "", nil, 400},
		{"GET", base + "/qr.svg?link=view", view, "", nil, 200},
		{"HEAD", base + "/qr.svg", edit, "", nil, 200},
		{"GET", base + "/qr.svg?link=edit", view, "", nil, 403},

		{"POST", base + "/snapshots", edit, `{"label":"Efter"}`, nil, 201},
		{"POST", base + "/snapshots", edit, `{"label":""}`, nil, 422},
		{"POST", base + "/snapshots", edit, `{"label":"x"}`, map[string]string{"Content-Type": "text/plain"}, 415},
		{"POST", base + "/snapshots", edit, `{"label":`, nil, 400},
		{"GET", base + "/snapshots", view, "", nil, 200},
		{"HEAD", base + "/snapshots", view, "", nil, 200},
		{"GET", base + "/snapshots/" + sn.ID, view, "", nil, 200},
		{"HEAD", base + "/snapshots/" + sn.ID, view, "", nil, 200},
		{"GET", base + "/snapshots/nope", view, "", nil, 404},
		{"GET", base + "/snapshots/" + sn.ID + "/map.svg", view, "", nil, 200},
		{"HEAD", base + "/snapshots/" + sn.ID + "/map.svg?token=" + view, "", "", nil, 200},
		{"GET", base + "/snapshots/nope/map.svg", view, "", map[string]string{"If-None-Match": "*"}, 404},

		{"POST", base + "/functions", edit, `{"name":"Apoteket","group":"Region"}`, nil, 201},
		{"POST", base + "/functions", edit, `{"id":"apoteket","name":"Et andet apotek"}`, nil, 409},
		{"POST", base + "/functions", edit, `{"name":null}`, nil, 422},
		{"PATCH", base + "/functions/apoteket", edit, `{"x":10,"y":20,"note":"Ny"}`, nil, 200},
		{"PATCH", base + "/functions/apoteket", edit, `{"group":null}`, nil, 422},
		{"PATCH", base + "/functions/nope", edit, `{"note":"x"}`, nil, 404},
		{"POST", base + "/relations", edit, `{"id":"rx","a":"apoteket","b":"laege","rating":2}`, nil, 201},
		{"POST", base + "/relations", edit, `{"id":"rx","a":"apoteket","b":"hjemmepleje"}`, nil, 409},
		{"POST", base + "/relations", edit, `{"a":"apoteket"}`, nil, 422},
		{"PATCH", base + "/relations/rx", edit, `{"rating":3,"rating":1}`, nil, 400},
		{"PATCH", base + "/relations/rx", edit, "{\"note\":\"\xff\"}", nil, 400},
		{"PATCH", base + "/relations/rx", edit, `{"rating":null}`, nil, 200},
		{"DELETE", base + "/relations/rx", edit, "", nil, 204},
		{"DELETE", base + "/relations/rx", edit, "", nil, 404},
		{"DELETE", base + "/functions/apoteket", edit, "", nil, 204},
		{"DELETE", base + "/functions/apoteket", edit, "", map[string]string{"If-Match": `"1"`}, 412},
		{"POST", base + "/layout/reset", view, "", nil, 403},
		{"POST", base + "/layout/reset", edit, "", map[string]string{"If-Match": `"1"`}, 412},
		{"POST", base + "/layout/reset", edit, "", nil, 200},
		{"POST", "/api/v1/maps/nope/layout/reset", adminToken, "", nil, 404},

		{"GET", "/", "", "", nil, 200},
		{"HEAD", "/", "", "", nil, 200},
		{"GET", "/m/" + c.ID, "", "", nil, 200},
		{"HEAD", "/m/" + c.ID, "", "", nil, 200},
		{"GET", "/app.js", "", "", nil, 200},
		{"HEAD", "/app.css", "", "", nil, 200},
		{"GET", "/nope.js", "", "", nil, 404},
	}
	for _, tt := range tests {
		rec := ts.do(t, req{method: tt.method, path: tt.path, token: tt.token, body: tt.body, header: tt.header})
		assert.Equal(t, tt.status, rec.Code, "%s %s: %s", tt.method, tt.path, rec.Body.String())
	}

	// A rating round, from its start to its deletion.
	rec = ts.do(t, req{method: "POST", path: base + "/rounds", token: edit, body: `{"title":"Runde 1","questions":["overall","respekt"]}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var round struct {
		ID        string `json:"id"`
		JoinToken string `json:"join_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &round))
	rb, rr := base+"/rounds/"+round.ID, "/api/v1/rounds/"+round.ID
	join := round.JoinToken
	rec = ts.do(t, req{method: "POST", path: rr + "/participants", token: join, body: `{"from":"hjemmepleje"}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var joined struct {
		Token string `json:"participant_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &joined))
	part := joined.Token
	roundTests := []struct {
		method, path, token, body string
		status                    int
	}{
		{"POST", base + "/rounds", edit, `{"title":"Runde 2"}`, 409},
		{"POST", base + "/rounds", view, `{"title":"Runde 2"}`, 403},
		{"POST", base + "/rounds", edit, `{"title":"Runde 2","min_group":0}`, 422},
		{"POST", base + "/rounds", edit, `{"title":`, 400},
		{"GET", base + "/rounds", view, "", 200},
		{"HEAD", base + "/rounds", view, "", 200},
		{"GET", rb, edit, "", 200},
		{"HEAD", rb, view, "", 200},
		{"GET", base + "/rounds/nope", view, "", 404},
		{"GET", rb + "/qr.svg", edit, "", 200},
		{"HEAD", rb + "/qr.svg", edit, "", 200},
		{"GET", rb + "/qr.svg", view, "", 403},
		{"GET", rr, join, "", 200},
		{"HEAD", rr, join, "", 200},
		{"GET", rr, "wrong", "", 403},
		{"GET", rr, "", "", 401},
		{"GET", rr, part, "", 403},
		{"POST", rr + "/participants", join, `{"from":"nope"}`, 422},
		{"POST", rr + "/participants", join, `{"from":1}`, 422},
		{"POST", rr + "/participants", view, `{"from":"laege"}`, 403},
		{"GET", rr + "/me", part, "", 200},
		{"HEAD", rr + "/me", part, "", 200},
		{"GET", rr + "/me", join, "", 403},
		{"PUT", rr + "/responses/r1", part, `{"answers":{"overall":3,"respekt":null}}`, 200},
		{"PUT", rr + "/responses/r2", part, `{"answers":{"overall":3}}`, 422},
		{"PUT", rr + "/responses/r1", part, `{"answers":{"overall":4}}`, 422},
		{"PUT", rr + "/responses/r1", part, `{"answers":{"overall":3,"overall":1}}`, 400},
		{"PUT", rr + "/responses/r1", join, `{"answers":{"overall":3}}`, 403},
		{"GET", rb + "/results", view, "", 409},
		{"GET", rb + "/export", view, "", 409},
		{"GET", base + "/map.svg?round=" + round.ID, view, "", 409},
		{"GET", base + "/analysis?round=" + round.ID, view, "", 409},
		{"GET", base + "/map.svg?round=nope", view, "", 400},
		{"GET", base + "/report.pdf?round=" + round.ID, view, "", 409},
		{"GET", base + "/map.svg?round=", view, "", 400},
		{"POST", rb + "/close", view, "", 403},
		{"POST", rb + "/close", edit, "", 200},
		{"POST", rb + "/close", edit, "", 409},
		{"PUT", rr + "/responses/r1", part, `{"answers":{"overall":1}}`, 409},
		{"POST", rr + "/participants", join, `{"from":"laege"}`, 409},
		{"GET", rb + "/results", view, "", 200},
		{"GET", rb + "/results?lang=en", edit, "", 200},
		{"HEAD", rb + "/results", view, "", 200},
		{"GET", rb + "/export", view, "", 200},
		{"GET", rb + "/export?format=csv", view, "", 200},
		{"GET", rb + "/export?format=csv&table=answers&lang=en", view, "", 200},
		{"GET", rb + "/export?format=xml", view, "", 400},
		{"HEAD", rb + "/export?format=csv&table=aggregates&token=" + view, "", "", 200},
		{"GET", base + "/map.svg?round=" + round.ID, view, "", 200},
		{"HEAD", base + "/map.svg?round=" + round.ID, view, "", 200},
		{"GET", base + "/map.png?round=" + round.ID, view, "", 200},
		{"HEAD", base + "/map.png?round=" + round.ID, view, "", 200},
		{"GET", base + "/report.pdf?round=" + round.ID + "&lang=en", view, "", 200},
		{"GET", base + "/report.pdf?round=" + round.ID + "&compare_from=current", view, "", 400},
		{"GET", base + "/analysis?round=" + round.ID + "&lang=en", view, "", 200},
		{"HEAD", base + "/analysis?round=" + round.ID, view, "", 200},
		{"GET", "/r/" + round.ID, "", "", 200},
		{"HEAD", "/r/" + round.ID, "", "", 200},
		{"DELETE", rb, view, "", 403},
		{"DELETE", rb, edit, "", 204},
		{"DELETE", rb, edit, "", 404},
	}
	for _, tt := range roundTests {
		rec := ts.do(t, req{method: tt.method, path: tt.path, token: tt.token, body: tt.body})
		assert.Equal(t, tt.status, rec.Code, "%s %s: %s", tt.method, tt.path, rec.Body.String())
	}

	// The event stream, over a real connection.
	srv := httptest.NewServer(ts.handler(t))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := http.NewRequestWithContext(ctx, "GET", srv.URL+base+"/events?token="+view, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "retry: 1000\n", line)
	cancel()
	resp.Body.Close()
	srv.Close() // waits for the handler, so that the check has run

	assert.Equal(t, operationIDs(t), ts.ops.list(), "every operation of openapi.json is exercised")
}

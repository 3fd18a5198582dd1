package api_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMapImages(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID

	rec := ts.do(t, req{method: "GET", path: base + "/map.svg?token=" + c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "image/svg+xml; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "default-src 'none'")
	assert.NotContains(t, rec.Header().Get("Content-Security-Policy"), "script-src")
	svg := rec.Body.String()
	assertWellFormed(t, rec.Body.Bytes())
	low := regexp.MustCompile(`<g class="relation rating-3" data-relation-id="` + c.Relations[0].ID + `" data-rating="3"`)
	assert.Regexp(t, low, svg)
	assert.Contains(t, svg, `data-rating=""`, "the unrated relation")
	assert.Contains(t, svg, `data-function-id="hjemmepleje"`)

	t.Run("NotModified", func(t *testing.T) {
		tag := rec.Header().Get("ETag")
		require.NotEmpty(t, tag)
		again := ts.do(t, req{method: "GET", path: base + "/map.svg", token: c.ViewToken, header: map[string]string{"If-None-Match": tag}})
		assert.Equal(t, http.StatusNotModified, again.Code)
		other := ts.do(t, req{method: "GET", path: base + "/map.svg?palette=print", token: c.ViewToken, header: map[string]string{"If-None-Match": tag}})
		assert.Equal(t, http.StatusOK, other.Code, "other options are another picture")
	})
	t.Run("ChangesShowAtOnce", func(t *testing.T) {
		rr := ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[1].ID, token: c.EditToken, body: `{"rating":3}`})
		require.Equal(t, http.StatusOK, rr.Code)
		again := ts.do(t, req{method: "GET", path: base + "/map.svg", token: c.ViewToken,
			header: map[string]string{"If-None-Match": rec.Header().Get("ETag")}})
		require.Equal(t, http.StatusOK, again.Code)
		assert.Regexp(t, `data-relation-id="`+c.Relations[1].ID+`" data-rating="3"`, again.Body.String())
	})
	t.Run("PNG", func(t *testing.T) {
		rr := ts.do(t, req{method: "GET", path: base + "/map.png?format=a4", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rr.Code)
		assert.Equal(t, "image/png", rr.Header().Get("Content-Type"))
		assert.True(t, bytes.HasPrefix(rr.Body.Bytes(), []byte("\x89PNG\r\n\x1a\n")))
	})
	t.Run("BadOptions", func(t *testing.T) {
		for _, p := range []string{"layout", "palette", "format", "lang"} {
			rr := ts.do(t, req{method: "GET", path: base + "/map.svg?" + p + "=nonsense", token: c.ViewToken})
			require.Equal(t, http.StatusBadRequest, rr.Code, p)
			info := decodeError(t, rr)
			assert.Equal(t, "bad_parameter", info.Code)
			assert.Equal(t, p, info.Details[0].Field)
		}
	})
	t.Run("NeedsToken", func(t *testing.T) {
		assert.Equal(t, http.StatusUnauthorized, ts.do(t, req{method: "GET", path: base + "/map.svg"}).Code)
		assert.Equal(t, http.StatusForbidden, ts.do(t, req{method: "GET", path: base + "/map.png?token=x"}).Code)
	})
	t.Run("Snapshot", func(t *testing.T) {
		rr := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
		require.Equal(t, http.StatusCreated, rr.Code)
		rr = ts.do(t, req{method: "GET", path: base + "/snapshots/s1/map.svg?lang=en", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rr.Code, rr.Body.String())
		assertWellFormed(t, rr.Body.Bytes())
		rr = ts.do(t, req{method: "GET", path: base + "/snapshots/s9/map.svg", token: c.ViewToken})
		assert.Equal(t, http.StatusNotFound, rr.Code)
	})
	t.Run("HostileNamesAreEscaped", func(t *testing.T) {
		h := ts.create(t, `{"title":"<script>alert(1)</script>","functions":[{"id":"x","name":"<img src=x onerror=alert(1)>","group":"\" onload=\"alert(1)"},{"id":"y","name":"A & B"}],"relations":[{"a":"x","b":"y","rating":3,"note":"</title><script>"}]}`)
		rr := ts.do(t, req{method: "GET", path: "/api/v1/maps/" + h.ID + "/map.svg", token: h.ViewToken})
		require.Equal(t, http.StatusOK, rr.Code)
		body := rr.Body.String()
		assertWellFormed(t, rr.Body.Bytes())
		assert.NotContains(t, body, "<script")
		assert.NotContains(t, body, "<img")
		assert.NotContains(t, body, `" onload="`)
	})
}

// assertWellFormed parses the whole document as XML.
func assertWellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err, "the SVG is not well-formed XML")
	}
}

func TestAttentionMatrixCompareImages(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID

	t.Run("AttentionPanel", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/map.svg?panel=attention", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assertWellFormed(t, rec.Body.Bytes())
		assert.Contains(t, rec.Body.String(), "Medicinlister opdateres ikke", "the panel carries the group's note")
		plain := ts.do(t, req{method: "GET", path: base + "/map.svg", token: c.ViewToken})
		assert.NotEqual(t, plain.Header().Get("ETag"), rec.Header().Get("ETag"))
		bad := ts.do(t, req{method: "GET", path: base + "/map.svg?panel=everything", token: c.ViewToken})
		require.Equal(t, http.StatusBadRequest, bad.Code)
		assert.Equal(t, "panel", decodeError(t, bad).Details[0].Field)
	})
	t.Run("Matrix", func(t *testing.T) {
		for _, by := range []string{"", "?by=group", "?by=function&lang=en"} {
			rec := ts.do(t, req{method: "GET", path: base + "/matrix.svg" + by, token: c.ViewToken})
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assertWellFormed(t, rec.Body.Bytes())
			assert.Contains(t, rec.Body.String(), `class="cell"`)
			again := ts.do(t, req{method: "GET", path: base + "/matrix.svg" + by, token: c.ViewToken,
				header: map[string]string{"If-None-Match": rec.Header().Get("ETag")}})
			assert.Equal(t, http.StatusNotModified, again.Code)
		}
		rec := ts.do(t, req{method: "GET", path: base + "/matrix.svg?by=region", token: c.ViewToken})
		require.Equal(t, http.StatusBadRequest, rec.Code)
		assert.Equal(t, "by", decodeError(t, rec).Details[0].Field)
	})
	t.Run("Compare", func(t *testing.T) {
		rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
		require.Equal(t, http.StatusCreated, rec.Code)
		require.Equal(t, http.StatusOK, ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID,
			token: c.EditToken, body: `{"rating":1}`}).Code)
		rec = ts.do(t, req{method: "GET", path: base + "/compare.svg?from=s1&to=current", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assertWellFormed(t, rec.Body.Bytes())
		assert.Regexp(t, `class="marker change change-improved"[^>]*data-relation-id="`+c.Relations[0].ID+`"`, rec.Body.String())
		assert.Equal(t, http.StatusBadRequest, ts.do(t, req{method: "GET", path: base + "/compare.svg?from=s9", token: c.ViewToken}).Code)
		assert.Equal(t, http.StatusBadRequest, ts.do(t, req{method: "GET", path: base + "/compare.svg", token: c.ViewToken}).Code)
	})
}

// TestMapImages_WhileEdited: a map rated over and over while pages reload
// its picture and analysis. Every request is answered 200 (none gives up
// because the map moved on while it was drawn), with an ETag whose version
// a reader never sees go backwards.
func TestMapImages_WhileEdited(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	serve := func(method, path, token, body string) *httptest.ResponseRecorder {
		var r *http.Request
		if body != "" {
			r = httptest.NewRequest(method, path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
		} else {
			r = httptest.NewRequest(method, path, nil)
		}
		r.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		ts.e.ServeHTTP(rec, r)
		return rec
	}
	const each = 100
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				rid := c.Relations[(w+i)%len(c.Relations)].ID
				rec := serve("PATCH", base+"/relations/"+rid, c.EditToken, fmt.Sprintf(`{"rating":%d}`, 1+i%3))
				assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			}
		}()
	}
	for r := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := base + "/map.svg"
			if r%3 == 2 {
				path = base + "/analysis"
			}
			var last int64
			for range each {
				rec := serve("GET", path, c.ViewToken, "")
				if !assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String()) {
					return
				}
				etag := strings.Trim(rec.Header().Get("ETag"), `"`)
				v, err := strconv.ParseInt(strings.SplitN(etag, "-", 2)[0], 10, 64)
				require.NoError(t, err, etag)
				assert.GreaterOrEqual(t, v, last, "%s went back from version %d to %d", path, last, v)
				last = v
			}
		}()
	}
	wg.Wait()
}

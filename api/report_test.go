package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReportPDF fetches the report through the API, with a view token and
// with the edit token in the query, and reads it back with pdftotext when
// poppler-utils is installed.
func TestReportPDF(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID

	rec := ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/pdf", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Header().Get("Content-Disposition"), "relationskort-rapport.pdf")
	require.True(t, bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")))
	tag := rec.Header().Get("ETag")
	require.NotEmpty(t, tag)

	t.Run("NotModified", func(t *testing.T) {
		again := ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en", token: c.ViewToken, header: map[string]string{"If-None-Match": tag}})
		assert.Equal(t, http.StatusNotModified, again.Code)
		other := ts.do(t, req{method: "GET", path: base + "/report.pdf", token: c.ViewToken, header: map[string]string{"If-None-Match": tag}})
		assert.Equal(t, http.StatusOK, other.Code, "Danish is another report")
	})
	t.Run("EditTokenInQuery", func(t *testing.T) {
		rr := ts.do(t, req{method: "GET", path: base + "/report.pdf?token=" + c.EditToken})
		assert.Equal(t, http.StatusOK, rr.Code)
	})
	t.Run("NoToken", func(t *testing.T) {
		rr := ts.do(t, req{method: "GET", path: base + "/report.pdf"})
		assert.Equal(t, http.StatusUnauthorized, rr.Code)
	})
	t.Run("Text", func(t *testing.T) {
		text := pdfToText(t, rec.Body.Bytes())
		assert.Contains(t, text, "For leadership's attention")
		assert.Contains(t, text, "Page 1 of 3")
		assert.Contains(t, text, "Page 3 of 3")
		assert.Contains(t, text, "Coordination score")
	})
	t.Run("Comparison", func(t *testing.T) {
		sn := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før"}`})
		require.Equal(t, http.StatusCreated, sn.Code)
		var snap struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(sn.Body.Bytes(), &snap))
		id := snap.ID
		rr := ts.do(t, req{method: "PATCH", path: base + "/relations/" + c.Relations[0].ID, token: c.EditToken, body: `{"rating":1}`})
		require.Equal(t, http.StatusOK, rr.Code)
		rep := ts.do(t, req{method: "GET", path: base + "/report.pdf?compare_from=" + id, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rep.Code, rep.Body.String())
		text := pdfToText(t, rep.Body.Bytes())
		assert.Contains(t, text, "Side 4 af 4")
		assert.Contains(t, text, "Før og efter")
		bad := ts.do(t, req{method: "GET", path: base + "/report.pdf?compare_from=nope", token: c.ViewToken})
		assert.Equal(t, http.StatusBadRequest, bad.Code)
		assert.Contains(t, bad.Body.String(), `"field":"compare_from"`)

		// The report of the snapshot alone: the map as it was (Low), not
		// as it is now (High).
		old := ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en&snapshot=" + id, token: c.ViewToken})
		require.Equal(t, http.StatusOK, old.Code, old.Body.String())
		now := ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en", token: c.ViewToken})
		require.Equal(t, http.StatusOK, now.Code)
		oldText, nowText := pdfToText(t, old.Body.Bytes()), pdfToText(t, now.Body.Bytes())
		assert.NotEqual(t, nowText, oldText)
		assert.Contains(t, oldText, "Low (3)")
		for _, q := range []string{"snapshot=nope", "snapshot=current", "compare_to=" + id, "snapshot=" + id + "&compare_from=current&compare_to=current"} {
			rr := ts.do(t, req{method: "GET", path: base + "/report.pdf?" + q, token: c.ViewToken})
			assert.Equal(t, http.StatusBadRequest, rr.Code, q)
		}
	})
}

// pdfToText is pdftotext's reading of pdf; the test skips without it.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	require.NoError(t, os.WriteFile(f, pdf, 0o644))
	out, err := exec.Command("pdftotext", "-raw", f, "-").Output()
	require.NoError(t, err)
	return strings.ReplaceAll(string(out), "\f", "\n")
}

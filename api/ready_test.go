package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
)

// TestReadyz: /readyz is 200 {"status":"ready"} while the database takes
// writes and 503 with the code unavailable when it does not, while
// /healthz (liveness) stays 200: the process is alive and recovers by
// itself when the database returns.
func TestReadyz(t *testing.T) {
	ts := newTestServer(t)
	for _, method := range []string{"GET", "HEAD"} {
		rec := ts.do(t, req{method: method, path: "/readyz"})
		assert.Equal(t, http.StatusOK, rec.Code, method)
	}
	rec := ts.do(t, req{method: "GET", path: "/readyz"})
	assert.JSONEq(t, `{"status":"ready"}`, rec.Body.String())

	require.NoError(t, ts.st.Close()) // the database is gone
	rec = ts.do(t, req{method: "GET", path: "/readyz"})
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	var body api.ErrorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Equal(t, "unavailable", body.Error.Code)
	assert.NotContains(t, body.Error.Message, "sql", "internal text stays in the log")
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	rec = ts.do(t, req{method: "HEAD", path: "/readyz"})
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	rec = ts.do(t, req{method: "GET", path: "/healthz"})
	assert.Equal(t, http.StatusOK, rec.Code, "liveness does not depend on the database")
}

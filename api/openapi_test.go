package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenAPI_DescribesEveryRoute keeps openapi.json true: each route the
// server registers must be described there, and nothing described may be
// missing from the server.
func TestOpenAPI_DescribesEveryRoute(t *testing.T) {
	ts := newTestServer(t)
	rec := ts.do(t, req{method: "GET", path: "/api/v1/openapi.json"})
	require.Equal(t, http.StatusOK, rec.Code)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	require.True(t, strings.HasPrefix(doc.OpenAPI, "3."), "openapi version %q", doc.OpenAPI)

	param := regexp.MustCompile(`:([a-z_]+)`)
	registered := map[string]bool{}
	for _, r := range ts.e.Routes() {
		if r.Method == "echo_route_any" || strings.HasPrefix(r.Name, "echo_route") {
			continue
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		p = strings.Replace(p, "/*", "/{file}", 1)
		key := strings.ToLower(r.Method) + " " + p
		registered[key] = true
		ops, ok := doc.Paths[p]
		if !assert.True(t, ok, "route %s %s is not described in openapi.json", r.Method, p) {
			continue
		}
		_, ok = ops[strings.ToLower(r.Method)]
		assert.True(t, ok, "route %s %s is not described in openapi.json", r.Method, p)
	}
	for p, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			assert.True(t, registered[method+" "+p], "openapi.json describes %s %s, which the server does not have", method, p)
		}
	}
}

package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relationskort/relationskort/graph"
)

// TestErrorStatus checks the one table that maps errors to statuses, for
// the errors that are hard to provoke through HTTP.
func TestErrorStatus(t *testing.T) {
	for _, tt := range []struct {
		err    error
		status int
		code   string
		public bool
	}{
		{fmt.Errorf("update map x: %w", fmt.Errorf("%w: disk I/O", graph.ErrUnavailable)), http.StatusServiceUnavailable, "unavailable", false},
		{fmt.Errorf("load: %w", graph.ErrNotFound), http.StatusNotFound, "not_found", true},
		{fmt.Errorf("x: %w", graph.ErrConflict), http.StatusConflict, "conflict", true},
		{fmt.Errorf("x: %w", graph.ErrPrecondition), http.StatusPreconditionFailed, "version_mismatch", true},
		{errors.New("secret internal detail"), http.StatusInternalServerError, "internal", false},
	} {
		status, info, public := errorStatus(tt.err)
		assert.Equal(t, tt.status, status, "errorStatus(%v)", tt.err)
		assert.Equal(t, tt.code, info.Code, "errorStatus(%v)", tt.err)
		assert.Equal(t, tt.public, public, "errorStatus(%v)", tt.err)
		assert.NotContains(t, info.Message, "secret", "internal text reached the client")
	}
}

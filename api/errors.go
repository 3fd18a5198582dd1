package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// ErrorBody is the JSON body of every error response:
// {"error":{"code":"…","message":"…","details":[{"field":"…","message":"…"}]}}.
type ErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo describes one failed request.
type ErrorInfo struct {
	Code    string             `json:"code"`
	Message string             `json:"message"`
	Details []graph.FieldError `json:"details,omitempty"`
}

// apiError is an error the handlers raise with its status and code fixed.
type apiError struct {
	status  int
	code    string
	message string
	details []graph.FieldError
}

func (e *apiError) Error() string { return e.message }

func (e *apiError) info() ErrorInfo {
	return ErrorInfo{Code: e.code, Message: e.message, Details: e.details}
}

var (
	errUnauthorized = &apiError{http.StatusUnauthorized, "unauthorized",
		"a token is required: send Authorization: Bearer <token> or ?token=<token>", nil}
	errForbidden = &apiError{http.StatusForbidden, "forbidden",
		"this token does not give access to this map, or the map does not exist", nil}
	errReadOnly = &apiError{http.StatusForbidden, "read_only",
		"this token may read the map but not change it: use the edit token", nil}
	errUnsupportedType = &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type",
		"send the body as JSON with Content-Type: application/json", nil}
	errBodyCutOff = &apiError{http.StatusBadRequest, "malformed",
		"the body ended before its announced length, or its chunked encoding is broken: send it whole", nil}
	errBodyTimeout = &apiError{http.StatusRequestTimeout, "request_timeout",
		"the body did not arrive in time: send it at once", nil}
	// errClientGone is what a request whose client went away ends with; it
	// is logged with status 499 and answered to no one.
	errClientGone = &apiError{statusClientClosed, "canceled", "the client closed the request", nil}
)

// statusClientClosed is the status logged for a request whose client went
// away before the answer (nginx's 499); it is never sent.
const statusClientClosed = 499

// maxDetails is how many field problems an error reply lists; the rest are
// counted in one last entry. Longer fields and messages are cut.
const (
	maxDetails   = 50
	maxDetailLen = 300
)

// capDetails keeps an error reply small whatever the request held: at most
// maxDetails entries plus "… and N more", each field and message cut to
// maxDetailLen characters.
func capDetails(details []graph.FieldError) []graph.FieldError {
	n := min(len(details), maxDetails)
	out := make([]graph.FieldError, 0, n+1)
	for _, d := range details[:n] {
		out = append(out, graph.FieldError{Field: cut(d.Field), Message: cut(d.Message)})
	}
	if more := len(details) - n; more > 0 {
		out = append(out, graph.FieldError{Message: fmt.Sprintf("… and %d more", more)})
	}
	return out
}

// cut shortens s to maxDetailLen characters, marking the cut.
func cut(s string) string {
	if len(s) <= maxDetailLen {
		return s
	}
	r := []rune(s)
	if len(r) <= maxDetailLen {
		return s
	}
	return string(r[:maxDetailLen-1]) + "…"
}

func badParameter(name, message string) error {
	return &apiError{http.StatusBadRequest, "bad_parameter", name + ": " + message,
		[]graph.FieldError{{Field: name, Message: message}}}
}

// errorStatus maps an error to its status, code and client-safe message, in
// one table. ok is false for errors that are internal.
func errorStatus(err error) (status int, info ErrorInfo, ok bool) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status, ae.info(), true
	}
	var ve *graph.ValidationError
	if errors.As(err, &ve) {
		info := ErrorInfo{Details: ve.Problems}
		switch {
		case errors.Is(err, graph.ErrTooLarge):
			status, info.Code, info.Message = http.StatusRequestEntityTooLarge, "too_large", "the input exceeds a limit of the service"
		case errors.Is(err, graph.ErrSyntax):
			status, info.Code, info.Message = http.StatusBadRequest, "malformed", "the body is not well-formed JSON"
		default:
			status, info.Code, info.Message = http.StatusUnprocessableEntity, "invalid", "the input breaks the rules of a relationship map"
		}
		if len(ve.Problems) == 1 {
			p := ve.Problems[0]
			info.Message = p.Message
			if p.Field != "" {
				info.Message = p.Field + ": " + p.Message
			}
		}
		return status, info, true
	}
	var ce *graph.ConflictError
	if errors.As(err, &ce) {
		return http.StatusConflict, ErrorInfo{Code: "conflict", Message: ce.Message}, true
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := http.StatusText(he.Code)
		if s, isString := he.Message.(string); isString && he.Code < 500 {
			msg = s
		}
		code := map[int]string{
			http.StatusNotFound:              "not_found",
			http.StatusRequestTimeout:        "request_timeout",
			http.StatusMethodNotAllowed:      "method_not_allowed",
			http.StatusRequestEntityTooLarge: "too_large",
			http.StatusBadRequest:            "bad_request",
			http.StatusUnsupportedMediaType:  "unsupported_media_type",
			http.StatusTooManyRequests:       "rate_limited",
			http.StatusServiceUnavailable:    "unavailable",
		}[he.Code]
		if code == "" {
			code = "error"
		}
		return he.Code, ErrorInfo{Code: code, Message: lower(msg)}, he.Code < 500
	}
	switch {
	case errors.Is(err, context.Canceled):
		return statusClientClosed, errClientGone.info(), true
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, ErrorInfo{Code: "unavailable",
			Message: "the service took too long to answer; try again later"}, false
	case errors.Is(err, graph.ErrRoundClosed):
		return http.StatusConflict, ErrorInfo{Code: "round_closed", Message: "the round is closed: it takes no more participants or answers"}, true
	case errors.Is(err, graph.ErrRoundOpen):
		return http.StatusConflict, ErrorInfo{Code: "round_open",
			Message: "the round is still open: its results are shown once it is closed, so that no one's answer can be read off a change"}, true
	case errors.Is(err, graph.ErrNotFound):
		return http.StatusNotFound, ErrorInfo{Code: "not_found", Message: "not found"}, true
	case errors.Is(err, graph.ErrConflict):
		return http.StatusConflict, ErrorInfo{Code: "conflict", Message: "the change conflicts with the map as it is: an id or name is taken"}, true
	case errors.Is(err, graph.ErrPrecondition):
		return http.StatusPreconditionFailed, ErrorInfo{Code: "version_mismatch",
			Message: "the map was changed by someone else since you loaded it: reload it and apply your change again"}, true
	case errors.Is(err, graph.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, ErrorInfo{Code: "too_large", Message: "the input exceeds a limit of the service"}, true
	case errors.Is(err, graph.ErrUnavailable):
		return http.StatusServiceUnavailable, ErrorInfo{Code: "unavailable",
			Message: "the database cannot be reached or cannot take changes right now; try again later"}, false
	}
	return http.StatusInternalServerError, ErrorInfo{Code: "internal", Message: "internal error"}, false
}

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// errorHandler writes every error as JSON with the status errorStatus gives;
// internal errors are logged and reach the client only as "internal error".
// A request whose client went away is answered to no one. The details are
// capped (capDetails), so that no request can make a large reply.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, info, ok := errorStatus(err)
		if status == statusClientClosed {
			return
		}
		if !ok {
			log.Error("request failed", "method", c.Request().Method, "path", c.Path(),
				"status", status, "err", err)
		}
		if len(info.Details) > 0 {
			info.Details = capDetails(info.Details)
		}
		if status == http.StatusRequestTimeout {
			c.Response().Header().Set(echo.HeaderConnection, "close")
		}
		if status == http.StatusUnauthorized {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="relationskort"`)
		}
		if status == http.StatusServiceUnavailable {
			c.Response().Header().Set("Retry-After", "30")
		}
		var werr error
		if c.Request().Method == http.MethodHead {
			werr = c.NoContent(status)
		} else {
			werr = c.JSON(status, ErrorBody{Error: info})
		}
		if werr != nil {
			log.Error("write error response", "err", werr)
		}
	}
}

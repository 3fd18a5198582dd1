// Package api serves Relationskort over HTTP with echo: the JSON API under
// /api/v1, the rendered diagrams, and the embedded workshop page. It maps the
// graph package's errors to HTTP statuses and JSON error bodies in one place
// (errors.go) and keeps tokens out of the logs.
//
// api holds no state of its own beyond caches; the store is the truth.
package api

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// Config holds the settings of the server.
type Config struct {
	// AdminToken, when not empty, allows listing all maps and reaching every
	// map. Without one there is no listing.
	AdminToken string
	// BaseURL, when set (https://kort.example.dk), is used to build the
	// links handed out for a new map; otherwise the request's host is used.
	BaseURL string
	// RateLimit limits writes and map creation per client address; the
	// zero value turns limiting off (see DefaultRateLimit).
	RateLimit RateLimit
	// TrustProxy takes the client address from X-Forwarded-For, for a
	// service behind a reverse proxy. Off, the peer address is used, so
	// clients cannot dodge the rate limits by sending the header.
	TrustProxy bool
	// RequestTimeout bounds the work on one request (event streams
	// excepted); 0 means 30 s.
	RequestTimeout time.Duration
	// RenderTimeout bounds the wait for one picture (map.svg, map.png,
	// matrix.svg, compare.svg, a snapshot's map.svg); 0 means 5 s. A
	// drawing that takes longer is finished in the background and kept,
	// and the request answers 503 with Retry-After.
	RenderTimeout time.Duration
	// StreamsPerMap and StreamsPerClient bound the open event streams of
	// one map and of one client address; 0 means 200 and 100.
	StreamsPerMap, StreamsPerClient int
}

type server struct {
	st        store.DB
	assets    fs.FS
	log       *slog.Logger
	cfg       Config
	adminHash []byte
	hub       *hub
	writes    *limiter
	creates   *limiter
	reads     *limiter // drawings and other expensive reads, when not cached
	failures  *limiter // failed authentication
	joins     *limiter // participants joining rating rounds
	rotated   rotatedTokens
	cache     *renderCache
	draws     *drawQueue
}

// NewServer returns the HTTP handler of Relationskort: the API on st (SQLite
// or PostgreSQL), the page from assets (may be nil), logging to log. The
// event streams follow the changes st reports — on PostgreSQL those of every
// instance on the database.
func NewServer(st store.DB, assets fs.FS, log *slog.Logger, cfg Config) *echo.Echo {
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.RenderTimeout == 0 {
		cfg.RenderTimeout = 5 * time.Second
	}
	if cfg.StreamsPerMap == 0 {
		cfg.StreamsPerMap = 200
	}
	if cfg.StreamsPerClient == 0 {
		cfg.StreamsPerClient = 100
	}
	s := &server{st: st, assets: assets, log: log, cfg: cfg,
		hub:   newHub(cfg.StreamsPerMap, cfg.StreamsPerClient),
		cache: newRenderCache(64 << 20), draws: newDrawQueue(runtime.NumCPU(), 16)}
	if cfg.AdminToken != "" {
		s.adminHash = hashToken(cfg.AdminToken)
	}
	rl := cfg.RateLimit
	if rl.Writes > 0 {
		s.writes = newLimiter(rl.Writes, int(5*rl.Writes))
	}
	if rl.Creates > 0 {
		s.creates = newLimiter(rl.Creates/60, int(rl.Creates))
	}
	if rl.Reads > 0 {
		s.reads = newLimiter(rl.Reads, int(3*rl.Reads))
	}
	if rl.Joins > 0 {
		s.joins = newLimiter(rl.Joins/60, int(rl.Joins))
	}
	if rl.AuthFailures > 0 {
		s.failures = newLimiter(rl.AuthFailures/60, int(rl.AuthFailures))
	}
	e := echo.New()
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	e.HideBanner, e.HidePort = true, true
	// The store tells the hub of every committed change, this instance's
	// and (PostgreSQL) the others'. Event streams end when the server shuts
	// down, so that Shutdown does not wait for them.
	unsubscribe := st.Subscribe(s.hub.change)
	e.Server.RegisterOnShutdown(func() {
		unsubscribe()
		s.hub.close()
	})
	e.HTTPErrorHandler = errorHandler(log)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "path", c.Path(), "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(s.requestLogger())
	e.Use(securityHeaders)
	e.Use(headWithoutBody)
	e.Use(refuseEmptyParams)
	e.Use(requestTimeout(cfg.RequestTimeout))
	s.routes(e)
	return e
}

// RedactURL returns u's path and query for logs, with the value of every
// parameter whose name holds "token" replaced. The query is decoded first
// and logged re-encoded, so that a percent-encoded name (?%74oken=) is
// redacted like the plain one: what the server reads is what it redacts.
func RedactURL(u *url.URL) string {
	if u.RawQuery == "" {
		return u.EscapedPath()
	}
	q, _ := url.ParseQuery(u.RawQuery) // what cannot be parsed is not logged
	for k := range q {
		if strings.Contains(strings.ToLower(k), "token") {
			q[k] = []string{"REDACTED"}
		}
	}
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// requestLogger logs one line a request with log/slog, without tokens. A
// request whose client went away is logged with status 499.
func (s *server) requestLogger() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			status := c.Response().Status
			if err != nil {
				status, _, _ = errorStatus(err)
			}
			s.log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("method", c.Request().Method),
				slog.String("uri", RedactURL(c.Request().URL)),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("remote", c.RealIP()),
			)
			return err
		}
	}
}

// readJSON reads a JSON request body of at most graph.MaxRequestBody bytes.
// The body must be sent as application/json, with no charset or UTF-8:
// other types, +json ones included, answer 415.
func readJSON(c echo.Context) ([]byte, error) {
	if !hasType(c, "application/json") {
		return nil, errUnsupportedType
	}
	return readBody(c)
}

// hasType reports whether the request's Content-Type is one of types, with
// no parameter but charset=utf-8 (any case).
func hasType(c echo.Context, types ...string) bool {
	mt, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || !slices.Contains(types, mt) {
		return false
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return false
		}
	}
	return true
}

// readBody reads a request body of at most graph.MaxRequestBody bytes. A
// body that ends before its Content-Length, or breaks its chunked
// encoding, answers 400; one that does not arrive within the server's
// read timeout answers 408: neither is the server's fault.
func readBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, graph.MaxRequestBody+1))
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, errBodyTimeout
		}
		return nil, errBodyCutOff
	}
	if len(body) > graph.MaxRequestBody {
		return nil, &apiError{http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("the body is larger than the limit of %d MiB", graph.MaxRequestBody>>20), nil}
	}
	return body, nil
}

// headWithoutBody answers HEAD like GET without the body: the routes
// register HEAD beside GET with the same handler, and the body they write
// is dropped here (net/http drops it too, but not every ResponseWriter
// does).
func headWithoutBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodHead {
			res := c.Response()
			res.Writer = headWriter{res.Writer}
		}
		return next(c)
	}
}

type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

// Unwrap lets http.ResponseController reach the connection.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes a flush on when the writer below can.
func (w headWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// variantTag is the entity tag of a representation derived from a map
// version with query options (a rendering, an analysis).
func variantTag(version int64, query string) string {
	q, _ := url.ParseQuery(query)
	delete(q, "token")
	if len(q) == 0 {
		return etag(version)
	}
	return `"` + strconv.FormatInt(version, 10) + "-" + shortHash(q.Encode()) + `"`
}

// etag is the entity tag of a map version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch returns the version the client expects from If-Match, or 0 when
// the header is absent or "*". A header that names no version matches none:
// the write fails with 412.
func ifMatch(c echo.Context) (int64, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		part = strings.Trim(part, `"`)
		if v, err := strconv.ParseInt(part, 10, 64); err == nil && v > 0 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("%w: If-Match %q names no version", graph.ErrPrecondition, h)
}

// notModified reports whether If-None-Match already names tag.
func notModified(c echo.Context, tag string) bool {
	inm := c.Request().Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	for _, part := range strings.Split(inm, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == tag {
			return true
		}
	}
	return false
}

// blob answers 200 with data, its length stated: net/http then sends a
// picture in one piece rather than in chunks (one system call fewer for a
// 20 kB map.svg).
func blob(c echo.Context, contentType string, data []byte) error {
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, contentType, data)
}

// writeJSON writes v as JSON with status and the map version as ETag.
func writeJSON(c echo.Context, status int, version int64, v any) error {
	if version > 0 {
		c.Response().Header().Set("ETag", etag(version))
	}
	return c.JSON(status, v)
}

// shortHash is a short, stable digest of s for entity tags.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h[:9])
}

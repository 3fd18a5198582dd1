package api

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

//go:embed openapi.json
var openAPI []byte

// routes registers every route of the server. Keep openapi.json in step: a
// test checks that each route here is described there, and the conformance
// test validates every request and answer of the API tests against it.
//
// Every GET route answers HEAD too, like GET without the body.
func (s *server) routes(e *echo.Echo) {
	get(e, "/healthz", s.handleHealth)
	get(e, "/readyz", s.handleReady)

	v1 := e.Group("/api/v1")
	get(v1, "/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/json", openAPI)
	})
	v1.POST("/maps", s.handleCreateMap, limit(s.creates))
	get(v1, "/maps", s.handleListMaps, s.requireAdmin)
	v1.POST("/maps/import", s.handleImport, limit(s.creates))

	// Writes are limited per client address before the token is checked,
	// so that guessing tokens is limited too. Drawings and other expensive
	// reads are limited where they start work (draw, chargeRead). The
	// routes a browser loads by address also read ?token= (queryToken).
	view, edit := s.authorize(levelView), s.authorize(levelEdit)
	w := limit(s.writes)
	m := v1.Group("/maps/:id")
	get(m, "", s.handleGetMap, view)
	m.PUT("", s.handleReplaceMap, w, edit)
	m.PATCH("", s.handlePatchMap, w, edit)
	m.DELETE("", s.handleDeleteMap, w, edit)
	m.POST("/tokens", s.handleRotateTokens, w, edit)
	get(m, "/links", s.handleLinks, edit)
	get(m, "/events", s.handleEvents, queryToken, view)
	get(m, "/map.svg", s.handleMapImage(kindSVG), queryToken, view)
	get(m, "/map.png", s.handleMapImage(kindPNG), queryToken, view)
	get(m, "/snapshots/:sid/map.svg", s.handleSnapshotImage, queryToken, view)
	get(m, "/export", s.handleExport, queryToken, view)
	get(m, "/analysis", s.handleAnalysis, view)
	get(m, "/compare", s.handleCompare, view)
	get(m, "/compare.svg", s.handleCompareSVG, queryToken, view)
	get(m, "/matrix.svg", s.handleMatrixSVG, queryToken, view)
	get(m, "/report.pdf", s.handleReport, queryToken, view)
	m.POST("/snapshots", s.handleCreateSnapshot, w, edit)
	get(m, "/snapshots", s.handleListSnapshots, view)
	get(m, "/snapshots/:sid", s.handleGetSnapshot, view)
	get(m, "/qr.svg", s.handleQRSVG, view)

	m.POST("/rounds", s.handleCreateRound, w, edit)
	get(m, "/rounds", s.handleListRounds, view)
	get(m, "/rounds/:rid", s.handleGetRound, view)
	m.DELETE("/rounds/:rid", s.handleDeleteRound, w, edit)
	m.POST("/rounds/:rid/close", s.handleCloseRound, w, edit)
	get(m, "/rounds/:rid/results", s.handleRoundResults, view)
	get(m, "/rounds/:rid/export", s.handleRoundExport, queryToken, view)
	get(m, "/rounds/:rid/qr.svg", s.handleRoundQR, edit)

	m.POST("/functions", s.handleAddFunction, w, edit)
	m.PATCH("/functions/:fid", s.handlePatchFunction, w, edit)
	m.DELETE("/functions/:fid", s.handleDeleteFunction, w, edit)
	m.POST("/relations", s.handleAddRelation, w, edit)
	m.PATCH("/relations/:rid", s.handlePatchRelation, w, edit)
	m.DELETE("/relations/:rid", s.handleDeleteRelation, w, edit)
	m.POST("/layout/reset", s.handleResetLayout, w, edit)

	// A rating round's participants: the join token reads the round and
	// joins it (joins limited per client address), the participant token
	// reads and changes its own answers. Neither reaches a map route.
	joinToken, participant := s.authorizeRound(false), s.authorizeRound(true)
	rd := v1.Group("/rounds/:rid")
	get(rd, "", s.handleRoundInvite, joinToken)
	rd.POST("/participants", s.handleJoin, limit(s.joins), joinToken)
	get(rd, "/me", s.handleMe, participant)
	rd.PUT("/responses/:relation_id", s.handlePutAnswers, w, participant)

	if s.assets != nil {
		// The workshop page: the front page and one URL a map (the token
		// travels in the fragment, never to the server).
		get(e, "/", s.handlePage)
		get(e, "/m/:id", s.handlePage)
		get(e, "/r/:rid", s.handlePage) // a round's participants' page; #join=TOKEN
		files := http.FileServerFS(s.assets)
		get(e, "/*", func(c echo.Context) error {
			name := strings.TrimPrefix(c.Request().URL.Path, "/")
			if strings.HasPrefix(name, "api/") || name == "" {
				return echo.ErrNotFound
			}
			if st, err := fs.Stat(s.assets, name); err != nil || st.IsDir() {
				if path.Ext(name) != "" {
					return echo.ErrNotFound // a missing file, asked for by a program
				}
				// A person's wrong address: the page, which says so in
				// its language, with status 404.
				return s.servePage(c, http.StatusNotFound)
			}
			c.Response().Header().Set("Cache-Control", "no-cache")
			c.Response().Header().Set("Content-Security-Policy", cspPage)
			files.ServeHTTP(c.Response(), c.Request())
			return nil
		})
	}
}

// router is what echo.Echo and echo.Group have in common.
type router interface {
	Match(methods []string, path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) []*echo.Route
}

// get registers h for GET and HEAD.
func get(r router, path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.Match([]string{http.MethodGet, http.MethodHead}, path, h, mw...)
}

// queryParams are the query parameters the API reads. Each, when given,
// must have a value: "?layout=" is a 400 naming it, rather than a silent
// default.
var queryParams = []string{"by", "compare_from", "compare_to", "detail", "format", "from", "gexf_version", "lang", "layout", "link", "palette",
	"panel", "round", "snapshot", "table", "title", "to", "token"}

func refuseEmptyParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return next(c)
		}
		q := c.QueryParams()
		for _, name := range queryParams {
			if vs, ok := q[name]; ok && slices.Contains(vs, "") {
				return badParameter(name, "is empty: give a value, or leave the parameter out for the default")
			}
		}
		return next(c)
	}
}

// handlePage serves index.html for the page's routes.
func (s *server) handlePage(c echo.Context) error {
	// /m/{id}/more is no page of a map: the router may still hand it here.
	for _, prefix := range []string{"/m/", "/r/"} {
		if p := strings.TrimSuffix(c.Request().URL.Path, "/"); strings.HasPrefix(p, prefix) && strings.Contains(p[len(prefix):], "/") {
			return s.servePage(c, http.StatusNotFound)
		}
	}
	return s.servePage(c, http.StatusOK)
}

// servePage serves index.html with status; the page shows the view that
// fits the address, or that the address does not exist.
func (s *server) servePage(c echo.Context, status int) error {
	page, err := fs.ReadFile(s.assets, "index.html")
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", cspPage)
	return c.HTMLBlob(status, page)
}

// handleHealth: GET /healthz is liveness: 200 while the process serves
// requests. It does not ask the database, so that an orchestrator does not
// restart every instance while the database is away — that is /readyz.
func (s *server) handleHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, health{Status: "ok"})
}

// readyTimeout bounds the readiness check: a database that does not answer
// in time is not ready.
const readyTimeout = 2 * time.Second

// handleReady: GET /readyz answers 200 {"status":"ready"} when the database
// takes writes, else 503 with the error code unavailable. Load balancers
// send traffic by it; /healthz stays liveness.
func (s *server) handleReady(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.st.Ready(ctx); err != nil {
		if !errors.Is(err, graph.ErrUnavailable) {
			err = fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
		}
		return err
	}
	return c.JSON(http.StatusOK, health{Status: "ready"})
}

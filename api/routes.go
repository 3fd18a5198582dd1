package api

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

//go:embed openapi.json
var openAPI []byte

// routes registers every route of the server. Keep openapi.json in step: a
// test checks that each route here is described there.
func (s *server) routes(e *echo.Echo) {
	e.GET("/healthz", s.handleHealth)
	e.HEAD("/healthz", s.handleHealth)
	e.GET("/readyz", s.handleReady)
	e.HEAD("/readyz", s.handleReady)

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/json", openAPI)
	})
	v1.POST("/maps", s.handleCreateMap, limit(s.creates))
	v1.GET("/maps", s.handleListMaps, s.requireAdmin)
	v1.POST("/maps/import", s.handleImport, limit(s.creates))

	// Writes are limited per client address before the token is checked,
	// so that guessing tokens is limited too.
	view, edit := s.authorize(levelView), s.authorize(levelEdit)
	w := limit(s.writes)
	m := v1.Group("/maps/:id")
	m.GET("", s.handleGetMap, view)
	m.PUT("", s.handleReplaceMap, w, edit)
	m.PATCH("", s.handlePatchMap, w, edit)
	m.DELETE("", s.handleDeleteMap, w, edit)
	m.POST("/tokens", s.handleRotateTokens, w, edit)
	m.GET("/links", s.handleLinks, edit)
	m.GET("/events", s.handleEvents, view)
	m.GET("/map.svg", s.handleMapImage(kindSVG), view)
	m.GET("/map.png", s.handleMapImage(kindPNG), view)
	m.GET("/snapshots/:sid/map.svg", s.handleSnapshotImage, view)
	m.GET("/export", s.handleExport, view)
	m.GET("/analysis", s.handleAnalysis, view)
	m.GET("/compare", s.handleCompare, view)
	m.GET("/compare.svg", s.handleCompareSVG, view)
	m.GET("/matrix.svg", s.handleMatrixSVG, view)
	m.POST("/snapshots", s.handleCreateSnapshot, w, edit)
	m.GET("/snapshots", s.handleListSnapshots, view)
	m.GET("/snapshots/:sid", s.handleGetSnapshot, view)
	m.GET("/qr.svg", s.handleQRSVG, view)

	m.POST("/functions", s.handleAddFunction, w, edit)
	m.PATCH("/functions/:fid", s.handlePatchFunction, w, edit)
	m.DELETE("/functions/:fid", s.handleDeleteFunction, w, edit)
	m.POST("/relations", s.handleAddRelation, w, edit)
	m.PATCH("/relations/:rid", s.handlePatchRelation, w, edit)
	m.DELETE("/relations/:rid", s.handleDeleteRelation, w, edit)

	if s.assets != nil {
		// The workshop page: the front page and one URL a map (the token
		// travels in the fragment, never to the server).
		e.GET("/", s.handlePage)
		e.GET("/m/:id", s.handlePage)
		files := http.FileServerFS(s.assets)
		e.GET("/*", func(c echo.Context) error {
			name := strings.TrimPrefix(c.Request().URL.Path, "/")
			if strings.HasPrefix(name, "api/") || name == "" {
				return echo.ErrNotFound
			}
			if st, err := fs.Stat(s.assets, name); err != nil || st.IsDir() {
				return echo.ErrNotFound
			}
			c.Response().Header().Set("Cache-Control", "no-cache")
			c.Response().Header().Set("Content-Security-Policy", cspPage)
			files.ServeHTTP(c.Response(), c.Request())
			return nil
		})
	}
}

// handlePage serves index.html for the page's routes.
func (s *server) handlePage(c echo.Context) error {
	page, err := fs.ReadFile(s.assets, "index.html")
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", cspPage)
	return c.HTMLBlob(http.StatusOK, page)
}

// handleHealth: GET /healthz answers 200 when the database answers.
func (s *server) handleHealth(c echo.Context) error {
	if err := s.st.Ping(c.Request().Context()); err != nil {
		return err
	}
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

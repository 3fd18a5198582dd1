package api

import (
	_ "embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed openapi.json
var openAPI []byte

// routes registers every route of the server. Keep openapi.json in step: a
// test checks that each route here is described there.
func (s *server) routes(e *echo.Echo) {
	e.GET("/healthz", s.handleHealth)
	e.HEAD("/healthz", s.handleHealth)

	v1 := e.Group("/api/v1")
	v1.GET("/openapi.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/json", openAPI)
	})
	v1.POST("/maps", s.handleCreateMap)
	v1.GET("/maps", s.handleListMaps, s.requireAdmin)

	view, edit := s.authorize(levelView), s.authorize(levelEdit)
	m := v1.Group("/maps/:id")
	m.GET("", s.handleGetMap, view)
	m.PUT("", s.handleReplaceMap, edit)
	m.PATCH("", s.handlePatchMap, edit)
	m.DELETE("", s.handleDeleteMap, edit)
	m.POST("/tokens", s.handleRotateTokens, edit)
	m.GET("/events", s.handleEvents, view)
	m.GET("/qr.svg", s.handleQRSVG, view)

	m.POST("/functions", s.handleAddFunction, edit)
	m.PATCH("/functions/:fid", s.handlePatchFunction, edit)
	m.DELETE("/functions/:fid", s.handleDeleteFunction, edit)
	m.POST("/relations", s.handleAddRelation, edit)
	m.PATCH("/relations/:rid", s.handlePatchRelation, edit)
	m.DELETE("/relations/:rid", s.handleDeleteRelation, edit)

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
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, page)
}

// handleHealth: GET /healthz answers 200 when the database answers.
func (s *server) handleHealth(c echo.Context) error {
	if err := s.st.Ping(c.Request().Context()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// langParam reads ?lang=da|en (default da); anything else is a 400.
func langParam(c echo.Context) (graph.Lang, error) {
	lang, err := graph.ParseLang(c.QueryParam("lang"))
	return lang, asBadParameter(err)
}

// handleAnalysis: GET /api/v1/maps/{id}/analysis — counts, score, the
// weakest ties in priority order with reasons, per-function figures, gaps
// and the group matrix. Cached by version through ETag.
func (s *server) handleAnalysis(c echo.Context) error {
	lang, err := langParam(c)
	if err != nil {
		return err
	}
	m, err := s.loadForRead(c)
	if err != nil || m == nil {
		return err
	}
	return writeJSON(c, http.StatusOK, 0, graph.Analyze(m, lang))
}

// loadForRead loads map :id for a derived read (analysis, rendering): when
// If-None-Match names the current version (plus the variant) it answers 304
// and returns nil.
func (s *server) loadForRead(c echo.Context) (*graph.Map, error) {
	ctx := c.Request().Context()
	id := c.Param("id")
	v, err := s.st.MapVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	tag := variantTag(v, c.Request().URL.RawQuery)
	h := c.Response().Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization")
	if notModified(c, tag) {
		return nil, c.NoContent(http.StatusNotModified)
	}
	m, err := s.st.GetMap(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Version != v { // changed in between: tag the version we serve
		h.Set("ETag", variantTag(m.Version, c.Request().URL.RawQuery))
	}
	return m, nil
}

// handleCompare: GET /api/v1/maps/{id}/compare?from={sid}&to={sid|current}
// compares two states of the map relation by relation.
func (s *server) handleCompare(c echo.Context) error {
	before, after, err := s.comparePair(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, graph.Compare(before, after))
}

// comparePair loads the two maps named by ?from= and ?to=; "current" (the
// default for to) is the live map.
func (s *server) comparePair(c echo.Context) (before, after *graph.Map, err error) {
	from, to := c.QueryParam("from"), c.QueryParam("to")
	if from == "" {
		return nil, nil, badParameter("from", "is required: the id of a snapshot, or current")
	}
	if to == "" {
		to = "current"
	}
	load := func(param, sid string) (*graph.Map, error) {
		if sid == "current" {
			return s.st.GetMap(c.Request().Context(), c.Param("id"))
		}
		sn, err := s.st.GetSnapshot(c.Request().Context(), c.Param("id"), sid)
		if errors.Is(err, graph.ErrNotFound) {
			return nil, badParameter(param, "no snapshot of this map has the id "+strconv.Quote(sid))
		}
		if err != nil {
			return nil, err
		}
		return sn.Map, nil
	}
	if before, err = load("from", from); err != nil {
		return nil, nil, err
	}
	if after, err = load("to", to); err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

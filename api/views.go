package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/render"
)

// handleMatrixSVG: GET /api/v1/maps/{id}/matrix.svg[?by=group|function] —
// the mean rating within and between groups (or functions) as a heat map,
// the RC-style matrix beside the network picture.
func (s *server) handleMatrixSVG(c echo.Context) error {
	opt, err := renderOptions(c)
	if err != nil {
		return err
	}
	by := c.QueryParam("by")
	switch by {
	case "":
		by = "group"
	case "group", "function":
	default:
		return badParameter("by", "must be group or function")
	}
	ctx := c.Request().Context()
	id := c.Param("id")
	v, err := s.st.MapVersion(ctx, id)
	if err != nil {
		return err
	}
	okey := opt.Key() + "|" + by
	tag := imageTag(v, "matrix", okey)
	if notModified(c, tag) {
		imageHeaders(c, kindSVG, tag)
		return c.NoContent(http.StatusNotModified)
	}
	data, err := s.cache.get("matrix|"+id+"|"+okey, v, func() ([]byte, error) {
		m, err := s.st.GetMap(context.WithoutCancel(ctx), id)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := render.MatrixSVG(&buf, m, by, opt); err != nil {
			return nil, fmt.Errorf("render matrix of map %s: %w", id, err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		return err
	}
	imageHeaders(c, kindSVG, tag)
	return c.Blob(http.StatusOK, contentType(kindSVG), data)
}

// handleCompareSVG: GET /api/v1/maps/{id}/compare.svg?from={sid}&to={sid|current}
// — the later map with improved, worsened, added and removed ties marked,
// and the score before and after: "RC up 30%" on one slide.
func (s *server) handleCompareSVG(c echo.Context) error {
	opt, err := renderOptions(c)
	if err != nil {
		return err
	}
	before, after, err := s.comparePair(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.CompareSVG(&buf, before, after, opt); err != nil {
		return fmt.Errorf("render comparison of map %s: %w", c.Param("id"), err)
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Content-Security-Policy", cspImage)
	h.Set("Content-Disposition", "inline; filename=relationskort-sammenligning.svg")
	return c.Blob(http.StatusOK, contentType(kindSVG), buf.Bytes())
}

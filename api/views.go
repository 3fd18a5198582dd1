package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// handleMatrixSVG: GET /api/v1/maps/{id}/matrix.svg[?by=group|function]
// [&palette=…][&lang=…] — the mean rating within and between groups (or
// functions) as a heat map, the RC-style matrix beside the network
// picture. The matrix has no layout, format or panel. By function it is
// refused above maxMatrixFunctions functions (422, with the hint by=group).
func (s *server) handleMatrixSVG(c echo.Context) error {
	opt, err := renderOptions(c, "palette", "lang")
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
	id := c.Param("id")
	v, err := s.mapVersion(c, id)
	if err != nil {
		return err
	}
	okey := opt.Key() + "|" + by
	tag := imageTag(v, "matrix", okey)
	if notModified(c, tag) {
		imageHeaders(c, kindSVG, tag)
		return c.NoContent(http.StatusNotModified)
	}
	hint := &graph.FieldError{Field: "by", Message: "by=group draws one row a group, which stays small"}
	data, v, err := s.draw(c, "matrix|"+id+"|"+okey, v, hint, func(ctx context.Context) ([]byte, int64, error) {
		m, err := s.st.GetMap(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		if by == "function" && len(m.Functions) > maxMatrixFunctions {
			return nil, 0, tooComplex(fmt.Sprintf("the matrix by function is drawn for at most %d functions; this map has %d",
				maxMatrixFunctions, len(m.Functions)), hint)
		}
		var buf bytes.Buffer
		if err := render.MatrixSVG(&buf, m, by, opt); err != nil {
			return nil, 0, fmt.Errorf("render matrix of map %s: %w", id, err)
		}
		return buf.Bytes(), m.Version, nil
	})
	if err != nil {
		return err
	}
	imageHeaders(c, kindSVG, imageTag(v, "matrix", okey))
	return blob(c, contentType(kindSVG), data)
}

// handleCompareSVG: GET /api/v1/maps/{id}/compare.svg?from={sid}&to={sid|current}
// [&layout=…][&palette=…][&format=…][&lang=…] — the later map with
// improved, worsened, added and removed ties marked, and the score before
// and after: "RC up 30%" on one slide. It has no panel of its own choosing:
// the score panel is always drawn.
func (s *server) handleCompareSVG(c echo.Context) error {
	opt, err := renderOptions(c, "layout", "palette", "format", "lang")
	if err != nil {
		return err
	}
	before, after, err := s.comparePair(c)
	if err != nil {
		return err
	}
	// A side that is the live map makes the picture change with its
	// version; two snapshots never change.
	id := c.Param("id")
	from, to := c.QueryParam("from"), c.QueryParam("to")
	if to == "" {
		to = "current"
	}
	var version int64
	if from == "current" {
		version = before.Version
	}
	if to == "current" {
		version = after.Version
	}
	key := "compare|" + id + "|" + from + "|" + to + "|" + opt.Key()
	data, _, err := s.draw(c, key, version, nil, func(context.Context) ([]byte, int64, error) {
		var buf bytes.Buffer
		if err := render.CompareSVG(&buf, before, after, opt); err != nil {
			return nil, 0, fmt.Errorf("render comparison of map %s: %w", id, err)
		}
		return buf.Bytes(), version, nil
	})
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Content-Security-Policy", cspImage)
	h.Set("Content-Disposition", "inline; filename=relationskort-sammenligning.svg")
	return blob(c, contentType(kindSVG), data)
}

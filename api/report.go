package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// kindPDF is the report's kind in cache keys and entity tags.
const kindPDF = "pdf"

// handleReport: GET /api/v1/maps/{id}/report.pdf[?lang=…][&palette=…]
// [&from={sid|current}[&to={sid|current}]] — the PDF report leaders take
// into a meeting (render.Report): the map with the weakest ties numbered,
// the ties with their reasons, the notes, the score and counts, the group
// matrix, and with from the comparison of the two states (to, by default
// the live map, is the map the report is about). The same function as
// "relationskort report". Bounded and cached like the pictures; without
// from it is tagged by version and answers 304 when unchanged.
func (s *server) handleReport(c echo.Context) error {
	opt, err := renderOptions(c, "palette", "lang")
	if err != nil {
		return err
	}
	id := c.Param("id")
	from, to := c.QueryParam("from"), c.QueryParam("to")
	okey := opt.Key()
	if from == "" {
		if to != "" {
			return badParameter("from", "is required with to: the id of a snapshot, or current")
		}
		for range 3 {
			v, err := s.st.MapVersion(c.Request().Context(), id)
			if err != nil {
				return err
			}
			tag := imageTag(v, kindPDF, okey)
			if notModified(c, tag) {
				reportHeaders(c, tag)
				return c.NoContent(http.StatusNotModified)
			}
			data, err := s.draw(c, "report|"+id+"|"+okey, v, nil, func(ctx context.Context) ([]byte, error) {
				m, err := s.st.GetMap(ctx, id)
				if err != nil {
					return nil, err
				}
				if m.Version != v {
					return nil, errStaleRender
				}
				return renderReport(m, nil, opt)
			})
			if errors.Is(err, errStaleRender) {
				continue
			}
			if err != nil {
				return err
			}
			reportHeaders(c, tag)
			return c.Blob(http.StatusOK, "application/pdf", data)
		}
		return errStaleRender
	}

	before, after, err := s.comparePair(c)
	if err != nil {
		return err
	}
	if to == "" {
		to = "current"
	}
	// A side that is the live map makes the report change with its
	// version; two snapshots never change.
	var version int64
	if from == "current" {
		version = before.Version
	}
	if to == "current" {
		version = after.Version
	}
	key := "report|" + id + "|" + from + "|" + to + "|" + okey
	data, err := s.draw(c, key, version, nil, func(context.Context) ([]byte, error) {
		return renderReport(after, before, opt)
	})
	if err != nil {
		return err
	}
	reportHeaders(c, "")
	return c.Blob(http.StatusOK, "application/pdf", data)
}

func renderReport(m, before *graph.Map, opt render.Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := render.Report(&buf, m, before, opt); err != nil {
		return nil, fmt.Errorf("render report of map %s: %w", m.ID, err)
	}
	return buf.Bytes(), nil
}

func reportHeaders(c echo.Context, tag string) {
	h := c.Response().Header()
	if tag != "" {
		h.Set("ETag", tag)
	}
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization")
	h.Set("Content-Security-Policy", cspImage)
	h.Set("Content-Disposition", "inline; filename=relationskort-rapport.pdf")
}

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

// kindPDF is the report's kind in cache keys and entity tags.
const kindPDF = "pdf"

// handleReport: GET /api/v1/maps/{id}/report.pdf[?lang=…][&palette=…]
// [&snapshot={sid}][&compare_from={sid|current}[&compare_to={sid|current}]]
// [&round={rid}]
// — the PDF report leaders take into a meeting (render.Report): the map
// with the weakest ties numbered, the ties with their reasons, the notes,
// the score and counts, the group matrix, and with compare_from the
// comparison of two states, and with round (a closed rating round) the
// map drawn from the round with a page of its most disputed and most
// one-sided ties. The report is about the live map, the
// snapshot named by snapshot, or compare_to when given. The same function
// as "relationskort report". Bounded and cached like the pictures; the
// report of the live map alone is tagged by version and answers 304 when
// unchanged.
func (s *server) handleReport(c echo.Context) error {
	opt, err := renderOptions(c, "palette", "lang")
	if err != nil {
		return err
	}
	id := c.Param("id")
	snap, from, to := c.QueryParam("snapshot"), c.QueryParam("compare_from"), c.QueryParam("compare_to")
	okey := opt.Key()
	rid, err := s.roundParam(c)
	if err != nil {
		return err
	}
	switch {
	case rid != "" && (snap != "" || from != "" || to != ""):
		return badParameter("round", "reports on the live map with the round's results: leave snapshot, compare_from and compare_to out")
	case from == "" && to != "":
		return badParameter("compare_from", "is required with compare_to: the id of a snapshot, or current")
	case snap != "" && to != "" && to != snap:
		return badParameter("snapshot", "names another state than compare_to: give one of them")
	case snap == "current":
		return badParameter("snapshot", "must be the id of a snapshot: leave it out for the live map")
	}
	if from == "" && snap == "" {
		v, err := s.mapVersion(c, id)
		if err != nil {
			return err
		}
		if rid != "" {
			okey += "|round=" + rid
		}
		if tag := imageTag(v, kindPDF, okey); notModified(c, tag) {
			reportHeaders(c, tag)
			return c.NoContent(http.StatusNotModified)
		}
		data, v, err := s.draw(c, "report|"+id+"|"+okey, v, nil, func(ctx context.Context) ([]byte, int64, error) {
			if rid != "" {
				r, m, ps, rs, err := s.st.RoundData(ctx, id, rid)
				if err != nil {
					return nil, 0, err
				}
				o, _ := s.fromRemembered(ctx, m, opt)
				o.Round = graph.Results(m, r, ps, rs, opt.Lang)
				data, err := renderReport(graph.RoundMap(m, o.Round), nil, o)
				return data, m.Version, err
			}
			m, err := s.st.GetMap(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			o, _ := s.fromRemembered(ctx, m, opt) // the map the room saw
			data, err := renderReport(m, nil, o)
			return data, m.Version, err
		})
		if err != nil {
			return err
		}
		reportHeaders(c, imageTag(v, kindPDF, okey))
		return blob(c, "application/pdf", data)
	}

	if to == "" {
		to = snap
	}
	var before, after *graph.Map
	if from != "" {
		if to == "" {
			to = "current"
		}
		before, after, err = s.statePair(c, "compare_from", "compare_to")
		if err == nil && snap != "" {
			after, err = s.mapState(c, "snapshot", snap)
		}
	} else {
		after, err = s.mapState(c, "snapshot", snap)
	}
	if err != nil {
		return err
	}
	// A side that is the live map makes the report change with its
	// version; snapshots never change.
	var version int64
	if from == "current" {
		version = before.Version
	}
	if to == "current" {
		version = after.Version
	}
	key := "report|" + id + "|" + from + "|" + to + "|" + okey
	data, _, err := s.draw(c, key, version, nil, func(context.Context) ([]byte, int64, error) {
		data, err := renderReport(after, before, opt)
		return data, version, err
	})
	if err != nil {
		return err
	}
	reportHeaders(c, "")
	return blob(c, "application/pdf", data)
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

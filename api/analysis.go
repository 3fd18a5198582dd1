package api

import (
	"context"
	"encoding/json"
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
// and the group matrix. Tagged by version (304 when unchanged) and kept in
// the cache like a picture, so that a room reloading it after each edit
// costs one analysis.
func (s *server) handleAnalysis(c echo.Context) error {
	lang, err := langParam(c)
	if err != nil {
		return err
	}
	id := c.Param("id")
	rid, err := s.roundParam(c)
	if err != nil {
		return err
	}
	v, err := s.mapVersion(c, id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization")
	if tag := variantTag(v, c.Request().URL.RawQuery); notModified(c, tag) {
		h.Set("ETag", tag)
		return c.NoContent(http.StatusNotModified)
	}
	data, v, err := s.draw(c, "analysis|"+id+"|"+string(lang)+"|"+rid, v, nil, func(ctx context.Context) ([]byte, int64, error) {
		if rid != "" {
			return s.roundAnalysis(ctx, id, rid, lang)
		}
		m, err := s.st.GetMap(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		data, err := json.Marshal(graph.Analyze(m, lang))
		return data, m.Version, err
	})
	if err != nil {
		return err
	}
	h.Set("ETag", variantTag(v, c.Request().URL.RawQuery))
	return blob(c, echo.MIMEApplicationJSON, data)
}

// roundAnalysis is the analysis of the map as rating round rid found it
// (its combined medians as the ratings), with the round's disputed and
// one-sided relations (graph.RoundAttention), and the map's version.
func (s *server) roundAnalysis(ctx context.Context, id, rid string, lang graph.Lang) ([]byte, int64, error) {
	r, m, ps, rs, err := s.st.RoundData(ctx, id, rid)
	if err != nil {
		return nil, 0, err
	}
	res := graph.Results(m, r, ps, rs, lang)
	a := graph.Analyze(graph.RoundMap(m, res), lang)
	a.Round = res.Attention()
	data, err := json.Marshal(a)
	return data, m.Version, err
}

// handleCompare: GET /api/v1/maps/{id}/compare?from={sid}&to={sid|current}
// compares two states of the map relation by relation.
func (s *server) handleCompare(c echo.Context) error {
	if err := s.chargeRead(c); err != nil {
		return err
	}
	before, after, err := s.comparePair(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, graph.Compare(before, after))
}

// comparePair loads the two maps named by ?from= and ?to=; "current" (the
// default for to) is the live map.
func (s *server) comparePair(c echo.Context) (before, after *graph.Map, err error) {
	return s.statePair(c, "from", "to")
}

// statePair loads the two states of a map that the query parameters
// fromParam and toParam name (a snapshot id, or current; toParam current
// when not given).
func (s *server) statePair(c echo.Context, fromParam, toParam string) (before, after *graph.Map, err error) {
	from, to := c.QueryParam(fromParam), c.QueryParam(toParam)
	if from == "" {
		return nil, nil, badParameter(fromParam, "is required: the id of a snapshot, or current")
	}
	if to == "" {
		to = "current"
	}
	if before, err = s.mapState(c, fromParam, from); err != nil {
		return nil, nil, err
	}
	if after, err = s.mapState(c, toParam, to); err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

// mapState loads the state sid of map :id: its snapshot of that id, or
// the live map for "current". An unknown snapshot is a 400 naming param.
func (s *server) mapState(c echo.Context, param, sid string) (*graph.Map, error) {
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

package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// renderOptions reads the drawing options from the query: only those
// named, or all of them (layout, palette, format, lang, panel) when none is
// named; the others keep their defaults whatever the query says. A bad
// value is a 400 naming the parameter.
func renderOptions(c echo.Context, only ...string) (render.Options, error) {
	opt, err := render.ParseOptions(func(k string) string {
		if len(only) > 0 && !slices.Contains(only, k) {
			return ""
		}
		return c.QueryParam(k)
	})
	return opt, asBadParameter(err)
}

// imageTag is the entity tag of a picture of a map version: kind (svg, png,
// matrix) and the canonical options are part of it.
func imageTag(version int64, kind, okey string) string {
	return `"` + strconv.FormatInt(version, 10) + "-" + kind + "-" + shortHash(okey) + `"`
}

// image kinds served from a map.
const (
	kindSVG = "svg"
	kindPNG = "png"
)

// handleMapImage serves GET /api/v1/maps/{id}/map.svg and map.png: the
// diagram of the current version, cached by (map, version, options) and
// tagged so that an unchanged map answers 304. The drawing is bounded
// (draw).
func (s *server) handleMapImage(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		opt, err := renderOptions(c)
		if err != nil {
			return err
		}
		id := c.Param("id")
		rid, err := s.roundParam(c)
		if err != nil {
			return err
		}
		okey := opt.Key()
		if rid != "" {
			okey += "|round=" + rid
		}
		for range 3 {
			v, err := s.st.MapVersion(c.Request().Context(), id)
			if err != nil {
				return err
			}
			tag := imageTag(v, kind, okey)
			if notModified(c, tag) {
				imageHeaders(c, kind, tag)
				return c.NoContent(http.StatusNotModified)
			}
			data, err := s.draw(c, "map|"+id+"|"+kind+"|"+okey, v, nil, func(ctx context.Context) ([]byte, error) {
				m, err := s.st.GetMap(ctx, id)
				if err != nil {
					return nil, err
				}
				if m.Version != v {
					// Changed since we read the version: do not file the
					// newer picture under the older version.
					return nil, errStaleRender
				}
				if rid != "" {
					return s.renderRound(ctx, kind, m, rid, opt)
				}
				return renderImage(kind, m, opt)
			})
			if errors.Is(err, errStaleRender) {
				continue // draw the newer version
			}
			if err != nil {
				return err
			}
			imageHeaders(c, kind, tag)
			return c.Blob(http.StatusOK, contentType(kind), data)
		}
		return errStaleRender
	}
}

var errStaleRender = &apiError{http.StatusServiceUnavailable, "unavailable",
	"the map changes faster than it can be drawn; try again in a moment", nil}

// renderRound draws map m as rating round rid found it: the round's
// results go to render as opt.Round, and until render draws them itself
// the map is drawn with the round's combined medians as its ratings
// (graph.RoundMap), a plain but true picture of the round.
func (s *server) renderRound(ctx context.Context, kind string, m *graph.Map, rid string, opt render.Options) ([]byte, error) {
	r, rm, ps, rs, err := s.st.RoundData(ctx, m.ID, rid)
	if err != nil {
		return nil, err
	}
	if rm.Version != m.Version {
		return nil, errStaleRender
	}
	opt.Round = graph.Results(rm, r, ps, rs, opt.Lang)
	return renderImage(kind, graph.RoundMap(rm, opt.Round), opt)
}

func renderImage(kind string, m *graph.Map, opt render.Options) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if kind == kindPNG {
		err = render.PNG(&buf, m, opt)
	} else {
		err = render.SVG(&buf, m, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("render map %s: %w", m.ID, err)
	}
	return buf.Bytes(), nil
}

func contentType(kind string) string {
	if kind == kindPNG {
		return "image/png"
	}
	return "image/svg+xml; charset=utf-8"
}

func imageHeaders(c echo.Context, kind, tag string) {
	h := c.Response().Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Authorization")
	h.Set("Content-Security-Policy", cspImage)
	h.Set("Content-Disposition", "inline; filename=relationskort."+kind)
}

// handleSnapshotImage serves GET /api/v1/maps/{id}/snapshots/{sid}/map.svg:
// the map as it was. Snapshots never change, so the picture is cached for
// good. The snapshot must exist before If-None-Match is looked at, so that
// "If-None-Match: *" on a missing one answers 404, not 304.
func (s *server) handleSnapshotImage(c echo.Context) error {
	opt, err := renderOptions(c)
	if err != nil {
		return err
	}
	id, sid := c.Param("id"), c.Param("sid")
	okey := opt.Key()
	key := "snap|" + id + "|" + sid + "|" + okey
	var snap *graph.Map
	if !s.cache.known(key, 0) {
		sn, err := s.st.GetSnapshot(c.Request().Context(), id, sid)
		if err != nil {
			return err
		}
		snap = sn.Map
	}
	tag := `"snap-` + shortHash(id+"|"+sid+"|"+okey) + `"`
	if notModified(c, tag) {
		imageHeaders(c, kindSVG, tag)
		return c.NoContent(http.StatusNotModified)
	}
	data, err := s.draw(c, key, 0, nil, func(ctx context.Context) ([]byte, error) {
		m := snap
		if m == nil { // it was kept when we looked, and is no more
			sn, err := s.st.GetSnapshot(ctx, id, sid)
			if err != nil {
				return nil, err
			}
			m = sn.Map
		}
		return renderImage(kindSVG, m, opt)
	})
	if err != nil {
		return err
	}
	imageHeaders(c, kindSVG, tag)
	return c.Blob(http.StatusOK, contentType(kindSVG), data)
}

package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

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
	return `"` + strconv.FormatInt(version, 10) + "-" + kind + "-" + optionsHash(okey) + `"`
}

// optionHashes keeps shortHash of the canonical drawing options, which are
// few (each option takes one of a handful of values), so that a cached
// picture is not hashed again for every request.
var optionHashes sync.Map // string → string

func optionsHash(okey string) string {
	if h, ok := optionHashes.Load(okey); ok {
		return h.(string)
	}
	h := shortHash(okey)
	optionHashes.Store(okey, h)
	return h
}

// image kinds served from a map.
const (
	kindSVG = "svg"
	kindPNG = "png"
)

// handleMapImage serves GET /api/v1/maps/{id}/map.svg and map.png: the
// diagram of the current version, cached by (map, version, options) and
// tagged so that an unchanged map answers 304. The drawing is bounded
// (draw). A map edited while its picture is drawn is answered with the
// picture of the newest version drawn, tagged with that version.
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
		v, err := s.mapVersion(c, id)
		if err != nil {
			return err
		}
		if tag := imageTag(v, kind, okey); notModified(c, tag) {
			imageHeaders(c, kind, tag)
			return c.NoContent(http.StatusNotModified)
		}
		data, v, err := s.draw(c, "map|"+id+"|"+kind+"|"+okey, v, nil, func(ctx context.Context) ([]byte, int64, error) {
			if rid != "" {
				return s.renderRound(ctx, kind, id, rid, opt)
			}
			m, err := s.st.GetMap(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			data, err := s.drawRemembered(ctx, kind, m, opt)
			return data, m.Version, err
		})
		if err != nil {
			return err
		}
		imageHeaders(c, kind, imageTag(v, kind, okey))
		return blob(c, contentType(kind), data)
	}
}

// renderRound draws map id as closed rating round rid found it: the
// round's results go to render as opt.Round, and the map is drawn with the
// round's combined medians as its ratings (graph.RoundMap). A closed
// round's answers no longer change, so the picture is one of the map's
// version (and its remembered layout), which it returns.
func (s *server) renderRound(ctx context.Context, kind, id, rid string, opt render.Options) ([]byte, int64, error) {
	r, m, ps, rs, err := s.st.RoundData(ctx, id, rid)
	if err != nil {
		return nil, 0, err
	}
	opt.Round = graph.Results(m, r, ps, rs, opt.Lang)
	// from the map's remembered layout, so the result shows the map the
	// room knows
	data, err := s.drawRemembered(ctx, kind, graph.RoundMap(m, opt.Round), opt)
	return data, m.Version, err
}

// renderImage draws m as kind (svg or png).
func renderImage(kind string, m *graph.Map, opt render.Options) ([]byte, error) {
	d, err := render.Compose(m, opt)
	if err != nil {
		return nil, fmt.Errorf("render map %s: %w", m.ID, err)
	}
	return encodeImage(kind, m, d)
}

// encodeImage writes the drawing d of m as kind (svg or png).
func encodeImage(kind string, m *graph.Map, d *render.Drawing) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if kind == kindPNG {
		err = d.List.WritePNG(&buf)
	} else {
		err = d.List.WriteSVG(&buf)
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
	data, _, err := s.draw(c, key, 0, nil, func(ctx context.Context) ([]byte, int64, error) {
		m := snap
		if m == nil { // it was kept when we looked, and is no more
			sn, err := s.st.GetSnapshot(ctx, id, sid)
			if err != nil {
				return nil, 0, err
			}
			m = sn.Map
		}
		data, err := renderImage(kindSVG, m, opt)
		return data, 0, err
	})
	if err != nil {
		return err
	}
	imageHeaders(c, kindSVG, tag)
	return blob(c, contentType(kindSVG), data)
}

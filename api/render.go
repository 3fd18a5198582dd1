package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// renderOptions reads layout, palette, format, lang (and panel) from the
// query; a bad value is a 400 naming the parameter.
func renderOptions(c echo.Context) (render.Options, error) {
	opt, err := render.ParseOptions(c.QueryParam)
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
// tagged so that an unchanged map answers 304.
func (s *server) handleMapImage(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		opt, err := renderOptions(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		id := c.Param("id")
		v, err := s.st.MapVersion(ctx, id)
		if err != nil {
			return err
		}
		okey := opt.Key()
		tag := imageTag(v, kind, okey)
		if notModified(c, tag) {
			imageHeaders(c, kind, tag)
			return c.NoContent(http.StatusNotModified)
		}
		key := "map|" + id + "|" + kind + "|" + okey
		data, err := s.cache.get(key, v, func() ([]byte, error) {
			// Others may wait for this rendering: do not let this
			// client's disconnect cancel it for them.
			m, err := s.st.GetMap(context.WithoutCancel(ctx), id)
			if err != nil {
				return nil, err
			}
			if m.Version != v {
				// Changed since we read the version: render the version we
				// announced no longer exists, so serve the newer one but
				// do not file it under the old key's version.
				return nil, errStaleRender
			}
			return renderImage(kind, m, opt)
		})
		if errors.Is(err, errStaleRender) {
			m, err := s.st.GetMap(ctx, id)
			if err != nil {
				return err
			}
			data, err = renderImage(kind, m, opt)
			if err != nil {
				return err
			}
			tag = imageTag(m.Version, kind, okey)
		} else if err != nil {
			return err
		}
		imageHeaders(c, kind, tag)
		return c.Blob(http.StatusOK, contentType(kind), data)
	}
}

var errStaleRender = errors.New("map changed while rendering")

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
// good.
func (s *server) handleSnapshotImage(c echo.Context) error {
	opt, err := renderOptions(c)
	if err != nil {
		return err
	}
	id, sid := c.Param("id"), c.Param("sid")
	okey := opt.Key()
	tag := `"snap-` + shortHash(id+"|"+sid+"|"+okey) + `"`
	if notModified(c, tag) {
		imageHeaders(c, kindSVG, tag)
		return c.NoContent(http.StatusNotModified)
	}
	data, err := s.cache.get("snap|"+id+"|"+sid+"|"+okey, 0, func() ([]byte, error) {
		sn, err := s.st.GetSnapshot(c.Request().Context(), id, sid)
		if err != nil {
			return nil, err
		}
		return renderImage(kindSVG, sn.Map, opt)
	})
	if err != nil {
		return err
	}
	imageHeaders(c, kindSVG, tag)
	return c.Blob(http.StatusOK, contentType(kindSVG), data)
}

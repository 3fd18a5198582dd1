package api

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// A map stays put (issue 12): map.svg and map.png draw a map from the
// automatic layout remembered for it, and remember where the drawing put
// the functions. One placement is remembered per map and layout, whatever
// the format: the positions are in the renderer's reference frame, so the
// A4 print shows the map the room saw on the screen. Only screen drawings
// are remembered (a print at a smaller scale must not shrink the room's
// circles). The manual layout starts, until it has its own, from the
// automatic layout last drawn, so that dragging one circle moves only that
// circle. A layout reset forgets them all (handleResetLayout).
//
// The same map version drawn from the same placement gives the same bytes,
// and a placement drawn again is returned unchanged, so pictures stay
// tagged and cached by version.

// autoLayouts are the layouts the manual one may start from.
var autoLayouts = []render.Layout{render.LayoutForce, render.LayoutCircle}

// remembered returns the placement to draw m in layout from, or nil.
func (s *server) remembered(ctx context.Context, m *graph.Map, layout render.Layout) *graph.Placement {
	p, err := s.st.Placement(ctx, m.ID, string(layout))
	if err != nil {
		s.log.Warn("placement", "map", m.ID, "layout", layout, "err", err)
		return nil
	}
	if p != nil || layout != render.LayoutManual {
		return p
	}
	for _, l := range autoLayouts {
		q, err := s.st.Placement(ctx, m.ID, string(l))
		if err != nil {
			s.log.Warn("placement", "map", m.ID, "layout", l, "err", err)
			continue
		}
		if q != nil && (p == nil || q.SavedAt.After(p.SavedAt)) {
			p = q
		}
	}
	return p
}

// fromRemembered returns opt, its layout filled in for m, set to start
// from the placement remembered for m in that layout, and that placement
// (nil when none is).
func (s *server) fromRemembered(ctx context.Context, m *graph.Map, opt render.Options) (render.Options, *graph.Placement) {
	opt = opt.For(m)
	prev := s.remembered(ctx, m, opt.Layout)
	if prev != nil {
		opt.Prev = make(map[string]render.Point, len(prev.Points))
		for id, p := range prev.Points {
			opt.Prev[id] = render.Point{X: p.X, Y: p.Y}
		}
		opt.PrevScale = prev.Scale
	}
	return opt, prev
}

// drawRemembered draws m as kind (svg or png) from its remembered
// placement, and remembers the placement of a screen drawing when it
// differs. Failing to remember is logged, not an error: the picture is
// right either way.
func (s *server) drawRemembered(ctx context.Context, kind string, m *graph.Map, opt render.Options) ([]byte, error) {
	opt, prev := s.fromRemembered(ctx, m, opt)
	d, err := render.Compose(m, opt)
	if err != nil {
		return nil, fmt.Errorf("render map %s: %w", m.ID, err)
	}
	data, err := encodeImage(kind, m, d)
	if err != nil {
		return nil, err
	}
	if opt.Format == render.FormatScreen && d.Positions != nil && d.Scale > 0 {
		if p, changed := nextPlacement(prev, d, m.Version); changed {
			if err := s.st.SavePlacement(ctx, m.ID, string(opt.Layout), p); err != nil {
				s.log.Warn("remember placement", "map", m.ID, "layout", opt.Layout, "err", err)
			}
		}
	}
	return data, nil
}

// nextPlacement is the placement to remember after drawing d from prev:
// where d put the functions, and where prev had functions that the map no
// longer has, so that undoing a deletion brings a function back to its
// place (up to graph.MaxFunctions of them). It reports whether that
// differs from prev.
func nextPlacement(prev *graph.Placement, d *render.Drawing, version int64) (graph.Placement, bool) {
	p := graph.Placement{Version: version, Scale: d.Scale, Points: make(map[string]graph.Point, len(d.Positions))}
	for id, pt := range d.Positions {
		p.Points[id] = graph.Point{X: pt.X, Y: pt.Y}
	}
	if prev == nil {
		return p, true
	}
	gone := 0
	for _, id := range slices.Sorted(maps.Keys(prev.Points)) {
		if _, ok := p.Points[id]; !ok && gone < graph.MaxFunctions {
			p.Points[id] = prev.Points[id]
			gone++
		}
	}
	return p, prev.Scale != p.Scale || !maps.Equal(prev.Points, p.Points)
}

// handleResetLayout serves POST /api/v1/maps/{id}/layout/reset: "Opstil
// automatisk igen". The pins are released, the remembered placements
// forgotten, and the map gets a new version (If-Match honoured); the next
// drawing lays it out afresh. Answers the map.
func (s *server) handleResetLayout(c echo.Context) error {
	ifVersion, err := ifMatch(c)
	if err != nil {
		return err
	}
	m, err := s.st.ResetLayout(c.Request().Context(), c.Param("id"), ifVersion)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, m.Version, m)
}

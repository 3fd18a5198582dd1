package render

import (
	"fmt"
	"math"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// This file composes the frame around a map: the canvas of the format, the
// header (title and task), the footer, and the map area between them with
// the legend column on the right.

// Design sizes, in diagram units on a 1920-wide canvas. Everything drawn
// inside the map area is multiplied by the drawing's scale.
const (
	margin      = 48.0
	legendWidth = 330.0
	legendGap   = 40.0  // between the map area and the legend column
	sideWidth   = 560.0 // the legend column with a side panel
	footerH     = 64.0  // below the map area
)

// The header's line heights: a title line takes titleSize·titleLead, a task
// line taskSize·taskLead; the rule is drawn ruleGap below the text and the
// map area starts areaGap below the rule.
const (
	titleLead = 1.2
	taskLead  = 1.25
	taskGap   = 6.0
	ruleGap   = 16.0
	areaGap   = 20.0
)

// The reference frame is the map area of the screen format without a
// side panel, under a one-line title and a one-line task. Placement
// happens in it and every drawing maps it into its own area (see view), so
// that a map keeps its arrangement across formats, panels and exports;
// remembered positions (Options.Prev, Drawing.Positions) are given in it.
const (
	refY0 = margin + 44*titleLead + taskGap + 26*taskLead + ruleGap + areaGap
	refW  = 1920 - 2*margin - legendWidth - legendGap
	refH  = 1080 - footerH - refY0
)

// canvas is a format's page.
type canvas struct {
	w, h           float64 // diagram units
	paperW, paperH float64 // physical size in unit
	unit           string
	titleSize      float64
	taskSize       float64
	legendSize     float64
	// minLabel is the smallest readable label, in diagram units, on the
	// format's own canvas: 11 px on a 1920-wide screen, 7 pt on A4.
	minLabel float64
}

func canvasFor(format Format) canvas {
	if format == FormatA4 {
		// A4 landscape, 297 × 210 mm, at 150 dpi; 7 pt is 7/72 inch
		return canvas{w: 1754, h: 1240, paperW: 297, paperH: 210, unit: "mm",
			titleSize: 44, taskSize: 26, legendSize: 22, minLabel: 7.0 / 72 * 25.4 * 1754 / 297}
	}
	return canvas{w: 1920, h: 1080, paperW: 1920, paperH: 1080,
		titleSize: 44, taskSize: 26, legendSize: 22, minLabel: 11}
}

// grown is the canvas k times as wide and high, with the same texts.
func (c canvas) grown(k float64) canvas {
	if k == 1 {
		return c
	}
	c.w, c.h = math.Round(c.w*k), math.Round(c.h*k)
	c.paperW, c.paperH = math.Round(c.paperW*k), math.Round(c.paperH*k)
	return c
}

// header adds the title, the task and the rule below them to it and
// returns where the map area starts.
func header(it *items, m *graph.Map, cv canvas, pal *palette, wd words) float64 {
	y := margin
	width := cv.w - 2*margin
	tw := truncate(wrapToWidth(titleOf(m, wd), cv.titleSize, width, true), 2, width)
	for _, l := range tw.Lines {
		it.text(Text{X: margin, Y: y + cv.titleSize, S: l, Size: cv.titleSize, Bold: true, Color: pal.ink, Class: "title"})
		y += cv.titleSize * titleLead
	}
	if m.Task != "" {
		y += taskGap
		kw := truncate(wrapToWidth(m.Task, cv.taskSize, width, false), 2, width)
		for _, l := range kw.Lines {
			it.text(Text{X: margin, Y: y + cv.taskSize, S: l, Size: cv.taskSize, Color: pal.muted, Class: "task"})
			y += cv.taskSize * taskLead
		}
	}
	y += ruleGap
	it.line(margin, y, cv.w-margin, y, Paint{Stroke: "#c8c8c8", Width: 1.5})
	return y + areaGap
}

func titleOf(m *graph.Map, wd words) string {
	if m.Title == "" {
		return wd.defaultName
	}
	return m.Title
}

// footer adds the date and version (never the current time) on the left
// and the product's name on the right.
func footer(it *items, m *graph.Map, cv canvas, pal *palette, wd words, lang graph.Lang) {
	y := cv.h - 26
	var foot []string
	if !m.UpdatedAt.IsZero() {
		t := m.UpdatedAt.UTC()
		if lang == graph.English {
			foot = append(foot, fmt.Sprintf("%s %d %s %d", wd.updated, t.Day(), wd.months[t.Month()-1], t.Year()))
		} else {
			foot = append(foot, fmt.Sprintf("%s %d. %s %d", wd.updated, t.Day(), wd.months[t.Month()-1], t.Year()))
		}
	}
	if m.Version > 0 {
		foot = append(foot, fmt.Sprintf("%s %d", wd.version, m.Version))
	}
	if len(foot) > 0 {
		it.text(Text{X: margin, Y: y, S: strings.Join(foot, " · "), Size: 18, Color: pal.muted, Class: "footer"})
	}
	it.text(Text{X: cv.w - margin, Y: y, S: "Relationskort", Size: 18, Color: pal.muted, Anchor: AnchorEnd, Class: "footer"})
}

// pageArea is the map area of the screen format without a side panel for
// this map's header: where the page shows the map, and so the frame of the
// pinned positions, which the page gives in its canvas's coordinates.
func pageArea(m *graph.Map) rect {
	cv := canvasFor(FormatScreen)
	top := margin
	width := cv.w - 2*margin
	wd := vocab[graph.Danish] // the title's line count does not depend on the language unless it is empty
	top += float64(len(truncate(wrapToWidth(titleOf(m, wd), cv.titleSize, width, true), 2, width).Lines)) * cv.titleSize * titleLead
	if m.Task != "" {
		top += taskGap + float64(len(truncate(wrapToWidth(m.Task, cv.taskSize, width, false), 2, width).Lines))*cv.taskSize*taskLead
	}
	top += ruleGap + areaGap
	return rect{margin, top, cv.w - margin - legendWidth - legendGap, cv.h - footerH}
}

// view maps the reference frame into a drawing's map area: a point p of
// the frame is drawn at (ox + k·p.X, oy + k·p.Y), and the frame's sizes
// (radii, strokes, fonts) are multiplied by k·s, s being the placement's
// scale. k is at most 1 on a format's own canvas and grows with a grown
// one; the frame is centred in the area.
type view struct{ ox, oy, k, s float64 }

func viewFor(a rect, grown bool) view {
	k := min(a.w()/refW, a.h()/refH)
	if !grown {
		k = min(k, 1)
	}
	return view{ox: a.x0 + (a.w()-k*refW)/2, oy: a.y0 + (a.h()-k*refH)/2, k: k, s: 1}
}

func (v view) x(x float64) float64 { return v.ox + v.k*x }
func (v view) y(y float64) float64 { return v.oy + v.k*y }

// size is the drawn size of a design size in the frame.
func (v view) size(d float64) float64 { return d * v.k * v.s }

// toFrame is the inverse of x, y: a canvas point in the reference frame.
func (v view) toFrame(x, y float64) Point { return Point{(x - v.ox) / v.k, (y - v.oy) / v.k} }

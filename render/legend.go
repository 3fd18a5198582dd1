package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// legend composes the ratings' legend in the legend column and the
// groups' below it — or beside it, when a side panel widens the column —
// and returns the bottom of what it drew.
func (c *composer) legend() float64 {
	it, size, x := &c.ly.frame, c.cv.legendSize, c.colX
	top, bottom := c.top, c.area.y1
	y := top + size
	it.text(Text{X: x, Y: y, S: c.wd.relations, Size: size, Bold: true, Color: c.pal.ink, Class: "legend"})
	y += 16
	for _, r := range []graph.Rating{graph.High, graph.Middle, graph.Low, graph.Unrated} {
		st := ratingStyle(c.pal, r)
		cy := y + 22
		p := Paint{Stroke: st.Color, Width: st.Width, Dash: st.Dash}
		it.line(x, cy, x+86, cy, p)
		if r.Rated() {
			c.badge(it, x+43, cy, badgeR, st, strconv.Itoa(int(r)))
		}
		it.text(Text{X: x + 104, Y: cy + size*0.36, S: c.wd.ratings[r], Size: size, Color: c.pal.ink, Class: "legend"})
		y += 44
	}
	if c.opt.Round != nil && c.detail == DetailFull {
		y = c.roundLegend(it, x, y, size)
	}
	if c.detail == DetailGroups {
		y += 8
		it.text(Text{X: x, Y: y + size*0.36, S: c.wd.groupView.meanCount, Size: size * 0.85, Color: c.pal.muted, Class: "legend"})
		y += 28
	}
	ratingsBottom := y
	groups := legendGroups(c.m)
	if len(groups) == 0 || (len(groups) == 1 && groups[0] == "") {
		return ratingsBottom
	}
	labelW := legendWidth - 44
	if c.wide {
		// the groups beside the ratings, in at most as many rows
		x += 270
		labelW = sideWidth - 270 - 44
		y = top + size - 26
		bottom = min(bottom, y+26+12+float64(max(len(groups), 6))*38)
	}
	return max(c.groupLegend(groups, x, y, bottom, labelW), ratingsBottom)
}

// groupLegend lists the groups with their colours from y on, as many as
// fit above bottom, and returns where it ends.
func (c *composer) groupLegend(groups []string, x, y, bottom, labelW float64) float64 {
	it, size := &c.ly.frame, c.cv.legendSize
	y += 26
	it.text(Text{X: x, Y: y, S: c.wd.groups, Size: size, Bold: true, Color: c.pal.ink, Class: "legend"})
	y += 12
	const row = 38.0
	fit := int((bottom - y) / row)
	for i, name := range groups {
		if i >= fit-1 && len(groups) > fit {
			it.text(Text{X: x, Y: y + row/2 + size*0.36, S: fmt.Sprintf(c.wd.more, len(groups)-i), Size: size, Color: c.pal.muted, Class: "legend"})
			return y + row
		}
		gc := c.colors[name]
		cy := y + row/2
		it.circle(x+14, cy, 13, Paint{Fill: gc.Fill, Stroke: gc.Stroke, Width: 2.5}, "")
		label := name
		if label == "" {
			label = c.wd.noGroup
		}
		lw := truncate(wrapToWidth(label, size, labelW, false), 1, labelW)
		it.text(Text{X: x + 40, Y: cy + size*0.36, S: lw.Lines[0], Size: size, Color: c.pal.ink, Class: "legend"})
		y += row
	}
	return y
}

// legendGroups are the map's groups in the legend's order: by name, the
// functions without a group last.
func legendGroups(m *graph.Map) []string {
	names := groupNames(m)
	if len(names) > 0 && names[0] == "" {
		names = append(names[1:], "")
	}
	return names
}

// describe is the map in words, for screen readers.
func describe(m *graph.Map, wd words, detail Detail) string {
	var counts [4]int
	for _, r := range m.Relations {
		if r.Rating.Valid() {
			counts[r.Rating]++
		}
	}
	s := wd.summary(len(m.Functions), len(m.Relations), counts)
	if m.Task != "" {
		s = m.Task + ". " + s
	}
	if detail == DetailGroups {
		s += " " + wd.groupView.note
	}
	var low []string
	for _, r := range m.Relations {
		if r.Rating != graph.Low {
			continue
		}
		a, b := m.Function(r.A), m.Function(r.B)
		if a == nil || b == nil {
			continue
		}
		low = append(low, a.Name+" – "+b.Name)
		if len(low) == 20 {
			low = append(low, "…")
			break
		}
	}
	if len(low) > 0 {
		s += " " + wd.lowList + ": " + strings.Join(low, "; ") + "."
	}
	return s
}

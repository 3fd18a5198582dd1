package render

import (
	"math"
	"sort"
	"strings"
)

// This file sizes the circles of a map to their names: the first half of
// the compose stage. Every ordinary function's name is set at one size on
// a map (nameSize), the centre's a little larger and bold; a circle is as
// large as its wrapped name needs, and at least the common radius that
// most names of the map need, so that the map looks even.

// Design sizes of the map's circles and texts, in reference-frame units.
const (
	nameSize   = 24.0 // ordinary function names
	centreSize = 26.0 // the centre function's name (bold)
	minRadius  = 58.0
	maxCommon  = 96.0 // the common radius at most; longer names get larger circles
	textPad    = 9.0  // between a name and its circle
	circleGap  = 24.0 // between two circles
	badgeR     = 14.0
	badgeSize  = 17.0
	lineGap    = 4.0 // between a circle's outline and the end of a line
	// lineMargin is the clearance between a line and a circle it does not
	// end at.
	lineMargin = badgeR + 8
	// middleWidth is the width the task is wrapped to in the middle.
	middleWidth = 300.0
)

// label is a name wrapped for its circle and the circle's radius.
type label struct {
	block wrapped
	r     float64
}

// mapLabels are the labels of a map's functions, in map order, and of the
// text in the middle of an empty map.
type mapLabels struct {
	size   float64 // the ordinary names' size
	fns    []label
	centre int    // index of the centre function, -1 if none
	middle *label // "no functions yet" in the middle of an empty map
}

// labels sizes every function's circle to its name.
func (c *composer) labels() *mapLabels {
	m := c.m
	lb := &mapLabels{size: nameSize, fns: make([]label, len(m.Functions)), centre: -1}
	for i, f := range m.Functions {
		if f.Center {
			lb.centre = i
			break
		}
	}
	common := c.commonRadius(lb.centre)
	for i, f := range m.Functions {
		if i == lb.centre {
			lb.fns[i] = c.fitLabel(f.Name, centreSize, true, common*1.2)
		} else {
			lb.fns[i] = c.fitLabel(f.Name, nameSize, false, common)
		}
	}
	// An empty map says so in the middle. A map without a centre function
	// has its task in the header only: a circle in the middle without
	// relations would stand in the way of the lines across the map.
	if len(m.Functions) == 0 {
		text := c.wd.noFunctions
		if text != "" {
			w := truncate(wrapToWidth(text, nameSize, middleWidth, false), 4, middleWidth)
			lb.middle = &label{block: w, r: max(minRadius, w.circleRadius()+textPad)}
		}
	}
	return lb
}

// commonRadius is the radius that most names (four in five) need with
// whole words, within minRadius and maxCommon.
func (c *composer) commonRadius(centre int) float64 {
	var needs []float64
	for i, f := range c.m.Functions {
		if i != centre {
			needs = append(needs, c.r.fit(f.Name, nameSize, false, splitNever).circleRadius()+textPad)
		}
	}
	return min(max(minRadius, percentile(needs, 0.8)), maxCommon)
}

// fitLabel wraps a name at its size for a circle of radius r: with whole
// words if they fit, else with words split at compound joints. When
// neither fits, the circle grows to the name — with whole words unless
// joints save a tenth — as far as growLimit; only a name that needs more
// is split between letters, when that saves a tenth.
func (c *composer) fitLabel(name string, size float64, bold bool, r float64) label {
	var best wrapped
	bestR := math.Inf(1)
	for _, mode := range []splitMode{splitNever, splitJoints, splitAnywhere} {
		if mode == splitAnywhere && bestR <= growLimit {
			break
		}
		w := c.r.fit(name, size, bold, mode)
		need := w.circleRadius() + textPad
		if need <= r {
			return label{block: w, r: r}
		}
		if need < bestR*0.9 {
			best, bestR = w, need
		}
	}
	return label{block: best, r: bestR}
}

// growLimit is the radius up to which a circle grows for a name rather
// than split its words between letters.
const growLimit = maxCommon * 1.25

// fit is fitInCircle remembered by the Renderer.
func (r *Renderer) fit(name string, size float64, bold bool, mode splitMode) wrapped {
	flag := uint8(mode) << 1
	if bold {
		flag |= 1
	}
	k := cacheKey{kind: kindLabel, s: name, size: size, flag: flag}
	if v, ok := r.cache.get(k); ok {
		return v.(wrapped)
	}
	w := fitInCircle(name, size, bold, mode)
	cost := int64(len(name)) * 2
	for _, l := range w.Lines {
		cost += int64(len(l)) + 24
	}
	r.cache.put(k, w, cost)
	return w
}

// fitInCircle wraps a name so that the circle holding it is as small as
// possible, splitting words no further than mode allows: it tries wrapping
// widths for 1 to 7 lines and keeps the best.
func fitInCircle(name string, size float64, bold bool, mode splitMode) wrapped {
	if name == "" {
		return wrapped{Size: size, Bold: bold}
	}
	total := textWidth(name, size, bold)
	widest := 0.0
	for _, para := range strings.Split(name, "\n") {
		for _, w := range splitWords(para) {
			widest = max(widest, textWidth(strings.TrimSpace(w), size, bold))
		}
	}
	limit := size * maxWordEms
	var best wrapped
	bestR, last := -1.0, -1.0
	for k := 1; k <= 7; k++ {
		width := max(total/float64(k)*1.04, size*3)
		if mode == splitNever {
			width = max(width, widest)
		} else {
			width = max(width, min(widest, limit))
		}
		if width == last {
			continue // the same wrapping again, which cannot win
		}
		last = width
		w := wrapMode(name, size, width, bold, mode)
		if r := w.circleRadius(); bestR < 0 || r < bestR-0.01 {
			best, bestR = w, r
		}
	}
	return best
}

// percentile returns the value below which the share q of vs lie (the
// nearest rank); 0 for no values.
func percentile(vs []float64, q float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	k := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(k, len(s)-1))]
}

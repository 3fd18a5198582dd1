package render

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text is measured with the Go fonts, the same fonts the PNG is drawn with.
// The SVG names a font stack instead (viewers offline have no Go font), so
// widths are measured with a margin (widthSlack) that covers the wider
// fonts of the stack, such as DejaVu Sans.
const (
	fontStack  = "'Go', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
	widthSlack = 1.12
	// measureSize is the size at which glyph advances are read; widths at
	// other sizes are scaled linearly (no hinting).
	measureSize = 100
)

type fontSet struct {
	regular, bold *opentype.Font
	// faces at measureSize, for measuring only; opentype faces are not
	// safe for concurrent use, so measuring holds mu.
	mu         sync.Mutex
	regFace    font.Face
	boldFace   font.Face
	widthCache map[widthKey]float64
}

type widthKey struct {
	s    string
	bold bool
}

var fonts = sync.OnceValue(func() *fontSet {
	reg, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("parse Go Regular: " + err.Error()) // embedded font, never fails
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic("parse Go Bold: " + err.Error())
	}
	fs := &fontSet{regular: reg, bold: bold, widthCache: map[widthKey]float64{}}
	fs.regFace = mustFace(reg, measureSize)
	fs.boldFace = mustFace(bold, measureSize)
	return fs
})

func mustFace(f *opentype.Font, size float64) font.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("font face: " + err.Error())
	}
	return face
}

// textWidth is the advance width of s at the given size, with widthSlack.
func textWidth(s string, size float64, bold bool) float64 {
	fs := fonts()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := widthKey{s, bold}
	w, ok := fs.widthCache[k]
	if !ok {
		face := fs.regFace
		if bold {
			face = fs.boldFace
		}
		w = fixedToFloat(font.MeasureString(face, s)) / measureSize
		if len(fs.widthCache) < 1<<16 {
			fs.widthCache[k] = w
		}
	}
	return w * size * widthSlack
}

func fixedToFloat(x fixed.Int26_6) float64 { return float64(x) / 64 }

// Line metrics relative to the font size: distance between baselines, and
// the ascent and descent used to keep lines inside their box.
const (
	lineHeight = 1.18
	ascent     = 0.80
	descent    = 0.22
)

// wrapped is a block of text lines centred on a point.
type wrapped struct {
	Lines  []string
	Widths []float64 // measured, with slack
	Size   float64
	Bold   bool
}

// height is the height of the block from the top of the first line to the
// bottom of the last.
func (w wrapped) height() float64 {
	if len(w.Lines) == 0 {
		return 0
	}
	return (float64(len(w.Lines)-1)*lineHeight + ascent + descent) * w.Size
}

// maxWidth is the widest line.
func (w wrapped) maxWidth() float64 {
	m := 0.0
	for _, x := range w.Widths {
		m = max(m, x)
	}
	return m
}

// circleRadius is the smallest radius of a circle, centred on the block's
// centre, that holds every line's box.
func (w wrapped) circleRadius() float64 {
	r := 0.0
	top := -w.height() / 2
	for i, lw := range w.Widths {
		y0 := top + float64(i)*lineHeight*w.Size
		y1 := y0 + (ascent+descent)*w.Size
		dy := max(abs(y0), abs(y1))
		r = max(r, hypot(lw/2, dy))
	}
	return r
}

// baselines returns the offset of each line's baseline from the block's
// centre.
func (w wrapped) baselines() []float64 {
	top := -w.height() / 2
	out := make([]float64, len(w.Lines))
	for i := range w.Lines {
		out[i] = top + float64(i)*lineHeight*w.Size + ascent*w.Size
	}
	return out
}

// wrapToWidth breaks s into lines no wider than width, at spaces and after
// hyphens and slashes; a word wider than width is split between letters.
func wrapToWidth(s string, size, width float64, bold bool) wrapped {
	out := wrapped{Size: size, Bold: bold}
	for _, para := range strings.Split(s, "\n") {
		words := splitWords(para)
		line := ""
		for _, word := range words {
			cand := line + word
			if line == "" {
				cand = strings.TrimLeft(word, " ")
			}
			if line != "" && textWidth(strings.TrimRight(cand, " "), size, bold) > width {
				out.add(strings.TrimRight(line, " "), size, bold)
				line = strings.TrimLeft(word, " ")
			} else {
				line = cand
			}
			// a single word wider than the line: split it
			for textWidth(strings.TrimRight(line, " "), size, bold) > width && utf8.RuneCountInString(line) > 1 {
				head, tail := splitAtWidth(line, size, width, bold)
				out.add(head, size, bold)
				line = tail
			}
		}
		if strings.TrimSpace(line) != "" || len(words) == 0 {
			out.add(strings.TrimRight(line, " "), size, bold)
		}
	}
	return out
}

func (w *wrapped) add(line string, size float64, bold bool) {
	w.Lines = append(w.Lines, line)
	w.Widths = append(w.Widths, textWidth(line, size, bold))
}

// splitWords splits s after spaces, hyphens and slashes, keeping the
// separators with the word before them.
func splitWords(s string) []string {
	var words []string
	start := 0
	for i, r := range s {
		if r == ' ' || r == '-' || r == '/' {
			words = append(words, s[start:i+utf8.RuneLen(r)])
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(s) {
		words = append(words, s[start:])
	}
	return words
}

// splitAtWidth splits s so that the head (with a hyphen) fits in width; the
// head holds at least one letter.
func splitAtWidth(s string, size, width float64, bold bool) (string, string) {
	runes := []rune(s)
	n := 1
	for n < len(runes)-1 && textWidth(string(runes[:n+1])+"-", size, bold) <= width {
		n++
	}
	return string(runes[:n]) + "-", string(runes[n:])
}

// fitInCircle wraps a name so that the circle holding it is as small as
// possible: it tries wrapping widths for 1 to 6 lines and keeps the best.
// Lines break between words (and after hyphens and slashes); a word is
// split only when it is too long for any line (maxWordWidth).
func fitInCircle(name string, size float64, bold bool) wrapped {
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
	bestR := -1.0
	for k := 1; k <= 6; k++ {
		width := max(total/float64(k)*1.04, min(widest, limit), size*3)
		w := wrapToWidth(name, size, width, bold)
		r := w.circleRadius()
		if bestR < 0 || r < bestR-0.01 {
			best, bestR = w, r
		}
	}
	return best
}

// maxWordEms is the widest a word may be, in font sizes, before it is split.
const maxWordEms = 8.5

// truncate cuts text lines to at most n, ending the last with an ellipsis
// that still fits width.
func truncate(w wrapped, n int, width float64) wrapped {
	if len(w.Lines) <= n {
		return w
	}
	w.Lines = w.Lines[:n]
	w.Widths = w.Widths[:n]
	last := []rune(w.Lines[n-1])
	for len(last) > 0 && textWidth(string(last)+"…", w.Size, w.Bold) > width {
		last = last[:len(last)-1]
	}
	w.Lines[n-1] = strings.TrimRight(string(last), " ") + "…"
	w.Widths[n-1] = textWidth(w.Lines[n-1], w.Size, w.Bold)
	return w
}

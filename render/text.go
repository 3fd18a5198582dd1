package render

import (
	"math"
	"strings"
	"sync"
	"unicode"
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
// hyphens and slashes; a word wider than width is split at a compound joint
// if it has one (splitJoints), else between letters.
func wrapToWidth(s string, size, width float64, bold bool) wrapped {
	return wrapMode(s, size, width, bold, splitAnywhere)
}

// splitMode says how far wrapping may go to make a line fit.
type splitMode int

const (
	// splitNever breaks lines only at spaces and after hyphens and
	// slashes; a word wider than the line stays whole (and too wide).
	splitNever splitMode = iota
	// splitJoints also splits a word that is too wide at the joints of a
	// Danish compound (before a known stem, leaving at least four letters
	// on each side), with a hyphen.
	splitJoints
	// splitAnywhere also splits what is still too wide between letters,
	// preferring a syllable boundary: the last resort.
	splitAnywhere
)

// token is a piece of a line: a word with the separator after it (space,
// hyphen or slash), or part of a word split at a joint. A soft token shows a
// hyphen when a line ends with it and nothing when the next part follows on
// the same line.
type token struct {
	s    string
	soft bool
}

// lineText is the text of a line made of toks.
func lineText(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.s)
	}
	s := strings.TrimRight(b.String(), " ")
	if len(toks) > 0 && toks[len(toks)-1].soft {
		s += "-" // U+002D, a plain hyphen
	}
	return s
}

// wrapMode breaks s into lines no wider than width, splitting words no
// further than mode allows.
func wrapMode(s string, size, width float64, bold bool, mode splitMode) wrapped {
	out := wrapped{Size: size, Bold: bold}
	for _, para := range strings.Split(s, "\n") {
		var toks []token
		for _, w := range splitWords(para) {
			if mode >= splitJoints && textWidth(strings.TrimRight(w, " "), size, bold) > width {
				toks = append(toks, jointTokens(w)...)
			} else {
				toks = append(toks, token{s: w})
			}
		}
		var line []token
		for _, t := range toks {
			if len(line) > 0 {
				cand := append(append([]token(nil), line...), t)
				if textWidth(lineText(cand), size, bold) > width {
					out.add(lineText(line), size, bold)
					line = nil
				}
			}
			if len(line) == 0 {
				t.s = strings.TrimLeft(t.s, " ")
			}
			line = append(line, t)
			// a single piece wider than the line: split it between letters
			for mode == splitAnywhere && len(line) == 1 && textWidth(lineText(line), size, bold) > width &&
				utf8.RuneCountInString(strings.TrimSpace(line[0].s)) > 1 {
				head, tail := splitAtWidth(line[0], size, width, bold)
				out.add(head, size, bold)
				line = []token{tail}
			}
		}
		if len(line) > 0 || len(toks) == 0 {
			out.add(lineText(line), size, bold)
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

// stems are common last parts of Danish compounds in the names of public
// services and professions. A long word is split before one of them, so
// that "Demenskoordinator" becomes "Demens-" "koordinator", not
// "Demenskoordi-" "nator".
var stems = []string{
	"afdeling", "aflastning", "afgang", "agent", "ambulatori", "arbejd", "behandl", "beskæftig",
	"bolig", "borger", "center", "centre", "ergo", "familie", "forening", "forvaltning", "fritid",
	"handicap", "hjem", "hospital", "indsats", "institution", "klinik", "kommune", "konsulent",
	"kontor", "koordinat", "leder", "læge", "marked", "medarbejder", "misbrug",
	"myndighed", "netværk", "omsorg", "ordning", "pleje", "politi", "praksis", "praktiser",
	"psykiatri", "psykolog", "rehabilit", "region", "rådgiv", "sagsbehandl", "sekretariat",
	"selskab", "service", "skole", "social", "sundhed", "syge", "team", "terapeut", "tilbud",
	"tjeneste", "uddannelse", "udvikling", "ungdom", "vejled", "visitation", "ydelse",
}

// minJoint is the fewest letters a joint leaves on either side.
const minJoint = 4

// jointTokens splits a word at the joints of a compound: before each stem
// found inside it, where at least minJoint letters remain on both sides. The
// parts but the last are soft; the last keeps the word's separator.
func jointTokens(word string) []token {
	core := strings.TrimRight(word, " -/")
	sep := word[len(core):]
	runes := []rune(core)
	lower := []rune(strings.ToLower(core))
	cut := map[int]bool{}
	for i := minJoint; i <= len(runes)-minJoint; i++ {
		if !unicode.IsLetter(runes[i]) || !unicode.IsLetter(runes[i-1]) {
			continue
		}
		rest := string(lower[i:])
		for _, st := range stems {
			if strings.HasPrefix(rest, st) {
				cut[i] = true
				break
			}
		}
	}
	var out []token
	start := 0
	for i := minJoint; i <= len(runes)-minJoint; i++ {
		if cut[i] {
			out = append(out, token{s: string(runes[start:i]), soft: true})
			start = i
		}
	}
	return append(out, token{s: string(runes[start:]) + sep})
}

// splitAtWidth splits a piece so that the head (with a hyphen) fits in
// width, as a last resort. It keeps at least two letters on each side when
// width allows, and prefers a syllable boundary (a vowel before a consonant
// and a vowel, or between two consonants) near the widest split that fits.
func splitAtWidth(t token, size, width float64, bold bool) (string, token) {
	runes := []rune(t.s)
	core := len([]rune(strings.TrimRight(t.s, " -/")))
	fit := 1
	for n := 2; n <= core-2; n++ {
		if textWidth(string(runes[:n])+"-", size, bold) > width {
			break
		}
		fit = n
	}
	n := fit
	if fit >= 3 {
		for k := fit; k >= max(2, fit*2/3); k-- {
			if k+1 < core && syllableBreak(runes[k-1], runes[k], runes[k+1]) {
				n = k
				break
			}
		}
	}
	return string(runes[:n]) + "-", token{s: string(runes[n:]), soft: t.soft}
}

func syllableBreak(before, at, after rune) bool {
	v := func(r rune) bool { return strings.ContainsRune("aeiouyæøåAEIOUYÆØÅéÉ", r) }
	l := func(r rune) bool { return unicode.IsLetter(r) }
	if !l(before) || !l(at) || !l(after) {
		return false
	}
	return (v(before) && !v(at) && v(after)) || (!v(before) && !v(at) && v(after))
}

// fitInCircle wraps a name so that the circle holding it is as small as
// possible, splitting words no further than mode allows: it tries wrapping
// widths for 1 to 7 lines and keeps the best.
func fitInCircle(name string, size float64, bold bool, mode splitMode) wrapped {
	key := fitKey{name, size, bold, mode}
	fits.Lock()
	w, ok := fits.m[key]
	fits.Unlock()
	if ok {
		return w.clone()
	}
	w = fitInCircleUncached(name, size, bold, mode)
	fits.Lock()
	if len(fits.m) >= maxFits {
		clear(fits.m) // names come and go with the maps; start over
	}
	fits.m[key] = w.clone()
	fits.Unlock()
	return w
}

// fits remembers fitInCircle's answers: measuring and wrapping names is a
// good part of a drawing's cost, and the same names are drawn again and
// again.
var fits = struct {
	sync.Mutex
	m map[fitKey]wrapped
}{m: map[fitKey]wrapped{}}

const maxFits = 20000

type fitKey struct {
	name string
	size float64
	bold bool
	mode splitMode
}

func (w wrapped) clone() wrapped {
	w.Lines = append([]string(nil), w.Lines...)
	w.Widths = append([]float64(nil), w.Widths...)
	return w
}

func fitInCircleUncached(name string, size float64, bold bool, mode splitMode) wrapped {
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
	for k := 1; k <= 7; k++ {
		width := max(total/float64(k)*1.04, size*3)
		if mode == splitNever {
			width = max(width, widest)
		} else {
			width = max(width, min(widest, limit))
		}
		w := wrapMode(name, size, width, bold, mode)
		r := w.circleRadius()
		if bestR < 0 || r < bestR-0.01 {
			best, bestR = w, r
		}
	}
	return best
}

// minFontScale is the smallest a name's font is made to fit its circle,
// as a share of the design size, before words are split.
const minFontScale = 0.8

// fitName wraps a name to fit a circle of radius r (with textPad around
// the text). It tries, in order: whole words at the design size and then
// at smaller sizes down to minFontScale; words split at compound joints,
// from the largest size down; words split anywhere. It returns the block
// and the radius the circle needs: r, or more when nothing fits.
func fitName(name string, size float64, bold bool, r float64) (wrapped, float64) {
	avail := r - textPad
	var last wrapped
	for _, mode := range []splitMode{splitNever, splitJoints, splitAnywhere} {
		for k := 0; k <= 6; k++ {
			s := math.Round(size*(1-float64(k)*(1-minFontScale)/6)*100) / 100
			last = fitInCircle(name, s, bold, mode)
			if last.circleRadius() <= avail {
				return last, r
			}
		}
	}
	return last, last.circleRadius() + textPad
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

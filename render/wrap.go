package render

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file breaks text into lines: at spaces, after hyphens and slashes,
// at the joints of Danish compounds, and as a last resort between letters.
// Widths come from textWidth; nothing here is remembered between calls
// (fit.go and the Renderer's cache do that).

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
		dy := max(math.Abs(y0), math.Abs(y1))
		r = max(r, math.Hypot(lw/2, dy))
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
		sum := 0.0 // the ems of line's tokens, untrimmed
		for _, t := range toks {
			if len(line) > 0 && lineEms(sum, t, bold)*size*widthSlack > width {
				out.add(lineText(line), size, bold)
				line, sum = line[:0], 0
			}
			if len(line) == 0 {
				t.s = strings.TrimLeft(t.s, " ")
			}
			line = append(line, t)
			sum += emWidth(styleOf(bold, false), t.s)
			// a single piece wider than the line: split it between letters
			for mode == splitAnywhere && len(line) == 1 && textWidth(lineText(line), size, bold) > width &&
				utf8.RuneCountInString(strings.TrimSpace(line[0].s)) > 1 {
				head, tail := splitAtWidth(line[0], size, width, bold)
				out.add(head, size, bold)
				line = append(line[:0], tail)
				sum = emWidth(styleOf(bold, false), tail.s)
			}
		}
		if len(line) > 0 || len(toks) == 0 {
			out.add(lineText(line), size, bold)
		}
	}
	return out
}

// lineEms is the width in ems of a line whose tokens measure sum ems,
// with t added: widths add up (the Go fonts have no kerning), less the
// spaces that end the line, plus the hyphen of a soft end.
func lineEms(sum float64, t token, bold bool) float64 {
	st := styleOf(bold, false)
	// a token of spaces (after a double space) adds nothing; the space
	// before it still counts, which only errs towards a shorter line
	w := sum + emWidth(st, strings.TrimRight(t.s, " "))
	if t.soft {
		w += runeWidth(st, '-')
	}
	return w
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

// maxWordEms is the widest a word may be, in font sizes, before it is split.
const maxWordEms = 8.5

// truncate cuts text lines to at most n, ending the last with an ellipsis
// that still fits width.
func truncate(w wrapped, n int, width float64) wrapped {
	if len(w.Lines) <= n {
		return w
	}
	w.Lines = append([]string(nil), w.Lines[:n]...)
	w.Widths = append([]float64(nil), w.Widths[:n]...)
	last := []rune(w.Lines[n-1])
	for len(last) > 0 && textWidth(string(last)+"…", w.Size, w.Bold) > width {
		last = last[:len(last)-1]
	}
	w.Lines[n-1] = strings.TrimRight(string(last), " ") + "…"
	w.Widths[n-1] = textWidth(w.Lines[n-1], w.Size, w.Bold)
	return w
}

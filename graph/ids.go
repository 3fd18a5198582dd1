package graph

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
	"unicode"
)

// NewMapID returns a new random map id: 16 characters of lower-case base32
// (80 bits), safe in URLs and file names. Map ids are not secrets; the tokens
// are.
func NewMapID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported platforms
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// AssignIDs gives every function and relation without an id a new one that
// is unique in the map: functions get a readable slug of their name
// ("Egen læge" becomes "egen-laege"), relations "r" and a number. Existing
// ids are kept. The result is deterministic for a given map.
func (m *Map) AssignIDs() {
	used := make(map[string]bool, len(m.Functions))
	for _, f := range m.Functions {
		used[f.ID] = true
	}
	for i := range m.Functions {
		f := &m.Functions[i]
		if f.ID != "" {
			continue
		}
		f.ID = uniqueID(Slug(f.Name, maxSlugID), used)
		used[f.ID] = true
	}
	next := 1
	rused := make(map[string]bool, len(m.Relations))
	for _, r := range m.Relations {
		rused[r.ID] = true
		if n, ok := strings.CutPrefix(r.ID, "r"); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= next {
				next = v + 1
			}
		}
	}
	for i := range m.Relations {
		r := &m.Relations[i]
		if r.ID != "" {
			continue
		}
		for rused["r"+strconv.Itoa(next)] {
			next++
		}
		r.ID = "r" + strconv.Itoa(next)
		rused[r.ID] = true
		next++
	}
}

// maxSlugID is the length of the ids AssignIDs makes from names, short of
// the 64 that ValidID allows so that a "-2" still fits.
const maxSlugID = 40

func uniqueID(base string, used map[string]bool) string {
	if base == "" {
		base = "f"
	}
	if !used[base] {
		return base
	}
	for n := 2; ; n++ {
		id := base + "-" + strconv.Itoa(n)
		if !used[id] {
			return id
		}
	}
}

// slugLetters transliterates the letters that Danish, Norwegian, Swedish,
// German and the common Romance languages write, so that slugs stay readable
// in ASCII: "Børn" is "boern", not "b-rn". Slug looks a letter up after
// lower-casing it, so the upper-case forms need no entry of their own.
var slugLetters = map[rune]string{
	'æ': "ae", 'ø': "oe", 'å': "aa",
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ù': "u", 'ú': "u", 'û': "u",
	'ý': "y", 'ÿ': "y",
	'ñ': "n", 'ç': "c",
}

// Slug turns s into lower-case ASCII letters and digits joined by single
// '-': letters of slugLetters are transliterated ("Egen Læge!" is
// "egen-laege", "Müller" is "mueller"), every run of other characters is one
// '-', and the result neither starts nor ends with '-'. It is at most maxLen
// bytes long, cut without leaving a trailing '-'; a non-positive maxLen gives
// "". The ids of new functions (40) and the names of export files (60) are
// slugs, so that both read the same.
func Slug(s string, maxLen int) string {
	b := make([]byte, 0, min(len(s), max(maxLen, 0))+4)
	dash := false
	add := func(r rune) {
		if dash && len(b) > 0 {
			b = append(b, '-')
		}
		dash = false
		b = append(b, byte(r))
	}
	for _, r := range s {
		if len(b) >= maxLen {
			break
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			add(r)
		case slugLetters[r] != "":
			for _, c := range slugLetters[r] {
				add(c)
			}
		default:
			dash = true
		}
	}
	if len(b) > maxLen {
		b = b[:max(maxLen, 0)]
	}
	return strings.TrimRight(string(b), "-")
}

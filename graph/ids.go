package graph

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
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
		f.ID = uniqueID(slug(f.Name), used)
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

var danish = strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "é", "e", "ü", "u", "ö", "oe", "ä", "ae")

// slug turns a name into an id: lower case ASCII letters and digits joined by
// '-', at most 40 characters.
func slug(name string) string {
	s := danish.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.TrimRight(b.String(), "-")
}

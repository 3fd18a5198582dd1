package graph

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ValidID reports whether s can be the id of a function or relation:
// 1–64 characters of A–Z, a–z, 0–9, '_' and '-' (all ASCII: a byte is a
// character). A loop, not a regular expression: Validate checks every id
// and relation end of a map on every edit.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// Normalize trims surrounding white space from the map's texts and the
// functions' names and groups, and turns CRLF line ends into LF.
func (m *Map) Normalize() {
	m.Title = strings.TrimSpace(m.Title)
	m.Task = strings.TrimSpace(m.Task)
	m.Description = strings.TrimSpace(normalizeNewlines(m.Description))
	for i := range m.Functions {
		f := &m.Functions[i]
		f.ID = strings.TrimSpace(f.ID)
		f.Name = strings.TrimSpace(normalizeNewlines(f.Name))
		f.Group = strings.TrimSpace(f.Group)
		f.Note = strings.TrimSpace(normalizeNewlines(f.Note))
	}
	for i := range m.Relations {
		r := &m.Relations[i]
		r.ID = strings.TrimSpace(r.ID)
		r.A = strings.TrimSpace(r.A)
		r.B = strings.TrimSpace(r.B)
		r.Note = strings.TrimSpace(normalizeNewlines(r.Note))
	}
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// NameKey is the form of a function name used to test uniqueness: names are
// unique in a map regardless of case.
func NameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Validate checks every rule of the model and returns a *ValidationError
// listing all problems (unwrapping to ErrInvalid, or ErrTooLarge when a limit
// is exceeded), or nil. Call Normalize first.
func (m *Map) Validate() error {
	ve := &ValidationError{}
	checkText(ve, "title", m.Title, MaxTitleLen, false)
	checkText(ve, "task", m.Task, MaxTaskLen, false)
	checkNote(ve, "description", m.Description)
	if len(m.Functions) > MaxFunctions {
		ve.addLimit("functions", "a map holds at most %d functions, this one has %d", MaxFunctions, len(m.Functions))
	}
	if len(m.Relations) > MaxRelations {
		ve.addLimit("relations", "a map holds at most %d relations, this one has %d", MaxRelations, len(m.Relations))
	}
	if ve.tooLarge {
		return ve // do not spend time listing problems of a document we refuse anyway
	}

	ids := make(map[string]int, len(m.Functions))
	names := make(map[string]int, len(m.Functions))
	center := -1
	for i := range m.Functions {
		f := &m.Functions[i]
		p := "functions[" + strconv.Itoa(i) + "]"
		checkFunction(ve, p, f)
		if f.ID != "" {
			if j, dup := ids[f.ID]; dup {
				ve.add(p+".id", "%q is already the id of functions[%d]", f.ID, j)
			} else {
				ids[f.ID] = i
			}
		}
		if key := NameKey(f.Name); key != "" {
			if j, dup := names[key]; dup {
				ve.add(p+".name", "%q is already the name of functions[%d] (names are unique, ignoring case)", f.Name, j)
			} else {
				names[key] = i
			}
		}
		if f.Center {
			if center >= 0 {
				ve.add(p+".center", "functions[%d] is already the centre; a map has at most one", center)
			} else {
				center = i
			}
		}
	}

	rids := make(map[string]int, len(m.Relations))
	pairs := make(map[[2]string]int, len(m.Relations))
	for i := range m.Relations {
		r := &m.Relations[i]
		p := "relations[" + strconv.Itoa(i) + "]"
		if !ValidID(r.ID) {
			ve.add(p+".id", "must be 1–64 characters of A–Z, a–z, 0–9, _ and -")
		} else if j, dup := rids[r.ID]; dup {
			ve.add(p+".id", "%q is already the id of relations[%d]", r.ID, j)
		} else {
			rids[r.ID] = i
		}
		okA := checkEnd(ve, p+".a", r.A, ids)
		okB := checkEnd(ve, p+".b", r.B, ids)
		if !r.Rating.Valid() {
			ve.add(p+".rating", "must be 1, 2, 3 or null")
		}
		checkNote(ve, p+".note", r.Note)
		if !okA || !okB {
			continue
		}
		if r.A == r.B {
			ve.add(p+".b", "a relation joins two different functions; a and b are both %q", r.A)
			continue
		}
		key := pairKey(r.A, r.B)
		if j, dup := pairs[key]; dup {
			ve.add(p, "relations[%d] already joins %q and %q (one relation per pair)", j, r.A, r.B)
		} else {
			pairs[key] = i
		}
	}
	return ve.err()
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func checkEnd(ve *ValidationError, field, id string, ids map[string]int) bool {
	switch {
	case id == "":
		ve.add(field, "is required: the id of a function in this map")
		return false
	case !ValidID(id):
		ve.add(field, "must be the id of a function in this map")
		return false
	}
	if _, ok := ids[id]; !ok {
		ve.add(field, "no function in this map has the id %q", id)
		return false
	}
	return true
}

func checkFunction(ve *ValidationError, p string, f *Function) {
	if !ValidID(f.ID) {
		ve.add(p+".id", "must be 1–64 characters of A–Z, a–z, 0–9, _ and -")
	}
	if f.Name == "" {
		ve.add(p+".name", "is required")
	} else {
		checkText(ve, p+".name", f.Name, MaxNameLen, true)
	}
	checkText(ve, p+".group", f.Group, MaxGroupLen, false)
	if (f.X == nil) != (f.Y == nil) {
		ve.add(p+".x", "x and y are given together or not at all")
	}
	for _, c := range []struct {
		name string
		v    *float64
	}{{"x", f.X}, {"y", f.Y}} {
		if c.v != nil && (math.IsNaN(*c.v) || math.Abs(*c.v) > MaxCoordinate) {
			ve.add(p+"."+c.name, "must be a number between %d and %d", -MaxCoordinate, MaxCoordinate)
		}
	}
	checkNote(ve, p+".note", f.Note)
}

// checkText checks a one-line or multi-line text against a length in
// characters and against characters that XML and SVG cannot carry.
func checkText(ve *ValidationError, field, s string, max int, multiline bool) {
	if n := utf8.RuneCountInString(s); n > max {
		ve.add(field, "must be at most %d characters, not %d", max, n)
		return
	}
	checkChars(ve, field, s, multiline)
}

// checkNote checks a note or description: at most MaxNoteLen characters
// (Unicode code points, as JSON Schema's maxLength counts them). Over the
// limit is a size problem (ErrTooLarge), as it always was.
func checkNote(ve *ValidationError, field, s string) {
	if len(s) > MaxNoteLen { // cheap first: a character is at least a byte
		if n := utf8.RuneCountInString(s); n > MaxNoteLen {
			ve.addLimit(field, "must be at most %d characters, not %d", MaxNoteLen, n)
			return
		}
	}
	checkChars(ve, field, s, true)
}

// checkChars refuses what text must not hold: invalid UTF-8, control
// characters (a newline where multiline is set, a tab always, pass), the
// non-characters U+FFFE and U+FFFF, and the bidirectional controls
// (IsBidiControl), which would reverse the text around a name in the page,
// the analysis and the exports.
func checkChars(ve *ValidationError, field, s string, multiline bool) {
	if !utf8.ValidString(s) {
		ve.add(field, "must be valid UTF-8 text")
		return
	}
	for _, r := range s {
		switch {
		case r == '\n' && multiline, r == '\t':
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			if r == '\n' {
				ve.add(field, "must be a single line")
			} else {
				ve.add(field, "contains the control character U+%04X", r)
			}
			return
		case IsBidiControl(r):
			ve.add(field, "contains the bidirectional control character U+%04X, which reorders the text around it; leave it out", r)
			return
		}
	}
}

// IsBidiControl reports whether r is one of the Unicode bidirectional
// formatting characters: the embeddings and overrides U+202A–U+202E, the
// isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C. Text that
// holds none of them cannot reverse the text around it; its own
// right-to-left letters are still shown right to left.
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

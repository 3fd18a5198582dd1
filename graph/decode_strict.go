package graph

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// checkJSONText refuses what encoding/json lets through silently: a key
// given twice in one object (the last would win) and strings that are not
// valid UTF-8 or hold a lone UTF-16 surrogate escape (both would become
// U+FFFD). Each is a syntax error (ErrSyntax) naming the field, such as
// "relations[3].rating". Input that is not well-formed JSON is left to the
// decoder, which says where it breaks: checkJSONText returns nil for it.
func checkJSONText(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		path   string
		keys   map[string]bool
		key    string // the member being read, in an object
		index  int    // the next element, in an array
		want   bool   // an object expects a key next
	}
	var stack []*frame
	// child is the path of the value about to be read.
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.object {
			return join(f.path, f.key)
		}
		return f.path + "[" + strconv.Itoa(f.index) + "]"
	}
	// done marks the value just read as complete in its parent.
	done := func() {
		if len(stack) == 0 {
			return
		}
		f := stack[len(stack)-1]
		if f.object {
			f.want = true
		} else {
			f.index++
		}
	}
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // io.EOF, or a syntax error the decoder reports itself
		}
		raw := data[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, isString := tok.(string); isString && top != nil && top.object && top.want {
			// A key.
			field := join(top.path, s)
			if msg := badString(raw); msg != "" {
				return Malformed(join(top.path, strconv.QuoteToASCII(s)), "the key %s", msg)
			}
			if top.keys[s] {
				return Malformed(field, "is given twice; a key may appear once in an object")
			}
			top.keys[s] = true
			top.key, top.want = s, false
			continue
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &frame{object: t == '{', path: child(), keys: map[string]bool{}, want: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				done()
			}
		case string:
			if msg := badString(raw); msg != "" {
				return Malformed(child(), "%s", msg)
			}
			done()
		default:
			done()
		}
	}
}

// badString says what is wrong with the raw text of one JSON string token
// (with whatever separators precede it), or "" when nothing is.
func badString(raw []byte) string {
	if !utf8.Valid(raw) {
		return "is not valid UTF-8 text"
	}
	// A \uD800–\uDBFF escape must be followed by a \uDC00–\uDFFF one, and
	// the latter never stands alone.
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		r := hex4(raw[i+2 : i+6])
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+12 > len(raw) || raw[i+6] != '\\' || raw[i+7] != 'u' {
				return "holds a lone UTF-16 surrogate (\\u" + string(raw[i+2:i+6]) + "), which is not text"
			}
			if lo := hex4(raw[i+8 : i+12]); lo < 0xDC00 || lo > 0xDFFF {
				return "holds a lone UTF-16 surrogate (\\u" + string(raw[i+2:i+6]) + "), which is not text"
			}
			i += 11
		case r >= 0xDC00 && r <= 0xDFFF:
			return "holds a lone UTF-16 surrogate (\\u" + string(raw[i+2:i+6]) + "), which is not text"
		default:
			i += 5
		}
	}
	return ""
}

// hex4 reads four hex digits; -1 if they are not.
func hex4(b []byte) int {
	n, err := strconv.ParseUint(string(b), 16, 32)
	if err != nil {
		return -1
	}
	return int(n)
}

package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
)

// DecodeMap reads a map document (the JSON form shown in the README) strictly:
// unknown fields, wrong types and trailing data are errors that name the
// field, such as "relations[3].rating". The result is normalized but not yet
// validated (ids may still be missing); call AssignIDs and Validate.
//
// Server-only fields (id, version, created_at, updated_at) are accepted, so
// that a file saved from the API can be read, and then ignored; the API's
// request bodies refuse them (DecodeMapRequest).
//
// The text must be valid UTF-8 and no object may name a key twice: both are
// syntax errors (ErrSyntax) naming the field. null is refused for strings,
// lists and booleans; it means "unrated" for a rating only.
func DecodeMap(r io.Reader) (*Map, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRequestBody+1))
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	if len(data) > MaxRequestBody {
		return nil, tooLarge()
	}
	return DecodeMapBytes(data)
}

func tooLarge() error {
	ve := &ValidationError{}
	ve.addLimit("", "the document is larger than %d MiB", MaxRequestBody>>20)
	return ve
}

// DecodeMapBytes is DecodeMap on a byte slice.
func DecodeMapBytes(data []byte) (*Map, error) {
	return decodeMap(data, true)
}

// serverFields are the fields of a map document that only the service sets.
var serverFields = []string{"id", "version", "created_at", "updated_at"}

// DecodeMapRequest is DecodeMapBytes for a request body that creates or
// replaces a map: the fields only the service sets (id, version,
// created_at, updated_at) are refused, each named, instead of ignored.
func DecodeMapRequest(data []byte) (*Map, error) {
	return decodeMap(data, false)
}

func decodeMap(data []byte, serverFieldsOK bool) (*Map, error) {
	if len(data) > MaxRequestBody {
		return nil, tooLarge()
	}
	obj, err := decodeObject(data, "", []string{
		"id", "title", "task", "description", "version", "created_at", "updated_at", "functions", "relations",
	})
	if err != nil {
		return nil, err
	}
	if !serverFieldsOK {
		ve := &ValidationError{}
		for _, k := range serverFields {
			if _, ok := obj[k]; ok {
				ve.add(k, "is set by the service and cannot be sent")
			}
		}
		if err := ve.err(); err != nil {
			return nil, err
		}
	}
	m := &Map{}
	ve := &ValidationError{}
	decodeString(ve, obj, "title", "title", &m.Title)
	decodeString(ve, obj, "task", "task", &m.Task)
	decodeString(ve, obj, "description", "description", &m.Description)
	var fs, rs []json.RawMessage
	decodeList(ve, obj, "functions", &fs)
	decodeList(ve, obj, "relations", &rs)
	if len(fs) > MaxFunctions {
		ve.addLimit("functions", "a map holds at most %d functions, this one has %d", MaxFunctions, len(fs))
	}
	if len(rs) > MaxRelations {
		ve.addLimit("relations", "a map holds at most %d relations, this one has %d", MaxRelations, len(rs))
	}
	if ve.tooLarge {
		return nil, ve
	}
	for i, raw := range fs {
		f, err := decodeFunction(raw, fmt.Sprintf("functions[%d]", i))
		if err != nil {
			merge(ve, err)
			continue
		}
		m.Functions = append(m.Functions, *f)
	}
	for i, raw := range rs {
		r, err := decodeRelation(raw, fmt.Sprintf("relations[%d]", i))
		if err != nil {
			merge(ve, err)
			continue
		}
		m.Relations = append(m.Relations, *r)
	}
	if err := ve.err(); err != nil {
		return nil, err
	}
	m.Normalize()
	return m, nil
}

// DecodeFunction reads one function object (as sent to POST …/functions).
func DecodeFunction(data []byte) (*Function, error) {
	f, err := decodeFunction(data, "")
	if err != nil {
		return nil, err
	}
	m := Map{Functions: []Function{*f}}
	m.Normalize()
	return &m.Functions[0], nil
}

// DecodeRelation reads one relation object (as sent to POST …/relations).
func DecodeRelation(data []byte) (*Relation, error) {
	r, err := decodeRelation(data, "")
	if err != nil {
		return nil, err
	}
	m := Map{Relations: []Relation{*r}}
	m.Normalize()
	return &m.Relations[0], nil
}

func decodeFunction(data []byte, p string) (*Function, error) {
	obj, err := decodeObject(data, p, []string{"id", "name", "group", "center", "x", "y", "note"})
	if err != nil {
		return nil, err
	}
	f := &Function{}
	ve := &ValidationError{}
	decodeString(ve, obj, "id", join(p, "id"), &f.ID)
	decodeString(ve, obj, "name", join(p, "name"), &f.Name)
	decodeString(ve, obj, "group", join(p, "group"), &f.Group)
	decodeString(ve, obj, "note", join(p, "note"), &f.Note)
	if raw, ok := obj["center"]; ok {
		if isNull(raw) || json.Unmarshal(raw, &f.Center) != nil {
			ve.add(join(p, "center"), "must be true or false")
		}
	}
	f.X = decodeNumber(ve, obj, "x", join(p, "x"))
	f.Y = decodeNumber(ve, obj, "y", join(p, "y"))
	return f, ve.err()
}

func decodeRelation(data []byte, p string) (*Relation, error) {
	obj, err := decodeObject(data, p, []string{"id", "a", "b", "rating", "note"})
	if err != nil {
		return nil, err
	}
	r := &Relation{}
	ve := &ValidationError{}
	decodeString(ve, obj, "id", join(p, "id"), &r.ID)
	decodeString(ve, obj, "a", join(p, "a"), &r.A)
	decodeString(ve, obj, "b", join(p, "b"), &r.B)
	decodeString(ve, obj, "note", join(p, "note"), &r.Note)
	if raw, ok := obj["rating"]; ok {
		rt, err := ParseRatingJSON(raw)
		if err != nil {
			ve.add(join(p, "rating"), "%s", err)
		}
		r.Rating = rt
	}
	return r, ve.err()
}

// ParseRatingJSON reads a JSON rating: 1, 2, 3 or null.
func ParseRatingJSON(raw json.RawMessage) (Rating, error) {
	var r Rating
	if err := r.UnmarshalJSON(raw); err != nil {
		return Unrated, err
	}
	return r, nil
}

func join(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// decodeObject parses data as one JSON object whose keys must be among
// allowed, and returns its members undecoded.
func decodeObject(data []byte, p string, allowed []string) (map[string]json.RawMessage, error) {
	what := p
	if what == "" {
		what = "the body"
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, Malformed(p, "%s is empty; a JSON object is expected", what)
	}
	if p == "" { // the whole input: nested objects are part of it
		if err := checkJSONText(data); err != nil {
			return nil, err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, Malformed(p, "%s is not valid JSON: %s at byte %d", what, se.Error(), se.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, Malformed(p, "%s is not valid JSON: it ends too early", what)
		}
		return nil, Invalid(p, "must be a JSON object")
	}
	if obj == nil {
		return nil, Invalid(p, "must be a JSON object, not null")
	}
	if dec.More() {
		return nil, Malformed(p, "%s holds more than one JSON value", what)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Malformed(p, "%s holds more than one JSON value", what)
	}
	ve := &ValidationError{}
	var unknown []string
	for k := range obj {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		ve.add(join(p, k), "is not a known field (known: %s)", strings.Join(allowed, ", "))
	}
	return obj, ve.err()
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// decodeString reads a string member; null is refused like any other
// non-string (leave the field out for the empty default).
func decodeString(ve *ValidationError, obj map[string]json.RawMessage, key, field string, dst *string) {
	raw, ok := obj[key]
	if !ok {
		return
	}
	if isNull(raw) {
		ve.add(field, "must be a string, not null")
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		ve.add(field, "must be a string")
	}
}

func decodeNumber(ve *ValidationError, obj map[string]json.RawMessage, key, field string) *float64 {
	raw, ok := obj[key]
	if !ok || isNull(raw) {
		return nil
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil || math.IsInf(v, 0) {
		ve.add(field, "must be a number")
		return nil
	}
	return &v
}

func decodeList(ve *ValidationError, obj map[string]json.RawMessage, key string, dst *[]json.RawMessage) {
	raw, ok := obj[key]
	if !ok {
		return
	}
	if isNull(raw) {
		ve.add(key, "must be a list, not null")
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		ve.add(key, "must be a list")
	}
}

// merge appends the problems of err (a *ValidationError) to ve.
func merge(ve *ValidationError, err error) {
	var other *ValidationError
	if errors.As(err, &other) {
		ve.Problems = append(ve.Problems, other.Problems...)
		ve.tooLarge = ve.tooLarge || other.tooLarge
		ve.syntax = ve.syntax || other.syntax
		return
	}
	ve.add("", "%s", err)
}

// DecodeSnapshotRequest reads {"label":"…"}, the body that creates a
// snapshot, and returns the label.
func DecodeSnapshotRequest(data []byte) (string, error) {
	obj, err := decodeObject(data, "", []string{"label"})
	if err != nil {
		return "", err
	}
	ve := &ValidationError{}
	var label string
	decodeString(ve, obj, "label", "label", &label)
	return label, ve.err()
}

package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Edits of a map in memory. Each one changes m and validates the whole map,
// so that a single-element edit obeys exactly the rules of a whole-document
// write; problems with the edited element are reported relative to it
// ("name", not "functions[7].name").

// MapPatch changes the texts of a map; nil fields are left alone.
type MapPatch struct {
	Title       *string
	Task        *string
	Description *string
}

// DecodeMapPatch reads {"title":…, "task":…, "description":…}.
func DecodeMapPatch(data []byte) (*MapPatch, error) {
	obj, err := decodeObject(data, "", []string{"title", "task", "description"})
	if err != nil {
		return nil, err
	}
	p := &MapPatch{}
	ve := &ValidationError{}
	p.Title = optString(ve, obj, "title")
	p.Task = optString(ve, obj, "task")
	p.Description = optString(ve, obj, "description")
	return p, ve.err()
}

// Apply changes m and validates it. A title that is sent must not be empty
// (a map's title is 1–200 characters, as on create and replace).
func (p *MapPatch) Apply(m *Map) error {
	if p.Title != nil {
		m.Title = *p.Title
	}
	if p.Task != nil {
		m.Task = *p.Task
	}
	if p.Description != nil {
		m.Description = *p.Description
	}
	m.Normalize()
	return requireTitle(m, p.Title != nil, m.Validate())
}

// FunctionPatch changes a function; nil fields are left alone. Pin with
// SetPosition and X, Y both set, unpin with SetPosition and both nil.
type FunctionPatch struct {
	Name, Group, Note *string
	Center            *bool
	SetPosition       bool
	X, Y              *float64
}

// DecodeFunctionPatch reads a partial function object. "x" and "y" are given
// together; null for both unpins the function.
func DecodeFunctionPatch(data []byte) (*FunctionPatch, error) {
	obj, err := decodeObject(data, "", []string{"name", "group", "center", "x", "y", "note"})
	if err != nil {
		return nil, err
	}
	p := &FunctionPatch{}
	ve := &ValidationError{}
	p.Name = optString(ve, obj, "name")
	p.Group = optString(ve, obj, "group")
	p.Note = optString(ve, obj, "note")
	if raw, ok := obj["center"]; ok {
		var c bool
		if isNull(raw) || json.Unmarshal(raw, &c) != nil {
			ve.add("center", "must be true or false")
		}
		p.Center = &c
	}
	_, hasX := obj["x"]
	_, hasY := obj["y"]
	if hasX != hasY {
		ve.add("x", "x and y are given together or not at all")
	}
	if hasX && hasY {
		p.SetPosition = true
		p.X = decodeNumber(ve, obj, "x", "x")
		p.Y = decodeNumber(ve, obj, "y", "y")
	}
	return p, ve.err()
}

// optString reads a string member that may be left out (nil). null is
// refused: send "" to clear a text.
func optString(ve *ValidationError, obj map[string]json.RawMessage, key string) *string {
	raw, ok := obj[key]
	if !ok {
		return nil
	}
	var s string
	if isNull(raw) {
		ve.add(key, "must be a string, not null")
	} else if err := json.Unmarshal(raw, &s); err != nil {
		ve.add(key, "must be a string")
	}
	return &s
}

// AddFunction appends f to m (giving it an id if it has none) and validates.
// It returns the stored function.
// On error m is left as it was.
func (m *Map) AddFunction(f Function) (*Function, error) {
	c := m.Clone()
	out, err := c.addFunction(f)
	if err != nil {
		return nil, err
	}
	*m = *c
	return out, nil
}

// addFunction does the work of AddFunction; it may leave m half changed.
func (m *Map) addFunction(f Function) (*Function, error) {
	if f.ID != "" && m.Function(f.ID) != nil {
		return nil, fmt.Errorf("function %q: %w", f.ID, ErrConflict)
	}
	m.Functions = append(m.Functions, f)
	i := len(m.Functions) - 1
	if f.Center {
		m.clearCenter(i)
	}
	m.AssignIDs()
	m.Normalize()
	if err := rebase(m.Validate(), fmt.Sprintf("functions[%d]", i)); err != nil {
		return nil, err
	}
	return &m.Functions[i], nil
}

// UpdateFunction applies p to the function with id fid. Making a function
// the centre takes the centre from any other. Returns ErrNotFound.
// On error m is left as it was.
func (m *Map) UpdateFunction(fid string, p *FunctionPatch) (*Function, error) {
	c := m.Clone()
	out, err := c.updateFunction(fid, p)
	if err != nil {
		return nil, err
	}
	*m = *c
	return out, nil
}

// updateFunction does the work of UpdateFunction; it may leave m half changed.
func (m *Map) updateFunction(fid string, p *FunctionPatch) (*Function, error) {
	i := m.functionIndex(fid)
	if i < 0 {
		return nil, fmt.Errorf("function %q: %w", fid, ErrNotFound)
	}
	f := &m.Functions[i]
	if p.Name != nil {
		f.Name = *p.Name
	}
	if p.Group != nil {
		f.Group = *p.Group
	}
	if p.Note != nil {
		f.Note = *p.Note
	}
	if p.Center != nil {
		f.Center = *p.Center
		if f.Center {
			m.clearCenter(i)
		}
	}
	if p.SetPosition {
		f.X, f.Y = p.X, p.Y
	}
	m.Normalize()
	if err := rebase(m.Validate(), fmt.Sprintf("functions[%d]", i)); err != nil {
		return nil, err
	}
	return &m.Functions[i], nil
}

// DeleteFunction removes the function and every relation it takes part in.
// Returns ErrNotFound.
func (m *Map) DeleteFunction(fid string) error {
	i := m.functionIndex(fid)
	if i < 0 {
		return fmt.Errorf("function %q: %w", fid, ErrNotFound)
	}
	m.Functions = append(m.Functions[:i:i], m.Functions[i+1:]...)
	kept := m.Relations[:0:0]
	for _, r := range m.Relations {
		if r.A != fid && r.B != fid {
			kept = append(kept, r)
		}
	}
	m.Relations = kept
	return nil
}

func (m *Map) clearCenter(except int) {
	for j := range m.Functions {
		if j != except {
			m.Functions[j].Center = false
		}
	}
}

func (m *Map) functionIndex(id string) int {
	for i := range m.Functions {
		if m.Functions[i].ID == id {
			return i
		}
	}
	return -1
}

func (m *Map) relationIndex(id string) int {
	for i := range m.Relations {
		if m.Relations[i].ID == id {
			return i
		}
	}
	return -1
}

// RelationPatch changes a relation; nil fields are left alone. SetRating with
// Rating Unrated clears the rating.
type RelationPatch struct {
	A, B, Note *string
	SetRating  bool
	Rating     Rating
}

// DecodeRelationPatch reads a partial relation object.
func DecodeRelationPatch(data []byte) (*RelationPatch, error) {
	obj, err := decodeObject(data, "", []string{"a", "b", "rating", "note"})
	if err != nil {
		return nil, err
	}
	p := &RelationPatch{}
	ve := &ValidationError{}
	p.A = optString(ve, obj, "a")
	p.B = optString(ve, obj, "b")
	p.Note = optString(ve, obj, "note")
	if raw, ok := obj["rating"]; ok {
		r, err := ParseRatingJSON(raw)
		if err != nil {
			ve.add("rating", "%s", err)
		}
		p.SetRating, p.Rating = true, r
	}
	return p, ve.err()
}

// AddRelation appends r to m (giving it an id if it has none) and validates.
// On error m is left as it was.
func (m *Map) AddRelation(r Relation) (*Relation, error) {
	c := m.Clone()
	out, err := c.addRelation(r)
	if err != nil {
		return nil, err
	}
	*m = *c
	return out, nil
}

// addRelation does the work of AddRelation; it may leave m half changed.
func (m *Map) addRelation(r Relation) (*Relation, error) {
	if r.ID != "" && m.Relation(r.ID) != nil {
		return nil, fmt.Errorf("relation %q: %w", r.ID, ErrConflict)
	}
	m.Relations = append(m.Relations, r)
	i := len(m.Relations) - 1
	m.AssignIDs()
	m.Normalize()
	if err := rebase(m.Validate(), fmt.Sprintf("relations[%d]", i)); err != nil {
		return nil, err
	}
	return &m.Relations[i], nil
}

// UpdateRelation applies p to the relation with id rid. Returns ErrNotFound.
// On error m is left as it was.
func (m *Map) UpdateRelation(rid string, p *RelationPatch) (*Relation, error) {
	c := m.Clone()
	out, err := c.updateRelation(rid, p)
	if err != nil {
		return nil, err
	}
	*m = *c
	return out, nil
}

// updateRelation does the work of UpdateRelation; it may leave m half changed.
func (m *Map) updateRelation(rid string, p *RelationPatch) (*Relation, error) {
	i := m.relationIndex(rid)
	if i < 0 {
		return nil, fmt.Errorf("relation %q: %w", rid, ErrNotFound)
	}
	r := &m.Relations[i]
	if p.A != nil {
		r.A = *p.A
	}
	if p.B != nil {
		r.B = *p.B
	}
	if p.Note != nil {
		r.Note = *p.Note
	}
	if p.SetRating {
		r.Rating = p.Rating
	}
	m.Normalize()
	if err := rebase(m.Validate(), fmt.Sprintf("relations[%d]", i)); err != nil {
		return nil, err
	}
	return &m.Relations[i], nil
}

// DeleteRelation removes the relation. Returns ErrNotFound.
func (m *Map) DeleteRelation(rid string) error {
	i := m.relationIndex(rid)
	if i < 0 {
		return fmt.Errorf("relation %q: %w", rid, ErrNotFound)
	}
	m.Relations = append(m.Relations[:i:i], m.Relations[i+1:]...)
	return nil
}

// rebase rewrites the field paths of the problems about element prefix
// ("functions[7]") relative to that element ("name").
func rebase(err error, prefix string) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for i, p := range ve.Problems {
		switch {
		case p.Field == prefix:
			ve.Problems[i].Field = ""
		case strings.HasPrefix(p.Field, prefix+"."):
			ve.Problems[i].Field = strings.TrimPrefix(p.Field, prefix+".")
		}
	}
	return ve
}

// PrepareNew makes a decoded document ready to store as a new or replacing
// map: ids are assigned where missing, and the whole map is validated.
func (m *Map) PrepareNew() error {
	m.AssignIDs()
	m.Normalize()
	return m.Validate()
}

// PrepareStored is PrepareNew with the rule the service adds for the maps
// it keeps: a title of 1–MaxTitleLen characters (after trimming). Files
// and imports may lack a title; a map created or replaced through the API
// may not. It returns a *ValidationError listing every problem.
func (m *Map) PrepareStored() error {
	return requireTitle(m, true, m.PrepareNew())
}

// requireTitle adds "title: is required" to err (a *ValidationError or
// nil) when check is set and m has no title.
func requireTitle(m *Map, check bool, err error) error {
	if !check || m.Title != "" {
		return err
	}
	ve := &ValidationError{}
	ve.add("title", "is required: 1–%d characters", MaxTitleLen)
	if err != nil {
		merge(ve, err)
	}
	return ve
}

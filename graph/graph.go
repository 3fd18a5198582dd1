// Package graph is the domain model of Relationskort: relationship maps of the
// functions (professional groups) around a complex citizen task, the relations
// between them and their ratings (1 High, 2 Middle, 3 Low), the JSON document
// form of a map, its validation, and the error vocabulary shared by every
// layer.
//
// graph knows nothing of storage, HTTP or drawing; it imports only the
// standard library and gonum (for analysis).
package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Limits that protect the service. Inputs over a limit are rejected whole.
const (
	MaxFunctions   = 500
	MaxRelations   = 5000
	MaxNameLen     = 80        // characters, after trimming
	MaxGroupLen    = 80        // characters
	MaxTitleLen    = 200       // characters
	MaxTaskLen     = 500       // characters
	MaxNoteLen     = 65536     // characters (code points), for notes and the description
	MaxIDLen       = 64        // characters of a client-chosen id
	MaxCoordinate  = 1_000_000 // absolute bound on pinned x, y
	MaxRequestBody = 1 << 20   // bytes of one request body or document file
)

// Rating is how a group experiences a relation: 1 High, 2 Middle, 3 Low.
// Note that 3 is the weakest tie. Unrated (0) means the relation was chosen
// as important but not rated yet; it is null in JSON.
type Rating uint8

// The ratings. Unrated is the zero value.
const (
	Unrated Rating = 0
	High    Rating = 1
	Middle  Rating = 2
	Low     Rating = 3
)

// Valid reports whether r is Unrated, High, Middle or Low.
func (r Rating) Valid() bool { return r <= Low }

// Rated reports whether r is one of High, Middle, Low.
func (r Rating) Rated() bool { return r >= High && r <= Low }

// String returns the English word for r ("high", "middle", "low", "unrated").
func (r Rating) String() string {
	switch r {
	case Unrated:
		return "unrated"
	case High:
		return "high"
	case Middle:
		return "middle"
	case Low:
		return "low"
	}
	return fmt.Sprintf("Rating(%d)", uint8(r))
}

// MarshalJSON writes 1, 2, 3 or null.
func (r Rating) MarshalJSON() ([]byte, error) {
	if r == Unrated {
		return []byte("null"), nil
	}
	if !r.Valid() {
		return nil, fmt.Errorf("rating %d is not 1, 2, 3 or null", r)
	}
	return []byte{'0' + byte(r)}, nil
}

// UnmarshalJSON reads 1, 2, 3 or null.
func (r *Rating) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*r = Unrated
		return nil
	}
	switch string(b) {
	case "1", "2", "3":
		*r = Rating(b[0] - '0')
		return nil
	}
	return errRating
}

var errRating = fmt.Errorf("must be 1, 2, 3 or null")

// Map is one relationship map: the task, the functions around it and the
// relations between them. It is also the JSON document that the API serves,
// the import/export format and the file the CLI reads.
type Map struct {
	ID          string     `json:"id,omitempty"`
	Title       string     `json:"title"`
	Task        string     `json:"task"`
	Description string     `json:"description,omitempty"`
	Version     int64      `json:"version,omitempty"`
	CreatedAt   time.Time  `json:"created_at,omitzero"`
	UpdatedAt   time.Time  `json:"updated_at,omitzero"`
	Functions   []Function `json:"functions"`
	Relations   []Relation `json:"relations"`
}

// Function is a node of the map: a function or group of professionals (home
// care, the GP, the job centre), or the citizen at the centre.
type Function struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Group  string `json:"group,omitempty"`
	Center bool   `json:"center,omitempty"`
	// X and Y are the pinned position from dragging in the page, in the
	// diagram's coordinate space; nil when not pinned. Both or neither.
	X    *float64 `json:"x,omitempty"`
	Y    *float64 `json:"y,omitempty"`
	Note string   `json:"note,omitempty"`
}

// Pinned reports whether the function has a pinned position.
func (f *Function) Pinned() bool { return f.X != nil && f.Y != nil }

// Relation is an edge between two functions of the same map. It is
// undirected: (a, b) and (b, a) are the same pair.
type Relation struct {
	ID     string `json:"id"`
	A      string `json:"a"`
	B      string `json:"b"`
	Rating Rating `json:"rating"`
	Note   string `json:"note,omitempty"`
}

// Function returns the function with the given id, or nil.
func (m *Map) Function(id string) *Function {
	for i := range m.Functions {
		if m.Functions[i].ID == id {
			return &m.Functions[i]
		}
	}
	return nil
}

// Relation returns the relation with the given id, or nil.
func (m *Map) Relation(id string) *Relation {
	for i := range m.Relations {
		if m.Relations[i].ID == id {
			return &m.Relations[i]
		}
	}
	return nil
}

// Clone returns a deep copy of m.
func (m *Map) Clone() *Map {
	c := *m
	c.Functions = nil
	if m.Functions != nil {
		c.Functions = make([]Function, len(m.Functions))
	}
	for i, f := range m.Functions {
		if f.X != nil {
			x := *f.X
			f.X = &x
		}
		if f.Y != nil {
			y := *f.Y
			f.Y = &y
		}
		c.Functions[i] = f
	}
	c.Relations = append([]Relation(nil), m.Relations...)
	return &c
}

// Document returns a copy of m without the server-only fields (id, version,
// timestamps): the portable form for export and import.
func (m *Map) Document() *Map {
	c := m.Clone()
	c.ID = ""
	c.Version = 0
	c.CreatedAt = time.Time{}
	c.UpdatedAt = time.Time{}
	return c
}

// MarshalJSON writes empty lists rather than null for functions and relations.
func (m Map) MarshalJSON() ([]byte, error) {
	type plain Map
	if m.Functions == nil {
		m.Functions = []Function{}
	}
	if m.Relations == nil {
		m.Relations = []Relation{}
	}
	return json.Marshal(plain(m))
}

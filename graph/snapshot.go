package graph

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLabelLen bounds a snapshot label, in characters.
const MaxLabelLen = 200

// Snapshot is a map frozen as it was at one moment ("Opstart september"),
// for comparing before and after. Snapshots are immutable.
type Snapshot struct {
	ID        string
	MapID     string
	Label     string
	Version   int64 // the map's version when it was taken
	CreatedAt time.Time
	Map       *Map // nil in listings
}

// SnapshotLabel checks a snapshot label and returns it trimmed of
// surrounding space. It returns a *ValidationError for the field "label"
// when the label is empty, longer than MaxLabelLen characters, not UTF-8 or
// holds a control character (a title's rules: one line).
func SnapshotLabel(label string) (string, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return "", Invalid("label", "is required")
	}
	if n := utf8.RuneCountInString(label); n > MaxLabelLen {
		return "", Invalid("label", "must be at most %d characters, not %d", MaxLabelLen, n)
	}
	ve := &ValidationError{}
	checkChars(ve, "label", label, false)
	if err := ve.err(); err != nil {
		return "", err
	}
	return label, nil
}

// MapSummary is one line of a list of maps: what identifies a map and how
// big it is, without its content.
type MapSummary struct {
	ID        string
	Title     string
	Task      string
	Version   int64
	Functions int
	Relations int
	CreatedAt time.Time
	UpdatedAt time.Time
}

package graph

import (
	"errors"
	"fmt"
	"strings"
)

// The error vocabulary of Relationskort. Lower layers wrap these (store turns
// sql.ErrNoRows into ErrNotFound); the api package maps them to HTTP statuses
// in one place.
var (
	// ErrNotFound: the map, function, relation or snapshot does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input breaks a rule of the model. A *ValidationError
	// unwraps to it and says which fields.
	ErrInvalid = errors.New("invalid input")
	// ErrConflict: the change collides with existing state (a duplicate id).
	ErrConflict = errors.New("conflict")
	// ErrPrecondition: the caller's version is stale (If-Match did not match).
	ErrPrecondition = errors.New("version does not match")
	// ErrTooLarge: the input exceeds one of the service's limits.
	ErrTooLarge = errors.New("too large")
	// ErrSyntax: the input is not well-formed (not JSON at all, say).
	ErrSyntax = errors.New("malformed input")
	// ErrUnavailable: the database cannot take the change right now (disk
	// full, read-only file, server unreachable); trying again later may work.
	ErrUnavailable = errors.New("database unavailable")
	// ErrRoundClosed: the rating round is closed and takes no more joins
	// or answers, nor can it be closed again.
	ErrRoundClosed = errors.New("the round is closed")
	// ErrRoundOpen: the rating round is still open, so its results are
	// not shown yet (see RoundResults).
	ErrRoundOpen = errors.New("the round is still open")
)

// ConflictError is a change refused because of what is stored already —
// a limit that depends on it (rounds a map, participants a round) or a
// rule between stored things (one open round a map). Its message is meant
// for the client. It unwraps to ErrConflict.
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

// Unwrap lets errors.Is(err, ErrConflict) match.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Conflict returns a *ConflictError with the formatted message.
func Conflict(format string, args ...any) error {
	return &ConflictError{Message: fmt.Sprintf(format, args...)}
}

// FieldError is one problem with one field of the input. Field is a path into
// the JSON document such as "relations[3].rating".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every problem found in an input. It unwraps to
// ErrInvalid, or to ErrTooLarge when a size limit was exceeded.
type ValidationError struct {
	Problems []FieldError
	tooLarge bool
	syntax   bool
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		if p.Field == "" {
			parts = append(parts, p.Message)
			continue
		}
		parts = append(parts, p.Field+": "+p.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap lets errors.Is(err, ErrInvalid) (or ErrTooLarge, ErrSyntax) match.
func (e *ValidationError) Unwrap() error {
	switch {
	case e.tooLarge:
		return ErrTooLarge
	case e.syntax:
		return ErrSyntax
	}
	return ErrInvalid
}

// TooLarge reports whether a size limit was exceeded.
func (e *ValidationError) TooLarge() bool { return e.tooLarge }

// add records a problem; field may be empty for a problem with the whole input.
func (e *ValidationError) add(field, format string, args ...any) {
	e.Problems = append(e.Problems, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (e *ValidationError) addLimit(field, format string, args ...any) {
	e.tooLarge = true
	e.add(field, format, args...)
}

// err returns e when it holds problems, else nil.
func (e *ValidationError) err() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

// Malformed returns a *ValidationError, unwrapping to ErrSyntax, for input
// that is not well-formed.
func Malformed(field, format string, args ...any) error {
	e := &ValidationError{syntax: true}
	e.add(field, format, args...)
	return e
}

// Invalid returns a *ValidationError with one problem.
func Invalid(field, format string, args ...any) error {
	e := &ValidationError{}
	e.add(field, format, args...)
	return e
}

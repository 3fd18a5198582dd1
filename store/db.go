package store

import (
	"context"
	"errors"

	"github.com/relationskort/relationskort/graph"
)

// DB is what the service needs from a database, and what both engines
// provide: *Store here (SQLite) and *postgres.Store (PostgreSQL). The
// contract suite in store/storetest runs the same tests against both; a new
// feature of the store is a method here, an implementation in each engine (a
// migration in each engine's migrations directory) and a test in the suite.
//
// Every method that changes a map runs in one transaction in which the map's
// version is checked and bumped. Errors are graph's: ErrNotFound,
// ErrConflict, ErrPrecondition, ErrInvalid (a *graph.ValidationError) and
// ErrUnavailable when the database cannot be reached or cannot take writes
// (disk full, read-only, server down); anything else is wrapped with
// context.
type DB interface {
	// CreateMap stores m as a new map with the given access hashes. m must
	// be prepared (ids assigned, validated) and have an ID; CreateMap sets
	// its version to 1 and its timestamps. Returns graph.ErrConflict if the
	// id is taken.
	CreateMap(ctx context.Context, m *graph.Map, acc Access) error
	// GetMap loads the map with the given id, as one consistent state.
	// Returns graph.ErrNotFound.
	GetMap(ctx context.Context, id string) (*graph.Map, error)
	// MapVersion returns the current version of a map, cheaply. Returns
	// graph.ErrNotFound.
	MapVersion(ctx context.Context, id string) (int64, error)
	// Access returns the token hashes of a map and, read with them, its
	// version (so that a request is authorised and knows the version it
	// answers about with one query). Returns graph.ErrNotFound.
	Access(ctx context.Context, id string) (Access, error)
	// SetAccess replaces the token hashes of a map (token rotation).
	// Returns graph.ErrNotFound.
	SetAccess(ctx context.Context, id string, acc Access) error
	// Update loads map id, lets fn change it in memory, validates the result
	// and writes only what changed, bumping the version — all in one
	// transaction. If ifVersion is not 0 and differs from the stored
	// version, it returns graph.ErrPrecondition and changes nothing. An fn
	// that changes nothing leaves the version as it is. Errors from fn are
	// returned as they are (fn may be called more than once if the engine
	// retries the transaction); returns graph.ErrNotFound for a missing map.
	Update(ctx context.Context, id string, ifVersion int64, fn func(m *graph.Map) error) (*graph.Map, error)
	// DeleteMap deletes a map with its functions, relations and snapshots.
	// Returns graph.ErrNotFound, or graph.ErrPrecondition when ifVersion is
	// not 0 and stale.
	DeleteMap(ctx context.Context, id string, ifVersion int64) error
	// ListMaps lists every map, most recently changed first.
	ListMaps(ctx context.Context) ([]graph.MapSummary, error)

	// CreateSnapshot freezes map mapID as it is now under label. Returns
	// graph.ErrNotFound, or a *graph.ValidationError for a bad label.
	CreateSnapshot(ctx context.Context, mapID, label string) (*graph.Snapshot, error)
	// ListSnapshots lists the snapshots of a map in the order they were
	// taken (ids s1, s2, …), without their documents. Returns
	// graph.ErrNotFound when the map does not exist.
	ListSnapshots(ctx context.Context, mapID string) ([]graph.Snapshot, error)
	// GetSnapshot returns one snapshot with the map as it was. Returns
	// graph.ErrNotFound.
	GetSnapshot(ctx context.Context, mapID, id string) (*graph.Snapshot, error)

	// Placement returns the automatic layout remembered for map mapID
	// under key (see graph.Placement), or nil when none is. It does not
	// check that the map exists.
	Placement(ctx context.Context, mapID, key string) (*graph.Placement, error)
	// SavePlacement remembers p for map mapID under key, unless a
	// placement of a newer map version is remembered there. It does not
	// change the map or its version. Returns graph.ErrNotFound when the
	// map does not exist, a *graph.ValidationError for a bad key or
	// placement.
	SavePlacement(ctx context.Context, mapID, key string, p graph.Placement) error
	// ResetLayout starts map id's layout afresh: it releases every pinned
	// function, forgets every remembered placement of the map and bumps
	// its version (also when nothing was pinned), in one transaction.
	// Returns graph.ErrNotFound, or graph.ErrPrecondition when ifVersion
	// is not 0 and stale.
	ResetLayout(ctx context.Context, id string, ifVersion int64) (*graph.Map, error)
	// CreateRound starts the rating round r on map r.MapID, keeping only
	// the hash of its join token. r must be prepared (graph.Round.Prepare)
	// and have an ID; CreateRound sets its status (open) and creation
	// time. Returns graph.ErrNotFound for a missing map, and a
	// *graph.ConflictError when the map has an open round already or
	// graph.MaxRoundsPerMap rounds.
	CreateRound(ctx context.Context, r *graph.Round, joinHash []byte) error
	// ListRounds lists the rounds of a map, oldest first. Returns
	// graph.ErrNotFound when the map does not exist.
	ListRounds(ctx context.Context, mapID string) ([]graph.Round, error)
	// GetRound returns round id of map mapID. Returns graph.ErrNotFound
	// (also for a round of another map).
	GetRound(ctx context.Context, mapID, id string) (*graph.Round, error)
	// RoundAccess returns round id, whatever its map, and the hash of its
	// join token. Returns graph.ErrNotFound.
	RoundAccess(ctx context.Context, id string) (*graph.Round, []byte, error)
	// CloseRound closes an open round and, in the same transaction, takes
	// a snapshot of the map labelled with the round's title whose ratings
	// are the round's combined medians (graph.RoundMap): every answer
	// acknowledged before counts, none after. It returns the closed round
	// (SnapshotID set) and the snapshot. Returns graph.ErrNotFound, or
	// graph.ErrRoundClosed when the round is closed already.
	CloseRound(ctx context.Context, mapID, id string) (*graph.Round, *graph.Snapshot, error)
	// DeleteRound deletes a round with its participants and answers; the
	// snapshot taken when it closed stays. Returns graph.ErrNotFound.
	DeleteRound(ctx context.Context, mapID, id string) error
	// Join adds participant p (ID, RoundID and From set) to an open round,
	// keeping only the hash of the participant's token, and sets
	// p.CreatedAt. Returns graph.ErrNotFound for a missing round,
	// graph.ErrRoundClosed, a *graph.ValidationError for the field "from"
	// when the map has no such function, and a *graph.ConflictError when
	// the round has graph.MaxParticipants participants.
	Join(ctx context.Context, p *graph.Participant, tokenHash []byte) error
	// Participant returns round roundID and its participant whose token
	// has the hash tokenHash, in one read: every answer is authorized by
	// it. Returns graph.ErrNotFound.
	Participant(ctx context.Context, roundID string, tokenHash []byte) (*graph.Round, *graph.Participant, error)
	// PutAnswers replaces p's answers about relation relationID with a.
	// Returns graph.ErrRoundClosed once the round is closed, graph.ErrNotFound
	// when the round is gone, and a *graph.ValidationError for the field
	// "relation_id" when the map has no such relation or it is not one of
	// p's function's (graph.RelationTarget); nothing is stored then.
	PutAnswers(ctx context.Context, p *graph.Participant, relationID string, a graph.Answers) error
	// ParticipantAnswers returns p's own answers, by relation id.
	ParticipantAnswers(ctx context.Context, p *graph.Participant) (map[string]graph.Answers, error)
	// RoundData returns, in one consistent read, round id of map mapID,
	// the map as it is now, the round's participants and every answer:
	// what graph.Results needs. Returns graph.ErrNotFound.
	RoundData(ctx context.Context, mapID, id string) (*graph.Round, *graph.Map, []graph.Participant, []graph.Response, error)
	// RoundProgress counts the participants of round id and the relations
	// they answered, per function (no rating). Returns graph.ErrNotFound.
	RoundProgress(ctx context.Context, id string) (*graph.RoundProgress, error)

	// Subscribe calls fn with every change committed to the database's
	// maps: by this Store and, where the engine can tell (PostgreSQL), by
	// every other instance on the same database. fn is called from another
	// goroutine and must not block. Call cancel to stop.
	Subscribe(fn func(Change)) (cancel func())

	// Ping reports whether the database answers (liveness, /healthz).
	Ping(ctx context.Context) error
	// Ready reports whether the database takes writes (readiness,
	// /readyz): it returns an error wrapping graph.ErrUnavailable when it
	// cannot be reached, is read-only or out of space.
	Ready(ctx context.Context) error
	// Close releases the database.
	Close() error
}

// Change tells a subscriber that a map changed.
type Change struct {
	MapID string
	// Version is the map's new version after an edit; 0 otherwise.
	Version int64
	// Deleted: the map was deleted.
	Deleted bool
	// Snapshot: a snapshot of the map was taken.
	Snapshot bool
	// Revoked: the map's tokens were replaced (SetAccess); whatever was
	// opened with the old ones must end.
	Revoked bool
	// Round is the id of a rating round of the map that was started,
	// joined, answered, closed or deleted: its progress changed. Never the
	// answers themselves.
	Round string
	// Resync: changes may have been missed (the engine lost its connection
	// to the database for a while); MapID is empty. Subscribers re-read the
	// versions of whatever they show.
	Resync bool
}

// Access holds the hashes of a map's secrets. Only hashes are stored.
type Access struct {
	EditHash []byte
	ViewHash []byte
	// Version is the map's version when Access read the hashes; CreateMap
	// and SetAccess ignore it.
	Version int64
}

// ErrSchemaTooNew is returned when opening a database whose schema was
// written by a newer Relationskort than this one: it is not touched.
var ErrSchemaTooNew = errors.New("the database schema is newer than this program: upgrade relationskort")

var _ DB = (*Store)(nil)

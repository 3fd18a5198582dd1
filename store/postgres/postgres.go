// Package postgres keeps relationship maps in PostgreSQL (jackc/pgx v5 with
// pgxpool), so that several instances of the service can share one
// database. It is the second engine of store.DB and passes the same contract
// suite (store/storetest) as the SQLite engine.
//
// Every edit is one READ COMMITTED transaction that first locks the map's
// row (SELECT … FOR UPDATE): edits of one map queue on that lock, edits of
// different maps run in parallel, and the version is checked and bumped
// under it. (SERIALIZABLE with retries was measured against it; see
// BENCHMARKS.md.) Reads of several tables run in one REPEATABLE READ
// read-only transaction, so they see one state. Each edit also sends a
// notice with pg_notify in its transaction; every Store LISTENs on a
// connection of its own and tells its subscribers, so that live updates
// reach the pages connected to any instance.
//
// Schema migrations are embedded and numbered like SQLite's; they run when a
// Store is opened, one transaction each under an advisory lock, so that
// instances started together do not apply one twice.
//
// Connection failures, a server shutting down, a read-only server and a full
// disk are reported as graph.ErrUnavailable; the pool reconnects by itself
// when the server is back.
//
// Like store, postgres knows nothing of HTTP, tokens in clear text or
// drawing; it does not create databases or roles, nor back them up
// (pg_dump does).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/internal/feed"
	"github.com/relationskort/relationskort/store/internal/latest"
	"github.com/relationskort/relationskort/store/internal/migration"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a relationship-map database on PostgreSQL. It is safe for
// concurrent use, and any number of Stores (in any number of processes) may
// use one database at the same time.
type Store struct {
	pool *pgxpool.Pool
	// listenConfig connects the listener, outside the pool.
	listenConfig *pgx.ConnConfig
	display      string // the URL without secrets, for messages

	// Now is the clock; tests may replace it. Times are stored in UTC.
	Now func() time.Time

	latest  latest.Cache // recently used maps, see store/internal/latest
	changes feed.Feed[store.Change]
	channel string // the NOTIFY channel of this database schema
	schema  [2]int // schema version before and after Open's migrations
	lis     listener

	// serializable runs edits as SERIALIZABLE transactions with retries
	// instead of READ COMMITTED with a row lock; only the benchmark that
	// compares the two sets it.
	serializable bool
	retries      atomic.Int64 // transactions tried again, for the benchmark

	closeOnce sync.Once
}

var _ store.DB = (*Store)(nil)

// Options are the settings of Open beside the URL.
type Options struct {
	// Password, when not empty, replaces any password in the URL (it comes
	// from RELATIONSKORT_DB_PASSWORD_FILE, so that it is in no command
	// line or unit file).
	Password string
}

// defaultConnectTimeout bounds a connection attempt when the URL does not
// say (connect_timeout=…): an unreachable server answers 503 soon instead
// of after the operating system's TCP timeout.
const defaultConnectTimeout = 2 * time.Second

// defaultMaxConns is the pool size when the URL does not say
// (pool_max_conns=…): edits of one map queue on its row lock while holding
// a connection, so the pool is larger than pgxpool's default of 4 to keep
// reads flowing meanwhile.
const defaultMaxConns = 16

// IsURL reports whether db names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than an SQLite file.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Redact returns the URL without its password (in the user part or as a
// password or sslpassword parameter), for logs and messages. A URL that
// does not parse is not shown at all.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || !IsURL(rawURL) {
		return "postgres://(a URL that does not parse)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if lk := strings.ToLower(k); lk == "password" || lk == "sslpassword" {
			q.Set(k, "REDACTED")
		}
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Open connects to the PostgreSQL database at rawURL
// (postgres://user@host:port/database?sslmode=…), applies any pending
// migrations and starts listening for other instances' changes. It returns
// an error wrapping store.ErrSchemaTooNew for a database written by a newer
// version, and one wrapping graph.ErrUnavailable when the server cannot be
// reached. No error or message contains the password.
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	display := Redact(rawURL)
	if !IsURL(rawURL) {
		return nil, fmt.Errorf("open database: %s is not a postgres:// or postgresql:// URL", display)
	}
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// pgx's message masks passwords only as well as it can parse the
		// URL; ours names no part of it.
		return nil, fmt.Errorf("open database %s: the URL is not a valid PostgreSQL connection URL (postgres://USER@HOST:PORT/DATABASE?sslmode=…)", display)
	}
	if opt.Password != "" {
		cfg.ConnConfig.Password = opt.Password
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "relationskort"
	}
	if u, err := url.Parse(rawURL); err == nil && !u.Query().Has("pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", display, translate(err))
	}
	s := &Store{pool: pool, listenConfig: cfg.ConnConfig.Copy(), display: display, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", display, err)
	}
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", display, translate(err))
	}
	s.channel = channelName(schema)
	if err := s.startListening(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", display, err)
	}
	return s, nil
}

// Close stops listening and closes the pool's connections. It may be called
// more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.lis.stop()
		s.pool.Close()
	})
	return nil
}

// String is the database's URL without secrets.
func (s *Store) String() string { return s.display }

// SchemaVersions returns the schema version the database had when Open
// found it and the one it has now that Open applied the pending migrations.
func (s *Store) SchemaVersions() (found, now int) { return s.schema[0], s.schema[1] }

// migrationLock is the key of the advisory lock under which migrations run
// (any constant; this one spells "rkmigrat").
const migrationLock = 0x726b6d6967726174

// migrate applies the pending migrations, each in its own transaction that
// first takes the migration lock and reads the version again, so that
// instances started at the same time apply each migration once. A database
// that is up to date is only read, so that a Store also opens on a server
// that takes no writes (and reports that in Ready).
func (s *Store) migrate(ctx context.Context) error {
	list, err := migration.List(migrations)
	if err != nil {
		return err
	}
	version := func(q interface {
		QueryRow(context.Context, string, ...any) pgx.Row
	}) (int, error) {
		var table *string
		if err := q.QueryRow(ctx, `SELECT to_regclass('relationskort_migrations')::text`).Scan(&table); err != nil || table == nil {
			return 0, err
		}
		var v int
		err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM relationskort_migrations`).Scan(&v)
		return v, err
	}
	var current int
	if err := s.query(ctx, func() (err error) { current, err = version(s.pool); return err }); err != nil {
		return err
	}
	s.schema = [2]int{current, current}
	if known := len(list); current > known {
		return fmt.Errorf("%w (the database is at schema version %d, this program knows %d)", store.ErrSchemaTooNew, current, known)
	}
	for _, m := range list {
		if m.Version <= current {
			continue
		}
		err := s.attempt(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS relationskort_migrations (
				version    integer PRIMARY KEY,
				name       text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
				return err
			}
			v, err := version(tx)
			if err != nil || v >= m.Version { // another instance applied it
				return err
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err = tx.Exec(ctx, `INSERT INTO relationskort_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return err
		}
		current, s.schema[1] = m.Version, m.Version
	}
	return nil
}

// maxAttempts bounds how often a transaction is tried again after a
// serialization failure or deadlock (SERIALIZABLE), maxLost how often after
// a connection that broke before the commit was sent: the pool may hold a
// few connections to a server that restarted, and each is found broken
// only when used.
const (
	maxAttempts = 8
	maxLost     = 3
)

// inTx runs fn in one write transaction: READ COMMITTED, in which fn locks
// the rows it changes (see forUpdate), or SERIALIZABLE when s.serializable
// is set. It tries again where that is safe; fn must therefore not keep
// state between calls. Errors are translated into graph's vocabulary.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	opts := pgx.TxOptions{IsoLevel: pgx.ReadCommitted}
	if s.serializable {
		opts.IsoLevel = pgx.Serializable
	}
	return s.attempt(ctx, opts, fn)
}

// inReadTx runs fn in one read-only REPEATABLE READ transaction, so that
// its queries see one state of the database.
func (s *Store) inReadTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.attempt(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (s *Store) attempt(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) error {
	var err error
	lost := 0
	for n := 0; n < maxAttempts; n++ {
		var committing bool
		committing, err = s.once(ctx, opts, fn)
		if err == nil {
			return nil
		}
		if retryable(err) || connectionLost(err) {
			s.retries.Add(1)
		}
		switch {
		case retryable(err):
			// Serialization failure or deadlock: the transaction was
			// rolled back; wait a little, at random, and run it again.
			d := time.Duration(1+rand.IntN(1<<min(n, 5))) * time.Millisecond
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return translate(err)
			}
			continue
		case !committing && connectionLost(err) && lost < maxLost && ctx.Err() == nil:
			// The connection broke before COMMIT was sent, so nothing was
			// committed: again, on another connection.
			lost++
			continue
		}
		break
	}
	return translate(err)
}

// once runs one attempt of a transaction; committing reports whether the
// error came from COMMIT, after which the outcome is unknown.
func (s *Store) once(ctx context.Context, opts pgx.TxOptions, fn func(tx pgx.Tx) error) (committing bool, err error) {
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

// query runs a read of one statement, again on another connection if the
// one it got was broken.
func (s *Store) query(ctx context.Context, fn func() error) error {
	err := fn()
	for n := 0; n < maxLost && err != nil && connectionLost(err) && ctx.Err() == nil; n++ {
		err = fn()
	}
	return translate(err)
}

// forUpdate is the locking clause of the first read of an edit: the map's
// row is locked for the rest of the transaction, so that edits of one map
// run one after the other. SERIALIZABLE needs no lock: a conflicting edit
// fails at commit and is tried again.
func (s *Store) forUpdate() string {
	if s.serializable {
		return ""
	}
	return " FOR UPDATE"
}

// SQLSTATE codes and classes the store acts on.
const (
	codeSerializationFailure = "40001"
	codeDeadlock             = "40P01"
	codeReadOnlyTransaction  = "25006"
	codeAdminShutdown        = "57P01"
	codeCrashShutdown        = "57P02"
	codeCannotConnectNow     = "57P03"
	classIntegrity           = "23" // unique, foreign key, check
	classConnection          = "08"
	classResources           = "53" // disk full, out of memory, too many connections
	classSystem              = "58" // I/O error
)

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == codeSerializationFailure || pe.Code == codeDeadlock)
}

// connectionLost reports whether err says the connection to the server
// failed or broke (rather than the server refusing a statement).
func connectionLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, classConnection),
			pe.Code == codeAdminShutdown, pe.Code == codeCrashShutdown, pe.Code == codeCannotConnectNow:
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return pgconn.SafeToRetry(err) || errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "closed pool")
}

// translate turns PostgreSQL's and pgx's errors into graph's vocabulary.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrConflict) ||
		errors.Is(err, graph.ErrPrecondition) || errors.Is(err, graph.ErrInvalid) ||
		errors.Is(err, graph.ErrUnavailable) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", graph.ErrNotFound, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, classIntegrity):
			return fmt.Errorf("%w: %w", graph.ErrConflict, err)
		case strings.HasPrefix(pe.Code, classResources), strings.HasPrefix(pe.Code, classSystem),
			pe.Code == codeReadOnlyTransaction, pe.Code == codeSerializationFailure, pe.Code == codeDeadlock:
			return fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
		}
	}
	if connectionLost(err) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", graph.ErrUnavailable, err)
	}
	return err
}

func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

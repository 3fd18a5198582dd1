package store

import (
	"context"
	"database/sql"
	"fmt"
)

// prepared keeps the statements of one *sql.DB prepared, by their text.
// modernc.org/sqlite parses a statement anew on every call that is not
// prepared: under the workshop load (issue 14) parsing the few statements
// of the request path took 11 % of the server's CPU, and inside the write
// transaction it lengthens the time every other write waits. database/sql
// prepares a *sql.Stmt on each pooled connection once and reuses it.
//
// The statements are prepared once, when the store opens (newPrepared),
// and kept for the life of the database; any other text runs unprepared.
// They cannot be prepared on first use: database/sql prepares a new
// statement on a free connection, and the write pool's one connection is
// held by the transaction that would ask (the read pool's may all be).
// database/sql prepares them again on every other connection of the pool
// when a query or transaction first uses them there.
type prepared struct {
	db *sql.DB
	m  map[string]*sql.Stmt // read-only after newPrepared
}

func newPrepared(ctx context.Context, db *sql.DB, queries ...string) (*prepared, error) {
	p := &prepared{db: db, m: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
		p.m[q] = st
	}
	return p, nil
}

// stmt returns query prepared, or nil when it is not one of the prepared
// texts.
func (p *prepared) stmt(query string) *sql.Stmt { return p.m[query] }

// QueryRowContext runs query prepared, outside a transaction.
func (p *prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, query, args...)
}

// in returns the statements of p for the transaction tx, which must be of
// p's database.
func (p *prepared) in(tx *sql.Tx) preparedTx { return preparedTx{tx: tx, p: p} }

func (p *prepared) close() {
	for _, st := range p.m {
		st.Close()
	}
}

// querier is what the helpers that load and write maps need of a
// transaction: a *sql.Tx, or a preparedTx that runs the same calls
// prepared.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// preparedTx runs the statements of one transaction prepared.
type preparedTx struct {
	tx *sql.Tx
	p  *prepared
}

func (t preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.p.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.p.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.p.stmt(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/postgres"
)

// The database setting (--db, RELATIONSKORT_DB) names either an SQLite file
// or a PostgreSQL database by URL; openDB chooses the engine by its form.

const dbUsage = "SQLite database file (created if missing), or a PostgreSQL URL postgres://USER@HOST:PORT/DATABASE?sslmode=… (env RELATIONSKORT_DB)"

// dbFlag defines --db with RELATIONSKORT_DB as its default.
func dbFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("db", envOr(getenv, "RELATIONSKORT_DB", "relationskort.db"), dbUsage)
}

// openedDB is an open database and how to name it in logs: a file's path, or
// a URL without its password.
type openedDB struct {
	store.DB
	name string
	// schema versions before and after the migrations Open applied
	found, now int
}

// openDB opens the database db names — an SQLite file path or a
// postgres:// / postgresql:// URL — and applies pending migrations. The
// PostgreSQL password may come from the file RELATIONSKORT_DB_PASSWORD_FILE
// names (its first line); no password appears in any message.
func openDB(ctx context.Context, db string, getenv func(string) string) (*openedDB, error) {
	pwFile := getenv("RELATIONSKORT_DB_PASSWORD_FILE")
	if !postgres.IsURL(db) {
		if strings.Contains(db, "://") {
			return nil, fmt.Errorf("--db %s: a URL must start with postgres:// or postgresql://; anything else is an SQLite file path", postgres.Redact(db))
		}
		if pwFile != "" {
			return nil, fmt.Errorf("RELATIONSKORT_DB_PASSWORD_FILE is set, but --db %s is an SQLite file, which has no password", db)
		}
		st, err := store.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		found, now := st.SchemaVersions()
		return &openedDB{DB: st, name: db, found: found, now: now}, nil
	}
	var opt postgres.Options
	if pwFile != "" {
		pw, err := readPassword(pwFile)
		if err != nil {
			return nil, err
		}
		opt.Password = pw
	}
	st, err := postgres.Open(ctx, db, opt)
	if err != nil {
		return nil, err
	}
	found, now := st.SchemaVersions()
	return &openedDB{DB: st, name: st.String(), found: found, now: now}, nil
}

// readPassword reads the first line of a password file (a trailing newline
// is not part of the password).
func readPassword(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("RELATIONSKORT_DB_PASSWORD_FILE: %w", err)
	}
	pw, _, _ := strings.Cut(string(data), "\n")
	pw = strings.TrimSuffix(pw, "\r")
	if pw == "" {
		return "", fmt.Errorf("RELATIONSKORT_DB_PASSWORD_FILE: %s holds no password on its first line", path)
	}
	return pw, nil
}

// runMigrate: relationskort migrate --db DB brings the database's schema up
// to this program's version, as serve does when it starts, and says what it
// did. A database from a newer program is refused and left as it is.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbName := dbFlag(fs, getenv)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort migrate [--db relationskort.db|postgres://…]")
		fmt.Fprintln(stderr, "\nApplies the schema migrations this program has and the database lacks (serve does the same at start).")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("migrate: unexpected argument %q", fs.Arg(0))
	}
	db, err := openDB(ctx, *dbName, getenv)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer db.Close()
	if db.found == db.now {
		fmt.Fprintf(stdout, "%s is at schema version %d: nothing to do\n", db.name, db.now)
		return nil
	}
	fmt.Fprintf(stdout, "%s migrated from schema version %d to %d\n", db.name, db.found, db.now)
	return nil
}

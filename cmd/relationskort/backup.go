package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/postgres"
)

// runBackup: relationskort backup --db DB FILE writes a consistent copy of
// the database, safe while the service runs. FILE must not exist yet, unless
// it is a device or FIFO; "-" is standard output, and the report then goes
// to stderr.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", envOr(getenv, "RELATIONSKORT_DB", "relationskort.db"), "the SQLite database to copy (env RELATIONSKORT_DB); a PostgreSQL database is backed up with pg_dump")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort backup [--db relationskort.db] BACKUP-FILE")
		fmt.Fprintln(stderr, "\nBACKUP-FILE must not exist yet; - writes the copy to standard output.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		fs.Usage()
		return fmt.Errorf("backup: give exactly one backup file name")
	}
	dest := pos[0]
	if postgres.IsURL(*dbPath) {
		return fmt.Errorf("backup: %s is a PostgreSQL database: back it up with PostgreSQL's own tools, which copy it consistently while the service runs:\n\n"+
			"  pg_dump --format=custom --file=relationskort.dump '%s'\n\n"+
			"and restore into an empty database with pg_restore --dbname=URL relationskort.dump (see the README)", postgres.Redact(*dbPath), postgres.Redact(*dbPath))
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err) // do not create an empty database by mistake
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	err = writeNewOutput(ctx, dest, stdout, func(w io.Writer) error {
		return copyBackup(ctx, st, filepath.Dir(*dbPath), w)
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	report := stdout
	if dest == "" || dest == "-" {
		report = stderr
	}
	fmt.Fprintf(report, "backed up %s to %s\n", *dbPath, dest)
	return nil
}

// copyBackup has SQLite write the copy (VACUUM INTO needs a file name) into a
// private directory beside the database, which SQLite can write to anyway,
// and copies it to w.
func copyBackup(ctx context.Context, st *store.Store, dir string, w io.Writer) error {
	tmp, err := os.MkdirTemp(dir, ".relationskort-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	name := filepath.Join(tmp, "backup.db")
	if err := st.Backup(ctx, name); err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/relationskort/relationskort/store"
)

// runBackup: relationskort backup --db DB FILE writes a consistent copy of
// the database, safe while the service runs.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", envOr(getenv, "RELATIONSKORT_DB", "relationskort.db"), "the database to copy (env RELATIONSKORT_DB)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort backup --db relationskort.db BACKUP-FILE")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("backup: give exactly one backup file name")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err) // do not create an empty database by mistake
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *dbPath, pos[0])
	return nil
}

// Command relationskort runs the Relationskort service and its offline
// tools:
//
//	relationskort serve  [--addr 127.0.0.1:8080] [--db relationskort.db|postgres://…]
//	relationskort migrate [--db relationskort.db|postgres://…]
//	relationskort render map.json [-o map.svg|map.png] [--layout …] [--palette …] [--format …] [--lang …]
//	relationskort report map.json -o rapport.pdf [--lang …] [--palette …] [--before earlier.json]
//	relationskort export [--format F] map.json [-o FILE]
//	relationskort import [--format F] FILE [-o map.json]
//	relationskort backup [--db relationskort.db] FILE
//
// main only calls run, which is the whole program: flags and environment,
// the store, the HTTP server, and the offline commands. Output files are
// written by writeOutput (output.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "relationskort:", err)
		}
		os.Exit(1)
	}
}

const usage = `relationskort — relationship maps for relational coordination

Usage:
  relationskort serve   [--addr ADDR] [--db FILE|URL]    run the service (the default command)
  relationskort migrate [--db FILE|URL]                  bring the database's schema up to date
  relationskort render  MAP.json [-o OUT.svg|OUT.png]    draw a map offline
  relationskort report  MAP.json -o REPORT.pdf           the PDF report for a leaders' meeting
  relationskort export  [--format F] MAP.json [-o FILE]  convert a map to json, csv, dot, graphml, gexf, xlsx
  relationskort import  [--format F] FILE [-o MAP.json]  read a map from json, csv, graphml, xlsx
  relationskort backup  [--db FILE] BACKUP               copy an SQLite database while the service runs
  relationskort help                                     show this text

The database is an SQLite file, or a PostgreSQL URL (postgres://…) for
several instances on one database.

A MAP.json or FILE of - is standard input; without -o, or with -o -, the
output goes to standard output. An output file is replaced only once all of
it is written; a device or FIFO (/dev/stdout, mkfifo) is written into.

Run "relationskort COMMAND -h" for the options of a command.
`

// run is the whole program; main only calls it. Every command is a case of
// the one switch below, and reaches the process only through the arguments
// of run: args, the environment (getenv), and the three standard streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		return runServe(ctx, nil, getenv, stdout, stderr)
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "render":
		return runRender(ctx, rest, stdin, stdout, stderr)
	case "report":
		return runReport(ctx, rest, stdin, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdin, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdin, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	if strings.HasPrefix(cmd, "-") { // flags without a command: serve
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

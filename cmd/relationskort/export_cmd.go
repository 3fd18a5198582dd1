package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/graph/interchange"
	"github.com/relationskort/relationskort/render"
)

// runExport implements
//
//	relationskort export [--format F] [--table T] [--lang da|en] [--gexf-version V] map.json [-o FILE]
//
// It reads a map document (as the API serves it or as written by hand,
// ids may be missing), and writes it in format F to FILE, or to stdout when
// FILE is "-" or not given. Without --format the format follows FILE's
// extension. It is the same code as GET /api/v1/maps/{id}/export.
func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "json, csv, dot, graphml, gexf or xlsx (default: from the extension of -o)")
	out := fs.String("o", "-", "output `file`; - is standard output")
	table := fs.String("table", "", "csv only: functions or relations; empty writes a zip of both tables")
	lang := fs.String("lang", "da", "csv and xlsx headers and words (xlsx: sheet names, reasons): da or en")
	gexfVersion := fs.String("gexf-version", "", "gexf only: 1.2 (1.2draft, the default; every networkx reads it) or 1.3")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: relationskort export [--format F] [--table T] [--lang da|en] [--gexf-version V] map.json [-o FILE]\n\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("export: give exactly one map document, not %d", len(pos))
	}
	if *format == "" {
		*format = formatFromName(*out)
		if *format == "" {
			return fmt.Errorf("export: give --format (one of %s)", strings.Join(interchange.ExportFormats, ", "))
		}
	}
	m, err := readMap(pos[0], stdin)
	if err != nil {
		return reportProblems(stderr, fmt.Sprintf("export: %s", pos[0]), err)
	}
	l, err := graph.ParseLang(*lang)
	if err != nil {
		return fmt.Errorf("export: --lang: %w", err)
	}
	var buf bytes.Buffer
	opt := interchange.ExportOptions{Table: *table, Lang: l, Colors: render.RatingColors(render.PaletteTraffic), GEXFVersion: *gexfVersion}
	if err := interchange.Export(&buf, m, *format, opt); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := writeOutput(ctx, *out, stdout, writeBuffer(&buf)); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// readMap reads and prepares a map document from a file, or from stdin
// when path is "-". Relation ids may be missing; they are assigned.
func readMap(path string, stdin io.Reader) (*graph.Map, error) {
	if path == "-" {
		return interchange.Import(stdin, "json")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return interchange.Import(f, "json")
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments ("map.json -o out.csv"), and returns the positional
// ones. After "--" everything is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// writeBuffer is a write function for writeOutput that writes buf; the
// commands make their whole output first, so that an error never leaves half
// of it on stdout or in a FIFO.
func writeBuffer(buf *bytes.Buffer) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := buf.WriteTo(w)
		return err
	}
}

// formatFromName guesses a format from a file name's extension.
func formatFromName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".csv", ".zip":
		return "csv"
	case ".dot", ".gv":
		return "dot"
	case ".graphml":
		return "graphml"
	case ".gexf":
		return "gexf"
	case ".xlsx":
		return "xlsx"
	}
	return ""
}

// reportProblems lists the problems of a *graph.ValidationError on stderr,
// one a line, and returns a short error that still unwraps to graph's error.
func reportProblems(stderr io.Writer, what string, err error) error {
	var ve *graph.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("%s: %w", what, err)
	}
	for _, p := range ve.Problems {
		if p.Field == "" {
			fmt.Fprintf(stderr, "%s: %s\n", what, p.Message)
		} else {
			fmt.Fprintf(stderr, "%s: %s: %s\n", what, p.Field, p.Message)
		}
	}
	return fmt.Errorf("%s: %d problem(s), nothing written: %w", what, len(ve.Problems), errors.Unwrap(ve))
}

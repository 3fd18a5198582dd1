package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/graph/interchange"
)

// runImport implements
//
//	relationskort import [--format F] [--title T] FILE [-o map.json]
//
// It reads FILE ("-" is stdin) as json, csv (a table or the zip of both),
// graphml or xlsx (without --format, from FILE's extension), checks it as
// POST /api/v1/maps/import does, and writes the map document to -o (default
// stdout). --title sets the title of a map that has none, as a CSV file
// never has. What the import changed to make a map of the file (two edges
// of one pair merged, say) it tells on stderr as warnings. On any problem
// it lists them on stderr and writes nothing.
func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "json, csv, graphml or xlsx (default: from the extension of FILE)")
	out := fs.String("o", "-", "output `file` for the map document; - is standard output")
	title := fs.String("title", "", "title for a map whose file has none (csv)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: relationskort import [--format F] [--title T] FILE [-o map.json]\n\nFILE - reads standard input.\n\n")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("import: give exactly one file (- for standard input), not %d", len(pos))
	}
	name := pos[0]
	if *format == "" {
		*format = formatFromName(name)
		if *format == "" || *format == "dot" || *format == "gexf" {
			return fmt.Errorf("import: give --format (one of %s)", strings.Join(interchange.ImportFormats, ", "))
		}
	}
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in = f
	}
	res, err := interchange.ImportWithWarnings(in, *format)
	var m *graph.Map
	if err == nil {
		m = res.Map
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "import: %s: warning: %s\n", name, w)
		}
	}
	if err == nil && m.Title == "" && *title != "" {
		m.Title = *title
		m.Normalize()
		err = m.Validate()
	}
	if err != nil {
		return reportProblems(stderr, "import: "+name, err)
	}
	var buf bytes.Buffer
	if err := interchange.Export(&buf, m, "json", interchange.ExportOptions{}); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if err := writeOutput(ctx, *out, stdout, writeBuffer(&buf)); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

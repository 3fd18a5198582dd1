package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

// runReport implements "relationskort report map.json -o rapport.pdf
// [--lang da|en] [--palette …] [--before earlier.json]": the PDF report of
// a map for a leaders' meeting, offline — the same render.Report as GET
// /api/v1/maps/{id}/report.pdf. With --before, the map as it was earlier,
// the report ends with the comparison. -o - writes the PDF to standard
// output. Flags may come before or after the file name.
func runReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output `file` (.pdf); - is standard output")
	lang := fs.String("lang", "", "language of the report: da (default) or en")
	palette := fs.String("palette", "", "palette: traffic (default), colorblind or print")
	before := fs.String("before", "", "the map as it was earlier (a map `document`): adds the before/after page")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort report map.json -o rapport.pdf [--lang da|en] [--palette traffic|colorblind|print] [--before earlier.json]")
		fs.PrintDefaults()
	}
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return fmt.Errorf("report: want one map document, got %d", len(files))
	}
	if *out == "" {
		fs.Usage()
		return fmt.Errorf("report: give -o rapport.pdf, or -o - for standard output")
	}
	values := map[string]string{"lang": *lang, "palette": *palette}
	opt, err := render.ParseOptions(func(k string) string { return values[k] })
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	m, err := readMap(files[0], stdin)
	if err != nil {
		return reportProblems(stderr, "report: "+files[0], err)
	}
	var earlier *graph.Map
	if *before != "" {
		if *before == "-" && files[0] == "-" {
			return fmt.Errorf("report: the map and --before cannot both be standard input")
		}
		if earlier, err = readMap(*before, stdin); err != nil {
			return reportProblems(stderr, "report: --before "+*before, err)
		}
	}
	var buf bytes.Buffer
	if err := render.Report(&buf, m, earlier, opt); err != nil {
		return fmt.Errorf("report %s: %w", files[0], err)
	}
	if err := writeOutput(ctx, *out, stdout, writeBuffer(&buf)); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

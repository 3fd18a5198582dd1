package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/relationskort/relationskort/render"
)

// runRender implements "relationskort render map.json [-o out.svg|out.png]
// [--layout …] [--palette …] [--format …] [--lang …] [--panel attention] [--detail …]": it reads a map
// document and writes the diagram, offline. The output format follows the
// extension of -o (.svg or .png); without -o, or with "-o -", SVG goes to
// stdout. Flags may come before or after the file name.
func runRender(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file: .svg or .png; - or empty for SVG on stdout")
	layout := fs.String("layout", "", "layout: circle, force or manual (default: manual when a function is pinned, else force)")
	palette := fs.String("palette", "", "palette: traffic (default), colorblind or print")
	format := fs.String("format", "", "format: screen (16:9, default) or a4 (landscape)")
	lang := fs.String("lang", "", "language of the legend: da (default) or en")
	panel := fs.String("panel", "", "side panel: attention (the weakest ties, numbered on the map) or empty")
	detail := fs.String("detail", "", "detail: auto (default: by group when the names would be too small to read), full (every function, on a canvas as large as needed) or groups")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort render map.json [-o map.svg|map.png] [--layout circle|force|manual] [--palette traffic|colorblind|print] [--format screen|a4] [--lang da|en] [--panel attention] [--detail auto|full|groups]")
		fs.PrintDefaults()
	}
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return fmt.Errorf("render: want one map document, got %d", len(files))
	}
	values := map[string]string{"layout": *layout, "palette": *palette, "format": *format, "lang": *lang, "panel": *panel, "detail": *detail}
	opt, err := render.ParseOptions(func(k string) string { return values[k] })
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}

	m, err := readMap(files[0], stdin)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}

	var buf bytes.Buffer
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case *out == "" || *out == "-" || ext == ".svg":
		err = render.SVG(&buf, m, opt)
	case ext == ".png":
		err = render.PNG(&buf, m, opt)
	default:
		return fmt.Errorf("render: output %q: the extension must be .svg or .png", *out)
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", files[0], err)
	}
	if err := writeOutput(ctx, *out, stdout, writeBuffer(&buf)); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return nil
}

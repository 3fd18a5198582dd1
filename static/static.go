// Package static holds the workshop web page — plain HTML, CSS and
// JavaScript modules with no build step — embedded into the binary.
package static

import "embed"

// Files is the page's files, served at the site root.
//
//go:embed *.html *.css *.js *.svg
var Files embed.FS

// Package static holds the workshop web page — plain HTML, CSS and
// JavaScript modules with no build step — embedded into the binary.
package static

import "embed"

// Files is the page's files, served at the site root, and the example maps
// under examples/ (templates for a new map, fixtures for the tests).
//
//go:embed *.html *.css *.js *.svg examples/*.json
var Files embed.FS

// Package browsertest drives the workshop page in a real browser (Chromium
// through chromedp) against a real server, and saves screenshots of the main
// views under test-output/. The tests skip when no browser is installed.
package browsertest

// Package browsertest drives the workshop page in a real browser (Chromium
// through chromedp) against a real server, and saves screenshots of the main
// views under test-output/. The tests skip when no browser is installed.
//
// By default only TestWorkshop_Smoke runs; the whole suite runs with
// RELATIONSKORT_SLOW_TESTS=1. Tests never sleep: they wait for what the page
// says it is doing (body[data-live], #diagram[data-version], see app.js).
package browsertest

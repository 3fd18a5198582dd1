package place

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// crossingRow is one line of the crossing table.
type crossingRow struct {
	name                     string
	n, m                     int
	ours, ring, neato, circo int
}

// crossingTable lays out every map in both modes and pairs the crossings
// with the Graphviz reference.
func crossingTable(t *testing.T) []crossingRow {
	t.Helper()
	ref := readReference(t)
	var rows []crossingRow
	maps, autos := layouts(t, Auto)
	_, rings := layouts(t, Ring)
	for i, tm := range maps {
		r, ok := ref[tm.name]
		if !ok {
			t.Fatalf("%s is not in %s (go test -run TestReference -update-reference)", tm.name, referenceFile)
		}
		auto, ring := autos[i], rings[i]
		rows = append(rows, crossingRow{
			name: tm.name, n: len(tm.in.Nodes), m: r.M,
			ours:  Crossings(auto.X, auto.Y, tm.in.Edges),
			ring:  Crossings(ring.X, ring.Y, tm.in.Edges),
			neato: r.Neato, circo: r.Circo,
		})
	}
	return rows
}

// formatCrossings renders the table as Markdown.
func formatCrossings(rows []crossingRow) []byte {
	var b bytes.Buffer
	b.WriteString("| map | functions | relations | ours (auto) | neato | circo | ours (ring) |\n|---|---:|---:|---:|---:|---:|---:|\n")
	var ours, ring, neato, circo, best int
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d |\n", r.name, r.n, r.m, r.ours, r.neato, r.circo, r.ring)
		ours += r.ours
		ring += r.ring
		neato += r.neato
		circo += r.circo
		best += min(r.neato, r.circo)
	}
	fmt.Fprintf(&b, "| **total** | | | **%d** | %d | %d | %d |\n", ours, neato, circo, ring)
	fmt.Fprintf(&b, "\nAuto: %.3f× neato's total, %.3f× the per-map best of neato and circo. Ring: %.3f× circo's total.\n",
		float64(ours)/float64(neato), float64(ours)/float64(best), float64(ring)/float64(circo))
	return b.Bytes()
}

// TestCrossings holds the layouts to issue 12's bar: on every example and
// corpus map no more crossings than the better of neato and circo, and in
// total at most 0.7× neato's; Ring mode below circo in total. go test -v
// prints the table; -update writes it to testdata/crossings.md.
func TestCrossings(t *testing.T) {
	rows := crossingTable(t)
	table := formatCrossings(rows)
	t.Logf("crossings (go test ./render/internal/place -run TestCrossings -v):\n%s", table)
	if *update {
		if err := os.WriteFile("testdata/crossings.md", table, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var ours, ring, neato, circo int
	for _, r := range rows {
		if best := min(r.neato, r.circo); r.ours > best {
			t.Errorf("%s: Place gives %d crossings; want at most %d (neato %d, circo %d)", r.name, r.ours, best, r.neato, r.circo)
		}
		ours += r.ours
		ring += r.ring
		neato += r.neato
		circo += r.circo
	}
	if float64(ours) > 0.7*float64(neato) {
		t.Errorf("total crossings %d; want at most 0.7 × neato's %d = %.0f", ours, neato, 0.7*float64(neato))
	}
	if ring >= circo {
		t.Errorf("Ring mode: %d crossings in total; want fewer than circo's %d", ring, circo)
	}
}

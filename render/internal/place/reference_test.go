package place

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// reference is testdata/reference.json: Graphviz's crossings on every map,
// made by go test -run TestReference -update-reference.
type reference struct {
	Graphviz string         `json:"graphviz"`
	Settings string         `json:"settings"`
	Maps     []referenceMap `json:"maps"`
}

type referenceMap struct {
	Map   string `json:"map"`
	N     int    `json:"n"`
	M     int    `json:"m"`
	Neato int    `json:"neato"`
	Circo int    `json:"circo"`
}

const referenceFile = "testdata/reference.json"

// graphvizSettings is what the reference runs Graphviz with; node widths
// are the design diameters at 72 units an inch.
const graphvizSettings = "graph [overlap=false, splines=false]; node [shape=circle, fixedsize=true, label=\"\", width=2R/72]"

// dotSource writes in as a Graphviz graph with nodes n0, n1, … .
func dotSource(in Input) []byte {
	var b bytes.Buffer
	b.WriteString("graph G {\n  graph [overlap=false, splines=false];\n  node [shape=circle, fixedsize=true, label=\"\"];\n")
	for i, nd := range in.Nodes {
		fmt.Fprintf(&b, "  n%d [width=%.4f];\n", i, 2*nd.R/72)
	}
	for _, e := range cleanEdges(len(in.Nodes), in.Edges) {
		fmt.Fprintf(&b, "  n%d -- n%d;\n", e[0], e[1])
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// graphvizLayout runs prog (neato or circo) on in and returns the node
// centres it chose.
func graphvizLayout(t *testing.T, prog string, in Input) (x, y []float64) {
	t.Helper()
	cmd := exec.Command(prog, "-Tplain")
	cmd.Stdin = bytes.NewReader(dotSource(in))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v: %s", prog, err, stderr.String())
	}
	n := len(in.Nodes)
	x, y = make([]float64, n), make([]float64, n)
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || f[0] != "node" {
			continue
		}
		i, err := strconv.Atoi(strings.TrimPrefix(f[1], "n"))
		if err != nil || i < 0 || i >= n {
			t.Fatalf("%s: unexpected node %q", prog, f[1])
		}
		x[i], _ = strconv.ParseFloat(f[2], 64)
		y[i], _ = strconv.ParseFloat(f[3], 64)
		seen++
	}
	if seen != n {
		t.Fatalf("%s: %d node positions; want %d", prog, seen, n)
	}
	return x, y
}

// TestReference runs Graphviz on every map and rewrites
// testdata/reference.json. It runs only with -update-reference, as
// Graphviz need not be installed where the other tests run:
//
//	go test ./render/internal/place -run TestReference -update-reference
func TestReference(t *testing.T) {
	if !*updateReference {
		t.Skip("runs only with -update-reference")
	}
	version, err := exec.Command("neato", "-V").CombinedOutput()
	if err != nil {
		t.Fatalf("neato -V: %v", err)
	}
	ref := reference{Graphviz: strings.TrimSpace(string(version)), Settings: graphvizSettings}
	for _, tm := range allMaps(t) {
		nx, ny := graphvizLayout(t, "neato", tm.in)
		cx, cy := graphvizLayout(t, "circo", tm.in)
		ref.Maps = append(ref.Maps, referenceMap{
			Map:   tm.name,
			N:     len(tm.in.Nodes),
			M:     len(cleanEdges(len(tm.in.Nodes), tm.in.Edges)),
			Neato: Crossings(nx, ny, tm.in.Edges),
			Circo: Crossings(cx, cy, tm.in.Edges),
		})
	}
	if err := os.WriteFile(referenceFile, encodeReference(ref), 0o644); err != nil {
		t.Fatal(err)
	}
}

// encodeReference writes one map a line, for readable diffs.
func encodeReference(ref reference) []byte {
	var b bytes.Buffer
	g, _ := json.Marshal(ref.Graphviz)
	s, _ := json.Marshal(ref.Settings)
	fmt.Fprintf(&b, "{\n  \"graphviz\": %s,\n  \"settings\": %s,\n  \"maps\": [\n", g, s)
	for i, m := range ref.Maps {
		line, _ := json.Marshal(m)
		b.WriteString("    ")
		b.Write(line)
		if i < len(ref.Maps)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes()
}

func readReference(t *testing.T) map[string]referenceMap {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(referenceFile))
	if err != nil {
		t.Fatalf("%v (go test -run TestReference -update-reference makes it; it needs Graphviz)", err)
	}
	var ref reference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatalf("%s: %v", referenceFile, err)
	}
	out := map[string]referenceMap{}
	for _, m := range ref.Maps {
		out[m.Map] = m
	}
	return out
}

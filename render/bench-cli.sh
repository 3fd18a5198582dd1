#!/usr/bin/env bash
# bench-cli.sh: the whole relationskort process against Graphviz's neato
# and a bare Go "hello world" (issue 12's CLI targets), three hyperfine
# runs of each, ratios within each run.
#
#   render/bench-cli.sh [RUNS_PER_HYPERFINE]      (needs graphviz, hyperfine, python3)
#
# It builds relationskort as `go build` does (the README's build), a
# hello world, and a render-only binary (the drawing code alone, without
# the server's libraries: the floor that package initialisation leaves);
# generates seeded random maps of 30/60, 120/360 and 500/5,000 (names
# "Funktion nummer i", 8 groups, a centre, random ratings) and their DOT
# with `relationskort export --format dot`; and prints each command's
# mean, the ratio to neato and to hello world, the machine's idle share
# while it ran and hyperfine's own CPU share.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/relationskort" ./cmd/relationskort
mkdir -p "$work/hello" "$work/floor"
cat >"$work/hello/main.go" <<'EOF'
package main

import "fmt"

func main() { fmt.Println("hello world") }
EOF
(cd "$work/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$work/hello-world" .)
mkdir -p render/internal/benchfloor
trap 'rm -rf "$work" render/internal/benchfloor' EXIT
cat >render/internal/benchfloor/main.go <<'EOF'
// Command benchfloor renders a map with the drawing code alone (made and
// removed by render/bench-cli.sh).
package main

import (
	"bytes"
	"encoding/json"
	"os"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/render"
)

func main() {
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var m graph.Map
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	opt, err := render.ParseOptions(func(string) string { return "" })
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := render.SVG(&buf, &m, opt); err != nil {
		panic(err)
	}
	os.Stdout.Write(buf.Bytes())
}
EOF
go build -o "$work/floor/render-only" ./render/internal/benchfloor

python3 - "$work" <<'EOF'
import json, random, sys
work = sys.argv[1]
for n, m, seed in [(30, 60, 30), (120, 360, 120), (500, 5000, 500)]:
    rnd = random.Random(seed)
    fs = [{"id": f"f{i}", "name": f"Funktion nummer {i}", "group": f"Gruppe {i % 8}"} for i in range(n)]
    fs[0]["center"] = True
    pairs = set()
    rels = []
    while len(rels) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a == b or (min(a, b), max(a, b)) in pairs:
            continue
        pairs.add((min(a, b), max(a, b)))
        rels.append({"a": f"f{a}", "b": f"f{b}", "rating": rnd.choice([1, 2, 3])})
    with open(f"{work}/m{n}.json", "w") as f:
        json.dump({"title": f"{n} funktioner", "task": "Benchmark", "functions": fs, "relations": rels}, f)
EOF
for n in 30 120 500; do
	"$work/relationskort" export --format dot "$work/m$n.json" -o "$work/m$n.dot"
done

idle() { awk '/^cpu /{print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
bench() { # name, then hyperfine commands
	local name=$1
	shift
	for run in 1 2 3; do
		read -r i0 t0 < <(idle)
		hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$name-$run.json" "$@" >/dev/null 2>&1
		read -r i1 t1 < <(idle)
		python3 - "$work/$name-$run.json" "$name" "$run" "$(((i1 - i0) * 100 / (t1 - t0)))" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))["results"]
base = {r["command"]: r["mean"] for r in d}
first = d[0]["mean"]
parts = []
for r in d:
    cpu = (r["user"] + r["system"]) / r["mean"] * 100
    parts.append(f'{r["command"].split("/")[-1][:40]}: {r["mean"]*1000:.1f} ms ({r["mean"]/first:.2f}x, cpu {cpu:.0f} %)')
print(f"{sys.argv[2]} run {sys.argv[3]} (machine idle {sys.argv[4]} %): " + "; ".join(parts))
EOF
	done
}

R="$work/relationskort"
for n in 30 120 500; do
	bench "m$n" "neato -Tsvg $work/m$n.dot" "$R render $work/m$n.json" "$work/floor/render-only $work/m$n.json"
done
for ex in static/examples/*.json; do
	bench "$(basename "$ex" .json)" "$work/hello-world" "$R render $ex" "$work/floor/render-only $ex"
done

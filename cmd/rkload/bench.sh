#!/usr/bin/env bash
# bench.sh: the load figures of BENCHMARKS.md, made the same way every time.
# For each run, load and build it starts a fresh SQLite instance
# (RELATIONSKORT_RATE_LIMIT=off, a new database file, its log to a file),
# creates the 12-function map (static/examples/flyafgang.json), runs one
# load for DURATION with CLIENTS clients and records, besides what the load
# generator reports, the machine's idle share (/proc/stat), the load
# generator's CPU share and the server's CPU time per request
# (/proc/PID/stat). Runs are interleaved (run 1 of every load and build,
# then run 2, …) so that a change in what else the machine does falls on
# all alike. At the end: a table of min / median / max over the runs.
#
#   bash cmd/rkload/bench.sh                       # 3 runs of 30 s of every load
#   RUNS=5 DURATION=60s LOADS="rk-mixed wrk-mixed" bash cmd/rkload/bench.sh
#   BUILDS="before=3a1b2c3 after=HEAD" bash cmd/rkload/bench.sh   # compare commits
#
# LOADS (all by default):
#   rk-mixed      rkload, 70 % map.svg, 10 % analysis, 20 % rating writes
#                 with If-Match on the newest version seen (412s apart)
#   rk-lww        the same, writes without If-Match: every write commits
#                 and makes the next picture and analysis new
#   wrk-mixed     wrk with cmd/rkload/wrk/mixed.lua, the mix of rk-mixed
#   wrk-lww       wrk, the mix of rk-lww (mixed.lua with "lww")
#   wrk-writes    wrk, rating writes only (If-Match)
#   wrk-svg       wrk, map.svg only (cached)
# BUILDS: name=commit pairs, each built from a clean checkout of that commit
# (git worktree in $OUT); default "current=" builds the working tree.
# The load generator runs on the same machine as the server: on two cores
# they share them, and the table says how much each took.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-30s}
CLIENTS=${CLIENTS:-50}
LOADS=${LOADS:-rk-mixed rk-lww wrk-mixed wrk-lww wrk-writes wrk-svg}
BUILDS=${BUILDS:-current=}
WRK_THREADS=${WRK_THREADS:-2}
OUT=${OUT:-$(mktemp -d /tmp/relationskort-bench.XXXXXX)}
mkdir -p "$OUT/bin"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

# Build every build once: the load generator from the working tree, the
# servers from their commits.
go build -o "$OUT/bin/rkload" ./cmd/rkload
builds=()
for b in $BUILDS; do
	name=${b%%=*} rev=${b#*=}
	if [ -z "$rev" ]; then
		go build -o "$OUT/bin/rk-$name" ./cmd/relationskort
	else
		src="$OUT/src-$name"
		git worktree add --detach "$src" "$rev" >/dev/null 2>&1
		(cd "$src" && go build -o "$OUT/bin/rk-$name" ./cmd/relationskort)
		git worktree remove --force "$src"
	fi
	builds+=("$name")
done

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

machine() { # total and idle jiffies of all CPUs
	awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6 }' /proc/stat
}
proc_jiffies() { # user+system jiffies of process $1
	awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# results: one line a row of a run:
# load build run row req/s p50 p90 p99 idle% gen% server% server-µs/request 412/s
RES="$OUT/results.txt"
: >"$RES"
hz=$(getconf CLK_TCK)
ncpu=$(nproc)

for run in $(seq "$RUNS"); do
	for load in $LOADS; do
		for b in "${builds[@]}"; do
			db="$OUT/$load-$b-$run.db"
			addr="127.0.0.1:$(free_port)"
			RELATIONSKORT_RATE_LIMIT=off "$OUT/bin/rk-$b" serve --addr "$addr" --db "$db" 2>"$OUT/$load-$b-$run.server.log" &
			pid=$!
			for _ in $(seq 100); do
				curl -fs "http://$addr/readyz" >/dev/null 2>&1 && break
				sleep 0.1
			done
			url="http://$addr"
			log="$OUT/$load-$b-$run.txt"
			echo "# $load $b run $run, $(date -u +%FT%TZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$log"
			case $load in
			rk-*)
				args=(--url "$url" --clients "$CLIENTS" --duration "$DURATION" --map static/examples/flyafgang.json)
				[ "$load" = rk-lww ] && args+=(--if-match=false)
				cmd=("$OUT/bin/rkload" "${args[@]}")
				;;
			wrk-*)
				read -r id edit view rids < <("$OUT/bin/rkload" --url "$url" --setup --map static/examples/flyafgang.json)
				case $load in
				wrk-mixed) mix=70,10,20 ;;
				wrk-lww) mix=70,10,20,lww ;;
				wrk-writes) mix=0,0,100 ;;
				wrk-svg) mix=100,0,0 ;;
				esac
				cmd=(wrk -t"$WRK_THREADS" -c"$CLIENTS" -d"$DURATION" --latency -s cmd/rkload/wrk/mixed.lua "$url" -- "$id" "$edit" "$view" "$rids" "$mix")
				;;
			esac
			read -r t0 i0 < <(machine)
			s0=$(proc_jiffies "$pid")
			/usr/bin/time -o "$OUT/time" -f '%e %U %S' "${cmd[@]}" >>"$log" 2>&1 || echo "(the load generator failed)" >>"$log"
			read -r t1 i1 < <(machine)
			s1=$(proc_jiffies "$pid")
			read -r wall gu gs < <(tail -n 1 "$OUT/time")
			kill "$pid"
			wait "$pid" 2>/dev/null || true
			pid=
			idle=$(awk -v a="$((i1 - i0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.0f", 100 * a / t }')
			server=$(awk -v s="$((s1 - s0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.0f", 100 * s / t }')
			gen=$(awk -v u="$gu" -v s="$gs" -v w="$wall" -v n="$ncpu" 'BEGIN { printf "%.0f", 100 * (u + s) / (w * n) }')
			echo "# machine ($ncpu cores) idle $idle %, load generator $gen %, server $server % of the machine; server CPU $(((s1 - s0) * 1000 / hz)) ms" >>"$log"
			# rows: name req/s p50 p90 p99 (ms) and the requests in all
			case $load in
			rk-*)
				rows=$(awk '
					function ms(d) { if (d ~ /µs$/) { sub(/µs$/, "", d); return d / 1000 } if (d ~ /ms$/) { sub(/ms$/, "", d); return d + 0 } if (d ~ /s$/) { sub(/s$/, "", d); return d * 1000 } return d }
					/^(map\.svg|analysis|rating write|stale write|all) / {
						name = $1; rest = substr($0, 19)
						if ($1 == "map.svg") name = "svg"; else if ($1 == "rating") name = "write"; else if ($1 == "stale") name = "412"
						n = split(rest, g); if (n < 6) next
						printf "%s %s %s %.2f %.2f %.2f\n", name, g[1], g[2], ms(g[3]), ms(g[4]), ms(g[5])
					}' "$log")
				;;
			wrk-*)
				rows=$(awk '/^rkwrk: requests/ { n = $3; r = $8; sub(/\/s;/, "", r) }
					/^rkwrk: latency/ { p50 = $4; p90 = $7; p99 = $10 }
					/^rkwrk: status/ { for (i = 3; i <= NF; i++) { split($i, c, "x"); if (c[2] == 412) s412 = c[1] } }
					END { printf "all %d %d %.2f %.2f %.2f\n", n, r, p50, p90, p99; if (s412 != "") print "412", s412, "-", "-", "-", "-" }' "$log")
				;;
			esac
			total=$(awk '$1 == "all" { print $2 }' <<<"$rows")
			us=$(awk -v s="$((s1 - s0))" -v hz="$hz" -v n="${total:-0}" 'BEGIN { if (n > 0) printf "%.0f", 1e6 * s / hz / n; else print "-" }')
			secs=$(awk -v w="$wall" 'BEGIN { print w }')
			while read -r name count rate p50 p90 p99; do
				[ -n "$name" ] || continue
				[ "$rate" = - ] && rate=$(awk -v c="$count" -v w="$secs" 'BEGIN { printf "%.0f", c / w }')
				echo "$load $b $run $name $rate $p50 $p90 $p99 $idle $gen $server $us" >>"$RES"
			done <<<"$rows"
			echo "$load $b run $run: $(awk '$1 == "all" { print $3 " req/s, p99 " $6 " ms" }' <<<"$rows"); idle $idle %, generator $gen %, server $server %, $us µs CPU a request"
		done
	done
done

# The table: min / median / max over the runs.
stats() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}
echo
echo "| load | build | request | requests/s | p50 ms | p99 ms | idle % | generator % | server % | server µs/request |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for load in $LOADS; do
	for b in "${builds[@]}"; do
		for row in all svg analysis write 412; do
			sel=$(awk -v l="$load" -v b="$b" -v r="$row" '$1 == l && $2 == b && $4 == r' "$RES")
			[ -n "$sel" ] || continue
			col() { awk -v c="$1" '{ print $c }' <<<"$sel" | stats; }
			if [ "$row" = all ]; then
				echo "| $load | $b | $row | $(col 5) | $(col 6) | $(col 8) | $(col 9) | $(col 10) | $(col 11) | $(col 12) |"
			elif [ "$row" = 412 ] && [ "$(awk '{ print $6 }' <<<"$sel" | head -n 1)" = - ]; then
				echo "| $load | $b | $row | $(col 5) | | | | | | |"
			else
				echo "| $load | $b | $row | $(col 5) | $(col 6) | $(col 8) | | | | |"
			fi
		done
	done
done
echo
echo "raw output: $OUT (results.txt: load build run row req/s p50 p90 p99 idle% generator% server% server-µs/request)"

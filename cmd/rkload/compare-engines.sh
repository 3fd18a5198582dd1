#!/usr/bin/env bash
# compare-engines.sh: the mixed workshop load (rkload, 50 clients) against
# one SQLite instance, one PostgreSQL instance and two PostgreSQL instances
# on one database (CONFIGS), RUNS times each, interleaved so that a change in what
# else the machine does falls on all three alike; then a table of requests/s
# and p99 per request kind, min/median/max over the runs, for BENCHMARKS.md.
#
#   bash cmd/rkload/compare-engines.sh            # 3 runs of 30 s each
#   RUNS=5 DURATION=60s bash cmd/rkload/compare-engines.sh
#
# PostgreSQL: a throwaway cluster in a temporary directory with the default
# durability settings (fsync and synchronous_commit on), started and removed
# by this script (as the user pgtest when run as root), unless
# RELATIONSKORT_BENCH_POSTGRES names a server to use (a schema is created
# for each run). Raw rkload output goes to $OUT (a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-30s}
CLIENTS=${CLIENTS:-50}
OUT=${OUT:-$(mktemp -d /tmp/relationskort-compare.XXXXXX)}
mkdir -p "$OUT"
BIN="$OUT/bin"
mkdir -p "$BIN"
go build -o "$BIN/relationskort" ./cmd/relationskort
go build -o "$BIN/rkload" ./cmd/rkload

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "${PG_DIR:-}" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
		rm -rf "$PG_DIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}
PSQL=psql
if [ -z "${RELATIONSKORT_BENCH_POSTGRES:-}" ]; then
	PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL installed (apt-get install postgresql) and no RELATIONSKORT_BENCH_POSTGRES"; exit 1; }
	PSQL="$PG_BIN/psql"
	PG_USER=$(id -un)
	if [ "$(id -u)" = 0 ]; then
		PG_USER=pgtest
		id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
	fi
	PG_DIR=$(mktemp -d /tmp/relationskort-bench-pg.XXXXXX)
	chown "$PG_USER" "$PG_DIR"
	as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
	PG_PORT=$((20000 + RANDOM % 40000))
	as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100" >/dev/null
	RELATIONSKORT_BENCH_POSTGRES="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
fi

free_port() { # a port nothing listens on
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}

start() { # db addr: start an instance, print its pid
	RELATIONSKORT_RATE_LIMIT=off "$BIN/relationskort" serve --addr "$2" --db "$1" >>"$OUT/servers.log" 2>&1 &
	local pid=$!
	pids+=("$pid")
	for _ in $(seq 100); do
		curl -fs "http://$2/readyz" >/dev/null 2>&1 && { echo "$pid"; return; }
		sleep 0.1
	done
	echo "instance on $2 did not start" >&2
	exit 1
}

stop_all() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	pids=()
}

# pg1async is one PostgreSQL instance whose sessions commit with
# synchronous_commit=off (the durability of SQLite's synchronous=NORMAL);
# add it with CONFIGS="sqlite pg1 pg2 pg1async".
read -r -a configs <<<"${CONFIGS:-sqlite pg1 pg2}"
for run in $(seq "$RUNS"); do
	for cfg in "${configs[@]}"; do
		case $cfg in
		sqlite)
			db="$OUT/sqlite-$run.db"
			;;
		pg*)
			schema="bench_${cfg}_$run"
			"$PSQL" "$RELATIONSKORT_BENCH_POSTGRES" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
			sep='?'
			[[ $RELATIONSKORT_BENCH_POSTGRES == *\?* ]] && sep='&'
			db="$RELATIONSKORT_BENCH_POSTGRES${sep}search_path=$schema"
			[ "$cfg" = pg1async ] && db="$db&synchronous_commit=off"
			;;
		esac
		urls=() ps=()
		n=1
		[ "$cfg" = pg2 ] && n=2
		for _ in $(seq "$n"); do
			addr="127.0.0.1:$(free_port)"
			ps+=("$(start "$db" "$addr")")
			urls+=("http://$addr")
		done
		log="$OUT/$cfg-$run.txt"
		{
			echo "# $cfg run $run, $(date -u +%FT%TZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
			"$BIN/rkload" --url "$(IFS=,; echo "${urls[*]}")" --clients "$CLIENTS" --duration "$DURATION" \
				--pid "$(IFS=,; echo "${ps[*]}")" --procs postgres || true
		} >"$log" 2>&1
		echo "$cfg run $run: $(grep -E '^all ' "$log" | awk '{print $3 " req/s, p99 " $6}'); $(grep '^machine' "$log" | cut -c1-80)"
		stop_all
	done
done

# The table: for each configuration and request kind, requests/s and p99 as
# min / median / max over the runs.
echo
echo "| request | engine | requests/s (min / median / max) | p99 ms (min / median / max) |"
echo "|---|---|---|---|"
stats() { # read numbers, print min / median / max
	sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}
for kind in "map.svg (cached)" "analysis" "rating write" "all"; do
	for cfg in "${configs[@]}"; do
		rows=$(for run in $(seq "$RUNS"); do
			awk -v k="$kind" 'substr($0, 1, length(k) + 1) == k " " { print substr($0, 19) }' "$OUT/$cfg-$run.txt" |
				awk '{ p = $5
					if (p ~ /µs$/) { sub(/µs$/, "", p); p /= 1000 } else if (p ~ /ms$/) { sub(/ms$/, "", p) } else if (p ~ /s$/) { sub(/s$/, "", p); p *= 1000 }
					printf "%d %.1f\n", $2, p }'
		done)
		[ -n "$rows" ] || continue
		echo "| $kind | $cfg | $(cut -d' ' -f1 <<<"$rows" | stats) | $(cut -d' ' -f2 <<<"$rows" | stats) |"
	done
done
echo
echo "machine idle share and rkload's CPU share, per run:"
for run in $(seq "$RUNS"); do
	for cfg in "${configs[@]}"; do
		echo "  $cfg run $run: $(head -n 1 "$OUT/$cfg-$run.txt" | sed 's/.*load average before: /load average before /'); $(grep '^machine' "$OUT/$cfg-$run.txt")"
	done
done
echo
echo "raw output: $OUT"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Loading alone: metrics and survey of N synthetic partners (default 10,000) read and
# checked by bench_load (the program's loaders, nothing else of a run), RUNS times each
# (default 11); prints the median CPU (user + system) and the median peak RSS, for the
# JSON form and for the CSV form of the same data.
#   bash bench/load.sh [N]        RUNS=11 BENCH_LOAD=build-bench/bench_load
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-11}
prog=${BENCH_LOAD:-}
if [ -z "$prog" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target bench_load -j2 >/dev/null
	prog=build-bench/bench_load
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/synth.py "$n" "$work" >/dev/null
python3 tests/json_to_csv.py "$work/metrics.json" "$work/metrics.csv"
python3 tests/json_to_csv.py "$work/survey.json" "$work/survey.csv"

# measure NAME METRICS SURVEY: the medians of RUNS runs.
measure() {
	local name=$1
	shift
	: > "$work/times"
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S %M' -a -o "$work/times" "$prog" "$@" 2>/dev/null
	done
	local k=$(((runs + 1) / 2)) cpu rss
	cpu=$(awk '{ print ($1 + $2) * 1000 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
	rss=$(awk '{ print $3 / 1024 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
	printf '%-8s %9d partners %6.0f ms CPU %7.1f MiB peak (median of %d) %6.1f MB\n' \
		"$name" "$n" "$cpu" "$rss" "$runs" \
		"$(du -cb "$@" | tail -1 | awk '{ print $1 / 1e6 }')"
}
measure JSON "$work/metrics.json" "$work/survey.json"
measure CSV "$work/metrics.csv" "$work/survey.csv"

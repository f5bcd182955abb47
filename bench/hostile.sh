#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The hostile inputs of issue 17 that concern the loaders (bench/hostile.py writes them):
#  - a metrics file of MB megabytes (default 20) of unknown keys: peak RSS and CPU of
#    loading it (bench_load) and of a --check of one partner (the whole program);
#  - a survey of Q questions (default 100,000), four responses answering each, as JSON
#    and as CSV: CPU and peak RSS of loading it with the samples' metrics.
# Medians of RUNS runs (default 3).
#   bash bench/hostile.sh [MB] [Q]     RUNS=3 PROG=build-bench/partnerreview BENCH_LOAD=...
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-20}
nq=${2:-100000}
runs=${RUNS:-3}
prog=${PROG:-}
load=${BENCH_LOAD:-}
if [ -z "$prog" ] || [ -z "$load" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview bench_load -j2 >/dev/null
	prog=${prog:-build-bench/partnerreview}
	load=${load:-build-bench/bench_load}
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
python3 bench/hostile.py unknown "$mb" "$work/unknown.json"
python3 bench/hostile.py questions "$nq" "$work/questions.json"
python3 tests/json_to_csv.py "$work/questions.json" "$work/questions.csv"

# measure NAME COMMAND...: the medians of RUNS runs (the command's status ignored).
measure() {
	local name=$1
	shift
	: > "$work/times"
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S %M' -a -o "$work/times" "$@" > /dev/null 2>&1 || true
	done
	local k=$(((runs + 1) / 2)) cpu rss
	cpu=$(awk '{ print ($1 + $2) * 1000 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
	rss=$(awk '{ print $3 / 1024 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
	printf '%-52s %8.0f ms CPU %8.1f MiB peak (median of %d)\n' "$name" "$cpu" "$rss" "$runs"
}
size=$(du -b "$work/unknown.json" | awk '{ printf "%.1f", $1 / 1e6 }')
measure "unknown keys ($size MB): loading" "$load" "$work/unknown.json"
measure "unknown keys ($size MB): --check -p US-CA-014" "$prog" --check -p US-CA-014 \
	-m "$work/unknown.json" -s samples/survey.json
for form in json csv; do
	size=$(du -b "$work/questions.$form" | awk '{ printf "%.1f", $1 / 1e6 }')
	measure "$nq questions x 4 responses, $form ($size MB): loading" "$load" \
		samples/metrics.json "$work/questions.$form"
done

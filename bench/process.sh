#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One report run as a whole process, start to finish (the channel manager's re-run
# minutes before a meeting): wall and CPU milliseconds, the median of RUNS runs, for
# the bundled samples with --partner, and for one synthetic partner out of N.
#   bash bench/process.sh            RUNS=21
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
runs=${RUNS:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
mkdir -p "$work/synth"
python3 bench/synth.py 1000 "$work/synth"

# measure NAME ARGS...: prints the medians of wall and CPU (user + system) time.
measure() {
	local name=$1
	shift
	: > "$work/times"
	local TIMEFORMAT='%R %U %S'
	for _ in $(seq "$runs"); do
		rm -rf "$work/out"
		{ time ./build-bench/partnerreview "$@" -o "$work/out" 2>/dev/null; } 2>> "$work/times"
	done
	local wall cpu
	wall=$(awk '{ print $1 * 1000 }' "$work/times" | sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k')
	cpu=$(awk '{ print ($2 + $3) * 1000 }' "$work/times" | sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k')
	printf '%-44s %6.0f ms wall %6.0f ms CPU (median of %d)\n' "$name" "$wall" "$cpu" "$runs"
}
measure "samples, one partner (report + overview)" -m samples/metrics.json \
	-s samples/survey.json -p US-TX-007
measure "1,000 synthetic partners, one of them" -m "$work/synth/metrics.json" \
	-s "$work/synth/survey.json" -p "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["partners"][0]["id"])' "$work/synth/metrics.json")"

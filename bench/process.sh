#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One report run as a whole process, start to finish (the channel manager's re-run
# minutes before a meeting): the samples with --partner US-CA-014, and one synthetic
# partner out of 1,000. Medians of RUNS runs (default 21) of wall time, CPU time
# (task-clock: user + system), page faults and, where the CPU lets perf count them,
# instructions (a VM often does not: then "-"); with the load average before and after,
# as the machine may be shared. Wall time is perf's duration_time: from the counters'
# start, just before the child execs the program, to its exit reaped; perf's own start-up
# and its writing of the figures are not in it (a `date` around perf stat added some
# 30 ms to a 33 ms run).
# PROG=path measures another build; BASE=path measures that one too, run for run
# interleaved with PROG (before/after on a busy machine).
# The runs share a cache folder of their own (src/cache.h), filled by one run before
# the measured ones, as a channel manager's second run finds it; the samples are also
# measured with the cache off (PARTNERREVIEW_CACHE empty: every run makes everything).
#   bash bench/process.sh                 RUNS=21
#   BASE=/tmp/old/partnerreview bash bench/process.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PROG:-}" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
	PROG=build-bench/partnerreview
fi
command -v perf >/dev/null || { echo "process.sh: needs perf (linux-perf)" >&2; exit 2; }
runs=${RUNS:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
export PARTNERREVIEW_CACHE=$work/cache
mkdir -p "$work/synth"
python3 bench/synth.py 1000 "$work/synth"
synth_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["partners"][0]["id"])' "$work/synth/metrics.json")
progs=("$PROG")
[ -n "${BASE:-}" ] && progs=("$BASE" "$PROG")

# one TAG PROG ARGS...: one run, its figures appended to $work/TAG.
one() {
	local tag=$1 prog=$2
	shift 2
	rm -rf "$work/out"
	perf stat -x, -e duration_time,task-clock,page-faults,instructions -o "$work/stat" \
		"$prog" "$@" -o "$work/out" 2>/dev/null
	awk -F, '
		/duration_time/ { w = $1 / 1e6 } /task-clock/ { t = $1 } /page-faults/ { f = $1 }
		/instructions/ { i = ($1 ~ /^[0-9]+$/) ? $1 : "-" }
		END { print w, t, f, i }' "$work/stat" >> "$work/$tag"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure NAME ARGS...: every program RUNS times, interleaved; prints the medians.
measure() {
	local name=$1
	shift
	local i p
	for p in "${!progs[@]}"; do
		: > "$work/p$p"
		rm -rf "$work/out"
		"${progs[$p]}" "$@" -o "$work/out" > /dev/null 2>&1 || true # fills the cache
	done
	for i in $(seq "$runs"); do
		for p in "${!progs[@]}"; do one "p$p" "${progs[$p]}" "$@"; done
	done
	for p in "${!progs[@]}"; do
		local f=$work/p$p ins
		ins=$(awk '{ print $4 }' "$f" | median)
		[ "$ins" = "-" ] || ins=$(awk -v i="$ins" 'BEGIN { printf "%.1f M", i / 1e6 }')
		printf '%-40s %-28s %6.1f ms wall %6.1f ms CPU %5d faults %10s instr.\n' "$name" \
			"${progs[$p]}" "$(awk '{ print $1 }' "$f" | median)" \
			"$(awk '{ print $2 }' "$f" | median)" "$(awk '{ print $3 }' "$f" | median)" "$ins"
	done
}
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) processors; median of $runs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "samples, --partner US-CA-014" -m samples/metrics.json -s samples/survey.json -p US-CA-014
PARTNERREVIEW_CACHE='' measure "the same, cache off" -m samples/metrics.json \
	-s samples/survey.json -p US-CA-014
measure "1,000 synthetic partners, one of them" -m "$work/synth/metrics.json" \
	-s "$work/synth/survey.json" -p "$synth_id"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Whole big runs: N synthetic partners (default 1,000 and 100,000) rendered in one run
# with -jJOBS (2): wall time, CPU (user + system) in all and per report, peak RSS, the
# overview's pages and the CSV's size. One run each (RUNS to change), so run it on a
# quiet machine, or at least at low priority: `nice -n 19 bash bench/big.sh`.
# PHASES=1 also times the run without reports (`--shard` of an empty share is not
# possible, so: loading and checks with `--check -p ID`, and the overview alone with
# `-p ID --portfolio`), to say which steps grow with N.
# SHARD=K/M makes the whole run `--shard K/M`: every step over all N partners (loading,
# the portfolio, the overview and its CSV with the first shard) but only N/M reports,
# for a machine that cannot give the whole run its hour.
# IN=DIR takes the inputs of DIR (bench/synth.py N DIR made them) instead of making them.
#   bash bench/big.sh [N...]        RUNS=1 JOBS=2 PHASES=1 SHARD= IN= PROG=build-bench/partnerreview
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-1}
jobs=${JOBS:-2}
prog=${PROG:-}
if [ -z "$prog" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j2 >/dev/null
	prog=build-bench/partnerreview
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/big.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
[ $# -gt 0 ] || set -- 1000 100000
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores," \
	"load $(cut -d' ' -f1-3 /proc/loadavg); $prog -j$jobs"
median() { sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k'; }

# run NAME ARGS...: RUNS runs of the program; prints wall s, CPU s, peak MiB (medians).
run() {
	local name=$1
	shift
	: > "$work/times"
	for _ in $(seq "$runs"); do
		rm -rf "$work/out"
		/usr/bin/time -q -f '%e %U %S %M' -a -o "$work/times" "$prog" "$@" > /dev/null \
			2> "$work/err" || true
	done
	wall=$(awk '{ print $1 }' "$work/times" | median)
	cpu=$(awk '{ print $2 + $3 }' "$work/times" | median)
	peak=$(awk '{ print $4 / 1024 }' "$work/times" | median)
	printf '  %-34s %9.2f s wall %9.2f s CPU %7.1f MiB peak\n' "$name" "$wall" "$cpu" "$peak"
}

for n in "$@"; do
	dir=${IN:-$work/in}
	if [ -z "${IN:-}" ]; then
		mkdir -p "$dir"
		python3 bench/synth.py "$n" "$dir" > /dev/null
	fi
	in=(-m "$dir/metrics.json" -s "$dir/survey.json")
	# The sixth partner's id, from the file's start: json.load of 100,000 partners took
	# 1 GB and minutes on a loaded machine. synth.py writes "id" first in each partner.
	id=$(head -c 100000 "$dir/metrics.json" | grep -o '{"id": "[^"]*"' | sed -n 6p | cut -d'"' -f4)
	echo "$n partners ($(du -m "$dir/metrics.json" | cut -f1) MB metrics," \
		"$(du -m "$dir/survey.json" | cut -f1) MB survey):"
	base=
	if [ "${PHASES:-1}" = 1 ]; then
		run "loading and checks (--check -p)" "${in[@]}" -p "$id" --check
		run "+ one report and the overview" "${in[@]}" -p "$id" --portfolio -o "$work/out"
		base=$cpu
	fi
	shard=()
	[ -z "${SHARD:-}" ] || shard=(--shard "$SHARD")
	run "the whole run, -j$jobs ${shard[*]}" "${in[@]}" -o "$work/out" -j"$jobs" "${shard[@]}"
	reports=$(find "$work/out" -name '*.pdf' ! -name 'portfolio_*' | wc -l)
	pages=$(pdfinfo "$work/out"/portfolio_*.pdf 2> /dev/null | awk '/^Pages:/ { print $2 }')
	csv=$(du -k "$work/out"/portfolio_*.csv | cut -f1)
	awk -v c="$cpu" -v w="$wall" -v r="$reports" -v p="${pages:-?}" -v k="$csv" 'BEGIN {
		printf "  %d reports: %.2f ms CPU and %.2f ms wall per report (all in); overview %s pages, CSV %d KiB\n",
		       r, c * 1000 / r, w * 1000 / r, p, k }'
	[ -z "$base" ] || awk -v c="$cpu" -v b="$base" -v r="$reports" 'BEGIN {
		printf "  each report beyond the first: %.2f ms CPU\n", (c - b) * 1000 / (r - 1) }'
	tail -1 "$work/err" | sed 's/^/  /'
	rm -rf "$work/in" "$work/out"
done

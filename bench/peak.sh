#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Peak memory of the quarterly batch at one size N: the median time and peak RSS of
# RUNS runs for each -j in JOBS (median and highest RSS). With MASSIF=1 one more run
# under valgrind's massif shows where the heap stands at its peak, by allocation site
# (slow: minutes for 10,000 partners). PROG measures another build of the program.
#   bash bench/peak.sh N          RUNS=3 JOBS="1 2" MASSIF=0 PROG=build-bench/partnerreview
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: bash bench/peak.sh N}
runs=${RUNS:-3}
jobs=${JOBS:-1 2}
prog=${PROG:-}
if [ -z "$prog" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j2 >/dev/null
	prog=build-bench/partnerreview
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
python3 bench/synth.py "$n" "$work"
printf '%8s %4s %10s %14s %14s\n' partners jobs "s (median)" "peak MiB (med)" "peak MiB (max)"
for j in $jobs; do
	results=()
	for r in $(seq "$runs"); do
		rm -rf "$work/out"
		/usr/bin/time -f '%e %M' -o "$work/time" "$prog" -m "$work/metrics.json" \
			-s "$work/survey.json" -o "$work/out" -j"$j" 2>/dev/null || true
		results+=("$(cat "$work/time")")
	done
	k=$(((runs + 1) / 2))
	secs=$(printf '%s\n' "${results[@]}" | sort -n | awk -v k="$k" 'NR == k { print $1 }')
	med=$(printf '%s\n' "${results[@]}" | sort -k2 -n | awk -v k="$k" 'NR == k { printf "%.1f", $2 / 1024 }')
	max=$(printf '%s\n' "${results[@]}" | awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }')
	printf '%8d %4d %10s %14s %14s\n' "$n" "$j" "$secs" "$med" "$max"
done
if [ "${MASSIF:-0}" = 1 ]; then
	rm -rf "$work/out"
	valgrind --tool=massif --massif-out-file="$work/massif" "$prog" -m "$work/metrics.json" \
		-s "$work/survey.json" -o "$work/out" -j1 >/dev/null 2>&1 || true
	ms_print --threshold=2 "$work/massif" > "$work/ms"
	peak=$(grep -o '[0-9]* (peak)' "$work/ms" | cut -d' ' -f1)
	echo "massif, -j1: the heap at its peak (snapshot $peak), by allocation site"
	awk -v p="$peak" '$1 == p && NF == 6 { f = 1 } f && /^ *[0-9]+ +[0-9,]+/ && $1 != p { exit } f' \
		"$work/ms" | grep -E '^(->|\| ->)' | sed 's/ (in [^)]*)//'
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The quarterly batch at sizes N (default 100 1000 10000): reports per second, ms per
# report (median of RUNS runs), KiB per PDF, peak memory; -j1 and -jJOBS.
#   bash bench/batch.sh [N...]        RUNS=3 JOBS=$(nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
runs=${RUNS:-3}
jobs=${JOBS:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
printf '%8s %4s %12s %14s %10s %12s\n' partners jobs reports/s "ms/report" KiB/PDF "peak MiB"
for n in "${@:-100 1000 10000}"; do
	mkdir -p "$work/$n"
	python3 bench/synth.py "$n" "$work/$n"
	for j in 1 "$jobs"; do
		times=()
		for r in $(seq "$runs"); do
			rm -rf "$work/out"
			/usr/bin/time -f '%e %M' -o "$work/time" ./build-bench/partnerreview \
				-m "$work/$n/metrics.json" -s "$work/$n/survey.json" -o "$work/out" -j"$j" 2>/dev/null
			times+=("$(cat "$work/time")")
		done
		med=$(printf '%s\n' "${times[@]}" | sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k')
		secs=${med% *}
		kib=$(du -k --apparent-size -c "$work"/out/*.pdf | tail -1 | awk -v n="$n" '{ printf "%.1f", $1 / n }')
		peak=$(printf '%s\n' "${times[@]}" | awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }')
		awk -v n="$n" -v j="$j" -v s="$secs" -v k="$kib" -v p="$peak" \
			'BEGIN { printf "%8d %4d %12.1f %14.2f %10s %12s\n", n, j, n / s, s * 1000 / n, k, p }'
	done
done

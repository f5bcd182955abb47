#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The quarterly batch at sizes N (default 100 1000 10000), for the bundled 5-page review
# and a 3-page cut of it (bench/three_pages.py: the first page, the standing with its
# three charts, goals and next steps): reports per second, wall and CPU (user + system)
# milliseconds per report (medians of RUNS runs), KiB per report PDF, peak memory
# (the largest of the runs); with one worker and with JOBS.
#   bash bench/batch.sh [N...]        RUNS=3 JOBS=$(nproc) REPORTS="5 3"
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
runs=${RUNS:-3}
jobs=${JOBS:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
mkdir -p "$work/tpl"
cp -r templates/. "$work/tpl/"
python3 bench/three_pages.py templates/review.xml "$work/tpl/review3.xml"
median() { sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k'; }
printf '%8s %5s %4s %10s %10s %10s %8s %9s\n' partners pages jobs reports/s "wall ms" "CPU ms" KiB/PDF "peak MiB"
[ $# -gt 0 ] || set -- 100 1000 10000
for n in "$@"; do
	mkdir -p "$work/$n"
	python3 bench/synth.py "$n" "$work/$n"
	for pages in ${REPORTS:-5 3}; do
		tpl="$work/tpl/review.xml"
		[ "$pages" = 3 ] && tpl="$work/tpl/review3.xml"
		for j in 1 "$jobs"; do
			: > "$work/times"
			for _ in $(seq "$runs"); do
				rm -rf "$work/out"
				/usr/bin/time -f '%e %U %S %M' -a -o "$work/times" ./build-bench/partnerreview \
					-m "$work/$n/metrics.json" -s "$work/$n/survey.json" -t "$tpl" \
					-o "$work/out" -j"$j" 2>/dev/null
			done
			wall=$(awk '{ print $1 }' "$work/times" | median)
			cpu=$(awk '{ print $2 + $3 }' "$work/times" | median)
			peak=$(awk '{ if ($4 > m) m = $4 } END { printf "%.1f", m / 1024 }' "$work/times")
			kib=$(du -k --apparent-size -c "$work"/out/US-*.pdf | tail -1 |
				awk -v n="$n" '{ printf "%.1f", $1 / n }')
			awk -v n="$n" -v p="$pages" -v j="$j" -v w="$wall" -v c="$cpu" -v k="$kib" -v m="$peak" \
				'BEGIN { printf "%8d %5d %4d %10.1f %10.2f %10.2f %8s %9s\n", n, p, j, n / w, w * 1000 / n, c * 1000 / n, k, m }'
		done
	done
done

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Layout cost against text length (issue 17): one report of the samples whose partner
# name, or one survey comment, is a single unbreakable word of N characters, and a
# survey comment of N words each on a line of its own (a CSV cell of N line breaks).
# A name is at most 60,000 characters here: libharu refuses a longer document title.
# Prints CPU time (user + system), peak RSS and the microseconds of CPU per character
# over the run without the long text (medians of RUNS); the cost per character should
# stay the same from 10,000 to 100,000 characters (at 1,000 the run's noise of some
# 10 ms is 10 us a character).
#   bash bench/long_text.sh [SIZES]      default SIZES="1000 10000 30000 100000"; RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
prog=${PROG:-./build-bench/partnerreview}
sizes=${1:-1000 10000 30000 100000}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200

# make KIND N: writes $work/KIND_N.{json,csv} from the samples.
make() {
	/usr/bin/python3 - "$1" "$2" "$work" <<'EOF'
import csv, json, sys
kind, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = json.load(open("samples/metrics.json", encoding="utf-8"))
rows = list(csv.reader(open("samples/survey.csv", encoding="utf-8", newline="")))
if kind == "name":
    # libharu refuses a document title over 65,535 bytes (issue 17, item 6).
    m["partners"][0]["name"] = "A" * min(n, 60000)
ci = rows[0].index("comment")
for r in rows[4:]:
    if r[2] == "US-TX-002" and r[0] == "2026-Q3":
        if kind == "word":
            r[ci] = "x" * n
        elif kind == "lines":
            r[ci] = "x\n" * n
        break
json.dump(m, open(f"{work}/{kind}_{n}.json", "w", encoding="utf-8"), ensure_ascii=False)
with open(f"{work}/{kind}_{n}.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
EOF
}

# run KIND N: sets cpu (user + system s) and peak (KiB), medians of RUNS runs.
run() {
	: > "$work/times"
	for _ in $(seq "$runs"); do
		rm -rf "$work/out"
		/usr/bin/time -f '%U %S %M' -a -o "$work/times" "$prog" -m "$work/$1_$2.json" \
			-s "$work/$1_$2.csv" -p US-TX-002 -o "$work/out" 2>/dev/null ||
			echo "exit $? at $1 $2" >&2
	done
	local k=$(((runs + 1) / 2))
	cpu=$(awk '{ print $1 + $2 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
	peak=$(awk '{ print $3 }' "$work/times" | sort -n | awk -v k=$k 'NR == k')
}

make none 0
run none 0
base=$cpu
printf '%-34s %8s %9s %9s %10s\n' "input" "chars" "CPU s" "peak MiB" "us/char"
printf '%-34s %8d %9.2f %9.1f\n' "the samples' report as they are" 0 "$cpu" "$(awk -v p="$peak" 'BEGIN { print p / 1024 }')"
for kind in name word lines; do
	for n in $sizes; do
		make "$kind" "$n"
		run "$kind" "$n"
		case $kind in
		name) what="partner name, one word"; [ "$n" -gt 60000 ] && n=60000 ;;
		word) what="survey comment, one word" ;;
		lines) what="survey comment, N lines of 'x'" ;;
		esac
		awk -v w="$what" -v n="$n" -v t="$cpu" -v p="$peak" \
			-v b="$base" \
			'BEGIN { printf "%-34s %8d %9.2f %9.1f %10.2f\n", w, n, t, p / 1024, (t - b) * 1e6 / n }'
	done
done

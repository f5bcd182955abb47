#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reading metrics.csv against reading metrics.json: N synthetic partners (default 4,000),
# --check of one partner (the peak is the reading), peak RSS of each. The rows gathered
# per partner and quarter once took room for eight quarters and 31 columns each: +6 MiB
# at 4,000 partners, +25 MiB at 10,000; now within 1 MiB.
#   bash bench/csv_peak.sh [N]          PROG=build-bench/partnerreview
set -u
cd "$(dirname "$0")/.."
src=$PWD
n=${1:-4000}
prog=${PROG:-}
if [ -z "$prog" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j2 >/dev/null
	prog=build-bench/partnerreview
fi
. "$src/tests/lib.sh"
python3 "$src/bench/synth.py" "$n" "$work" > /dev/null
python3 "$src/tests/json_to_csv.py" "$work/metrics.json" "$work/metrics.csv" --sep ';'
peak() {
	/usr/bin/time -f %M -o "$work/peak" "$prog" --check -j1 -p US-CA-00001 -m "$1" 2> /dev/null
	expect_eq "--check of $(basename "$1"): exit status" "$?" 0
	cat "$work/peak"
}
json=$(peak "$work/metrics.json")
csv=$(peak "$work/metrics.csv")
echo "$n partners, --check of one: peak RSS JSON $json KiB, CSV $csv KiB"

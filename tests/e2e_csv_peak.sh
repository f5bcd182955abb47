#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reading metrics.csv costs about the memory of reading metrics.json: 4,000 synthetic
# partners, --check of one partner (the peak is the reading), peak RSS within 3 MiB.
# The rows gathered per partner and quarter once took room for eight quarters and 31
# columns each: +6 MiB here, +25 MiB at 10,000 partners. Skipped where the peak says
# nothing (a sanitizer build) or cannot be measured (no GNU time, no python3).
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

if grep -q __asan_init "$prog" || [ ! -x /usr/bin/time ] || ! command -v python3 > /dev/null; then
	echo "skipped: sanitizer build, or no /usr/bin/time or python3"
	exit 0
fi
python3 "$src/bench/synth.py" 4000 "$work" > /dev/null
python3 "$src/tests/json_to_csv.py" "$work/metrics.json" "$work/metrics.csv" --sep ';'
peak() {
	/usr/bin/time -f %M -o "$work/peak" "$prog" --check -j1 -p US-CA-00001 -m "$1" 2> /dev/null
	expect_eq "--check of $(basename "$1"): exit status" "$?" 0
	cat "$work/peak"
}
json=$(peak "$work/metrics.json")
csv=$(peak "$work/metrics.csv")
echo "peak RSS: JSON $json KiB, CSV $csv KiB"
if [ "$csv" -le $((json + 3072)) ]; then ok; else
	bad "reading the CSV peaks at $csv KiB, the JSON at $json KiB"
fi
done_tests

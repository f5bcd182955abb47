#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Closed standard descriptors: a run started with 2>&- (or 1>&-, 0<&-) must not let an
# output file take descriptor 2, where the warnings of other partners would land inside
# it. Every partner here draws a warning (a ✓ in its name prints blank) and four workers
# print them while others write their files: every goals.json parses, every PDF is one.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
mkdir -p "$work/synth"
python3 "$src/bench/synth.py" 300 "$work/synth"
python3 - "$work/synth/metrics.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for p in d["partners"]:
    p["name"] += " \u2713"
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
args=(-m "$work/synth/metrics.json" -s "$work/synth/survey.json" -j4)

# The same run with stderr open, for the messages and files it must give.
"$prog" "${args[@]}" -o "$work/open" 2> "$work/open.err"
expect_eq "exit status with stderr open" "$?" 0
expect_eq "warnings with stderr open" "$(grep -c "cannot show" "$work/open.err")" 300

# check DIR WHAT: 301 PDFs, each a PDF from its first byte and equal to the open run's;
# 300 goals files, each valid JSON.
check() {
	expect_eq "$2: PDFs" "$(ls "$1"/*.pdf | wc -l)" 301
	local notpdf=0 differ=0 f
	for f in "$1"/*.pdf; do
		[ "$(head -c 5 "$f")" = "%PDF-" ] || notpdf=$((notpdf + 1))
		cmp -s "$f" "$work/open/$(basename "$f")" || differ=$((differ + 1))
	done
	expect_eq "$2: PDFs not starting with %PDF-" "$notpdf" 0
	expect_eq "$2: PDFs unlike the run with stderr open" "$differ" 0
	expect_eq "$2: goals files that are not JSON" "$(python3 - "$1" <<'PY'
import glob, json, sys
bad = 0
for f in glob.glob(sys.argv[1] + "/*.goals.json"):
    try:
        json.load(open(f, encoding="utf-8"))
    except ValueError:
        bad += 1
print(bad)
PY
)" 0
	expect_eq "$2: goals files" "$(ls "$1"/*.goals.json | wc -l)" 300
}

for round in 1 2 3; do
	"$prog" "${args[@]}" -o "$work/closed$round" 2>&-
	expect_eq "exit status with 2>&- (round $round)" "$?" 0
	check "$work/closed$round" "2>&- round $round"
done
"$prog" "${args[@]}" -o "$work/all" <&- >&- 2>&-
expect_eq "exit status with 0<&- 1>&- 2>&-" "$?" 0
check "$work/all" "0<&- 1>&- 2>&-"

# --help and --version write to a closed stdout without harm.
"$prog" --version >&-
expect_eq "exit status of --version with 1>&-" "$?" 0

done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SIGINT, SIGTERM and SIGHUP end a run at once, also in the middle of a report: the run
# ends by the signal, and no temporary report and no temporary font folder is left.
# After SIGKILL (nothing can clean up then), the next run removes what the killed one
# left, says so, and leaves alone the files of a run that is still alive. The runs are
# stopped at points the program reports (PARTNERREVIEW_TEST_PAUSE, a message), never
# after a guessed time.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json")
"$prog" "${args[@]}" -o "$work/full" -j2 2> /dev/null
expect_eq "exit status of the whole run" "$?" 0

# no_leftovers DIR WHAT: no temporary report in DIR, no scratch folder in TMPDIR, every
# PDF there whole and equal to the whole run's.
no_leftovers() {
	expect_eq "$2: temporary files" "$(find "$1" -name '.*' | wc -l)" 0
	expect_eq "$2: temporary folders" "$(ls -A "$TMPDIR" | wc -l)" 0
	local f
	for f in "$1"/*.pdf; do
		[ -e "$f" ] || continue
		cmp -s "$f" "$work/full/$(basename "$f")" || bad "$2: $(basename "$f") is not the whole report"
	done
}

# Each signal while a report has its temporary PDF open (two workers: the other one is
# somewhere in its own report then).
paused=US-IL-003
for sig in INT TERM HUP; do
	rm -rf "$work/s"
	PARTNERREVIEW_TEST_PAUSE=$paused "$prog" "${args[@]}" -o "$work/s" -j2 2> "$work/s.err" &
	pid=$!
	wait_for "$work/s.err" "paused in the report of $paused" "$pid" || bad "SIG$sig: no pause reported"
	kill -s "$sig" "$pid"
	wait "$pid"
	expect_eq "exit status after SIG$sig" "$?" $((128 + $(kill -l "$sig")))
	no_leftovers "$work/s" "SIG$sig"
	if [ -e "$work/s/${paused}_2026-Q3.pdf" ]; then bad "SIG$sig: the paused report was written"; else ok; fi
done

# In a long report: the second of three partners has a name of 20,000 letters without a
# break (slow to lay out). The first one's warning says that its report is done and the
# long one begun; SIGTERM then ends the run however far the long one got. The third
# pauses, so the run cannot end on its own before the signal.
python3 - "$src/samples/metrics.json" "$work/long.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for p in d["partners"]:
    if p["id"] == "US-CA-014":
        p["name"] += " \u2713"
    if p["id"] == "US-TX-002":
        p["name"] = "X" * 20000
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
rm -rf "$work/l"
PARTNERREVIEW_TEST_PAUSE=$paused "$prog" -m "$work/long.json" -s "$src/samples/survey.json" \
	-o "$work/l" -j1 -p US-CA-014 -p US-TX-002 -p $paused 2> "$work/l.err" &
pid=$!
wait_for "$work/l.err" "partner US-CA-014: 1 character the fonts cannot show" "$pid" ||
	bad "the first report's warning never came"
kill -TERM "$pid"
wait "$pid"
expect_eq "exit status after SIGTERM in the long report" "$?" 143
expect_eq "temporary files after SIGTERM in the long report" "$(find "$work/l" -name '.*' | wc -l)" 0
expect_eq "temporary folders after SIGTERM in the long report" "$(ls -A "$TMPDIR" | wc -l)" 0
expect_eq "reports after SIGTERM in the long report" "$(cd "$work/l" && ls)" \
	"$(printf 'US-CA-014_2026-Q3.goals.json\nUS-CA-014_2026-Q3.pdf\nUS-CA-014_2026-Q3.review.json')"

# The cut fonts are memory files (src/pdf_subset.c): SIGKILL leaves none of them.
rm -rf "$work/k"
PARTNERREVIEW_TEST_PAUSE=US-CA-014 "$prog" "${args[@]}" -o "$work/k" -j1 2> "$work/k0.err" &
pid=$!
wait_for "$work/k0.err" "paused in the report of US-CA-014" "$pid" || bad "the run did not pause"
kill -KILL "$pid"
wait "$pid" 2> /dev/null
expect_eq "font folders left by SIGKILL (memory files)" "$(ls -A "$TMPDIR" | wc -l)" 0

# SIGKILL leaves a temporary report and the font folder where the fonts go into one (as
# where memory files cannot be made); the next run removes them and says so. A run that
# is alive (paused with its temporary PDF open) keeps its files while a third run sweeps
# the same folders: they are locked, however old.
export PARTNERREVIEW_TEST_FONT_FOLDER=1
rm -rf "$work/k"
PARTNERREVIEW_TEST_PAUSE=US-CA-014 "$prog" "${args[@]}" -o "$work/k" -j1 2> "$work/k1.err" &
pid=$!
wait_for "$work/k1.err" "paused in the report of US-CA-014" "$pid" || bad "the first run did not pause"
kill -KILL "$pid"
wait "$pid" 2> /dev/null
expect_eq "temporary reports left by SIGKILL" "$(find "$work/k" -name '.US-CA-014_*.pdf.*' | wc -l)" 1
expect_eq "font folders left by SIGKILL" "$(ls -A "$TMPDIR" | wc -l)" 1
# Names of this program's kind from an earlier run; and others it must not touch.
touch -d '1 hour ago' "$work/k/.US-TX-002_2026-Q3.goals.json.abc123" "$work/k/.US-TX-002_2026-Q3.layout.Zz9Zz9" \
	"$work/k/.US-TX-002_2026-Q3.review.json.Ab12Cd" \
	"$work/k/.notes.txt" "$work/k/.US-TX-002_2026-Q3.pdf.abc12" "$work/k/.US-TX-002_2026-Q3.pdf.abc12!" \
	"$work/k/.US-TX-002_2026-Q5.pdf.abc123"
mkdir "$TMPDIR/partnerreview-fonts-abc12" "$TMPDIR/partnerreview-XXXXXX" "$TMPDIR/other-abc123"
touch -d '1 hour ago' "$TMPDIR"/*
PARTNERREVIEW_TEST_PAUSE=US-PA-001 "$prog" "${args[@]}" -o "$work/k" -j1 2> "$work/k2.err" &
alive=$!
wait_for "$work/k2.err" "paused in the report of US-PA-001" "$alive" || bad "the second run did not pause"
expect_eq "messages of the run after SIGKILL" "$(sed "s|$TMPDIR|TMPDIR|g; s|$work|WORK|g" "$work/k2.err")" \
"partnerreview: note: removed 4 temporary files in WORK/k left by runs that did not finish
partnerreview: note: removed 1 temporary folder in TMPDIR left by runs that did not finish
partnerreview: test: paused in the report of US-PA-001"
live_tmp=$(find "$work/k" -name '.US-PA-001_*.pdf.*')
live_dir=$(ls -d "$TMPDIR"/partnerreview-fonts-??????)
expect_eq "the live run's temporary report" "$(echo "$live_tmp" | wc -w)" 1
expect_eq "the live run's font folder" "$(echo "$live_dir" | wc -w)" 1
# Older than the third run's start: only the lock tells that they are alive.
touch -d '1 hour ago' "$live_tmp" "$live_dir"
"$prog" "${args[@]}" -o "$work/k" -p US-TX-002 2> "$work/k3.err"
expect_eq "exit status of the third run" "$?" 0
expect_eq "messages of the third run" "$(cat "$work/k3.err")" \
	"partnerreview: 2026-Q3: 1 report written, 0 failed, 0 skipped, 0 warnings"
expect_eq "temporary files kept" "$(cd "$work/k" && find . -mindepth 1 -name '.*' | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')" \
	"$(printf '%s\n' .US-TX-002_2026-Q3.pdf.abc12 .US-TX-002_2026-Q3.pdf.abc12! .US-TX-002_2026-Q5.pdf.abc123 \
		.notes.txt "$(basename "$live_tmp")" | LC_ALL=C sort | tr '\n' ' ')"
expect_eq "folders kept" "$(ls -A "$TMPDIR" | LC_ALL=C sort | tr '\n' ' ')" \
	"$(printf '%s\n' other-abc123 partnerreview-XXXXXX partnerreview-fonts-abc12 "$(basename "$live_dir")" |
		LC_ALL=C sort | tr '\n' ' ')"
kill -INT "$alive"
wait "$alive"
expect_eq "exit status of the live run after SIGINT" "$?" 130
if [ -e "$live_tmp" ] || [ -e "$live_dir" ]; then bad "the live run left its files"; else ok; fi

done_tests

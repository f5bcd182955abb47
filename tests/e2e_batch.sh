#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The batch as a whole: -j gives the same PDFs and messages as -j1, an interrupted
# run leaves no partial file, and every file left is a whole PDF.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json")

"$prog" "${args[@]}" -o "$work/j1" -j1 2> "$work/j1.err"
expect_eq "exit status -j1" "$?" 0
"$prog" "${args[@]}" -o "$work/j4" -j4 2> "$work/j4.err"
expect_eq "exit status -j4" "$?" 0
if diff -r "$work/j1" "$work/j4" > /dev/null; then ok; else bad "-j4 PDFs differ from -j1"; fi
if cmp -s "$work/j1.err" "$work/j4.err"; then ok; else bad "-j4 messages differ from -j1"; fi
expect_eq "reports -j4" "$(ls "$work/j4"/*.pdf | wc -l)" 31
expect_eq "goals files -j4" "$(ls "$work/j4"/*.goals.json | wc -l)" 30
expect_eq "review files -j4" "$(ls "$work/j4"/*.review.json | wc -l)" 30

# Shards: each a fixed share; together exactly the full run, byte for byte.
for k in 1 2 3; do
	"$prog" "${args[@]}" -o "$work/shards" --shard "$k/3" 2> "$work/shard$k.err"
	expect_eq "exit status of shard $k/3" "$?" 0
	expect_text "$work/shard$k.err" "partnerreview: 2026-Q3 (shard $k/3): 10 reports written"
done
if diff -r "$work/j1" "$work/shards" > /dev/null; then ok; else bad "the union of the shards differs from the full run"; fi
"$prog" "${args[@]}" -o "$work/bad" --shard 4/3 2> "$work/bad.err"
expect_eq "exit status of --shard 4/3" "$?" 2

# Goals: written beside each PDF; the next quarter judges them with --previous.
"$prog" "${args[@]}" -o "$work/q2" --period 2026-Q2 -p US-KY-028 -p US-TX-002 2> /dev/null
expect_eq "exit status for 2026-Q2" "$?" 0
expect_eq "the first goal of US-KY-028" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
g = d["goals"][0]
print(d["format"], d["partner_id"], d["period"], g["figure"], g["owner"], g["baseline"], g["target"], g["due"])
' "$work/q2/US-KY-028_2026-Q2.goals.json")" "partnerreview-goals/1 US-KY-028 2026-Q2 revenue partner 25590 29000 2026-09-30"
"$prog" "${args[@]}" -o "$work/q3" --previous "$work/q2" -p US-KY-028 -p US-CA-014 2> "$work/q3.err"
expect_eq "exit status with --previous" "$?" 0
expect_text "$work/q3.err" "note: partner US-CA-014: no goals from the last review"
pdf_text "$work/q3/US-KY-028_2026-Q3.pdf"
expect_text "$work/q3/US-KY-028_2026-Q3.pdf.txt" "Die Ziele aus dem letzten Review"
expect_flat "$work/q3/US-KY-028_2026-Q3.pdf.txt" "wurden nicht erreicht: Umsatz im Quartal (24.000 $ statt 29.000 $)"
# --previous reads the review.json beside the PDF; a damaged one is left out with a warning.
expect_text "$work/q2/US-KY-028_2026-Q2.review.json" '"partnerreview-review/1"'
echo '{"format": "partnerreview-review/1", "partner_id": "US-KY-028", "period": "2026-Q2", "goals": 3}' > "$work/q2/US-KY-028_2026-Q2.review.json"
"$prog" "${args[@]}" -o "$work/q3b" --previous "$work/q2" -p US-KY-028 2> "$work/q3b.err"
expect_eq "exit status with a damaged review file" "$?" 0
expect_text "$work/q3b.err" "US-KY-028_2026-Q2.review.json: goals: warning: expected an array; the earlier goals are left out"
# Without a review.json the goals.json serves; a damaged one is left out the same way.
rm "$work/q2/US-KY-028_2026-Q2.review.json"
"$prog" "${args[@]}" -o "$work/q3c" --previous "$work/q2" -p US-KY-028 2> /dev/null
pdf_text "$work/q3c/US-KY-028_2026-Q3.pdf"
expect_flat "$work/q3c/US-KY-028_2026-Q3.pdf.txt" "wurden nicht erreicht: Umsatz im Quartal (24.000 $ statt 29.000 $)"
echo '{"format": "partnerreview-goals/1", "partner_id": "US-KY-028", "period": "2026-Q2", "goals": 3}' > "$work/q2/US-KY-028_2026-Q2.goals.json"
"$prog" "${args[@]}" -o "$work/q3b" --previous "$work/q2" -p US-KY-028 2> "$work/q3b.err"
expect_eq "exit status with a damaged goals file" "$?" 0
expect_text "$work/q3b.err" "US-KY-028_2026-Q2.goals.json: goals: warning: expected an array; the earlier goals are left out"

# Interrupted in the middle: whatever is there is whole; no temporary file is left.
for delay in 0.05 0.2 0.4; do
	rm -rf "$work/int"
	"$prog" "${args[@]}" -o "$work/int" -j2 2> /dev/null &
	pid=$!
	sleep "$delay"
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	status=$?
	left=$(find "$work/int" -name '.*' 2> /dev/null | wc -l)
	expect_eq "temporary files after SIGINT at ${delay}s" "$left" 0
	for f in "$work"/int/*.pdf; do
		[ -e "$f" ] || continue
		if pdfinfo "$f" > /dev/null 2>&1 && cmp -s "$f" "$work/j1/$(basename "$f")"; then ok; else
			bad "$(basename "$f") left by an interrupted run is not the whole report"
		fi
	done
	# Interrupted runs end by the signal (128 + 2), finished ones with 0.
	case "$status" in 130 | 0) ok ;; *) bad "exit status $status after SIGINT" ;; esac
done

# A bigger batch stopped in its middle, at a point the program reports: the report of
# partner 300 pauses with its temporary PDF open (PARTNERREVIEW_TEST_PAUSE), says so, and
# the test sends SIGINT only then, however fast or loaded the machine. The signal ends the
# run (130); every report there is whole and equal to the full run's, the paused one is
# not there, no temporary report is left, and no temporary font folder in TMPDIR.
mkdir -p "$work/synth" "$work/tmp"
python3 "$src/bench/synth.py" 600 "$work/synth"
sargs=(-m "$work/synth/metrics.json" -s "$work/synth/survey.json")
"$prog" "${sargs[@]}" -o "$work/full" -j2 2> /dev/null
expect_eq "exit status of the synthetic batch" "$?" 0
paused=US-AZ-00300
for jobs in 1 2; do
	rm -rf "$work/sint" "$work/tmp"/*
	TMPDIR="$work/tmp" PARTNERREVIEW_TEST_PAUSE=$paused \
		"$prog" "${sargs[@]}" -o "$work/sint" -j$jobs 2> "$work/sint.err" &
	pid=$!
	if wait_for "$work/sint.err" "partnerreview: test: paused in the report of $paused" "$pid"; then ok; else
		bad "-j$jobs: the run never reported its pause"
	fi
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	expect_eq "exit status after SIGINT in the report of $paused (-j$jobs)" "$?" 130
	expect_eq "temporary reports after SIGINT (-j$jobs)" \
		"$(find "$work/sint" -name '.*' 2> /dev/null | wc -l)" 0
	expect_eq "temporary fonts after SIGINT (-j$jobs)" "$(ls -A "$work/tmp" | wc -l)" 0
	if [ -e "$work/sint/${paused}_2026-Q3.pdf" ]; then bad "-j$jobs: the interrupted report is there"; else ok; fi
	whole=0
	for f in "$work"/sint/*.pdf; do
		[ -e "$f" ] || continue
		if cmp -s "$f" "$work/full/$(basename "$f")"; then whole=$((whole + 1)); else
			bad "$(basename "$f") left by an interrupted run is not the whole report"
		fi
	done
	# One worker stops at partner 300: the 299 before it are whole, nothing after.
	if [ "$jobs" = 1 ]; then expect_eq "reports before the pause (-j1)" "$whole" 299; fi
done

# On a terminal a progress bar with the count and the time left; its last state before
# the summary is the whole batch. In a pipe (every other test here) nothing of it.
# (tests/on_tty.py, not script(1): script may lose a run's output when the machine is busy.)
python3 "$src/tests/on_tty.py" "$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" \
	-o "$work/tty" -j2 | tr '\r' '\n' > "$work/tty.out"
expect_text "$work/tty.out" "partnerreview: [######################..] 28/30 reports, about "
expect_text "$work/tty.out" "partnerreview: [########################] 30/30 reports, about 0 s left"
expect_text "$work/tty.out" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
if grep -q "reports, about" "$work/j1.err"; then bad "a progress bar in a pipe"; else ok; fi

done_tests

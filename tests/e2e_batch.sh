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
expect_text "$work/q2/US-KY-028_2026-Q2.goals.json" '"format": "partnerreview-goals/1"'
expect_text "$work/q2/US-KY-028_2026-Q2.goals.json" '"figure": "revenue", "owner": "partner", "baseline": 25590, "target": 29000'
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

# A bigger batch stopped surely in its middle (at 25 % and 50 % of its full run's time,
# however fast this build is): the signal ends it (130) after the workers are back;
# every report there is whole and equal to the full run's, no temporary report, and no
# temporary font folder in TMPDIR.
mkdir -p "$work/synth" "$work/tmp"
python3 "$src/bench/synth.py" 600 "$work/synth"
sargs=(-m "$work/synth/metrics.json" -s "$work/synth/survey.json")
t0=$(date +%s.%N)
"$prog" "${sargs[@]}" -o "$work/full" -j2 2> /dev/null
expect_eq "exit status of the synthetic batch" "$?" 0
full=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
for share in 0.25 0.5; do
	delay=$(awk -v t="$full" -v s="$share" 'BEGIN { print t * s }')
	rm -rf "$work/sint"
	TMPDIR="$work/tmp" "$prog" "${sargs[@]}" -o "$work/sint" -j2 2> /dev/null &
	pid=$!
	sleep "$delay"
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	expect_eq "exit status after SIGINT at $share of the run" "$?" 130
	expect_eq "temporary reports after SIGINT at $share of the run" \
		"$(find "$work/sint" -name '.*' 2> /dev/null | wc -l)" 0
	expect_eq "temporary fonts after SIGINT at $share of the run" "$(ls -A "$work/tmp" | wc -l)" 0
	whole=0
	for f in "$work"/sint/*.pdf; do
		[ -e "$f" ] || continue
		if cmp -s "$f" "$work/full/$(basename "$f")"; then whole=$((whole + 1)); else
			bad "$(basename "$f") left by an interrupted run is not the whole report"
		fi
	done
	if [ "$whole" -lt 600 ]; then ok; else bad "SIGINT at $share of the run stopped nothing"; fi
done

# On a terminal a progress bar with the count and the time left; its last state before
# the summary is the whole batch. In a pipe (every other test here) nothing of it.
if command -v script > /dev/null; then
	script -qec "'$prog' -m '$src/samples/metrics.json' -s '$src/samples/survey.json' -o '$work/tty' -j2" \
		/dev/null | tr '\r' '\n' > "$work/tty.out"
	expect_text "$work/tty.out" "partnerreview: [######################..] 28/30 reports, about "
	expect_text "$work/tty.out" "partnerreview: [########################] 30/30 reports, about 0 s left"
	expect_text "$work/tty.out" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
	if grep -q "reports, about" "$work/j1.err"; then bad "a progress bar in a pipe"; else ok; fi
else
	bad "no script(1) to test the progress bar on a terminal"
fi

done_tests

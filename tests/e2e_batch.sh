#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The batch as a whole: -j gives the same PDFs and messages as -j1, an interrupted
# run leaves no partial file, and every file left is a whole PDF.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json")

"$prog" "${args[@]}" -o "$work/j1" -j1 2> "$work/j1.err"
expect_eq "exit status -j1" "$?" 0
"$prog" "${args[@]}" -o "$work/j4" -j4 2> "$work/j4.err"
expect_eq "exit status -j4" "$?" 0
if diff -r "$work/j1" "$work/j4" > /dev/null; then ok; else bad "-j4 PDFs differ from -j1"; fi
if cmp -s "$work/j1.err" "$work/j4.err"; then ok; else bad "-j4 messages differ from -j1"; fi
expect_eq "reports -j4" "$(ls "$work/j4" | wc -l)" 30

# Shards: each a fixed share; together exactly the full run, byte for byte.
for k in 1 2 3; do
	"$prog" "${args[@]}" -o "$work/shards" --shard "$k/3" 2> "$work/shard$k.err"
	expect_eq "exit status of shard $k/3" "$?" 0
	expect_text "$work/shard$k.err" "partnerreview: 2026-Q3 (shard $k/3): 10 reports written"
done
if diff -r "$work/j1" "$work/shards" > /dev/null; then ok; else bad "the union of the shards differs from the full run"; fi
"$prog" "${args[@]}" -o "$work/bad" --shard 4/3 2> "$work/bad.err"
expect_eq "exit status of --shard 4/3" "$?" 2

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

done_tests

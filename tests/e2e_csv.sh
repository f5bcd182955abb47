#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The CSV form of the samples (samples/metrics.csv, ';' with German numbers, and
# samples/survey.csv, ',') renders byte for byte the reports of the JSON samples.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/json" -j2 \
	2> "$work/json.err"
expect_eq "JSON exit status" "$?" 0
"$prog" -m "$src/samples/metrics.csv" -s "$src/samples/survey.csv" -o "$work/csv" -j2 \
	2> "$work/csv.err"
expect_eq "CSV exit status" "$?" 0
expect_text "$work/csv.err" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
expect_eq "same messages" "$(sed 's/metrics\.csv/metrics.json/' "$work/csv.err")" "$(cat "$work/json.err")"
expect_eq "same files" "$(cd "$work/csv" && ls)" "$(cd "$work/json" && ls)"
for f in "$work/json"/*; do
	name=$(basename "$f")
	if cmp -s "$f" "$work/csv/$name"; then ok; else bad "$name differs between JSON and CSV"; fi
done
# The text too, so that a failure says what differs.
pdf_text "$work/csv/US-CA-014_2026-Q3.pdf"
pdf_text "$work/json/US-CA-014_2026-Q3.pdf"
expect_eq "US-CA-014 text" "$(cat "$work/csv/US-CA-014_2026-Q3.pdf.txt")" \
	"$(cat "$work/json/US-CA-014_2026-Q3.pdf.txt")"
expect_text "$work/csv/US-CA-014_2026-Q3.pdf.txt" "1.250.000 $"

# A file named otherwise is told by its content; a pipe works as well.
cp "$src/samples/metrics.csv" "$work/export.txt"
"$prog" --check -m "$work/export.txt" -s /dev/stdin -p US-CA-014 < "$src/samples/survey.csv" \
	2> "$work/check.err"
expect_eq "--check of export.txt and a pipe" "$?" 0
expect_text "$work/check.err" "1 report checked (--check: nothing written), 0 failed"

# The committed CSV samples are what tests/json_to_csv.py makes of the JSON ones, and
# the ',' form of the metrics reads the same as the ';' form.
if command -v python3 > /dev/null; then
	python3 "$src/tests/json_to_csv.py" "$src/samples/metrics.json" "$work/m.csv" --sep ';'
	python3 "$src/tests/json_to_csv.py" "$src/samples/survey.json" "$work/s.csv"
	if cmp -s "$work/m.csv" "$src/samples/metrics.csv"; then ok; else bad "samples/metrics.csv is stale"; fi
	if cmp -s "$work/s.csv" "$src/samples/survey.csv"; then ok; else bad "samples/survey.csv is stale"; fi
	python3 "$src/tests/json_to_csv.py" "$src/samples/metrics.json" "$work/comma.csv"
	"$prog" -m "$work/comma.csv" -s "$src/samples/survey.csv" -o "$work/comma" -p US-CA-014 \
		2> /dev/null
	if cmp -s "$work/comma/US-CA-014_2026-Q3.pdf" "$work/json/US-CA-014_2026-Q3.pdf"; then ok; else
		bad "the ','-separated metrics give another report"
	fi
fi
done_tests

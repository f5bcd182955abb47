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

# A file named otherwise is told by its content; a file as standard input works as well
# (a pipe does not: inputs are regular files, see tests/e2e_inputs.sh).
cp "$src/samples/metrics.csv" "$work/export.txt"
"$prog" --check -m "$work/export.txt" -s /dev/stdin -p US-CA-014 < "$src/samples/survey.csv" \
	2> "$work/check.err"
expect_eq "--check of export.txt and standard input" "$?" 0
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
# A header of 200,000 question columns is read in linear time (its names were compared
# pair by pair: minutes); the one bad scale then makes the file unusable before any layout.
{
	printf 'wave,partner_id,'
	seq -f 'q%.0f' 200000 | paste -sd,
	printf '#scale,,1..x\n'
} > "$work/wide.csv"
timeout 20 "$prog" --check -m "$src/samples/metrics.json" -s "$work/wide.csv" 2> "$work/wide.err"
expect_eq "200,000 question columns: exit status" "$?" 2
expect_eq "200,000 question columns: messages" "$(cat "$work/wide.err")" \
	"partnerreview: $work/wide.csv:2: q1: error: invalid scale \"1..x\"; expected MIN..MAX such as 1..5 or 0..10
partnerreview: stopped: the survey file is unusable; nothing written"

# 200,000 reps in one quarter: a repeated name is looked up, not compared with every
# rep before it (minutes), and still found.
{
	echo 'vendor_name,channel_manager_name,partner_id,name,period,revenue,target,rep_name,rep_revenue'
	echo 'V,K,B1,Bar,2026-Q3,1,2,,'
	echo 'V,K,A1,Foo,2026-Q3,1,2,,'
	seq -f ',,A1,,2026-Q3,,,r%.0f,1' 200000
	echo ',,A1,,2026-Q3,,,r7,1'
} > "$work/reps.csv"
timeout 20 "$prog" --check -m "$work/reps.csv" 2> "$work/reps.err"
expect_eq "200,000 reps: exit status" "$?" 1
expect_eq "200,000 reps: messages" "$(cat "$work/reps.err")" \
	"partnerreview: $work/reps.csv:200004: rep_name: error: rep \"r7\" appears twice in 2026-Q3, first on line 10
partnerreview: 2026-Q3: 1 report checked (--check: nothing written), 1 failed (A1), 0 skipped, 0 warnings"

# --help says that both inputs may be CSV.
"$prog" --help > "$work/help.txt"
expect_text "$work/help.txt" "-m, --metrics FILE   partner figures, JSON or CSV"
expect_text "$work/help.txt" "-s, --survey FILE    survey results, JSON or CSV"
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The page flow of the bundled samples and of 2,000 generated partners (bench/synth.py),
# read from their layout dumps by tests/pageflow.py: no stranded heading, no widow or
# orphan, no table broken with fewer than three rows a side, no chart label cut, and at
# most 5 % of the reports ending on a page less than a fifth full (issue 12).
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
py=/usr/bin/python3

# The check itself finds what it looks for: a heading alone at a page foot, a widow.
cat > "$work/bad.layout" << 'EOF'
page 1 595.28 841.89
piece 1 area 0 0 0 0 56.69 785.20 0
piece 1 para 1 0 30 1 56.69 700.00 0
piece 1 heading 2 0 1 1 760.00 775.00 0
page 2 595.28 841.89
piece 2 area 0 0 0 0 56.69 785.20 0
piece 2 para 3 0 4 0 56.69 120.00 0
piece 3 para 3 4 1 1 56.69 70.00 0
EOF
"$py" "$src/tests/pageflow.py" --max-ending 0.05 "$work/bad.layout" > "$work/bad.txt"
expect_eq "the check's status on a bad dump" "$?" 1
expect_text "$work/bad.txt" "stranded headings 1"
expect_text "$work/bad.txt" "widows 1, orphans 0"

# Balanced endings by moving a chart (README): with no vertical glue to scale, the chart
# marked float="yes" moves past the next paragraph and the report ends on page 2, not
# with its closing alone on page 3; the same chart not marked stays where it is written.
for c in float_chart float_chart_fixed; do
	"$prog" -m "$src/tests/golden/$c/metrics.json" -t "$src/tests/golden/$c/template.xml" \
		-o "$work/$c" --layout-dump 2> "$work/stderr"
	expect_eq "exit status ($c)" "$?" 0
	dump=$(ls "$work/$c"/*.layout | head -n 1)
	pages=$(grep -c '^page ' "$dump")
	order=$(awk '$1 == "piece" && $3 != "area" && !seen[$4]++ { printf "%s%s", sep, $3; sep = " " }' \
		"$dump")
	if [ "$c" = float_chart ]; then
		expect_eq "pages ($c)" "$pages" 2
		expect_eq "block order ($c)" "$order" "heading para para chart chart para para"
	else
		expect_eq "pages ($c)" "$pages" 3
		expect_eq "block order ($c)" "$order" "heading para chart para chart para para"
	fi
done

"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/samples" \
	--layout-dump 2> "$work/stderr"
expect_eq "exit status (samples)" "$?" 0
"$py" "$src/tests/pageflow.py" --list --max-ending 0.05 "$work/samples" > "$work/samples.txt"
expect_eq "page flow of the samples" "$?" 0
expect_text "$work/samples.txt" "dumps 31, reports 30"
cat "$work/samples.txt"

mkdir "$work/gen"
"$py" "$src/bench/synth.py" 2000 "$work/gen"
"$prog" -m "$work/gen/metrics.json" -s "$work/gen/survey.json" -o "$work/gen/out" \
	--layout-dump 2> "$work/stderr"
expect_eq "exit status (2,000 generated)" "$?" 0
"$py" "$src/tests/pageflow.py" --list --max-ending 0.05 "$work/gen/out" > "$work/gen.txt"
expect_eq "page flow of 2,000 generated partners" "$?" 0
expect_text "$work/gen.txt" "dumps 2001, reports 2000"
head -n 8 "$work/gen.txt"
# Page 1, the cover, ends on page 1 however much it holds (tests/cover_check.py).
"$py" "$src/tests/cover_check.py" --list "$work/gen/out" > "$work/gen_cover.txt"
expect_eq "covers of 2,000 generated partners" "$?" 0
expect_text "$work/gen_cover.txt" "covers 2000, over page 1: 0"
head -n 5 "$work/gen_cover.txt"
done_tests

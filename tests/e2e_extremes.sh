#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Figures at the edge of what a double holds are absurd but valid input: a revenue of
# 1.7e308, two that overflow their sum, a target so small the attainment is infinite.
# The run must end, every PDF must stay well-formed (libharu writes coordinates below
# -32767 as garbage) and its text extractable, and everything must be drawn on its page.
# Once the chart axis counted to infinity; once its labels of 309 digits started at
# x = -1292 (issue 17), now they read 1,7E+308.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

python3 - "$src/samples/metrics.json" "$work/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
p = m["partners"]
p[0]["quarters"][-1]["revenue"] = 1.7e308
p[1]["quarters"][-1]["revenue"] = 1.5e308
p[2]["quarters"][-1]["revenue"] = 1.5e308
p[3]["quarters"][-1]["target"] = 1e-300
# Every quarter of one partner 1e30 (a bar chart's whole axis), of another 2e16 (a
# sparkline of figures a double cannot tell from their neighbours).
for q in p[4]["quarters"]:
    q["revenue"] = q["target"] = 1e30
for q in p[5]["quarters"]:
    q["revenue"] = q["target"] = 2e16
json.dump(m, open(sys.argv[2], "w"))
PY
timeout 300 "$prog" -m "$work/metrics.json" -s "$src/samples/survey.json" -o "$work/out" -j2 \
	--layout-dump 2> "$work/stderr"
expect_eq "exit status" "$?" 0
expect_eq "reports written" "$(ls "$work/out"/*.pdf 2>/dev/null | wc -l)" 31
for f in "$work/out"/*.pdf; do
	if qpdf --check "$f" > "$work/qpdf.txt" 2>&1; then ok; else
		bad "$(basename "$f"): qpdf --check: $(grep -m1 -i 'warning\|error' "$work/qpdf.txt")"
	fi
	if pdftotext "$f" /dev/null 2> "$work/pdftotext.txt" && [ ! -s "$work/pdftotext.txt" ]; then
		ok
	else
		bad "$(basename "$f"): pdftotext: $(head -1 "$work/pdftotext.txt")"
	fi
done
# Every item within its page: text from its left edge to its width, lines, rectangles,
# images; no coordinate NaN or infinite.
for f in "$work/out"/*.layout; do
	off=$(awk '
		$1 == "page" { split($3, wh, "x"); W = wh[1] + 0.01; H = wh[2] + 0.01; next }
		/nan|inf/ && $1 != "text" { print; exit }
		$1 == "text" && ($3 < -0.01 || $3 + $5 > W || $4 < 0 || $4 > H) { print; exit }
		$1 == "line" && ($3 < -0.01 || $5 < -0.01 || $3 > W || $5 > W || $4 < 0 || $6 < 0 || $4 > H || $6 > H) { print; exit }
		($1 == "rect" || $1 == "image") && ($3 < -0.01 || $4 < -0.01 || $3 + $5 > W || $4 + $6 > H) { print; exit }
	' "$f")
	if [ -z "$off" ]; then ok; else bad "$(basename "$f"): off the page: ${off:0:160}"; fi
done
# The axis of the comparison with all partners: up to 1.7e308, written as 1,7E+308.
id4=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["partners"][4]["id"])' \
	"$work/metrics.json")
expect_text "$work/out/${id4}_2026-Q3.layout" '"1,7E+308"'
# The figure itself is shown, all 309 digits of it, as the money format writes it.
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["partners"][0]["id"])' \
	"$work/metrics.json")
pdf_text "$work/out/${id}_2026-Q3.pdf"
expect_flat "$work/out/${id}_2026-Q3.pdf.txt" "169.999.999.999.999.990.000.000"
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Figures at the edge of what the input takes are absurd but valid: three revenues of
# the largest amount (2^53, README "Limits"), a target so small the attainment is
# infinite. The run must end, every PDF must stay well-formed (libharu writes
# coordinates below -32767 as garbage), its text extractable, and everything drawn on
# its page. Once the chart axis counted to infinity (a revenue of 1.7e308, which is now
# past the limit: the partner fails alone, checked at the end).
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

python3 - "$src/samples/metrics.json" "$work/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
p = m["partners"]
p[0]["quarters"][-1]["revenue"] = 9007199254740992
p[1]["quarters"][-1]["revenue"] = 9007199254740992
p[2]["quarters"][-1]["revenue"] = 9007199254740992
p[3]["quarters"][-1]["target"] = 1e-300
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
# The figure itself is shown, every digit, as the money format writes it.
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["partners"][0]["id"])' \
	"$work/metrics.json")
pdf_text "$work/out/${id}_2026-Q3.pdf"
expect_flat "$work/out/${id}_2026-Q3.pdf.txt" "9.007.199.254.740.992"

# Past the limit: the partner fails alone, with the place and the figure.
python3 - "$work/metrics.json" "$work/huge.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["partners"][0]["quarters"][-1]["revenue"] = 1.7e308
json.dump(m, open(sys.argv[2], "w"))
PY
"$prog" --check -m "$work/huge.json" -s "$src/samples/survey.json" 2> "$work/stderr"
expect_eq "exit status past the limit" "$?" 1
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["partners"][0]["quarters"]) - 1)' \
	"$work/huge.json")
expect_text "$work/stderr" "partnerreview: $work/huge.json: partners[0].quarters[$n].revenue: error: must be at most 9007199254740992, got 1.7e+308"
done_tests

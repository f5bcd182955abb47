#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Each report in its partner's language (issue 16): a partner's "language" in the
# metrics (JSON, or the CSV column) picks the report template of that language: en/
# beside the run's template, else the bundled one; the overview stays in the run's.
# First with small templates of the test's own (the golden English one and a German
# copy): figures, dates and quarters as each language writes them, English hyphenation
# in the English report; then the bundled templates on the samples.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
unset PARTNERREVIEW_DATADIR

# The run's template German, en/review.xml beside it English (the golden case's).
tpl="$work/tpl"
mkdir -p "$tpl/en"
cp "$src/tests/golden/english/template.xml" "$tpl/en/review.xml"
sed 's/ language="en"//' "$src/tests/golden/english/template.xml" > "$tpl/review.xml"
python3 - "$src/tests/golden/english/metrics.json" "$work/mixed.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
m["partners"][0]["language"] = "en"    # US-CA-001 in English; US-TX-002 names none
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$prog" -m "$work/mixed.json" -t "$tpl/review.xml" -o "$work/mixed" --layout-dump -j2 \
	2> "$work/mixed.err"
expect_eq "mixed run status" "$?" 0
expect_text "$work/mixed.err" "partnerreview: 2026-Q3: 2 reports written, 0 failed, 0 skipped, 0 warnings"
en="$work/mixed/US-CA-001_2026-Q3.pdf"
de="$work/mixed/US-TX-002_2026-Q3.pdf"
pdf_text "$en"
pdf_text "$de"
# English: $ first, ',' groups, '.' decimals, 12/31/2026, Q3 2026.
for s in 'Quarter Q3 2026, as of 11/26/2026; partner since 04/01/2019' \
	'Revenue $1,234,568 against a target of $1,200,000: 102.9% attainment' \
	'+4.0% on the previous quarter, share 76.46%'; do
	expect_flat "$en.txt" "$s"
done
expect_no_text "$en.txt" "Q3/2026"
# English hyphenation (hyphen-en-us) in the English report: ex-traordinary.
expect_eq "English hyphenation" \
	"$(grep -c '"traordinary"' "$work/mixed/US-CA-001_2026-Q3.layout")" 1
# German: the same template's words, German figures.
for s in 'Quarter Q3/2026, as of 26.11.2026' 'Revenue 380.000 $ against a target of 500.000 $: 76,0 %'; do
	expect_flat "$de.txt" "$s"
done
expect_no_text "$de.txt" "Q3 2026"
# The overview stays in the run's language: the bundled German one.
pdf_text "$work/mixed/portfolio_2026-Q3.pdf"
expect_text "$work/mixed/portfolio_2026-Q3.pdf.txt" "Q3/2026"
expect_no_text "$work/mixed/portfolio_2026-Q3.pdf.txt" "Q3 2026"

# The English partner's report is the one an English run writes for it (same layout).
"$prog" -m "$work/mixed.json" -t "$tpl/en/review.xml" -p US-CA-001 -o "$work/en-run" \
	--layout-dump 2> "$work/en-run.err"
expect_eq "English run status" "$?" 0
if cmp -s "$work/en-run/US-CA-001_2026-Q3.layout" "$work/mixed/US-CA-001_2026-Q3.layout"; then
	ok
else
	bad "the English report of the mixed run differs from the English run's"
fi

# The CSV column: the same partners, language as a column (empty: the run's).
cat > "$work/mixed.csv" <<'CSV'
vendor_name,channel_manager_name,currency,partner_id,name,language,partner_since,period,revenue,target
Hohenfels Machine Tools Inc.,Katrin Hübner,USD,US-CA-001,Pacific Industrial Supply Inc.,en,2019-04-01,2026-Q2,1187500.25,1150000
,,,US-CA-001,,,,2026-Q3,1234567.5,1200000
,,,US-TX-002,Lone Star Tools LLC,,,2026-Q2,450000,500000
,,,US-TX-002,,,,2026-Q3,380000,500000
CSV
"$prog" -m "$work/mixed.csv" -t "$tpl/review.xml" -o "$work/csv" 2> "$work/csv.err"
expect_eq "CSV run status" "$?" 0
pdf_text "$work/csv/US-CA-001_2026-Q3.pdf"
pdf_text "$work/csv/US-TX-002_2026-Q3.pdf"
expect_flat "$work/csv/US-CA-001_2026-Q3.pdf.txt" 'Revenue $1,234,568 against a target of $1,200,000: 102.9% attainment'
expect_flat "$work/csv/US-TX-002_2026-Q3.pdf.txt" 'Revenue 380.000 $ against a target of 500.000 $: 76,0 %'

# The bundled templates: the same catalogue ids in both languages.
ids() { grep -o '<entry id="[^"]*"' "$1" | LC_ALL=C sort; }
for t in review.xml portfolio.xml; do
	expect_eq "catalogue ids of $t, German and English" "$(ids "$src/templates/en/$t")" \
		"$(ids "$src/templates/$t")"
done

# The samples, two partners in English, with the bundled (German) template.
python3 - "$src/samples/metrics.json" "$work/samples.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
for p in m["partners"]:
    if p["id"] in ("US-CA-014", "US-TX-007"):
        p["language"] = "en"
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$prog" -m "$work/samples.json" -s "$src/samples/survey.json" -o "$work/s" -j2 2> "$work/s.err"
expect_eq "samples status" "$?" 0
expect_text "$work/s.err" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
ca="$work/s/US-CA-014_2026-Q3.pdf"
pdf_text "$ca"
for s in "Quarterly Business Review Q3 2026" "Dear Mr. Torres," "At a glance" \
	"What’s holding you back: too few leads (ongoing)." "Our joint goals through 12/31/2026" \
	'In Q3 2026, you booked $1,250,000 in revenue against a target of $1,510,000' \
	"Partner since 04/01/2019" "As of 11/26/2026" "Best regards,"; do
	expect_flat "$ca.txt" "$s"
done
# Page 1's tiles in English (tests/tiles.py reads them tile by tile).
expect_eq "English tiles of US-CA-014" "$(python3 "$src/tests/tiles.py" "$ca" | sed 's/\xc2\xa0/ /g')" \
	"Revenue in Q3 2026 | \$1,250,000 | −2.4% vs. last | quarter
Attainment | 82.8% | Target \$1,510,000
Rank in our network | #4 of 30 | Class A
Net Promoter Score | −50 | −50 vs. last wave
Overall status | yellow | attainment below | plan"
expect_flat "$ca.txt" "Without numbers for the same quarter last year, the row “Change vs. same quarter last year” is left out."
for s in "Partner-Review" "Sehr geehrte" "Umsatz" "Q3/2026" "82,8"; do
	expect_no_text "$ca.txt" "$s"
done
# No space between a figure and "%" (the Pareto chart's axis neither).
expect_eq "figures with ' %'" "$(grep -cE '[0-9] %' "$ca.txt")" 0
oh="$work/s/US-OH-005_2026-Q3.pdf"
pdf_text "$oh"
expect_text "$oh.txt" "Partner-Review Q3/2026"
expect_no_text "$oh.txt" "Quarterly Business Review"
pdf_text "$work/s/portfolio_2026-Q3.pdf"
expect_text "$work/s/portfolio_2026-Q3.pdf.txt" "Portfolio-Übersicht Q3/2026"

# An English run: every report and the overview in English, on US Letter, and the
# layout checks of the German one (e2e_layout): nothing outside the text area (612 pt
# wide, 22 mm margins), no two items on one baseline overlapping.
"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" \
	-t "$src/templates/en/review.xml" -o "$work/en" --layout-dump -j2 2> "$work/en.err"
expect_eq "English run status" "$?" 0
expect_text "$work/en.err" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
pdf_text "$work/en/portfolio_2026-Q3.pdf"
expect_text "$work/en/portfolio_2026-Q3.pdf.txt" "Partner Portfolio Q3 2026"
expect_eq "page size" "$(pdfinfo "$work/en/US-CA-014_2026-Q3.pdf" | awk '/^Page size/ { print $3, $5 }')" "612 792"
left=62.36
right=$(awk 'BEGIN { printf "%.2f", 612 - 62.36 }')
for f in "$work/en"/US-*.layout; do
	out=$(awk -v l="$left" -v r="$right" '$1 == "text" && ($3 < l - 0.01 || $3 + $5 > r + 0.01) { print }' "$f")
	if [ -n "$out" ]; then bad "$(basename "$f"): text outside the text area: $(echo "$out" | head -2)"; else ok; fi
	out=$(awk '$1 == "text" { k = $2 " " $4; n = cnt[k]++; xs[k, n] = $3; xe[k, n] = $3 + $5 }
		END { for (k in cnt) for (i = 0; i < cnt[k]; i++) for (j = i + 1; j < cnt[k]; j++)
			if (xs[k, i] < xe[k, j] - 0.05 && xs[k, j] < xe[k, i] - 0.05) { print k; exit } }' "$f")
	if [ -n "$out" ]; then bad "$(basename "$f"): text overlapping on page/baseline $out"; else ok; fi
done
# A partner's own quotation marks inside ours: ‘…’ in English (the sample's "Ersatzteil").
expect_eq "German quotation marks in the English reports" \
	"$(cat "$work/en"/*.layout | grep -c '[„‚]')" 0

done_tests

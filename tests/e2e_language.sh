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

done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The portfolio overview at any size: the PDF and OUT/portfolio_<period>.csv beside it,
# read back with Python's csv module and compared with the PDF's table; a portfolio
# above the rules' table-max shows the largest of each list and stays short.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

# The samples (30 partners, below table-max): the PDF lists every partner, the CSV too.
"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/s" -p US-CA-014 \
	--portfolio 2> "$work/s.err"
expect_eq "exit status" "$?" 0
expect_eq "files" "$(cd "$work/s" && ls | tr '\n' ' ')" \
	"US-CA-014_2026-Q3.goals.json US-CA-014_2026-Q3.pdf US-CA-014_2026-Q3.review.json portfolio_2026-Q3.csv portfolio_2026-Q3.pdf "
pdftotext -layout -enc UTF-8 "$work/s/portfolio_2026-Q3.pdf" "$work/s.txt" 2> /dev/null
if python3 "$src/tests/portfolio_csv.py" "$work/s/portfolio_2026-Q3.csv" "$work/s.txt" 30 30 \
	"$src/samples/metrics.json" 2026-Q3 > "$work/cmp.out"; then
	ok
else
	bad "the samples' CSV and PDF table differ: $(grep FAIL "$work/cmp.out" | head -5)"
fi
csv="$work/s/portfolio_2026-Q3.csv"
expect_text "$csv" "Umsatz Q3/2026 (USD);Ziel Q3/2026 (USD);Zielerreichung in %"
expect_text "$csv" ";Umsatz Q4/2025 (USD);Umsatz Q1/2026 (USD);Umsatz Q2/2026 (USD)"
# Every figure of a partner, as German Excel reads it (US-PA-001: trend -7,78 % a quarter, (1,050,000 / 1,339,000)^(1/3) - 1; its service tickets are few for its revenue, so marketing is its one cause: docs/rules.md).
expect_text "$csv" "5;US-PA-001;Keystone Metalworking Supply Inc.;Pennsylvania;Gold;1050000,00;1350000,00;77,78;9,103;70,224;A;fallend;-7,78;gelb;Marketing;1;ja;nein;0;ja;1339000,00;1237900,00;1154800,00"
# A name with the separator in it is quoted (US-IL-003's "Distribution, Service & ...": a
# comma is no separator here), and nothing a partner's name holds runs as a formula.
sed 's/"name": "Pacific Industrial Supply Inc."/"name": "=HYPERLINK(\\"http:\/\/x.example\\";\\"Pacific\\")"/' \
	"$src/samples/metrics.json" > "$work/formula.json"
"$prog" -m "$work/formula.json" -s "$src/samples/survey.json" -o "$work/f" -p US-CA-014 --portfolio 2> /dev/null
expect_text "$work/f/portfolio_2026-Q3.csv" "4;US-CA-014;\"'=HYPERLINK(\"\"http://x.example\"\";\"\"Pacific\"\")\";Kalifornien"

# The same partners with table-max 10 and list-max 5: the largest class-A partners, the
# causes of the underperformers, the largest five of each list, the rest in the CSV.
sed 's/table-max="150" list-max="30"/table-max="10" list-max="5"/' "$src/templates/rules.xml" > "$work/rules.xml"
"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/b" -p US-CA-014 \
	--portfolio --rules "$work/rules.xml" 2> "$work/b.err"
expect_eq "exit status with table-max 10" "$?" 0
pdftotext -layout -enc UTF-8 "$work/b/portfolio_2026-Q3.pdf" "$work/b.txt" 2> /dev/null
if python3 "$src/tests/portfolio_csv.py" "$work/b/portfolio_2026-Q3.csv" "$work/b.txt" 30 5 > "$work/cmp.out"; then
	ok
else
	bad "table-max 10: the CSV and PDF table differ: $(grep FAIL "$work/cmp.out" | head -5)"
fi
pdf_text "$work/b/portfolio_2026-Q3.pdf"
b="$work/b/portfolio_2026-Q3.pdf.txt"
expect_text "$b" "Die größten A-Partner"
expect_flat "$b" "7 der 30 Partner sind A-Partner: die umsatzstärksten, die zusammen 80,0 % des Umsatzes erreichen. Die Tabelle zeigt die 5 größten; alle Partner mit allen Zahlen stehen in der Datei portfolio_2026-Q3.csv (für Excel)."
expect_text "$b" "… und 2 weitere, alle in portfolio_2026-Q3.csv."
expect_no_text "$b" "Alle Partner nach Umsatz"
expect_text "$b" "Die häufigsten Hauptursachen der"
expect_text "$b" "Die 5 umsatzstärksten von ihnen:"
expect_eq "underperformers listed with table-max 10" \
	"$(grep -c 'Zielerreichung; Ursache\|Zielerreichung$' "$b")" 5

# 400 synthetic partners: a few pages whatever the number, every partner in the CSV with
# the metrics' own figures.
mkdir -p "$work/synth"
python3 "$src/bench/synth.py" 400 "$work/synth" > /dev/null
"$prog" -m "$work/synth/metrics.json" -s "$work/synth/survey.json" -o "$work/k" -p US-CA-00001 \
	--portfolio 2> /dev/null
expect_eq "exit status of 400 partners" "$?" 0
pages=$(pdfinfo "$work/k/portfolio_2026-Q3.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
if [ -n "$pages" ] && [ "$pages" -le 25 ]; then ok; else bad "400 partners: the overview has $pages pages"; fi
pdftotext -layout -enc UTF-8 "$work/k/portfolio_2026-Q3.pdf" "$work/k.txt" 2> /dev/null
if python3 "$src/tests/portfolio_csv.py" "$work/k/portfolio_2026-Q3.csv" "$work/k.txt" 400 30 \
	"$work/synth/metrics.json" 2026-Q3 > "$work/cmp.out"; then
	ok
else
	bad "400 partners: the CSV and PDF table differ: $(grep FAIL "$work/cmp.out" | head -5)"
fi
pdf_text "$work/k/portfolio_2026-Q3.pdf"
k="$work/k/portfolio_2026-Q3.pdf.txt"
expect_text "$k" "Die größten A-Partner"
expect_no_text "$k" "Alle Partner nach Umsatz"
expect_text "$k" "Schwerpunkt: Partner unter Plan"
expect_text "$k" "Die häufigsten Hauptursachen der"
expect_text "$k" "Die 30 umsatzstärksten von ihnen:"
expect_text "$k" "Zu eskalieren"
expect_text "$k" "Befragung Q3/2026 über alle Partner"

# --check makes both and writes neither.
"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" --check 2> "$work/check.err"
expect_eq "exit status of --check" "$?" 0

done_tests

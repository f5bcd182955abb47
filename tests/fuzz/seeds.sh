#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the seed corpora of the fuzz harnesses from the tree itself: every input of
# tests/cases, tests/golden and samples/, the bundled templates and rules, and the goals
# file of docs/goals.md, sorted by the reader that takes them (by content, not by
# name), plus the few hand-written seeds of tests/fuzz/seeds. Nothing binary is kept
# in the repository; the corpora are as current as the tests.
#   tests/fuzz/seeds.sh OUTDIR   ->  OUTDIR/<harness>/<file>
set -euo pipefail
out=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
max=65536 # bytes: larger files slow every mutation and add nothing the small ones lack

for h in metrics_json metrics_csv survey_json survey_csv template rules goals; do
	rm -rf "${out:?}/$h"
	mkdir -p "$out/$h"
done

n=0
put() { # harness file
	local h=$1 f=$2
	[ "$(stat -c %s "$f")" -le $max ] || return 0
	n=$((n + 1))
	cp "$f" "$out/$h/$(printf '%04d' $n)_$(basename "$f")"
}

while IFS= read -r -d '' f; do
	case $f in
	*.json)
		if grep -q '"format": *"partnerreview-goals' "$f"; then put goals "$f"
		elif grep -q '"waves"' "$f"; then put survey_json "$f"
		else put metrics_json "$f"; fi ;;
	*.csv)
		head=$(head -c 4096 "$f" | tr 'A-Z' 'a-z')
		if grep -q 'wave' <<<"$head"; then put survey_csv "$f"
		else put metrics_csv "$f"; fi ;;
	*.xml)
		if grep -q '<rules' "$f"; then put rules "$f"
		elif grep -q '<template\|<part' "$f"; then put template "$f"; fi ;;
	esac
done < <(find "$src/tests/cases" "$src/tests/golden" "$src/samples" "$src/templates" \
	-type f \( -name '*.json' -o -name '*.csv' -o -name '*.xml' \) -print0 | sort -z)

# The goals file as docs/goals.md shows it (the program writes no other form).
awk '/^```json/ {on = 1; next} /^```/ {on = 0} on' "$src/docs/goals.md" \
	> "$out/goals/docs_goals.json"
for d in "$src"/tests/fuzz/seeds/*/; do
	[ -d "$d" ] && cp "$d"* "$out/$(basename "$d")/"
done

# Dictionaries (-dict=): the words each reader knows, taken from the same files, so that
# the fuzzer tries "revenue" or <keep> rather than guessing them byte by byte.
tokens() { # one token a line on stdin -> the dictionary format on stdout
	LC_ALL=C sort -u | sed '/^$/d; s/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/'
}
{
	grep -oh '"[a-z_]*":' "$src"/samples/*.json "$src/docs/goals.md"
	printf '%s\n' '{' '}' '[' ']' ',' ':' 'null' 'true' 'false' '-1e308' '1e999' '"\u0000"' \
		'\ud800' '2026-Q3' '2026-09-30' 'partnerreview-metrics/1' 'partnerreview-survey/1' \
		'partnerreview-goals/1'
} | tokens > "$out/json.dict"
{
	head -qn1 "$src"/samples/*.csv | tr ';,' '\n\n'
	printf '%s\n' ';' ',' '"' '""' '#text' '#topic' '#scale' '0..10' '1.234.567,5' 'wahr' \
		'ja' '14.09.2026' '2026-Q3' 'Name <a@b.example>; '
} | tokens > "$out/csv.dict"
echo '"\x0D\x0A"' >> "$out/csv.dict"
{
	grep -o 'name="[a-z-]*"' "$src/templates/template.rng" | cut -d'"' -f2
	grep -o '<[a-z-]*' "$src/templates/template.rng" | sed 's/^<//' | sed 's/^/</'
	printf '%s\n' '<!DOCTYPE' '<!ENTITY' '&amp;' '&#x1F600;' '<![CDATA[' ']]>' '<?xml' \
		'xmlns' 'xml:base' '"/>' '</' 'partner.name' 'portfolio.partners' 'review/styles.xml' \
		'logo.png' 'LiberationSans-Regular.ttf'
} | tokens > "$out/template.dict"
{
	grep -o '<[a-z-]*\|[a-z-]*="' "$src/templates/rules.xml" | tr -d '="<'
	printf '%s\n' '<' '/>' '="' '<!DOCTYPE' '<!ENTITY' 'nan' 'inf' '1e99' '-0'
} | tokens > "$out/rules.dict"
cp "$out/json.dict" "$out/metrics_json.dict"
cp "$out/json.dict" "$out/survey_json.dict"
mv "$out/json.dict" "$out/goals.dict"
cp "$out/csv.dict" "$out/metrics_csv.dict"
mv "$out/csv.dict" "$out/survey_csv.dict"

for h in metrics_json metrics_csv survey_json survey_csv template rules goals; do
	printf '%s: %s seeds, %s words\n' "$h" "$(ls "$out/$h" | wc -l)" "$(wc -l < "$out/$h.dict")"
done

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the placed text of real reports through the layout dump: nothing outside the
# text area, a very long partner name wrapped, the dump agreeing with the PDF.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/out" \
	--layout-dump 2> /dev/null
expect_eq "exit status" "$?" 0
expect_eq "layout dumps" "$(ls "$work/out"/US-*.layout | wc -l)" 30
# The overview's too (landscape: its own text area).
expect_eq "the overview's dump" "$(ls "$work/out"/portfolio_*.layout | wc -l)" 1

# The bundled template's text area: A4 with 22 mm margins left and right.
left=62.36
right=$(awk 'BEGIN { printf "%.2f", 595.28 - 62.36 }')
for f in "$work/out"/US-*.layout; do
	out=$(awk -v l="$left" -v r="$right" '$1 == "text" && ($3 < l - 0.01 || $3 + $5 > r + 0.01) { print }' "$f")
	if [ -n "$out" ]; then bad "$(basename "$f"): text outside the text area: $(echo "$out" | head -2)"; else ok; fi
done

# No two items on one baseline overlap (words, table cells, chart labels).
for f in "$work/out"/*.layout; do
	out=$(awk '$1 == "text" { k = $2 " " $4; n = cnt[k]++; xs[k, n] = $3; xe[k, n] = $3 + $5 }
		END { for (k in cnt) for (i = 0; i < cnt[k]; i++) for (j = i + 1; j < cnt[k]; j++)
			if (xs[k, i] < xe[k, j] - 0.05 && xs[k, j] < xe[k, i] - 0.05) { print k; exit } }' "$f")
	if [ -n "$out" ]; then bad "$(basename "$f"): text overlapping on page/baseline $out"; else ok; fi
done

# The 93-character name wraps onto two lines of the subtitle (14 pt bold).
il="$work/out/US-IL-003_2026-Q3.layout"
lines=$(awk '$1 == "text" && $2 == 1 && $6 == "f1" && $7 == "14.00"' "$il" | wc -l)
expect_eq "subtitle lines of the long name" "$lines" 2
# Every page has its "Seite X von Y".
pages=$(grep -c '^page ' "$il")
# Items on one baseline joined into lines: "page y text".
joined=$(awk '$1 == "text" { k = $2 " " $4; t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t);
	line[k] = (k in line) ? line[k] " " t : t } END { for (k in line) print k, line[k] }' "$il")
for p in $(seq 1 "$pages"); do
	echo "$joined" | grep -q "^$p .*Seite $p von $pages\$" && ok || bad "page $p of $pages: no page number"
done
# The dump and the PDF agree on the page count.
expect_eq "pages" "$(pdfinfo "$work/out/US-IL-003_2026-Q3.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" "$pages"
# Bookmarks in the dump: two levels.
grep -q '^bookmark 2 1 .* "Wo Sie stehen"' "$il" && ok || bad "no level-1 bookmark"
grep -q '^bookmark 2 2 .* "Umsatz und Ziel je Quartal"' "$il" && ok || bad "no level-2 bookmark"

done_tests

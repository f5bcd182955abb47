#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 13: the wording. Number agreement (1 Antwort), "um 1,7 Punkte" without
# a sign, "höchstens" for a lower-is-better target, one request paragraph rather than one
# sentence per missed goal, no comparison promised that the report cannot make, NPS with
# its sign, ‚…‘ inside „…“, one column "Ziel" in the goals table, "Sie" for the partner.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

for f in "$q3"/US-*.pdf.txt; do
	expect_no_flat "$f" "(1 Antworten"
	expect_no_flat "$f" "erreicht wurden 1 statt"
	expect_no_flat "$f" "um +"
	n=$(flat "$f" | grep -o "Wir bitten Sie, im nächsten Gespräch darzulegen" | wc -l)
	[ "$n" -le 1 ] && ok || bad "$(basename "$f"): the same request $n times"
done
expect_flat "$q3/US-GA-010_2026-Q3.pdf.txt" "(1 Antwort aus Ihrem Haus"
expect_flat "$q3/US-TX-002_2026-Q3.pdf.txt" "ist um 1,7 auf 5,0 Punkte gestiegen"
expect_flat "$q3/US-MI-004_2026-Q3.pdf.txt" "Service-Tickets: nicht erreicht (41 statt höchstens 28)"
expect_flat "$q3/US-TX-007_2026-Q3.pdf.txt" "wurden nicht erreicht: Umsatz im Quartal (42.000 $ statt 73.000 $), Bearbeitungsquote der Leads (15,8 % statt 28,8 %). Wir bitten Sie"
expect_no_flat "$q3/US-CO-018_2026-Q3.pdf.txt" "im Vergleich zur Welle Q2/2026"
tiles "$q3/US-TX-002_2026-Q3.pdf" > "$work/tx1.tiles"
expect_text "$work/tx1.tiles" "Weiterempfehlung | (NPS) | +100 |"
expect_flat "$q3/US-TX-002_2026-Q3.pdf.txt" "„Die Schulung ‚Fünfachs-Bearbeitung‘ in Houston war hervorragend – bitte mehr davon.“"
pdftotext -layout -enc UTF-8 "$q3/US-CA-014_2026-Q3.pdf" - 2> /dev/null > "$work/ca.layout"
head=$(grep -E "Kennzahl +Zuständig +Heute" "$work/ca.layout" | head -1)
expect_eq "columns named Ziel in the goals table" "$(echo "$head" | grep -o 'Ziel' | wc -l)" 1
expect_flat "$q3/US-CA-014_2026-Q3.pdf.txt" "Im Q3/2026 haben Sie 1.250.000 $ Umsatz erzielt"
expect_no_flat "$q3/US-CA-014_2026-Q3.pdf.txt" "hat Pacific Industrial Supply Inc. 1.250.000 $ Umsatz erzielt"
# Review-findings #8, #9, #11: no average trend over two quarters (US-CO-018 has one
# change); the intro promises growth again, not "weiter", to a partner whose revenue falls;
# "mehr als die meisten" against a median, not "überdurchschnittlich"; no usage claimed.
expect_no_flat "$q3/US-CO-018_2026-Q3.pdf.txt" "im Schnitt"
expect_flat "$q3/US-TX-007_2026-Q3.pdf.txt" "was Ihren Umsatz und unseren gemeinsamen Erfolg wieder wachsen lässt"
expect_flat "$q3/US-TX-002_2026-Q3.pdf.txt" "was Ihren Umsatz und unseren gemeinsamen Erfolg weiter steigert"
for f in "$q3"/US-*.pdf.txt; do
	expect_no_flat "$f" "überdurchschnittlich"
	expect_no_flat "$f" "nutzen sie erkennbar"
done
done_tests

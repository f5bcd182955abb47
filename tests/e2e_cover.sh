#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Page 1 as a cover (issue 12): the tiles carry the figures (read from the PDF's word boxes
# by tests/tiles.py), "Auf einen Blick" says what they do not, each line only where
# review.json holds it, and the cover ends on page 1 (tests/cover_check.py; over 2,000
# generated partners in e2e_pageflow). A figure and its unit never break apart in a tile,
# and a figure the plausibility check doubts is never shown as a fact. A table row left
# out for want of values gets a note.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
py=/usr/bin/python3
tiles() { "$py" "$src/tests/tiles.py" "$1" | sed 's/\xc2\xa0/ /g'; }
p1() { pdftotext -enc UTF-8 -f 1 -l 1 "$1" - 2> /dev/null | sed 's/\xc2\xa0/ /g'; }

"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/out" \
	--layout-dump 2> "$work/stderr"
expect_eq "exit status (samples)" "$?" 0
"$py" "$src/tests/cover_check.py" --list "$work/out" > "$work/cover.txt"
expect_eq "page 1 of the samples ends on page 1" "$?" 0
expect_text "$work/cover.txt" "covers 30, over page 1: 0"

# US-CA-014 (amber, below target): five tiles, each its figure and note.
tiles "$work/out/US-CA-014_2026-Q3.pdf" > "$work/ca.tiles"
expect_eq "tiles of US-CA-014" "$(cat "$work/ca.tiles")" "Umsatz im Q3/2026 | 1.250.000 $ | −2,4 % zum | Vorquartal
Zielerreichung | 82,8 % | Ziel 1.510.000 $
Platz im Partnernetz | 4 von 30 | Klasse A
Weiterempfehlung | (NPS) | −50 | −50 zur Vorwelle
Gesamteinschätzung | gelb | Zielerreichung unter | Plan"
p1 "$work/out/US-CA-014_2026-Q3.pdf" > "$work/ca.p1"
expect_flat "$work/ca.p1" "Woran es hakt: zu wenige Leads (besteht weiter)."
expect_flat "$work/ca.p1" "Was gut läuft: Jennifer Walsh ist mit 478.000 $ Umsatz die Nummer 1 im Team."
expect_flat "$work/ca.p1" "Unsere nächsten Gespräche: alle 2 Wochen; als Termine schlagen wir vor: 10.12.2026, 28.12.2026, 07.01.2027."
# The tiles carry the figures: "Auf einen Blick" does not repeat them.
expect_no_text "$work/ca.p1" "Zielerreichung im Q3/2026"
expect_no_text "$work/ca.p1" "Platz 4 von 30"
expect_no_text "$work/ca.p1" "Net Promoter Score"
# No pressure, no own points, no escalation: no line for them.
expect_no_text "$work/ca.p1" "Was wir von Ihnen erwarten"
expect_no_text "$work/ca.p1" "Ein Punkt für unser Gespräch"
expect_no_text "$work/ca.p1" "Was wir Ihnen schulden"
expect_no_text "$work/ca.p1" "Zur Zusammenarbeit"

# US-WI-008 (green): the health tile on a green fill of its own, the others on the row's.
tiles "$work/out/US-WI-008_2026-Q3.pdf" > "$work/wi.tiles"
expect_text "$work/wi.tiles" "Gesamteinschätzung | grün | auf Kurs"
fills=$(awk '$1 == "rect" && $2 == 1 && $4 < 400 {print $7}' "$work/out/US-WI-008_2026-Q3.layout" | tr '\n' ' ')
expect_eq "tile fills of US-WI-008" "$fills" "#EEF3F8 #EEF3F8 #EEF3F8 #EEF3F8 #DCEFD9 "
p1 "$work/out/US-WI-008_2026-Q3.pdf" > "$work/wi.p1"
expect_flat "$work/wi.p1" "Ein Punkt für unser Gespräch: Ihr Team bearbeitet 69,0 % der Leads;"
expect_no_text "$work/wi.p1" "Was wir von Ihnen erwarten"
# US-KY-028 (red by attainment): the firm pressure, all six open causes.
tiles "$work/out/US-KY-028_2026-Q3.pdf" > "$work/ky.tiles"
expect_text "$work/ky.tiles" "Gesamteinschätzung | rot | Zielerreichung | deutlich unter Plan"
fills=$(awk '$1 == "rect" && $2 == 1 && $7 != "#EEF3F8" && $4 < 400 {print $7}' "$work/out/US-KY-028_2026-Q3.layout")
expect_eq "health fill of US-KY-028" "$fills" "#F7D6D2"
p1 "$work/out/US-KY-028_2026-Q3.pdf" > "$work/ky.p1"
expect_flat "$work/ky.p1" "Was wir von Ihnen erwarten: ein Plan, wie Ihr Team im kommenden Quartal das Umsatzziel von 27.000 $ erreicht – die Zielerreichung liegt seit dem Q4/2025 unter 100 %"
expect_no_text "$work/ky.p1" "Was gut läuft"
# US-TX-007 (escalation, no survey answer): no NPS tile, the facts on page 1.
tiles "$work/out/US-TX-007_2026-Q3.pdf" > "$work/tx7.tiles"
expect_eq "tiles of US-TX-007" "$(cut -d' ' -f1 "$work/tx7.tiles" | tr '\n' ' ')" "Umsatz Zielerreichung Platz Gesamteinschätzung "
expect_text "$work/tx7.tiles" "Gesamteinschätzung | rot | Zusammenarbeit | überprüfen"
p1 "$work/out/US-TX-007_2026-Q3.pdf" > "$work/tx7.p1"
expect_flat "$work/tx7.p1" "Zur Zusammenarbeit: Sie haben 3 Gesprächstermine abgesagt, den Besuch vor Ort abgelehnt und an der Befragung Q3/2026 nicht teilgenommen."

# The comparison table's year-ago row is left out (four quarters of data): a note says so.
pdf_text "$work/out/US-CA-014_2026-Q3.pdf"
expect_no_text "$work/out/US-CA-014_2026-Q3.pdf.txt" "Veränderung zum Vorjahresquartal "
expect_flat "$work/out/US-CA-014_2026-Q3.pdf.txt" "Ohne Zahlen zum Vorjahresquartal entfällt die Zeile „Veränderung zum Vorjahresquartal“."

# Variants: US-TX-002 with a plausible 24 million (its sellers' figures dropped, which
# would contradict it), US-IL-003 with 400 times its target; US-CA-014 with a fifth
# quarter, the one a year before Q3/2026, so the row stands and no note.
"$py" - "$src/samples/metrics.json" "$work/big.json" << 'PY'
import copy, json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
ps = {p["id"]: p for p in m["partners"]}
q = ps["US-TX-002"]["quarters"][-1]
q.update(revenue=24000000, target=23000000)
q.pop("reps", None)
q = ps["US-IL-003"]["quarters"][-1]
q["revenue"] = q["target"] * 400
ca = ps["US-CA-014"]["quarters"]
first = copy.deepcopy(ca[0])
first["period"] = "2025-Q3"
ca.insert(0, first)
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$prog" -m "$work/big.json" -s "$src/samples/survey.json" -o "$work/big" --layout-dump 2> "$work/big.err"
expect_eq "exit status (variants)" "$?" 0
"$py" "$src/tests/cover_check.py" "$work/big" > /dev/null
expect_eq "page 1 of the variants ends on page 1" "$?" 0
tiles "$work/big/US-TX-002_2026-Q3.pdf" > "$work/tx2.tiles"
# One line: the figure and its unit together, set smaller than 15 pt to fit its tile.
expect_text "$work/tx2.tiles" "Umsatz im Q3/2026 | 24.000.000 $ |"
# The layout dump: the figure's run on page 1, and the unit's on the same baseline.
read -r y size <<< "$(awk '$1 == "text" && $2 == 1 && $9 == "\"24.000.000\"" {print $4, $7; exit}' "$work/big/US-TX-002_2026-Q3.layout")"
expect_eq "the 24 million set smaller" "$(awk -v s="$size" 'BEGIN {print (s > 7.5 && s < 15) ? "yes" : s}')" "yes"
expect_eq "its unit on the same line" "$(awk -v y="$y" '$1 == "text" && $2 == 1 && $4 == y && $9 == "\"$\"" {n++} END {print n + 0}' "$work/big/US-TX-002_2026-Q3.layout")" 1
tiles "$work/big/US-IL-003_2026-Q3.pdf" > "$work/il.tiles"
expect_eq "tiles of the implausible US-IL-003" "$(head -3 "$work/il.tiles")" "Umsatz im Q3/2026 | – | klären wir im | Gespräch
Zielerreichung | – | klären wir im | Gespräch
Platz im Partnernetz | – | klären wir im | Gespräch"
p1 "$work/big/US-IL-003_2026-Q3.pdf" > "$work/il.p1"
expect_no_text "$work/il.p1" "788.000.000"
expect_flat "$work/il.p1" "Gemeldete Zahlen: Einige passen nicht zusammen; wir klären sie im Gespräch"
pdf_text "$work/big/US-CA-014_2026-Q3.pdf"
expect_text "$work/big/US-CA-014_2026-Q3.pdf.txt" "Veränderung zum Vorjahresquartal"
expect_no_text "$work/big/US-CA-014_2026-Q3.pdf.txt" "Ohne Zahlen zum Vorjahresquartal"
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 11: the Pareto statement follows the method. Our number 1 hears that it
# is among the few partners that carry the network; a class C partner what catching up
# means in its money; no share prints as 0,0 %; the overview states the method.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

tx="$q3/US-TX-002_2026-Q3.pdf.txt"
expect_no_flat "$tx" "gerade die übrigen Partner"
expect_flat "$tx" "Ihr Haus gehört zu den Partnern der Klasse A: 23,3 % der Partner erwirtschaften zusammen 81,6 % des Umsatzes"
expect_flat "$q3/US-KY-028_2026-Q3.pdf.txt" "Ihr Haus gehört zur Klasse C. Was Aufholen für Sie heißt: bis zu Ihrem Quartalsziel fehlen 26.000 $"
ov="$q3/portfolio_2026-Q3.pdf.txt"
expect_no_flat "$ov" "Die Arbeit liegt bei den übrigen"
expect_flat "$ov" "die Arbeit gilt den Partnern unter Plan, gleich welcher Klasse"
expect_flat "$ov" "Einen Partner zu ersetzen ist das letzte Mittel – wenn er das Gespräch verweigert."

# A partner with 0,04 % of the revenue: its share shows, never "0,0 %".
variant tiny US-KY-028 <<'PY'
q = quarter(partner("US-KY-028"), "2026-Q3")
q["revenue"] = 4613.8
q["reps"][0]["revenue"] = 4613.8
PY
ky="$work/tiny/q3/US-KY-028_2026-Q3.pdf.txt"
expect_no_flat "$ky" "0,0 % zum Gesamtumsatz"
expect_flat "$ky" "tragen 0,04 % zum Gesamtumsatz bei"
for f in "$q3"/US-*.pdf.txt; do expect_no_flat "$f" "0,0 % zum Gesamtumsatz"; done
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 10: the service cause by tickets per revenue, confirmed by the
# partner's own rating. US-TX-002 rates our service 5,0 and beats its target: green, no
# service cause. The overview names each partner's worst cause: US-OH-005's is our direct
# sales force, and "Service" only where the partner says so (US-MI-004).
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

tx="$q3/US-TX-002_2026-Q3.pdf.txt"
expect_text "$tx" "Gesamteinschätzung: grün – auf Kurs."
expect_no_flat "$tx" "Service und Support des Herstellers ("
pdftotext -layout -enc UTF-8 "$q3/portfolio_2026-Q3.pdf" - 2> /dev/null > "$work/portfolio.txt"
for id in US-OH-005; do
	grep "$id" "$work/portfolio.txt" | grep -q "Direktvertrieb" && ok || bad "$id: main cause is not Direktvertrieb"
done
expect_eq "class-A partners with Service as main cause" \
	"$(grep -E '^ +[0-9]+ US-' "$work/portfolio.txt" | grep -E ' A .*(grün|gelb|rot) +Service' | grep -o 'US-[A-Z]*-[0-9]*' | tr '\n' ' ')" "US-MI-004 "
json_check "$q3" <<'PY'
for name, r in reviews.items():
    for c in r["causes"]:
        if c["id"] != "service":
            continue
        for e in c["evidence"]:
            if e["kind"] == "figure" and e["measure"] != "tickets_per_revenue":
                fail(f"{name}: service judged by {e['measure']}")
        score = next((e["value"] for e in c["evidence"] if e["kind"] == "survey"), None)
        if c["open"] and (score is None or score > 3):
            fail(f"{name}: service open without the partner's rating confirming it ({score})")
PY
done_tests

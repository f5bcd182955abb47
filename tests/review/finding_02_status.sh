#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 2: a cause's status never contradicts its evidence. "verbessert" only
# when every piece shown moved the good way by the rules' step (US-CA-014 rates the leads
# 2,0 after 2,0; US-OH-005's conflicts fell by one of seven; US-PA-001's service rating fell).
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

expect_flat "$q3/US-CA-014_2026-Q3.pdf.txt" "Zu wenige Leads (besteht weiter): Bewertung in der Befragung 2,0 von 5 (Vorwelle 2,0;"
expect_no_flat "$q3/US-CA-014_2026-Q3.pdf.txt" "Zu wenige Leads (verbessert)"
expect_flat "$q3/US-OH-005_2026-Q3.pdf.txt" "Abgrenzung zum Direktvertrieb (besteht weiter)"
expect_no_flat "$q3/US-PA-001_2026-Q3.pdf.txt" "Service und Support des Herstellers (verbessert)"
json_check "$q3" <<'PY'
for name, r in reviews.items():
    for c in r["causes"]:
        ev = [e for e in c["evidence"] if e["has_value"]]
        if c["status"] == "improved":
            for e in ev:
                if not e["has_previous"]:
                    fail(f"{name}: {c['id']} improved without a previous value")
                    continue
                d = (e["previous"] - e["value"]) if e["lower_is_better"] else (e["value"] - e["previous"])
                if d < e["step"] - 1e-9:
                    fail(f"{name}: {c['id']} improved, but {e['measure']} moved {d} < {e['step']}")
            if not ev:
                fail(f"{name}: {c['id']} improved without evidence")
        if c["status"] == "new" and any(e["past_before"] for e in c["evidence"]):
            fail(f"{name}: {c['id']} new, but past its threshold the time before")
        if c["status"] == "resolved" and any(e["past"] for e in c["evidence"]):
            fail(f"{name}: {c['id']} resolved, but past its threshold now")
        if c["status"] in ("new", "persists", "improved") and not any(e["past"] for e in c["evidence"]):
            fail(f"{name}: {c['id']} open without evidence past its threshold")
PY
# A rating that does not show the cause is not worded as evidence for it (review-findings #1):
# US-UT-025 rates its lead volume 5,0 while the figure shows too few leads.
expect_flat "$q3/US-UT-025_2026-Q3.pdf.txt" "Zu wenige Leads (besteht weiter): Ihre eigene Bewertung in der Befragung ist 5,0 von 5; die Zahlen zeigen hier dennoch einen Engpass; Leads im Quartal 7"
expect_no_flat "$q3/US-UT-025_2026-Q3.pdf.txt" "Bewertung in der Befragung 5,0 von 5 (Vorwelle"
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 7: praise only where earned. No number 1 with 0 $, no thanks for a
# rating that rose to 2 of 5, never praise and pressure on one figure (US-WI-008), and the
# goals reached last quarter praised by name (US-CO-018 reached all three).
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

co="$q3/US-CO-018_2026-Q3.pdf.txt"
expect_flat "$co" "Ziel aus dem letzten Review erreicht: Umsatz im Quartal (38.000 $; vereinbart"
expect_flat "$co" "Ziel aus dem letzten Review erreicht: Zertifizierte Verkäufer (1; vereinbart 1)."
json_check "$q3" <<'PY'
def family(f):
    return "revenue" if f in ("attainment", "change_previous") else f
for name, r in reviews.items():
    pressed = {family(p["figure"]) for p in r["pressure"]}
    for p in r["praise"]:
        if p["figure"] and family(p["figure"]) in pressed:
            fail(f"{name}: {p['kind']} praised and pressed on {p['figure']}")
        if p["kind"] != "resolved" and not (p["value"] and p["value"] > 0):
            fail(f"{name}: praise of {p['value']} ({p['kind']})")
    for s in r["strengths"]:
        if s["figure"] and family(s["figure"]) in pressed:
            fail(f"{name}: a strength pressed on: {s['figure']}")
    reached = {g["figure"] for g in r["previous_goals"] if g["owner"] == "partner" and g["status"] == "reached"}
    named = {p["figure"] for p in r["praise"] if p["kind"] == "goal"}
    if reached - named:
        fail(f"{name}: reached goals not praised: {reached - named}")
PY

# A team that sold nothing has no number 1; a rating rising to 2 of 5 earns no thanks.
variant praise US-NV-024 US-CA-014 <<'PY'
q = quarter(partner("US-NV-024"), "2026-Q3")
q["revenue"] = 0
for r in q["reps"]:
    r["revenue"] = 0
for w in s["waves"]:
    for r in w["responses"]:
        if r["partner_id"] == "US-CA-014":
            r["answers"]["overall"] = 1 if w["id"] == "2026-Q2" else 2
PY
expect_no_flat "$work/praise/q3/US-NV-024_2026-Q3.pdf.txt" "die Nummer 1 im Team"
expect_no_flat "$work/praise/q3/US-CA-014_2026-Q3.pdf.txt" "Ihre Zufriedenheit mit unserer Partnerschaft ist um"
# No strength on a figure with a goal now or an agreed goal not reached (review-findings #3),
# and no "Nummer 1" in an escalation or for a seller whose revenue fell (review-findings #7).
json_check "$q3" <<'PY'
for name, r in reviews.items():
    figs = {g["figure"] for g in r["goals"]}
    figs |= {g["figure"] for g in r["previous_goals"] if g["status"] in ("missed", "partial")}
    for s in r["strengths"]:
        if s.get("figure") in figs:
            fail(f"{name}: strength {s['id']} beside a goal on {s['figure']}")
    if r["escalate"] and any(p["kind"] == "top_rep" for p in r["praise"]):
        fail(f"{name}: a top seller thanked in an escalation")
PY
expect_no_flat "$q3/US-TX-007_2026-Q3.pdf.txt" "die Nummer 1 im Team"
# In a team of two the number 1 is not named (the other would read as number 2): US-MO-023
# (Nathan Cole and one more); in a team of three it is (US-CA-014, Jennifer Walsh).
expect_no_flat "$q3/US-MO-023_2026-Q3.pdf.txt" "die Nummer 1 im Team"
expect_flat "$q3/US-CA-014_2026-Q3.pdf.txt" "Besonderer Dank an Jennifer Walsh: mit 478.000 $ Umsatz die Nummer 1 im Team."
done_tests

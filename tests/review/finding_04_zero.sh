#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 4: zero is a value. An NPS of 0 is shown, in page 1's tile too (US-OH-005, US-GA-010,
# US-WI-008; US-MI-004's previous wave), and so is a figure of 0 in a cause's evidence
# (0 of 16 leads followed up); "keine Angabe" is for a missing figure only.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

for id in US-OH-005 US-GA-010 US-WI-008; do
	tiles "$q3/${id}_2026-Q3.pdf" > "$work/$id.tiles"
	expect_text "$work/$id.tiles" "Weiterempfehlung | (NPS) | 0"
	expect_flat "$q3/${id}_2026-Q3.pdf.txt" "Weiterempfehlung (Net Promoter Score, −100 bis +100): 0"
done
expect_flat "$q3/US-MI-004_2026-Q3.pdf.txt" "(Vorwelle: 0)"
# Every report whose partner answered shows its NPS, and every report with an NPS says it.
json_check "$q3" <<'PY'
import re
for name, r in reviews.items():
    if r["survey"]["participated"] and r["survey"]["nps"] is None:
        fail(f"{name}: answered, but no NPS")
    if r["survey"]["nps"] is None:
        continue
    text = open(os.path.join(sys.argv[1], name.replace(".review.json", ".pdf.txt")), encoding="utf-8").read()
    text = re.sub(r"- ([a-zäöü])", r"\1", text.replace("\n", " "))
    if "Weiterempfehlung (Net Promoter Score, −100 bis +100): " not in re.sub(r"  +", " ", text):
        fail(f"{name}: NPS {r['survey']['nps']} not in the report")
PY

# 0 of 16 leads followed up (US-KY-028): the evidence says 0,0 %.
variant zero US-KY-028 <<'PY'
q = quarter(partner("US-KY-028"), "2026-Q3")
q["leads_followed_up"] = 0
q["deals_won"] = 0
for r in q["reps"]:
    r["deals_won"] = 0
PY
ky="$work/zero/q3/US-KY-028_2026-Q3.pdf.txt"
expect_flat "$ky" "Nachverfolgung der Leads (besteht weiter): Bearbeitungsquote der Leads 0,0 % (Vorquartal 12,5 %;"
json_check "$work/zero/q3" <<'PY'
r = reviews["US-KY-028_2026-Q3.review.json"]
fu = [c for c in r["causes"] if c["id"] == "follow_up"]
if not fu or fu[0]["evidence"][0]["value"] != 0 or not fu[0]["evidence"][0]["has_value"]:
    fail(f"US-KY-028: the follow-up evidence of 0 is not a value: {fu}")
PY
done_tests

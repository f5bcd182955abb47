#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 8: pressure only on what did not improve, never on green partners
# beyond one gentle point. US-GA-010's follow-up rose from 69,0 to 70,6 %: no pressure on
# it; US-MN-017 and US-WI-008 are green: one gentle point at most.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

expect_no_flat "$q3/US-GA-010_2026-Q3.pdf.txt" "der Leads werden nachverfolgt"
expect_no_flat "$q3/US-GA-010_2026-Q3.pdf.txt" "Ihr Team bearbeitet 70,6 % der Leads"
for id in US-MN-017 US-WI-008; do
	f="$q3/${id}_2026-Q3.pdf.txt"
	expect_no_flat "$f" "Wo wir mehr erwarten"
	expect_no_flat "$f" "Wir bitten Sie, im nächsten Gespräch darzulegen"
	expect_text "$f" "Ein Punkt für unser Gespräch"
done
json_check "$q3" <<'PY'
metrics = json.load(open(os.path.join(os.environ["SRC"], "samples", "metrics.json"), encoding="utf-8"))
quarters = {p["id"]: {q["period"]: q for q in p["quarters"]} for p in metrics["partners"]}
def rate(q, a, b):
    return q[a] / q[b] if q.get(a) is not None and q.get(b) else None
for name, r in reviews.items():
    if r["health"] == "green" and (len(r["pressure"]) > 1 or not all(p["gentle"] for p in r["pressure"])):
        fail(f"{name}: green with {len(r['pressure'])} pressure points")
    qs = quarters[r["partner_id"]]
    for p in r["pressure"]:
        if p["kind"] not in ("attainment", "follow_up"):
            continue
        a, b = ("revenue", "target") if p["kind"] == "attainment" else ("leads_followed_up", "leads_received")
        v = [rate(qs.get(per, {}), a, b) for per in ("2026-Q1", "2026-Q2", "2026-Q3")]
        if None in v or v[1] > v[0] or v[2] > v[1]:
            fail(f"{name}: pressure on {p['kind']} that improved: {v}")
PY
# No firm request on a rate of a few leads (review-findings #1): US-UT-025 follows up 5 of 7.
json_check "$q3" <<'PY'
ut = reviews["US-UT-025_2026-Q3.review.json"]
if ut["pressure"]:
    fail(f"US-UT-025: pressure {[x['figure'] for x in ut['pressure']]} on a team of 7 leads")
PY
expect_no_flat "$q3/US-UT-025_2026-Q3.pdf.txt" "Bitte sorgen Sie dafür, dass jeder Lead binnen 48 Stunden bearbeitet wird"
# Page 1 names the first pressure point as the later page does: firm (US-TX-007 missed its
# revenue goal of the last review) or gentle (green US-WI-008).
page_text "$q3/US-TX-007_2026-Q3.pdf" 1 > "$work/tx7.p1"
expect_flat "$work/tx7.p1" "Was wir von Ihnen erwarten: eine Erklärung, woran das Ziel „Umsatz im Quartal“ aus dem Review Q2/2026 scheiterte (42.000 $ statt 73.000 $), und was Ihr Team bis zum nächsten Quartal ändert."
page_text "$q3/US-WI-008_2026-Q3.pdf" 1 > "$work/wi8.p1"
expect_flat "$work/wi8.p1" "Ein Punkt für unser Gespräch: das Ziel „Bearbeitungsquote der Leads“ aus dem Review Q2/2026 ist noch nicht erreicht (69,0 % statt 81,4 %)."
expect_no_flat "$work/wi8.p1" "Was wir von Ihnen erwarten"
done_tests

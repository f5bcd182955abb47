#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 6: no goal from an implausible or tiny figure, no step that cannot be
# reached. More deals than followed-up leads (a win rate of 275 %), an attainment of
# 35.829,6 %, a revenue of 0 and a win rate on 3 leads give no goal and no praise; figures
# that contradict each other get one warning per partner. A goal missed last quarter comes
# back with a smaller step (US-OH-005 missed +12,7 %, US-CA-014 missed +15 %).
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

json_check "$q3" <<'PY'
for pid, was in (("US-OH-005", (1820000 - 1615500) / 1615500), ("US-CA-014", 0.15)):
    r = reviews[pid + "_2026-Q3.review.json"]
    g = next((g for g in r["goals"] if g["figure"] == "revenue"), None)
    if g is None or not g["repeat"] or g["step"] / g["baseline"] > was / 2 + 1e-9:
        fail(f"{pid}: revenue goal after a miss of {was:.3f}: {g}")
for name, r in reviews.items():
    for g in r["goals"]:
        better = g["target"] < g["baseline"] if g["lower_is_better"] else g["target"] > g["baseline"]
        if not better:
            fail(f"{name}: target {g['target']} not better than baseline {g['baseline']} ({g['figure']})")
        if g["figure"] in ("win_rate", "follow_up_rate") and (g["events"] is None or g["events"] < 10):
            fail(f"{name}: a rate goal on {g['events']} events")
PY
expect_no_flat "$q3/US-OH-005_2026-Q3.pdf.txt" "1.841.000 $"

variant absurd US-CO-018 US-NV-024 US-TN-020 US-SC-021 <<'PY'
q = quarter(partner("US-CO-018"), "2026-Q3")
q["leads_followed_up"] = 4
q["deals_won"] = 11
for r in q["reps"]:
    r["deals_won"] = 11
q = quarter(partner("US-NV-024"), "2026-Q3")
q["target"] = 1
q["revenue"] = 358.296
for r in q.get("reps", []):
    r["revenue"] = 358.296 / len(q["reps"])
q = quarter(partner("US-TN-020"), "2026-Q3")
q["revenue"] = 0
for r in q.get("reps", []):
    r["revenue"] = 0
q = quarter(partner("US-SC-021"), "2026-Q3")
q["leads_received"], q["leads_followed_up"], q["deals_won"] = 3, 3, 3
for r in q.get("reps", []):
    r["deals_won"] = 0
q["reps"][0]["deals_won"] = 3
PY
err="$work/absurd/q3.err"
expect_text "$err" "partner US-CO-018: figures of 2026-Q3 do not fit together (deals_won 11 > leads_followed_up 4): used for no goal or praise"
expect_text "$err" "partner US-NV-024: figures of 2026-Q3 do not fit together (revenue / target = 358.296, above the rules' limit of 3): used for no goal or praise"
expect_text "$err" "partner US-TN-020: figures of 2026-Q3 do not fit together (revenue 0): used for no goal or praise"
expect_eq "one warning per partner" "$(grep -c 'partner US-CO-018: figures' "$err")" 1
nv="$work/absurd/q3/US-NV-024_2026-Q3.pdf.txt"
expect_no_flat "$nv" "Herzlichen Glückwunsch"
page_text "$work/absurd/q3/US-NV-024_2026-Q3.pdf" 1 > "$work/nv1.txt"
expect_no_flat "$work/nv1.txt" "35.829,6 %"
sed -n '/^Ursachen und Handlungsfelder/,$p' "$nv" > "$work/nv.judged"
expect_no_flat "$work/nv.judged" "35.829,6 %"
expect_flat "$nv" "passen nicht zusammen"
sed -n '/^Ursachen und Handlungsfelder/,$p' "$work/absurd/q3/US-CO-018_2026-Q3.pdf.txt" > "$work/co.judged"
expect_no_flat "$work/co.judged" "275,0 %"
json_check "$work/absurd/q3" <<'PY'
bad = {"US-CO-018": ("win_rate",), "US-NV-024": ("revenue", "attainment"), "US-TN-020": ("revenue", "attainment")}
for pid, figs in bad.items():
    r = reviews[pid + "_2026-Q3.review.json"]
    if not r["warnings"]:
        fail(f"{pid}: no warning")
    for g in r["goals"]:
        if g["figure"] in figs:
            fail(f"{pid}: a goal on {g['figure']} from implausible figures")
    for p in r["praise"]:
        if p["figure"] in figs or ("revenue" in figs and p["kind"] in ("target", "record", "growth")):
            fail(f"{pid}: praise of {p['kind']} from implausible figures")
sc = reviews["US-SC-021_2026-Q3.review.json"]
if any(g["figure"] == "win_rate" for g in sc["goals"]):
    fail("US-SC-021: a win-rate goal on 3 leads")
PY
done_tests

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the review's invariants (issue 11, docs/rules.md) over every review.json of a run.

    python3 tests/review/check_invariants.py GENDIR OUTDIR [TEXTDIR]

GENDIR holds what gen_partners.py wrote (metrics.json, survey.json, prev/), OUTDIR the
run's output; TEXTDIR, when given, the text of some of the PDFs (ID.p1.txt: page 1,
ID.txt: the whole report), checked against their review.json. Prints each violation (the
first 40) and a summary line; exits 1 on any violation.
"""
import glob
import json
import math
import os
import re
import sys
from collections import Counter

import changes  # tests/review/changes.py

gen, out = sys.argv[1], sys.argv[2]
textdir = sys.argv[3] if len(sys.argv) > 3 else None
metrics = json.load(open(os.path.join(gen, "metrics.json"), encoding="utf-8"))
survey = json.load(open(os.path.join(gen, "survey.json"), encoding="utf-8"))
partners = {p["id"]: p for p in metrics["partners"]}
wishes = Counter()
for w in survey["waves"]:
    for r in w["responses"]:
        if r.get("wish"):
            wishes[(r["partner_id"], w["id"])] += 1
answered = {(r["partner_id"], w["id"]) for w in survey["waves"] for r in w["responses"]}

OPEN = ("new", "persists", "improved")
MIN_EVENTS = 10  # templates/rules.xml: goals min-events
NAMES = {"leads": "zu wenige Leads", "lead_quality": "Qualität der Leads",
         "service": "Service und Support des Herstellers", "conflict": "Abgrenzung zum Direktvertrieb",
         "enablement": "Schulung und Zertifizierung", "marketing": "Marketing-Unterstützung",
         "follow_up": "Nachverfolgung der Leads"}
violations = Counter()
examples = []
checks = Counter()


def fail(rule, pid, msg):
    violations[rule] += 1
    if len(examples) < 40:
        examples.append(f"{pid}: [{rule}] {msg}")


def check(rule):
    checks[rule] += 1


def family(f):
    return "revenue" if f in ("attainment", "change_previous") else f


def rate(q, a, b):
    if q is None or q.get(a) is None or not q.get(b):
        return None
    return q[a] / q[b]


# What each warning names as not fitting, and so used for no goal, cause evidence or
# praise ("für Ziele und Lob ziehen wir sie nicht heran"): both figures it names, and
# what is made of them.
REVENUE = ("revenue", "attainment", "change_previous", "change_year", "trend", "revenue_per_rep",
           "tickets_per_revenue")
BAD = {"followed_up_above_received": ("follow_up_rate", "win_rate", "leads_received"),
       "deals_above_followed_up": ("win_rate", "follow_up_rate"),
       "reps_revenue_off": REVENUE, "reps_deals_off": ("win_rate",),
       "attainment_above_limit": REVENUE,
       "revenue_zero": REVENUE,
       "certified_above_team": ("certified_reps",)}

reviews = sorted(glob.glob(os.path.join(out, "*.review.json")))
pdfs = {os.path.basename(p)[:-len("_2026-Q3.pdf")] for p in glob.glob(os.path.join(out, "G-*_2026-Q3.pdf"))}
for path in reviews:
    r = json.load(open(path, encoding="utf-8"))
    pid = r["partner_id"]
    p = partners[pid]
    qs = {q["period"]: q for q in p["quarters"]}
    q3 = qs.get("2026-Q3")
    check("pdf beside it")
    if pid not in pdfs:
        fail("pdf beside it", pid, "review.json without its PDF")
    # 1. verbessert only when every piece of evidence shown moved the good way by its step.
    for c in r["causes"]:
        ev = [e for e in c["evidence"] if e["has_value"]]
        check("status")
        if c["status"] == "resolved" and not ev:
            fail("status", pid, f"{c['id']} resolved without evidence shown")
        if c["status"] == "improved":
            if not ev:
                fail("status", pid, f"{c['id']} improved without evidence")
            for e in ev:
                if not e["has_previous"]:
                    fail("status", pid, f"{c['id']} improved, {e['measure']} has no previous value")
                    continue
                d = (e["previous"] - e["value"]) if e["lower_is_better"] else (e["value"] - e["previous"])
                if not d >= e["step"] - 1e-9:
                    fail("status", pid, f"{c['id']} improved, {e['measure']} moved {d} < {e['step']}")
        if c["status"] == "new" and any(e["past_before"] for e in c["evidence"]):
            fail("status", pid, f"{c['id']} new but past its threshold before")
        if c["status"] == "resolved" and any(e["past"] for e in c["evidence"]):
            fail("status", pid, f"{c['id']} resolved but past its threshold now")
        # Resolved (and praised) only while none of the evidence shown got worse by its step.
        if c["status"] in ("resolved", "improved"):
            check("resolved: nothing shown got worse")
            for e in ev:
                if e["has_previous"]:
                    d = (e["previous"] - e["value"]) if e["lower_is_better"] else (e["value"] - e["previous"])
                    eps = 1e-9 * max(1, abs(e["previous"]))
                    if (d <= -e["step"] + eps) if e["step"] > 0 else d < -eps:
                        fail("resolved: nothing shown got worse", pid, f"{c['id']} {c['status']}, {e['measure']} {e['previous']} -> {e['value']}")
        if c["status"] == "quiet" and (c["open"] or any(e["past"] for e in c["evidence"])):
            fail("status", pid, f"{c['id']} quiet but open or past its threshold")
        if c["status"] in OPEN and not any(e["past"] for e in c["evidence"]):
            fail("status", pid, f"{c['id']} {c['status']} without evidence past its threshold")
        # 2. open is what page 1 lists: the open statuses only.
        check("open causes")
        if c["open"] != (c["status"] in OPEN):
            fail("open causes", pid, f"{c['id']} open={c['open']} with status {c['status']}")
        for e in c["evidence"]:
            check("zero is a value")
            if e["has_value"] != (e["value"] is not None) or (e["value"] == 0 and not e["has_value"]):
                fail("zero is a value", pid, f"{c['id']}: {e['measure']} value {e['value']} has_value {e['has_value']}")
    # 3. no pressure from a vendor-owned goal; our own points are ours, with a next step.
    prev = {g["figure"]: g for g in r["previous_goals"]}
    for x in r["pressure"]:
        if x["kind"] == "goal_missed":
            check("no pressure from a vendor goal")
            g = prev.get(x["figure"])
            if g is None or g["owner"] != "partner" or g["status"] != "missed":
                fail("no pressure from a vendor goal", pid, f"pressure on {x['figure']} from {g}")
    vendor_missed = any(g["owner"] == "vendor" and g["status"] in ("missed", "partial") for g in r["previous_goals"])
    for x in r["pressure"]:
        check("revenue not pressed while ours is missed")
        if vendor_missed and family(x["figure"]) == "revenue":
            fail("revenue not pressed while ours is missed", pid, f"pressure on {x['figure']}")
    # 3a. a firm request on the follow-up only with its cause open (else page 1 says no obstacle).
    for x in r["pressure"]:
        if x["kind"] == "follow_up":
            check("firm on the follow-up only with its cause")
            if not x["gentle"] and not any(c["id"] == "follow_up" and c["open"] for c in r["causes"]):
                fail("firm on the follow-up only with its cause", pid, f"{x}")
    # 3b. the shortfall is not pressed on where every open cause is ours to remove.
    opened = [c for c in r["causes"] if c["open"]]
    ours = lambda c: c["id"] != "follow_up" and not (c["id"] == "enablement" and c["by_figure"])
    for x in r["pressure"]:
        if x["kind"] == "attainment":
            check("no pressure where the causes are ours")
            if opened and all(ours(c) for c in opened):
                fail("no pressure where the causes are ours", pid, f"attainment pressed with {[c['id'] for c in opened]}")
            # 3c. the plan asked for is this review's revenue goal, never the full target.
            check("the plan asked for is the goal")
            rg = next((g["target"] for g in r["goals"] if g["figure"] == "revenue"), None)
            if x.get("goal") != rg:
                fail("the plan asked for is the goal", pid, f"asks {x.get('goal')}, revenue goal {rg}")
            # 3d. "below 100 % since": every quarter from then is below, the one before is not.
            check("below target since")
            run = [per for per in sorted(qs) if x["since"] <= per <= "2026-Q3"]
            y, n = int(x["since"][:4]), int(x["since"][-1])
            before = f"{y - 1}-Q4" if n == 1 else f"{y}-Q{n - 1}"
            below = lambda per: rate(qs.get(per), "revenue", "target") is not None and rate(qs.get(per), "revenue", "target") < 1
            if not run or not all(below(per) for per in run) or below(before):
                fail("below target since", pid, f"since {x['since']}: {[(per, rate(qs.get(per), 'revenue', 'target')) for per in sorted(qs)]}")
    for o in r["own_points"]:
        check("own points")
        if o["owner"] != "vendor" or (o["status"] in ("missed", "partial") and not o["measure"]):
            fail("own points", pid, f"{o}")
    # 4. every target better than its baseline; finite; rate goals on enough events and
    #    a plausible baseline; no goal above the team's size.
    team = max(len(p.get("sales_team", [])), len((q3 or {}).get("reps", [])))
    for g in r["goals"]:
        check("target better than baseline")
        b, t = g["baseline"], g["target"]
        if b is None or t is None or not (t < b if g["lower_is_better"] else t > b):
            fail("target better than baseline", pid, f"{g['figure']}: {b} -> {t}")
        if g["figure"] in ("win_rate", "follow_up_rate"):
            check("rate goal on enough events")
            if g["events"] is None or g["events"] < MIN_EVENTS or not 0 <= b <= 1 or t > 0.95 + 1e-9:
                fail("rate goal on enough events", pid, f"{g['figure']} {b} -> {t} on {g['events']}")
        if g["figure"] == "certified_reps":
            check("no goal above the team")
            if team == 0 or t > team:
                fail("no goal above the team", pid, f"certified {t} of a team of {team}")
        # A missed goal comes back with a smaller step, never a larger one.
        last = prev.get(g["figure"])
        stepped = last and (last["target"] < last["baseline"] if last["lower_is_better"] else last["target"] > last["baseline"])
        if stepped and last["status"] in ("missed", "partial"):
            check("smaller step after a miss")
            lb, lt = last["baseline"], last["target"]
            if not g["repeat"]:
                fail("smaller step after a miss", pid, f"{g['figure']} not marked as repeated")
            if g["figure"] in ("revenue", "pipeline"):
                was = abs(lt - lb) / lb if lb > 0 else math.inf
                now = g["step"] / b if b > 0 else math.inf
            else:
                was, now = abs(lt - lb), g["step"]
            # (Ours keep their old target instead: their step may grow.)
            if now > was + 1e-9 and g["owner"] != "vendor":
                fail("smaller step after a miss", pid, f"{g['figure']}: step {now} after {was}")
        # A goal of ours we missed comes back without cuts: its old target at least.
        if stepped and last["status"] in ("missed", "partial") and g["owner"] == "vendor":
            check("our missed target stands")
            lt = last["target"]
            if not (t <= lt + 1e-9 if g["lower_is_better"] else t >= lt - 1e-9):
                fail("our missed target stands", pid, f"{g['figure']}: target {lt} missed, now {t}")
    # 5. no praise of a zero; a rating's rise only at mid-scale; 6. nothing from a figure in doubt.
    bad = set()
    for w in r["warnings"]:
        bad.update(BAD[w["kind"]])
    for x in r["praise"]:
        if x["kind"] == "resolved":
            check("resolved: nothing shown got worse")
            c = next((c for c in r["causes"] if c["id"] == x["name"]), None)
            if c is None or c["status"] != "resolved":
                fail("resolved: nothing shown got worse", pid, f"{x['name']} praised as resolved, status {c and c['status']}")
        check("no praise of a zero")
        lower = x["kind"] == "goal" and x["figure"] in ("service_tickets", "channel_conflicts")
        if x["kind"] != "resolved" and not (x["value"] is not None and (x["value"] > 0 or lower)):
            fail("no praise of a zero", pid, f"{x}")
        if x["kind"] == "survey" and not x["target"] >= 3:
            fail("no praise of a zero", pid, f"a rise to {x['target']} praised")
        if (x["kind"] in ("target", "record", "growth") and "revenue" in bad) or \
                (x["kind"] in ("top_rep", "improved_rep") and any(w["kind"].startswith("reps") for w in r["warnings"])):
            fail("nothing from a figure in doubt", pid, f"{x['kind']} praised with {r['warnings']}")
    for g in r["goals"]:
        check("nothing from a figure in doubt")
        if g["figure"] in bad or (g["figure"] == "attainment" and "revenue" in bad):
            fail("nothing from a figure in doubt", pid, f"goal on {g['figure']} with {[w['kind'] for w in r['warnings']]}")
    for x in r["praise"]:
        if x["kind"] == "goal":
            check("nothing from a figure in doubt")
            if x["figure"] in bad:
                fail("nothing from a figure in doubt", pid, f"goal on {x['figure']} praised with {r['warnings']}")
    for x in r["strengths"]:
        check("nothing from a figure in doubt")
        if x.get("figure") in bad:
            fail("nothing from a figure in doubt", pid, f"strength on {x['figure']} with {r['warnings']}")
    for c in r["causes"]:
        for e in c["evidence"]:
            if e["kind"] == "figure" and e["has_value"]:
                check("no cause evidence from a figure in doubt")
                if e["measure"] in bad:
                    fail("no cause evidence from a figure in doubt", pid, f"{c['id']}: {e['measure']} {e['value']} with {[w['kind'] for w in r['warnings']]}")
    # Revenue in doubt (page 1 shows none): health is not judged by attainment or trend.
    check("nothing from a figure in doubt")
    zero = any(w["kind"] == "revenue_zero" for w in r["warnings"])  # red as reported
    if r["doubt"]["revenue"] and not zero and r["health_reason"] in ("attainment", "trend"):
        fail("nothing from a figure in doubt", pid, f"health {r['health']} by {r['health_reason']} with {[w['kind'] for w in r['warnings']]}")
    # Each warning is a real contradiction of the input.
    for w in r["warnings"]:
        check("warnings are true")
        if w["kind"] == "followed_up_above_received" and not q3["leads_followed_up"] > q3["leads_received"]:
            fail("warnings are true", pid, f"{w}")
        if w["kind"] == "deals_above_followed_up" and not q3["deals_won"] > q3["leads_followed_up"]:
            fail("warnings are true", pid, f"{w}")
        if w["kind"] == "revenue_zero" and q3["revenue"] != 0:
            fail("warnings are true", pid, f"{w}")
    # 7. never praise and pressure on one figure; green: at most one gentle point.
    pressed = {family(x["figure"]) for x in r["pressure"]}
    for x in r["praise"] + r["strengths"]:
        check("never praise and pressure on one figure")
        if x.get("figure") and family(x["figure"]) in pressed:
            fail("never praise and pressure on one figure", pid, f"{x.get('kind') or x.get('id')} on {x['figure']}")
    # 7c. a team's number 1 named among three sellers or more (rules.xml top-team).
    for x in r["praise"]:
        if x["kind"] == "top_rep":
            check("number 1 among three")
            sellers = [s for s in (q3 or {}).get("reps", []) if s.get("revenue") is not None]
            if len(sellers) < 3:
                fail("number 1 among three", pid, f"{x['name']} among {len(sellers)}")
    # 7a. a rating's rise praised says its level: no strength on the same rating beside it.
    asked = {"satisfaction": "overall", "marketing": "marketing"}  # rules.xml's <strength question>
    risen = {x["figure"] for x in r["praise"] if x["kind"] == "survey"}
    for x in r["strengths"]:
        check("no praise said twice")
        if x.get("figure") is None and asked.get(x["id"]) in risen:
            fail("no praise said twice", pid, f"strength {x['id']} beside the rise of {asked[x['id']]}")
    # 7b. no strength on a figure with a goal now, or with a goal of the last review not reached.
    goal_figs = {g["figure"] for g in r["goals"]}
    goal_figs |= {g["figure"] for g in r["previous_goals"] if g["status"] in ("missed", "partial") and
                  (g["target"] < g["baseline"] if g["lower_is_better"] else g["target"] > g["baseline"])}
    for x in r["strengths"]:
        check("no strength on a figure with a goal")
        if x.get("figure") and x["figure"] in goal_figs:
            fail("no strength on a figure with a goal", pid, f"{x['id']} on {x['figure']}")
    check("green: one gentle point")
    if r["health"] == "green" and (len(r["pressure"]) > 1 or not all(x["gentle"] for x in r["pressure"])):
        fail("green: one gentle point", pid, f"{len(r['pressure'])} points")
    # 8. pressure from a trend only where the figure did not improve in either quarter.
    for x in r["pressure"]:
        if x["kind"] not in ("attainment", "follow_up"):
            continue
        check("no pressure on what improved")
        a, b = ("revenue", "target") if x["kind"] == "attainment" else ("leads_followed_up", "leads_received")
        v = [rate(qs.get(per), a, b) for per in ("2026-Q1", "2026-Q2", "2026-Q3")]
        if None in v or v[1] > v[0] or v[2] > v[1]:
            fail("no pressure on what improved", pid, f"{x['kind']}: {v}")
    # 8b. the trend sentence states the compound change per quarter of the table's first and
    #     last quarter with revenue (of the four up to the review quarter), in its direction.
    qn = lambda per: int(per[:4]) * 4 + int(per[-1])
    shown = sorted((qn(per), q["revenue"]) for per, q in qs.items()
                   if qn("2026-Q3") - 3 <= qn(per) <= qn("2026-Q3") and q.get("revenue") is not None)
    st = r["standing"]
    check("the trend stated is the table's")
    want = None
    if len(shown) >= 2 and shown[0][1] > 0 and shown[-1][1] >= 0:
        want = (shown[-1][1] / shown[0][1]) ** (1 / (shown[-1][0] - shown[0][0])) - 1
    if (want is None) != (st.get("trend_rate") is None) or (want is not None and abs(want - st["trend_rate"]) > 1e-9):
        fail("the trend stated is the table's", pid, f"trend_rate {st.get('trend_rate')}, the table's {want}")
    said = st.get("trend_said")
    if (said == "up" and not (st["trend_rate"] or 0) > 0) or (said == "down" and not (st["trend_rate"] or 0) < 0):
        fail("the trend stated is the table's", pid, f"{said} with {st.get('trend_rate')}")
    # 9. every wish answered (the wave the report quotes).
    wave = "2026-Q3" if (pid, "2026-Q3") in answered else "2026-Q2"
    check("every wish answered")
    if len(r["wishes"]) != wishes[(pid, wave)]:
        fail("every wish answered", pid, f"{len(r['wishes'])} of {wishes[(pid, wave)]} wishes")
    # 10. the escalation's facts are true.
    e = r["escalation"]
    check("escalation facts")
    lm = (p.get("engagement") or {}).get("last_meeting")
    if e["last_meeting"] != lm or e["met_in_quarter"] != (lm is not None and lm >= "2026-07-01"):
        fail("escalation facts", pid, f"last meeting {e['last_meeting']} / {lm}, in quarter {e['met_in_quarter']}")
    if r["escalate"] and not (e["survey_skipped"] and (e["declined"] or e["visit_refused"])):
        fail("escalation facts", pid, f"escalated on {e}")
    if e["survey_skipped"] != (e["skipped_wave"] is not None):
        fail("escalation facts", pid, f"{e}")
    # 11. the report says what review.json says (for the PDFs whose text was extracted).
    if textdir and os.path.exists(os.path.join(textdir, pid + ".p1.txt")):
        p1 = re.sub(r"\s+", " ", open(os.path.join(textdir, pid + ".p1.txt"), encoding="utf-8").read())
        whole = re.sub(r"\s+", " ", open(os.path.join(textdir, pid + ".txt"), encoding="utf-8").read())
        whole = re.sub(r"- ([a-zäöü])", r"\1", whole)
        line = p1.split("Woran es hakt: ", 1)[1].split("•", 1)[0] if "Woran es hakt: " in p1 else ""
        # pdftotext joins a word hyphenated at a line's end (Marketing-Unterstützung).
        squeeze = lambda t: t.replace("-", "").replace(" ", "")
        for c in r["causes"]:
            check("page 1 lists the open causes")
            if (squeeze(NAMES[c["id"]]) in squeeze(line)) != c["open"]:
                fail("page 1 lists the open causes", pid, f"{c['id']} {c['status']} on page 1: {line[:120]}")
        for c in r["causes"]:
            if c["open"]:
                check("page 1 names each open cause's status")
                word = {"new": "neu", "persists": "besteht weiter", "improved": "verbessert"}[c["status"]]
                if squeeze(NAMES[c["id"]] + " (" + word + ")") not in squeeze(line):
                    fail("page 1 names each open cause's status", pid, f"{c['id']} {c['status']}: {line[:120]}")
        # The tiles (tests/tiles.py): one line each, "label | value | note".
        tp = os.path.join(textdir, pid + ".tiles.txt")
        tiles = open(tp, encoding="utf-8").read().splitlines() if os.path.exists(tp) else []
        tile = lambda label: next((t for t in tiles if t.startswith(label)), None)
        nps = r["survey"]["nps"]
        if nps is not None:
            check("zero is a value")
            want = ("+" if nps > 0 else "−" if nps < 0 else "") + str(abs(round(nps)))
            if (tile("Weiterempfehlung") or "").split(" | ")[2:3] != [want]:
                fail("zero is a value", pid, f"the NPS tile is {tile('Weiterempfehlung')!r}, not {want!r}")
        # Page 1 shows no doubted figure as a fact: revenue, attainment and rank.
        st, doubt = r["standing"], r["doubt"]["revenue"]
        for label, fact in (("Umsatz im", st["revenue"]), ("Zielerreichung", st["attainment"]),
                            ("Platz im Partnernetz", st["rank"])):
            t = tile(label)
            if fact is None and label == "Platz im Partnernetz":
                continue
            check("page 1: a doubted figure is no fact")
            if t is None or (t.split(" | ")[1] == "–") != doubt:
                fail("page 1: a doubted figure is no fact", pid, f"doubt {doubt}, tile {t!r}")
        de_int = lambda n: f"{n:,}".replace(",", ".")  # German thousands: 2.000
        if not doubt and st["rank"] is not None:
            check("page 1: the rank tile")
            if not (tile("Platz im Partnernetz") or "").startswith("Platz im Partnernetz | " + de_int(st["rank"]) + " von " + de_int(st["ranked"]) + " | Klasse " + st["class"]):
                fail("page 1: the rank tile", pid, f"{tile('Platz im Partnernetz')!r} for {st['rank']} of {st['ranked']}")
        check("page 1: the health tile")
        word = {"green": "grün", "amber": "gelb", "red": "rot"}[r["health"]]
        if (tile("Gesamteinschätzung") or "").split(" | ")[1:2] != [word]:
            fail("page 1: the health tile", pid, f"{tile('Gesamteinschätzung')!r} for {r['health']}")
        # What page 1 says beyond the tiles, each only where review.json holds it.
        owed = [g for g in r["previous_goals"] if g["owner"] == "vendor" and g["status"] in ("missed", "partial")]
        for what, there, said in (
                ("praise", bool(r["praise"]), "Was gut läuft: " in p1),
                ("pressure", bool(r["pressure"]), "Was wir von Ihnen erwarten: " in p1 or "Ein Punkt für unser Gespräch: " in p1),
                ("our open points", bool(owed), "Was wir Ihnen schulden: " in p1),
                ("escalation", r["escalate"], "Zur Zusammenarbeit: " in p1),
                ("doubt", bool(r["warnings"]), "Gemeldete Zahlen: " in p1),
                ("goals", bool(r["goals"]), "Unsere gemeinsamen Ziele bis zum " in p1),
                ("the cover ends on page 1", True, "Die Einzelheiten folgen auf den nächsten Seiten." in p1)):
            check("page 1 says what review.json holds: " + what)
            if there != said:
                fail("page 1 says what review.json holds: " + what, pid, f"in review.json {there}, on page 1 {said}")
        if r["pressure"]:
            check("page 1: the gentle or firm pressure")
            gentle = r["pressure"][0]["gentle"]
            if ("Ein Punkt für unser Gespräch: " in p1) != gentle:
                fail("page 1: the gentle or firm pressure", pid, f"gentle {gentle}")
        for w in r["wishes"]:
            check("every wish answered")
            i = whole.find(w["text"])
            if i < 0 or "Ihren Wunsch nehmen wir in das Gespräch am" not in whole[i:i + 700]:
                fail("every wish answered", pid, f"no answer to {w['text']!r} in the PDF")
        # Every change shown is the difference of the figures shown (survey table, NPS tile).
        raw = open(os.path.join(textdir, pid + ".txt"), encoding="utf-8").read()
        wrong, nrows = changes.check_text(raw, tiles)
        for _ in range(max(nrows, 1)):
            check("a change is the difference shown")
        for msg in wrong:
            fail("a change is the difference shown", pid, msg)
        m = re.search(r"Der Umsatz (?:wächst|geht zurück): von (Q\d/\d{4}) bis (Q\d/\d{4}) im Schnitt ([+−]\d+,\d) % je Quartal", whole)
        if m or said in ("up", "down"):
            check("the trend stated is the table's")
            per = lambda t: int(t[3:]) * 4 + int(t[1])
            if m is None or st.get("trend_rate") is None or \
                    abs(float(m.group(3).replace("−", "-").replace(",", ".")) - 100 * st["trend_rate"]) > 0.05 + 1e-9 or \
                    (per(m.group(1)), per(m.group(2))) != (shown[0][0], shown[-1][0]):
                fail("the trend stated is the table's", pid, f"{m and m.group(0)} for {st.get('trend_rate')} over {shown}")
        check("no double colon")
        if "::" in whole or re.search(r": [^:.;]{1,40}: (Die|Wir) ", whole):
            fail("no double colon", pid, "a double colon")
        check("no share of 0,0 %")
        if "0,0 % zum Gesamtumsatz" in whole:
            fail("no share of 0,0 %", pid, "0,0 % share")
        if r["health"] == "green":
            check("green: one gentle point")
            if "Wo wir mehr erwarten" in whole:
                fail("green: one gentle point", pid, "firm pressure in a green report")

check("a review.json per report")
if len(reviews) != len(pdfs):
    fail("a review.json per report", "-", f"{len(reviews)} review.json, {len(pdfs)} PDFs")
if os.environ.get("CHECKS"):  # CHECKS=1: how often each invariant was checked
    for k, v in sorted(checks.items()):
        print(f"{v:8d}  {k}")
for line in examples:
    print(line)
total = sum(checks.values())
print(f"{len(partners)} partners, {len(reviews)} reviews, {total} checks over {len(checks)} invariants, "
      f"{sum(violations.values())} violations" + (": " + ", ".join(f"{k} {v}" for k, v in violations.items()) if violations else ""))
sys.exit(1 if violations else 0)

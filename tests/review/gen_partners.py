#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes N generated partners for the review's invariant test, deterministically.

    python3 tests/review/gen_partners.py N OUTDIR [SEED]

OUTDIR gets metrics.json, survey.json and prev/ (the goals of a last review for most
partners, as goals.json or review.json, with vendor and partner owners). The partners are
meant to break the analysis: zeros, missing figures, one quarter or a gap, no survey
answers, figures that contradict each other (more followed-up leads than received, more
deals than followed-up leads, reps' sums off, attainment past belief, revenue 0), huge and
tiny values, tiny teams, last goals that are odd (owners at random, targets past reach).
Every file is valid input: the program must write every report.
"""
import json
import os
import random
import sys

QUESTIONS = [("lead_volume", "leads", "Wie zufrieden sind Sie mit der Anzahl der Leads?"),
             ("lead_quality", "leads", "Wie bewerten Sie die Qualität der Leads?"),
             ("vendor_service", "service", "Wie zufrieden sind Sie mit Service und Support des Herstellers?"),
             ("channel_conflict", "conflict", "Wie gut ist die Abgrenzung zum Direktvertrieb des Herstellers geregelt?"),
             ("training", "enablement", "Wie hilfreich sind Schulungen und Zertifizierungen?"),
             ("marketing", "marketing", "Wie zufrieden sind Sie mit der Marketing-Unterstützung?"),
             ("overall", "overall", "Wie zufrieden sind Sie insgesamt mit der Partnerschaft?")]
COMMENTS = ["Zu wenige Leads aus unserer Region.", "Die Ersatzteile kommen zu spät – Kunden warten.",
            "Gute Zusammenarbeit, weiter so!", "Der „Direktvertrieb“ bietet bei unseren Kunden an.",
            "Wir überlegen, die Linie eines Wettbewerbers aufzunehmen.", 'Die "Schulung" war gut.', ""]
WISHES = ["Co-Marketing-Budget für Fachmessen", "Ein Konsignationslager", "Leads direkt ins CRM",
          "Schulungen vor Ort", "Verbindliche Kundenschutzliste", "Eine Demomaschine",
          "Kürzere Zahlungsziele", ""]
PERIODS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
GOAL_FIGURES = ["revenue", "pipeline", "leads_received", "follow_up_rate", "win_rate",
                "service_tickets", "channel_conflicts", "certified_reps", "score:marketing",
                "score:vendor_service", "score:lead_volume", "attainment"]


def money(rnd, base):
    """A revenue near base, or an edge: 0, tiny, huge, a fraction."""
    x = rnd.random()
    if x < 0.03:
        return 0
    if x < 0.05:
        return round(rnd.uniform(0.01, 50), 2)
    if x < 0.06:
        # Huge, up to the input's limit of 2^53 (the pipeline up to five times the revenue).
        return rnd.choice([1e12, 3.5e14, 1.5e15])
    return round(base * rnd.uniform(0.5, 1.4), rnd.choice([0, 0, 2]))


def maybe(rnd, value, p=0.15):
    return None if rnd.random() < p else value


def quarter(rnd, period, base, team):
    rev = money(rnd, base)
    tgt = rnd.choice([base * rnd.uniform(0.7, 1.3)] * 30 + [1e-3, 1, 0.5])
    q = {"period": period, "revenue": rev, "target": round(max(tgt, 1e-3), 3)}
    leads = rnd.choice([0, 0, rnd.randint(1, 4), rnd.randint(5, 40), rnd.randint(40, 400)])
    fu = rnd.randint(0, leads) if rnd.random() > 0.04 else leads + rnd.randint(1, 20)
    won = rnd.randint(0, fu) if rnd.random() > 0.04 else fu + rnd.randint(1, 10)
    figures = {"leads_received": leads, "leads_followed_up": fu, "deals_won": won,
               "pipeline": round(rev * rnd.uniform(0, 5), 2),
               "certified_reps": rnd.randint(0, max(1, len(team) + (1 if rnd.random() < 0.05 else 0))),
               "service_tickets": rnd.choice([0, rnd.randint(0, 5), rnd.randint(5, 80), rnd.randint(80, 900)]),
               "channel_conflicts": rnd.choice([0, 0, rnd.randint(0, 12)])}
    for k, v in figures.items():
        v = maybe(rnd, v)
        if v is not None:
            q[k] = v
    if team and rnd.random() < 0.7:
        reps, left, deals = [], rev, q.get("deals_won", rnd.randint(0, 9))
        for i, name in enumerate(team):
            r = left if i == len(team) - 1 else round(rev * rnd.uniform(0, 1.0 / len(team)), 2)
            d = deals if i == len(team) - 1 else rnd.randint(0, deals)
            left -= r
            deals -= d
            reps.append({"name": name, "revenue": max(0, r) if rnd.random() > 0.03 else 0,
                         "deals_won": d if rnd.random() > 0.04 else d + 2})
        if rnd.random() < 0.06:
            reps[0]["revenue"] = round(reps[0]["revenue"] * 3 + 1000, 2)
        if rnd.random() < 0.05:
            del reps[-1]["revenue"]
        q["reps"] = reps
    return q


def goal(rnd, figure):
    lower = figure in ("service_tickets", "channel_conflicts")
    if figure in ("follow_up_rate", "win_rate", "attainment"):
        base = rnd.choice([0, rnd.random(), 1, 1.4])
        step = rnd.choice([0.1, 0.05, 0.5, 0])
    elif figure.startswith("score:"):
        base, step = rnd.choice([1, 2, 2.5, 4, 5]), rnd.choice([0.5, 0.2, 0])
    elif figure in ("revenue", "pipeline"):
        base = rnd.choice([0, 500, 25000, 1.6e6, 1e12])
        step = base * rnd.choice([0.15, 0.05, 0.5, 0])
    else:
        base, step = rnd.randint(0, 50), rnd.choice([1, 3, 10, 0])
    target = base - step if lower else base + step
    owner = rnd.choice(["partner", "vendor"]) if rnd.random() < 0.3 else (
        "vendor" if figure.startswith("score:") or figure in ("leads_received", "service_tickets", "channel_conflicts")
        else "partner")
    return {"figure": figure, "owner": owner, "baseline": base, "target": target,
            "lower_is_better": lower, "due": "2026-09-30"}


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    os.makedirs(os.path.join(out, "prev"), exist_ok=True)
    partners, waves = [], {"2026-Q2": [], "2026-Q3": []}
    for i in range(n):
        pid = f"G-{i:05d}"
        base = 3_000_000 / (1 + i * 0.4) ** 1.05 + rnd.choice([50, 5000, 30000])
        team = [f"Verkäufer {i}-{k}" for k in range(rnd.choice([0, 1, 1, 2, 3, 5]))]
        shape = rnd.random()
        if shape < 0.1:
            periods = ["2026-Q3"]
        elif shape < 0.2:
            periods = ["2026-Q1", "2026-Q3"]
        else:
            periods = PERIODS[rnd.randint(0, 3):]
        p = {"id": pid, "name": f"Generated Partner {i} GmbH",
             "quarters": [quarter(rnd, per, base, team) for per in periods]}
        # One in eight slides below target quarter by quarter (its own random numbers,
        # so the other partners stay as they were): the attainment pressure's case.
        slide = random.Random(i * 7919 + 1)
        if slide.random() < 0.125:
            start = slide.choice([0.98, 0.9, 1.1])
            for k, q in enumerate(p["quarters"]):
                if q["revenue"] > 0:
                    q["target"] = round(q["revenue"] / max(0.05, start - 0.07 * k), 2)
        if rnd.random() < 0.8:
            p["tier"] = rnd.choice(["Gold", "Silber", "Bronze"])
        if team:
            p["sales_team"] = [{"name": t} for t in team]
        if rnd.random() < 0.85:
            e = {}
            if rnd.random() < 0.8:
                e["onsite_visit_accepted"] = rnd.random() < 0.85
            if rnd.random() < 0.8:
                e["last_meeting"] = f"2026-{rnd.randint(1, 9):02d}-{rnd.randint(1, 28):02d}"
            if rnd.random() < 0.8:
                e["meetings_declined"] = rnd.choice([0, 0, 0, 1, 2, 3, 7])
            p["engagement"] = e
        partners.append(p)
        survey = rnd.random()
        for w in waves:
            if survey < 0.15 or rnd.random() < 0.2:
                continue  # no answers at all, or this wave skipped
            for k in range(rnd.choice([1, 1, 2, 3])):
                ans = {q: maybe(rnd, rnd.choice([1, 2, 2.5, 3, 3, 4, 4, 4, 5, 5]), 0.1) for q, _, _ in QUESTIONS}
                ans["recommend"] = maybe(rnd, rnd.randint(0, 10), 0.1)
                r = {"partner_id": pid, "answers": ans}
                c, wi = rnd.choice(COMMENTS), rnd.choice(WISHES)
                if c:
                    r["comment"] = c
                if wi:
                    r["wish"] = wi
                waves[w].append(r)
        if rnd.random() < 0.7:
            goals = [goal(rnd, f) for f in rnd.sample(GOAL_FIGURES, rnd.randint(1, 5))]
            if rnd.random() < 0.5:
                doc = {"format": "partnerreview-goals/1", "partner_id": pid, "period": "2026-Q2", "goals": goals}
                name = f"{pid}_2026-Q2.goals.json"
            else:
                doc = {"format": "partnerreview-review/1", "partner_id": pid, "period": "2026-Q2", "goals": goals}
                name = f"{pid}_2026-Q2.review.json"
            with open(os.path.join(out, "prev", name), "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
    metrics = {"format": "partnerreview-metrics/1",
               "vendor": {"name": "Hohenfels Werkzeugmaschinen GmbH", "channel_manager": {"name": "Katrin Hübner"}},
               "currency": "USD", "partners": partners}
    questions = [{"id": i, "topic": t, "text": x} for i, t, x in QUESTIONS]
    questions.append({"id": "recommend", "topic": "nps", "scale": {"min": 0, "max": 10},
                      "text": "Wie wahrscheinlich ist es, dass Sie uns als Hersteller weiterempfehlen?"})
    survey = {"format": "partnerreview-survey/1", "questions": questions, "scale": {"min": 1, "max": 5},
              "waves": [{"id": w, "responses": r} for w, r in waves.items()]}
    with open(os.path.join(out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, ensure_ascii=False)
    with open(os.path.join(out, "survey.json"), "w", encoding="utf-8") as f:
        json.dump(survey, f, ensure_ascii=False)


main()

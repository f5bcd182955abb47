#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes N synthetic partners (metrics.json, survey.json) into a folder, deterministically.

    python3 bench/synth.py N OUTDIR

A Pareto-like spread of revenue, four quarters, two survey waves, German comments:
the shape of the bundled samples at any size, for the benchmarks in bench/.
"""
import json
import random
import sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(20261126)
    states = ["CA", "TX", "NY", "FL", "IL", "OH", "PA", "MI", "GA", "WA", "NC", "AZ"]
    regions = {"CA": "Kalifornien", "TX": "Texas", "NY": "New York", "FL": "Florida",
               "IL": "Illinois", "OH": "Ohio", "PA": "Pennsylvania", "MI": "Michigan",
               "GA": "Georgia", "WA": "Washington", "NC": "Nord-Carolina", "AZ": "Arizona"}
    first = ["Jennifer", "David", "José", "Zoë", "Łukasz", "Søren", "François", "Priya", "Marisol", "Thomas"]
    last = ["Walsh", "Kim", "Hernández", "O'Brien", "Nowak", "Müller", "Dubois", "Raman", "Peña", "Schäfer"]
    periods = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    partners, responses = [], {p: [] for p in ("2026-Q2", "2026-Q3")}
    for i in range(n):
        st = states[i % len(states)]
        pid = f"US-{st}-{i + 1:05d}"
        base = 2_500_000 / (1 + i * 0.35) ** 1.1 + 20_000
        team = [f"{rnd.choice(first)} {rnd.choice(last)}" for _ in range(rnd.randint(1, 4))]
        quarters = []
        for k, per in enumerate(periods):
            rev = round(base * (1 + rnd.uniform(-0.15, 0.15) + 0.02 * k))
            leads = rnd.randint(5, 60)
            fu = rnd.randint(leads // 3, leads)
            share = [rnd.random() + 0.2 for _ in team]
            tot = sum(share)
            reps, acc = [], 0
            for j, name in enumerate(team):
                r = rev - acc if j == len(team) - 1 else round(rev * share[j] / tot)
                acc += r
                reps.append({"name": name, "revenue": r, "deals_won": rnd.randint(0, 6)})
            quarters.append({"period": per, "revenue": rev, "target": round(base * 1.08),
                             "leads_received": leads, "leads_followed_up": fu,
                             "deals_won": rnd.randint(0, fu), "pipeline": rev * rnd.randint(2, 4),
                             "certified_reps": rnd.randint(0, 4), "service_tickets": rnd.randint(0, 30),
                             "channel_conflicts": rnd.randint(0, 5), "reps": reps})
        partners.append({"id": pid, "name": f"{rnd.choice(last)} Industrial Supply {i + 1} Inc.",
                         "region": regions[st], "tier": ["Gold", "Silber", "Bronze"][min(2, i * 3 // max(n, 1))],
                         "partner_since": f"20{10 + i % 15:02d}-0{1 + i % 9}-15",
                         "contact": {"salutation": rnd.choice(["Herr", "Frau"]), "name": f"{rnd.choice(first)} {rnd.choice(last)}"},
                         "sales_team": [{"name": t} for t in team],
                         "engagement": {"onsite_visit_accepted": True, "last_meeting": "2026-09-14", "meetings_declined": 0},
                         "quarters": quarters})
        for w in responses:
            if rnd.random() < 0.9:
                responses[w].append({"partner_id": pid, "respondent": team[0],
                                     "answers": {q: rnd.randint(1, 5) for q in ("lead_volume", "lead_quality", "vendor_service", "channel_conflict", "training", "marketing", "overall")} | {"recommend": rnd.randint(0, 10)},
                                     "comment": rnd.choice(["Zu wenige Leads aus unserer Region.", "Die Ersatzteile kommen zu spät – Kunden warten.", "Gute Zusammenarbeit, weiter so!", "Die Abstimmung mit dem Direktvertrieb muss klarer werden."])})
    metrics = {"format": "partnerreview-metrics/1",
               "vendor": {"name": "Hohenfels Werkzeugmaschinen GmbH", "channel_manager": {"name": "Katrin Hübner", "email": "k.huebner@hohenfels-wzm.example"}},
               "currency": "USD", "partners": partners}
    qs = [("lead_volume", "leads", "Wie zufrieden sind Sie mit der Anzahl der Leads?"),
          ("lead_quality", "leads", "Wie bewerten Sie die Qualität der Leads?"),
          ("vendor_service", "service", "Wie zufrieden sind Sie mit Service und Support des Herstellers?"),
          ("channel_conflict", "conflict", "Wie gut ist die Abgrenzung zum Direktvertrieb des Herstellers geregelt?"),
          ("training", "enablement", "Wie hilfreich sind Schulungen und Zertifizierungen?"),
          ("marketing", "marketing", "Wie zufrieden sind Sie mit der Marketing-Unterstützung?"),
          ("overall", "overall", "Wie zufrieden sind Sie insgesamt mit der Partnerschaft?")]
    questions = [{"id": i, "topic": t, "text": x} for i, t, x in qs]
    questions.append({"id": "recommend", "topic": "nps", "scale": {"min": 0, "max": 10},
                      "text": "Wie wahrscheinlich ist es, dass Sie uns als Hersteller weiterempfehlen?"})
    survey = {"format": "partnerreview-survey/1", "questions": questions, "scale": {"min": 1, "max": 5},
              "waves": [{"id": w, "responses": r} for w, r in responses.items()]}
    with open(f"{out}/metrics.json", "w") as f:
        json.dump(metrics, f, ensure_ascii=False)
    with open(f"{out}/survey.json", "w") as f:
        json.dump(survey, f, ensure_ascii=False)

main()

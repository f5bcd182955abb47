#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the CSV form (README, "CSV form") of a metrics.json or survey.json.

    python3 tests/json_to_csv.py samples/metrics.json samples/metrics.csv --sep ';'
    python3 tests/json_to_csv.py samples/survey.json samples/survey.csv

With --sep ';' numbers are written the German way (1.234.567,5), as a spreadsheet
with German settings exports them; with ',' plainly (1234567.5). Used to make
samples/metrics.csv and samples/survey.csv from the JSON samples.
"""
import csv
import json
import sys

METRICS_COLUMNS = [
    "vendor_name", "channel_manager_name", "channel_manager_email", "channel_manager_phone",
    "currency", "partner_id", "name", "region", "tier", "partner_since",
    "contact_salutation", "contact_name", "contact_email", "contact_phone", "sales_team",
    "onsite_visit_accepted", "last_meeting", "meetings_declined",
    "period", "revenue", "target", "leads_received", "leads_followed_up", "deals_won",
    "pipeline", "certified_reps", "service_tickets", "channel_conflicts",
    "rep_name", "rep_revenue", "rep_deals_won",
]
QUARTER_FIGURES = METRICS_COLUMNS[19:28]


def number(v, german):
    if v is None:
        return ""
    if isinstance(v, bool):
        raise ValueError(v)
    if float(v) == int(v):
        text = str(int(v))
        whole, frac = text, ""
    else:
        text = repr(float(v))
        whole, frac = text.split(".")
    if not german:
        return whole + ("." + frac if frac else "")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def person(p):
    return p["name"] + (" <%s>" % p["email"] if p.get("email") else "")


def metrics_rows(d, german):
    vendor = d["vendor"]
    cm = vendor["channel_manager"]
    for p in d["partners"]:
        contact = p.get("contact") or {}
        eng = p.get("engagement") or {}
        onsite = eng.get("onsite_visit_accepted")
        base = {
            "vendor_name": vendor["name"], "channel_manager_name": cm["name"],
            "channel_manager_email": cm.get("email", ""),
            "channel_manager_phone": cm.get("phone", ""),
            "currency": d.get("currency", ""),
            "partner_id": p["id"], "name": p["name"], "region": p.get("region", ""),
            "tier": p.get("tier", ""), "partner_since": p.get("partner_since", ""),
            "contact_salutation": contact.get("salutation", ""),
            "contact_name": contact.get("name", ""), "contact_email": contact.get("email", ""),
            "contact_phone": contact.get("phone", ""),
            "sales_team": "; ".join(person(t) for t in p.get("sales_team", [])),
            "onsite_visit_accepted": "" if onsite is None else ("true" if onsite else "false"),
            "last_meeting": eng.get("last_meeting", ""),
            "meetings_declined": number(eng.get("meetings_declined"), german),
        }
        for q in p["quarters"]:
            row = dict(base, period=q["period"])
            for f in QUARTER_FIGURES:
                row[f] = number(q.get(f), german)
            yield row
            # One more row per rep: the partner and the period, and the rep's figures.
            for r in q.get("reps", []):
                yield {"partner_id": p["id"], "period": q["period"], "rep_name": r["name"],
                       "rep_revenue": number(r.get("revenue"), german),
                       "rep_deals_won": number(r.get("deals_won"), german)}


def survey_rows(d, german):
    qs = d["questions"]
    fscale = d.get("scale", {"min": 1, "max": 5})
    cols = ["wave", "closed", "partner_id", "respondent", "submitted", "comment", "wish"]
    cols += [q["id"] for q in qs]
    yield cols, dict({"wave": "#text"}, **{q["id"]: q["text"] for q in qs})
    yield cols, dict({"wave": "#topic"}, **{q["id"]: q.get("topic", "") for q in qs})
    scale = {}
    for q in qs:
        sc = q.get("scale") or fscale
        if sc != {"min": 1, "max": 5}:
            scale[q["id"]] = "%s..%s" % (number(sc["min"], german), number(sc["max"], german))
    if scale:
        yield cols, dict({"wave": "#scale"}, **scale)
    for w in d["waves"]:
        if not w.get("responses"):
            yield cols, {"wave": w["id"], "closed": w.get("closed", "")}
        for r in w.get("responses", []):
            row = {"wave": w["id"], "closed": w.get("closed", "")}
            for k in ("partner_id", "respondent", "submitted", "comment", "wish"):
                row[k] = r.get(k) or ""
            for q in qs:
                row[q["id"]] = number(r["answers"].get(q["id"]), german)
            yield cols, row


def main():
    args = sys.argv[1:]
    sep = ","
    if "--sep" in args:
        i = args.index("--sep")
        sep = args[i + 1]
        del args[i:i + 2]
    src, dst = args
    d = json.load(open(src, encoding="utf-8"))
    german = sep == ";"
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=sep, lineterminator="\r\n")
        if d["format"].startswith("partnerreview-metrics"):
            w.writerow(METRICS_COLUMNS)
            for row in metrics_rows(d, german):
                w.writerow([row.get(c, "") for c in METRICS_COLUMNS])
        else:
            header = False
            for cols, row in survey_rows(d, german):
                if not header:
                    w.writerow(cols)
                    header = True
                w.writerow([row.get(c, "") for c in cols])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the hostile inputs of issue 17 that bench/hostile.sh measures, from samples/.

    python3 bench/hostile.py unknown MB OUT.json      metrics with MB megabytes of unknown keys
    python3 bench/hostile.py questions N OUT.json     a survey of N questions, 4 responses

unknown: the samples' metrics, with a root key "crm_dump" holding an array of small
numbers (the costliest JSON per byte for a tree: 2 bytes an element), and in each
partner an unknown key "crm_fields", an object of many short keys; about MB megabytes
in all, half each, valid and usable as it is.
questions: N questions, one wave, four responses of sample partners each answering
every question; tests/json_to_csv.py makes the CSV form of it.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def unknown(mb, out):
    m = json.load(open(os.path.join(ROOT, "samples/metrics.json"), encoding="utf-8"))
    per = mb * 1_000_000 // 2
    m["crm_dump"] = [k % 10 for k in range(per // 2)]
    each = per // len(m["partners"])
    for p in m["partners"]:
        fields, size, k = {}, 0, 0
        while size < each:
            fields[f"x_{k}"] = k
            size += len(f'"x_{k}":{k},')
            k += 1
        p["crm_fields"] = fields
    json.dump(m, open(out, "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))


def questions(n, out):
    ids = [f"q{i:06d}" for i in range(n)]
    s = {
        "format": "partnerreview-survey/1",
        "questions": [{"id": q, "topic": "overall", "text": f"Frage {q}?"} for q in ids],
        "waves": [{
            "id": "2026-Q3",
            "responses": [{"partner_id": pid, "answers": {q: 1 + (i + j) % 5 for i, q in enumerate(ids)}}
                          for j, pid in enumerate(["US-TX-002", "US-IL-003", "US-OH-005", "US-CA-014"])],
        }],
    }
    json.dump(s, open(out, "w", encoding="utf-8"))


if __name__ == "__main__":
    kind, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"unknown": unknown, "questions": questions}[kind](size, out)

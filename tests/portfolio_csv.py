#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads OUT/portfolio_<period>.csv back as a spreadsheet would and compares it with
the partner table of the overview PDF beside it, as pdftotext -layout shows it.

    python3 tests/portfolio_csv.py CSV PDF.txt ROWS [LISTED [METRICS.json PERIOD]]

CSV is the file, PDF.txt the PDF's text (pdftotext -layout), ROWS the partners the CSV
must hold, LISTED how many of them the PDF's table lists (default: all). With METRICS.json
and PERIOD (2026-Q3) every partner's revenue and target in the CSV, for PERIOD and the
quarters before it, must equal the metrics' figures, and the attainment their ratio.
Prints one line per problem and exits 1 when there is any.
"""
import csv
import io
import json
import re
import sys

HEAD = ["Platz", "Partner-Nr.", "Partner", "Region", "Stufe"]
PDF_COLUMNS = ["Platz", "Partner-Nr.", "Partner", "Umsatz", "Klasse", "Zielerreichung",
               "Trend", "Ampel", "Hauptursache", "Verlauf"]

problems = []


def bad(text):
    problems.append(text)


def number(cell):
    """A number as German Excel reads a CSV cell: decimal comma, no thousands dots."""
    if not re.fullmatch(r"-?[0-9]+(,[0-9]+)?", cell):
        raise ValueError(cell)
    return float(cell.replace(",", "."))


def german(text):
    """A figure of the PDF: 1.250.000 $, 82,8 %, −7,9 %."""
    text = text.replace("\u2212", "-").replace(".", "").replace(",", ".")
    return float(re.sub(r"[^0-9.+-]", "", text))


def against_metrics(data, cell, head, metrics_path, period):
    """The CSV's figures are the metrics' own: revenue and target of the period, the
    revenue of the quarters before it, attainment = revenue / target."""
    partners = {p["id"]: p for p in json.load(open(metrics_path, encoding="utf-8"))["partners"]}
    year, q = int(period[:4]), int(period[-1])
    history = [h for h in head if re.fullmatch(r"Umsatz Q[1-4]/[0-9]{4} \(.*\)", h)]
    seen = 0
    for r in data:
        p = partners.get(r[1])
        if p is None:
            bad(f"{r[1]}: in the CSV, not in the metrics")
            continue
        quarters = {x["period"]: x for x in p["quarters"]}
        now = quarters.get(period, {})
        for name, want in (("Umsatz " + f"Q{q}/{year}", now.get("revenue")),
                           ("Ziel ", now.get("target"))):
            got = cell(r, name)
            if want is None:
                if got != "":
                    bad(f"{r[1]}: {name} {got!r}, the metrics have none")
            elif got == "" or abs(number(got) - want) > 0.005:
                bad(f"{r[1]}: {name} {got!r}, the metrics {want}")
        if now.get("revenue") is not None and now.get("target"):
            want = 100 * now["revenue"] / now["target"]
            if abs(number(cell(r, "Zielerreichung in")) - want) > 0.0051:
                bad(f"{r[1]}: attainment {cell(r, 'Zielerreichung in')}, the metrics {want:.3f}")
        for h in history:
            m = re.match(r"Umsatz Q([1-4])/([0-9]{4})", h)
            if h.startswith(f"Umsatz Q{q}/{year}"):
                continue
            want = quarters.get(f"{m.group(2)}-Q{m.group(1)}", {}).get("revenue")
            got = r[head.index(h)]
            if (want is None) != (got == "") or (want is not None and abs(number(got) - want) > 0.005):
                bad(f"{r[1]}: {h} {got!r}, the metrics {want}")
        seen += 1
    if seen != len(data):
        bad(f"{len(data) - seen} partners of the CSV not checked against the metrics")
    print(f"{seen} partners checked against {metrics_path}")


def main():
    path, text_path, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    listed = int(sys.argv[4]) if len(sys.argv) > 4 else rows
    raw = open(path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        bad("no UTF-8 byte order mark")
    body = raw[3:]
    if body.count(b"\r\n") != body.count(b"\n") or not body.endswith(b"\r\n"):
        bad("lines do not all end in CR LF")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=";"))
    head, data = table[0], table[1:]
    if head[:5] != HEAD:
        bad(f"head starts {head[:5]}, want {HEAD}")
    if len(data) != rows:
        bad(f"{len(data)} partners in the CSV, want {rows}")
    for i, r in enumerate(data):
        if len(r) != len(head):
            bad(f"row {i + 1} has {len(r)} cells, the head {len(head)}")
    col = {name: head.index(name) for name in head}

    def cell(r, start):
        return r[next(i for n, i in col.items() if n.startswith(start))]

    # Every number column holds numbers (or nothing): what a spreadsheet sums and sorts.
    for name in head:
        if name.startswith(("Umsatz", "Ziel ", "Zielerreichung in", "Anteil", "Trend in",
                            "offene", "abgesagte", "Platz")):
            for r in data:
                if r[col[name]] != "":
                    try:
                        number(r[col[name]])
                    except ValueError:
                        bad(f"{name}: {r[col[name]]!r} is no number for a spreadsheet")
    # Ranks run in order; the shares add up to the cumulative one.
    total = 0.0
    for i, r in enumerate(data):
        if i > 0 and number(r[0]) < number(data[i - 1][0]):
            bad(f"row {i + 1}: rank {r[0]} after {data[i - 1][0]}")
        total += number(cell(r, "Anteil am"))
        if abs(total - number(cell(r, "Anteil kumuliert"))) > 0.01:
            bad(f"row {i + 1}: cumulative share {cell(r, 'Anteil kumuliert')}, the sum {total:.3f}")

    # The PDF's table: a line per partner starting with its rank and id.
    text = open(text_path, encoding="utf-8").read().replace("\u00a0", " ")
    heads = [l for l in text.splitlines() if l.split()[:3] == ["Platz", "Partner-Nr.", "Partner"]]
    if not heads or heads[0].split() != PDF_COLUMNS:
        bad(f"the PDF's table head is {heads[:1]}, want {PDF_COLUMNS}")
    lines = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d+) +(\S+) +(.*)$", line)
        if m:
            lines.setdefault(m.group(2), (m.group(1), m.group(3)))
    for r in data[:listed]:
        pid = r[1]
        if pid not in lines:
            bad(f"{pid}: not in the PDF's table")
            continue
        rank, rest = lines[pid]
        if rank != r[0]:
            bad(f"{pid}: rank {rank} in the PDF, {r[0]} in the CSV")
        # name (its first line), revenue, class, attainment, trend, health, cause
        m = re.match(r"(.*?) +(\S+ \$) +([ABC]) +(\S+ %) +(\S+) +(\S+)(?: +(.*?))? *$", rest)
        if not m:
            bad(f"{pid}: cannot read the PDF's line {rest!r}")
            continue
        name, revenue, cls, att, trend, health, cause = m.groups()
        if not r[2].startswith(name.strip()):
            bad(f"{pid}: name {name!r} in the PDF, {r[2]!r} in the CSV")
        if abs(german(revenue) - number(cell(r, "Umsatz"))) > 0.5:
            bad(f"{pid}: revenue {revenue} in the PDF, {cell(r, 'Umsatz')} in the CSV")
        if abs(german(att) - number(cell(r, "Zielerreichung in"))) > 0.051:
            bad(f"{pid}: attainment {att} in the PDF, {cell(r, 'Zielerreichung in')} in the CSV")
        for got, want, what in ((cls, r[col["Klasse"]], "class"), (trend, r[col["Trend"]], "trend"),
                                (health, r[col["Ampel"]], "health"),
                                ((cause or "").strip(), r[col["Hauptursache"]], "main cause")):
            if got != want:
                bad(f"{pid}: {what} {got!r} in the PDF, {want!r} in the CSV")
    if len(sys.argv) > 6:
        against_metrics(data, cell, head, sys.argv[5], sys.argv[6])
    # Partners past LISTED are in the CSV only.
    for r in data[listed:]:
        if r[1] in lines:
            bad(f"{r[1]}: in the PDF's table, which lists only {listed}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(data)} partners compared, {len(problems)} problems")
    return 1 if problems else 0


sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The page flow of laid-out reports, read from their layout dumps' piece lines.

    pageflow.py [--list] [--max-ending SHARE] DUMP_OR_DIR...

Counts, over every dump (a folder: its *.layout files):
  - stranded headings: a heading whose next block starts on a later page; or whose
    intro paragraph ends on its page while the table, chart or list after the intro
    starts on a later one; or whose paragraphs end on its page while the chart after
    them starts on a later one;
  - widows and orphans: a paragraph, list item or heading with a single line at the
    head of a page (its last) or at the foot of one (its first);
  - tables broken with fewer than three body rows on a side of a break (a row taller
    than a page, split anyway, aside);
  - chart labels cut short;
  - partner reports (not the portfolio overview) whose last page is less than a fifth
    full: the body's lowest piece on it, over the body's height.
Prints the counts and the distribution of page counts. With --max-ending, exits 1
unless the first four are 0 and the share of such endings is at most SHARE (0.05);
--list names each finding (file, page).
"""
import os
import sys


def pieces_of(path):
    pages, pieces = 0, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("page "):
                pages += 1
            elif line.startswith("piece "):
                p = line.split()
                pieces.append({"page": int(p[1]), "kind": p[2], "id": int(p[3]),
                               "first": int(p[4]), "count": int(p[5]), "last": p[6] == "1",
                               "top": float(p[7]), "bottom": float(p[8]), "extra": int(p[9])})
    return pages, pieces


def check(path, found):
    """Adds the findings of one dump to found; returns its page count and last page's fill."""
    pages, pieces = pieces_of(path)
    name = os.path.basename(path)
    areas = {p["page"]: p for p in pieces if p["kind"] == "area"}
    blocks = {}
    for p in pieces:
        if p["kind"] != "area":
            blocks.setdefault(p["id"], []).append(p)
    order = sorted(blocks)
    for i, bid in enumerate(order):
        ps = blocks[bid]
        kind = ps[0]["kind"]
        if kind == "heading":
            page = ps[-1]["page"]
            nxt = blocks[order[i + 1]] if i + 1 < len(order) else None
            if nxt is None or nxt[0]["page"] != page:
                found["stranded"].append((name, page, "next block"))
            elif (nxt[0]["kind"] == "para" and nxt[-1]["page"] == page and i + 2 < len(order)):
                after = blocks[order[i + 2]]
                if after[0]["kind"] in ("table", "chart", "item", "image") and after[0]["page"] != page:
                    found["stranded"].append((name, page, "intro without its " + after[0]["kind"]))
                # A chart after more paragraphs (one moved for a balanced ending): the
                # heading and its paragraphs at a page foot, the chart over the page.
                j = i + 2
                while j < len(order) and blocks[order[j]][0]["kind"] == "para" \
                        and blocks[order[j]][-1]["page"] == page:
                    j += 1
                if (j > i + 2 and j < len(order) and blocks[order[j]][0]["kind"] == "chart"
                        and blocks[order[j]][0]["page"] != page):
                    found["stranded"].append((name, page, "paragraphs without their chart"))
        if kind in ("para", "item", "heading"):
            for p in ps:
                if p["count"] == 1 and p["last"] and p["first"] > 0:
                    found["widows"].append((name, p["page"]))
                if p["count"] == 1 and p["first"] == 0 and not p["last"]:
                    found["orphans"].append((name, p["page"]))
        if kind == "table" and len(ps) > 1 and not any(p["extra"] for p in ps):
            if any(p["count"] < 3 for p in ps):
                found["tables"].append((name, ps[0]["page"]))
        if kind == "chart" and ps[0]["extra"] > 0:
            found["labels"].append((name, ps[0]["page"], ps[0]["extra"]))
    last = [p for p in pieces if p["page"] == pages and p["kind"] != "area"]
    area = areas.get(pages)
    fill = 0.0
    if last and area:
        fill = (max(p["bottom"] for p in last) - area["top"]) / (area["bottom"] - area["top"])
    return pages, fill


def main(argv):
    listing = "--list" in argv
    argv = [a for a in argv if a != "--list"]
    max_ending = None
    if argv[:1] == ["--max-ending"]:
        max_ending = float(argv[1])
        argv = argv[2:]
    files = []
    for a in argv:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".layout"))
        else:
            files.append(a)
    found = {k: [] for k in ("stranded", "widows", "orphans", "tables", "labels")}
    dist, reports, short = {}, 0, []
    for path in files:
        pages, fill = check(path, found)
        if os.path.basename(path).startswith("portfolio_"):
            continue
        reports += 1
        dist[pages] = dist.get(pages, 0) + 1
        if pages > 1 and fill < 0.2:
            short.append((os.path.basename(path), pages, round(fill, 3)))
    labels = sum(x[2] for x in found["labels"])
    share = len(short) / reports if reports else 0.0
    print(f"dumps {len(files)}, reports {reports}")
    print(f"stranded headings {len(found['stranded'])}")
    print(f"widows {len(found['widows'])}, orphans {len(found['orphans'])}")
    print(f"tables broken with fewer than three rows {len(found['tables'])}")
    print(f"chart labels cut {labels}")
    print(f"reports ending on a page less than a fifth full {len(short)} ({100 * share:.1f} %)")
    print("pages: " + ", ".join(f"{k}: {dist[k]}" for k in sorted(dist)))
    if listing:
        for k, v in found.items():
            for x in v:
                print(k, *x)
        for x in short:
            print("ending", *x)
    if max_ending is not None:
        bad = (found["stranded"] or found["widows"] or found["orphans"] or found["tables"]
               or labels or share > max_ending)
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

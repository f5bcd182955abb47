#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Page counts and the last page's fill of laid-out partner reports, from layout dumps.

    fill.py DIR...

For each folder of *.layout files (the portfolio overview left out): the histogram of
page counts, and the quartiles (min, 25 %, median, 75 %, max) of how full the last page
is (the body's lowest piece over the body's height, as tests/pageflow.py measures it),
with the share of reports ending on a page less than a fifth full.
"""
import os
import sys


def last_fill(path):
    pages, area, low = 0, {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("page "):
                pages += 1
            elif line.startswith("piece "):
                p = line.split()
                page, kind, top, bottom = int(p[1]), p[2], float(p[7]), float(p[8])
                if kind == "area":
                    area[page] = (top, bottom)
                else:
                    low[page] = max(low.get(page, top), bottom)
    top, bottom = area[pages]
    return pages, (low[pages] - top) / (bottom - top) if pages in low else 0.0


def quartiles(xs):
    xs = sorted(xs)
    at = lambda q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
    return [at(q) for q in (0, 0.25, 0.5, 0.75, 1)]


def main(dirs):
    for d in dirs:
        names = sorted(n for n in os.listdir(d) if n.endswith(".layout")
                       and not n.startswith("portfolio_"))
        hist, fills = {}, []
        for n in names:
            pages, fill = last_fill(os.path.join(d, n))
            hist[pages] = hist.get(pages, 0) + 1
            fills.append(fill)
        short = sum(1 for f in fills if f < 0.2)
        print(f"{d}: {len(names)} reports")
        print("  pages: " + ", ".join(f"{k}: {hist[k]}" for k in sorted(hist))
              + f" (mean {sum(k * v for k, v in hist.items()) / len(names):.3f})")
        print("  last page fill min/25/50/75/max: "
              + " / ".join(f"{100 * x:.0f} %" for x in quartiles(fills))
              + f"; below a fifth: {short}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

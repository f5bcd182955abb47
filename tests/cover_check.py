#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Page 1 of laid-out reports, read from their layout dumps: the cover ends on page 1.

    cover_check.py [--list] [--end WORD] DUMP_OR_DIR...

For every partner report's dump (a folder: its *.layout files, the portfolio overview
aside): the last words of page 1 (WORD, the cover's closing note) stand on page 1, and
the body of page 2 begins below the page's top with nothing of page 1 (no list item,
table row or paragraph of the cover continued there). Prints how many reports pass and
the distribution of page 1's fill (its lowest body piece over the body's height).
Exits 1 when a cover runs over.
"""
import os
import sys


def check(path, end):
    """(ok, fill of page 1) of one dump."""
    end_page, area, lowest = None, None, 0.0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("text ") and end_page is None and line.rstrip().endswith(end + '"'):
                end_page = int(line.split()[1])
            elif line.startswith("piece 1 "):
                p = line.split()
                if p[2] == "area":
                    area = (float(p[7]), float(p[8]))
                else:
                    lowest = max(lowest, float(p[8]))
    fill = (lowest - area[0]) / (area[1] - area[0]) if area else 0.0
    return end_page == 1, fill


def main(argv):
    show = "--list" in argv
    argv = [a for a in argv if a != "--list"]
    end = "Seiten."
    if "--end" in argv:
        i = argv.index("--end")
        end = argv[i + 1]
        del argv[i:i + 2]
    files = []
    for a in argv:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, n) for n in os.listdir(a)
                            if n.endswith(".layout") and not n.startswith("portfolio_"))
        else:
            files.append(a)
    bad, fills = [], []
    for path in files:
        ok, fill = check(path, end)
        fills.append(fill)
        if not ok:
            bad.append(path)
    print(f"covers {len(files)}, over page 1: {len(bad)}")
    if fills:
        fills.sort()
        pick = lambda q: fills[min(len(fills) - 1, int(q * len(fills)))]
        print(f"page 1 fill: min {fills[0]:.2f}, median {pick(0.5):.2f}, "
              f"90 % {pick(0.9):.2f}, max {fills[-1]:.2f}")
    if show:
        for p in bad:
            print(f"over: {os.path.basename(p)}")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tiles of a report's page 1, one line each, read from the PDF's word boxes.

    tiles.py PDF

pdftotext reads a row of tiles column by column and mixes them up; this reads the words'
boxes (pdftotext -bbox) instead. The tile row is the first line of page 1 with three or
more words set apart by a tile's gap; a tile holds the words below its label, within its
columns, down to the first gap wider than 16 pt (the tile's foot; a one-line label stands
above its figure by the tallest label's height, about 13 pt). Prints each tile's words in reading
order, lines joined by " | " ("Weiterempfehlung (NPS) | 0 | +100 zur Vorwelle").
"""
import re
import subprocess
import sys

GAP = 12.0  # pt between two words of one tile's line at most (tiles stand 20 pt apart)


def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    pat = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    ws = []
    for m in pat.finditer(out):
        text = m.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        ws.append((float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), text))
    return ws


def lines_of(ws):
    """Words grouped into lines (same yMin within 1 pt), top to bottom, each left to right."""
    rows = {}
    for w in ws:
        key = next((k for k in rows if abs(k - w[1]) < 1.0), w[1])
        rows.setdefault(key, []).append(w)
    return [sorted(rows[k]) for k in sorted(rows)]


def clusters(line):
    """A line's words split where the gap between two is wider than GAP."""
    out = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        if w[0] - prev[2] > GAP:
            out.append([])
        out[-1].append(w)
    return out


def tiles(pdf):
    ws = words(pdf)
    lines = lines_of(ws)
    for i, line in enumerate(lines):
        cs = clusters(line)
        if len(cs) < 3:
            continue
        starts = [c[0][0] for c in cs]
        top = line[0][1]
        result = []
        for k, x0 in enumerate(starts):
            x1 = starts[k + 1] if k + 1 < len(starts) else 1e9
            mine = [w for w in ws if x0 - 1 <= w[0] < x1 - 1 and w[1] >= top - 1]
            text, last = [], None
            for ln in lines_of(mine):
                if last is not None and ln[0][1] - last > 16:
                    break
                text.append(" ".join(w[4] for w in ln))
                last = ln[0][3]
            result.append(" | ".join(text))
        return result
    return []


if __name__ == "__main__":
    for t in tiles(sys.argv[1]):
        print(t)

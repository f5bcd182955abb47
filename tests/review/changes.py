#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every change a report shows agrees with the figures shown beside it (review finding F).

    python3 tests/review/changes.py TEXT...

TEXT: pdftotext output (no -layout) of a review or of the portfolio overview, German or
English; beside a review's NAME.txt may lie NAME.tiles.txt (tests/tiles.py). Checks the
survey table (question, wave, previous wave, change: the change is the difference of the
two figures as shown, round first, then subtract) and the NPS tile (its change against
the NPS now and the previous wave's). Prints each violation; exits 1 on any. Imported by
check_invariants.py (check_text).
"""
import re
import sys

NUM = re.compile(r"^[+−-]?\d+[,.]\d$")
HEAD = ("Veränderung", "Change")
STOP = ("Stimmen aus", "In your team", "Nicht teilgenommen", "Did not take part", "Stand ",
        "As of ", "Vertraulich", "Confidential")
LEGEND = ("Ergebnis", "Vorwelle", "Score", "Previous survey")  # the chart's, when it follows


def number(t):
    return float(t.replace("−", "-").replace(",", "."))


def tenths(t):
    """A shown figure with one decimal in tenths, exactly."""
    return round(number(t) * 10)


def survey_rows(text):
    """The survey table's rows as (score, previous, change) strings, '–' for none."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    rows = []
    for i, l in enumerate(lines):
        if not any(l == h or l.endswith(" " + h) for h in HEAD):
            continue
        tokens = []
        for m in lines[i + 1:]:
            if m.startswith(STOP) or m in LEGEND or any(m == h or m.endswith(" " + h) for h in HEAD):
                break
            if NUM.match(m) or m == "–":
                tokens.append(m)
        if len(tokens) % 3:
            rows.append(("?", "?", f"{len(tokens)} figures"))
            continue
        rows += [tuple(tokens[k:k + 3]) for k in range(0, len(tokens), 3)]
    return rows


def check_text(text, tiles=None):
    """The violations of one report's text (and its tiles, one line each)."""
    bad = []
    rows = survey_rows(text)
    for a, b, c in rows:
        if a == "?":
            bad.append(f"survey table: {c}, not rows of three")
        elif "–" in (a, b):
            if c != "–":
                bad.append(f"survey table: {a} | {b} | {c}")
        elif c == "–" or tenths(c) != tenths(a) - tenths(b):
            bad.append(f"survey table: {a} | {b} | {c}: the change is not the difference shown")
    flat = re.sub(r"\s+", " ", text)
    m = re.search(r"Net Promoter Score(?:, −100 bis \+100\)| \(−100 to \+100\)): "
                  r"([+−]?\d+) \((?:Vorwelle|previous survey): ([+−]?\d+)\)", flat)
    tile = next((t for t in (tiles or []) if t.startswith(("Weiterempfehlung", "Would recommend", "NPS"))), None)
    if m and tile:
        parts = tile.split(" | ")
        now, before = int(number(m.group(1) + ".0")), int(number(m.group(2) + ".0"))
        note = next((p for p in parts if p.endswith(("zur Vorwelle", "vs. last wave"))), None)
        if note is not None:
            shown = note.split(" ")[0]
            change = 0 if shown in ("0", "±0") else int(number(shown + ".0"))
            if change != now - before:
                bad.append(f"NPS {now} (previous {before}), the tile says {note!r}")
    return bad, len(rows)


if __name__ == "__main__":
    failed = checked = 0
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read().replace("\u00a0", " ")
        tp = path[:-len(".txt")] + ".tiles.txt" if path.endswith(".txt") else None
        try:
            tiles = open(tp, encoding="utf-8").read().replace("\u00a0", " ").splitlines() if tp else None
        except OSError:
            tiles = None
        bad, n = check_text(text, tiles)
        checked += n
        for b in bad:
            print(f"{path}: {b}")
        failed += len(bad)
    print(f"{len(sys.argv) - 1} texts, {checked} survey rows, {failed} violations")
    sys.exit(1 if failed else 0)

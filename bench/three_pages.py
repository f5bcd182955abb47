#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a 3-page cut of the bundled review, for the size and speed figures of issue 6.

    python3 bench/three_pages.py templates/review.xml OUT.xml

The cut keeps the first page ("Auf einen Blick"), the standing with its three charts
(Pareto, revenue against target, attainment), the goals and the next steps; it leaves
out the tables of leads, comparison and team, the survey, causes and praise. Every
synthetic partner's report then has exactly 3 pages. OUT.xml goes beside a copy of
templates/ (its includes, fonts and logo are found there).
"""
import sys


def cut(text, start, end):
    """text without [start, end): the two markers must exist, in this order."""
    i = text.index(start)
    j = text.index(end, i)
    return text[:i] + text[j:]


def main():
    src, out = sys.argv[1], sys.argv[2]
    text = open(src, encoding="utf-8").read()
    text = cut(text, '<h level="2" style="subheading">Leads, Abschlüsse',
               '<h level="1" style="heading">Was Ihr Team sagt')
    text = cut(text, '<h level="1" style="heading">Was Ihr Team sagt',
               '<if test="partner.previous_goals">')
    open(out, "w", encoding="utf-8").write(text)


main()

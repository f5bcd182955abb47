#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 12: every goal comes with a real measure (no boilerplate, no double
# colon) and every wish the partner wrote gets an answer: a measure from the catalogue when
# one fits its topic (US-PA-001's co-marketing budget, US-MI-004's consignment stock), else
# a place in the next meeting.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

for f in "$q3"/US-*.pdf.txt "$q2"/US-*.pdf.txt; do
	expect_no_flat "$f" "Die Hinweise aus der Befragung setzen wir gezielt um."
	if grep -q '::' "$f" || flat "$f" | grep -qE ': [^:.;]{1,40}: (Die|Wir) '; then bad "$(basename "$f"): a double colon"; else ok; fi
done
expect_flat "$q3/US-PA-001_2026-Q3.pdf.txt" "„Co-Marketing-Budget für regionale Fachmessen“ (Karen Novak) – Wir stimmen mit Ihnen einen Marketingplan für Ihre Region ab"
expect_flat "$q3/US-MI-004_2026-Q3.pdf.txt" "„Konsignationslager für Verschleißteile bei uns“ (Steven Kowalczyk) – Wir gehen offene Service"
expect_flat "$q3/US-PA-001_2026-Q3.pdf.txt" "Bewertung der Marketing-Unterstützung: Wir stimmen mit Ihnen einen Marketingplan für Ihre Region ab"
# Every wish in every report is answered.
json_check "$q3" <<'PY'
import re
for name, r in reviews.items():
    text = open(os.path.join(os.path.dirname(sys.argv[1] + "/"), name.replace(".review.json", ".pdf.txt")), encoding="utf-8").read()
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    for w in r["wishes"]:
        i = text.find(w["text"][:30])
        if i < 0 or "Ihren Wunsch nehmen wir in das Gespräch am" not in text[i:i + 600]:
            fail(f"{name}: the wish {w['text']!r} has no answer")
    for g in r["goals"]:
        if not g["measure"] or g["measure"] == "survey_talk":
            fail(f"{name}: goal {g['figure']} without a measure of its own")
PY
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 9: the escalation states true facts only: the meetings declined, the
# visit refused, the wave skipped, the date of the last meeting (before the quarter or in
# it), and what the partner last wrote (US-TX-007 warned in Q2 of taking a competitor's line).
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

tx="$q3/US-TX-007_2026-Q3.pdf.txt"
expect_flat "$tx" "Sie haben 3 Gesprächstermine abgesagt, den Besuch vor Ort abgelehnt und an der Befragung Q3/2026 nicht teilgenommen."
expect_flat "$tx" "Unser letztes Gespräch liegt länger zurück: Es fand am 11.02.2026 statt."
expect_flat "$tx" "„Wir überlegen, die Linie eines Wettbewerbers aufzunehmen – die Margen reichen nicht mehr.“"
expect_flat "$tx" "Ihre letzte Rückmeldung aus der Befragung Q2/2026 – oben zitiert – nehmen wir ernst"
expect_no_flat "$tx" "dass der Austausch zuletzt ausgeblieben ist"
json_check "$q3" <<'PY'
e = reviews["US-TX-007_2026-Q3.review.json"]["escalation"]
want = {"meetings_declined": 3, "visit_refused": True, "survey_skipped": True, "last_meeting": "2026-02-11",
        "met_in_quarter": False, "skipped_wave": "2026-Q3", "answered_wave": "2026-Q2"}
for k, v in want.items():
    if e.get(k) != v:
        fail(f"US-TX-007: escalation {k} = {e.get(k)}, want {v}")
PY

# The last meeting inside the review quarter: no claim that the talks lapsed.
variant met US-TX-007 <<'PY'
partner("US-TX-007")["engagement"]["last_meeting"] = "2026-08-20"
PY
met="$work/met/q3/US-TX-007_2026-Q3.pdf.txt"
expect_flat "$met" "Unser letztes Gespräch fand am 20.08.2026 statt."
expect_no_flat "$met" "länger zurück"
expect_no_flat "$met" "ausgeblieben"
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 11, finding 3: page 1 lists only causes that are open. US-WI-008's training problem
# is resolved (ausgeräumt): it is praised, not listed as open.
set -u
prog=$1
src=$2
. "$src/tests/review/lib.sh"

page_text "$q3/US-WI-008_2026-Q3.pdf" 1 > "$work/wi1.txt"
expect_no_flat "$work/wi1.txt" "Schulung und Zertifizierung"
expect_flat "$work/wi1.txt" "Woran es hakt: Weder die Befragung noch die Kennzahlen zeigen derzeit ein Hindernis."
expect_text "$q3/US-WI-008_2026-Q3.pdf.txt" "Ein Hindernis ist ausgeräumt: Schulung und Zertifizierung."
# Every report: page 1 names exactly the open causes of its review.json.
for f in "$q3"/US-*.pdf; do
	id=$(basename "$f" _2026-Q3.pdf)
	page_text "$f" 1 | tr '\n' ' ' | sed 's/  */ /g' > "$work/p1_$id.txt"
done
json_check "$q3" <<'PY'
names = {"leads": "zu wenige Leads", "lead_quality": "Qualität der Leads",
         "service": "Service und Support des Herstellers", "conflict": "Abgrenzung zum Direktvertrieb",
         "enablement": "Schulung und Zertifizierung", "marketing": "Marketing-Unterstützung",
         "follow_up": "Nachverfolgung der Leads"}
for name, r in reviews.items():
    text = open(os.path.join(work, "p1_" + r["partner_id"] + ".txt"), encoding="utf-8").read()
    line = text.split("Woran es hakt: ", 1)[1].split("•", 1)[0] if "Woran es hakt: " in text else ""
    squeeze = lambda t: t.replace("-", "").replace(" ", "")
    for c in r["causes"]:
        shown = squeeze(names[c["id"]]) in squeeze(line)
        if c["open"] != shown:
            fail(f"{name}: {c['id']} ({c['status']}) {'missing from' if c['open'] else 'listed on'} page 1")
        if c["open"] != (c["status"] in ("new", "persists", "improved")):
            fail(f"{name}: {c['id']} open is {c['open']} with status {c['status']}")
PY
done_tests

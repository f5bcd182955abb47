#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The review's invariants over generated partners (issue 11): gen_partners.py writes N
# partners built to break the analysis, with the goals of a last review; one run with
# --previous -j2 writes every report; check_invariants.py reads every review.json (and the
# text of every 25th PDF) and checks what must hold for every partner (docs/rules.md).
#   bash tests/review/invariants.sh PROGRAM SRC [N]     (N: 10000 by default; ctest runs
#   2000, 500 under the sanitizers: tests/CMakeLists.txt)
set -u
prog=$1
src=$2
n=${3:-10000}
. "$src/tests/lib.sh"

python3 "$src/tests/review/gen_partners.py" "$n" "$work" || { bad "the generator failed"; done_tests; exit 1; }
"$prog" -m "$work/metrics.json" -s "$work/survey.json" -o "$work/out" --previous "$work/prev" -j2 \
	2> "$work/stderr"
expect_eq "exit status" "$?" 0
expect_eq "reports written" "$(ls "$work/out" | grep -c '^G-.*\.pdf$')" "$n"
# Messages: only the plausibility warnings, the notes of partners without last goals, the summary.
odd=$(grep -v -e ': warning: partner G-[0-9]*: figures of 2026-Q3 do not fit together (' \
	-e ': note: partner G-[0-9]*: no goals from the last review' \
	-e "^partnerreview: 2026-Q3: $n reports written, 0 failed, 0 skipped, " "$work/stderr" | head -3)
expect_eq "unexpected messages" "$odd" ""

# The text of every 25th report: page 1, its tiles (tests/tiles.py) and the whole.
mkdir -p "$work/text"
for ((i = 0; i < n; i += 25)); do
	id=$(printf 'G-%05d' "$i")
	pdftotext -enc UTF-8 -f 1 -l 1 "$work/out/${id}_2026-Q3.pdf" - 2> /dev/null | sed 's/\xc2\xa0/ /g' > "$work/text/$id.p1.txt"
	pdftotext -enc UTF-8 "$work/out/${id}_2026-Q3.pdf" - 2> /dev/null | sed 's/\xc2\xa0/ /g' > "$work/text/$id.txt"
	python3 "$src/tests/tiles.py" "$work/out/${id}_2026-Q3.pdf" | sed 's/\xc2\xa0/ /g' > "$work/text/$id.tiles.txt"
done
if python3 "$src/tests/review/check_invariants.py" "$work" "$work/out" "$work/text" > "$work/check.txt" 2>&1; then ok; else
	bad "invariants violated"
fi
cat "$work/check.txt" >&2
done_tests

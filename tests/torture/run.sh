#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Torture, in the style of curl's: one small sample run (two partners of the samples,
# their survey, the goals of the quarter before, this folder's template and overview,
# a layout dump), repeated with allocation N failing, for N = FROM, FROM+STRIDE, ... up
# to the run's last allocation. Each must end with exit status 2 and the one
# out-of-memory message, no sanitizer report (leaks included), no temporary file in
# OUT or TMPDIR, and every file in OUT whole. Needs a build with -DPR_TORTURE=ON
# (CI: the sanitizer build).
#   tests/torture/run.sh PROG [STRIDE [FROM]]      (JOBS runs at a time; default nproc)
set -u
prog=$(realpath "$1")
stride=${2:-1}
from=${3:-1}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A cache of results of its own (src/cache.h), filled before the count: every run then
# finds the same entries and makes the same allocations.
export PARTNERREVIEW_CACHE=$work/cache
export prog src work

python3 - "$src" "$work" <<'PY'
import json, sys
src, work = sys.argv[1], sys.argv[2]
m = json.load(open(src + "/samples/metrics.json"))
m["partners"] = m["partners"][:2]
ids = {p["id"] for p in m["partners"]}
json.dump(m, open(work + "/metrics.json", "w"), ensure_ascii=False)
s = json.load(open(src + "/samples/survey.json"))
for w in s["waves"]:
    w["responses"] = [r for r in w["responses"] if r.get("partner_id") in ids]
json.dump(s, open(work + "/survey.json", "w"), ensure_ascii=False)
PY
args=(-m "$work/metrics.json" -s "$work/survey.json" -t "$src/tests/torture/template.xml" -j1)
"$prog" "${args[@]}" -o "$work/prev" --period 2026-Q2 2> "$work/prev.stderr" ||
	{ cat "$work/prev.stderr"; exit 2; }
echo "${args[*]} --previous $work/prev --layout-dump" > "$work/args"
mkdir -p "$work/count/tmp"
(cd "$work/count" && TMPDIR=$work/count/tmp "$prog" "${args[@]}" --previous "$work/prev" \
	--layout-dump -o warm > /dev/null 2>&1)
total=$(cd "$work/count" && PR_TORTURE=0 TMPDIR=$work/count/tmp "$prog" "${args[@]}" \
	--previous "$work/prev" --layout-dump -o out 2>&1 >/dev/null |
	sed -n 's/^partnerreview: torture: \([0-9]*\) allocations$/\1/p')
if [ -z "$total" ]; then
	echo "torture: $prog counts no allocations: build it with -DPR_TORTURE=ON" >&2
	exit 2
fi

one() { # N: prints nothing when allocation N failed cleanly, else why not
	local n=$1 d=$work/n$1 why=""
	mkdir -p "$d/tmp"
	# shellcheck disable=SC2046
	(cd "$d" && PR_TORTURE=$n TMPDIR=$d/tmp "$prog" $(cat "$work/args") -o out \
		> stdout 2> stderr)
	local st=$?
	if grep -q 'Sanitizer\|runtime error\|LeakSanitizer' "$d/stderr"; then
		why=$(grep -m1 'ERROR\|runtime error' "$d/stderr")
	elif [ "$st" != 2 ]; then
		why="exit status $st, want 2"
	elif ! tail -n1 "$d/stderr" | grep -Eq '^partnerreview: fatal: out of memory \([0-9]+ bytes\)( while reading .+)?; stopped, no file half-written$'; then
		why="last message: $(tail -n1 "$d/stderr")"
	elif [ -n "$(ls -A "$d/tmp")" ]; then
		why="left in TMPDIR: $(ls -A "$d/tmp" | head -3 | tr '\n' ' ')"
	elif [ -d "$d/out" ] && [ -n "$(cd "$d/out" && ls -A | grep '^\.')" ]; then
		why="left in OUT: $(cd "$d/out" && ls -A | grep '^\.' | head -3 | tr '\n' ' ')"
	else
		for f in "$d"/out/*.pdf; do
			[ -e "$f" ] || continue
			tail -c 7 "$f" | grep -q '%%EOF' || why="$(basename "$f") is not whole"
		done
		for f in "$d"/out/*.goals.json; do
			[ -e "$f" ] || continue
			[ "$(tail -c 2 "$f")" = "}" ] || why="$(basename "$f") is not whole"
		done
	fi
	if [ -n "$why" ]; then
		echo "PR_TORTURE=$n: $why"
		tail -n 12 "$d/stderr" | sed 's/^/    /'
	fi
	rm -rf "$d"
}
export -f one

seq "$from" "$stride" "$total" | xargs -P "${JOBS:-$(nproc)}" -I{} bash -c 'one {}' \
	> "$work/failures"
runs=$(seq "$from" "$stride" "$total" | wc -l)
failed=$(grep -c '^PR_TORTURE=' "$work/failures")
cat "$work/failures"
echo "torture: $runs of $total allocations failed on purpose (stride $stride from $from): $failed did not end cleanly"
[ "$failed" -eq 0 ]

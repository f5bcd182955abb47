#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions (valgrind callgrind: exact, whatever else the machine runs) of the
# same work at several revisions, for before/after comparisons on a busy machine:
# the 30 samples in one run with one worker, one sample report as a whole process
# (--partner US-CA-014), and N generated partners (bench/synth.py, default 200)
# with one worker. Each revision is built (Release) in a worktree under $WORK.
#   bash bench/instructions.sh d24626d HEAD       N=200 WORK=/tmp/pr-instr
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- HEAD
n=${N:-200}
work=${WORK:-/tmp/pr-instr}
mkdir -p "$work/gen"
python3 bench/synth.py "$n" "$work/gen"
export SOURCE_DATE_EPOCH=1795651200
# count BIN ARGS...: the instructions callgrind collected.
count() {
	local bin=$1
	shift
	rm -rf "$work/out"
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" -o "$work/out" 2>&1 |
		awk '/Collected/ { print $4 }'
}
printf '%-12s %14s %14s %14s %12s\n' revision samples-j1 partner "gen$n-j1" per-report
for rev in "$@"; do
	h=$(git rev-parse --short "$rev")
	src=$work/$h
	if [ ! -x "$src/b/partnerreview" ]; then
		rm -rf "$src"
		git worktree add -q --detach "$src/tree" "$h"
		cmake -S "$src/tree" -B "$src/b" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
		cmake --build "$src/b" -j"$(nproc)" --target partnerreview >/dev/null
	fi
	bin=$src/b/partnerreview
	s=$(count "$bin" --metrics samples/metrics.json --survey samples/survey.json -j1)
	p=$(count "$bin" --metrics samples/metrics.json --survey samples/survey.json -p US-CA-014)
	g=$(count "$bin" --metrics "$work/gen/metrics.json" --survey "$work/gen/survey.json" -j1)
	printf '%-12s %14s %14s %14s %12s\n' "$h" "$s" "$p" "$g" "$(( ${g//,/} / n ))"
done

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Page flow figures (issue 12): the page counts and the last page's fill (quartiles,
# bench/fill.py) of the samples and of N synthetic partners (bench/synth.py, default
# 2,000), from their layout dumps, for each build named (before/after: PROGS="old new").
# With CALLGRIND=1 also the instructions per report (valgrind --tool=callgrind, one
# worker, no dump: PDFs, review and goals files as a normal run writes them), exact on a
# busy machine; on the N partners that takes minutes.
#   bash bench/pageflow.sh [N]        PROGS=build-bench/partnerreview CALLGRIND=0
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
progs=${PROGS:-}
if [ -z "$progs" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j2 >/dev/null
	progs=build-bench/partnerreview
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
mkdir "$work/gen"
python3 bench/synth.py "$n" "$work/gen" > /dev/null
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores," \
	"load $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
for prog in $progs; do
	i=$((i + 1))
	echo "== $prog"
	for set in samples gen; do
		if [ $set = samples ]; then
			in=(-m samples/metrics.json -s samples/survey.json)
		else
			in=(-m "$work/gen/metrics.json" -s "$work/gen/survey.json")
		fi
		"$prog" "${in[@]}" -o "$work/$i-$set" --layout-dump 2> /dev/null
		python3 bench/fill.py "$work/$i-$set" | sed "s|$work/$i-||"
		if [ "${CALLGRIND:-0}" = 1 ]; then
			reports=$(ls "$work/$i-$set"/*.layout | grep -vc portfolio_)
			valgrind --tool=callgrind --callgrind-out-file="$work/cg" "$prog" "${in[@]}" \
				-o "$work/cg-out" -j1 > /dev/null 2> "$work/cg.err"
			ir=$(grep -m1 '^summary:' "$work/cg" | cut -d' ' -f2)
			echo "  instructions: $ir in all, $((ir / reports)) per report"
			rm -rf "$work/cg-out" "$work/cg"
		fi
		rm -rf "$work/$i-$set"
	done
done

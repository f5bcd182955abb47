#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The "before the meeting" case on a big export: one partner's report out of N synthetic
# partners (default 10,000), run as a whole process: wall and CPU (user + system)
# milliseconds, median of RUNS runs, for `--partner ID` and `--partner ID --portfolio`
# (the report and the overview), and for loading and checking alone (`--check`).
# PROG measures another build; without it a Release tree is built in build-bench/.
# BASE=another/partnerreview measures that build too, its runs interleaved with PROG's
# (before/after on a loaded machine: both see the same load). The load average is shown.
#   bash bench/partner.sh [N]        RUNS=11 PROG=build-bench/partnerreview BASE=...
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-11}
prog=${PROG:-}
if [ -z "$prog" ]; then
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench --target partnerreview -j2 >/dev/null
	prog=build-bench/partnerreview
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
python3 bench/synth.py "$n" "$work" > /dev/null
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["partners"][5]["id"])' \
	"$work/metrics.json")
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores;" \
	"$prog${BASE:+ (and $BASE, interleaved)}; $n partners, --partner $id;" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
base=${BASE:-}

# measure NAME ARGS...: the medians of wall and CPU time of RUNS runs.
measure() {
	local name=$1
	shift
	if ! "$prog" -m "$work/metrics.json" -s "$work/survey.json" "$@" -o "$work/out" \
		> /dev/null 2>&1; then
		printf '%-36s (this build cannot: exit status not 0)\n' "$name"
		return
	fi
	: > "$work/times"
	: > "$work/times.base"
	for _ in $(seq "$runs"); do
		for p in "$prog" $base; do
			local t=$work/times
			[ "$p" = "$prog" ] || t=$work/times.base
			rm -rf "$work/out"
			/usr/bin/time -q -f '%e %U %S %M' -a -o "$t" "$p" -m "$work/metrics.json" \
				-s "$work/survey.json" "$@" -o "$work/out" > /dev/null 2>&1 || true
		done
	done
	report "$name" "$work/times"
	[ -z "$base" ] || report "  the same, BASE" "$work/times.base"
}

# report NAME TIMES: the medians of a file of /usr/bin/time lines.
report() {
	local k=$(((runs + 1) / 2))
	local wall cpu rss
	wall=$(awk '{ print $1 * 1000 }' "$2" | sort -n | awk -v k="$k" 'NR == k')
	cpu=$(awk '{ print ($2 + $3) * 1000 }' "$2" | sort -n | awk -v k="$k" 'NR == k')
	rss=$(awk '{ print $4 / 1024 }' "$2" | sort -n | awk -v k="$k" 'NR == k')
	printf '%-36s %7.0f ms wall %7.0f ms CPU %6.1f MiB peak (median of %d)\n' \
		"$1" "$wall" "$cpu" "$rss" "$runs"
}
measure "--partner (the report alone)" -p "$id"
measure "--partner --portfolio" -p "$id" --portfolio
measure "--check -p (loading and checks)" -p "$id" --check

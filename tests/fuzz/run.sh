#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the fuzz harnesses of a PR_FUZZ build for a while each (tests/fuzz/README.md).
#   tests/fuzz/run.sh BUILD SECONDS [HARNESS...]    (default: all seven)
# Environment: JOBS harnesses at a time (default: the number of processors); NICE=1
# runs them under nice; FUZZ_TMPDIR where inputs are written (default /dev/shm). The corpus grows in BUILD/fuzz/corpus/<harness> (kept between
# runs: a long run continues where the last stopped), starting from the seeds of
# seeds.sh; a crash, leak or timeout is saved as BUILD/fuzz/crashes/<harness>-* and
# makes the exit status 1. Each harness's last lines are in BUILD/fuzz/<harness>.log.
# Prints one line per harness: its runs, executions per second, corpus size.
set -uo pipefail
build=$(cd "$1" && pwd)
secs=$2
shift 2
src=$(cd "$(dirname "$0")/../.." && pwd)
all=(metrics_json metrics_csv survey_json survey_csv template rules goals)
harnesses=("${@:-${all[@]}}")
[ $# -gt 0 ] || harnesses=("${all[@]}")
jobs=${JOBS:-$(nproc)}
fz=$build/fuzz
mkdir -p "$fz/crashes"
bash "$src/tests/fuzz/seeds.sh" "$fz/seeds" > /dev/null || exit 2
# Each input goes through a file: in memory (/dev/shm) when there is one, which makes
# the harnesses two or three times as fast as on a disk.
tmp=$(mktemp -d "${FUZZ_TMPDIR:-/dev/shm}/prfuzz.XXXXXX" 2>/dev/null) ||
	tmp=$(mktemp -d "$fz/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

one() { # harness
	local h=$1 bin=$build/tests/fuzz/fuzz_$1
	if [ ! -x "$bin" ]; then
		echo "$h: $bin missing (cmake --build $build --target fuzz)" > "$fz/$h.log"
		return 2
	fi
	mkdir -p "$fz/corpus/$h"
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GB is a blow-up.
	TMPDIR=$tmp ${NICE:+nice} "$bin" "$fz/corpus/$h" "$fz/seeds/$h" \
		-dict="$fz/seeds/$h.dict" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$fz/crashes/$h-" \
		> "$fz/$h.log" 2>&1
}

status=0
pids=()
names=()
for h in "${harnesses[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	one "$h" &
	pids+=($!)
	names+=("$h")
done
for i in "${!pids[@]}"; do
	h=${names[$i]}
	if wait "${pids[$i]}"; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$fz/$h.log")
		speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$fz/$h.log")
		size=$(ls "$fz/corpus/$h" | wc -l)
		printf 'fuzz %-13s %9s runs, %5s/s, corpus %s\n' "$h" "$runs" "$speed" "$size"
	else
		status=1
		printf 'fuzz %-13s FAILED: %s\n' "$h" "$(grep -m1 -E 'ERROR|SUMMARY|missing|deadly' "$fz/$h.log")"
		grep -A30 -m1 'ERROR\|runtime error' "$fz/$h.log" | head -40
	fi
done
exit $status

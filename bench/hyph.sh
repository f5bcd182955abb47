#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hyphenation time: the pattern index load and the time per word, median of several rounds.
#   bash bench/hyph.sh [ROUNDS] [WORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target bench_hyph -j2 >/dev/null
./build-bench/bench_hyph "${1:-9}" "${2:-2000}"

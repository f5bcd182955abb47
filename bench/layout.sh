#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Layout time per page on the bundled samples and template: median of several rounds.
#   bash bench/layout.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target bench_layout -j"$(nproc)" >/dev/null
./build-bench/bench_layout samples/metrics.json samples/survey.json templates/review.xml "${1:-9}"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the samples as tests/review/lib.sh does (2026-Q2, then 2026-Q3 with --previous,
# each PDF's text beside it) once into DIR, for all scripts of tests/review under ctest
# (the fixture review_samples; they get DIR as REVIEW_SAMPLES). DIR/ready marks it whole.
#   bash tests/review/samples.sh PROGRAM SRC DIR
set -u
prog=$1
src=$2
dir=$3
rm -rf "$dir"
REVIEW_SAMPLES= . "$src/tests/review/lib.sh"
expect_eq "Q2 reports" "$(ls "$q2" | grep -c '^US-.*\.pdf$')" 30
expect_eq "Q3 reports" "$(ls "$q3" | grep -c '^US-.*\.pdf$')" 30
mkdir -p "$dir" && cp -r "$q2" "$q3" "$work/q2.err" "$work/q3.err" "$dir"/ || bad "cannot copy into $dir"
[ "$fails" -eq 0 ] && touch "$dir/ready"
done_tests

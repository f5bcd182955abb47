#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders one golden case (tests/golden/NAME: template.xml, metrics.json, optionally
# survey.json, expected.layout)
# with --layout-dump and compares the placed lines with the expectation.
# With REGEN=1 the expectation is written from this run instead (review the diff).
set -u
case_dir=$(cd "$1" && pwd)
prog=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795651200
survey=()
[ -f "$case_dir/survey.json" ] && survey=(--survey "$case_dir/survey.json")
"$prog" --metrics "$case_dir/metrics.json" "${survey[@]}" --template "$case_dir/template.xml" \
	--out "$work" --layout-dump 2> "$work/stderr"
status=$?
if [ "$status" != 0 ]; then
	cat "$work/stderr" >&2
	echo "FAIL: exit status $status" >&2
	exit 1
fi
got=$(ls "$work"/*.layout | grep -v '/portfolio_' | head -n 1)
if [ "${REGEN:-0}" = 1 ]; then
	cp "$got" "$case_dir/expected.layout"
	echo "regenerated $case_dir"
	exit 0
fi
if ! diff -u "$case_dir/expected.layout" "$got"; then
	echo "FAIL: the layout differs" >&2
	exit 1
fi
echo "1 passed, 0 failed"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one case folder of tests/cases and compares what the program did with what the
# folder expects. A case folder holds:
#   args             the command-line arguments, one per line (never run through a shell);
#                    @SRC@ stands for the source tree
#   *.json, *.xml    its inputs, used by the args as relative paths
#   expected.stderr  the exact standard error
#   expected.status  the exit status
#   expected.files   optional: every file left under the folder's out/, one per line, sorted
# With REGEN=1 the expectations are written from this run instead (review the diff).
set -u
case_dir=$(cd "$1" && pwd)
prog=$(realpath "$2")
src=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$case_dir"/. "$work"/
# A scratch folder of its own: what other runs left in /tmp is not this case's business
# (a run reports the stale folders it removes).
mkdir "$work/.scratch"
export TMPDIR="$work/.scratch"
cd "$work" || exit 2

args=()
if [ -f args ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		args+=("${line//@SRC@/$src}")
	done < args
fi

"$prog" "${args[@]}" > stdout.txt 2> stderr.raw < /dev/null
status=$?
# Paths of the source tree show as @SRC@, so expectations hold in any checkout.
sed "s|$src|@SRC@|g" stderr.raw > stderr.txt
files=$( [ -d out ] && (cd out && find . -type f | sed 's|^\./||' | LC_ALL=C sort) )

if [ "${REGEN:-0}" = 1 ]; then
	cp stderr.txt "$case_dir/expected.stderr"
	echo "$status" > "$case_dir/expected.status"
	if [ -f "$case_dir/expected.files" ] || [ -n "$files" ]; then
		printf '%s\n' "$files" | sed '/^$/d' > "$case_dir/expected.files"
	fi
	echo "regenerated $case_dir"
	exit 0
fi

fail=0
if ! diff -u "$case_dir/expected.stderr" stderr.txt; then
	echo "FAIL: standard error differs" >&2
	fail=1
fi
want=$(cat "$case_dir/expected.status")
if [ "$status" != "$want" ]; then
	echo "FAIL: exit status $status, expected $want" >&2
	fail=1
fi
if [ -f "$case_dir/expected.files" ]; then
	if ! diff -u "$case_dir/expected.files" <(printf '%s\n' "$files" | sed '/^$/d'); then
		echo "FAIL: files under out/ differ" >&2
		fail=1
	fi
fi
exit $fail

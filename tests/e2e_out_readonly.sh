#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An existing --out the run cannot write into is a whole-run problem: exit 2, one error
# and the "stopped" line, nothing written, no temporary font folder left. (Exit 1 would
# promise that every other report was written.) As root, the run goes as user nobody,
# for whom the folder is read-only.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
mkdir "$work/ro"
chmod 555 "$work/ro"
run=()
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$work"
	chmod 777 "$TMPDIR"
	run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${run[@]}" "$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/ro" \
	2> "$work/ro.err"
expect_eq "exit status" "$?" 2
expect_eq "standard error" "$(sed "s|$work|WORK|g" "$work/ro.err")" \
"partnerreview: error: cannot write into the folder WORK/ro: Permission denied
partnerreview: stopped: the output folder is unusable; nothing written"
expect_eq "files in the folder" "$(ls -A "$work/ro" | wc -l)" 0
expect_eq "temporary folders" "$(ls -A "$TMPDIR" | wc -l)" 0
done_tests

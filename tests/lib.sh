# SPDX-License-Identifier: MIT
# Shared helpers of the end-to-end scripts: assertions that name what failed. Sourced as
# `. "$src/tests/lib.sh"` after prog=$1 src=$2: it also makes the scratch folder $work
# (removed at exit), gives the program a TMPDIR and a cache of its own in it (what other
# runs left in /tmp is not the test's business) and fixes the report date (SOURCE_DATE_EPOCH, 2026-11-26).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/.scratch"
export TMPDIR="$work/.scratch"
# A cache of results of its own too (src/cache.h), so that no test finds another's.
export PARTNERREVIEW_CACHE="$work/.cache"
export SOURCE_DATE_EPOCH=1795651200
fails=0
passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL: $*" >&2; }

# expect_text FILE.txt STRING: the extracted text holds STRING (fixed string).
expect_text() {
	if grep -qF -- "$2" "$1"; then ok; else bad "$(basename "$1"): no \"$2\""; fi
}
# expect_no_text FILE.txt STRING
expect_no_text() {
	if grep -qF -- "$2" "$1"; then bad "$(basename "$1"): unexpected \"$2\""; else ok; fi
}
# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got \"$2\", want \"$3\""; fi
}
# pdf_text PDF: writes PDF.txt, the text as pdftotext reads it (no-break spaces as spaces).
pdf_text() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g' > "$1.txt"
}
done_tests() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
# expect_flat FILE.txt STRING: like expect_text, with line breaks read as spaces (and a
# hyphen at a line's end joined), for sentences the layout may break anywhere.
expect_flat() {
	if tr '\n' ' ' < "$1" | sed 's/- \([a-zäöü]\)/\1/g; s/  */ /g' | grep -qF -- "$2"; then ok; else
		bad "$(basename "$1"): no \"$2\""
	fi
}
# wait_for FILE TEXT PID: waits until FILE holds TEXT (a line the program reports, such as
# PARTNERREVIEW_TEST_PAUSE's); false when the process ended first. No time is asserted: a
# guard of 10,000 rounds only keeps a broken build from hanging the test.
wait_for() {
	local i
	for ((i = 0; i < 10000; i++)); do
		grep -qF -- "$2" "$1" 2> /dev/null && return 0
		kill -0 "$3" 2> /dev/null || return 1
		sleep 0.05
	done
	return 1
}

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The manual page is clean to mandoc's lint, and --help, the manual page and the README's
# option tables name the same options, each with the same short form and each taking a
# value in all three or in none; every environment variable the program reads is in the
# manual page. Options are read from the text, not listed here, so a new option only
# needs to be documented, not added to this test.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
man="$src/docs/partnerreview.1"

mkdir -p "$work/noman"
# Lint: no message at all, style included, but for whether the pages in SEE ALSO are
# installed on this machine (and its mandoc.db is current): that is the machine's
# business, not the page's.
MANPATH="$work/noman" mandoc -T lint "$man" 2>&1 |
	grep -vE 'STYLE: referenced manual not found: Xr|mandoc\.db' > "$work/lint"
expect_eq "mandoc -T lint messages" "$(cat "$work/lint")" ""
# It renders, and says what it is.
MANPATH="$work/noman" mandoc -T utf8 "$man" 2>/dev/null | LC_ALL=C.UTF-8 sed 's/.\x08//g' > "$work/man.txt"
expect_text "$work/man.txt" "partnerreview – PDF review reports"
expect_text "$work/man.txt" "EXIT STATUS"

# Each source becomes lines "OPTION VALUE SHORT": a long option, whether it takes a
# value (yes/no) and its short form (or -).
#
# --help: an indented line that starts with options: "  -m, --metrics FILE   text" or
# "      --check          text"; a value follows the last option after one space.
"$prog" --help | awk '
	/^ +-/ {
		line = $0; sub(/^ +/, "", line); short = "-"; long = ""
		while (match(line, /^--?[A-Za-z0-9][-A-Za-z0-9]*(, )?/)) {
			o = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1); sub(/, $/, "", o)
			if (o ~ /^--/) long = o; else short = o
		}
		if (long == "") { print "short-only " short; next }
		print long, (line ~ /^ [^ ]/ ? "yes" : "no"), short
	}' | LC_ALL=C sort > "$work/help"
# The manual page: ".It Fl m , Fl -metrics Ar file" in the option list; "Ar" for a value.
awk '
	/^\.Sh/ { in_desc = ($2 == "DESCRIPTION") }
	in_desc && /^\.It Fl / {
		short = "-"; long = ""; value = "no"
		for (i = 2; i <= NF; i++) {
			if ($i == "Fl" && $(i + 1) ~ /^-/) long = "-" $(i + 1)
			else if ($i == "Fl") short = "-" $(i + 1)
			else if ($i == "Ar") value = "yes"
		}
		if (long == "") { print "short-only " short; next }
		print long, value, short
	}' "$man" | LC_ALL=C sort > "$work/man"
# The README: every table whose first heading is "option"; its first cell holds the
# options in backquotes: "`-m, --metrics FILE`", "`-h, --help`, `--version`".
awk -F'|' '
	/^\|/ {
		head = $2; gsub(/[ \t]/, "", head)
		if (head == "option" || head == "options") { table = 1; next }
		if (!table || $2 ~ /^[- :]+$/) next
		cell = $2
		while (match(cell, /`[^`]*`/)) {
			span = substr(cell, RSTART + 1, RLENGTH - 2); cell = substr(cell, RSTART + RLENGTH)
			short = "-"; long = ""
			while (match(span, /^--?[A-Za-z0-9][-A-Za-z0-9]*(, )?/)) {
				o = substr(span, 1, RLENGTH); span = substr(span, RLENGTH + 1); sub(/, $/, "", o)
				if (o ~ /^--/) long = o; else short = o
			}
			if (long == "") { if (short != "-") print "short-only " short; continue }
			print long, (span ~ /^ [^ ]/ ? "yes" : "no"), short
		}
		next
	}
	{ table = 0 }' "$src/README.md" | LC_ALL=C sort > "$work/readme"

expect_eq "options in --help" "$(grep -c -- '^--metrics yes -m$' "$work/help")" 1
# Each difference is named: what is missing where, or where the forms disagree.
compare() {
	local what=$1 file=$2
	while read -r long value short; do
		other=$(awk -v o="$long" '$1 == o' "$file")
		if [ -z "$other" ]; then
			bad "$long: in --help, missing in $what"
		elif [ "$other" != "$long $value $short" ]; then
			bad "$long: --help says \"$long $value $short\", $what \"$other\" (option, takes a value, short form)"
		else
			ok
		fi
	done < "$work/help"
	while read -r long _; do
		grep -q -- "^$long " "$work/help" || bad "$long: in $what, not in --help"
	done < "$file"
}
compare "docs/partnerreview.1" "$work/man"
compare "README.md's option table" "$work/readme"

# The synopsis names every option, short or long.
awk '/^\.Sh/ { s = ($2 == "SYNOPSIS") } s' "$man" > "$work/synopsis"
while read -r long _ short; do
	if grep -qE -- "Fl (${long#-}|${short#-})( |$)" "$work/synopsis"; then ok; else
		bad "$long: not in the SYNOPSIS of docs/partnerreview.1"
	fi
done < "$work/help"

# Every environment variable the program reads (but those for tests: PARTNERREVIEW_TEST_*,
# and PR_TORTURE, which only a torture build reads) is in ENVIRONMENT.
awk '/^\.Sh/ { e = ($2 == "ENVIRONMENT") } e && /^\.It Ev / { print $3 }' "$man" > "$work/env"
vars=$(grep -ohE 'getenv\("[A-Za-z_0-9]+"\)' "$src"/src/*.c | sed 's/getenv("//; s/")//' |
	grep -vE 'TEST|^PR_TORTURE$' | LC_ALL=C sort -u)
expect_text "$work/env" "SOURCE_DATE_EPOCH"
for v in $vars; do
	if grep -qx "$v" "$work/env"; then ok; else bad "getenv(\"$v\") in src/, not in the ENVIRONMENT of docs/partnerreview.1"; fi
done

done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The mail module (src/mail_mod.h): a run that neither mails nor encrypts does not load
# it (nor GMime, libcurl, libqpdf); one that does loads it, and stops with exit status 2
# and one message, before writing anything, when the module is not to be found.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
export SOURCE_DATE_EPOCH=1795651200
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json" -p US-CA-014)

# The program's own libraries: none of the mail's (GLib and libstdc++ come with HarfBuzz and ICU).
libs=$(ldd "$prog")
for lib in libgmime libcurl libqpdf libgnutls libssl libldap; do
	case "$libs" in *"$lib"*) bad "the program loads $lib at start" ;; *) ok ;; esac
done

# A report run maps no mail library; a dry run maps the module (read from /proc).
LD_DEBUG=files "$prog" "${args[@]}" -o "$work/plain" 2> "$work/plain.debug" > /dev/null
expect_eq "report run status" "$?" 0
expect_eq "report run loads the module" "$(grep -c 'partnerreview-mail.so' "$work/plain.debug")" 0
LD_DEBUG=files "$prog" "${args[@]}" --dry-run > "$work/dry" 2> "$work/dry.debug"
expect_eq "dry run status" "$?" 0
expect_text "$work/dry" "US-CA-014"
if grep -q 'file=.*partnerreview-mail.so' "$work/dry.debug"; then ok; else bad "the dry run did not load the module"; fi

# Copied out of its build tree, with no module beside it: a clear error, nothing written.
mkdir -p "$work/bin"
cp "$prog" "$work/bin/partnerreview"
for opt in --mail --dry-run "--send smtp://127.0.0.1:1"; do
	# shellcheck disable=SC2086
	PARTNERREVIEW_DATADIR=$src "$work/bin/partnerreview" "${args[@]}" $opt -o "$work/none" \
		> /dev/null 2> "$work/err"
	expect_eq "$opt without the module: status" "$?" 2
	expect_text "$work/err" "partnerreview: error: cannot load the mail module (GMime, libcurl, libqpdf): "
	expect_eq "$opt without the module: lines" "$(wc -l < "$work/err")" 1
	[ -e "$work/none" ] && bad "$opt without the module wrote $work/none" || ok
done
# Without a mail option the copied program runs as ever.
PARTNERREVIEW_DATADIR=$src "$work/bin/partnerreview" "${args[@]}" -o "$work/copied" 2> /dev/null
expect_eq "copied program, report run status" "$?" 0
expect_eq "copied program's report" "$(cmp "$work/plain/US-CA-014_2026-Q3.pdf" "$work/copied/US-CA-014_2026-Q3.pdf" && echo same)" same
done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile settings around the inputs (issue 17, item 11), each refused with a message
# that says what is wrong: a report date past what a report can print, a font beside
# the template that is a link leading out of its folder.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
m=$src/samples/metrics.json

# SOURCE_DATE_EPOCH past 9996-12-31: exit 2, nothing written (it once dated the reports
# in the year 8949, and larger values failed each report with libharu error 0x1022).
for v in 99999999999999999 253307692800 99999999999999999999999; do
	SOURCE_DATE_EPOCH=$v "$prog" -m "$m" -p US-CA-014 -o "$work/sde" 2> "$work/sde.err"
	expect_eq "exit status for SOURCE_DATE_EPOCH=$v" "$?" 2
	expect_eq "messages for SOURCE_DATE_EPOCH=$v" "$(cat "$work/sde.err")" \
"partnerreview: error: SOURCE_DATE_EPOCH=\"$v\" is past 9996-12-31 (253307692799): a report plans its meetings up to three years ahead, and its dates have four-digit years
partnerreview: stopped: SOURCE_DATE_EPOCH is out of range; nothing written"
	expect_eq "nothing written for SOURCE_DATE_EPOCH=$v" "$(ls -A "$work/sde" 2>/dev/null)" ""
done
# The last second of 9996 is a report date like any other.
SOURCE_DATE_EPOCH=253307692799 "$prog" -m "$m" -p US-CA-014 -o "$work/sde" 2> "$work/sde.err"
expect_eq "exit status for the last date" "$?" 0
pdf_text "$work/sde/US-CA-014_2026-Q3.pdf"
expect_text "$work/sde/US-CA-014_2026-Q3.pdf.txt" "31.12.9996"

# A font beside the template that links out of its folder is refused, as an include or
# an image that does; a copy of the same font is taken.
mkdir -p "$work/t"
cp "$src/tests/golden/charts/template.xml" "$work/t/template.xml"
ln -s "$src/fonts/LiberationSans-Bold.ttf" "$work/t/LiberationSans-Bold.ttf"
(cd "$work" && "$prog" --check -m "$src/tests/golden/charts/metrics.json" -t t/template.xml \
	2> font.err)
expect_eq "exit status for a linked font" "$?" 2
expect_eq "messages for a linked font" "$(cat "$work/font.err")" \
'partnerreview: t/template.xml:6: error: font file "LiberationSans-Bold.ttf" leads out of the template'"'"'s folder
partnerreview: t/template.xml:12: error: style "cell-head": the family "sans" has no bold face
partnerreview: stopped: the template is unusable; nothing written'
rm "$work/t/LiberationSans-Bold.ttf"
cp "$src/fonts/LiberationSans-Bold.ttf" "$work/t/LiberationSans-Bold.ttf"
(cd "$work" && "$prog" --check -m "$src/tests/golden/charts/metrics.json" -t t/template.xml \
	2> font.err)
expect_eq "exit status for a copied font" "$?" 0
# A link inside the folder is fine: it does not lead out.
mkdir -p "$work/t/fonts"
mv "$work/t/LiberationSans-Bold.ttf" "$work/t/fonts/Bold.ttf"
ln -s fonts/Bold.ttf "$work/t/LiberationSans-Bold.ttf"
(cd "$work" && "$prog" --check -m "$src/tests/golden/charts/metrics.json" -t t/template.xml \
	2> font.err)
expect_eq "exit status for a font linked inside the folder" "$?" 0
done_tests

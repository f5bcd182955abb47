#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Allocations failing inside the libraries that allocate on their own (the program's,
# cJSON's, libxml2's and libharu's go through its wrappers and tests/torture/run.sh):
# tests/torture/libfail.c fails the N-th malloc of one library. Whatever fails, the run
# must end cleanly: no crash, a message, no temporary file left in OUT or TMPDIR. Not
# with a sanitizer build, whose runtime must be the first library loaded.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
# No cache (src/cache.h): the logo would come from there, the fonts cut without HarfBuzz.
export PARTNERREVIEW_CACHE=
if ldd "$prog" | grep -q 'libasan'; then
	echo "skipped: a sanitizer build cannot take an LD_PRELOAD allocator"
	exit 0
fi
cc -shared -fPIC -O1 "$src/tests/torture/libfail.c" -o "$work/libfail.so" -ldl ||
	{ bad "cannot build libfail.so"; done_tests; exit; }
m=$src/samples/metrics.json

# run LIB N ARGS...: allocation N of LIB fails; sets st, and checks what is left behind.
run() {
	local lib=$1 n=$2
	shift 2
	rm -rf "$work/out" "$work/tmp"
	mkdir -p "$work/tmp"
	LIBFAIL_LIB=$lib LIBFAIL_AT=$n LD_PRELOAD=$work/libfail.so TMPDIR=$work/tmp \
		"$prog" "$@" -o "$work/out" > /dev/null 2> "$work/err"
	st=$?
	if [ "$st" -gt 2 ]; then bad "$lib allocation $n: exit status $st: $(head -1 "$work/err")"; else ok; fi
	expect_eq "$lib allocation $n: left in TMPDIR" "$(ls -A "$work/tmp")" ""
	expect_eq "$lib allocation $n: left in OUT" "$(ls -A "$work/out" 2>/dev/null | grep '^\.')" ""
}

# libhyphen ends the process itself ("can't allocate N bytes", exit 1): the temporary
# files of the run went with it, once (the cut-down fonts' folder stayed behind).
# US-CA-014's report makes 171 allocations of libhyphen (LIBFAIL_COUNT, 2026-12).
for n in 1 100 160; do
	run libhyphen $n -m "$m" -p US-CA-014
	expect_eq "libhyphen allocation $n: exit status" "$st" 1
	expect_text "$work/err" "can't allocate"
done
# HarfBuzz, cutting the fonts: a warning and the whole fonts, or the cut font fails to
# load and the reports with it (exit 1); never a crash or a file left behind.
for n in 1 50 150 300 450; do
	run libharfbuzz $n -m "$src/tests/golden/charts/metrics.json" \
		-t "$src/tests/torture/template.xml"
done
# libpng, reading the template's logo: the template is unusable, exit 2.
run libpng 3 --check -m "$m" -p US-CA-014
expect_eq "libpng: exit status" "$st" 2
expect_text "$work/err" "logo.png: error: corrupt PNG image"
# zlib, within libxml2 reading the template, and deflating pages.
for n in 1 10 40 80; do
	run libz $n -m "$m" -p US-CA-014
done
done_tests

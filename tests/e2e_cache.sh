#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The cache of results between runs (src/cache.h: the logo's deflated planes, the cut-down
# fonts, the glyph check of the templates' fonts): a run that fills it, one that finds everything there, one whose entries are all
# damaged, one without a usable cache folder and one with the cache off all write the same
# bytes and say the same words; damaged entries are made again.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json" -p US-CA-014 -p US-TX-002)
# run NAME [ENV...]: the run's output in $work/NAME, its standard error in $work/NAME.err.
run() {
	local name=$1
	shift
	env -u PARTNERREVIEW_CACHE -u XDG_CACHE_HOME "$@" "$prog" "${args[@]}" -o "$work/$name" 2> "$work/$name.err"
	expect_eq "$name: exit status" "$?" 0
}
same() {
	expect_eq "$1: files" "$(cd "$work/$1" && ls)" "$(cd "$work/off" && ls)"
	local f
	for f in "$work/off"/*; do
		cmp -s "$f" "$work/$1/$(basename "$f")" || bad "$1: $(basename "$f") differs"
	done
	expect_eq "$1: standard error" "$(cat "$work/$1.err")" "$(cat "$work/off.err")"
}
cache=$work/home/.cache/partnerreview
mkdir "$work/home" "$work/home2"
run off HOME="$work/home" PARTNERREVIEW_CACHE=
expect_eq "cache off: nothing written" "$(ls -A "$work/home" 2> /dev/null)" ""
run fill HOME="$work/home" XDG_CACHE_HOME=
same fill
expect_eq "entries: the logo" "$(cd "$cache" && ls png-* | wc -l)" 1
# The three faces and the fallback (the samples have characters Liberation Sans lacks).
expect_eq "entries: the fonts" "$(cd "$cache" && ls font-* | wc -l)" 4
# The German hyphenation patterns' content hash (checked against the build's index).
expect_eq "entries: file hashes" "$(cd "$cache" && ls hash-* | wc -l)" 1
# The glyph check of the templates' text on the whole faces (src/batch_fonts.c).
expect_eq "entries: the glyph check" "$(cd "$cache" && ls glyphs-* | wc -l)" 1
expect_eq "no temporary files left" "$(cd "$cache" && ls -A | grep -c tmp)" 0
cp -r "$cache" "$work/kept"
run hit HOME="$work/home"
same hit
# Every entry damaged: one byte changed in the middle, or cut short, or emptied.
i=0
for e in "$cache"/*; do
	case $((i++ % 3)) in
	0) printf 'x' | dd of="$e" bs=1 seek=$(($(stat -c %s "$e") / 2)) conv=notrunc 2> /dev/null ;;
	1) truncate -s $(($(stat -c %s "$e") - 1)) "$e" ;;
	2) : > "$e" ;;
	esac
done
run damaged HOME="$work/home"
same damaged
for e in "$work/kept"/*; do
	cmp -s "$e" "$cache/$(basename "$e")" || bad "$(basename "$e") not made again"
done
# A folder that cannot be made (a file stands in its way).
: > "$work/file"
run unusable PARTNERREVIEW_CACHE="$work/file/cache"
same unusable
# XDG_CACHE_HOME wins over HOME.
run xdg HOME="$work/home2" XDG_CACHE_HOME="$work/xdgcache"
same xdg
expect_eq "XDG_CACHE_HOME used" "$(ls "$work/xdgcache/partnerreview" | wc -l)" "$(ls "$cache" | wc -l)"
# A kept glyph check answers only the same questions: templates A and B have the same
# characters and fonts, but B sets 中 in a face that lacks it. A's check kept must not
# pass B's (the characters asked of each face are in the key).
glyph_template() {
	cat << EOF
<?xml version="1.0" encoding="UTF-8"?>
<template version="1">
  <fonts>
    <family name="sans" regular="LiberationSans-Regular.ttf"/>
    <family name="cjk" regular="DroidSansFallbackFull.ttf"/>
  </fonts>
  <styles>
    <style name="body" font="sans" size="10"/>
    <style name="cjk" font="cjk" size="10"/>
  </styles>
  <catalog>
    <entry id="missing"> </entry>
  </catalog>
  <body>
    <p>Erledigt</p>
    <p style="$1">中</p>
  </body>
</template>
EOF
}
# check NAME STYLE [ENV...]: --check with such a template (and as the overview's).
check() {
	local name=$1 style=$2
	shift 2
	mkdir -p "$work/$name.t"
	glyph_template "$style" > "$work/$name.t/review.xml"
	cp "$work/$name.t/review.xml" "$work/$name.t/portfolio.xml"
	env -u XDG_CACHE_HOME "$@" "$prog" --check -m "$src/samples/metrics.json" -p US-CA-014 \
		-t "$work/$name.t/review.xml" > /dev/null 2> "$work/$name.err"
	echo $? >> "$work/$name.err"
}
check a cjk PARTNERREVIEW_CACHE="$work/gcache"
expect_eq "glyph check A: passes" "$(tail -n 1 "$work/a.err")" 0
expect_eq "glyph check A: kept" "$(ls "$work/gcache" | grep -c glyphs-)" 1
check b body PARTNERREVIEW_CACHE="$work/gcache"
check b-off body PARTNERREVIEW_CACHE=
expect_eq "glyph check B: its own answer" "$(sed "s|$work/b-off.t|T|" "$work/b-off.err")" \
	"$(sed "s|$work/b.t|T|" "$work/b.err")"
expect_eq "glyph check B: fails" "$(tail -n 1 "$work/b.err")" 2
done_tests

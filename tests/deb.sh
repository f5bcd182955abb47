#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian package: cpack -G DEB on the build tree, its control fields and files,
# lintian (no error; each warning explained in the README), and the program unpacked
# with dpkg-deb -x into a scratch root, run from another folder on the samples: it finds
# its templates and fonts beside itself, also after the root has moved, and writes the
# reports the build tree's program writes, byte for byte.
# Usage: deb.sh PROGRAM SOURCE-TREE BUILD-TREE
set -u
prog=$1
src=$2
build=$3
. "$src/tests/lib.sh"
unset PARTNERREVIEW_DATADIR

for tool in cpack dpkg-deb dpkg-shlibdeps lintian file mandoc; do
	command -v "$tool" > /dev/null || bad "$tool is not installed (.ci/deps installs it)"
done
[ "$fails" -eq 0 ] || { done_tests; exit; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" > "$work/cpack.log" 2>&1
expect_eq "cpack status" "$?" 0
debs=("$work"/pkg/*.deb)
expect_eq "packages built" "${#debs[@]}" 1
deb=${debs[0]}
[ -f "$deb" ] || { cat "$work/cpack.log" >&2; done_tests; exit; }
version=$("$prog" --version | awk '{ print $2 }')
arch=$(dpkg --print-architecture)
expect_eq "file name" "$(basename "$deb")" "partnerreview_${version}_${arch}.deb"

# Control fields: Depends computed by dpkg-shlibdeps from the program's libraries.
field() { dpkg-deb -f "$deb" "$1"; }
expect_eq "Package" "$(field Package)" partnerreview
expect_eq "Version" "$(field Version)" "$version"
expect_eq "Section" "$(field Section)" utils
depends=$(field Depends)
for lib in libc6 libcjson1 libharfbuzz-subset0 libhpdf-2.3.0 libhyphen0 libpng16-16 libxml2 zlib1g \
	libgmime-3.0-0 libcurl4 libqpdf29; do
	case ", $depends" in *", $lib ("*) ok ;; *) bad "Depends lacks $lib: $depends" ;; esac
done
case "$depends" in *libasan*|*-dev*) bad "Depends: $depends" ;; *) ok ;; esac
expect_eq "Recommends" "$(field Recommends)" "hyphen-de, hyphen-en-us"

# Files: where Debian wants them, root's, nothing in /usr/local.
dpkg-deb -c "$deb" > "$work/contents"
for f in usr/bin/partnerreview "usr/lib/$(gcc -print-multiarch)/partnerreview/partnerreview-mail.so" \
	usr/share/partnerreview/templates/review.xml \
	usr/share/partnerreview/templates/portfolio.xml usr/share/partnerreview/templates/rules.xml \
	usr/share/partnerreview/templates/template.rng usr/share/partnerreview/templates/review/styles.xml \
	usr/share/partnerreview/templates/en/review.xml usr/share/partnerreview/templates/en/portfolio.xml \
	usr/share/partnerreview/templates/en/review/styles.xml usr/share/partnerreview/templates/en/logo.png \
	usr/share/partnerreview/fonts/LiberationSans-Regular.ttf \
	usr/share/partnerreview/fonts/DroidSansFallbackFull.ttf \
	usr/share/man/man1/partnerreview.1.gz usr/share/bash-completion/completions/partnerreview \
	usr/share/doc/partnerreview/copyright usr/share/doc/partnerreview/changelog.gz \
	usr/share/doc/partnerreview/fonts/LICENSE-OFL.txt usr/share/doc/partnerreview/README.md; do
	if grep -q " \./$f\$" "$work/contents"; then ok; else bad "$f is not in the package"; fi
done
expect_eq "files not root's" "$(awk '$2 != "root/root"' "$work/contents")" ""
expect_eq "files under /usr/local" "$(grep -c '\./usr/local' "$work/contents")" 0

# lintian: no error; every warning is one the README explains (section "Installing").
lintian "$deb" > "$work/lintian" 2> "$work/lintian.err"
expect_eq "lintian errors" "$(grep '^E:' "$work/lintian")" ""
for tag in $(awk '/^W:/ { print $3 }' "$work/lintian" | sort -u); do
	if grep -qF "\`$tag\`" "$src/README.md"; then ok; else
		bad "lintian warning $tag is not explained in README.md: $(grep -m1 " $tag" "$work/lintian")"
	fi
done
[ -s "$work/lintian" ] && sed 's/^/lintian: /' "$work/lintian"

# Unpacked: the manual page, the changelog, the completion as bash-completion loads it.
root="$work/root"
dpkg-deb -x "$deb" "$root"
expect_eq "man page" "$(zcat "$root/usr/share/man/man1/partnerreview.1.gz" | cmp - "$src/docs/partnerreview.1" && echo same)" same
mandoc -T utf8 "$root/usr/share/man/man1/partnerreview.1.gz" 2> /dev/null | LC_ALL=C.UTF-8 sed 's/.\x08//g' > "$work/man.txt"
expect_text "$work/man.txt" "partnerreview – PDF review reports"
expect_eq "changelog version" "$(zcat "$root/usr/share/doc/partnerreview/changelog.gz" | head -1 | sed 's/.*(\(.*\)).*/\1/')" "$version"
got=$(env -i PATH="$PATH" HOME="$work" XDG_DATA_DIRS="$root/usr/share" BASH_COMPLETION_USER_DIR="$work/none" \
	bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
	__load_completion partnerreview && complete -p partnerreview')
expect_eq "installed completion" "$got" "complete -F _partnerreview partnerreview"

# The unpacked program, run from elsewhere, finds its data beside itself: the samples'
# reports are the build tree's, byte for byte.
mkdir -p "$work/elsewhere"
"$prog" -m "$src/samples/metrics.json" -s "$src/samples/survey.json" -o "$work/want" 2> /dev/null
(cd "$work/elsewhere" && "$root/usr/bin/partnerreview" -m "$src/samples/metrics.json" \
	-s "$src/samples/survey.json" -o out 2> "$work/stderr")
expect_eq "unpacked run status" "$?" 0
expect_text "$work/stderr" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"
expect_eq "unpacked reports" "$(ls "$work/elsewhere/out"/*.pdf | wc -l)" 31
for f in "$work/want"/*.pdf; do
	if cmp -s "$f" "$work/elsewhere/out/$(basename "$f")"; then ok; else bad "$(basename "$f") differs from the build tree's"; fi
done

# Both languages: a partner in English gets the installed English template.
python3 - "$src/samples/metrics.json" "$work/en.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
for p in m["partners"]:
    if p["id"] == "US-CA-014":
        p["language"] = "en"
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
(cd "$work/elsewhere" && "$root/usr/bin/partnerreview" -m "$work/en.json" \
	-s "$src/samples/survey.json" -o both -p US-CA-014 -p US-OH-005 2> "$work/stderr")
expect_eq "unpacked two-language run status" "$?" 0
pdf_text "$work/elsewhere/both/US-CA-014_2026-Q3.pdf"
pdf_text "$work/elsewhere/both/US-OH-005_2026-Q3.pdf"
expect_text "$work/elsewhere/both/US-CA-014_2026-Q3.pdf.txt" "Quarterly Business Review Q3 2026"
expect_text "$work/elsewhere/both/US-OH-005_2026-Q3.pdf.txt" "Partner-Review Q3/2026"

# The mail module beside it: a dry run loads it (GMime checks the addresses).
(cd "$work/elsewhere" && "$root/usr/bin/partnerreview" -m "$src/samples/metrics.json" \
	-s "$src/samples/survey.json" -o secret -p US-CA-014 --dry-run > "$work/dry" 2> "$work/stderr")
expect_eq "unpacked dry run status" "$?" 0
expect_text "$work/dry" "US-CA-014"

# Moved elsewhere, and with its own template changed: the moved tree's data is read.
mv "$root" "$work/moved"
sed -i 's|<entry id="report">Partner-Review</entry>|<entry id="report">Partner-Review (deb)</entry>|' \
	"$work/moved/usr/share/partnerreview/templates/review.xml"
(cd "$work/elsewhere" && "$work/moved/usr/bin/partnerreview" -m "$src/samples/metrics.csv" \
	-s "$src/samples/survey.csv" -o moved -p US-CA-014 2> "$work/stderr")
expect_eq "moved run status" "$?" 0
pdf_text "$work/elsewhere/moved/US-CA-014_2026-Q3.pdf"
expect_text "$work/elsewhere/moved/US-CA-014_2026-Q3.pdf.txt" "Partner-Review (deb) Q3/2026"
expect_text "$work/elsewhere/moved/US-CA-014_2026-Q3.pdf.txt" "Pacific Industrial Supply Inc."

done_tests

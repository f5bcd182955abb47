#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Text beyond WinAnsi: the reports' fonts are simple TrueType fonts with one-byte codes,
# WinAnsi first and encodings of our own for every other character. A partner whose
# sales team writes Greek, Cyrillic and Latin Extended-A names (some 300 characters
# beyond WinAnsi, more than one encoding holds) prints and extracts them exactly, and
# the fonts embedded are cut down to the run's characters. Characters the faces lack
# (CJK names) print from the template's fallback face, which only the reports that need
# it load and embed.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

# renamed ID NAME OUT: the samples' metrics with partner ID named NAME, written to OUT.
renamed() {
	python3 - "$src/samples/metrics.json" "$1" "$2" "$3" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
next(p for p in m["partners"] if p["id"] == sys.argv[2])["name"] = sys.argv[3]
json.dump(m, open(sys.argv[4], "w", encoding="utf-8"), ensure_ascii=False)
EOF
}

python3 - "$src/samples/metrics.json" "$work/metrics.json" "$work/names.txt" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
winansi = set(bytes(range(0x20, 0x7F)).decode() + bytes(range(0xA0, 0x100)).decode("latin-1")
              + "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
chars = [chr(c) for c in list(range(0x100, 0x180)) + list(range(0x391, 0x3A2))
         + list(range(0x3A3, 0x3AA)) + list(range(0x3B1, 0x3CA)) + list(range(0x400, 0x460))]
chars = [c for c in chars if c not in winansi]
assert len(chars) > 5 + 223, len(chars)
names = ["".join(chars[i:i + 12]) for i in range(0, len(chars), 12)]
p = next(p for p in m["partners"] if p["id"] == "US-CA-014")
p["sales_team"] = [{"name": n, "email": "team%d@example.com" % i} for i, n in enumerate(names)]
p["name"] = "Pacific Черных Supply"
q = next(p for p in m["partners"] if p["id"] == "US-TX-007")
q["name"] = "Gulf Coast Łódź – Sales Œuvre"
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(names) + "\n")
open(sys.argv[3] + ".line", "w", encoding="utf-8").write(", ".join(names) + "\n")
EOF

"$prog" -m "$work/metrics.json" -s "$src/samples/survey.json" -o "$work/out" -p US-CA-014 \
	-p US-TX-007 2> "$work/err"
expect_eq "exit status" "$?" 0
expect_no_text "$work/err" "cannot show"
pdf="$work/out/US-CA-014_2026-Q3.pdf"
pdf_text "$pdf"
# -layout places each glyph where the PDF's widths put it: a wrong width splits a name.
pdftotext -layout -enc UTF-8 "$pdf" - 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g' > "$work/layout.txt"
while IFS= read -r name; do
	expect_text "$work/layout.txt" "$name"
done < "$work/names.txt"
# ... and so does a wrong width within a name: the comma after it drifts off.
expect_text "$work/layout.txt" "Vertriebsteam: $(cat "$work/names.txt.line")"
expect_text "$pdf.txt" "Sehr geehrte"

# Document information and bookmarks: PDFDocEncoding where it serves (Ł, –, Œ have
# codes there), UTF-16 otherwise (Cyrillic); both read back as written.
expect_text <(pdfinfo "$pdf" 2>/dev/null) "Title:           Partner-Review Q3/2026 – Pacific Черных Supply"
expect_text <(pdfinfo "$work/out/US-TX-007_2026-Q3.pdf" 2>/dev/null) \
	"Title:           Partner-Review Q3/2026 – Gulf Coast Łódź – Sales Œuvre"
expect_text <(pdfinfo "$work/out/US-TX-007_2026-Q3.pdf" 2>/dev/null) \
	"Author:          Katrin Hübner, Hohenfels Werkzeugmaschinen GmbH"
outline=$(pdftohtml -xml -i -stdout "$work/out/US-TX-007_2026-Q3.pdf" 2>/dev/null | grep -o '<item[^>]*>[^<]*' | sed 's/<item[^>]*>//')
expect_text <(echo "$outline") "Leads, Abschlüsse und Service im Q3/2026"

# One font object per face and encoding drawn with; all embedded and cut down.
fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
expect_eq "fonts of US-CA-014 embedded" "$(echo "$fonts" | awk '$(NF-4)=="yes"' | wc -l)" \
	"$(echo "$fonts" | wc -l)"
if [ "$(echo "$fonts" | grep -c 'LiberationSans ')" -ge 3 ]; then ok; else
	bad "US-CA-014: fewer than 3 encodings of the regular face: $fonts"
fi
expect_eq "fonts of US-CA-014 subset" "$(echo "$fonts" | awk '$(NF-3)=="yes"' | wc -l)" \
	"$(echo "$fonts" | wc -l)"
# A WinAnsi-only report keeps one font object per face.
other="$work/out/US-TX-007_2026-Q3.pdf"
expect_eq "font objects of US-TX-007" "$(pdffonts "$other" 2>/dev/null | tail -n +3 | wc -l)" 3
# The embedded font programs hold the run's glyphs, not Liberation's 2,600 (400 KB).
python3 - "$other" > "$work/len1" <<'EOF'
import re, sys
d = open(sys.argv[1], "rb").read()
print(max(int(x) for x in re.findall(rb"/Length1 (\d+)", d)))
EOF
if [ "$(cat "$work/len1")" -lt 40000 ]; then ok; else bad "font program of $(cat "$work/len1") bytes"; fi

# The same bytes again (a run's encodings depend on the document alone).
"$prog" -m "$work/metrics.json" -s "$src/samples/survey.json" -o "$work/again" -p US-CA-014 \
	2> /dev/null
if cmp -s "$pdf" "$work/again/US-CA-014_2026-Q3.pdf"; then ok; else bad "a second run differs"; fi
# CJK names print from the template's fallback face (Droid Sans Fallback), in regular and
# bold alike, measured with its widths: the table cell with the name ends where the layout
# says (layout dump = pdftotext -bbox), and the fallback goes into the PDF cut down.
renamed US-TX-007 "Gulf Coast 太平洋 Supply" "$work/zh.json"
"$prog" -m "$work/zh.json" -s "$src/samples/survey.json" -o "$work/zh" -p US-TX-002 \
	-p US-TX-007 --layout-dump 2> "$work/zh.err"
expect_eq "exit status with CJK names" "$?" 0
expect_no_text "$work/zh.err" "cannot show"
expect_text "$work/zh.err" "2 reports written, 0 failed, 0 skipped, 0 warnings"
zh="$work/zh/US-TX-002_2026-Q3.pdf"
pdf_text "$zh"
expect_text "$zh.txt" "Wei Zhang (张伟)"
pdf_text "$work/zh/US-TX-007_2026-Q3.pdf"
expect_text "$work/zh/US-TX-007_2026-Q3.pdf.txt" "Gulf Coast 太平洋 Supply"
pdftotext -bbox -enc UTF-8 "$zh" "$work/zh.bbox" 2>/dev/null
python3 - "$work/zh/US-TX-002_2026-Q3.layout" "$work/zh.bbox" > "$work/zh.check" <<'EOF2'
import re, sys
laid = [(float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'^text \d+ ([0-9.]+) [0-9.]+ ([0-9.]+) [^"]*"Wei Zhang \(张伟\)"$',
        open(sys.argv[1], encoding="utf-8").read(), re.M)]
ends = [float(m.group(1)) for m in re.finditer(r'<word [^>]*xMax="([0-9.]+)"[^>]*>\(张伟\)<',
        open(sys.argv[2], encoding="utf-8").read())]
print("cells", len(laid))
print("placed", all(any(abs(x + w - e) < 0.5 for e in ends) for x, w in laid))
EOF2
if grep -q "^cells [1-9]" "$work/zh.check"; then ok; else bad "no table cell with the CJK name"; fi
expect_text "$work/zh.check" "placed True"
# Regular (the team) and bold (the title) share one fallback face; embedded and cut down.
for f in "$zh" "$work/zh/US-TX-007_2026-Q3.pdf"; do
	fb=$(pdffonts "$f" 2>/dev/null | grep 'DroidSansFallback')
	if [ -n "$fb" ] && [ "$(echo "$fb" | awk '{print $(NF-4) $(NF-3)}' | sort -u)" = "yesyes" ]; then ok; else
		bad "$(basename "$f"): the fallback is not embedded cut down: $fb"
	fi
	expect_eq "$(basename "$f"): fallback font files" \
		"$(pdffonts "$f" 2>/dev/null | awk '/DroidSansFallback/ {print $1}' | sort -u | wc -l)" 1
done
python3 - "$zh" > "$work/zh.len1" <<'EOF2'
import re, sys
d = open(sys.argv[1], "rb").read()
print(min(int(x) for x in re.findall(rb"/Length1 (\d+)", d)))
EOF2
# The fallback file is 4 MB with 49,000 glyphs; cut to the run's few CJK characters.
if [ "$(cat "$work/zh.len1")" -lt 20000 ]; then ok; else bad "smallest font program $(cat "$work/zh.len1") bytes"; fi
# A report without CJK in the same run: byte for byte as without any fallback.
"$prog" -m "$work/zh.json" -s "$src/samples/survey.json" -o "$work/zh2" -p US-CA-014 2> /dev/null
expect_eq "US-CA-014 beside CJK reports: fallback fonts" \
	"$(pdffonts "$work/zh2/US-CA-014_2026-Q3.pdf" 2>/dev/null | grep -c DroidSansFallback)" 0

# The cut fonts are memory files (src/pdf_subset.c): no temporary folder is needed, and
# the reports are the same bytes as with the fonts cut into one.
TMPDIR=/nonexistent "$prog" -m "$work/zh.json" -s "$src/samples/survey.json" -o "$work/mem" \
	-p US-TX-002 2> "$work/mem.err"
expect_eq "memory files: exit status" "$?" 0
expect_no_text "$work/mem.err" "fonts embedded whole"
PARTNERREVIEW_TEST_FONT_FOLDER=1 "$prog" -m "$work/zh.json" -s "$src/samples/survey.json" \
	-o "$work/folder" -p US-TX-002 2> /dev/null
cmp -s "$work/mem/US-TX-002_2026-Q3.pdf" "$work/folder/US-TX-002_2026-Q3.pdf" ||
	bad "memory files: the report differs from the one with a font folder"

# Where the fonts go into a folder (as where memory files cannot be made), without a
# temporary folder nothing is cut: the whole fallback (4 MB, 49,000 glyphs) serves,
# libharu embeds only the glyphs drawn, and the report is sound.
PARTNERREVIEW_TEST_FONT_FOLDER=1 TMPDIR=/nonexistent "$prog" -m "$work/zh.json" \
	-s "$src/samples/survey.json" -o "$work/whole" -p US-TX-002 2> "$work/whole.err"
expect_eq "exit status with whole fonts" "$?" 0
expect_text "$work/whole.err" "fonts embedded whole"
expect_no_text "$work/whole.err" "cannot show"
pdf_text "$work/whole/US-TX-002_2026-Q3.pdf"
expect_text "$work/whole/US-TX-002_2026-Q3.pdf.txt" "Wei Zhang (张伟)"
if qpdf --check "$work/whole/US-TX-002_2026-Q3.pdf" > "$work/qpdf.txt" 2>&1; then ok; else
	bad "whole fonts: qpdf --check: $(tail -1 "$work/qpdf.txt")"
fi
if [ "$(stat -c %s "$work/whole/US-TX-002_2026-Q3.pdf")" -lt 300000 ]; then ok; else
	bad "whole fonts: US-TX-002 has $(stat -c %s "$work/whole/US-TX-002_2026-Q3.pdf") bytes"
fi

# Characters neither the faces nor the fallback have (an emoji beyond the BMP, ✓) still
# print blank with the warning; the report does not embed the fallback for them.
renamed US-CA-014 "Pacific 😀 Supply ✓" "$work/emoji.json"
"$prog" -m "$work/emoji.json" -s "$src/samples/survey.json" -o "$work/emoji" -p US-CA-014 \
	2> "$work/emoji.err"
expect_eq "exit status with an emoji" "$?" 0
if grep -qE "partner US-CA-014: [0-9]+ characters the fonts cannot show \(first U\+(1F600|2713)\) print blank" \
	"$work/emoji.err"; then ok; else bad "no warning for the emoji: $(cat "$work/emoji.err")"; fi
expect_eq "emoji report: fallback fonts" \
	"$(pdffonts "$work/emoji/US-CA-014_2026-Q3.pdf" 2>/dev/null | grep -c DroidSansFallback)" 0

# A fallback libharu cannot load: a run that needs it says so once and prints those
# characters blank; a run that does not need it never touches it.
mkdir -p "$work/badfb"
sed 's/DroidSansFallbackFull.ttf/Broken.ttf/' "$src/templates/review.xml" > "$work/badfb/review.xml"
sed 's/DroidSansFallbackFull.ttf/Broken.ttf/' "$src/templates/portfolio.xml" > "$work/badfb/portfolio.xml"
cp -r "$src/templates/review" "$src/templates/rules.xml" "$src/templates/logo.png" "$work/badfb/"
head -c 5000 /dev/urandom > "$work/badfb/Broken.ttf"
"$prog" -t "$work/badfb/review.xml" -m "$work/zh.json" -s "$src/samples/survey.json" \
	-o "$work/badfb/out" -p US-TX-002 2> "$work/badfb.err"
expect_eq "exit status with a broken fallback" "$?" 0
expect_text "$work/badfb.err" "Broken.ttf: cannot load this TrueType font"
# ... and the report is the one of a template without a fallback: the name's CJK blank.
expect_eq "broken fallback: font objects (Liberation's three alone)" \
	"$(pdffonts "$work/badfb/out/US-TX-002_2026-Q3.pdf" 2>/dev/null | tail -n +3 | wc -l)" 3
expect_text "$work/badfb.err" "partner US-TX-002: 2 characters the fonts cannot show (first U+5F20) print blank"
# Without a character the faces lack, the broken fallback is never read: no warning, and
# the report is byte for byte the bundled template's.
sed 's/ (张伟)//g' "$src/samples/metrics.json" > "$work/latin.json"
"$prog" -t "$work/badfb/review.xml" -m "$work/latin.json" -o "$work/badfb/out2" -p US-TX-002 \
	2> "$work/badfb2.err"
expect_eq "exit status with an unused broken fallback" "$?" 0
expect_text "$work/badfb2.err" "1 report written, 0 failed, 0 skipped, 0 warnings"
"$prog" -m "$work/latin.json" -o "$work/latin" -p US-TX-002 2> /dev/null
if cmp -s "$work/badfb/out2/US-TX-002_2026-Q3.pdf" "$work/latin/US-TX-002_2026-Q3.pdf"; then ok; else
	bad "an unused fallback changed the report"
fi

# More characters than 64 encodings hold (15,000 CJK ones, all in the fallback): the
# report is still written, the first some 14,000 print, the rest blank with a warning.
python3 - "$src/samples/metrics.json" "$work/cjk.json" <<'EOF2'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
p = next(p for p in m["partners"] if p["id"] == "US-OH-005")
cps = [chr(c) for c in range(0x4E00, 0x4E00 + 15000)]
p["sales_team"] = [{"name": "".join(cps[i:i + 100])} for i in range(0, len(cps), 100)]
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF2
"$prog" -m "$work/cjk.json" -o "$work/cjk" -p US-OH-005 2> "$work/cjk.err"
expect_eq "exit status with 15,000 CJK characters" "$?" 0
expect_no_text "$work/cjk.err" "cannot show"
if grep -qE "partner US-OH-005: 9[0-9][0-9] characters beyond the some 14,000 different ones a report can hold \(first U\+[0-9A-F]{4}\) print blank" \
	"$work/cjk.err"; then ok; else bad "no warning for the characters past 64 encodings: $(cat "$work/cjk.err")"; fi
if pdfinfo "$work/cjk/US-OH-005_2026-Q3.pdf" > /dev/null 2>&1; then ok; else bad "the CJK report is no PDF"; fi
pdftotext -enc UTF-8 "$work/cjk/US-OH-005_2026-Q3.pdf" - 2>/dev/null | python3 -c '
import sys
print(len(set(c for c in sys.stdin.read() if 0x4E00 <= ord(c) < 0x4E00 + 15000)))' > "$work/cjk.count"
if [ "$(cat "$work/cjk.count")" -ge 14000 ]; then ok; else bad "$(cat "$work/cjk.count") CJK characters extracted"; fi
expect_eq "fallback font objects with 15,000 CJK characters (one per encoding)" \
	"$(pdffonts "$work/cjk/US-OH-005_2026-Q3.pdf" 2>/dev/null | grep -c DroidSansFallback)" 64

# Control characters in the data (JSON allows \u0001) print as spaces and are measured as
# spaces: every word after them sits where the layout put it (layout dump = pdftotext -bbox).
renamed US-TX-007 "Gulf$(printf '\001\001\001\001\001\001')Coast Sales Supply Group West" "$work/ctl.json"
"$prog" -m "$work/ctl.json" -o "$work/ctl" -p US-TX-007 --layout-dump 2> /dev/null
expect_eq "exit status with control characters" "$?" 0
pdftotext -bbox -f 1 -l 1 "$work/ctl/US-TX-007_2026-Q3.pdf" "$work/ctl.bbox" 2>/dev/null
python3 - "$work/ctl/US-TX-007_2026-Q3.layout" "$work/ctl.bbox" > "$work/ctl.check" <<'EOF'
import re, sys
# Every word after the control characters on page 1: where the layout put it, and
# whether the PDF has that word there (within half a point).
laid = [float(m.group(1)) for m in re.finditer(r'^text 1 ([0-9.]+) [^"]*"(?:Sales|Supply|Group|West)"$',
        open(sys.argv[1], encoding="utf-8").read(), re.M)]
drawn = [float(m.group(1)) for m in re.finditer(r'<word xMin="([0-9.]+)"[^>]*>(?:Sales|Supply|Group|West)<',
         open(sys.argv[2], encoding="utf-8").read())]
print("words", len(laid))
print("placed", all(any(abs(a - b) < 0.5 for b in drawn) for a in laid))
EOF
if grep -q "^words [1-9]" "$work/ctl.check"; then ok; else bad "no words after the control characters"; fi
expect_text "$work/ctl.check" "placed True"
# The reports with our own encodings are well-formed PDFs for qpdf too.
for f in "$pdf" "$other" "$work/cjk/US-OH-005_2026-Q3.pdf" "$work/ctl/US-TX-007_2026-Q3.pdf"; do
	if qpdf --check "$f" > "$work/qpdf.txt" 2>&1; then ok; else
		bad "$(basename "$f"): qpdf --check: $(tail -1 "$work/qpdf.txt")"
	fi
done

done_tests

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Text beyond WinAnsi: the reports' fonts are simple TrueType fonts with one-byte codes,
# WinAnsi first and encodings of our own for every other character. A partner whose
# sales team writes Greek, Cyrillic and Latin Extended-A names (some 300 characters
# beyond WinAnsi, more than one encoding holds) prints and extracts them exactly, and
# the fonts embedded are cut down to the run's characters.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

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
# More characters than 64 encodings hold (15,000 CJK ones, which Liberation lacks anyway):
# the report is still written, they print blank with the usual warning.
python3 - "$src/samples/metrics.json" "$work/cjk.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
p = next(p for p in m["partners"] if p["id"] == "US-OH-005")
cps = [chr(c) for c in range(0x4E00, 0x4E00 + 15000)]
p["sales_team"] = [{"name": "".join(cps[i:i + 100])} for i in range(0, len(cps), 100)]
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$prog" -m "$work/cjk.json" -o "$work/cjk" -p US-OH-005 2> "$work/cjk.err"
expect_eq "exit status with 15,000 CJK characters" "$?" 0
expect_text "$work/cjk.err" "partner US-OH-005: 30000 characters the fonts cannot show (first U+4E00) print blank"
if pdfinfo "$work/cjk/US-OH-005_2026-Q3.pdf" > /dev/null 2>&1; then ok; else bad "the CJK report is no PDF"; fi

# Control characters in the data (JSON allows \u0001) print as spaces and are measured as
# spaces: every word after them sits where the layout put it (layout dump = pdftotext -bbox).
python3 - "$src/samples/metrics.json" "$work/ctl.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
p = next(p for p in m["partners"] if p["id"] == "US-TX-007")
p["name"] = "Gulf\u0001\u0001\u0001\u0001\u0001\u0001Coast Sales Supply Group West"
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"))
EOF
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

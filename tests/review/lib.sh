# SPDX-License-Identifier: MIT
# Shared by the scripts of tests/review (issue 11's findings): sourced as
# `. "$src/tests/review/lib.sh"` after prog=$1 src=$2. Renders the samples for 2026-Q2 into
# $q2, then 2026-Q3 with --previous $q2 into $q3 (as a channel manager runs the quarters;
# their messages in $work/q2.err and q3.err), each PDF's text beside it as NAME.pdf.txt,
# and offers helpers on top of tests/lib.sh. Under ctest the samples are rendered once
# for all scripts (tests/review/samples.sh, a fixture): REVIEW_SAMPLES names that folder and
# $q2 and $q3 are read from there (never written: the scripts run side by side).
. "$src/tests/lib.sh"
q2=$work/q2
q3=$work/q3

# render DIR [ARGS...]: the samples (or what ARGS name instead) for 2026-Q2 and 2026-Q3.
render() {
	local out=$1
	shift
	local inputs=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json")
	[ $# -gt 0 ] && inputs=("$@")
	mkdir -p "$out"
	"$prog" "${inputs[@]}" -o "$out/q2" --period 2026-Q2 2> "$out/q2.err" || bad "2026-Q2 run failed"
	"$prog" "${inputs[@]}" -o "$out/q3" --previous "$out/q2" 2> "$out/q3.err" || bad "2026-Q3 run failed"
	for f in "$out"/q2/*.pdf "$out"/q3/*.pdf; do pdf_text "$f"; done
}

# page_text PDF PAGE: the text of one page (no-break spaces as spaces).
page_text() {
	pdftotext -enc UTF-8 -f "$2" -l "$2" "$1" - 2> /dev/null | sed 's/\xc2\xa0/ /g'
}

# tiles PDF: page 1's tiles, one line each ("Weiterempfehlung | (NPS) | 0 | ..."), tests/tiles.py.
tiles() {
	python3 "$src/tests/tiles.py" "$1" | sed 's/\xc2\xa0/ /g'
}

# flat FILE: the text with line breaks as spaces and hyphenated words joined, as expect_flat reads it.
flat() {
	tr '\n' ' ' < "$1" | sed 's/- \([a-zäöü]\)/\1/g; s/  */ /g'
}

# expect_no_flat FILE STRING: the flattened text does not hold STRING.
expect_no_flat() {
	if flat "$1" | grep -qF -- "$2"; then bad "$(basename "$1"): unexpected \"$2\""; else ok; fi
}

# json_check DIR <<'PY' ... PY: runs the Python code on standard input with `reviews` (file
# name -> parsed review.json of DIR), `work` and `fail(msg)`; each fail counts as a failed
# expectation, none as one passed.
json_check() {
	export SRC="$src"
	local out code
	code=$(cat)
	out=$(python3 - "$1" "$code" "$work" <<'PY'
import glob, json, os, sys
reviews = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.review.json"))):
    with open(path, encoding="utf-8") as f:
        reviews[os.path.basename(path)] = json.load(f)
work = sys.argv[3]
failed = []
def fail(msg):
    failed.append(msg)
if not reviews:
    fail("no review.json in " + sys.argv[1])
exec(sys.argv[2])
for m in failed[:20]:
    print(m)
PY
)
	if [ -z "$out" ]; then ok; else
		while IFS= read -r line; do bad "$line"; done <<< "$out"
	fi
}


# variant NAME [ID...] <<'PY' ... PY: copies of the samples changed by the Python code on
# standard input (it sees `m` and `s`, the parsed metrics and survey, and `partner(id)`,
# `quarter(p, period)`), rendered like the samples into $work/NAME (only the reports of the
# partners ID when named: the analysis still reads all of them); its texts are in
# $work/NAME/q3.
variant() {
	local dir="$work/$1" code id only=()
	shift
	for id in "$@"; do only+=(-p "$id"); done
	code=$(cat)
	mkdir -p "$dir"
	python3 - "$src/samples/metrics.json" "$src/samples/survey.json" "$dir" "$code" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
s = json.load(open(sys.argv[2], encoding="utf-8"))
def partner(pid):
    return next(p for p in m["partners"] if p["id"] == pid)
def quarter(p, period):
    return next(q for q in p["quarters"] if q["period"] == period)
exec(sys.argv[4])
json.dump(m, open(sys.argv[3] + "/metrics.json", "w", encoding="utf-8"), ensure_ascii=False)
json.dump(s, open(sys.argv[3] + "/survey.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
	render "$dir" -m "$dir/metrics.json" -s "$dir/survey.json" "${only[@]}"
}

if [ -n "${REVIEW_SAMPLES:-}" ]; then
	q2=$REVIEW_SAMPLES/q2
	q3=$REVIEW_SAMPLES/q3
	[ -f "$REVIEW_SAMPLES/ready" ] || bad "the samples were not rendered into $REVIEW_SAMPLES"
else
	render "$work"
fi

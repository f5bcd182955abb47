#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# goals.json is JSON whatever the rules call their causes: a cause id with a quote and a
# backslash (rules.xml allows any text) is escaped, every file parses, the id reads back
# as it was, and the next quarter's run (--previous) takes the goals without a word.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"
args=(-m "$src/samples/metrics.json" -s "$src/samples/survey.json")

# The bundled rules with the cause "leads" renamed to le"ads\x (also where a strength names it).
sed 's/"leads"/"le\&quot;ads\\x"/g' "$src/templates/rules.xml" > "$work/rules.xml"
if grep -qF 'le&quot;ads\x' "$work/rules.xml"; then ok; else bad "the rules were not renamed"; fi

"$prog" "${args[@]}" --rules "$work/rules.xml" --period 2026-Q2 -o "$work/q2" 2> "$work/q2.err"
expect_eq "exit status" "$?" 0
expect_text "$work/q2.err" "partnerreview: 2026-Q2: 30 reports written, 0 failed, 0 skipped, 0 warnings"
report=$(python3 - "$work/q2" <<'PY'
import glob, json, sys
files = sorted(glob.glob(sys.argv[1] + "/*.goals.json"))
bad = []
causes = set()
for f in files:
    try:
        d = json.load(open(f, encoding="utf-8"))
    except ValueError as e:
        bad.append(f.split("/")[-1])
        continue
    causes.update(g.get("cause") for g in d["goals"] if "cause" in g)
print(len(files), "files,", len(bad), "invalid:", " ".join(bad[:3]))
print("cause le\"ads\\x:", 'le"ads\\x' in causes)
PY
)
expect_eq "goals files that parse" "$(sed -n 1p <<< "$report")" "30 files, 0 invalid: "
expect_eq "the renamed cause reads back" "$(sed -n 2p <<< "$report")" 'cause le"ads\x: True'

# The next quarter judges those goals: no warning about a damaged file.
"$prog" "${args[@]}" --rules "$work/rules.xml" --previous "$work/q2" -o "$work/q3" 2> "$work/q3.err"
expect_eq "exit status with --previous" "$?" 0
expect_no_text "$work/q3.err" ": warning:"
expect_text "$work/q3.err" "partnerreview: 2026-Q3: 30 reports written, 0 failed, 0 skipped, 0 warnings"

done_tests

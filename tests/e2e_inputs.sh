#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hostile inputs of the loaders (issue 17) that a case folder cannot hold:
#  - inputs that are no regular file: a FIFO as --metrics, and as a template's include,
#    image and font, is refused at once with the file named (it once blocked forever);
#  - an object of more unknown keys than the limit (100,000): the partner fails alone,
#    the root makes the file unusable; fewer are skipped unread, as always;
#  - memory running out while reading names the file (not under AddressSanitizer,
#    which needs the address space ulimit -v takes away).
# Every run is under timeout: a hang fails the test, it does not stall it.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

# run NAME ARGS...: the program under a 20 s timeout, stderr in $work/NAME.err.
run() {
	local name=$1
	shift
	timeout 20 "$prog" "$@" > /dev/null 2> "$work/$name.err" < /dev/null
}

mkfifo "$work/metrics.fifo"
run fifo --check -m "$work/metrics.fifo" -s "$src/samples/survey.json"
expect_eq "FIFO as --metrics: exit status" "$?" 2
expect_text "$work/fifo.err" "partnerreview: error: cannot read $work/metrics.fifo: it is a FIFO (a named pipe); inputs must be regular files"

# The bundled template in a folder of its own, one file at a time replaced by a FIFO.
fifo_in_template() {
	local what=$1 file=$2
	rm -rf "$work/tpl"
	cp -r "$src/templates" "$work/tpl"
	rm -f "$work/tpl/$file"
	mkfifo "$work/tpl/$file"
	run "tpl-$what" --check -t "$work/tpl/review.xml" -m "$src/samples/metrics.json" \
		-s "$src/samples/survey.json" -p US-CA-014
	expect_eq "FIFO as the template's $what: exit status" "$?" 2
}
fifo_in_template include review/styles.xml
expect_text "$work/tpl-include.err" "review.xml:17: error: include \"review/styles.xml\" is a FIFO (a named pipe), not a regular file"
fifo_in_template image logo.png
expect_text "$work/tpl-image.err" "review.xml:175: error: image \"logo.png\" is a FIFO (a named pipe), not a regular file"
# A font beside the template is taken before the bundled one.
fifo_in_template font LiberationSans-Bold.ttf
expect_text "$work/tpl-font.err" "review.xml:12: error: font file \"LiberationSans-Bold.ttf\" is a FIFO (a named pipe), not a regular file"

# Unknown keys: 100,000 in one object are read past; one more is refused.
python3 - "$src/samples/metrics.json" "$work" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
def extra(n):
    return {"x%06d" % i: 0 for i in range(n)}
m["partners"][0].update(extra(100000))
m["partners"][1].update(extra(100001))
json.dump(m, open(sys.argv[2] + "/unknown.json", "w"), separators=(",", ":"))
m["partners"][1] = {k: v for k, v in m["partners"][1].items() if not k.startswith("x")}
m.update(extra(100001))
json.dump(m, open(sys.argv[2] + "/unknown_root.json", "w"), separators=(",", ":"))
EOF
id1=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["partners"][1]["id"])' \
	"$src/samples/metrics.json")
run unknown --check -m "$work/unknown.json" -s "$src/samples/survey.json"
expect_eq "100,001 unknown keys in a partner: exit status" "$?" 1
expect_text "$work/unknown.err" "unknown.json: partners[1]: error: more than 100000 keys that the format does not name; is this the right file?"
expect_text "$work/unknown.err" "1 failed ($id1)"
run unknown_root --check -m "$work/unknown_root.json" -s "$src/samples/survey.json"
expect_eq "100,001 unknown keys at the top: exit status" "$?" 2
expect_text "$work/unknown_root.err" "unknown_root.json: error: more than 100000 keys that the format does not name; is this the right file?"

# Out of memory while reading: the message names the file. A name of 60 MB (text the
# format names is read) under an address-space limit the samples run within.
if ldd "$prog" 2> /dev/null | grep -q libasan; then
	echo "(out of memory: skipped under AddressSanitizer)"
else
	python3 - "$src/samples/metrics.json" "$work/big.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
m["partners"][0]["name"] = "A" * 60_000_000
json.dump(m, open(sys.argv[2], "w"))
EOF
	(ulimit -v 120000 && run control --check -m "$src/samples/metrics.json" -s "$src/samples/survey.json")
	expect_eq "the samples within 120 MB of address space: exit status" "$?" 0
	(ulimit -v 120000 && run oom --check -m "$work/big.json" -s "$src/samples/survey.json")
	expect_eq "out of memory: exit status" "$?" 2
	if grep -qE "^partnerreview: fatal: out of memory \([0-9]+ bytes\) while reading $work/big.json; stopped, no file half-written$" \
		"$work/oom.err"; then ok; else bad "out of memory: $(cat "$work/oom.err")"; fi
fi
done_tests

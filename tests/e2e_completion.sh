#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The bash completion (docs/partnerreview.bash) as bash-completion loads and runs it: each
# case sets up the line as bash would (COMP_WORDS split at '=' too) and calls the function
# in a fresh bash with bash-completion loaded.
set -u
prog=$1
src=$2
. "$src/tests/lib.sh"

bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$bc" ]; then
	bad "bash-completion is not installed ($bc)"
	done_tests
	exit
fi
# bash-completion finds completions/partnerreview in the user's folder, as it finds the
# installed one in its system folder (the .deb test checks that one).
mkdir -p "$work/user/completions" "$work/bin"
cp "$src/docs/partnerreview.bash" "$work/user/completions/partnerreview"
ln -s "$(realpath "$prog")" "$work/bin/partnerreview"

# expect_completion WANT DIR WORD...: the completions offered for the last WORD (the
# cursor at its end) in DIR are WANT (sorted, space-separated). The cases are collected
# and run at the end in one bash (run_cases).
: > "$work/cases"
expect_completion() {
	local IFS=$'\x1f'
	printf '%s\x1f.\n' "$*" >> "$work/cases" # the dot keeps a last empty word
}
# Runs the collected cases in a fresh bash with bash-completion and ours loaded as it
# loads them; prints "ok" or "FAIL: ..." per case.
run_cases() {
	env -i PATH="$work/bin:$PATH" HOME="$work" BASH_COMPLETION_USER_DIR="$work/user" \
		bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion
		__load_completion partnerreview || { echo "FAIL: not loaded"; exit; }
		while IFS=$'"'"'\x1f'"'"' read -r -a c; do
			unset "c[${#c[@]} - 1]"
			want=${c[0]}
			cd "${c[1]}" || exit
			COMP_WORDS=("${c[@]:2}")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			# The line as typed: "--period=" is three words to bash, without spaces.
			COMP_LINE=${COMP_WORDS[0]}
			for ((i = 1; i <= COMP_CWORD; i++)); do
				[[ ${COMP_WORDS[i]} == = || ${COMP_WORDS[i - 1]} == = ]] || COMP_LINE+=" "
				COMP_LINE+=${COMP_WORDS[i]}
			done
			COMP_POINT=${#COMP_LINE}
			COMPREPLY=()
			_partnerreview "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			got=$(printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " " | sed "s/ *$//")
			if [[ $got == "$want" ]]; then echo ok; else
				echo "FAIL: completion of \"$COMP_LINE\" in ${c[1]}: got \"$got\", want \"$want\""
			fi
		done < "$0"' "$work/cases" > "$work/results" 2>&1
	while IFS= read -r line; do
		case $line in ok) ok ;; *) bad "${line#FAIL: }" ;; esac
	done < "$work/results"
	expect_eq "cases run" "$(grep -c . "$work/results")" "$(grep -c . "$work/cases")"
}

# Loaded by name, bound to the function.
got=$(env -i PATH="$PATH" HOME="$work" BASH_COMPLETION_USER_DIR="$work/user" bash --norc --noprofile -c '
	. /usr/share/bash-completion/bash_completion
	__load_completion partnerreview && complete -p partnerreview')
expect_eq "complete -p" "$got" "complete -F _partnerreview partnerreview"

# Options: every long option --help names, and nothing else.
want=$("$prog" --help | grep -oE '^ +(-[A-Za-z0-9], )?--[A-Za-z0-9][A-Za-z0-9-]*' |
	grep -oE -- '--[A-Za-z0-9-]+' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
case "$want" in *--metrics*--period*) ok ;; *) bad "--help lists no options: $want" ;; esac
expect_completion "$want" "$work" partnerreview --
expect_completion "--previous" "$work" partnerreview --pre
expect_completion "--partner --pdf-password --period --portfolio --previous" "$work" partnerreview -o out --p
expect_completion "--layout-dump" "$work" partnerreview -m x.json --lay

# --period: the quarters of the metrics named on the line, JSON or CSV, in every spelling.
periods="2025-Q4 2026-Q1 2026-Q2 2026-Q3"
expect_completion "$periods" "$src" partnerreview -m samples/metrics.json --period ""
expect_completion "$periods" "$src" partnerreview --metrics samples/metrics.csv --period ""
expect_completion "2026-Q1 2026-Q2 2026-Q3" "$src" partnerreview --metrics = samples/metrics.csv -o out --period = 2026
expect_completion "$periods" "$src" partnerreview -msamples/metrics.json --period ""
expect_completion "$periods" "$src" partnerreview -m "'samples/metrics.json'" --period ""
expect_completion "" "$src" partnerreview --period ""
expect_completion "" "$src" partnerreview -m no-such-file.json --period ""
# --partner: the ids, from both forms alike.
ids=$(grep -oE '"id": "[^"]*"' "$src/samples/metrics.json" | sed 's/.*: "//; s/"$//' |
	grep '^US-CA' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
case "$ids" in US-CA-*' 'US-CA-*) ok ;; *) bad "sample ids: $ids" ;; esac
expect_completion "$ids" "$src" partnerreview -m samples/metrics.json -p US-CA
expect_completion "$ids" "$src" partnerreview -m samples/metrics.csv --partner US-CA

# A CSV as spreadsheets write it: BOM, CR LF, ';', the columns in another order and case,
# quoted cells holding the separator, a quote and a line break, a blank line.
mkdir -p "$work/csv"
printf '\xef\xbb\xbfName;Partner_ID;"PERIOD";revenue\r\n' > "$work/csv/m.csv"
printf '"A; B ""x""\r\nGmbH";P-1;2024-Q1;1\r\n\r\n' >> "$work/csv/m.csv"
printf 'C;P-2; 2024-Q2 ;2\r\n;P-2;2024-Q3;\r\n' >> "$work/csv/m.csv"
expect_completion "2024-Q1 2024-Q2 2024-Q3" "$work/csv" partnerreview -m m.csv --period ""
expect_completion "P-1 P-2" "$work/csv" partnerreview -m m.csv -p ""
# JSON on one line, with a BOM.
printf '\xef\xbb\xbf{"format":"partnerreview-metrics/1","partners":[{"id":"X1","quarters":[{"period":"2027-Q1"},{"period":"2027-Q2"}]}]}' \
	> "$work/csv/m.txt"
expect_completion "2027-Q1 2027-Q2" "$work/csv" partnerreview -m m.txt --period ""
expect_completion "X1" "$work/csv" partnerreview -m m.txt -p ""

# Files by kind: XML for --template, folders for --out, JSON or CSV (else any file) for -m.
mkdir -p "$work/files/sub" "$work/files/only"
touch "$work/files/a.xml" "$work/files/b.txt" "$work/files/c.json" "$work/files/d.csv" \
	"$work/files/only/export.txt"
expect_completion "a.xml only sub" "$work/files" partnerreview -t ""
expect_completion "a.xml only sub" "$work/files" partnerreview --rules ""
expect_completion "a.xml only sub" "$work/files" partnerreview --mail-template ""
expect_completion "a.xml b.txt c.json d.csv only sub" "$work/files" partnerreview --pdf-password ""
expect_completion "" "$work/files" partnerreview --send ""
expect_completion "a.xml only sub" "$work/files" partnerreview --template = ""
expect_completion "only sub" "$work/files" partnerreview -o ""
expect_completion "only sub" "$work/files" partnerreview --previous ""
expect_completion "c.json d.csv only sub" "$work/files" partnerreview -m ""
expect_completion "export.txt" "$work/files/only" partnerreview -s ""

# An option this file does not know takes what --help says: FILE files, DIR folders,
# anything else nothing.
cat > "$work/bin/partnerreview-next" <<'EOF'
#!/bin/sh
cat <<'HELP'
Usage: partnerreview-next --metrics FILE [OPTIONS]
  -m, --metrics FILE   partner figures
      --pdf-password FILE  the passwords
      --spool DIR      where mail waits
      --send URL       the SMTP server
      --dry-run        show, send nothing
HELP
EOF
chmod +x "$work/bin/partnerreview-next"
nextc() {
	(cd "$work/files" && env -i PATH="$work/bin:$PATH" HOME="$work" bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion
		. "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_partnerreview "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' "$src/docs/partnerreview.bash" "$@") | LC_ALL=C sort |
		tr '\n' ' ' | sed 's/ $//'
}
expect_eq "unknown FILE option" "$(nextc partnerreview-next --pdf-password "")" "a.xml b.txt c.json d.csv only sub"
expect_eq "unknown DIR option" "$(nextc partnerreview-next --spool "")" "only sub"
expect_eq "unknown URL option" "$(nextc partnerreview-next --send "")" ""
expect_eq "options from its --help" "$(nextc partnerreview-next --)" "--dry-run --metrics --pdf-password --send --spool"

run_cases
done_tests

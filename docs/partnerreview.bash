# SPDX-License-Identifier: MIT
# bash completion for partnerreview(1), installed as bash-completion's
# completions/partnerreview. The options come from the program's own --help, so an option
# added there completes without a change here; a value an option takes is completed by its
# kind: --period and --partner from the metrics file named on the line (JSON or CSV),
# --template and --rules from XML files, folders for --out and --previous, and for an
# option this file does not know, what --help says it takes (FILE: files, DIR: folders).

# Prints the values of the metrics file $1 that $2 names: "periods" or "ids", one a line.
# JSON is told by its first character, as the program does; CSV by its header row, with
# the separator the header holds more of, and quoted cells (the separator or line breaks
# inside quotes) read as the program reads them.
_partnerreview_metrics_values()
{
	local file=$1 what=$2 first key column
	[[ -f $file && -r $file ]] || return
	first=$(LC_ALL=C head -c 4096 -- "$file" | LC_ALL=C tr -d ' \t\r\n' | LC_ALL=C sed 's/^\xef\xbb\xbf//' | head -c 1)
	if [[ $first == "{" ]]; then
		[[ $what == periods ]] && key=period || key=id
		LC_ALL=C grep -oE "\"$key\"[[:space:]]*:[[:space:]]*\"[^\"\\\\]*\"" -- "$file" |
			LC_ALL=C sed 's/.*:[[:space:]]*"//; s/"$//' | LC_ALL=C sort -u
		return
	fi
	[[ $what == periods ]] && column=period || column=partner_id
	LC_ALL=C awk -v want="$column" '
		# Splits the record in rec into cells[1..n] by sep, honouring quotes.
		function split_cells(rec,    i, c, q, cell, n) {
			delete cells
			n = 0; cell = ""; q = 0
			for (i = 1; i <= length(rec); i++) {
				c = substr(rec, i, 1)
				if (q) {
					if (c == "\"") {
						if (substr(rec, i + 1, 1) == "\"") { cell = cell c; i++ }
						else q = 0
					} else cell = cell c
				} else if (c == "\"") q = 1
				else if (c == sep) { cells[++n] = cell; cell = "" }
				else cell = cell c
			}
			cells[++n] = cell
			return n
		}
		function quotes(s,    t) { t = s; return gsub(/"/, "", t) }
		{ sub(/\r$/, "") }
		NR == 1 { sub(/^\xef\xbb\xbf/, "") }
		# A record whose quotes are open goes on over the next line.
		open != "" { open = open "\n" $0; if (quotes(open) % 2) next; $0 = open; open = "" }
		quotes($0) % 2 { open = $0; next }
		col == 0 {
			if ($0 ~ /^[ \t]*$/) next
			t = $0; semis = gsub(/;/, "", t); t = $0; commas = gsub(/,/, "", t)
			sep = semis > commas ? ";" : ","
			n = split_cells($0)
			for (i = 1; i <= n; i++) {
				h = tolower(cells[i]); gsub(/^[ \t]+|[ \t]+$/, "", h)
				if (h == want) col = i
			}
			if (col == 0) exit
			next
		}
		{
			if (index($0, "\"")) n = split_cells($0); else n = split($0, cells, sep)
			v = cells[col]; gsub(/^[ \t]+|[ \t]+$/, "", v)
			if (v != "" && v !~ /^#/) print v
		}' "$file" | LC_ALL=C sort -u
}

# The metrics file named on the command line so far, or nothing.
_partnerreview_metrics_file()
{
	local i w file=""
	for ((i = 1; i < ${#words[@]}; i++)); do
		w=${words[i]}
		case $w in
			-m | --metrics) ((i + 1 < ${#words[@]} && i + 1 != cword)) && file=${words[i + 1]} ;;
			--metrics=*) ((i != cword)) && file=${w#--metrics=} ;;
			-m?*) ((i != cword)) && file=${w#-m} ;;
		esac
	done
	[[ $file ]] || return
	# As the shell will read the word: quotes and backslashes go, a leading ~ expands.
	# (No eval: the line may hold anything.)
	case $file in
		\'*\') file=${file:1:${#file}-2} ;;
		\"*\") file=${file:1:${#file}-2} ;;
		*) file=${file//\\/} ;;
	esac
	__expand_tilde_by_ref file
	printf '%s\n' "$file"
}

# What --help says option $2 of program $1 takes (FILE, DIR, ...), or nothing.
_partnerreview_value_kind()
{
	LC_ALL=C "$1" --help 2>/dev/null |
		LC_ALL=C awk -v opt="$2" '
			/^ +-/ {
				line = $0; sub(/^ +/, "", line)
				while (match(line, /^-[-A-Za-z0-9]+,? ?/)) {
					o = substr(line, 1, RLENGTH); line = substr(line, RLENGTH + 1)
					sub(/,? ?$/, "", o)
					if (o == opt) {
						# One space and a word after the option: its value.
						if (line ~ /^[^ ]/) { split(line, a, " "); print a[1] }
						exit
					}
				}
			}'
}

_partnerreview()
{
	local cur prev words cword split
	_init_completion -s || return

	case $prev in
		-m | --metrics | -s | --survey)
			# The form is told by the content, so any file will do when none is named so.
			_filedir '@(json|JSON|csv|CSV)'
			((${#COMPREPLY[@]})) || _filedir
			return
			;;
		-t | --template | --rules | --mail-template)
			_filedir '@(xml|XML)'
			return
			;;
		-o | --out | --previous)
			_filedir -d
			return
			;;
		--period | -p | --partner)
			local file
			file=$(_partnerreview_metrics_file)
			[[ $file ]] || return
			local what=ids
			[[ $prev == --period ]] && what=periods
			COMPREPLY=($(compgen -W "$(_partnerreview_metrics_values "$file" "$what")" -- "$cur"))
			return
			;;
		-j | --jobs)
			COMPREPLY=($(compgen -W "$(seq 1 "$(_ncpus)")" -- "$cur"))
			return
			;;
		--shard)
			# K/N: nothing to guess.
			return
			;;
	esac
	if [[ $prev == -* ]]; then
		case $(_partnerreview_value_kind "$1" "$prev") in
			FILE) _filedir; return ;;
			DIR) _filedir -d; return ;;
			?*) return ;;
		esac
	fi
	$split && return

	COMPREPLY=($(compgen -W '$(_parse_help "$1")' -- "$cur"))
} &&
	complete -F _partnerreview partnerreview

# ex: filetype=sh

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The mail step's cost (docs/mail.md), on N synthetic partners (default 1000; bench/synth.py
# with an address for every team member and contact):
#  1. writing the .eml: CPU (user + system) of a whole run with one worker, without and with
#     --mail, runs interleaved, medians of RUNS (default 5); with CALLGRIND=1 also the
#     instructions of both runs counted by valgrind's callgrind (exact, unlike CPU time on a
#     shared machine);
#  2. sending over loopback to a real SMTP server (tests/smtp_server.py: aiosmtpd with
#     STARTTLS and AUTH, keeping nothing) with JOBS workers (default 2): the wall time of a
#     run with --send against the same run without it (medians of RUNS, interleaved); mails
#     per second of the whole run and of the sending alone (N / the difference); the CPU the
#     client and the server spent per mail.
#   bash bench/mail.sh [N]        RUNS=5 JOBS=2 CALLGRIND=0 PARTS="1 2"
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target partnerreview -j"$(nproc)" >/dev/null
n=${1:-1000}
runs=${RUNS:-5}
jobs=${JOBS:-2}
py=/usr/bin/python3
work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
export SOURCE_DATE_EPOCH=1795651200
median() { sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k'; }

mkdir -p "$work/in"
python3 bench/synth.py "$n" "$work/in" >/dev/null
python3 - "$work/in/metrics.json" <<'PY'
import json, sys
path = sys.argv[1]
d = json.load(open(path))
for p in d["partners"]:
    dom = p["id"].lower() + ".example"
    for i, m in enumerate(p.get("sales_team") or []):
        m["email"] = "team%d@%s" % (i, dom)
    if p.get("contact"):
        p["contact"]["email"] = "contact@" + dom
json.dump(d, open(path, "w"), ensure_ascii=False)
PY
prog=./build-bench/partnerreview
args=(-m "$work/in/metrics.json" -s "$work/in/survey.json")

# one LABEL ARGS...: a run into a new OUT, its "wall cpu" appended to $work/LABEL. The
# folders stay until the part is done: removing thousands of files between runs leaves
# ext4 scanning past the recently deleted inodes for every file the next run creates
# (recently_deleted(), a third of the kernel time), which would be measured as the
# cost of the extra .eml file.
count=0
one() {
	local label=$1
	shift
	count=$((count + 1))
	/usr/bin/time -f '%e %U %S' -a -o "$work/$label" "$prog" "${args[@]}" -o "$work/out.$count" \
		"$@" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
}
wall() { awk '{ print $1 }' "$work/$1" | median; }
cpu() { awk '{ print $2 + $3 }' "$work/$1" | median; }

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n partners"
parts=${PARTS:-1 2}
case " $parts " in *" 1 "*) ;; *) runs1=0 ;; esac
for _ in $(seq "${runs1:-$runs}"); do
	one plain -j1
	one mail -j1 --mail
done
[ "${runs1:-$runs}" = 0 ] || awk -v n="$n" -v a="$(cpu plain)" -v b="$(cpu mail)" 'BEGIN {
	printf "1. CPU per report, one worker: %.3f ms, with --mail %.3f ms: +%.3f ms (%+.1f %%), medians of '"$runs"'\n",
	       a * 1000 / n, b * 1000 / n, (b - a) * 1000 / n, (b - a) * 100 / a }'
if [ "${CALLGRIND:-0}" = 1 ]; then
	for mode in plain mail; do
		extra=()
		[ "$mode" = mail ] && extra=(--mail)
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$prog" "${args[@]}" \
			-o "$work/out.ir.$mode" -j1 "${extra[@]}" 2>&1 |
			sed -n 's/.*Collected : //p' > "$work/ir.$mode"
	done
	awk -v n="$n" -v a="$(cat "$work/ir.plain")" -v b="$(cat "$work/ir.mail")" 'BEGIN {
		printf "   instructions per report (callgrind): %.2f M, with --mail %.2f M: %+.1f %%\n",
		       a / n / 1e6, b / n / 1e6, (b - a) * 100 / a }'
fi

rm -rf "$work"/out.*
case " $parts " in *" 2 "*) ;; *) exit 0 ;; esac
mkdir -p "$work/srv"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
	-subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
"$py" tests/smtp_server.py --dir "$work/srv" --cert "$work/cert.pem" --key "$work/key.pem" \
	--auth bench:secret --discard 2>"$work/srv.log" &
server=$!
for _ in $(seq 100); do [ -f "$work/srv/port" ] && break; sleep 0.1; done
[ -f "$work/srv/port" ] || { echo "the SMTP server did not start: $(cat "$work/srv.log")" >&2; exit 1; }
printf 'machine 127.0.0.1 login bench password secret\n' > "$work/netrc"
url="smtp://127.0.0.1:$(cat "$work/srv/port")"
server_cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$server/stat"; }
s0=$(server_cpu)
for _ in $(seq "$runs"); do
	one norun -j"$jobs"
	one send -j"$jobs" --send "$url" --cacert "$work/cert.pem" --netrc-file "$work/netrc"
	grep -q "; $n mailed, 0 failed" "$work/err" || { echo "not all mailed: $(tail -1 "$work/err")" >&2; exit 1; }
done
s1=$(server_cpu)
awk -v n="$n" -v a="$(wall norun)" -v b="$(wall send)" -v ca="$(cpu norun)" -v cb="$(cpu send)" \
	-v s="$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')" -v j="$jobs" -v r="$runs" 'BEGIN {
	printf "2. %d workers: run %.2f s, with --send %.2f s: %.0f mails/s for the whole run, %.0f mails/s for the sending alone\n",
	       j, a, b, n / b, n / (b - a)
	printf "   CPU per mail: the client %.2f ms (the run with --send less the run without), the server %.2f ms\n",
	       (cb - ca) * 1000 / n, s * 1000 / (n * r) }'

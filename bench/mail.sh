#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The mail step's cost (docs/mail.md), on N synthetic partners (default 1000; bench/synth.py
# with an address for every team member and contact):
#  1. writing the .eml: CPU (user + system) per report of a whole run with one worker,
#     without and with --mail, medians of RUNS (default 5) runs, and the difference;
#  2. sending over loopback to a real SMTP server (tests/smtp_server.py: aiosmtpd with
#     STARTTLS and AUTH, keeping nothing) with JOBS workers (default 2): the wall time of a
#     run with --send against the same run without it, medians of RUNS; mails per second
#     of the whole run, and of the sending alone (N / the difference in wall time).
#   bash bench/mail.sh [N]        RUNS=5 JOBS=2
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
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export SOURCE_DATE_EPOCH=1795651200
median() { sort -n | awk -v k=$(((runs + 1) / 2)) 'NR == k'; }

python3 bench/synth.py "$n" "$work/in" >/dev/null
python3 - "$work/in/metrics.json" <<'EOF'
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
EOF
prog=./build-bench/partnerreview
args=(-m "$work/in/metrics.json" -s "$work/in/survey.json" -o "$work/out")

# runs LABEL ARGS...: RUNS runs into $work/times ("wall cpu" lines), each into a fresh OUT.
runs() {
	: > "$work/times"
	for _ in $(seq "$runs"); do
		rm -rf "$work/out"
		/usr/bin/time -f '%e %U %S' -a -o "$work/times" "$prog" "${args[@]}" "$@" 2>"$work/err" ||
			{ cat "$work/err" >&2; exit 1; }
	done
}
wall() { awk '{ print $1 }' "$work/times" | median; }
cpu() { awk '{ print $2 + $3 }' "$work/times" | median; }

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; $n partners"
runs -j1
plain=$(cpu)
runs -j1 --mail
mail=$(cpu)
awk -v n="$n" -v a="$plain" -v b="$mail" 'BEGIN {
	printf "1. CPU per report, one worker: %.3f ms, with --mail %.3f ms: +%.3f ms (+%.1f %%)\n",
	       a * 1000 / n, b * 1000 / n, (b - a) * 1000 / n, (b - a) * 100 / a }'

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
runs -j"$jobs"
w0=$(wall)
runs -j"$jobs" --send "$url" --cacert "$work/cert.pem" --netrc-file "$work/netrc"
w1=$(wall)
c1=$(cpu)
grep -q "$n mailed" "$work/err" || { echo "not all mailed: $(tail -1 "$work/err")" >&2; exit 1; }
awk -v n="$n" -v a="$w0" -v b="$w1" -v c="$c1" -v j="$jobs" 'BEGIN {
	printf "2. %d workers: run %.2f s, with --send %.2f s (client CPU %.2f s): %.0f mails/s for the whole run, %.0f mails/s for the sending alone\n",
	       j, a, b, c, n / b, n / (b - a) }'

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The mail run against a real SMTP server on loopback (docs/mail.md): aiosmtpd
# (tests/smtp_server.py) on a free port of 127.0.0.1 with STARTTLS, a certificate made here
# by openssl, and AUTH. Every mail written or received is read back with Python's email
# package (tests/check_mail.py): recipients, the decoded German subject, the attachment's
# bytes against the PDF, the journal. The server is killed mid-batch at a point this
# script observes (the journal holds 10 entries and the server holds the 11th mail
# unanswered), never after a guessed time; the rerun sends only what is missing.
# Usage: e2e_mail.sh PROGRAM SOURCE_DIR
set -u
prog=$(realpath "$1")
src=$(cd "$2" && pwd)
. "$src/tests/lib.sh"
py=/usr/bin/python3
servers=()
cleanup() {
	for pid in "${servers[@]}"; do kill -9 "$pid" 2>/dev/null; done
	if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
m="$src/samples/metrics.json"
s="$src/samples/survey.json"
check="$src/tests/check_mail.py"

if ! "$py" -c 'import aiosmtpd' 2>/dev/null; then
	echo "FAIL: $py cannot import aiosmtpd (Debian: python3-aiosmtpd; .ci/deps installs it)" >&2
	exit 1
fi

# wait_for WHAT COMMAND...: polls COMMAND for up to 60 s; a failure names WHAT.
wait_for() {
	local what=$1
	shift
	for _ in $(seq 600); do
		"$@" && return 0
		sleep 0.1
	done
	bad "gave up after 60 s waiting for $what"
	return 1
}
# start_server DIR ARGS...: a server keeping its mails in DIR; sets $port and $server.
start_server() {
	local dir=$1
	shift
	mkdir -p "$dir"
	"$py" "$src/tests/smtp_server.py" --dir "$dir" "$@" 2>"$dir.log" &
	server=$!
	disown "$server" # killed on purpose: no "Killed" notice from the shell
	servers+=("$server")
	if ! wait_for "the SMTP server in $dir to listen" test -f "$dir/port"; then
		echo "its log: $(cat "$dir.log")" >&2
		return 1
	fi
	port=$(cat "$dir/port")
}
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
# expect_check WHAT ARGS...: check_mail.py ARGS finds no problem and checks WHAT messages.
expect_check() {
	local want=$1
	shift
	if "$py" "$check" "$@" > "$work/check.out"; then ok; else
		bad "check_mail.py $1: $(grep -v '^<' "$work/check.out" | head -5)"
	fi
	expect_eq "check_mail.py $1 $2: messages" "$(sed -n 's/ checked, .*//p' "$work/check.out")" "$want"
}

cd "$work" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 \
	-subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
printf 'machine 127.0.0.1 login review password s3cret\n' > netrc
chmod 600 netrc
tls=(--cert cert.pem --key key.pem --auth review:s3cret)
auth=(--cacert cert.pem --netrc-file netrc)

# --- 1. The .eml files: the samples' 30 mails, read back, byte-identical between runs.
"$prog" -m "$m" -s "$s" -o eml --mail 2> eml.err
expect_eq "--mail: status" "$?" 0
expect_text eml.err "30 reports written, 0 failed, 0 skipped, 0 warnings; 30 mails written (.eml), 0 failed"
expect_eq "--mail: .eml files" "$(ls eml/*.eml | wc -l)" 30
expect_check 30 eml eml "$m" 2026-Q3
expect_eq "X-Unsent in the .eml" "$(grep -l '^X-Unsent: 1' eml/*.eml | wc -l)" 30
"$prog" -m "$m" -s "$s" -o eml2 --mail -j1 2>/dev/null
same=0
for f in eml/*.eml; do cmp -s "$f" "eml2/$(basename "$f")" && same=$((same + 1)); done
expect_eq "--mail twice: byte-identical .eml" "$same" 30
# A partner whose contact is also in the team, and one without a team: as the rules say.
expect_eq "US-OR-015 (no team): the contact is To" \
	"$(grep -c '^To: Megan Holt <m.holt@willamette-mw.example>' eml/US-OR-015_2026-Q3.eml)" 1
expect_eq "US-GA-010 (no contact): no Cc" "$(grep -c '^Cc:' eml/US-GA-010_2026-Q3.eml)" 0

# --- 2. A dry run: the recipients and subjects, nothing written, nothing sent.
start_server srv0 "${tls[@]}"
"$prog" -m "$m" -s "$s" -o dry --send "smtp://127.0.0.1:$port" "${auth[@]}" --dry-run \
	> dry.out 2> dry.err
expect_eq "--dry-run: status" "$?" 0
expect_eq "--dry-run: files" "$(ls dry 2>/dev/null | wc -l)" 0
expect_eq "--dry-run: mails received" "$(ls srv0/msg | wc -l)" 0
expect_eq "--dry-run: partners listed" "$(grep -c '^US-..-...: Partner-Review Q3/2026 für ' dry.out)" 30
expect_text dry.out "US-TX-002: Partner-Review Q3/2026 für Lone Star Machine Tools & Automation LLC"
expect_text dry.out "  To: José Hernández <j.hernandez@lonestar-mta.example>, Ashley Carter <a.carter@lonestar-mta.example>, Wei Zhang (张伟) <w.zhang@lonestar-mta.example>"
expect_text dry.out "  Cc: Robert Delgado <r.delgado@lonestar-mta.example>"
expect_text dry.err "30 to mail, 0 failed"

# --- 3. Send all 30: STARTTLS, AUTH, the certificate verified; each mail once.
"$prog" -m "$m" -s "$s" -o out --send "smtp://127.0.0.1:$port" "${auth[@]}" -j2 2> send.err
expect_eq "--send: status" "$?" 0
expect_text send.err "30 reports written, 0 failed, 0 skipped, 0 warnings; 30 mailed, 0 failed"
expect_check 30 received srv0 out "$m" 2026-Q3
expect_check 30 journal out/sent_2026-Q3.jsonl
# The journal names what the server got.
"$py" "$check" received srv0 out "$m" 2026-Q3 | grep '^<' | sort > got.ids
"$py" "$check" journal out/sent_2026-Q3.jsonl | grep '^<' | sort > journal.ids
expect_eq "journal = received" "$(cmp -s got.ids journal.ids && echo same)" same

# Again: the journal has them all; nothing is sent.
"$prog" -m "$m" -s "$s" -o out --send "smtp://127.0.0.1:$port" "${auth[@]}" -j2 2> again.err
expect_eq "--send again: status" "$?" 0
expect_text again.err "30 mails of 2026-Q3 already sent; they are not sent again"
expect_text again.err "; 0 mailed, 0 failed, 30 already sent"
expect_eq "--send again: mails received" "$(ls srv0/msg | wc -l)" 30
"$prog" -m "$m" -s "$s" -o out --send "smtp://127.0.0.1:$port" "${auth[@]}" -p US-CA-014 \
	--dry-run > dry2.out 2>/dev/null
expect_text dry2.out "  already sent (journal): not sent again"

# --- 4. The server dies mid-batch: the rest fails (exit 1), the rerun sends only those.
start_server srv1 "${tls[@]}" --block-after 10
"$prog" -m "$m" -s "$s" -o kill --send "smtp://127.0.0.1:$port" "${auth[@]}" -j2 \
	--send-retries 1 2> kill.err &
run=$!
if wait_for "10 journal entries and a mail held by the server" \
	eval '[ "$(lines kill/sent_2026-Q3.jsonl)" -ge 10 ] && [ -f srv1/blocked ]'; then
	kill -9 "$server"
fi
wait "$run"
expect_eq "server killed: status" "$?" 1
expect_eq "server killed: journal entries" "$(lines kill/sent_2026-Q3.jsonl)" 10
expect_eq "server killed: mails kept" "$(ls srv1/msg | wc -l)" 10
expect_text kill.err "; 10 mailed, 20 failed ("
expect_text kill.err "mail perhaps delivered"
start_server srv2 "${tls[@]}"
"$prog" -m "$m" -s "$s" -o kill --send "smtp://127.0.0.1:$port" "${auth[@]}" -j2 2> rerun.err
expect_eq "rerun: status" "$?" 0
expect_text rerun.err "; 20 mailed, 0 failed, 10 already sent"
expect_check 10 received srv1 kill "$m" 2026-Q3
"$py" "$check" received srv1 kill "$m" 2026-Q3 | grep '^<' > both.ids
expect_check 20 received srv2 kill "$m" 2026-Q3
"$py" "$check" received srv2 kill "$m" 2026-Q3 | grep '^<' >> both.ids
expect_eq "kill and rerun: distinct mails" "$(sort -u both.ids | wc -l)" 30
expect_eq "kill and rerun: mails sent twice" "$(sort both.ids | uniq -d | wc -l)" 0
expect_check 30 journal kill/sent_2026-Q3.jsonl

# --- 4b. Ctrl-C while the server holds a mail whose last byte went out: the run waits for
# the reply, journals that mail, then ends by the signal (130); the rerun sends the rest.
start_server srv7 "${tls[@]}" --block-after 3
"$prog" -m "$m" -s "$s" -o int --send "smtp://127.0.0.1:$port" "${auth[@]}" -j1 2> int.err &
run=$!
if wait_for "3 journal entries and a mail held by the server" \
	eval '[ "$(lines int/sent_2026-Q3.jsonl)" -ge 3 ] && [ -f srv7/blocked ]'; then
	kill -INT "$run"
	# The program says it has the signal and waits; only then does the server reply.
	wait_for "the note of the stop" grep -q "stopping once the 1 mail being sent has" int.err &&
		touch srv7/release
fi
wait "$run"
expect_eq "Ctrl-C while sending: status" "$?" 130
expect_eq "Ctrl-C while sending: journal entries" "$(lines int/sent_2026-Q3.jsonl)" 4
expect_eq "Ctrl-C while sending: mails kept" "$(ls srv7/msg | wc -l)" 4
start_server srv8 "${tls[@]}"
"$prog" -m "$m" -s "$s" -o int --send "smtp://127.0.0.1:$port" "${auth[@]}" -j2 2> int2.err
expect_eq "rerun after Ctrl-C: status" "$?" 0
expect_text int2.err "; 26 mailed, 0 failed, 4 already sent"
{
	"$py" "$check" received srv7 int "$m" 2026-Q3
	"$py" "$check" received srv8 int "$m" 2026-Q3
} | grep '^<' > int.ids
expect_eq "Ctrl-C and rerun: distinct mails" "$(sort -u int.ids | wc -l)" 30
expect_eq "Ctrl-C and rerun: mails sent twice" "$(sort int.ids | uniq -d | wc -l)" 0

# --- 5. A temporary failure (451) is retried; a permanent one (550) fails that partner.
start_server srv3 "${tls[@]}" --temp-fail j.walsh@pacific-industrial.example:1 \
	--reject r.delgado@lonestar-mta.example
"$prog" -m "$m" -s "$s" -o rej --send "smtp://127.0.0.1:$port" "${auth[@]}" \
	-p US-CA-014 -p US-TX-002 2> rej.err
expect_eq "451 and 550: status" "$?" 1
expect_text rej.err "partnerreview: $m: partners[0]: error: partner US-TX-002: mail not sent: 550 5.1.1 <r.delgado@lonestar-mta.example>: recipient rejected (test)"
expect_text rej.err "; 1 mailed, 1 failed (US-TX-002)"
expect_eq "451 retried: US-CA-014 received once" "$(grep -c 'j.walsh@' srv3/envelopes.jsonl)" 1
expect_eq "550: journal" "$(grep -c '"partner":"US-CA-014"' rej/sent_2026-Q3.jsonl) $(lines rej/sent_2026-Q3.jsonl)" "1 1"

# --- 6. TLS: verified unless --insecure; smtps://; no STARTTLS, no mail; a wrong password.
"$prog" -m "$m" -s "$s" -o tls1 --send "smtp://127.0.0.1:$port" --netrc-file netrc \
	-p US-CA-014 --send-retries 0 2> tls1.err
expect_eq "unverified certificate: status" "$?" 1
expect_text tls1.err "partner US-CA-014: mail not sent: SSL certificate problem: self-signed certificate"
"$prog" -m "$m" -s "$s" -o tls2 --send "smtp://127.0.0.1:$port" --netrc-file netrc --insecure \
	-p US-CA-014 2> tls2.err
expect_eq "--insecure: status" "$?" 0
start_server srv4 "${tls[@]}" --tls smtps
"$prog" -m "$m" -s "$s" -o tls3 --send "smtps://127.0.0.1:$port" "${auth[@]}" -p US-CA-014 2> tls3.err
expect_eq "smtps://: status" "$?" 0
expect_check 1 received srv4 tls3 "$m" 2026-Q3
start_server srv5 --tls none
"$prog" -m "$m" -s "$s" -o tls4 --send "smtp://127.0.0.1:$port" "${auth[@]}" -p US-CA-014 \
	--send-retries 0 2> tls4.err
expect_eq "no STARTTLS: status" "$?" 1
expect_text tls4.err "partner US-CA-014: mail not sent: STARTTLS not supported."
expect_eq "no STARTTLS: mails received" "$(ls srv5/msg | wc -l)" 0
printf 'machine 127.0.0.1 login review password wrong\n' > netrc.bad
start_server srv6 "${tls[@]}"
"$prog" -m "$m" -s "$s" -o auth --send "smtp://127.0.0.1:$port" --cacert cert.pem \
	--netrc-file netrc.bad -p US-CA-014 2> auth.err
expect_eq "wrong password: status" "$?" 1
expect_text auth.err "partner US-CA-014: mail not sent: 535 5.7.8 Authentication credentials invalid"
PARTNERREVIEW_NETRC=netrc "$prog" -m "$m" -s "$s" -o auth2 --send "smtp://127.0.0.1:$port" \
	--cacert cert.pem -p US-CA-014 2> auth2.err
expect_eq "PARTNERREVIEW_NETRC: status" "$?" 0

# --- 7. Protected PDFs: AES-256, read back with the password; a partner without one fails.
{
	echo "partner_id,password"
	"$py" -c 'import json,sys; [print("%s,pw-%s" % (p["id"], p["id"].lower())) for p in json.load(open(sys.argv[1]))["partners"] if p["id"] != "US-OR-015"]' "$m"
} > pw.csv
"$prog" -m "$m" -s "$s" -o enc --pdf-password pw.csv --mail 2> enc.err
expect_eq "--pdf-password: status" "$?" 1
expect_text enc.err "partner US-OR-015: no password in pw.csv: no report (a report is never written unprotected)"
expect_text enc.err "29 reports written, 1 failed (US-OR-015)"
expect_eq "--pdf-password: no PDF without a password" "$(ls enc/US-OR-015_* 2>/dev/null | wc -l)" 0
if pdfinfo -upw pw-us-ca-014 enc/US-CA-014_2026-Q3.pdf > enc.info 2>&1; then ok; else bad "pdfinfo -upw: $(cat enc.info)"; fi
expect_text enc.info "algorithm:AES-256"
if pdfinfo enc/US-CA-014_2026-Q3.pdf > /dev/null 2>&1; then bad "opened without a password"; else ok; fi
if qpdf --check --password=pw-us-tx-002 enc/US-TX-002_2026-Q3.pdf > enc.check 2>&1; then ok; else
	bad "qpdf --check: $(tail -3 enc.check)"
fi
pdftotext -upw pw-us-tx-002 -enc UTF-8 enc/US-TX-002_2026-Q3.pdf enc.txt 2>/dev/null
expect_flat enc.txt "Lone Star Machine Tools & Automation LLC"
# The mail carries the protected file.
expect_check 29 eml enc "$m" 2026-Q3

done_tests

# SPDX-License-Identifier: MIT
"""Reads the mails of a run back with Python's email package (policy.default) and checks them
against the metrics they were made from. Run with /usr/bin/python3 (tests/e2e_mail.sh).

    check_mail.py eml OUT METRICS PERIOD        every OUT/<id>_<period>.eml
    check_mail.py received SERVERDIR OUT METRICS PERIOD
                                                 every message the test server kept
    check_mail.py journal FILE                   the send journal: one entry per line

Each checks, per message: no defects (the message, every part, every address header);
From and Reply-To the channel manager; To the sales team members with an address and Cc
the contact unless already a recipient (To when no team member has one); the subject
"Partner-Review Qn/YYYY für <partner name>" decoded; Message-ID and Date; the body's
salutation; one attachment, application/pdf, named <id>_<period>.pdf, whose bytes equal
OUT/<id>_<period>.pdf. `received` also checks the envelope (MAIL FROM and RCPT TO equal
From and To + Cc) and that no Message-ID came twice. Prints one line per problem and
"N checked, M problems" (N messages or journal entries), then their Message-IDs one a
line for the caller; exit status 1 on any problem.
"""
import email
import email.policy
import email.utils
import json
import os
import sys

problems = []


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def expected(metrics, pid):
    """(From, To, Cc, subject name, salutation) of partner pid, as the program must make them."""
    vendor = metrics["vendor"]["channel_manager"]
    for p in metrics["partners"]:
        if p["id"] != pid:
            continue
        to, seen = [], set()
        for m in p.get("sales_team") or []:
            if m.get("email") and m["email"].lower() not in seen:
                to.append((m["name"], m["email"]))
                seen.add(m["email"].lower())
        cc = []
        c = p.get("contact") or {}
        if c.get("email") and c["email"].lower() not in seen:
            (cc if to else to).append((c["name"], c["email"]))
        sal = c.get("salutation")
        last = c["name"].split()[-1] if c.get("name") else None
        greeting = ("Sehr geehrter Herr %s," % last if sal == "Herr" else
                    "Sehr geehrte Frau %s," % last if sal == "Frau" else
                    "Guten Tag %s," % c["name"] if c.get("name") else
                    "Sehr geehrte Damen und Herren,")
        # The team in To is greeted too when the greeting names the contact.
        if p.get("sales_team") and c.get("name"):
            greeting += " sehr geehrte Damen und Herren," if sal in ("Herr", "Frau") else \
                        " guten Tag zusammen,"
        return (vendor["name"], vendor["email"]), to, cc, p["name"], greeting
    return None


def defects(msg):
    found = list(msg.defects)
    for part in msg.walk():
        found += [d for d in part.defects if d not in found]
    for h in ("From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID"):
        v = msg[h]
        if v is not None:
            found += list(getattr(v, "defects", ()))
    return found


def addresses(msg, h):
    v = msg[h]
    return [] if v is None else [(a.display_name, a.addr_spec) for a in v.addresses]


def check_message(where, raw, metrics, out, period):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for d in defects(msg):
        bad(where, "defect: %r" % d)
    att = [p for p in msg.iter_attachments()]
    if len(att) != 1:
        bad(where, "%d attachments, expected 1" % len(att))
        return msg, None
    name = att[0].get_filename() or ""
    pid = name[: -len("_%s.pdf" % period)] if name.endswith("_%s.pdf" % period) else None
    want = expected(metrics, pid) if pid else None
    if want is None:
        bad(where, "attachment %r names no partner of the metrics" % name)
        return msg, None
    sender, to, cc, pname, greeting = want
    if addresses(msg, "From") != [sender]:
        bad(where, "From %r, expected %r" % (addresses(msg, "From"), [sender]))
    if addresses(msg, "Reply-To") != [sender]:
        bad(where, "Reply-To %r" % addresses(msg, "Reply-To"))
    if addresses(msg, "To") != to:
        bad(where, "To %r, expected %r" % (addresses(msg, "To"), to))
    if addresses(msg, "Cc") != cc:
        bad(where, "Cc %r, expected %r" % (addresses(msg, "Cc"), cc))
    q = "Q%s/%s" % (period[-1], period[:4])
    if str(msg["Subject"]) != "Partner-Review %s für %s" % (q, pname):
        bad(where, "Subject %r" % str(msg["Subject"]))
    domain = sender[1].split("@")[1]
    if str(msg["Message-ID"]) != "<%s.%s.partnerreview@%s>" % (pid, period, domain):
        bad(where, "Message-ID %r" % str(msg["Message-ID"]))
    if msg["Date"] is None or email.utils.parsedate_to_datetime(str(msg["Date"])) is None:
        bad(where, "no Date")
    body = msg.get_body(("plain",))
    text = body.get_content().replace("\r\n", "\n") if body is not None else ""
    if not text.startswith(greeting + "\n"):
        bad(where, "body starts %r, expected %r" % (text[:60], greeting))
    if att[0].get_content_type() != "application/pdf":
        bad(where, "attachment type %s" % att[0].get_content_type())
    pdf = os.path.join(out, name)
    if not os.path.exists(pdf) or att[0].get_content() != open(pdf, "rb").read():
        bad(where, "attachment differs from %s" % pdf)
    return msg, pid


def main():
    cmd = sys.argv[1]
    ids = []
    if cmd == "eml":
        out, metrics, period = sys.argv[2], json.load(open(sys.argv[3])), sys.argv[4]
        files = sorted(f for f in os.listdir(out) if f.endswith(".eml"))
        for f in files:
            msg, pid = check_message(f, open(os.path.join(out, f), "rb").read(), metrics, out,
                                     period)
            if pid is not None and f != "%s_%s.eml" % (pid, period):
                bad(f, "holds the mail of %s" % pid)
            ids.append(str(msg["Message-ID"]))
    elif cmd == "received":
        srv, out = sys.argv[2], sys.argv[3]
        metrics, period = json.load(open(sys.argv[4])), sys.argv[5]
        path = os.path.join(srv, "envelopes.jsonl")
        envelopes = [json.loads(l) for l in open(path)] if os.path.exists(path) else []
        for env in envelopes:
            where = "received " + env["file"]
            raw = open(os.path.join(srv, "msg", env["file"]), "rb").read()
            msg, pid = check_message(where, raw, metrics, out, period)
            heads = [a for _, a in addresses(msg, "To") + addresses(msg, "Cc")]
            if env["rcpt_tos"] != heads:
                bad(where, "RCPT TO %r, headers %r" % (env["rcpt_tos"], heads))
            if env["mail_from"] != addresses(msg, "From")[0][1]:
                bad(where, "MAIL FROM %r" % env["mail_from"])
            mid = str(msg["Message-ID"])
            if mid in ids:
                bad(where, "%s received twice" % mid)
            ids.append(mid)
    elif cmd == "journal":
        for n, line in enumerate(open(sys.argv[2]), 1):
            try:
                e = json.loads(line)
            except ValueError as err:
                bad("journal:%d" % n, "not JSON: %s" % err)
                continue
            for k in ("message_id", "partner", "to", "cc", "time", "reply"):
                if k not in e:
                    bad("journal:%d" % n, "no %s" % k)
            if not str(e.get("reply", "")).startswith("250"):
                bad("journal:%d" % n, "reply %r" % e.get("reply"))
            if "<%s>" % e.get("message_id") in ids:
                bad("journal:%d" % n, "%s twice" % e.get("message_id"))
            ids.append("<%s>" % e.get("message_id"))
    else:
        sys.exit("usage: check_mail.py eml|received|journal ...")
    for p in problems:
        print(p)
    print("%d checked, %d problems" % (len(ids), len(problems)))
    for i in ids:
        print(i)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: MIT
"""A real SMTP server on loopback for the mail tests and benchmarks (aiosmtpd, Debian's
python3-aiosmtpd; run it with /usr/bin/python3, which sees Debian's modules).

    smtp_server.py --dir DIR [--port N] [--tls starttls|smtps|none] [--cert C --key K]
                   [--auth USER:PASSWORD] [--block-after N] [--temp-fail ADDR:N]
                   [--reject ADDR] [--discard]

Listens on 127.0.0.1 (a free port unless --port), writes the port to DIR/port once it
answers, and keeps every accepted message as DIR/msg/NNNNN.eml with its envelope as a
line of DIR/envelopes.jsonl ({"file", "mail_from", "rcpt_tos"}), both before it
replies 250. With --tls starttls (the default when --cert is given) a client must say
STARTTLS first; with --auth every mail needs AUTH (PLAIN or LOGIN, only over TLS).
Test hooks: --block-after N accepts N messages, then holds every further DATA without
a reply (touching DIR/blocked) until the server is killed or DIR/release appears (which
lets that one mail through and is removed); --temp-fail ADDR:N answers
451 to the first N RCPT TO:<ADDR>; --reject ADDR answers 550 to every RCPT TO:<ADDR>;
--discard keeps nothing (the benchmark). Runs until killed.
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, args):
        self.dir = args.dir
        self.block_after = args.block_after
        self.discard = args.discard
        self.temp_fail = {}
        for spec in args.temp_fail:
            addr, n = spec.rsplit(":", 1)
            self.temp_fail[addr.lower()] = int(n)
        self.reject = {a.lower() for a in args.reject}
        self.accepted = 0
        os.makedirs(os.path.join(self.dir, "msg"), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = address.lower()
        if a in self.reject:
            return "550 5.1.1 <%s>: recipient rejected (test)" % address
        if self.temp_fail.get(a, 0) > 0:
            self.temp_fail[a] -= 1
            return "451 4.3.0 <%s>: try again later (test)" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.block_after is not None and self.accepted >= self.block_after:
            open(os.path.join(self.dir, "blocked"), "a").close()
            # Until the test kills the server, or lets this one mail through.
            release = os.path.join(self.dir, "release")
            while not os.path.exists(release):
                await asyncio.sleep(0.02)
            os.unlink(release)
        self.accepted += 1
        if not self.discard:
            name = "%05d.eml" % self.accepted
            path = os.path.join(self.dir, "msg", name)
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
                f.flush()
                os.fsync(f.fileno())
            os.rename(path + ".tmp", path)
            with open(os.path.join(self.dir, "envelopes.jsonl"), "a") as f:
                f.write(json.dumps({"file": name, "mail_from": envelope.mail_from,
                                    "rcpt_tos": envelope.rcpt_tos}) + "\n")
        return "250 2.0.0 Ok: queued as T%05d" % self.accepted


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == self.user
              and auth_data.password == self.password)
        # handled=False: aiosmtpd then answers 535 itself (True would leave the client waiting).
        return AuthResult(success=ok, handled=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls", choices=["starttls", "smtps", "none"])
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--auth")
    ap.add_argument("--block-after", type=int)
    ap.add_argument("--temp-fail", action="append", default=[])
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--discard", action="store_true")
    args = ap.parse_args()
    tls = args.tls or ("starttls" if args.cert else "none")
    port = args.port or free_port()
    kw = {}
    if tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        if tls == "starttls":
            kw.update(tls_context=ctx, require_starttls=True)
        else:
            kw.update(ssl_context=ctx)
    if args.auth:
        user, password = args.auth.split(":", 1)
        kw.update(authenticator=Authenticator(user, password), auth_required=True,
                  # aiosmtpd counts only STARTTLS as TLS: with smtps it would not offer AUTH.
                  auth_require_tls=tls == "starttls")
    controller = Controller(Handler(args), hostname="127.0.0.1", port=port,
                            server_hostname="localhost", **kw)
    controller.start()
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())

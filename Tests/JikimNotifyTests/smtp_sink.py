#!/usr/bin/env python3
"""A real SMTP server for JikimNotify's tests, built on aiosmtpd (an implementation independent of ours).

Usage: smtp_sink.py OUTDIR [--refuse CODE:ADDRESS]...

Listens on 127.0.0.1 on a port the system picks and prints "PORT <n>" on its first line of output once it
accepts connections ("NO-AIOSMTPD" and exit status 3 when aiosmtpd cannot be imported). Every message it
accepts is written to OUTDIR/<n>.json with the envelope, the raw content (base64, after the server undid the
dot-stuffing) and what Python's own e-mail parser decodes from it: headers, subject, body and any defects.
`--refuse 450:busy@example.com` answers RCPT TO for that address with 450 (550 likewise); the reply quotes
the address, as real servers do, so the tests can check that no error repeats it.

It stops on SIGTERM or SIGINT, and when its standard input closes, so that it never outlives the test
process that started it.
"""
import asyncio
import base64
import email
import email.policy
import json
import os
import signal
import socket
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print("NO-AIOSMTPD", flush=True)
    sys.exit(3)


class Sink:
    def __init__(self, outdir, refusals):
        self.outdir = outdir
        self.refusals = refusals
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.refusals.get(address.lower())
        if code is not None:
            enhanced = "4.2.1" if code.startswith("4") else "5.1.1"
            return f"{code} {enhanced} <{address}>: refused by the test sink"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "helo": session.host_name,
            "raw_base64": base64.b64encode(raw).decode("ascii"),
            "headers": {name: str(value) for name, value in message.items()},
            "subject": str(message.get("subject", "")),
            "body": body.get_content() if body is not None else None,
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "defects": [repr(d) for d in message.defects] + ([repr(d) for d in body.defects] if body else []),
        }
        self.count += 1
        path = os.path.join(self.outdir, f"{self.count:04d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Message accepted"


def parse_args(argv):
    if len(argv) < 2:
        sys.exit("usage: smtp_sink.py OUTDIR [--refuse CODE:ADDRESS]...")
    outdir, refusals, rest = argv[1], {}, argv[2:]
    while rest:
        if rest[0] != "--refuse" or len(rest) < 2 or ":" not in rest[1]:
            sys.exit(f"smtp_sink.py: unexpected argument {rest[0]!r}")
        code, address = rest[1].split(":", 1)
        refusals[address.lower()] = code
        rest = rest[2:]
    return outdir, refusals


async def main():
    # A parent may start us with signals blocked (Swift's worker threads block them, and a child inherits the
    # mask), which would leave SIGTERM pending for ever.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    outdir, refusals = parse_args(sys.argv)
    handler = Sink(outdir, refusals)
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.localhost", enable_SMTPUTF8=True, decode_data=False),
        sock=sock,
    )
    stop = loop.create_future()

    def finish():
        if not stop.done():
            stop.set_result(None)

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.remove_reader(sys.stdin.fileno())
            finish()

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    loop.add_signal_handler(signal.SIGTERM, finish)
    loop.add_signal_handler(signal.SIGINT, finish)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    await stop
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())

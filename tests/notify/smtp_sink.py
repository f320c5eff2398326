#!/usr/bin/env python3
"""A real SMTP server for the notify tests (aiosmtpd, Debian python3-aiosmtpd).

Every message received is parsed with Python's own e-mail package (an
independent MIME reader) and written to DIR/<n>.json:
  {"mail_from", "rcpt_tos", "subject", "from", "to", "date", "message_id",
   "event", "text", "html", "tls", "authenticated"}

usage: smtp_sink.py PORT DIR [--user U --password P] [--refuse ADDRESS ...]
                   [--tls-cert PEM --tls-key PEM]
  --user/--password  require AUTH (LOGIN or PLAIN) with these credentials
  --refuse           answer 550 to RCPT TO for this address
  --tls-cert/--tls-key  offer STARTTLS with this certificate and require it
                     before anything else (AUTH included)
Runs until SIGTERM.
"""
import argparse
import email
import email.policy
import json
import logging
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = set(refuse)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text, html = msg.get_body(("plain",)), msg.get_body(("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["Subject"]),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "date": str(msg["Date"]),
            "message_id": str(msg["Message-ID"]),
            "event": str(msg["X-Vigil-Event"]),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
            # How the message came: over TLS (STARTTLS), after AUTH.
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        with self.lock:
            n = len([f for f in os.listdir(self.folder) if f.endswith(".json")])
            path = os.path.join(self.folder, f"{n:04d}.json")
            with open(path + ".tmp", "w") as f:
                json.dump(record, f)
            os.rename(path + ".tmp", path)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False)

    options = {}
    if args.user:
        options = {"authenticator": authenticate, "auth_required": True,
                   "auth_require_tls": bool(args.tls_cert)}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update({"tls_context": context, "require_starttls": True})
        # A client refusing the certificate is a case the tests make on purpose.
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    controller = Controller(Sink(args.folder, args.refuse), hostname="127.0.0.1", port=args.port,
                            **options)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

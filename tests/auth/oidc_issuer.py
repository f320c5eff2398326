#!/usr/bin/env python3
"""oidc_issuer.py PORT CLIENT_ID CLIENT_SECRET

A local OpenID provider for the single sign-on tests (Python's http.server
and Debian's python3-cryptography), on http://127.0.0.1:PORT:

  /.well-known/openid-configuration   discovery
  /jwks                               the signing keys (RSA "k1", EC "e1")
  /authorize                          approves at once: 302 to redirect_uri
                                      with code and state
  /token                              checks client_secret_basic (or, with
                                      CLIENT_SECRET "-", a public client),
                                      the code (single use), redirect_uri and
                                      the PKCE S256 verifier; answers an ID
                                      token signed RS256 with "k1"

The test picks the user and what goes wrong with two extra parameters of the
authorize URL it follows (never sent by Vigil):
  x_claims  JSON object merged into the ID token's claims
  x_fault   provider_error | pkce | other_key | wrong_aud | expired |
            wrong_nonce | alg_none | hs256 | es256 | rotate | several_aud
"""
import base64
import hashlib
import hmac
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

PORT, CLIENT_ID, CLIENT_SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ISSUER = f"http://127.0.0.1:{PORT}"


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n):
    return b64u(n.to_bytes((n.bit_length() + 7) // 8, "big"))


KEYS = {name: rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for name in ("k1", "other", "k2")}
EC_KEY = ec.generate_private_key(ec.SECP256R1())
PUBLISHED = ["k1"]  # "k2" joins on a rotation
LOCK = threading.Lock()
CODES = {}


def rsa_jwk(kid):
    numbers = KEYS[kid].public_key().public_numbers()
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
            "n": uint(numbers.n), "e": uint(numbers.e)}


def ec_jwk():
    numbers = EC_KEY.public_key().public_numbers()
    return {"kty": "EC", "kid": "e1", "use": "sig", "alg": "ES256", "crv": "P-256",
            "x": b64u(numbers.x.to_bytes(32, "big")), "y": b64u(numbers.y.to_bytes(32, "big"))}


def sign(header, claims, fault):
    text = lambda o: b64u(json.dumps(o, separators=(",", ":")).encode())
    if fault == "alg_none":
        return f"{text({'alg': 'none', 'typ': 'JWT'})}.{text(claims)}."
    if fault == "hs256":  # the public key as an HMAC secret: the classic confusion
        pem = KEYS["k1"].public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        head = text({"alg": "HS256", "kid": "k1", "typ": "JWT"})
        body = f"{head}.{text(claims)}"
        return f"{body}.{b64u(hmac.new(pem, body.encode(), hashlib.sha256).digest())}"
    if fault == "es256":
        head = text({"alg": "ES256", "kid": "e1", "typ": "JWT"})
        body = f"{head}.{text(claims)}"
        r, s = decode_dss_signature(EC_KEY.sign(body.encode(), ec.ECDSA(hashes.SHA256())))
        return f"{body}.{b64u(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    kid = {"other_key": "other", "rotate": "k2"}.get(fault, "k1")
    head = text({"alg": "RS256", "kid": kid, "typ": "JWT"})
    body = f"{head}.{text(claims)}"
    signature = KEYS[kid].sign(body.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{body}.{b64u(signature)}"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=None, location=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/.well-known/openid-configuration":
            return self.answer(200, {
                "issuer": ISSUER,
                "authorization_endpoint": ISSUER + "/authorize",
                "token_endpoint": ISSUER + "/token",
                "jwks_uri": ISSUER + "/jwks",
                "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"],
                "id_token_signing_alg_values_supported": ["RS256", "ES256"]})
        if url.path == "/jwks":
            with LOCK:
                keys = [rsa_jwk(k) for k in PUBLISHED]
            return self.answer(200, {"keys": keys + [ec_jwk()]})
        if url.path == "/authorize":
            if (query.get("client_id") != CLIENT_ID or query.get("response_type") != "code"
                    or query.get("code_challenge_method") != "S256"
                    or "openid" not in query.get("scope", "").split()):
                return self.answer(400, {"error": "invalid_request"})
            redirect = query["redirect_uri"]
            fault = query.get("x_fault", "")
            back = {"state": query["state"]}
            if fault == "provider_error":
                back.update(error="access_denied", error_description="the user said no")
            else:
                code = secrets.token_urlsafe(24)
                challenge = query["code_challenge"]
                if fault == "pkce":  # as if the code had been issued to another request
                    challenge = b64u(hashlib.sha256(b"somebody else's verifier").digest())
                with LOCK:
                    CODES[code] = {"nonce": query.get("nonce"), "challenge": challenge,
                                   "redirect_uri": redirect, "fault": fault,
                                   "claims": json.loads(query.get("x_claims", "{}"))}
                back["code"] = code
            return self.answer(302, {}, redirect + "?" + urllib.parse.urlencode(back))
        return self.answer(404, {"error": "not_found"})

    def do_POST(self):
        if self.path != "/token":
            return self.answer(404, {"error": "not_found"})
        length = int(self.headers.get("Content-Length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        if CLIENT_SECRET == "-":
            if form.get("client_id") != CLIENT_ID:
                return self.answer(401, {"error": "invalid_client"})
        else:
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Basic "):
                return self.answer(401, {"error": "invalid_client"})
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            if (urllib.parse.unquote(user), urllib.parse.unquote(password)) != (CLIENT_ID, CLIENT_SECRET):
                return self.answer(401, {"error": "invalid_client"})
        with LOCK:
            grant = CODES.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self.answer(400, {"error": "invalid_grant", "error_description": "unknown code"})
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self.answer(400, {"error": "invalid_grant", "error_description": "redirect_uri differs"})
        verifier = form.get("code_verifier", "")
        if b64u(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return self.answer(400, {"error": "invalid_grant",
                                     "error_description": "PKCE verification failed"})
        fault, now = grant["fault"], int(time.time())
        claims = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"]}
        claims.update(grant["claims"])
        claims.setdefault("sub", "sub-" + str(claims.get("email", "nobody")))
        if fault == "wrong_aud":
            claims["aud"] = "another-client"
        if fault == "several_aud":
            claims["aud"] = [CLIENT_ID, "another-client"]
        if fault == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        if fault == "wrong_nonce":
            claims["nonce"] = "not-this-sign-in"
        if fault == "rotate":
            with LOCK:
                if "k2" not in PUBLISHED:
                    PUBLISHED.append("k2")
        return self.answer(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                 "expires_in": 300, "id_token": sign({}, claims, fault)})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()

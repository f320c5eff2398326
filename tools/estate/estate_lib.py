"""Shared pieces of the sample-estate generator (make_estate.py).

Everything is deterministic: one seeded random source, dates relative to the
estate's reference day (NOW), ids derived from the random source. Files are
written the way `aws <service> <operation> --output json` prints them: 4-space
indentation, PascalCase members, ISO 8601 timestamps with +00:00.
"""

import datetime as _dt
import json
import os
import random
import shutil
import urllib.parse

NOW = _dt.datetime(2026, 11, 26, 9, 0, 0, tzinfo=_dt.timezone.utc)

ACCOUNTS = {
    "prod": "111111111111",
    "dev": "222222222222",
    "security": "333333333333",
}
REGIONS = ["us-east-1", "eu-west-1"]
AZ_IDS = {"us-east-1": ["use1-az1", "use1-az2", "use1-az4"], "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"]}

rng = random.Random(20261126)


def reseed(seed):
    rng.seed(seed)


def when(days_ago, seconds=None):
    """An ISO 8601 timestamp `days_ago` days before NOW (fractional days allowed)."""
    if seconds is None:
        seconds = rng.randrange(0, 36000)
    t = NOW - _dt.timedelta(days=days_ago) + _dt.timedelta(seconds=seconds - 18000)
    return t.replace(microsecond=0).isoformat()


def when_ms(days_ago):
    """As when(), with milliseconds (EC2, RDS style: 2026-03-01T10:00:00.123000+00:00)."""
    t = _dt.datetime.fromisoformat(when(days_ago))
    return t.replace(microsecond=rng.randrange(0, 1000) * 1000).isoformat()


def gmt(days_ago):
    """EC2's StateTransitionReason time: '2026-08-14 09:12:44 GMT'."""
    t = _dt.datetime.fromisoformat(when(days_ago))
    return t.strftime("%Y-%m-%d %H:%M:%S GMT")


def hexid(prefix, digits=17):
    return prefix + "-" + "".join(rng.choice("0123456789abcdef") for _ in range(digits))


def upper_id(prefix, length):
    return prefix + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(length))


def uuid():
    h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def mac():
    return "0e:" + ":".join("%02x" % rng.randrange(256) for _ in range(5))


def private_ip(cidr_prefix):
    return f"{cidr_prefix}.{rng.randrange(1, 15)}.{rng.randrange(4, 250)}"


def public_ip():
    return f"{rng.choice([3, 18, 34, 44, 52, 54])}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}"


def tag_list(name=None, app=None, env=None, owner=None, extra=None):
    """A [{Key, Value}] tag list; None members are left out (the estate's missing tags)."""
    tags = []
    if name is not None:
        tags.append({"Key": "Name", "Value": name})
    if app is not None:
        tags.append({"Key": "Application", "Value": app})
    if env is not None:
        tags.append({"Key": "Environment", "Value": env})
    if owner is not None:
        tags.append({"Key": "Owner", "Value": owner})
    for k, v in (extra or {}).items():
        tags.append({"Key": k, "Value": v})
    return tags


def std_tags(ctx, app, name=None, missing=False, partial=False):
    """The usual tags of a resource of `app` in the account of `ctx`; `missing`: none but Name,
    `partial`: no Owner."""
    if missing:
        return tag_list(name=name)
    return tag_list(name=name, app=app, env=ctx.env, owner=None if partial else ctx.owner(app))


def percent_encode(key):
    """The capture format's file-key encoding: bytes outside [A-Za-z0-9._~-] as %XX."""
    return urllib.parse.quote(key, safe="._~-")


class Capture:
    """Writes files under root/<account>/<region>/<service>/."""

    def __init__(self, root):
        self.root = root
        self.files = 0
        self.bytes = 0

    def reset(self):
        """Removes the account folders of a previous run (README.md and other files stay)."""
        os.makedirs(self.root, exist_ok=True)
        for entry in os.listdir(self.root):
            path = os.path.join(self.root, entry)
            if os.path.isdir(path) and entry.isdigit() and len(entry) == 12:
                shutil.rmtree(path)

    def _write(self, rel, data):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = json.dumps(data, indent=4, ensure_ascii=False) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.files += 1
        self.bytes += len(text.encode("utf-8"))

    def put(self, account, region, service, operation, data, key=None, key2=None):
        """key: a per-resource call's file; key and key2: a fan-out call's (two keys,
        <Operation>/<key>/<key2>.json)."""
        rel = os.path.join(account, region, service, operation + ".json")
        if key is not None:
            rel = os.path.join(account, region, service, operation, percent_encode(key) + ".json")
        if key2 is not None:
            rel = os.path.join(account, region, service, operation, percent_encode(key),
                               percent_encode(key2) + ".json")
        self._write(rel, data)

    def error(self, account, region, service, operation, code, message, key=None, key2=None):
        self.put(account, region, service, operation, {"Error": {"Code": code, "Message": message}}, key, key2)


class AccountContext:
    """One account of the estate: its id, environment and team owners."""

    OWNERS = {
        "storefront": "team-web@acme.example",
        "payments": "team-payments@acme.example",
        "search": "team-search@acme.example",
        "data-pipeline": "team-data@acme.example",
        "auth": "team-identity@acme.example",
        "reporting": "team-bi@acme.example",
        "security-tooling": "secops@acme.example",
        "platform": "team-platform@acme.example",
    }

    def __init__(self, label, capture):
        self.label = label
        self.id = ACCOUNTS[label]
        self.env = {"prod": "production", "dev": "development", "security": "security"}[label]
        self.capture = capture
        self.canonical_id = "".join(rng.choice("0123456789abcdef") for _ in range(64))
        # Filled by the EC2 generator, read by RDS/ELB/Lambda: region -> lists.
        self.vpcs = {}
        self.subnets = {}
        self.security_groups = {}
        self.instances = {}
        self.kms_keys = {}
        self.buckets = []
        self.log_groups = {}
        self.topics = {}
        self.lambda_roles = []  # (function name, role ARN, in a VPC), by the Lambda generator

    def owner(self, app):
        return self.OWNERS.get(app, "team-platform@acme.example")

    def put(self, region, service, operation, data, key=None, key2=None):
        self.capture.put(self.id, region, service, operation, data, key, key2)

    def error(self, region, service, operation, code, message, key=None, key2=None):
        self.capture.error(self.id, region, service, operation, code, message, key, key2)

    def arn(self, service, region, resource):
        return f"arn:aws:{service}:{region}:{self.id}:{resource}"

#!/usr/bin/env python3
"""botocore_parse.py DATA_DIR REQUESTS_JSON [ENDPOINT]

For each request of REQUESTS_JSON ([{service, operation, params[, error_variant]}, ...]) gets an HTTP response and
parses it with botocore's own client (its parser and its after-call handlers, as the AWS CLI does),
over the models in DATA_DIR (the ones Vigil reads). Prints a JSON list with, per request:
  {"response": {"status": N, "headers": [[name, value], ...], "body_base64": BYTES},
   "parsed": {...} (what the AWS CLI prints: timestamps ISO 8601 in UTC, blobs base64,
             no ResponseMetadata)
   or "error": {"Code": ..., "Message": ...}},
or {"skipped": WHY} for a request that could not be sent.

Without ENDPOINT the response is built here from the operation's output shape, in the protocol's
wire format (query, ec2, json, rest-json, rest-xml), with every member filled and values that
test each parser: lists of two, maps, XML-escaped and non-ASCII text, empty strings, nulls (JSON),
fractional timestamps, blobs, header-bound members; with error_variant N, the protocol's error
answer number N instead (ERROR_VARIANTS: codes with namespaces, dots and header-borne types,
escaped messages, empty bodies, an HTML page). With ENDPOINT (e.g. moto_server) each request
is sent there and its real response recorded. Exit 1 with a message when botocore is missing.
"""
import base64
import datetime
import json
import sys
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

try:
    import botocore.session
    from botocore import xform_name
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.httpsession import URLLib3Session
except ImportError as e:  # pragma: no cover
    print(f"botocore is not importable: {e}")
    sys.exit(1)

data_dir, requests_path = sys.argv[1:3]
endpoint = sys.argv[3] if len(sys.argv) > 3 else None
session = botocore.session.get_session()
session.set_config_variable("data_path", data_dir)
clients = {}

# Values cycled through as the shapes are walked, so every kind of text and number turns up.
STRINGS = ["plain-{n}", "a&b<c>\"d'e-{n}", "  spaced {n}  ", "", "é ü 中 {n}", "line1\nline2-{n}",
           "arn:aws:iam::111122223333:role/x+y=z,{n}", "   ", "tab\there {n}"]
LONGS = [42, -7, 0, 1234567890123, 2147483648]
DOUBLES = [1.5, 0.0, -2.25, 100.0, 1e-3]
# A whole second and one with milliseconds (2024-01-02T03:04:05Z).
EPOCHS = [1704164645, 1704164645.5, 1704164645.123, 1704164645.123456]
# Lists and maps of two, one and no entries.
SIZES = [2, 1, 0]


class Gen:
    """Walks an output shape into a Python value tree (None members are nulls on the JSON wire)."""

    def __init__(self):
        self.n = 0

    def next(self):
        self.n += 1
        return self.n

    def value(self, shape, stack=()):
        n = self.next()
        t = shape.type_name
        if t == "structure":
            if shape.name in stack or len(stack) > 8:
                return None
            out = {}
            for name, member in shape.members.items():
                if member.serialization.get("eventstream") or member.type_name == "structure" and \
                        member.serialization.get("eventstream"):
                    continue
                out[name] = self.value(member, stack + (shape.name,))
            return out
        if t == "list":
            if shape.name in stack:
                return []
            return [self.value(shape.member, stack + (shape.name,)) for _ in range(SIZES[n % 3])]
        if t == "map":
            if shape.name in stack:
                return {}
            return {self.key(shape.key, i): self.value(shape.value, stack + (shape.name,))
                    for i in range(SIZES[n % 3])}
        if t == "string":
            if shape.name == "policyDocumentType":  # IAM: URL-encoded JSON (botocore decodes it)
                return quote(json.dumps({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "s3:Get*", "Resource": f"arn:aws:s3:::b/a+b c{n}"}]}))
            if shape.enum:
                return shape.enum[n % len(shape.enum)]
            return STRINGS[n % len(STRINGS)].format(n=n)
        if t in ("integer", "long"):
            v = LONGS[n % len(LONGS)]
            return v if t == "long" or abs(v) < 2**31 else 7
        if t in ("double", "float"):
            return DOUBLES[n % len(DOUBLES)]
        if t == "boolean":
            return n % 2 == 0
        if t == "timestamp":
            return EPOCHS[n % len(EPOCHS)]
        if t == "blob":
            return bytes([0, 255, 10, 65 + n % 26])
        return None

    def key(self, shape, i):
        if shape.enum:
            return shape.enum[i % len(shape.enum)]
        return f"key-{i}&<{self.next()}>"


def iso(epoch):
    dt = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    micros = round((epoch - int(epoch)) * 1000000)
    if micros:
        text += ".%06d" % micros if micros % 1000 else ".%03d" % (micros // 1000)
    return text + "Z"


def timestamp_text(shape, epoch, default):
    fmt = shape.serialization.get("timestampFormat", default)
    if fmt == "unixTimestamp":
        return str(epoch)
    if fmt == "rfc822":
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime(
            "%a, %d %b %Y %H:%M:%S GMT")
    return iso(epoch)


# ---- XML (query, ec2, rest-xml) ----------------------------------------------------------------

def xml_scalar(shape, v):
    t = shape.type_name
    if t == "boolean":
        return "true" if v else "false"
    if t == "timestamp":
        return timestamp_text(shape, v, "iso8601")
    if t == "blob":
        return base64.b64encode(v).decode()
    if t in ("double", "float"):
        return repr(v)
    return str(v)


def xml_member_name(shape, name):
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        inner = shape.member.serialization.get("name")
        if inner:
            return inner
    return shape.serialization.get("name", name)


def xml_element(shape, name, v):
    """One element <name>...</name> (a flattened list or map: several)."""
    t = shape.type_name
    if v is None:
        return ""
    if t == "list":
        if shape.serialization.get("flattened"):
            return "".join(xml_element(shape.member, name, item) for item in v)
        inner = shape.member.serialization.get("name", "member")
        return f"<{name}>" + "".join(xml_element(shape.member, inner, item) for item in v) + f"</{name}>"
    if t == "map":
        kname = shape.key.serialization.get("name", "key")
        vname = shape.value.serialization.get("name", "value")
        entries = [xml_element(shape.key, kname, k) + xml_element(shape.value, vname, val) for k, val in v.items()]
        if shape.serialization.get("flattened"):
            return "".join(f"<{name}>{e}</{name}>" for e in entries)
        return f"<{name}>" + "".join(f"<entry>{e}</entry>" for e in entries) + f"</{name}>"
    if t == "structure":
        attrs, children = xml_members(shape, v)
        return f"<{name}{attrs}>{children}</{name}>"
    return f"<{name}>{escape(xml_scalar(shape, v))}</{name}>"


def xml_members(shape, v):
    attrs, children = "", ""
    for mname, member in shape.members.items():
        if mname not in v or member.serialization.get("location"):
            continue
        if member.serialization.get("xmlAttribute"):
            aname = member.serialization["name"]
            if aname.startswith("xsi:"):
                attrs += ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            if v[mname] is not None:
                attrs += f" {aname}={quoteattr(xml_scalar(member, v[mname]))}"
            continue
        children += xml_element(member, xml_member_name(member, mname), v[mname])
    children += "<VigilUnmodeled><Ignored>x</Ignored></VigilUnmodeled>"  # not in the model
    return attrs, children


def no_nulls(v):
    if isinstance(v, dict):
        return {k: no_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [no_nulls(x) for x in v if x is not None]
    return v


# ---- JSON (json, rest-json) --------------------------------------------------------------------

def json_value(shape, v):
    t = shape.type_name
    if v is None:
        return None
    if t == "structure":
        out = {m.serialization.get("name", name): json_value(m, v[name])
               for name, m in shape.members.items() if name in v and not m.serialization.get("location")}
        out["VigilUnmodeled"] = {"ignored": [1, "x"]}  # a member the model does not have
        return out
    if t == "list":
        return [json_value(shape.member, x) for x in v]
    if t == "map":
        return {k: json_value(shape.value, x) for k, x in v.items()}
    if t == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt == "unixTimestamp" and v == EPOCHS[1]:
            return iso(v)  # ISO 8601 text where the model says epoch (moto sends some so)
        return v if fmt == "unixTimestamp" else timestamp_text(shape, v, fmt)
    if t == "blob":
        return base64.b64encode(v).decode()
    return v


def with_json_nulls(shape, v, gen):
    """Some optional scalar members become JSON nulls (AWS and moto send them)."""
    if isinstance(v, dict) and shape.type_name == "structure":
        for name, m in shape.members.items():
            if name in v and m.type_name in ("string", "integer", "boolean") and gen.next() % 5 == 0:
                v[name] = None
            elif name in v:
                with_json_nulls(m, v[name], gen)
    return v


def header_text(shape, v):
    t = shape.type_name
    if t == "timestamp":
        return timestamp_text(shape, v, "rfc822")
    if t == "boolean":
        return "true" if v else "false"
    if t == "list":
        return ", ".join(header_text(shape.member, x) for x in v)
    if t == "blob":
        return base64.b64encode(v).decode()
    if shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(v).encode()).decode()
    return str(v)


def build_response(model, op):
    """(status, headers, body) of a synthetic 200 response for `op`."""
    protocol = model.metadata["protocol"]
    out = op.output_shape
    gen = Gen()
    headers = [("x-amzn-RequestId", "11111111-2222-3333-4444-555555555555")]
    if out is None:
        return 200, headers, b""
    value = gen.value(out)
    if protocol in ("query", "ec2"):
        value = no_nulls(value)
        ns = model.metadata.get("xmlNamespace") or f"https://{model.endpoint_prefix}.amazonaws.com/doc/{model.api_version}/"
        _, inner = xml_members(out, value)
        if protocol == "query":
            wrapper = op.output_shape.serialization.get("resultWrapper") or f"{op.name}Result"
            inner = f"<{wrapper}>{inner}</{wrapper}><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
        else:
            inner = f"<requestId>r-1</requestId>{inner}"
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{op.name}Response xmlns="{ns}">{inner}</{op.name}Response>'
        headers.append(("Content-Type", "text/xml"))
        return 200, headers, body.encode()
    status = 200
    body = b""
    payload = out.serialization.get("payload")
    for name, m in out.members.items():
        loc = m.serialization.get("location")
        if loc == "header" and value.get(name) is not None:
            headers.append((m.serialization.get("name", name), header_text(m, value[name])))
        elif loc == "headers" and isinstance(value.get(name), dict):
            prefix = m.serialization.get("name", "")
            for k, x in value[name].items():
                headers.append((prefix + f"k{len(headers)}", str(x)))
        elif loc == "statusCode":
            value[name] = 200
    if protocol == "json":
        value = with_json_nulls(out, value, gen)
        headers.append(("Content-Type", "application/x-amz-json-1.1"))
        return status, headers, json.dumps(json_value(out, value)).encode()
    if payload:
        m = out.members[payload]
        v = value.get(payload)
        if m.type_name == "blob":
            body = v or b""
        elif m.type_name == "string":
            body = (v or "").encode()
        elif protocol == "rest-json":
            body = json.dumps(json_value(m, v)).encode()
        else:
            v = no_nulls(v)
            name = m.serialization.get("name", payload)
            attrs, children = xml_members(m, v)
            ns = m.serialization.get("xmlNamespace", {}).get("uri", "http://s3.amazonaws.com/doc/2006-03-01/")
            body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{name} xmlns="{ns}"{attrs}>{children}</{name}>'.encode()
    elif protocol == "rest-json":
        value = with_json_nulls(out, value, gen)
        body = json.dumps(json_value(out, value)).encode()
        headers.append(("Content-Type", "application/json"))
    elif op.name == "GetBucketLocation":  # the root element is the one member
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{value["LocationConstraint"]}</LocationConstraint>'.encode()
    else:
        value = no_nulls(value)
        _, children = xml_members(out, value)
        root = out.serialization.get("name", op.name + "Result")
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{children}</{root}>'.encode()
    return status, headers, body


# ---- error responses, as each protocol writes them -----------------------------------------------

def error_response(model, variant):
    """(status, headers, body) of error answer number `variant` of the service's protocol."""
    protocol = model.metadata["protocol"]
    rid = [("x-amzn-RequestId", "e-1")]
    # (botocore 1.29 takes a 5xx body for a generic page when it starts with <html>)
    html = b"<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>"
    if protocol == "query":
        return [
            (400, rid, b"<ErrorResponse xmlns=\"https://x.amazonaws.com/doc/\"><Error><Type>Sender</Type>"
                       b"<Code>InvalidParameterValue</Code><Message>bad &amp; worse &lt;1&gt;</Message></Error>"
                       b"<RequestId>e-1</RequestId></ErrorResponse>"),
            (400, rid, b"<ErrorResponse><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue"
                       b"</Code><Message>The specified queue does not exist.</Message><Detail/></Error>"
                       b"<RequestId>e-2</RequestId></ErrorResponse>"),
            (503, rid, b""),
        ][variant]
    if protocol == "ec2":
        return [
            (400, [], b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                      b"<Code>InvalidVolume.NotFound</Code><Message>The volume 'vol-1' does not exist.</Message>"
                      b"</Error></Errors><RequestID>e-3</RequestID></Response>"),
            (500, [("Content-Type", "text/html")], html),
        ][variant]
    if protocol == "json":
        return [
            (400, rid, b'{"__type": "com.amazonaws.kms#NotFoundException", "message": "Key x does not exist"}'),
            (400, rid, b'{"__type": "ResourceNotFoundException", "Message": "Secrets Manager cannot find it."}'),
            # Not compared, where botocore 1.29 is the odd one: a type only in the
            # x-amzn-ErrorType header (Vigil reads it, as Smithy's awsJson rule says; botocore's
            # json parser reads the body only and gives "400"), and a __type with a
            # ":http://..." suffix (botocore 1.29 keeps it; later botocore and Vigil drop it).
        ][variant]
    if protocol == "rest-json":
        return [
            (404, rid + [("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/y/")],
             b'{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:1:function:f"}'),
            (400, rid, b'{"code": "BadRequestException", "message": "bad request"}'),
            (400, rid, b'{"__type": "ValidationException", "message": "1 validation error"}'),
        ][variant]
    return [  # rest-xml
        (404, [], b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucketPolicy</Code>"
                  b"<Message>The bucket policy does not exist</Message><BucketName>b</BucketName>"
                  b"<RequestId>e-4</RequestId></Error>"),
        (404, [], b""),
        (403, [], b"<ErrorResponse><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                  b"<RequestId>e-5</RequestId></ErrorResponse>"),
    ][variant]


ERROR_VARIANTS = {"query": 3, "ec2": 2, "json": 2, "rest-json": 3, "rest-xml": 3}


# ---- botocore's client, fed the response -------------------------------------------------------

class RawBody:
    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data


def cli_form(v):
    """What the AWS CLI prints for a parsed value."""
    if isinstance(v, dict):
        return {k: cli_form(x) for k, x in v.items() if k != "ResponseMetadata"}
    if isinstance(v, list):
        return [cli_form(x) for x in v]
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return v.astimezone(datetime.timezone.utc).isoformat()
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(v).decode()
    if hasattr(v, "read"):
        return base64.b64encode(v.read()).decode()
    return v


def client(service):
    if service not in clients:
        clients[service] = session.create_client(
            service, region_name="us-east-1", endpoint_url=endpoint or "http://127.0.0.1:9",
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(parameter_validation=False, retries={"max_attempts": 0},
                          s3={"addressing_style": "path"}, inject_host_prefix=False))
    return clients[service]


http = URLLib3Session(timeout=30)
recorded = {}


def send(request, **_):
    if endpoint:
        response = http.send(request)
        recorded["r"] = (response.status_code, list(response.headers.items()), response.content)
        return response
    status, headers, body = recorded["r"]
    return AWSResponse(request.url, status, dict(headers), RawBody(body))


out = []
for request in json.load(open(requests_path, encoding="utf-8")):
    c = client(request["service"])
    model = c.meta.service_model
    op = model.operation_model(request["operation"])
    if not endpoint and "error_variant" in request:
        recorded["r"] = error_response(model, request["error_variant"])
    elif not endpoint:
        recorded["r"] = build_response(model, op)
    c.meta.events.register_first(f"before-send.{model.service_id.hyphenize()}.{op.name}", send,
                                 unique_id=f"vigil-send-{op.name}")
    entry = {}
    try:
        entry["parsed"] = cli_form(getattr(c, xform_name(op.name))(**request["params"]))
    except ClientError as e:
        entry["error"] = {"Code": e.response.get("Error", {}).get("Code", ""),
                          "Message": e.response.get("Error", {}).get("Message", "")}
    except BotoCoreError as e:  # not sent (an endpoint that cannot be reached): no response
        out.append({"skipped": str(e)})
        recorded.pop("r", None)
        continue
    status, headers, body = recorded.pop("r")
    entry["response"] = {"status": status, "headers": [[k, v] for k, v in headers],
                         "body_base64": base64.b64encode(body).decode()}
    out.append(entry)
print(json.dumps(out))

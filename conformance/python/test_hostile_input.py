"""Hostile and malformed input (issue #9).

One bounded load of more than 10,000 malformed or hostile requests, generated
deterministically from a fixed seed, against a dynarock of its own:

* keep-alive families, sent over several keep-alive connections in parallel
  threads: invalid JSON (truncated, trailing garbage, broken structure, wrong
  top-level types), wrong types at every level of real requests (PutItem,
  GetItem, UpdateItem, Query, Scan, BatchWriteItem, TransactWriteItems,
  CreateTable: every member, recursively, replaced by null, a number, a
  string, a list, an object, a boolean, or renamed), invalid UTF-8 in strings
  and names, extreme numbers, strings just under and over DynamoDB's limits,
  nesting around and far beyond 32 levels;
* framing families, each on a fresh connection: missing and garbage headers,
  wrong Content-Length, chunked bodies, compressed bodies, odd methods,
  versions and request targets, bytes that are not HTTP, and bodies cut short
  before the connection is closed;
* pipelined batches, slow clients (byte by byte, and stalled half-way through
  a header for the whole load) and bodies over the 16 MB limit.

What the server must do, as DynamoDB does:

* never answer 5xx and never hang (every read has a deadline);
* answer every request that HTTP can frame with a 4xx whose body is JSON with
  the "__type" of a DynamoDB error (Coral's validate/service namespaces or
  DynamoDB's own) and a non-empty message. UnknownOperationException is the
  one error DynamoDB sends without a message;
* HTTP-level answers, documented here as what dynarock does: a body over
  16 MB (announced by Content-Length, or reached chunk by chunk) gets
  "413 Payload Too Large" with an empty body and Connection: close; bytes
  that HTTP cannot frame (bad request line, bad header syntax, bad or
  conflicting Content-Length, bad chunk sizes, a header block over 64 KB, a
  body cut short) get no answer: the connection is closed;
* documented exceptions, not errors: GET is the health check (200 text) and
  OPTIONS a CORS preflight (200), whatever else the request carries;
* the guarded table's items, schema and tags are unchanged at the end, no
  table was created (in the client's database or any database named by a
  garbage Authorization header), and the process is alive (and, as every
  start_server process, exits 0 on SIGTERM).

Hostile values ride in "carriers": requests on the guarded table built to fail
whatever the hostile value turns out to be (a condition on an attribute that
no item has, a key with an extra attribute, an unused expression value,
Segment >= TotalSegments, CreateTable of a table that exists...), so the value
is decoded and checked but nothing can be written. The mutation family is the
exception: it mutates requests that succeed, on a scratch table of its own,
and a 200 is accepted only when every mutation applied was null (an absent
member), a rename (an unknown member) or a value of the same JSON type.

Bugs the load found are not hidden: requests that would hit one are matched
precisely (KNOWN_BUGS, or the exact shape of the broken answer), counted in
the summary instead of failing the load, and reproduced byte for byte by the
xfail(strict=True) tests at the end of this file.

Run with -s for a summary: requests, answers and statuses per family, and the
error types seen.
"""
import collections
import copy
import gzip
import json
import os
import random
import socket
import struct
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import BINARY, EXTERNAL, Server

SEED = 20260109
GUARD = "hostile-guard"
SCRATCH = "hostile-scratch"
MISSING = "hostile-missing"
AUTH = (b"AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        b"SignedHeaders=host, Signature=0")
JSON_TYPE = b"application/x-amz-json-1.0"
MARK = "@@HOSTILE@@"
MAX_BODY = 16 * 1024 * 1024
THREADS = 8
READ_TIMEOUT = 20  # an answer that takes longer than this is a hang
TIME_LIMIT = 60 * (5 if "asan" in BINARY else 1)  # seconds for the whole load

KNOWN_ERRORS = {
    "ValidationException", "SerializationException", "UnknownOperationException",
    "MissingAuthenticationTokenException", "ResourceNotFoundException",
    "ResourceInUseException", "ConditionalCheckFailedException",
    "TransactionCanceledException", "TransactionConflictException",
    "TransactionInProgressException", "IdempotentParameterMismatchException",
    "ItemCollectionSizeLimitExceededException", "LimitExceededException",
    "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "AccessDeniedException", "IncompleteSignatureException", "InvalidSignatureException",
    "UnrecognizedClientException",
}
NAMESPACES = ("com.amazon.coral.validate#", "com.amazon.coral.service#",
              "com.amazonaws.dynamodb.v20120810#")

# A condition that no item satisfies: a write carrying it can never happen.
NEVER = {"ConditionExpression": "attribute_exists(#never)",
         "ExpressionAttributeNames": {"#never": "never-present"}}
P1 = {"pk": {"S": "p1"}, "sk": {"N": "1"}}

GUARD_ITEMS = [
    {"pk": {"S": "p1"}, "sk": {"N": "1"}, "s": {"S": "alpha"}, "n": {"N": "1"}},
    {"pk": {"S": "p1"}, "sk": {"N": "2"}, "m": {"M": {"l": {"L": [{"S": "x"}, {"N": "-2.5"}]}}},
     "t": {"BOOL": True}, "z": {"NULL": True}},
    {"pk": {"S": "p2"}, "sk": {"N": "1"}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]},
     "bs": {"BS": ["AAE="]}, "b": {"B": "AAEC"}},
    {"pk": {"S": "\u2603 snow"}, "sk": {"N": "-1.5"}, "s": {"S": "\u00e9\u202e\U0001f600"}},
    {"pk": {"S": "p3"}, "sk": {"N": "9.9999999999999999999999999999999999999E+125"},
     "n": {"N": "1E-130"}},
]


# --------------------------------------------------------------------------
# Raw HTTP

def encode(document):
    return json.dumps(document, ensure_ascii=False).encode()


def request(op, body, *, add=(), drop=(), length=None, method=b"POST", path=b"/",
            version=b"HTTP/1.1"):
    """The bytes of one request. op None sends no X-Amz-Target, bytes sends
    that header value as is; length None is the true Content-Length, False
    none, anything else that value."""
    if not isinstance(body, bytes):
        body = body.encode() if isinstance(body, str) else encode(body)
    headers = [(b"Host", b"127.0.0.1"), (b"Content-Type", JSON_TYPE)]
    if op is not None:
        headers.append((b"X-Amz-Target",
                        op if isinstance(op, bytes) else b"DynamoDB_20120810." + op.encode()))
    headers.append((b"Authorization", AUTH))
    headers = [(n, v) for n, v in headers if n not in drop] + list(add)
    if length is not False:
        value = len(body) if length is None else length
        headers.append((b"Content-Length", value if isinstance(value, bytes) else b"%d" % value))
    head = b"".join(n + b": " + v + b"\r\n" for n, v in headers)
    return method + b" " + path + b" " + version + b"\r\n" + head + b"\r\n" + body


class Closed(Exception):
    """The server closed the connection; partial: in the middle of an answer."""

    def __init__(self, partial):
        super().__init__("closed in the middle of an answer" if partial else "closed")
        self.partial = partial


class Hang(Exception):
    pass


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class Conn:
    """A client connection that reads answers by hand (status, headers,
    Content-Length body), so that any byte sequence can be sent."""

    def __init__(self, port, timeout=READ_TIMEOUT):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()

    def send(self, data):
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            raise Closed(False)
        except socket.timeout:
            raise Hang("the server stopped reading")

    def _fill(self):
        try:
            chunk = self.sock.recv(1 << 18)
        except socket.timeout:
            raise Hang("no answer within %d s" % READ_TIMEOUT)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise Closed(bool(self.buffer))
        self.buffer += chunk

    def read_head(self):
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        head = bytes(self.buffer[:end]).decode("latin-1")
        del self.buffer[:end + 4]
        status_line, *lines = head.split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise AssertionError(f"not an HTTP answer: {head[:200]!r}")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(parts[1]), headers

    def read_response(self):
        status, headers = self.read_head()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            try:
                self._fill()
            except Closed:
                raise Closed(True)
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return Response(status, headers, body)

    def read_until_closed(self):
        """Every answer until the server closes the connection."""
        answers = []
        while True:
            try:
                answers.append(self.read_response())
            except Closed as closed:
                if closed.partial:
                    raise
                return answers

    def half_close(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def reset(self):
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def judge(response, case):
    """None when the answer is acceptable for the case, else what is wrong."""
    status = response.status
    if status >= 500:
        return f"HTTP {status}: {response.body[:300]!r}"
    if status == 413:
        if not case.allow_413:
            return "413 for a body within the limit"
        if response.body or response.headers.get("connection") != "close":
            return "413 without Connection: close, or with a body"
        return None
    if status == 200 and case.allow_health:
        return None
    if status == 200 and not case.allow_ok:
        return f"200 for a request that must fail: {response.body[:300]!r}"
    if not (status == 200 or 400 <= status < 500):
        return f"unexpected HTTP {status}"
    if response.headers.get("content-type") != JSON_TYPE.decode():
        return f"Content-Type {response.headers.get('content-type')!r}"
    crc = response.headers.get("x-amz-crc32")
    if crc is None or int(crc) != zlib.crc32(response.body):
        return "x-amz-crc32 missing or wrong"
    try:
        response.body.decode("utf-8")
    except UnicodeDecodeError:
        return f"not UTF-8: {response.body[:300]!r}"
    try:
        document = json.loads(response.body)
    except ValueError:
        return f"not JSON: {response.body[:300]!r}"
    if not isinstance(document, dict):
        return f"not a JSON object: {response.body[:300]!r}"
    if status == 200:
        return None
    error_type = document.get("__type")
    if not isinstance(error_type, str) or not error_type.startswith(NAMESPACES):
        return f"no DynamoDB __type: {response.body[:300]!r}"
    name = error_type.split("#", 1)[1]
    if name not in KNOWN_ERRORS:
        return f"unknown error type {error_type!r}"
    message = document.get("message", document.get("Message"))
    if name != "UnknownOperationException" and not (isinstance(message, str) and message):
        return f"no message: {response.body[:300]!r}"
    return None


def label(response):
    if response.status == 200:
        return "200"
    try:
        name = json.loads(response.body.decode("utf-8", "replace"))["__type"].split("#", 1)[1]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        name = "-"
    return f"{response.status} {name}"


class Case:
    """One hostile request. answers: how many answers a fresh connection may
    get ((1, 1) when HTTP frames it); allow_ok: a 200 is acceptable;
    allow_413 and allow_health: the documented HTTP-level answers."""

    def __init__(self, family, name, data, *, allow_ok=False, answers=(1, 1), allow_413=False,
                 allow_health=False, finish="half"):
        self.family, self.name, self.data = family, name, data
        self.allow_ok, self.answers = allow_ok, answers
        self.allow_413, self.allow_health, self.finish = allow_413, allow_health, finish


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = collections.Counter()
        self.answered = collections.Counter()
        self.unanswered = collections.Counter()
        self.labels = collections.defaultdict(collections.Counter)
        self.problems = []
        self.known = collections.Counter()
        self.answer_times = []

    def answer(self, case, response):
        problem = judge(response, case)
        with self.lock:
            self.answered[case.family] += 1
            self.labels[case.family][label(response)] += 1
            self.answer_times.append(time.monotonic())
            if problem and problem.startswith(KNOWN):
                self.known[problem[len(KNOWN):]] += 1
            elif problem:
                self.problems.append((case.family, case.name, problem, case.data[:400]))

    def held_back(self, case, bug):
        with self.lock:
            self.known[bug + " (held back, not sent)"] += 1

    def problem(self, case, problem):
        with self.lock:
            self.problems.append((case.family, case.name, problem, case.data[:400]))

    def count(self, case, answered=True):
        with self.lock:
            self.sent[case.family] += 1
            if not answered:
                self.unanswered[case.family] += 1


# --------------------------------------------------------------------------
# Known bugs. Requests that hit one are held out of the load (and counted in
# the summary); a test at the end of this file reproduces each, marked
# xfail(strict=True), so that a fix turns it into an unexpected pass. None is
# known now; the regression tests at the end keep the fixed ones fixed.

def _strict_json(body):
    def refuse(constant):
        raise ValueError(constant)
    try:
        return json.loads(body, parse_constant=refuse)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def transact_items_absent(data):
    """TransactWriteItems or TransactGetItems whose body is a JSON object
    without TransactItems (absent or null): dynarock once died of SIGSEGV."""
    head, _, body = data.partition(b"\r\n\r\n")
    if not any(b"X-Amz-Target: DynamoDB_20120810." + op + b"\r\n" in head
               for op in (b"TransactWriteItems", b"TransactGetItems")):
        return False
    document = _strict_json(body)
    return isinstance(document, dict) and document.get("TransactItems") is None


KNOWN_BUGS = {}
KNOWN = "KNOWN: "


def known_bug(data):
    for name, matches in KNOWN_BUGS.items():
        if matches(data):
            return name
    return None


# --------------------------------------------------------------------------
# Carriers: requests on the guarded table that fail whatever replaces MARK.

def inject(template, payload, raw=False):
    """template as JSON with MARK replaced by payload bytes: inside its string
    (raw False) or as the whole JSON value (raw True)."""
    text = encode(template)
    marker = (b'"' + MARK.encode() + b'"') if raw else MARK.encode()
    assert text.count(marker) == 1, template
    return text.replace(marker, payload)


def guard_create(**extra):
    table = {"TableName": GUARD,
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "sk", "AttributeType": "N"}],
             "BillingMode": "PAY_PER_REQUEST"}
    table.update(extra)
    return table


def unused(value):
    """A Query whose only flaw is an unused expression value."""
    return {"TableName": GUARD, "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "p1"}, ":unused": value}}


def string_carriers():
    """(op, template): MARK sits inside a JSON string."""
    never_and = lambda expression: {
        "ConditionExpression": "attribute_exists(#never) AND " + expression,
        "ExpressionAttributeNames": {"#never": "never-present"}}
    return [
        ("PutItem", {"TableName": GUARD, "Item": {**P1, "a": {"S": MARK}}, **NEVER}),
        ("PutItem", {"TableName": GUARD, "Item": {**P1, MARK: {"S": "v"}}, **NEVER}),
        ("PutItem", {"TableName": GUARD, "Item": {"pk": {"S": MARK}, "sk": {"N": "1"}}, **NEVER}),
        ("PutItem", {"TableName": GUARD, "Item": {**P1, "ss": {"SS": ["a", MARK]}}, **NEVER}),
        ("PutItem", {"TableName": GUARD, "Item": P1,
                     "ConditionExpression": "attribute_exists(#never) AND #h = :v",
                     "ExpressionAttributeNames": {"#never": "never-present", "#h": MARK},
                     "ExpressionAttributeValues": {":v": {"S": "x"}}}),
        ("PutItem", {"TableName": GUARD, "Item": P1, **never_and("(" + MARK + ")"),
                     "ExpressionAttributeValues": {":v": {"S": "x"}}}),
        ("DeleteItem", {"TableName": GUARD, "Key": {"pk": {"S": MARK}, "sk": {"N": "1"}}, **NEVER}),
        ("GetItem", {"TableName": GUARD,
                     "Key": {"pk": {"S": MARK}, "sk": {"N": "1"}, "extra": {"S": "x"}}}),
        ("GetItem", {"TableName": GUARD, "Key": {**P1, "extra": {"S": "x"}},
                     "ProjectionExpression": MARK}),
        ("UpdateItem", {"TableName": GUARD, "Key": P1, "UpdateExpression": "SET #h = :v",
                        "ConditionExpression": "attribute_exists(#never)",
                        "ExpressionAttributeNames": {"#never": "never-present", "#h": MARK},
                        "ExpressionAttributeValues": {":v": {"S": "x"}}}),
        ("UpdateItem", {"TableName": GUARD, "Key": P1, "UpdateExpression": "SET a = :v",
                        "ExpressionAttributeValues": {":v": {"S": MARK}}, **NEVER}),
        ("UpdateItem", {"TableName": GUARD, "Key": P1, "UpdateExpression": MARK,
                        "ExpressionAttributeValues": {":v": {"S": "x"}}, **NEVER}),
        ("Query", unused({"S": MARK})),
        ("Query", {**unused({"S": "x"}), "IndexName": MARK}),
        ("Query", {**unused({"S": "x"}), "ExclusiveStartKey": {"pk": {"S": MARK}, "sk": {"N": "1"}}}),
        ("Scan", {"TableName": GUARD, "FilterExpression": MARK, "Segment": 5, "TotalSegments": 2,
                  "ExpressionAttributeValues": {":v": {"S": "x"}}}),
        ("Scan", {"TableName": MARK, "Segment": 5, "TotalSegments": 2}),
        ("BatchWriteItem", {"RequestItems": {GUARD: [
            {"PutRequest": {"Item": {"pk": {"S": MARK}, "a": {"S": "missing sk"}}}}]}}),
        ("BatchWriteItem", {"RequestItems": {MARK: [
            {"DeleteRequest": {"Key": {"pk": {"S": "p1"}}}}]}}),
        ("TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": GUARD, "Item": {**P1, "a": {"S": MARK}}, **NEVER}}]}),
        ("TransactWriteItems", {"TransactItems": [
            {"Update": {"TableName": GUARD, "Key": P1, "UpdateExpression": "SET a = :v",
                        "ExpressionAttributeValues": {":v": {"S": "x"}}, **NEVER}}],
            "ClientRequestToken": MARK}),
        ("CreateTable", guard_create(Tags=[{"Key": MARK, "Value": "v"}])),
        ("CreateTable", {"TableName": MARK,
                         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                         "AttributeDefinitions": [{"AttributeName": "other", "AttributeType": "S"}],
                         "BillingMode": "PAY_PER_REQUEST"}),
        ("DescribeTable", {"TableName": MARK}),
    ]


def value_carriers():
    """(op, template): MARK is a whole AttributeValue."""
    never_or = {"ConditionExpression": "attribute_exists(#never) OR v = :v",
                "ExpressionAttributeNames": {"#never": "never-present"},
                "ExpressionAttributeValues": {":v": MARK}}
    return [
        ("PutItem", {"TableName": GUARD, "Item": {**P1, "v": MARK}, **NEVER}),
        ("PutItem", {"TableName": GUARD, "Item": P1, **never_or}),
        ("GetItem", {"TableName": GUARD, "Key": {**P1, "v": MARK}}),
        ("UpdateItem", {"TableName": GUARD, "Key": P1, "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": MARK}, **NEVER}),
        ("UpdateItem", {"TableName": GUARD, "Key": P1, "UpdateExpression": "ADD v :v",
                        "ExpressionAttributeValues": {":v": MARK}, **NEVER}),
        ("DeleteItem", {"TableName": GUARD, "Key": P1, **never_or}),
        ("Query", unused(MARK)),
        ("Scan", {"TableName": GUARD, "FilterExpression": "v = :v", "Segment": 5,
                  "TotalSegments": 2, "ExpressionAttributeValues": {":v": MARK}}),
        ("BatchWriteItem", {"RequestItems": {GUARD: [
            {"PutRequest": {"Item": {"pk": {"S": "p9"}, "v": MARK}}}]}}),
        ("TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": GUARD, "Item": {**P1, "v": MARK}, **NEVER}}]}),
        ("TransactWriteItems", {"TransactItems": [
            {"ConditionCheck": {"TableName": GUARD, "Key": P1, **never_or}}]}),
    ]


def json_number_carriers():
    """(op, template): MARK is a JSON number member."""
    return [
        ("Scan", {"TableName": GUARD, "Limit": MARK, "Segment": 5, "TotalSegments": 2}),
        ("Scan", {"TableName": GUARD, "Segment": 1000000, "TotalSegments": MARK}),
        ("Query", {**unused({"S": "x"}), "Limit": MARK}),
        ("ListTables", {"Limit": MARK, "ExclusiveStartTableName": ""}),
        ("CreateTable", guard_create(BillingMode="PROVISIONED", ProvisionedThroughput={
            "ReadCapacityUnits": MARK, "WriteCapacityUnits": 1})),
        ("PutItem", {"TableName": GUARD, "Item": {**P1, "v": {"N": MARK}}, **NEVER}),
    ]


# --------------------------------------------------------------------------
# The families

def json_family(rng):
    cases = []
    bodies = [(op, encode(t)) for op, t in mutation_bases()]
    carriers = [(op, inject(t, b"benign")) for op, t in string_carriers()]
    bodies += carriers[::4]
    for op, body in bodies:
        for cut in sorted(rng.sample(range(len(body)), min(len(body), 60))):
            cases.append(Case("json", f"{op} cut at {cut}", request(op, body[:cut])))
    trailing = [b"x", b"}", b"]", b",", b"{}", b"[]", b"\x00", b"\xff", b"null", b'"', b"\\",
                b"/* comment */", b"// comment", b"\n}", b";", b'{"a":1}']
    for op, body in carriers[::2]:
        for garbage in trailing:
            cases.append(Case("json", f"{op} + {garbage!r}", request(op, body + garbage)))
    # One structural character (outside strings) replaced by another.
    for op, body in carriers:
        structural, in_string, escaped = [], False, False
        for i, c in enumerate(body):
            if in_string:
                escaped = (c == 0x5C and not escaped)
                if c == 0x22 and not escaped and body[i - 1] != 0x5C:
                    in_string = False
                continue
            if c == 0x22:
                in_string = True
            if c in b'{}[]:,"':
                structural.append(i)
        for i in rng.sample(structural, min(len(structural), 8)):
            new = rng.choice([c for c in b'{}[]:,"\x00\xff\'x ' if c != body[i]])
            cases.append(Case("json", f"{op} byte {i} -> {new:#x}",
                              request(op, body[:i] + bytes([new]) + body[i + 1:])))
    top_level = [b"", b" ", b"null", b"true", b"0", b"-1", b"1e400", b'"string"', b"[]", b"[{}]",
                 b'[{"TableName":"' + GUARD.encode() + b'"}]', b"{", b"}", b"{}}", b"{{}}",
                 b'{"TableName"}', b'{"TableName":}', b"{,}", b'{"a":1,}', b"[1,]",
                 b"\xef\xbb\xbf{}", b"\x00", b"\xff\xfe{\x00}\x00", b"'{}'",
                 b"{'TableName': 'x'}", b'{"TableName":"x" /* c */}', b'{"a":NaN}',
                 b'{"a":Infinity}', b'{"a":01}', b'{"a":+1}', b'{"a":.5}', b'{"a":0x10}',
                 b'{"a":"\\q"}', b'{"a":"\\u12"}', b'{"a":"\\x41"}', b'{"a":tru}', b'{"a":nul}',
                 b'{"a":True}', b'{"a" 1}', b"{1:2}", b"{null:1}", b"[" * 100000,
                 b'{"a":' * 5000 + b"1" + b"}" * 5000]
    ops = ["PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchWriteItem",
           "TransactWriteItems", "CreateTable", "DescribeTable"]
    for op in ops:
        for body in top_level:
            cases.append(Case("json", f"{op} body {body[:30]!r}", request(op, body)))
    return cases


# The mutation family mutates requests that succeed, on the scratch table.
ITEM = {"pk": {"S": "m1"}, "sk": {"N": "1"}, "s": {"S": "text"}, "n": {"N": "12.5"},
        "b": {"B": "AAEC"}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]},
        "bs": {"BS": ["AQ=="]}, "t": {"BOOL": True}, "z": {"NULL": True},
        "m": {"M": {"x": {"L": [{"S": "y"}, {"N": "3"}]}}}}


def mutation_bases():
    key = lambda pk, sk: {"pk": {"S": pk}, "sk": {"N": sk}}
    return [
        ("PutItem", {"TableName": SCRATCH, "Item": ITEM,
                     "ConditionExpression": "attribute_not_exists(#c) OR #s <> :v",
                     "ExpressionAttributeNames": {"#c": "never-present", "#s": "s"},
                     "ExpressionAttributeValues": {":v": {"S": "other"}},
                     "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL",
                     "ReturnItemCollectionMetrics": "SIZE"}),
        ("GetItem", {"TableName": SCRATCH, "Key": key("m1", "1"), "ConsistentRead": True,
                     "ProjectionExpression": "#p, s, m.x[0]", "ExpressionAttributeNames": {"#p": "pk"},
                     "ReturnConsumedCapacity": "INDEXES"}),
        ("UpdateItem", {"TableName": SCRATCH, "Key": key("m2", "2"),
                        "UpdateExpression": "SET #c = if_not_exists(#c, :zero) + :one, "
                                            "l = list_append(if_not_exists(l, :empty), :l) "
                                            "REMOVE gone ADD st :ss DELETE st2 :ss",
                        "ConditionExpression": "attribute_not_exists(#never) AND "
                                               "(size(#s) < :big OR attribute_not_exists(#s))",
                        "ExpressionAttributeNames": {"#c": "count", "#never": "never-present",
                                                     "#s": "s"},
                        "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"},
                                                      ":empty": {"L": []},
                                                      ":l": {"L": [{"S": "x"}]},
                                                      ":ss": {"SS": ["q"]}, ":big": {"N": "100"}},
                        "ReturnValues": "UPDATED_NEW", "ReturnConsumedCapacity": "TOTAL",
                        "ReturnItemCollectionMetrics": "SIZE"}),
        ("Query", {"TableName": SCRATCH,
                   "KeyConditionExpression": "#p = :p AND sk BETWEEN :lo AND :hi",
                   "FilterExpression": "attribute_exists(s) OR contains(ss, :t)",
                   "ProjectionExpression": "pk, sk, s", "ExpressionAttributeNames": {"#p": "pk"},
                   "ExpressionAttributeValues": {":p": {"S": "m1"}, ":lo": {"N": "0"},
                                                 ":hi": {"N": "10"}, ":t": {"S": "a"}},
                   "Limit": 10, "ScanIndexForward": False, "ConsistentRead": True,
                   "ExclusiveStartKey": key("m1", "5"), "ReturnConsumedCapacity": "TOTAL"}),
        ("Scan", {"TableName": SCRATCH, "FilterExpression": "attribute_exists(s) AND n > :n",
                  "ProjectionExpression": "pk, sk, n", "Select": "SPECIFIC_ATTRIBUTES",
                  "ExpressionAttributeValues": {":n": {"N": "1"}}, "Limit": 5, "Segment": 0,
                  "TotalSegments": 2, "ConsistentRead": True, "ReturnConsumedCapacity": "TOTAL"}),
        ("BatchWriteItem", {"RequestItems": {SCRATCH: [
            {"PutRequest": {"Item": {**ITEM, "pk": {"S": "m3"}}}},
            {"DeleteRequest": {"Key": key("m4", "4")}}]},
            "ReturnConsumedCapacity": "TOTAL", "ReturnItemCollectionMetrics": "SIZE"}),
        ("TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": SCRATCH, "Item": {**ITEM, "pk": {"S": "m5"}},
                     "ConditionExpression": "attribute_not_exists(#never)",
                     "ExpressionAttributeNames": {"#never": "never-present"}}},
            {"Update": {"TableName": SCRATCH, "Key": key("m6", "6"),
                        "UpdateExpression": "SET v = :v ADD c :one",
                        "ExpressionAttributeValues": {":v": {"S": "w"}, ":one": {"N": "1"}}}},
            {"Delete": {"TableName": SCRATCH, "Key": key("m7", "7")}},
            {"ConditionCheck": {"TableName": SCRATCH, "Key": key("m1", "1"),
                                "ConditionExpression": "attribute_exists(pk)"}}],
            "ReturnConsumedCapacity": "TOTAL", "ReturnItemCollectionMetrics": "SIZE"}),
        # The guarded table exists: at best ResourceInUseException, never a table.
        ("CreateTable", guard_create(
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            GlobalSecondaryIndexes=[{
                "IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["s"]},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}],
            LocalSecondaryIndexes=[{
                "IndexName": "by-g-local",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "g", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            SSESpecification={"Enabled": False}, Tags=[{"Key": "k", "Value": "v"}],
            TableClass="STANDARD", DeletionProtectionEnabled=False)),
    ]


# None of these strings is a valid table name, so no mutation names a table.
REPLACEMENTS = {
    "null": [None],
    "number": [0, -1, 1, 3.5, -0.0, 1e300, 1e-300, 2 ** 63 - 1, -2 ** 63, 2 ** 64 - 1],
    "string": ["", " ", "x", "1", "{}", "\u2603 snow", "\u0000", "A" * 300, "e\u0301\u202e!"],
    "list": [[], [None], [1, "a"], [[]], [{}], [{"S": "x"}]],
    "object": [{}, {"S": "x"}, {"N": "1"}, {"": None}, {"a": {"b": {}}}],
    "bool": [True, False],
}
RENAMES = ["", "\u2603", "A" * 300, "tablename", "Item "]


def json_kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "list", dict: "object"}[type(value)]


def member_paths(value, prefix=()):
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for k, v in items:
        yield prefix + (k,)
        yield from member_paths(v, prefix + (k,))


def mutate(document, path, kind, rng):
    """Applies one mutation in place; returns whether a 200 stays acceptable,
    or None when the path no longer exists."""
    parent = document
    for i, step in enumerate(path):
        container = dict if isinstance(step, str) else list
        if not isinstance(parent, container) or step not in (parent if container is dict
                                                              else range(len(parent))):
            return None
        if i < len(path) - 1:
            parent = parent[step]
    original = parent[path[-1]]
    if kind == "rename":
        if not isinstance(parent, dict):
            return None
        new = rng.choice(RENAMES)
        if new in parent:
            return None
        items = [(new if k == path[-1] else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
        return True
    replacement = copy.deepcopy(rng.choice(REPLACEMENTS[kind]))
    parent[path[-1]] = replacement
    return kind == "null" or json_kind(original) == kind


def mutation_family(rng):
    cases = []
    kinds = list(REPLACEMENTS) + ["rename"]
    for op, base in mutation_bases():
        paths = list(member_paths(base))
        for path in paths:
            for kind in kinds:
                document = copy.deepcopy(base)
                acceptable = mutate(document, path, kind, rng)
                if acceptable is None:
                    continue
                cases.append(Case("mutation", f"{op} {kind} at {path}", request(op, document),
                                  allow_ok=acceptable and op != "CreateTable"))
        for _ in range(len(paths) * 3):
            document, acceptable, applied = copy.deepcopy(base), True, []
            for path in rng.sample(paths, rng.randint(2, 4)):
                kind = rng.choice(kinds)
                result = mutate(document, path, kind, rng)
                if result is not None:
                    acceptable &= result
                    applied.append((kind, path))
            cases.append(Case("mutation", f"{op} {applied}", request(op, document),
                              allow_ok=acceptable and op != "CreateTable"))
    return cases


def string_literal(text):
    return json.dumps(text, ensure_ascii=False)[1:-1].encode()


# Invalid UTF-8, JSON escapes of lone surrogates, and odd but valid text.
UTF8 = [b"\xff", b"\xfe\xff", b"\x80", b"\xbf", b"\xc0\x80", b"\xc0\xaf", b"\xc1\xbf",
        b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf",
        b"\xed\xa0\xbd\xed\xb8\x80", b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82",
        b"\xf0\x9f\x98", b"\xc3", b"a\xffb", b"\\ud800", b"\\udc00", b"\\ud800\\u0041",
        b"\\ud83d\\ude00", b"\\u0000", b"\\uffff", b"\xef\xbb\xbf", b"\xef\xbf\xbf",
        b"\xf0\x9f\x98\x80", b"e\xcc\x81\xe2\x80\xae", b"\\u001f\\u007f"]


def utf8_family(rng):
    cases = []
    for op, template in string_carriers():
        for sequence in UTF8:
            for shape in ("alone", "inside"):
                payload = sequence if shape == "alone" else b"name-" + sequence + b"-tail"
                cases.append(Case("utf8", f"{op} {shape} {sequence!r}", request(
                    op, inject(template, payload))))
    return cases


NUMBER_TEXTS = [
    "1e400", "1E400", "-1e400", "1e-400", "1e126", "1e125", "1E+125",
    "9.9999999999999999999999999999999999999e125",
    "1e-130", "1e-131", "-1e-130", "1" * 38, "1" * 39, "1234567890123456789012345678901234567890",
    "0." + "1" * 40, "1" + "0" * 40, "0." + "0" * 200 + "1", "-0", "-0.0", "+0", "0e999999999",
    "0" * 1000, "9" * 5000, "1e99999999999999999999", "1e-99999999999999999999", "NaN", "nan",
    "-NaN", "Infinity", "-Infinity", "inf", "+1", "1.", ".1", "1e", "e1", "1e+", "--1", "-", "+",
    ".", "", " 1", "1 ", "0x1F", "1_000", "1,5", "\u0661", "\uff11", "1e5.5", "1.2.3", "\u0000",
    "1\u0000",
]
JSON_NUMBERS = [
    b"1e400", b"-1e400", b"1e-400", b"123456789012345678901234567890",
    b"-123456789012345678901234567890", b"18446744073709551616", b"9223372036854775808",
    b"-9223372036854775809", b"9223372036854775807", b"-0", b"-0.0", b"0.5", b"1e2", b"1E+2",
    b"NaN", b"Infinity", b"-Infinity", b"01", b"+1", b".5", b"1.", b"0x10", b"1e", b'"1"',
    b"true", b"null", b"[]", b"{}", b"1" * 400, b"0." + b"0" * 400 + b"1",
]
EXTREMES = ["9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
            "1E-130", "-1E-130", "1" * 38, "0", "-0", "1e125", "0.1"]


def numbers_family(rng):
    cases = []
    for op, template in value_carriers():
        for text in NUMBER_TEXTS:
            literal = string_literal(text)
            cases.append(Case("numbers", f"{op} N {text[:40]!r}",
                              request(op, inject(template, b'{"N":"' + literal + b'"}', raw=True))))
            cases.append(Case("numbers", f"{op} NS {text[:40]!r}",
                              request(op, inject(template, b'{"NS":["1","' + literal + b'"]}', raw=True))))
    key_carriers = [
        ("GetItem", {"TableName": GUARD, "Key": {"pk": {"S": "p1"}, "sk": {"N": MARK},
                                                 "extra": {"S": "x"}}}),
        ("PutItem", {"TableName": GUARD, "Item": {"pk": {"S": "p1"}, "sk": {"N": MARK}}, **NEVER}),
        ("Query", {**unused({"S": "x"}), "KeyConditionExpression": "pk = :p AND sk > :n",
                   "ExpressionAttributeValues": {":p": {"S": "p1"}, ":n": {"N": MARK},
                                                 ":unused": {"S": "x"}}}),
    ]
    for op, template in key_carriers:
        for text in NUMBER_TEXTS:
            cases.append(Case("numbers", f"{op} key {text[:40]!r}",
                              request(op, inject(template, string_literal(text)))))
    for op, template in json_number_carriers():
        for number in JSON_NUMBERS:
            cases.append(Case("numbers", f"{op} JSON {number[:40]!r}",
                              request(op, inject(template, number, raw=True))))
    # Arithmetic at the edges of the range, on the scratch table: a valid
    # request may succeed, an overflow must be a ValidationException.
    for a in EXTREMES:
        for b in EXTREMES:
            for expression in ("SET x = :a + :b", "SET x = :a - :b"):
                cases.append(Case("numbers", f"{expression} {a} {b}", request("UpdateItem", {
                    "TableName": SCRATCH, "Key": {"pk": {"S": "m8"}, "sk": {"N": "8"}},
                    "UpdateExpression": expression,
                    "ExpressionAttributeValues": {":a": {"N": a}, ":b": {"N": b}}}), allow_ok=True))
        cases.append(Case("numbers", f"ADD {a}", request("UpdateItem", {
            "TableName": SCRATCH, "Key": {"pk": {"S": "m8"}, "sk": {"N": "9"}},
            "UpdateExpression": "ADD x :a", "ExpressionAttributeValues": {":a": {"N": a}}}),
            allow_ok=True))
    return cases


def limits_family(rng):
    """Strings and counts just under and over DynamoDB's limits."""
    cases = []

    def add(name, op, body):
        cases.append(Case("limits", name, request(op, body)))

    item_limit = 400 * 1024
    for delta in (-40, -12, -1, 0, 1, 100):
        # pk, sk and "big" names plus "p1", "1": the value makes up the rest.
        size = item_limit - len("pkp1skbig") - 2 + delta
        big = {"S": "x" * size}
        add(f"PutItem item {delta:+d}", "PutItem", {"TableName": GUARD, "Item": {**P1, "big": big}, **NEVER})
        add(f"UpdateItem item {delta:+d}", "UpdateItem", {
            "TableName": GUARD, "Key": P1, "UpdateExpression": "SET big = :v",
            "ExpressionAttributeValues": {":v": big}, **NEVER})
        add(f"TransactWriteItems item {delta:+d}", "TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": GUARD, "Item": {**P1, "big": big}, **NEVER}}]})
        add(f"BatchWriteItem item {delta:+d}", "BatchWriteItem", {"RequestItems": {GUARD: [
            {"PutRequest": {"Item": {"pk": {"S": "p1"}, "big": big}}}]}})
    for text in ("k" * 2048, "k" * 2049, "\u2603" * 682, "\u2603" * 683, "k" * 100000):
        add(f"GetItem pk {len(text.encode())} bytes", "GetItem",
            {"TableName": GUARD, "Key": {"pk": {"S": text}, "sk": {"N": "1"}, "extra": {"S": "x"}}})
        add(f"PutItem pk {len(text.encode())} bytes", "PutItem",
            {"TableName": GUARD, "Item": {"pk": {"S": text}, "sk": {"N": "1"}}, **NEVER})
    for blob in ("A" * 400000, "A" * 560000, "@@@@", "A", "A===", "A" * 5 + "=", "\u2603AAA"):
        add(f"PutItem B {len(blob)}", "PutItem",
            {"TableName": GUARD, "Item": {**P1, "b": {"B": blob}}, **NEVER})
    for n in (2, 3, 255, 256, 1024, 100000):
        add(f"DescribeTable name {n}", "DescribeTable", {"TableName": "t" * n})
        add(f"Scan name {n}", "Scan", {"TableName": "t" * n, "Segment": 5, "TotalSegments": 2})
    for n in (255, 256, 65535, 65536, 300000):
        add(f"PutItem attribute name {n}", "PutItem",
            {"TableName": GUARD, "Item": {**P1, "a" * n: {"S": "v"}}, **NEVER})
        add(f"CreateTable key name {n}", "CreateTable", guard_create(
            KeySchema=[{"AttributeName": "a" * n, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "a" * n, "AttributeType": "S"}]))
    prefix = "attribute_exists(#never) AND attribute_exists("
    for n in (4096, 4097, 100000):
        add(f"ConditionExpression {n}", "PutItem", {
            "TableName": GUARD, "Item": P1, **NEVER,
            "ConditionExpression": prefix + "a" * (n - len(prefix) - 1) + ")"})
    add("10000 unused names", "Query", {**unused({"S": "x"}),
                                        "ExpressionAttributeNames": {f"#n{i}": "a" for i in range(10000)}})
    add("10000 unused values", "Query", unused({"S": "x"}) | {"ExpressionAttributeValues": {
        ":p": {"S": "p1"}, **{f":v{i}": {"S": "x"} for i in range(10000)}}})
    add("20000 attributes", "PutItem", {"TableName": GUARD, "Item": {
        **P1, **{f"a{i}": {"S": "x"} for i in range(20000)}}, **NEVER})
    add("50000-member SS", "PutItem", {"TableName": GUARD, "Item": {
        **P1, "ss": {"SS": [f"member-{i}" for i in range(50000)]}}, **NEVER})
    add("10000 duplicates in an SS", "PutItem", {"TableName": GUARD, "Item": {
        **P1, "ss": {"SS": ["same"] * 10000}}, **NEVER})
    for n in (25, 26, 1000):
        add(f"BatchWriteItem {n}", "BatchWriteItem", {"RequestItems": {GUARD: [
            {"PutRequest": {"Item": {"pk": {"S": f"b{i}"}}}} for i in range(n)]}})
    for n in (100, 101, 1000):
        add(f"TransactWriteItems {n}", "TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": GUARD, "Item": {"pk": {"S": f"t{i}"}, "sk": {"N": "1"}}, **NEVER}}
            for i in range(n)]})
        add(f"BatchGetItem {n}", "BatchGetItem", {"RequestItems": {GUARD: {"Keys": [
            {"pk": {"S": f"g{i}"}, "sk": {"N": "1"}, "extra": {"S": "x"}} for i in range(n)]}}})
    for n in (50, 51):
        add(f"CreateTable {n} tags", "CreateTable", guard_create(
            Tags=[{"Key": f"k{i}", "Value": "v" * 256} for i in range(n)]))
    for n in (20, 21):
        add(f"CreateTable {n} GSIs", "CreateTable", guard_create(
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            GlobalSecondaryIndexes=[{"IndexName": f"gsi-{i}",
                                     "KeySchema": [{"AttributeName": "sk", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}} for i in range(n)]))
    for n in (100, 101, 300):
        values = {f":v{i}": {"S": str(i)} for i in range(n)}
        add(f"IN with {n} operands", "Query", {
            **unused({"S": "x"}), "FilterExpression": "s IN (" + ", ".join(values) + ")",
            "ExpressionAttributeValues": {":p": {"S": "p1"}, ":unused": {"S": "x"}, **values}})
    add("1 MB unknown member", "DescribeTable", {"TableName": MISSING, "Junk": "x" * 1000000})
    add("a million-character expression name", "Query", {
        **unused({"S": "x"}), "ExpressionAttributeNames": {"#" + "n" * 1000000: "a"}})
    return cases


def nested(kind, depth, leaf=b'{"S":"leaf"}'):
    opens, closes = [], []
    for level in range(depth):
        k = kind if kind != "alt" else "ML"[level % 2]
        opens.append(b'{"M":{"a":' if k == "M" else b'{"L":[')
        closes.append(b"}}" if k == "M" else b"]}")
    return b"".join(opens) + leaf + b"".join(reversed(closes))


def nesting_family(rng):
    cases = []
    depths = [1, 2, 16, 31, 32, 33, 34, 64, 100, 1000, 1023, 1024, 1025, 5000]
    carriers = value_carriers()
    for op, template in carriers:
        for kind in ("M", "L", "alt"):
            for depth in depths:
                cases.append(Case("nesting", f"{op} {kind} depth {depth}",
                                  request(op, inject(template, nested(kind, depth), raw=True))))
    for op, template in carriers[:3]:
        cases.append(Case("nesting", f"{op} M depth 100000",
                          request(op, inject(template, nested("M", 100000), raw=True))))
    # Maps with many members at depth 31/32/33, and a list of sets at the bottom.
    for depth in (31, 32, 33):
        wide = nested("M", depth, b'{"M":{' + b",".join(b'"k%d":{"SS":["a","b"]}' % i
                                                     for i in range(50)) + b"}}")
        cases.append(Case("nesting", f"wide map at depth {depth}",
                          request("PutItem", inject(carriers[0][1], wide, raw=True))))
    # Deep document paths and deep expressions, inside carriers that fail.
    get_extra = {"TableName": GUARD, "Key": {**P1, "extra": {"S": "x"}}, "ProjectionExpression": MARK}
    for n in (31, 32, 33, 100, 1000):
        for path in ("a" + ".b" * n, "a" + "[0]" * n, "a" + ".b[1]" * (n // 2)):
            cases.append(Case("nesting", f"projection {path[:20]}... ({n})",
                              request("GetItem", inject(get_extra, path[:4000].encode()))))
            cases.append(Case("nesting", f"update path {path[:20]}... ({n})", request("UpdateItem", {
                "TableName": GUARD, "Key": P1, "UpdateExpression": "SET " + path[:4000] + " = :v",
                "ExpressionAttributeValues": {":v": {"S": "x"}}, **NEVER})))
    for n in (1, 10, 100, 500, 1000, 2000):
        for expression in ("(" * n + "attribute_exists(#never)" + ")" * n,
                           "attribute_exists(#never) AND (" + "NOT " * n + "a = :v)",
                           "attribute_exists(#never) AND " + "(" * n + "a" + ")" * n + " = :v",
                           "attribute_exists(#never) AND " + "(" * n + "a = :v",
                           "attribute_exists(#never) AND " + "(a = :v OR " * n + "a = :v" + ")" * n,
                           "attribute_exists(#never) AND size(" + "(" * n + "a" + ")" * n + ") = :v"):
            cases.append(Case("nesting", f"condition {expression[:30]}... ({n})", request("PutItem", {
                "TableName": GUARD, "Item": P1, **NEVER, "ConditionExpression": expression[:4096],
                "ExpressionAttributeValues": {":v": {"S": "x"}}})))
    for depth in (100, 2000):
        cases.append(Case("nesting", f"Tags nested {depth}", request("CreateTable", encode(
            guard_create()).replace(b'"BillingMode"', b'"Tags":' + b"[" * depth + b"]" * depth +
                                    b',"BillingMode"'))))
        cases.append(Case("nesting", f"names nested {depth}", request("Query", inject(
            {**unused({"S": "x"}), "ExpressionAttributeNames": MARK},
            b'{"#a":' * depth + b'"a"' + b"}" * depth, raw=True))))
    return cases


def header_family(rng):
    """Fresh-connection cases: headers, framing, encodings, methods."""
    cases = []
    bodies = [
        ("DescribeTable", {"TableName": MISSING}),
        ("GetItem", {"TableName": GUARD, "Key": {**P1, "extra": {"S": "x"}}}),
        ("PutItem", {"TableName": GUARD, "Item": P1, **NEVER}),
        ("Query", unused({"S": "x"})),
        ("ListTables", {"Limit": 0}),
    ]

    def add(name, data, answers=(1, 1), **options):
        cases.append(Case("headers", name, data, answers=answers, **options))

    garbage_auth = []
    for op, document in bodies:
        body = encode(document)
        add(f"{op} no target", request(None, body))
        for target in (b"", b"DynamoDB_20120810", b"DynamoDB_20120810.", b"DynamoDB_20120810.Frobnicate",
                       b"dynamodb_20120810." + op.lower().encode(), b"DYNAMODB_20120810." + op.encode(),
                       b"DynamoDB_20111205." + op.encode(), b"DynamoDBStreams_20120810." + op.encode(),
                       b"DynamoDB_20120810." + op.encode() + b"X", b"X" * 8000,
                       b"DynamoDB_20120810.\xe2\x98\x83", b"DynamoDB_20120810.\xff\xfe",
                       b"DynamoDB_20120810." + op.encode() + b";DynamoDB_20120810.Frobnicate",
                       b"DynamoDB_20120810..." + op.encode()):
            add(f"{op} target {target[:40]!r}", request(target, body))
        add(f"{op} target with a DEL byte", request(b"DynamoDB_20120810." + op.encode() + b"\x7f", body),
            answers=(0, 1))
        add(f"{op} two targets", request(op, body, add=[(b"X-Amz-Target", b"DynamoDB_20120810.Frobnicate")]))
        add(f"{op} no Authorization", request(op, body, drop=(b"Authorization",)))
        for value in (b"", b" ", b"AWS4-HMAC-SHA256", b"Credential=", b"Credential=/", b"Credential=//////",
                      b"Credential=a/b/c/d/e",
                      b"Credential=../../../../etc/passwd/20260101/us-east-1/dynamodb",
                      b"Credential=x/20260101/../../../dynamodb/aws4_request",
                      b"Credential=x/20260101/us-east-1\xff/dynamodb/aws4_request",
                      b"Credential=\xe2\x98\x83/20260101/us-east-1/dynamodb/aws4_request",
                      b"Credential=" + b"k" * 60000 + b"/20260101/us-east-1/dynamodb/aws4_request",
                      b"Basic dXNlcjpwYXNz", b"Bearer x", AUTH * 200):
            garbage_auth.append(value)
            add(f"{op} Authorization {value[:40]!r}",
                request(op, body, drop=(b"Authorization",), add=[(b"Authorization", value)]))
        for value in (b"", b"text/plain", b"application/json", b"application/x-amz-json-1.1",
                      b"application/cbor", b"multipart/form-data; boundary=x", b"\xff\xfe", b"a" * 5000,
                      b"application/x-amz-json-1.0; charset=utf-16"):
            add(f"{op} Content-Type {value[:40]!r}",
                request(op, body, drop=(b"Content-Type",), add=[(b"Content-Type", value)]))
        add(f"{op} no Content-Type", request(op, body, drop=(b"Content-Type",)))
        # Content-Length: shorter (the prefix is answered, the rest is not
        # HTTP), longer (the body never ends), garbage, absent, doubled.
        for cut in sorted(set([0, 1, len(body) - 1] + rng.sample(range(len(body)), 4))):
            add(f"{op} Content-Length {cut} of {len(body)}", request(op, body, length=cut))
        for extra in (1, 2, 100, 10000):
            add(f"{op} Content-Length +{extra}", request(op, body, length=len(body) + extra), answers=(0, 0))
        for value in (b"abc", b"-1", b"1e3", b"0x10", b" ", b"", b"99999999999999999999999", b"+5",
                      b"5 5", b"5,5", b"%d, %d" % (len(body), len(body))):
            add(f"{op} Content-Length {value!r}", request(op, body, length=value), answers=(0, 1))
        add(f"{op} no Content-Length", request(op, body, length=False))
        add(f"{op} two equal Content-Lengths",
            request(op, body, add=[(b"Content-Length", b"%d" % len(body))]), answers=(0, 1))
        add(f"{op} two different Content-Lengths",
            request(op, body, add=[(b"Content-Length", b"%d" % (len(body) - 3))]), answers=(0, 1))
        # Chunked bodies, valid and not.
        for _ in range(4):
            cuts = sorted(rng.sample(range(1, len(body)), 3))
            pieces = [body[a:b] for a, b in zip([0] + cuts, cuts + [len(body)])]
            style = rng.choice(["plain", "upper", "zeros", "extension", "trailer"])
            chunked = b""
            for piece in pieces:
                size = {"plain": b"%x" % len(piece), "upper": b"%X" % len(piece),
                        "zeros": b"%08x" % len(piece), "extension": b"%x;name=value" % len(piece),
                        "trailer": b"%x" % len(piece)}[style]
                chunked += size + b"\r\n" + piece + b"\r\n"
            chunked += b"0\r\nX-Trailer: t\r\n\r\n" if style == "trailer" else b"0\r\n\r\n"
            add(f"{op} chunked {style}",
                request(op, chunked, length=False, add=[(b"Transfer-Encoding", b"chunked")]))
        broken_chunks = [b"zz\r\n" + body + b"\r\n0\r\n\r\n",
                         b"-5\r\n" + body + b"\r\n0\r\n\r\n",
                         b"%x\r\n" % (len(body) + 50) + body + b"\r\n0\r\n\r\n",
                         b"%x\r\n" % len(body) + body + b"0\r\n\r\n",
                         b"%x\r\n" % len(body) + body + b"\r\n",
                         b"%x\n" % len(body) + body + b"\n0\n\n",
                         b"1" * 40 + b"\r\n" + body + b"\r\n0\r\n\r\n"]
        for i, chunked in enumerate(broken_chunks):
            add(f"{op} broken chunked #{i}",
                request(op, chunked, length=False, add=[(b"Transfer-Encoding", b"chunked")]),
                answers=(0, 1), allow_413=True)
        add(f"{op} chunk size over 16 MB", request(op, b"ffffffffffffffff\r\n" + body + b"\r\n0\r\n\r\n",
                                                   length=False, add=[(b"Transfer-Encoding", b"chunked")]),
            answers=(1, 1), allow_413=True)
        for te in (b"gzip, chunked", b"identity", b"chunked, chunked", b"Chunked", b"chunked;q=1", b"x"):
            add(f"{op} Transfer-Encoding {te!r}", request(
                op, b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n", length=False,
                add=[(b"Transfer-Encoding", te)]), answers=(0, 1), allow_413=True)
        add(f"{op} chunked and Content-Length", request(
            op, b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n",
            add=[(b"Transfer-Encoding", b"chunked")]), answers=(0, 1))
        # Content-Encoding.
        for name, encoding, data in (("gzip", b"gzip", gzip.compress(body)),
                                     ("deflate", b"deflate", zlib.compress(body)),
                                     ("gzip garbage", b"gzip", body),
                                     ("deflate garbage", b"deflate", b"\x78\x9c" + body),
                                     ("gzip cut", b"gzip", gzip.compress(body)[:-9]),
                                     ("gzip bomb", b"gzip", gzip.compress(b" " * (64 << 20), 9)),
                                     ("gzip of garbage", b"gzip", gzip.compress(b"\xff" + body)),
                                     ("br", b"br", body), ("identity", b"identity", body),
                                     ("gzip, gzip", b"gzip, gzip", gzip.compress(gzip.compress(body))),
                                     ("GZIP", b"GZIP", gzip.compress(body))):
            add(f"{op} Content-Encoding {name}",
                request(op, data, add=[(b"Content-Encoding", encoding)]))
        # Methods, versions, request targets.
        for method in (b"PUT", b"DELETE", b"PATCH", b"FOO", b"post", b"CONNECT", b"TRACE"):
            add(f"{op} method {method!r}", request(op, body, method=method), answers=(0, 1))
        add(f"{op} GET", request(op, body, method=b"GET"), allow_health=True)
        add(f"{op} OPTIONS", request(op, body, method=b"OPTIONS"), allow_health=True)
        add(f"{op} HTTP/1.0", request(op, body, version=b"HTTP/1.0"))
        for version in (b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.1x", b"HTTPS/1.1", b"HTTP/9.9", b"", b"http/1.1"):
            add(f"{op} version {version!r}", request(op, body, version=version), answers=(0, 1))
        for path in (b"*", b"http://evil.example/", b"/a/../../b", b"/%00", b"/" + b"a" * 60000,
                     b"/?Action=ListTables", b"/\xff"):
            add(f"{op} target {path[:30]!r}", request(op, body, path=path), answers=(0, 1))
        add(f"{op} presigned credential", request(
            op, body, drop=(b"Authorization",),
            path=b"/?X-Amz-Credential=x%2F20260101%2Fus-east-1%2Fdynamodb%2Faws4_request"))
        # Header syntax.
        plain = request(op, body)
        start = plain.index(b"\r\n") + 2
        for name, bad_line in (("no colon", b"Garbage line"), ("space before colon", b"X-A : b"),
                               ("obs-fold", b"X-A: b\r\n c"), ("NUL", b"X-A: a\x00b"),
                               ("bad name", b"X Y: z"), ("empty name", b": x"),
                               ("control", b"X-A: \x01\x02")):
            add(f"{op} header {name}", plain[:start] + bad_line + b"\r\n" + plain[start:], answers=(0, 1))
        add(f"{op} bare LF", plain.replace(b"\r\n", b"\n"), answers=(0, 1))
        add(f"{op} leading CRLF", b"\r\n\r\n" + plain, answers=(0, 1))
        add(f"{op} 1000 headers", request(op, body, add=[(b"X-H%d" % i, b"v") for i in range(1000)]))
        add(f"{op} header block over 64 KB", request(op, body, add=[(b"X-Big", b"b" * 70000)]),
            answers=(0, 0))
        for name, extra in (("Expect", [(b"Expect", b"100-continue")]),
                            ("Connection close", [(b"Connection", b"close")]),
                            ("websocket", [(b"Connection", b"Upgrade"), (b"Upgrade", b"websocket")]),
                            ("h2c", [(b"Connection", b"Upgrade, HTTP2-Settings"), (b"Upgrade", b"h2c"),
                                     (b"HTTP2-Settings", b"AAMAAABkAAQAAP__")])):
            add(f"{op} {name}", request(op, body, add=extra))
    # Not HTTP at all.
    tls_hello = bytes.fromhex("16030100a5010000a10303") + bytes(range(32)) + b"\x00\x00\x02\x13\x01\x01\x00"
    add("TLS ClientHello", tls_hello, answers=(0, 1))
    add("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00" * 9, answers=(0, 1))
    add("nothing", b"", answers=(0, 0))
    for i in range(20):
        add(f"random bytes #{i}", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4000))),
            answers=(0, 1))
    return cases, garbage_auth


def truncated_family(rng, sources):
    """Bodies (and headers) cut short, then the connection closed: half-way
    (the server must close without an answer, not wait) or with a reset."""
    cases = []
    for i in range(260):
        op, body = rng.choice(sources)
        full = request(op, body)
        head = len(full) - len(body)
        where = rng.choice(["body", "body", "body", "header", "chunk"])
        if where == "body":
            data = full[:head + rng.randrange(0, len(body))]
        elif where == "header":
            data = full[:rng.randrange(1, head - 1)]
        else:
            chunked = request(op, b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n", length=False,
                              add=[(b"Transfer-Encoding", b"chunked")])
            data = chunked[:rng.randrange(len(chunked) - len(body) - 10, len(chunked) - 1)]
        finish = "reset" if i % 5 == 4 else "half"
        cases.append(Case("truncated", f"{op} {where} cut to {len(data)} of {len(full)} ({finish})",
                          data, answers=(0, 0), finish=finish))
    return cases


# --------------------------------------------------------------------------
# Runners

def run_keepalive(port, cases, tally, threads=THREADS):
    def shard(my_cases):
        conn = None
        for case in my_cases:
            if conn is None:
                conn = Conn(port)
            tally.count(case)
            try:
                conn.send(case.data)
                response = conn.read_response()
            except (Closed, Hang, AssertionError) as e:
                tally.problem(case, f"no answer on a keep-alive connection: {e}")
                conn.close()
                conn = None
                continue
            tally.answer(case, response)
            if response.headers.get("connection") == "close":
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(shard, [cases[i::threads] for i in range(threads)]))


def run_fresh(port, case, tally):
    """One case on its own connection: send, close our side, read every
    answer until the server closes (or, for a reset, just go)."""
    conn = Conn(port)
    try:
        try:
            conn.send(case.data)
        except Closed:
            pass  # the server gave up on us first (e.g. a header block over the limit)
        if case.finish == "reset":
            tally.count(case, answered=False)
            conn.reset()
            return
        conn.half_close()
        try:
            answers = conn.read_until_closed()
        except (Closed, Hang, AssertionError) as e:
            tally.count(case)
            tally.problem(case, str(e))
            return
        tally.count(case, answered=bool(answers))
        for response in answers:
            tally.answer(case, response)
        low, high = case.answers
        if not low <= len(answers) <= high:
            tally.problem(case, f"{len(answers)} answers, expected {low} to {high}: "
                                f"{[label(r) for r in answers]}")
    finally:
        conn.close()


def run_pipelined(port, batch, tail, tally):
    conn = Conn(port)
    try:
        conn.send(b"".join(case.data for case in batch) + tail)
        conn.half_close()
        for case in batch:
            tally.count(case)
            try:
                tally.answer(case, conn.read_response())
            except (Closed, Hang, AssertionError) as e:
                tally.problem(case, f"pipelined request not answered: {e}")
                return
        try:
            extra = conn.read_until_closed()
        except (Closed, Hang, AssertionError) as e:
            tally.problem(batch[-1], f"after the batch: {e}")
            return
        if extra:
            tally.problem(batch[-1], f"{len(extra)} answers more than requests")
    finally:
        conn.close()


def run_slow(port, case, pause, tally, window):
    conn = Conn(port, timeout=60)
    try:
        started = time.monotonic()
        for i in range(len(case.data)):
            conn.send(case.data[i:i + 1])
            time.sleep(pause)
        tally.count(case)
        try:
            tally.answer(case, conn.read_response())
        except (Closed, Hang, AssertionError) as e:
            tally.problem(case, f"slow client not answered: {e}")
        window.append((started, time.monotonic()))
    finally:
        conn.close()


def run_stalled(port, case, done, tally):
    """Sends half of a request's header, waits for the whole load to finish,
    then sends the rest: the server must still answer it."""
    conn = Conn(port, timeout=TIME_LIMIT + 30)
    try:
        half = case.data.index(b"\r\n") + 10
        conn.send(case.data[:half])
        done.wait(TIME_LIMIT + 30)
        conn.send(case.data[half:])
        tally.count(case)
        try:
            tally.answer(case, conn.read_response())
        except (Closed, Hang, AssertionError) as e:
            tally.problem(case, f"stalled client not answered: {e}")
    finally:
        conn.close()


def oversize_cases():
    head = lambda extra: (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + JSON_TYPE +
                          b"\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\nAuthorization: " + AUTH +
                          b"\r\n" + extra + b"\r\n")
    at_limit_prefix = encode({"TableName": GUARD, "Item": {**P1, "big": {"S": MARK}}, **NEVER})
    fill = MAX_BODY - len(at_limit_prefix) + len(MARK)
    at_limit = at_limit_prefix.replace(MARK.encode(), b"x" * fill)
    assert len(at_limit) == MAX_BODY
    inflates_over = gzip.compress(b'{"TableName":"' + b" " * MAX_BODY + b'"}', 9)
    cases = [
        ("Content-Length over 16 MB, no body", head(b"Content-Length: %d\r\n" % (MAX_BODY + 1)), (1, 1)),
        ("Content-Length over 16 MB, body sent",
         head(b"Content-Length: %d\r\n" % (MAX_BODY + 1)) + b" " * (MAX_BODY + 1), (1, 1)),
        ("Content-Length 2^63-1", head(b"Content-Length: 9223372036854775807\r\n"), (0, 1)),
        ("Content-Length 2^64", head(b"Content-Length: 18446744073709551616\r\n"), (0, 1)),
        ("17 MB in 1 MB chunks", head(b"Transfer-Encoding: chunked\r\n") +
         (b"100000\r\n" + b" " * 0x100000 + b"\r\n") * 17 + b"0\r\n\r\n", (1, 1)),
        ("a body of exactly 16 MB", head(b"Content-Length: %d\r\n" % len(at_limit)) + at_limit, (1, 1)),
        ("gzip that inflates past 16 MB",
         head(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(inflates_over)) +
         inflates_over, (1, 1)),
    ]
    return [Case("oversize", name, data, answers=answers, allow_413=True) for name, data, answers in cases]


# --------------------------------------------------------------------------
# Setup and the final comparison

def call(port, op, document, auth=AUTH):
    conn = Conn(port)
    try:
        headers = request(op, document, drop=(b"Authorization",), add=[(b"Authorization", auth)])
        conn.send(headers)
        response = conn.read_response()
    finally:
        conn.close()
    return response.status, json.loads(response.body)


def snapshot(port):
    """The guarded table as the wire shows it: items, shape and tags."""
    status, scan = call(port, "Scan", {"TableName": GUARD, "ConsistentRead": True})
    assert status == 200, scan
    assert "LastEvaluatedKey" not in scan
    status, described = call(port, "DescribeTable", {"TableName": GUARD})
    assert status == 200, described
    table = described["Table"]
    shape = {k: table.get(k) for k in ("KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes",
                                       "LocalSecondaryIndexes", "StreamSpecification", "TableArn",
                                       "BillingModeSummary", "TableId", "TableStatus")}
    status, tags = call(port, "ListTagsOfResource", {"ResourceArn": table["TableArn"]})
    assert status == 200, tags
    items = sorted(scan["Items"], key=lambda i: json.dumps(i, sort_keys=True))
    return items, shape, tags["Tags"]


@pytest.fixture
def hostile_server(start_server, tmp_path):
    # The stalled clients hold half a header for the whole load, which on a
    # slow machine outlasts the default header timeout (10 s): give them
    # longer than the load may take, so the test does not race the timeout.
    server = start_server("--header-timeout", str(TIME_LIMIT * 2 + 60), data_dir=str(tmp_path))
    for name in (GUARD, SCRATCH):
        status, body = call(server.port, "CreateTable", guard_create(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=[{"Key": "purpose", "Value": "hostile"}]))
        assert status == 200, body
    for item in GUARD_ITEMS:
        assert call(server.port, "PutItem", {"TableName": GUARD, "Item": item})[0] == 200
    assert call(server.port, "PutItem", {"TableName": SCRATCH, "Item": ITEM})[0] == 200
    return server


def print_summary(tally, elapsed, phases):
    print()
    print(f"hostile input: {sum(tally.sent.values())} requests in {elapsed:.1f} s "
          f"({', '.join(f'{k} {v:.1f} s' for k, v in phases.items())})")
    print(f"{'family':<10} {'sent':>6} {'answered':>9} {'no answer':>10}  answers")
    for family in sorted(tally.sent):
        labels = ", ".join(f"{k}: {v}" for k, v in tally.labels[family].most_common())
        print(f"{family:<10} {tally.sent[family]:>6} {tally.answered[family]:>9} "
              f"{tally.unanswered[family]:>10}  {labels}")
    statuses = collections.Counter()
    for counter in tally.labels.values():
        for k, v in counter.items():
            statuses[k.split()[0]] += v
    print("by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for bug, count in sorted(tally.known.items()):
        print(f"known bug (xfail test below): {bug}: {count}")


def test_hostile_and_malformed_input(hostile_server):
    server = hostile_server
    port = server.port
    before = snapshot(port)
    assert len(before[0]) == len(GUARD_ITEMS)
    rng = random.Random(SEED)

    # The carriers really fail with a harmless value, and the mutation bases
    # really succeed: otherwise the families below would prove little.
    for op, template in string_carriers():
        status, body = call(port, op, inject(template, b"benign"))
        assert status == 400, (op, template, body)
    for op, template in value_carriers():
        status, body = call(port, op, inject(template, b'{"S":"benign"}', raw=True))
        assert status == 400, (op, template, body)
    for op, template in json_number_carriers():
        status, body = call(port, op, inject(template, b"5", raw=True))
        assert status == 400, (op, template, body)
    for op, base in mutation_bases():
        status, body = call(port, op, base)
        if op == "CreateTable":
            assert body["__type"].endswith("#ResourceInUseException"), body
        else:
            assert status == 200, (op, body)

    generated = time.monotonic()
    tally = Tally()

    def sendable(cases):
        kept = []
        for case in cases:
            bug = known_bug(case.data)
            if bug:
                tally.held_back(case, bug)
            else:
                kept.append(case)
        return kept

    keepalive = sendable(json_family(rng) + mutation_family(rng) + utf8_family(rng) +
                         numbers_family(rng) + limits_family(rng) + nesting_family(rng))
    headers, garbage_auth = header_family(rng)
    sources = [(op, encode(t)) for op, t in mutation_bases()]
    sources += [(op, inject(t, b"benign")) for op, t in string_carriers()]
    fresh = sendable(headers + truncated_family(rng, sources))
    small = [case for case in keepalive if len(case.data) < 8192]
    batches = []
    for i in range(70):
        batch = [Case("pipelined", c.name, c.data, allow_ok=c.allow_ok)
                 for c in rng.sample(small, rng.randint(5, 30))]
        tail = b"\x16\x03\x01garbage\r\n\r\n" if i % 4 == 3 else b""
        batches.append((batch, tail))
    tiny = request("DescribeTable", {"TableName": MISSING})
    batches.append(([Case("pipelined", f"tiny #{i}", tiny) for i in range(300)], b""))
    rng.shuffle(keepalive)
    pauses = (0.002, 0.004, 0.006, 0.008)
    slow = [Case("slow", f"byte by byte, {pause * 1000:.0f} ms", request(op, inject(t, b"benign")))
            for (op, t), pause in zip(string_carriers(), pauses)]
    stalled = [Case("slow", f"stalled #{i}", request("DescribeTable", {"TableName": MISSING}))
               for i in range(2)]
    print(f"\ngenerated {len(keepalive)} keep-alive, {len(fresh)} fresh-connection and "
          f"{sum(len(b) for b, _ in batches)} pipelined requests in {time.monotonic() - generated:.1f} s")

    done = threading.Event()
    window = []
    phases = {}
    started = time.monotonic()
    with ThreadPoolExecutor(4 + len(slow) + len(stalled)) as side:
        waiting = [side.submit(run_stalled, port, case, done, tally) for case in stalled]
        slow_runs = [side.submit(run_slow, port, case, pause, tally, window)
                     for case, pause in zip(slow, pauses)]
        fresh_runs = [side.submit(lambda part: [run_fresh(port, case, tally) for case in part],
                                  fresh[i::2]) for i in range(2)]
        pipelined_run = side.submit(lambda: [run_pipelined(port, b, t, tally) for b, t in batches])
        run_keepalive(port, keepalive, tally)
        phases["keep-alive"] = time.monotonic() - started
        for future in slow_runs + fresh_runs + [pipelined_run]:
            future.result(timeout=TIME_LIMIT * 2)
        phases["all"] = time.monotonic() - started
        done.set()
        for future in waiting:
            future.result(timeout=60)
    oversize_started = time.monotonic()
    for case in oversize_cases():
        run_fresh(port, case, tally)
    phases["oversize"] = time.monotonic() - oversize_started
    elapsed = time.monotonic() - started
    print_summary(tally, elapsed, phases)

    problems = tally.problems
    for family, name, problem, data in problems[:25]:
        print(f"PROBLEM [{family}] {name}: {problem}\n    request: {data!r}")
    assert not problems, f"{len(problems)} bad answers (first: {problems[0][:3]})"
    assert sum(tally.sent.values()) >= 10000
    assert elapsed < TIME_LIMIT, f"the load took {elapsed:.1f} s"

    # The slow clients overlapped the load, and it went on meanwhile.
    assert len(window) == len(slow)
    first, last = min(w[0] for w in window), max(w[1] for w in window)
    during = sum(1 for t in tally.answer_times if first <= t <= last)
    print(f"answers while slow clients were sending ({last - first:.1f} s): {during}")
    assert during > 100

    # Alive, answering, and nothing changed.
    assert server.process is None or server.process.poll() is None, "the server died"
    assert snapshot(port) == before
    status, listed = call(port, "ListTables", {})
    assert status == 200 and listed["TableNames"] == [GUARD, SCRATCH], listed
    for value in sorted(set(garbage_auth)):
        if not value.strip():
            continue
        status, body = call(port, "ListTables", {}, auth=value)
        assert status == 200 and body["TableNames"] in ([], [GUARD, SCRATCH]), (value[:60], body)


# --------------------------------------------------------------------------
# Minimal reproductions of what the load found

HEAD_THEN_POST = (b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"X-Amz-Target: DynamoDB_20120810.DescribeTable\r\n"
                  b"Authorization: " + AUTH + b"\r\n"
                  b"Content-Length: 28\r\n\r\n"
                  b'{"TableName":"hostile-none"}')


@pytest.mark.skipif(bool(EXTERNAL), reason="a regression test of dynarock")
def test_head_answer_has_no_body_and_keeps_the_connection_in_step(server):
    # Once a 400 with a JSON body, which RFC 9112 forbids for HEAD: a keep-alive
    # client read those bytes as the start of the next answer.
    conn = Conn(server.port, timeout=5)
    try:
        conn.send(HEAD_THEN_POST)
        status, headers = conn.read_head()  # a HEAD answer ends with its header block
        assert status < 500
        response = conn.read_response()
        assert response.status == 400
        assert json.loads(response.body)["__type"].endswith("#ResourceNotFoundException")
    finally:
        conn.close()


# The exact bytes, Content-Length included, of each request that kills dynarock.
TRANSACT_CRASHES = [
    request(op, body) for op, body in (("TransactWriteItems", b"{}"),
                                       ("TransactWriteItems", b'{"TransactItems":null}'),
                                       ("TransactGetItems", b"{}"),
                                       ("TransactGetItems", b'{"TransactItems":null}'))]


@pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")
@pytest.mark.parametrize("data", TRANSACT_CRASHES, ids=lambda d: (
    d.split(b"DynamoDB_20120810.")[1].split(b"\r")[0] + b" " + d.split(b"\r\n\r\n")[1]).decode())
def test_transact_items_absent_is_a_validation_error_not_a_crash(data):
    # Once a SIGSEGV: a default-constructed simdjson array was iterated.
    assert transact_items_absent(data)
    # Not start_server: its teardown would turn the crash into an error.
    server = Server("-inMemory")
    try:
        conn = Conn(server.port, timeout=5)
        conn.send(data)
        response = conn.read_response()
        conn.close()
        assert response.status == 400
        assert json.loads(response.body)["__type"] == "com.amazon.coral.validate#ValidationException"
        assert server.process.poll() is None
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.mark.skipif(bool(EXTERNAL), reason="a regression test of dynarock")
def test_expression_syntax_error_on_a_non_ascii_character_is_valid_json(server):
    # Once the lexer made a token of each byte, so the message quoted half a
    # character and the answer was not UTF-8 (boto3 raised UnicodeDecodeError).
    name = f"utf8-{os.getpid()}-{time.monotonic_ns()}"
    status, body = call(server.port, "CreateTable", {
        "TableName": name, "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST"})
    assert status == 200, body
    conn = Conn(server.port, timeout=5)
    try:
        # {"TableName":"<name>","FilterExpression":"\u00e9"} as UTF-8
        conn.send(request("Scan", {"TableName": name, "FilterExpression": "\u00e9"}))
        response = conn.read_response()
    finally:
        conn.close()
    assert response.status == 400
    document = json.loads(response.body.decode("utf-8"))
    assert document["__type"] == "com.amazon.coral.validate#ValidationException"
    assert document["message"] == ('Invalid FilterExpression: Syntax error; token: "\u00e9", '
                                   'near: "\u00e9"')
    document = json.loads(response.body.decode("utf-8"))  # UnicodeDecodeError today
    assert document["__type"] == "com.amazon.coral.validate#ValidationException"

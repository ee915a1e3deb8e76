"""HTTPS: `dynarock --tls-cert <pem> --tls-key <pem>`.

Why: SDKs and tools are often configured for https endpoints only, and a
DynamoDB stand-in reached over a network should not carry data in clear.
With both flags dynarock serves HTTPS instead of HTTP on the same port, and
its banner says "listening on https://127.0.0.1:PORT". Covered here, with a
self-signed certificate made by the openssl command line for 127.0.0.1:

* boto3, verifying the certificate, creates a table and puts, gets and
  queries items; several clients at once; the certificate served is the one
  given;
* keep-alive: many requests over one TLS connection;
* plain HTTP and other non-TLS bytes sent to the port get no successful
  answer and do not harm the server, and handshakes left half done do not
  block other clients;
* the idle and header timeouts hold for TLS connections too (an idle TLS
  connection is closed, a slowloris over TLS is cut, and so is a TCP
  connection that never starts or never finishes its handshake);
* refusals at start: one flag without the other, a missing, empty or garbage
  file, a key that is not the certificate's: exit code 2, a message on
  stderr, and no banner.
"""
import json
import random
import select
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time

import boto3
import pytest
from botocore.config import Config

from conftest import BINARY, EXTERNAL, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

AUTH = (b"AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        b"SignedHeaders=host, Signature=0")
JSON_TYPE = b"application/x-amz-json-1.0"
CLOSE_LIMIT = 5.0  # seconds: a connection that must be closed is closed by then
TOO_EARLY = 0.3    # seconds: a 0.5 s timeout must not have fired before this
READ_TIMEOUT = 10  # seconds: an answer that takes longer is a hang
CLOSED_ERRORS = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, ssl.SSLError)


# --------------------------------------------------------------------------
# Certificates

def make_certificate(directory, name):
    cert, key = directory / f"{name}-cert.pem", directory / f"{name}-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-subj", "/CN=127.0.0.1", "-days", "1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """(cert, key, another certificate's key), all PEM files."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command line")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = make_certificate(directory, "server")
    _, other_key = make_certificate(directory, "other")
    return cert, key, other_key


def start_tls(start_server, pki, *flags):
    cert, key, _ = pki
    server = start_server("-inMemory", "--tls-cert", str(cert), "--tls-key", str(key), *flags)
    assert "listening on https://127.0.0.1:" in server.banner, server.banner
    assert server.url == f"https://127.0.0.1:{server.port}", server.url
    return server


def tls_client(server, pki, session=None):
    return (session or boto3).client(
        "dynamodb", endpoint_url=server.url, region_name="us-east-1",
        aws_access_key_id="x", aws_secret_access_key="secret", verify=str(pki[0]),
        config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def tls_context(pki):
    context = ssl.create_default_context(cafile=str(pki[0]))
    # Newer Pythons verify strictly by default; the test certificate is a
    # plain `openssl req -x509` one, which is what users make too.
    context.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)
    return context


def client_hello(pki):
    """The bytes of a real TLS ClientHello for 127.0.0.1."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    handshake = tls_context(pki).wrap_bio(incoming, outgoing, server_hostname="127.0.0.1")
    try:
        handshake.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


# --------------------------------------------------------------------------
# Raw HTTP, over TLS or not

def request_bytes(op="ListTables", body=b"{}"):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + JSON_TYPE +
            b"\r\nX-Amz-Target: DynamoDB_20120810." + op.encode() +
            b"\r\nAuthorization: " + AUTH +
            b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


class Closed(Exception):
    pass


class Conn:
    """One connection read and written by hand; TLS when pki is given."""

    def __init__(self, port, pki=None):
        sock = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if pki is not None:
            sock = tls_context(pki).wrap_socket(sock, server_hostname="127.0.0.1")
        self.sock = sock
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def response(self):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                head = self.buffer[:end].decode("latin-1")
                status_line, *lines = head.split("\r\n")
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    parts = status_line.split(" ", 2)
                    assert parts[0].startswith("HTTP/1.") and parts[1].isdigit(), head[:200]
                    return int(parts[1]), headers, body
            try:
                chunk = self.sock.recv(65536)
            except CLOSED_ERRORS:
                chunk = b""
            except socket.timeout:
                raise AssertionError(f"no answer within {READ_TIMEOUT} s") from None
            if not chunk:
                raise Closed(f"closed by the server; received {self.buffer[:300]!r}")
            self.buffer += chunk

    def call(self, op="ListTables", body=b"{}"):
        self.send(request_bytes(op, body))
        return self.response()

    def read_until_closed(self, limit):
        """(whether the server closed the connection within limit seconds,
        the monotonic time it did, the bytes received)."""
        end = time.monotonic() + limit
        data = self.buffer
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return False, None, data
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False, None, data
            except CLOSED_ERRORS:
                chunk = b""
            if not chunk:
                return True, time.monotonic(), data
            data += chunk

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def assert_alive(server, pki):
    assert server.process.poll() is None, "dynarock died"
    client = tls_client(server, pki)
    assert "TableNames" in client.list_tables()
    client.close()


def run_binary(*flags):
    process = subprocess.Popen([BINARY, "-port", "0", "-inMemory", *map(str, flags)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"dynarock {' '.join(map(str, flags))} did not exit: {out!r} {err!r}")
    return process.returncode, out, err


# --------------------------------------------------------------------------
# Serving HTTPS

def test_boto3_over_https(start_server, pki):
    server = start_tls(start_server, pki)
    client = tls_client(server, pki)
    name = unique_name("tls")
    client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "N"}])
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert name in client.list_tables()["TableNames"]
    for sk in (3, 1, 2):
        client.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": str(sk)},
                                              "v": {"S": "x" * sk * 1000}})
    item = client.get_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "2"}})["Item"]
    assert item == {"pk": {"S": "p"}, "sk": {"N": "2"}, "v": {"S": "x" * 2000}}
    result = client.query(TableName=name, KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": {"S": "p"}})
    assert [i["sk"]["N"] for i in result["Items"]] == ["1", "2", "3"]
    assert result["Items"][2]["v"]["S"] == "x" * 3000
    # A body much larger than one TLS record, both ways.
    big = "y" * 300_000
    client.put_item(TableName=name, Item={"pk": {"S": "big"}, "sk": {"N": "0"}, "v": {"S": big}})
    got = client.get_item(TableName=name, Key={"pk": {"S": "big"}, "sk": {"N": "0"}})
    assert got["Item"]["v"]["S"] == big
    client.close()


def test_the_certificate_served_is_the_one_given(start_server, pki):
    server = start_tls(start_server, pki)
    served = ssl.get_server_certificate(("127.0.0.1", server.port), timeout=READ_TIMEOUT)
    assert ssl.PEM_cert_to_DER_cert(served) == \
        ssl.PEM_cert_to_DER_cert(pki[0].read_text())


def test_keep_alive_over_one_tls_connection(start_server, pki):
    server = start_tls(start_server, pki)
    conn = Conn(server.port, pki)
    name = unique_name("tls-keep")
    try:
        answers = [conn.call("CreateTable", {
            "TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})]
        for number in range(10):
            answers.append(conn.call("PutItem", {"TableName": name, "Item": {
                "pk": {"S": f"k{number}"}, "n": {"N": str(number)}}}))
        for number in range(10):
            status, headers, body = conn.call("GetItem", {"TableName": name,
                                                          "Key": {"pk": {"S": f"k{number}"}}})
            assert json.loads(body)["Item"]["n"] == {"N": str(number)}
            answers.append((status, headers, body))
        answers.append(conn.call("Scan", {"TableName": name, "Select": "COUNT"}))
        assert json.loads(answers[-1][2])["Count"] == 10
        for status, headers, body in answers:
            assert status == 200, body
            assert headers.get("connection", "").lower() != "close"
    except Closed as closed:
        pytest.fail(f"the TLS connection was not kept alive: {closed}")
    finally:
        conn.close()


def test_concurrent_tls_clients(start_server, pki):
    server = start_tls(start_server, pki)
    setup = tls_client(server, pki)
    name = unique_name("tls-many")
    setup.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    failures = []

    def work(number):
        try:
            session = boto3.session.Session()
            for round_number in range(3):  # a fresh client, so fresh handshakes
                client = tls_client(server, pki, session)
                for i in range(8):
                    key = {"pk": {"S": f"w{number}-{round_number}-{i}"}}
                    client.put_item(TableName=name, Item={**key, "w": {"N": str(number)}})
                    got = client.get_item(TableName=name, Key=key)["Item"]
                    assert got["w"] == {"N": str(number)}, got
                client.close()
        except Exception as e:  # reported below
            failures.append(f"worker {number}: {e!r}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    assert setup.scan(TableName=name, Select="COUNT")["Count"] == 6 * 3 * 8
    setup.close()


# --------------------------------------------------------------------------
# What is not TLS

def test_plain_http_and_garbage_get_no_answer_and_do_no_harm(start_server, pki):
    server = start_tls(start_server, pki)
    hello = client_hello(pki)
    payloads = {
        "plain HTTP ListTables": request_bytes(),
        "plain HTTP health check": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "random bytes": random.Random(7).randbytes(4096),
        "a TLS record header and nothing more": b"\x16\x03\x01\x02\x00",
        "half a ClientHello": hello[:len(hello) // 2],
        "a ClientHello, then HTTP in clear": hello + request_bytes(),
        "nothing": b"",
    }
    for label, payload in payloads.items():
        conn = Conn(server.port)
        try:
            if payload:
                conn.send(payload)
            if label in ("half a ClientHello", "nothing"):
                conn.close()  # gone before the handshake is done
                continue
            _, _, data = conn.read_until_closed(3.0)
        finally:
            conn.close()
        assert not data.startswith(b"HTTP/1.1 2") and not data.startswith(b"HTTP/1.0 2"), \
            f"{label}: {data[:300]!r}"
        assert b"TableNames" not in data and b"healthy" not in data, f"{label}: {data[:300]!r}"
        assert_alive(server, pki)
    # A reset in the middle of a handshake.
    conn = Conn(server.port)
    conn.send(hello[:100])
    conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
    assert_alive(server, pki)


def test_stalled_handshakes_do_not_block_other_clients(start_server, pki):
    server = start_tls(start_server, pki)
    hello = client_hello(pki)
    stalled = []
    try:
        for number in range(8):
            conn = Conn(server.port)
            if number % 2:
                conn.send(hello[:len(hello) // 2])  # half a handshake, then silence
            stalled.append(conn)
        started = time.monotonic()
        for _ in range(3):
            client = tls_client(server, pki)  # a new connection and handshake each
            assert "TableNames" in client.list_tables()
            client.close()
        assert time.monotonic() - started < 30
    finally:
        for conn in stalled:
            conn.close()


# --------------------------------------------------------------------------
# Timeouts over TLS

def test_idle_tls_connections_are_closed(start_server, pki):
    server = start_tls(start_server, pki, "--idle-timeout", "0.5")
    conn = Conn(server.port, pki)
    try:
        status, _, body = conn.call()
        assert status == 200, body
        answered = time.monotonic()
        closed, closed_at, data = conn.read_until_closed(CLOSE_LIMIT)
        assert closed, f"an idle TLS connection was still open after {CLOSE_LIMIT} s"
        assert closed_at - answered >= TOO_EARLY, f"closed after {closed_at - answered:.2f} s"
        assert data == b"", data[:300]
    finally:
        conn.close()
    assert_alive(server, pki)


def test_unfinished_handshakes_are_closed(start_server, pki):
    """A TCP connection that never starts its TLS handshake, or stops half-way
    through it, is closed: by the idle or the header timeout, whichever
    dynarock applies to a handshake (both are 0.5 s here)."""
    server = start_tls(start_server, pki, "--idle-timeout", "0.5", "--header-timeout", "0.5")
    hello = client_hello(pki)
    for label, payload in (("silent", b""), ("half a ClientHello", hello[:len(hello) // 2])):
        conn = Conn(server.port)
        opened = time.monotonic()
        try:
            if payload:
                conn.send(payload)
            closed, closed_at, data = conn.read_until_closed(CLOSE_LIMIT)
            assert closed, f"{label}: still open after {CLOSE_LIMIT} s"
            assert closed_at - opened >= TOO_EARLY, \
                f"{label}: closed after {closed_at - opened:.2f} s"
            assert b"HTTP/" not in data, data[:300]
        finally:
            conn.close()
    assert_alive(server, pki)


def test_slowloris_over_tls_is_cut(start_server, pki):
    server = start_tls(start_server, pki, "--header-timeout", "0.5")
    client = tls_client(server, pki)
    assert "TableNames" in client.list_tables()
    conn = Conn(server.port, pki)
    try:
        start = time.monotonic()
        conn.send(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        pattern = b"X-Slow: a\r\n"  # never a blank line: the header never ends
        closed_at, received, sent = None, b"", 0
        while time.monotonic() - start < 8.0:
            readable, _, _ = select.select([conn.sock], [], [], 0.2)
            if readable or conn.sock.pending():
                try:
                    chunk = conn.sock.recv(65536)
                except CLOSED_ERRORS:
                    chunk = b""
                if not chunk:
                    closed_at = time.monotonic()
                    break
                received += chunk
                continue
            try:
                conn.send(pattern[sent % len(pattern):sent % len(pattern) + 1])
                sent += 1
            except CLOSED_ERRORS:
                closed_at = time.monotonic()
                break
            # Others are served meanwhile.
            if sent % 5 == 0:
                assert "TableNames" in client.list_tables()
    finally:
        conn.close()
    assert closed_at is not None, "a slowloris over TLS was never cut off"
    assert TOO_EARLY <= closed_at - start <= CLOSE_LIMIT, f"cut after {closed_at - start:.2f} s"
    assert received == b"", received[:300]
    assert "TableNames" in client.list_tables()
    client.close()


# --------------------------------------------------------------------------
# Refusals at start

def garbage(path, content):
    path.write_bytes(content)
    return path


REFUSALS = {
    "only --tls-cert": lambda pki, tmp: ["--tls-cert", pki[0]],
    "only --tls-key": lambda pki, tmp: ["--tls-key", pki[1]],
    "missing certificate file": lambda pki, tmp: ["--tls-cert", tmp / "absent.pem",
                                                  "--tls-key", pki[1]],
    "missing key file": lambda pki, tmp: ["--tls-cert", pki[0], "--tls-key", tmp / "absent.pem"],
    "garbage key file": lambda pki, tmp: [
        "--tls-cert", pki[0], "--tls-key", garbage(tmp / "key.pem", b"this is not a key\n")],
    "garbage certificate file": lambda pki, tmp: [
        "--tls-cert", garbage(tmp / "cert.pem", random.Random(3).randbytes(1200)),
        "--tls-key", pki[1]],
    "empty certificate file": lambda pki, tmp: [
        "--tls-cert", garbage(tmp / "cert.pem", b""), "--tls-key", pki[1]],
    "truncated key file": lambda pki, tmp: [
        "--tls-cert", pki[0], "--tls-key", garbage(tmp / "key.pem", pki[1].read_bytes()[:200])],
    "certificate and key swapped": lambda pki, tmp: ["--tls-cert", pki[1], "--tls-key", pki[0]],
    "the key of another certificate": lambda pki, tmp: ["--tls-cert", pki[0],
                                                        "--tls-key", pki[2]],
    "a directory as key": lambda pki, tmp: ["--tls-cert", pki[0], "--tls-key", tmp],
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_bad_tls_configuration_is_refused_at_start(pki, tmp_path, case):
    code, out, err = run_binary(*REFUSALS[case](pki, tmp_path))
    assert code == 2, (case, code, out, err)
    assert "listening on" not in out, out
    assert err.strip(), "no message on stderr"

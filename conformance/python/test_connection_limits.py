"""Connection limits and timeouts: --max-connections, --idle-timeout,
--header-timeout, and the loopback-only default bind address.

Why: a DynamoDB endpoint shared by a team or a CI job must not be held by
clients that open connections and never finish (or never start) a request:

* over --max-connections, a further connection gets HTTP 503 with a JSON body
  whose __type ends in #ServiceUnavailableException (an error the SDKs know
  and retry) and Connection: close, and is closed; a slot is free again as
  soon as a connection ends, however it ends (closed, reset, reaped by a
  timeout), so the limit stays exact over many connections;
* a keep-alive connection with no request in progress that sends nothing for
  --idle-timeout seconds is closed (EOF, no answer), and so is a connection
  that never sends a byte; well-behaved keep-alive clients whose requests are
  spaced by less than that keep their connection;
* once a request's first byte has arrived, its header must be complete within
  --header-timeout seconds, else the connection is closed without an answer:
  a slowloris client cannot hold the server, and others are served meanwhile;
  the idle timeout does not cut a request whose header or body is on its way;
* the bare binary listens on 127.0.0.1 only.

Raw sockets are used wherever the test must see exactly what happens on one
connection (an SDK would silently reconnect). Timing bounds are generous,
since CI has 2 cores and may run under AddressSanitizer (about 3x slower): a
connection that must be closed is closed within CLOSE_LIMIT seconds of its
deadline's start, and a 0.5 s timeout never fires before TOO_EARLY seconds.
"""
import json
import select
import socket
import struct
import subprocess
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from conftest import BINARY, EXTERNAL, create_table, unique_name

AUTH = (b"AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        b"SignedHeaders=host, Signature=0")
JSON_TYPE = b"application/x-amz-json-1.0"
CLOSE_LIMIT = 5.0  # seconds: a connection that must be closed is closed by then
TOO_EARLY = 0.3    # seconds: a 0.5 s timeout must not have fired before this
READ_TIMEOUT = 10  # seconds: an answer that takes longer is a hang


# --------------------------------------------------------------------------
# Raw HTTP

def request_bytes(op="ListTables", body=b"{}"):
    """The bytes of one complete DynamoDB request."""
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    target = op if isinstance(op, bytes) else b"DynamoDB_20120810." + op.encode()
    return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + JSON_TYPE +
            b"\r\nX-Amz-Target: " + target + b"\r\nAuthorization: " + AUTH +
            b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def parse_response(data):
    """(status, headers, body, rest) of the first answer in data; None while
    it is incomplete."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = data[:end].decode("latin-1")
    status_line, *lines = head.split("\r\n")
    parts = status_line.split(" ", 2)
    assert len(parts) >= 2 and parts[0].startswith("HTTP/1.") and parts[1].isdigit(), \
        f"not an HTTP answer: {head[:200]!r}"
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if len(data) < end + 4 + length:
        return None
    return int(parts[1]), headers, data[end + 4:end + 4 + length], data[end + 4 + length:]


class Closed(Exception):
    """The server closed the connection before a complete answer."""


class Conn:
    """One client connection, read and written by hand."""

    def __init__(self, port, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=READ_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def response(self):
        """The next answer as (status, headers, body)."""
        while True:
            parsed = parse_response(self.buffer)
            if parsed:
                status, headers, body, self.buffer = parsed
                return status, headers, body
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, ConnectionAbortedError):
                chunk = b""
            except socket.timeout:
                raise AssertionError(f"no answer within {READ_TIMEOUT} s") from None
            if not chunk:
                raise Closed(f"closed by the server; received {self.buffer[:300]!r}")
            self.buffer += chunk

    def call(self, op="ListTables", body=b"{}"):
        self.send(request_bytes(op, body))
        return self.response()

    def wait_closed(self, limit=CLOSE_LIMIT):
        """(monotonic time at which the server's close was seen, or None when
        it was not within limit seconds; bytes received meanwhile)."""
        end = time.monotonic() + limit
        data = self.buffer
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return None, data
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None, data
            except (ConnectionResetError, ConnectionAbortedError):
                chunk = b""
            if not chunk:
                return time.monotonic(), data
            data += chunk

    def reset(self):
        """Closes abruptly: the server gets a TCP reset."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def close_all(conns):
    for conn in conns:
        try:
            conn.close()
        except OSError:
            pass


def served(port, limit=CLOSE_LIMIT):
    """A connection the server serves (ListTables answered 200), kept open.
    While the server has no room (503, or a connection closed or reset on
    us), retries until limit seconds have passed: a slot may be freed a moment
    after the connection that held it was closed."""
    end = time.monotonic() + limit
    last = None
    while time.monotonic() < end:
        conn = Conn(port)
        try:
            status, headers, body = conn.call()
        except (Closed, OSError) as e:
            conn.close()
            last = repr(e)
        else:
            if status == 200:
                return conn
            conn.close()
            last = f"HTTP {status} {body[:300]!r}"
            assert status == 503, last
        time.sleep(0.05)
    pytest.fail(f"no connection was served within {limit} s; last: {last}")


def refused(port):
    """Opens a connection the server has no room for. The server may answer
    at once or after reading a request: this client waits 1 s for an answer
    before it sends one. Returns (status, headers, body) and asserts that the
    server then closed the connection."""
    conn = Conn(port)
    try:
        conn.sock.settimeout(1.0)
        try:
            first = conn.sock.recv(65536)
        except socket.timeout:
            first = None
        except (ConnectionResetError, ConnectionAbortedError):
            first = b""
        conn.sock.settimeout(READ_TIMEOUT)
        if first is None:
            conn.send(request_bytes())
        elif not first:
            pytest.fail("the connection over the limit was closed without an answer")
        else:
            conn.buffer = first
        status, headers, body = conn.response()
        closed_at, extra = conn.wait_closed()
        assert closed_at is not None, "the connection over the limit was not closed after its 503"
        assert extra == b"", f"more after the 503: {extra[:300]!r}"
        return status, headers, body
    finally:
        conn.close()


def assert_refusal(status, headers, body):
    assert status == 503, f"HTTP {status} {body[:300]!r}"
    assert headers.get("connection", "").lower() == "close", headers
    document = json.loads(body)
    assert isinstance(document, dict), body
    assert str(document.get("__type", "")).endswith("#ServiceUnavailableException"), body


def call_until_served(client, limit=CLOSE_LIMIT):
    """ListTables through boto3, retried while the server has no room."""
    end = time.monotonic() + limit
    last = None
    while time.monotonic() < end:
        try:
            return client.list_tables()
        except ClientError as e:
            last = e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 503, e.response
        except BotoCoreError as e:  # a connection closed or reset on us
            last = repr(e)
        time.sleep(0.1)
    pytest.fail(f"boto3 was not served within {limit} s; last: {last}")


def trickle(port, result, limit, *, first_request=False, started=None, interval=0.2):
    """A slowloris client: sends the start of a header at once, then one more
    header byte every interval seconds, never ending the header. Puts into
    result: 'closed_after' (seconds from the first header byte to the
    server's close, None when it did not close within limit seconds),
    'received' (bytes the server sent on the stalled request) and 'error'."""
    conn = None
    try:
        conn = Conn(port)
        if first_request:  # a keep-alive connection whose second request stalls
            status, _, body = conn.call()
            assert status == 200, body
        start = time.monotonic()
        conn.send(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        if started is not None:
            started.release()
        pattern = b"X-Slow: a\r\n"  # never a blank line: the header never ends
        received = b""
        closed_at = None
        sent = 0
        while time.monotonic() - start < limit:
            readable, _, _ = select.select([conn.sock], [], [], interval)
            if readable:
                try:
                    chunk = conn.sock.recv(65536)
                except (ConnectionResetError, ConnectionAbortedError):
                    chunk = b""
                if not chunk:
                    closed_at = time.monotonic()
                    break
                received += chunk
                continue
            try:
                conn.send(pattern[sent % len(pattern):sent % len(pattern) + 1])
                sent += 1
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                closed_at = time.monotonic()
                break
        result["closed_after"] = None if closed_at is None else closed_at - start
        result["received"] = received
    except Exception as e:  # reported by the test
        result["error"] = repr(e)
    finally:
        if started is not None:
            started.release()  # never leave the test waiting
        if conn is not None:
            conn.close()


def run_binary(*flags):
    process = subprocess.Popen([BINARY, "-port", "0", "-inMemory", *flags],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"dynarock {' '.join(flags)} did not exit: {out!r} {err!r}")
    return process.returncode, out, err


# --------------------------------------------------------------------------
# --max-connections

def test_connection_over_the_limit_gets_503_and_is_closed(start_server):
    server = start_server("-inMemory", "--max-connections", "4")
    held = []
    try:
        held += [Conn(server.port) for _ in range(2)]  # silent: never send a byte
        held += [served(server.port) for _ in range(2)]  # keep-alive, one request done
        time.sleep(0.3)  # the silent ones are surely accepted by now
        assert_refusal(*refused(server.port))
        # The connections that hold the slots are served meanwhile.
        for conn in held[2:]:
            status, headers, body = conn.call()
            assert status == 200, body
            assert headers.get("connection", "").lower() != "close"
        assert_refusal(*refused(server.port))
        # Closing one makes room for a new one (boto3, a real client).
        held.pop(0).close()
        client = server.client()
        assert "TableNames" in call_until_served(client)
        name = create_table(client)
        client.put_item(TableName=name, Item={"pk": {"S": "a"}})
        assert client.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"] == {
            "pk": {"S": "a"}}
        # boto3's kept-alive connection holds the freed slot: full again.
        assert_refusal(*refused(server.port))
        client.close()
    finally:
        close_all(held)


def test_boto3_sees_service_unavailable_over_the_limit(start_server):
    """A real client sends its request at once; it must still read the 503
    (not a reset connection) and get a ServiceUnavailableException."""
    server = start_server("-inMemory", "--max-connections", "2")
    held = [served(server.port), served(server.port)]
    try:
        client = boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                              aws_access_key_id="x", aws_secret_access_key="secret",
                              config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        for _ in range(3):
            with pytest.raises(ClientError) as failure:
                client.list_tables()
            error = failure.value.response
            assert error["Error"]["Code"] == "ServiceUnavailableException", error
            assert error["ResponseMetadata"]["HTTPStatusCode"] == 503, error
        held.pop().close()
        assert "TableNames" in call_until_served(client)
        client.close()
    finally:
        close_all(held)


def test_the_limit_stays_exact_over_many_connections(start_server):
    """Rounds of filling every slot, being refused one more, and ending the
    connections in different ways: every round gets exactly n slots."""
    server = start_server("-inMemory", "--max-connections", "3")
    endings = ["close", "reset", "half-close", "close-after-refusals"]
    for round_number in range(8):
        held = [served(server.port) for _ in range(3)]
        try:
            assert_refusal(*refused(server.port))
            ending = endings[round_number % len(endings)]
            if ending == "close-after-refusals":
                for _ in range(3):
                    assert_refusal(*refused(server.port))
            for conn in held:
                if ending == "reset":
                    conn.reset()
                elif ending == "half-close":
                    conn.sock.shutdown(socket.SHUT_WR)
                    closed_at, data = conn.wait_closed()
                    assert closed_at is not None and data == b"", data
                    conn.close()
                else:
                    conn.close()
        finally:
            close_all(held)


def test_slots_are_released_by_timeouts_and_resets(start_server):
    server = start_server("-inMemory", "--max-connections", "2", "--idle-timeout", "0.5",
                          "--header-timeout", "0.5")
    silent = Conn(server.port)  # reaped by the idle timeout
    stalled = Conn(server.port)  # reaped by the header timeout
    stalled.send(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-")
    try:
        for conn in (silent, stalled):
            closed_at, data = conn.wait_closed()
            assert closed_at is not None, "a timed-out connection was not closed"
            assert data == b"", data
    finally:
        close_all([silent, stalled])
    held = [served(server.port), served(server.port)]
    try:
        assert_refusal(*refused(server.port))
        # A connection reset in the middle of a request frees its slot too.
        held[0].send(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        held[0].reset()
        held[1].reset()
        held = [served(server.port), served(server.port)]
        assert_refusal(*refused(server.port))
    finally:
        close_all(held)


# --------------------------------------------------------------------------
# --idle-timeout

def test_idle_keep_alive_connection_is_closed(start_server):
    server = start_server("-inMemory", "--idle-timeout", "0.5")
    conn = Conn(server.port)
    try:
        status, headers, body = conn.call()
        assert status == 200, body
        answered = time.monotonic()
        closed_at, data = conn.wait_closed()
        assert closed_at is not None, f"an idle connection was still open after {CLOSE_LIMIT} s"
        assert closed_at - answered >= TOO_EARLY, f"closed after {closed_at - answered:.2f} s"
        assert data == b"", f"the server sent {data[:300]!r} before closing"
    finally:
        conn.close()


def test_connection_that_sends_nothing_is_closed(start_server):
    server = start_server("-inMemory", "--idle-timeout", "0.5")
    conn = Conn(server.port)
    opened = time.monotonic()
    try:
        closed_at, data = conn.wait_closed()
        assert closed_at is not None, f"a silent connection was still open after {CLOSE_LIMIT} s"
        assert closed_at - opened >= TOO_EARLY, f"closed after {closed_at - opened:.2f} s"
        assert data == b"", f"the server sent {data[:300]!r} before closing"
        # The server serves new connections as usual.
        served(server.port).close()
    finally:
        conn.close()


def test_requests_spaced_under_the_idle_timeout_keep_the_connection(start_server):
    server = start_server("-inMemory", "--idle-timeout", "0.5")
    conn = Conn(server.port)
    try:
        started = time.monotonic()
        for number in range(15):  # 3 s on one connection: six idle timeouts
            status, headers, body = conn.call()
            assert status == 200, f"request {number}: HTTP {status} {body[:300]!r}"
            assert headers.get("connection", "").lower() != "close", f"request {number}"
            time.sleep(0.2)
        assert time.monotonic() - started > 2.5
    except Closed as closed:
        pytest.fail(f"a keep-alive connection used every 0.2 s was closed: {closed}")
    finally:
        conn.close()


def test_idle_timeout_does_not_cut_a_request_on_its_way(start_server):
    """A pause longer than the idle timeout inside a header (within the
    header timeout) or between a header and its body is not idleness."""
    server = start_server("-inMemory", "--idle-timeout", "0.5", "--header-timeout", "5")
    conn = Conn(server.port)
    try:
        data = request_bytes()
        head_end = data.index(b"\r\n\r\n") + 4
        # A pause in the middle of the header.
        conn.send(data[:40])
        time.sleep(1.0)
        conn.send(data[40:])
        status, _, body = conn.response()
        assert status == 200, body
        # A pause between the header and its body.
        conn.send(data[:head_end])
        time.sleep(1.0)
        conn.send(data[head_end:])
        status, _, body = conn.response()
        assert status == 200, body
        # And the connection is still a good keep-alive connection.
        status, _, body = conn.call()
        assert status == 200, body
    except Closed as closed:
        pytest.fail(f"a request on its way was cut by the idle timeout: {closed}")
    finally:
        conn.close()


# --------------------------------------------------------------------------
# --header-timeout

def test_slowloris_is_cut_while_others_are_served(start_server):
    server = start_server("-inMemory", "--header-timeout", "0.5")
    client = server.client()
    name = create_table(client)
    results = [{} for _ in range(4)]
    threads = [threading.Thread(target=trickle, args=(server.port, results[i], 8.0),
                                kwargs={"first_request": i % 2 == 1}, daemon=True)
               for i in range(4)]
    calls = 0
    try:
        for thread in threads:
            thread.start()
        # boto3 on its own connection is served all the while.
        while any(thread.is_alive() for thread in threads):
            client.put_item(TableName=name, Item={"pk": {"S": f"k{calls}"}, "n": {"N": "1"}})
            item = client.get_item(TableName=name, Key={"pk": {"S": f"k{calls}"}})["Item"]
            assert item["n"] == {"N": "1"}
            calls += 1
            time.sleep(0.05)
    finally:
        for thread in threads:
            thread.join(15)
    assert calls >= 3, "boto3 was hardly served during the trickle"
    for number, result in enumerate(results):
        assert "error" not in result, f"trickle {number}: {result['error']}"
        after = result["closed_after"]
        assert after is not None, f"trickle {number} was never cut off"
        assert TOO_EARLY <= after <= CLOSE_LIMIT, f"trickle {number} cut after {after:.2f} s"
        assert result["received"] == b"", \
            f"trickle {number} got an answer: {result['received'][:300]!r}"


def test_slowloris_cannot_hold_every_slot(start_server):
    server = start_server("-inMemory", "--max-connections", "4", "--header-timeout", "1.5")
    results = [{} for _ in range(4)]
    started = threading.Semaphore(0)
    threads = [threading.Thread(target=trickle, args=(server.port, results[i], 12.0),
                                kwargs={"started": started}, daemon=True)
               for i in range(4)]
    try:
        for thread in threads:
            thread.start()
        for _ in threads:
            assert started.acquire(timeout=READ_TIMEOUT)
        time.sleep(0.2)
        # Every slot is held by a trickle for now...
        assert_refusal(*refused(server.port))
        # ...but not for long: boto3 gets in once the trickles are cut.
        client = server.client()
        assert "TableNames" in call_until_served(client, limit=1.5 + CLOSE_LIMIT)
        client.close()  # its kept-alive connection would hold a slot
    finally:
        for thread in threads:
            thread.join(15)
    for number, result in enumerate(results):
        assert "error" not in result, f"trickle {number}: {result['error']}"
        after = result["closed_after"]
        assert after is not None, f"trickle {number} was never cut off"
        assert 1.0 <= after <= 1.5 + CLOSE_LIMIT, f"trickle {number} cut after {after:.2f} s"
        assert result["received"] == b"", result["received"][:300]
    # Every slot is free again, and only those.
    held = []
    try:
        held = [served(server.port) for _ in range(4)]
        assert_refusal(*refused(server.port))
    finally:
        close_all(held)


# --------------------------------------------------------------------------
# Default bind address and flag values

def test_default_bind_address_is_loopback(start_server):
    server = start_server("-inMemory")
    assert "listening on http://127.0.0.1:" in server.banner, server.banner
    conn = served(server.port)
    conn.close()
    # Bound to 127.0.0.1 itself, not to every address: another loopback
    # address of this machine is refused.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", server.port), timeout=READ_TIMEOUT).close()


@pytest.mark.skipif(bool(EXTERNAL), reason="runs dynarock itself")
@pytest.mark.parametrize("flag,value", [
    ("max-connections", "many"),
    ("max-connections", "-1"),
    ("idle-timeout", "soon"),
    ("idle-timeout", "-1"),
    ("header-timeout", "later"),
    ("header-timeout", "-0.5"),
])
def test_bad_limit_values_are_refused(flag, value):
    code, out, err = run_binary(f"--{flag}", value)
    assert code == 2, (code, out, err)
    assert "listening on" not in out
    assert flag in err, err


def test_decimal_timeouts_and_limit_are_accepted(start_server):
    server = start_server("-inMemory", "--max-connections", "10", "--idle-timeout", "2.5",
                          "--header-timeout", "1.25")
    client = server.client()
    name = create_table(client, unique_name("limits"))
    client.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert client.scan(TableName=name)["Count"] == 1

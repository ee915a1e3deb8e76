"""A bounded soak: mixed load over connections that open and close all the
time, watching the server's memory and file descriptors.

Why: leaks of a few hundred bytes per request, or of one descriptor per
connection, pass every functional test and take a long-running server down
in the end. This test runs one dynarock on disk (default options, except
--idle-timeout 2 so that abandoned connections are reaped within the run) and:

* warms it up with WARMUP_SECONDS of the load, lets every connection end,
  and records the baseline: resident memory (VmRSS) and open descriptors;
* runs the load for SOAK_SECONDS (env SOAK_SECONDS, default 45) from THREADS
  threads. Each thread opens a fresh boto3 client or raw keep-alive socket
  every few requests (closing the old one, resetting it, or abandoning it to
  the server's idle timeout), and does PutItem, GetItem, UpdateItem, Query,
  DeleteItem, BatchWriteItem and TransactWriteItems on two tables, plus a few
  malformed requests over raw sockets (invalid JSON, an unknown target) that
  must get their 400. Every other request must succeed at its first try, and
  its result must match what the thread wrote (each thread owns its keys);
* samples memory and descriptors every second;
* lets every connection end again, and asserts that the descriptors are
  back within FD_SLACK of the baseline (abandoned connections were reaped),
  that memory grew by at most max(16 MB, 50 %) over the baseline, and that
  it is flat: the trend over the last half of the run (least squares) is
  under FLAT_LIMIT. What legitimately grows meanwhile (RocksDB's memtable,
  bounded at 8 MB by dynarock) stays well under it at this write rate.

Under AddressSanitizer freed memory is held in a quarantine (256 MB by
default) that would look like a leak: the server gets quarantine_size_mb=4
through ASAN_OPTIONS (ignored by other builds), and the flatness limit is
doubled. Run with -s for a summary.
"""
import collections
import json
import os
import random
import socket
import string
import struct
import threading
import time

import boto3
import pytest
from botocore.config import Config

from conftest import BINARY, EXTERNAL

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "45"))
WARMUP_SECONDS = 5.0
THREADS = 8
IDLE_TIMEOUT = 2  # seconds; --idle-timeout
FD_SLACK = 8
MB = 1024 * 1024
RSS_GROWTH_FLOOR = 16 * MB
RSS_GROWTH_RATIO = 0.5
ASAN = "asan" in BINARY
FLAT_LIMIT = (8 if ASAN else 4) * MB
SEED = 20260215
READ_TIMEOUT = 30  # seconds; an answer that takes longer is a hang
MAX_FAILURES = 20

ITEMS = "soak-items"        # pk S, sk N
COUNTERS = "soak-counters"  # pk S
AUTH = (b"AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        b"SignedHeaders=host, Signature=0")
CONFIG = Config(retries={"total_max_attempts": 1, "mode": "standard"},
                parameter_validation=False, connect_timeout=READ_TIMEOUT,
                read_timeout=READ_TIMEOUT)
BETWEEN = "pk = :p AND sk BETWEEN :lo AND :hi"
ADD_ONE = "ADD cnt :one"
ONE = {":one": {"N": "1"}}


# --------------------------------------------------------------------------
# The server process

def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle(pid, at_least):
    """The descriptor count once connections have ended: after at_least
    seconds, when it has not changed for a second (or after 20 s)."""
    start = time.monotonic()
    history = []
    while True:
        history.append(fd_count(pid))
        elapsed = time.monotonic() - start
        if elapsed >= at_least and len(history) >= 5 and len(set(history[-5:])) == 1:
            return history[-1]
        if elapsed >= 20:
            return history[-1]
        time.sleep(0.25)


def trend(samples):
    """Least-squares growth (bytes) over the span of samples [(t, rss)]."""
    n = len(samples)
    if n < 3:
        return 0.0
    mean_t = sum(t for t, _ in samples) / n
    mean_r = sum(r for _, r in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    slope = sum((t - mean_t) * (r - mean_r) for t, r in samples) / var
    return slope * (samples[-1][0] - samples[0][0])


# --------------------------------------------------------------------------
# Raw keep-alive connections

def request_bytes(target, body):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: " + target + b"\r\nAuthorization: " + AUTH +
            b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


class RawConn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def call(self, target, body):
        """(status, parsed JSON body) of one request."""
        self.sock.sendall(request_bytes(target, body))
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                head = self.buffer[:end].decode("latin-1").split("\r\n")
                headers = {}
                for line in head[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    assert headers.get("connection", "").lower() != "close", head
                    return int(head[0].split(" ")[1]), json.loads(body)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed by the server: {self.buffer[:300]!r}")
            self.buffer += chunk

    def reset(self):
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def op(name):
    return b"DynamoDB_20120810." + name.encode()


# --------------------------------------------------------------------------
# The load

class Model:
    """What one worker wrote: it alone writes keys with its prefix."""

    def __init__(self, index):
        self.prefix = f"w{index}"
        self.items = {}  # (pk, sk) -> v, in ITEMS
        self.counters = collections.Counter()  # pk -> cnt, in COUNTERS
        self.batched = {}  # pk -> v, in COUNTERS

    def item_key(self, rng):
        return f"{self.prefix}-p{rng.randrange(6)}", rng.randrange(12)

    def expected_range(self, pk, lo, hi):
        return [(sk, v) for (p, sk), v in sorted(self.items.items()) if p == pk and lo <= sk <= hi]


def value(rng):
    return "".join(rng.choices(string.ascii_letters, k=rng.randint(8, 48)))


def item_av(pk, sk, v):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}, "v": {"S": v}}


def key_av(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def range_of(items):
    return [(int(i["sk"]["N"]), i["v"]["S"]) for i in items]


class Soak:
    def __init__(self, server):
        self.server = server
        self.models = [Model(i) for i in range(THREADS)]
        self.counts = [collections.Counter() for _ in range(THREADS)]
        self.abandoned = [[] for _ in range(THREADS)]  # (when, client or socket)
        self.failures = []
        self.lock = threading.Lock()
        self.phase = 0

    # -- running

    def run(self, seconds):
        self.phase += 1
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=self.worker, args=(i, stop), daemon=True)
                   for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 4 * READ_TIMEOUT)
        assert not any(t.is_alive() for t in threads), "a load thread hangs"

    def worker(self, index, stop):
        rng = random.Random(SEED + 1000 * self.phase + index)
        session = boto3.session.Session()
        model, counts = self.models[index], self.counts[index]
        mine = 0
        while time.monotonic() < stop and mine < 3 and len(self.failures) < MAX_FAILURES:
            self.drop_abandoned(index, older_than=3 * IDLE_TIMEOUT)
            step = "connecting"
            try:
                if rng.random() < 0.5:
                    client = session.client("dynamodb", endpoint_url=self.server.url,
                                            region_name="us-east-1", aws_access_key_id="x",
                                            aws_secret_access_key="secret", config=CONFIG)
                    counts["boto3 clients"] += 1
                    for _ in range(rng.randint(2, 8)):
                        step = rng.choices(BOTO3_OPS, BOTO3_WEIGHTS)[0]
                        getattr(self, "boto3_" + step)(client, model, rng)
                        counts[step] += 1
                    if rng.random() < 0.2:
                        self.abandoned[index].append((time.monotonic(), client))
                    else:
                        client.close()
                else:
                    conn = RawConn(self.server.port)
                    counts["raw connections"] += 1
                    for _ in range(rng.randint(2, 10)):
                        step = rng.choices(RAW_OPS, RAW_WEIGHTS)[0]
                        getattr(self, "raw_" + step)(conn, model, rng)
                        counts["raw " + step] += 1
                    ending = rng.random()
                    if ending < 0.55:
                        conn.close()
                    elif ending < 0.7:
                        conn.reset()
                        counts["resets"] += 1
                    elif ending < 0.85:
                        self.abandoned[index].append((time.monotonic(), conn))
                        counts["abandoned"] += 1
                    else:  # half a request, then gone
                        conn.sock.sendall(request_bytes(op("GetItem"), b"{}")[:30])
                        conn.close()
                        counts["cut requests"] += 1
            except Exception as e:  # collected and asserted by the test
                mine += 1
                with self.lock:
                    self.failures.append(f"worker {index}, {step}: {e!r}"[:1000])

    def drop_abandoned(self, index, older_than=0.0):
        now = time.monotonic()
        kept = []
        for when, thing in self.abandoned[index]:
            if now - when >= older_than:
                try:
                    thing.close()
                except Exception:
                    pass
            else:
                kept.append((when, thing))
        self.abandoned[index] = kept

    def close_abandoned(self):
        for index in range(THREADS):
            self.drop_abandoned(index)

    def total(self):
        merged = collections.Counter()
        for counts in self.counts:
            merged.update(counts)
        return merged

    # -- boto3

    def boto3_put(self, client, model, rng):
        pk, sk = model.item_key(rng)
        v = value(rng)
        client.put_item(TableName=ITEMS, Item=item_av(pk, sk, v))
        model.items[(pk, sk)] = v

    def boto3_get(self, client, model, rng):
        if rng.random() < 0.7:
            pk, sk = model.item_key(rng)
            got = client.get_item(TableName=ITEMS, Key=key_av(pk, sk), ConsistentRead=True)
            expected = model.items.get((pk, sk))
            assert got.get("Item") == (None if expected is None else item_av(pk, sk, expected)), \
                (pk, sk, got.get("Item"), expected)
        else:
            pk = f"{model.prefix}-b{rng.randrange(20)}"
            got = client.get_item(TableName=COUNTERS, Key={"pk": {"S": pk}}, ConsistentRead=True)
            expected = model.batched.get(pk)
            assert got.get("Item") == (None if expected is None else
                                       {"pk": {"S": pk}, "v": {"S": expected}}), \
                (pk, got.get("Item"), expected)

    def boto3_update(self, client, model, rng):
        pk = rng.choice([f"{model.prefix}-c{rng.randrange(3)}", f"{model.prefix}-tx"])
        got = client.update_item(TableName=COUNTERS, Key={"pk": {"S": pk}},
                                 UpdateExpression=ADD_ONE, ExpressionAttributeValues=ONE,
                                 ReturnValues="UPDATED_NEW")
        model.counters[pk] += 1
        assert got["Attributes"] == {"cnt": {"N": str(model.counters[pk])}}, (pk, got)

    def boto3_query(self, client, model, rng):
        pk = model.item_key(rng)[0]
        lo, hi = sorted((rng.randrange(12), rng.randrange(12)))
        got = client.query(TableName=ITEMS, KeyConditionExpression=BETWEEN, ConsistentRead=True,
                           ExpressionAttributeValues={":p": {"S": pk}, ":lo": {"N": str(lo)},
                                                      ":hi": {"N": str(hi)}})
        assert range_of(got["Items"]) == model.expected_range(pk, lo, hi), (pk, lo, hi, got)
        assert got["Count"] == len(got["Items"])

    def boto3_delete(self, client, model, rng):
        pk, sk = model.item_key(rng)
        got = client.delete_item(TableName=ITEMS, Key=key_av(pk, sk), ReturnValues="ALL_OLD")
        expected = model.items.pop((pk, sk), None)
        assert got.get("Attributes") == (None if expected is None else
                                         item_av(pk, sk, expected)), (pk, sk, got, expected)

    def boto3_batch(self, client, model, rng):
        numbers = rng.sample(range(20), 4)
        puts = {f"{model.prefix}-b{n}": value(rng) for n in numbers[:3]}
        gone = f"{model.prefix}-b{numbers[3]}"
        requests = [{"PutRequest": {"Item": {"pk": {"S": pk}, "v": {"S": v}}}}
                    for pk, v in puts.items()]
        requests.append({"DeleteRequest": {"Key": {"pk": {"S": gone}}}})
        got = client.batch_write_item(RequestItems={COUNTERS: requests})
        assert not got.get("UnprocessedItems"), got
        model.batched.update(puts)
        model.batched.pop(gone, None)

    def boto3_transact(self, client, model, rng):
        pk, sk = model.item_key(rng)
        v = value(rng)
        counter = f"{model.prefix}-tx"
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": ITEMS, "Item": item_av(pk, sk, v)}},
            {"Update": {"TableName": COUNTERS, "Key": {"pk": {"S": counter}},
                        "UpdateExpression": ADD_ONE, "ExpressionAttributeValues": ONE}},
        ])
        model.items[(pk, sk)] = v
        model.counters[counter] += 1

    # -- raw sockets

    def raw_put(self, conn, model, rng):
        pk, sk = model.item_key(rng)
        v = value(rng)
        status, body = conn.call(op("PutItem"), {"TableName": ITEMS, "Item": item_av(pk, sk, v)})
        assert status == 200, (status, body)
        model.items[(pk, sk)] = v

    def raw_get(self, conn, model, rng):
        pk, sk = model.item_key(rng)
        status, body = conn.call(op("GetItem"), {"TableName": ITEMS, "Key": key_av(pk, sk),
                                                 "ConsistentRead": True})
        assert status == 200, (status, body)
        expected = model.items.get((pk, sk))
        assert body.get("Item") == (None if expected is None else item_av(pk, sk, expected)), \
            (pk, sk, body, expected)

    def raw_query(self, conn, model, rng):
        pk = model.item_key(rng)[0]
        lo, hi = sorted((rng.randrange(12), rng.randrange(12)))
        status, body = conn.call(op("Query"), {
            "TableName": ITEMS, "KeyConditionExpression": BETWEEN, "ConsistentRead": True,
            "ExpressionAttributeValues": {":p": {"S": pk}, ":lo": {"N": str(lo)},
                                          ":hi": {"N": str(hi)}}})
        assert status == 200, (status, body)
        assert range_of(body["Items"]) == model.expected_range(pk, lo, hi), (pk, lo, hi, body)

    def raw_invalid_json(self, conn, model, rng):
        status, body = conn.call(op("PutItem"), b'{"TableName": "' + ITEMS.encode() +
                                 b'", "Item": {"pk": {"S": ')
        assert status == 400, (status, body)
        assert body["__type"].endswith("#SerializationException"), body

    def raw_unknown_target(self, conn, model, rng):
        status, body = conn.call(op("FrobnicateItem"), {"TableName": ITEMS})
        assert status == 400, (status, body)
        assert body["__type"].endswith("#UnknownOperationException"), body


BOTO3_OPS = ["put", "get", "update", "query", "delete", "batch", "transact"]
BOTO3_WEIGHTS = [3, 3, 2, 2, 1, 1, 1]
RAW_OPS = ["put", "get", "query", "invalid_json", "unknown_target"]
RAW_WEIGHTS = [3, 3, 2, 0.4, 0.4]

CONNECTION_COUNTS = ("boto3 clients", "raw connections", "resets", "abandoned", "cut requests")


def requests_in(counts):
    return sum(v for k, v in counts.items() if k not in CONNECTION_COUNTS)


# --------------------------------------------------------------------------
# The test

def create_tables(server):
    client = server.client()
    client.create_table(TableName=ITEMS, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "N"}])
    client.create_table(TableName=COUNTERS, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    for name in (ITEMS, COUNTERS):
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2})
    client.close()


@pytest.mark.skipif(bool(EXTERNAL), reason="watches its own dynarock's process")
def test_soak_memory_and_descriptors_stay_flat(start_server, tmp_path, monkeypatch):
    asan_options = os.environ.get("ASAN_OPTIONS", "")
    monkeypatch.setenv("ASAN_OPTIONS", ":".join(filter(None, [asan_options,
                                                              "quarantine_size_mb=4"])))
    server = start_server("--idle-timeout", str(IDLE_TIMEOUT), data_dir=str(tmp_path))
    pid = server.process.pid
    create_tables(server)
    soak = Soak(server)

    # Warm-up, then the baseline once every connection has ended.
    soak.run(WARMUP_SECONDS)
    assert not soak.failures, "\n".join(soak.failures)
    base_fds = settle(pid, IDLE_TIMEOUT + 1.5)
    base_rss = rss_bytes(pid)
    soak.close_abandoned()
    warmup = soak.total()

    samples = []  # (seconds into the run, rss, fds)
    done = threading.Event()

    def monitor():
        start = time.monotonic()
        while not done.wait(1.0):
            try:
                samples.append((time.monotonic() - start, rss_bytes(pid), fd_count(pid)))
            except (OSError, AssertionError):
                return  # the process is gone: the test says so below

    watcher = threading.Thread(target=monitor, daemon=True)
    watcher.start()
    try:
        soak.run(SOAK_SECONDS)
    finally:
        done.set()
        watcher.join(10)

    assert server.process.poll() is None, "dynarock died during the soak"
    # Abandoned connections are still open on this side: the server must reap them.
    end_fds = settle(pid, IDLE_TIMEOUT + 1.5)
    end_rss = rss_bytes(pid)
    soak.close_abandoned()

    totals = soak.total()
    requests = requests_in(totals) - requests_in(warmup)
    half = [(t, rss) for t, rss, _ in samples if t >= SOAK_SECONDS / 2]
    late_growth = trend(half)
    allowed_growth = max(RSS_GROWTH_FLOOR, RSS_GROWTH_RATIO * base_rss)
    print(f"\nsoak: {SOAK_SECONDS:.0f} s, {THREADS} threads, {requests} requests after "
          f"the warm-up ({requests_in(warmup)} in it); {totals['boto3 clients']} boto3 clients and "
          f"{totals['raw connections']} raw connections in all "
          f"({totals['resets']} reset, {totals['abandoned']} abandoned, "
          f"{totals['cut requests']} cut mid-request)")
    print("soak: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    print(f"soak: rss baseline {base_rss / MB:.1f} MB, end {end_rss / MB:.1f} MB, "
          f"max {max((r for _, r, _ in samples), default=0) / MB:.1f} MB, "
          f"last-half trend {late_growth / MB:+.2f} MB")
    print(f"soak: fds baseline {base_fds}, end {end_fds}, "
          f"max {max((f for _, _, f in samples), default=0)}")

    assert not soak.failures, f"{len(soak.failures)} failed requests:\n" + \
        "\n".join(soak.failures[:MAX_FAILURES])
    assert len(samples) >= SOAK_SECONDS * 0.5, f"only {len(samples)} samples"
    assert end_fds <= base_fds + FD_SLACK, \
        f"descriptors: baseline {base_fds}, {end_fds} after every connection ended"
    assert end_rss - base_rss <= allowed_growth, \
        f"memory grew from {base_rss / MB:.1f} MB to {end_rss / MB:.1f} MB"
    assert late_growth < FLAT_LIMIT, \
        f"memory still growing: {late_growth / MB:+.2f} MB over the last half of the run"

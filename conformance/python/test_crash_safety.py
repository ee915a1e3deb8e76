"""Durability (issue #9): dynarock is killed under a write load and restarted on the
same -dbPath, and every write a client saw acknowledged (HTTP 200) must be there
with its value; writes that got no answer may or may not be, but none is half applied.

A write is in one of three states:
  acked - an HTTP 200 came back: it must survive;
  none  - known not applied (the server answered with an error: a cancelled
          transaction): it must never show up;
  maybe - sent, but the connection died with the server: it may or may not have
          been applied (each at most once: boto3 makes one attempt, no retries).
Once a restart shows what became of a 'maybe' write, it becomes 'acked' or 'none'
and later restarts must keep that, so every check is as strict as it can be.
"""
import itertools
import random
import signal
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from conftest import EXTERNAL, Server, create_table

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="kills and restarts its own dynarock")

SEED = 909  # fixed, so that a failure's seed and round replay the same kill moments
THREADS = 8
TABLE = "crash"
HOT = [f"hot-{i}" for i in range(3)]        # items every thread ADDs to
ACCOUNTS = [f"acct-{i}" for i in range(6)]  # items the transfers move money between
BALANCE = 1000


def client_of(server):
    # One attempt per call (see the docstring); short timeouts so that no thread
    # can hang on a dead server.
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}, connect_timeout=2,
                                      read_timeout=10, parameter_validation=False))


def put_item_of(key, token):
    # A few hundred bytes per item, so a torn record would show as a wrong value.
    return {"pk": {"S": key}, "v": {"S": token}, "pad": {"S": token * 20}}


class Ledger:
    """What the clients were told about each write, and what the last restart showed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.puts = {}                             # key -> [token, state]
        self.counts = {k: 0 for k in HOT}          # value seen at the last restart
        self.adds = {k: [0, 0] for k in HOT}       # [acked, maybe] since then
        self.transfers = {}                        # id -> [source, target, amount, state]
        self.unexpected = []                       # errors no write should get


def attempt(ledger, call):
    """Sends one write; returns acked, none or maybe."""
    try:
        call()
        return "acked"
    except ClientError as e:
        if e.response["Error"]["Code"] != "TransactionCanceledException":
            with ledger.lock:
                ledger.unexpected.append(e)
        return "none"
    except BotoCoreError:  # connection reset or refused, timeout, truncated answer
        return "maybe"


def worker(server, ledger, rnd, thread, stop, errors):
    try:
        client = client_of(server)
        rng = random.Random(f"{SEED}/{rnd}/{thread}")
        for seq in itertools.count():
            if stop.is_set():
                return
            kind = rng.random()
            if kind < 0.4:  # PutItem of a key nobody else writes
                key, token = f"put-{rnd}-{thread}-{seq}", f"{rng.getrandbits(64):016x}"
                # Recorded as 'maybe' before it is sent: the kill can come at any point.
                with ledger.lock:
                    ledger.puts[key] = entry = [token, "maybe"]
                entry[1] = attempt(ledger, lambda: client.put_item(
                    TableName=TABLE, Item=put_item_of(key, token)))
            elif kind < 0.7:  # ADD 1 to a hot counter
                hot = rng.choice(HOT)
                with ledger.lock:
                    ledger.adds[hot][1] += 1  # in flight: the kill may or may not apply it
                state = attempt(ledger, lambda: client.update_item(
                    TableName=TABLE, Key={"pk": {"S": hot}}, UpdateExpression="ADD #c :one",
                    ExpressionAttributeNames={"#c": "counter"},
                    ExpressionAttributeValues={":one": {"N": "1"}}))
                with ledger.lock:
                    if state != "maybe":  # answered: applied if acked, not if none
                        ledger.adds[hot][1] -= 1
                        ledger.adds[hot][0] += state == "acked"
            else:  # move money, marking both sides with the transfer's id
                source, target = rng.sample(ACCOUNTS, 2)
                tid, amount = f"x-{rnd}-{thread}-{seq}", rng.randint(1, 9)
                with ledger.lock:
                    ledger.transfers[tid] = entry = [source, target, amount, "maybe"]
                values = {":a": {"N": str(amount)}, ":id": {"SS": [tid]}}
                entry[3] = attempt(ledger, lambda: client.transact_write_items(TransactItems=[
                    {"Update": {"TableName": TABLE, "Key": {"pk": {"S": source}},
                                "UpdateExpression": "SET balance = balance - :a ADD txids :id",
                                "ConditionExpression": "balance >= :a",
                                "ExpressionAttributeValues": values}},
                    {"Update": {"TableName": TABLE, "Key": {"pk": {"S": target}},
                                "UpdateExpression": "SET balance = balance + :a ADD txids :id",
                                "ExpressionAttributeValues": values}}]))
    except Exception as e:  # noqa: BLE001 - anything else fails the test (see the caller)
        errors.append(e)


def load_then_signal(server, ledger, rnd, rng, sig):
    """Runs the load, sends `sig` at a random moment, and returns the exit status."""
    stop, errors = threading.Event(), []
    threads = [threading.Thread(target=worker, args=(server, ledger, rnd, t, stop, errors))
               for t in range(THREADS)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.3, 1.5))
    server.process.send_signal(sig)
    try:
        # The load goes on until the process is gone: a graceful stop must not wait
        # for clients to go quiet.
        status = server.process.wait(timeout=15)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors[:3]
    return status


def verify(client, ledger, where):
    """Checks the restarted server against the ledger, then settles every 'maybe'."""
    table = client.describe_table(TableName=TABLE)["Table"]
    assert table["TableStatus"] == "ACTIVE", where
    items, start = {}, {}
    while True:
        page = client.scan(TableName=TABLE, ConsistentRead=True, **start)
        items.update((item["pk"]["S"], item) for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert not ledger.unexpected, f"{where}: {ledger.unexpected[:3]}"
    # dynarock keeps an exact count; one that drifted from the items would mean a
    # write's item and its count were not applied together.
    assert table["ItemCount"] == len(items), f"{where}: ItemCount {table['ItemCount']}"

    for key, entry in ledger.puts.items():
        token, state = entry
        item = items.pop(key, None)
        assert item is not None or state != "acked", f"{where}: acknowledged PutItem {key} lost"
        assert item is None or state != "none", f"{where}: PutItem {key} should not be there"
        assert item is None or item == put_item_of(key, token), f"{where}: {key} is {item}"
        entry[1] = "acked" if item is not None else "none"

    for hot in HOT:
        item = items.pop(hot, None)
        value = int(item["counter"]["N"]) if item else 0
        acked, maybe = ledger.adds[hot]
        # Every acknowledged ADD was applied; each unanswered one at most once.
        low = ledger.counts[hot] + acked
        assert low <= value <= low + maybe, f"{where}: {hot} is {value}, not in [{low}, {low + maybe}]"
        ledger.counts[hot], ledger.adds[hot] = value, [0, 0]

    accounts = {a: items.pop(a) for a in ACCOUNTS}
    marks = {a: set(item.get("txids", {}).get("SS", [])) for a, item in accounts.items()}
    expected = dict.fromkeys(ACCOUNTS, BALANCE)
    for tid, entry in ledger.transfers.items():
        source, target, amount, state = entry
        on = {a for a in ACCOUNTS if tid in marks[a]}
        assert on in (set(), {source, target}), f"{where}: transfer {tid} half applied: {on}"
        assert on or state != "acked", f"{where}: acknowledged transfer {tid} lost"
        assert not on or state != "none", f"{where}: transfer {tid} should not be there"
        if on:
            expected[source] -= amount
            expected[target] += amount
            marks[source].discard(tid)
            marks[target].discard(tid)
        entry[3] = "acked" if on else "none"
    assert not any(marks.values()), f"{where}: marks of unknown transfers: {marks}"
    # Each balance moved exactly by the transfers whose marks are there, so the
    # marks and the money were applied together; and the total never changes.
    assert {a: int(i["balance"]["N"]) for a, i in accounts.items()} == expected, where
    assert sum(expected.values()) == BALANCE * len(ACCOUNTS)
    assert not items, f"{where}: items nobody wrote: {list(items)[:5]}"


@pytest.fixture
def spawn():
    """Servers that this test kills; start_server's teardown would demand exit 0."""
    started = []

    def start(*flags, data_dir):
        server = Server(*flags, data_dir=data_dir)  # raises if it does not come up
        started.append(server)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def run_rounds(spawn, start_server, data, flags, rounds, sig):
    rng = random.Random(SEED)
    ledger = Ledger()
    server = spawn(*flags, data_dir=data)
    client = client_of(server)
    create_table(client, TABLE)
    for account in ACCOUNTS:
        client.put_item(TableName=TABLE, Item={"pk": {"S": account},
                                               "balance": {"N": str(BALANCE)}})
    for rnd in range(rounds):
        status = load_then_signal(server, ledger, rnd, rng, sig)
        if sig == signal.SIGTERM:
            assert status == 0, f"round {rnd}: graceful stop exited {status}"
            # A graceful stop answers every request it applies (README), so a write
            # that got no answer must not have been applied: hold it to 'none'.
            for entry in itertools.chain(ledger.puts.values(), ledger.transfers.values()):
                entry[-1] = "none" if entry[-1] == "maybe" else entry[-1]
            for hot in HOT:
                ledger.adds[hot][1] = 0
        # The last restart goes through start_server, which asserts a clean exit.
        last = rnd == rounds - 1
        server = (start_server if last else spawn)(*flags, data_dir=data)
        verify(client_of(server), ledger, f"seed {SEED}, round {rnd}")
    acked = sum(state == "acked" for _, state in ledger.puts.values())
    assert acked >= 10 * rounds, "the load was too light to show anything"


def test_sigkill_under_load_loses_no_acknowledged_write(spawn, start_server, tmp_path):
    run_rounds(spawn, start_server, str(tmp_path), [], rounds=6, sig=signal.SIGKILL)


def test_sigkill_with_sync_loses_no_acknowledged_write(spawn, start_server, tmp_path):
    run_rounds(spawn, start_server, str(tmp_path), ["--sync"], rounds=1, sig=signal.SIGKILL)


def test_sigterm_under_load_loses_nothing_and_exits_0(spawn, start_server, tmp_path):
    run_rounds(spawn, start_server, str(tmp_path), [], rounds=1, sig=signal.SIGTERM)

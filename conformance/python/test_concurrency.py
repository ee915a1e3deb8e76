"""Correctness under concurrency, through many boto3 clients at once: read-modify-write
updates lose nothing, conditional puts admit one winner, transactions never show a
partial transfer -- and all of it still holds after a restart on disk."""
import random
import tempfile
import threading

import pytest
from botocore.exceptions import ClientError

from conftest import EXTERNAL, create_table, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")


def run_threads(count, body):
    """Runs body(i) on `count` threads at once; re-raises the first failure."""
    errors = []
    start = threading.Barrier(count)

    def wrapped(i):
        try:
            start.wait()
            body(i)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors[:3]


def counter_value(client, table, key):
    item = client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    return int(item["counter"]["N"])


def test_concurrent_counter_updates_lose_nothing(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data_dir=data)
        table = create_table(server.client(), unique_name("counter"))
        key = {"pk": {"S": "hits"}}

        def add(_):
            client = server.client()
            for _ in range(200):
                client.update_item(TableName=table, Key=key, UpdateExpression="ADD #c :one",
                                   ExpressionAttributeNames={"#c": "counter"},
                                   ExpressionAttributeValues={":one": {"N": "1"}})

        run_threads(32, add)
        assert counter_value(server.client(), table, key) == 32 * 200
        assert server.stop() == 0
        again = start_server(data_dir=data)
        assert counter_value(again.client(), table, key) == 32 * 200


def test_racing_conditional_puts_have_exactly_one_winner(server):
    table = create_table(server.client(), unique_name("race"))
    outcomes = []

    def put(i):
        try:
            server.client().put_item(TableName=table, Item={"pk": {"S": "prize"},
                                                            "winner": {"N": str(i)}},
                                     ConditionExpression="attribute_not_exists(pk)")
            outcomes.append("won")
        except ClientError as e:
            outcomes.append(e.response["Error"]["Code"])

    run_threads(32, put)
    assert sorted(outcomes) == ["ConditionalCheckFailedException"] * 31 + ["won"]


ACCOUNTS = 10
BALANCE = 1000


def balances(client, table):
    got = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": {"pk": {"S": f"acct-{i}"}}}} for i in range(ACCOUNTS)])
    return [int(r["Item"]["balance"]["N"]) for r in got["Responses"]]


def transfer(client, table, source, target, amount):
    key = lambda i: {"pk": {"S": f"acct-{i}"}}  # noqa: E731
    client.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": key(source), "UpdateExpression": "SET balance = balance - :a",
                    "ConditionExpression": "balance >= :a",
                    "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
        {"Update": {"TableName": table, "Key": key(target), "UpdateExpression": "SET balance = balance + :a",
                    "ExpressionAttributeValues": {":a": {"N": str(amount)}}}}])


def test_transfers_keep_the_total_and_reads_never_see_half_of_one(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data_dir=data)
        client = server.client()
        table = create_table(client, unique_name("bank"))
        for i in range(ACCOUNTS):
            client.put_item(TableName=table, Item={"pk": {"S": f"acct-{i}"},
                                                   "balance": {"N": str(BALANCE)}})
        done = threading.Event()
        seen_totals = set()

        conflicts = []

        def audit():
            reader = server.client()
            while not done.is_set():
                try:
                    seen_totals.add(sum(balances(reader, table)))
                except ClientError as e:  # it met a transfer in progress: read again
                    reasons = e.response.get("CancellationReasons", [])
                    assert any(r["Code"] == "TransactionConflict" for r in reasons), e
                    conflicts.append(e)

        auditor = threading.Thread(target=audit)
        auditor.start()

        def transfers(i):
            rng = random.Random(i)
            writer = server.client()
            for _ in range(40):
                source, target = rng.sample(range(ACCOUNTS), 2)
                try:
                    transfer(writer, table, source, target, rng.randint(1, 300))
                except ClientError as e:  # an overdraft or another transfer in progress
                    assert e.response["Error"]["Code"] == "TransactionCanceledException", e
                    codes = {r["Code"] for r in e.response["CancellationReasons"]}
                    assert codes <= {"None", "ConditionalCheckFailed", "TransactionConflict"}, e

        try:
            run_threads(16, transfers)
        finally:
            done.set()
            auditor.join(timeout=60)
        assert seen_totals == {ACCOUNTS * BALANCE}, conflicts[:1]
        final = balances(client, table)
        assert sum(final) == ACCOUNTS * BALANCE and min(final) >= 0
        assert server.stop() == 0
        again = start_server(data_dir=data)
        assert balances(again.client(), table) == final

"""Transaction conflicts as DynamoDB documents them: while a TransactWriteItems is in
progress, its items reject other transactions (TransactionCanceledException, reason
TransactionConflict), single writes (TransactionConflictException) and BatchWriteItem
writes (left in UnprocessedItems); plain reads still see the last committed value.

dynarock's --transaction-delay keeps each transaction in progress long enough to meet
it deterministically."""
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import EXTERNAL, create_table, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

HOLD_MS = 1500
CONFLICT = "Transaction is ongoing for the item"


def key(name):
    return {"pk": {"S": name}}


def item(name, value):
    return {"pk": {"S": name}, "v": {"N": str(value)}}


def value_of(client, table, name):
    got = client.get_item(TableName=table, Key=key(name), ConsistentRead=True).get("Item")
    return None if got is None else int(got["v"]["N"])


def error_of(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response


class Background:
    """A TransactWriteItems running on its own thread; `outcome` is its response or error."""

    def __init__(self, client, **request):
        self.outcome = None

        def run():
            try:
                self.outcome = client.transact_write_items(**request)
            except ClientError as e:
                self.outcome = e.response

        self.thread = threading.Thread(target=run)
        self.thread.start()
        time.sleep(HOLD_MS / 1000 / 4)  # it holds its items now

    def join(self):
        self.thread.join(timeout=30)
        assert "Error" not in self.outcome, self.outcome


def in_progress_transfer(server, table, token=None):
    request = {"TransactItems": [
        {"Put": {"TableName": table, "Item": item("a", 10)}},
        {"Update": {"TableName": table, "Key": key("b"), "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"N": "20"}}}}]}
    if token:
        request["ClientRequestToken"] = token
    return Background(server.client(), **request)


@pytest.fixture
def slow(start_server):
    server = start_server("--transaction-delay", str(HOLD_MS))
    client = server.client()
    table = create_table(client, unique_name("conflict"))
    for name, v in (("a", 1), ("b", 2), ("c", 3)):
        client.put_item(TableName=table, Item=item(name, v))
    return server, client, table


def test_single_writes_to_an_item_in_a_transaction_conflict(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table)
    for call in (
        lambda: client.put_item(TableName=table, Item=item("a", 99)),
        lambda: client.update_item(TableName=table, Key=key("b"), UpdateExpression="SET v = :v",
                                   ExpressionAttributeValues={":v": {"N": "99"}}),
        lambda: client.delete_item(TableName=table, Key=key("a")),
    ):
        e = error_of(call)
        assert e["Error"]["Code"] == "TransactionConflictException"
        assert e["Error"]["Message"] == CONFLICT
        assert e["ResponseMetadata"]["HTTPStatusCode"] == 400
    # Reads are not blocked and see the value before the transaction.
    assert value_of(client, table, "a") == 1
    # Items outside the transaction are free.
    client.put_item(TableName=table, Item=item("c", 30))
    tx.join()
    assert [value_of(client, table, n) for n in "abc"] == [10, 20, 30]
    # Once it has committed, its items take writes again.
    client.put_item(TableName=table, Item=item("a", 11))
    assert value_of(client, table, "a") == 11


def test_a_transaction_meeting_another_is_cancelled_with_transaction_conflict(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table)
    e = error_of(lambda: client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": item("c", 33)}},
        {"Delete": {"TableName": table, "Key": key("b")}}]))
    assert e["Error"]["Code"] == "TransactionCanceledException"
    assert e["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons "
                                     "for specific reasons [None, TransactionConflict]")
    assert e["CancellationReasons"] == [{"Code": "None"},
                                        {"Code": "TransactionConflict", "Message": CONFLICT}]
    tx.join()
    # Nothing of the cancelled transaction was applied.
    assert [value_of(client, table, n) for n in "abc"] == [10, 20, 3]


def test_transact_get_items_meeting_a_transaction_is_cancelled(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table)
    e = error_of(lambda: client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("c")}},
        {"Get": {"TableName": table, "Key": key("a")}}]))
    assert e["Error"]["Code"] == "TransactionCanceledException"
    assert e["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons "
                                     "for specific reasons [None, TransactionConflict]")
    assert e["CancellationReasons"] == [{"Code": "None"},
                                        {"Code": "TransactionConflict", "Message": CONFLICT}]
    # BatchGetItem, Query and Scan read committed values instead.
    got = client.batch_get_item(RequestItems={table: {"Keys": [key("a"), key("c")]}})
    assert sorted(int(i["v"]["N"]) for i in got["Responses"][table]) == [1, 3]
    assert client.scan(TableName=table)["Count"] == 3
    tx.join()
    got = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("a")}}])
    assert got["Responses"][0]["Item"]["v"] == {"N": "10"}


def test_batch_write_leaves_an_item_in_a_transaction_unprocessed(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table)
    got = client.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": item("a", 77)}},
        {"PutRequest": {"Item": item("c", 77)}},
        {"DeleteRequest": {"Key": key("b")}}]})
    assert got["UnprocessedItems"] == {table: [
        {"PutRequest": {"Item": item("a", 77)}},
        {"DeleteRequest": {"Key": key("b")}}]}
    assert value_of(client, table, "c") == 77
    tx.join()
    assert [value_of(client, table, n) for n in "ab"] == [10, 20]
    # Retrying the unprocessed writes after the commit succeeds.
    again = client.batch_write_item(RequestItems=got["UnprocessedItems"])
    assert again["UnprocessedItems"] == {}
    assert value_of(client, table, "a") == 77 and value_of(client, table, "b") is None


def test_the_same_token_while_in_progress_is_transaction_in_progress(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table, token="transfer-1")
    e = error_of(lambda: client.transact_write_items(
        ClientRequestToken="transfer-1",
        TransactItems=[{"Put": {"TableName": table, "Item": item("a", 10)}},
                       {"Update": {"TableName": table, "Key": key("b"),
                                   "UpdateExpression": "SET v = :v",
                                   "ExpressionAttributeValues": {":v": {"N": "20"}}}}]))
    assert e["Error"]["Code"] == "TransactionInProgressException"
    tx.join()
    # After it finishes, the same token replays the first result without writing.
    client.put_item(TableName=table, Item=item("a", 5))
    client.transact_write_items(
        ClientRequestToken="transfer-1",
        TransactItems=[{"Put": {"TableName": table, "Item": item("a", 10)}},
                       {"Update": {"TableName": table, "Key": key("b"),
                                   "UpdateExpression": "SET v = :v",
                                   "ExpressionAttributeValues": {":v": {"N": "20"}}}}])
    assert value_of(client, table, "a") == 5


def test_a_cancelled_conflict_changes_nothing_and_can_be_retried(slow):
    server, client, table = slow
    tx = in_progress_transfer(server, table)
    request = {"TransactItems": [
        {"Update": {"TableName": table, "Key": key("a"), "UpdateExpression": "ADD v :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}}]}
    e = error_of(lambda: client.transact_write_items(**request))
    assert e["CancellationReasons"] == [{"Code": "TransactionConflict", "Message": CONFLICT}]
    tx.join()
    client.transact_write_items(**request)
    assert value_of(client, table, "a") == 11

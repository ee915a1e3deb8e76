"""The item collection limit of tables with local secondary indexes: a partition's items plus
their LSI entries may not grow past DynamoDB's 10 GB (here made small with
--item-collection-limit), refused with ItemCollectionSizeLimitExceededException on single
writes and batches and with an ItemCollectionSizeLimitExceeded reason in transactions;
writes that do not grow the collection, and other partitions, are not affected."""
import pytest
from botocore.exceptions import ClientError

from conftest import EXTERNAL, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

LIMIT = 4000
ERROR = ("ItemCollectionSizeLimitExceededException", "Collection size exceeded")


def lsi_table(client):
    name = unique_name("coll")
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "l")],
        LocalSecondaryIndexes=[{"IndexName": "by-l", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}]}])
    return name


def item(pk, sk, size=1000, indexed=False):
    it = {"pk": {"S": pk}, "sk": {"S": sk}, "d": {"S": "x" * size}}
    if indexed:
        it["l"] = {"S": sk}  # an LSI entry of the same size again
    return it


def error(call, **kwargs):
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    e = raised.value.response
    return e["Error"]["Code"], e["Error"]["Message"]


@pytest.fixture
def setup(start_server):
    server = start_server("--item-collection-limit", str(LIMIT))
    client = server.client()
    return client, lsi_table(client)


def test_a_put_past_the_limit_is_refused_and_writes_nothing(setup):
    client, table = setup
    for i in range(3):
        client.put_item(TableName=table, Item=item("p", f"s{i}"))
    assert error(client.put_item, TableName=table, Item=item("p", "s3")) == ERROR
    assert "Item" not in client.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "s3"}})
    # LSI entries count too: an indexed item is twice its size.
    client.put_item(TableName=table, Item=item("q", "s0", indexed=True))
    assert error(client.put_item, TableName=table, Item=item("q", "s1", indexed=True)) == ERROR
    # Another partition has its own collection.
    client.put_item(TableName=table, Item=item("r", "s0"))


def test_writes_that_do_not_grow_the_collection_are_allowed(setup):
    client, table = setup
    for i in range(3):
        client.put_item(TableName=table, Item=item("p", f"s{i}"))
    client.put_item(TableName=table, Item=item("p", "s0", size=500))      # shrinks
    client.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "s1"}},
                       UpdateExpression="REMOVE d")
    client.delete_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "s2"}})
    # Room was made: a new item fits again.
    client.put_item(TableName=table, Item=item("p", "s3"))
    assert error(client.update_item, TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "s3"}},
                 UpdateExpression="SET e = :e",
                 ExpressionAttributeValues={":e": {"S": "y" * 3000}}) == ERROR


def test_batches_and_transactions_are_refused_whole(setup):
    client, table = setup
    client.put_item(TableName=table, Item=item("p", "s0"))
    assert error(client.batch_write_item, RequestItems={table: [
        {"PutRequest": {"Item": item("other", "s0")}},
        {"PutRequest": {"Item": item("p", "s1")}},
        {"PutRequest": {"Item": item("p", "s2")}},
        {"PutRequest": {"Item": item("p", "s3")}}]}) == ERROR
    assert client.scan(TableName=table)["Count"] == 1
    with pytest.raises(ClientError) as raised:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": item("other", "s0")}},
            {"Put": {"TableName": table, "Item": item("p", "s1", size=2000, indexed=True)}}])
    e = raised.value.response
    assert e["Error"]["Code"] == "TransactionCanceledException"
    assert e["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ItemCollectionSizeLimitExceeded", "Message": "Collection size exceeded"}]
    assert client.scan(TableName=table)["Count"] == 1


def test_tables_without_local_indexes_have_no_collection_limit(setup):
    client, _ = setup
    name = unique_name("plain")
    client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "S"}])
    for i in range(8):
        client.put_item(TableName=name, Item=item("p", f"s{i}"))

"""Time to Live expiry: items whose TTL attribute is a Number of epoch seconds in the past
are deleted by the background sweeper, with their index entries and a REMOVE stream record
naming the TTL service; other items are left alone, and an expired item is still returned
until it is swept."""
import tempfile
import time

import pytest

from conftest import EXTERNAL, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

NOW = int(time.time())
ITEMS = {
    "expired": {"N": str(NOW - 60)},
    "expired-fraction": {"N": f"{NOW - 5}.25"},
    "future": {"N": str(NOW + 3600)},
    "a-string": {"S": str(NOW - 60)},                        # not a Number: kept
    "six-years-ago": {"N": str(NOW - 6 * 365 * 24 * 3600)},  # over five years: kept
    "no-ttl": None,
}
GONE = {"expired", "expired-fraction"}


def make_table(client, name):
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    client.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "AttributeName": "expires", "Enabled": True})
    for pk, ttl in ITEMS.items():
        item = {"pk": {"S": pk}, "g": {"S": "all"}}
        if ttl:
            item["expires"] = ttl
        client.put_item(TableName=name, Item=item)


def present(client, table):
    return {i["pk"]["S"] for i in client.scan(TableName=table, ConsistentRead=True)["Items"]}


def stream_records(server, client, table):
    streams = server.streams_client()
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    return streams.get_records(ShardIterator=iterator)["Records"]


def wait_until(condition, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_expired_items_are_deleted_with_their_index_entries_and_a_ttl_stream_record(start_server):
    server = start_server("--ttl-interval", "0.2")
    client = server.client()
    table = unique_name("ttl")
    make_table(client, table)
    assert wait_until(lambda: present(client, table) == set(ITEMS) - GONE)
    by_index = client.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g",
                            ExpressionAttributeValues={":g": {"S": "all"}})["Items"]
    assert {i["pk"]["S"] for i in by_index} == set(ITEMS) - GONE
    removes = [r for r in stream_records(server, client, table) if r["eventName"] == "REMOVE"]
    assert sorted(r["dynamodb"]["Keys"]["pk"]["S"] for r in removes) == sorted(GONE)
    for r in removes:
        assert r["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
        assert r["dynamodb"]["OldImage"]["expires"] == ITEMS[r["dynamodb"]["Keys"]["pk"]["S"]]
        assert "NewImage" not in r["dynamodb"]
    # A delete by a client carries no userIdentity.
    client.delete_item(TableName=table, Key={"pk": {"S": "no-ttl"}})
    last = stream_records(server, client, table)[-1]
    assert last["eventName"] == "REMOVE" and "userIdentity" not in last


def test_an_item_that_expires_later_is_deleted_then(start_server):
    server = start_server("--ttl-interval", "0.2")
    client = server.client()
    table = unique_name("ttl")
    make_table(client, table)
    soon = time.time() + 2
    client.put_item(TableName=table, Item={"pk": {"S": "soon"}, "g": {"S": "all"},
                                           "expires": {"N": str(int(soon) + 1)}})
    assert client.get_item(TableName=table, Key={"pk": {"S": "soon"}}).get("Item")
    assert wait_until(lambda: "soon" not in present(client, table))
    assert time.time() >= soon


def test_expired_items_are_returned_until_swept_and_disabling_ttl_keeps_them(start_server):
    server = start_server("--ttl-interval", "3600")
    client = server.client()
    table = unique_name("ttl")
    make_table(client, table)
    got = client.get_item(TableName=table, Key={"pk": {"S": "expired"}})
    assert got["Item"]["expires"] == ITEMS["expired"]
    assert present(client, table) == set(ITEMS)


def test_disabled_ttl_deletes_nothing(start_server):
    server = start_server("--ttl-interval", "0.2")
    client = server.client()
    table = unique_name("ttl")
    make_table(client, table)
    assert wait_until(lambda: present(client, table) == set(ITEMS) - GONE)
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "AttributeName": "expires", "Enabled": False})
    client.put_item(TableName=table, Item={"pk": {"S": "late"}, "g": {"S": "all"},
                                           "expires": {"N": str(NOW - 60)}})
    time.sleep(1)
    assert "late" in present(client, table)


def test_expiry_continues_after_a_restart_on_disk(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server("--ttl-interval", "3600", data_dir=data)
        client = server.client()
        table = unique_name("ttl")
        make_table(client, table)
        assert server.stop() == 0
        again = start_server("--ttl-interval", "0.2", data_dir=data)
        assert wait_until(lambda: present(again.client(), table) == set(ITEMS) - GONE)

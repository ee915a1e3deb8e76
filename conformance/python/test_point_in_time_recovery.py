"""Point-in-time recovery: RestoreTableToPointInTime.

With recovery turned on (UpdateContinuousBackups), a table can be restored into a new table
holding its items exactly as they were at any moment from EarliestRestorableDateTime (when
recovery was turned on) to LatestRestorableDateTime (now). Items written before recovery
was turned on count as the starting state; every later write (PutItem, UpdateItem,
DeleteItem, BatchWriteItem, TransactWriteItems, PartiQL, Time to Live deletions) counts at
the moment it was acknowledged. The restore answers CREATING with a RestoreSummary naming
the source table and the chosen moment, and the restored table becomes ACTIVE with its
items and rebuilt indexes, but without the stream, TTL setting, tags or recovery itself.
The history survives a restart and goes away with the setting or the table.

The tests record a moment T on the client between writes separated by ~0.2 s, so T falls
clearly between them whatever the server's timestamp granularity. DynamoDB Local has no
point-in-time recovery, so the file is skipped against an external endpoint.
"""
import datetime
import threading
import time

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL),
                                reason="DynamoDB Local has no point-in-time recovery")

ACTIVE_WAIT = {"Delay": 0.1, "MaxAttempts": 600}
GAP = 0.2


# ---------------------------------------------------------------- helpers

def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def at(t):
    """An epoch-seconds float as a timezone-aware datetime."""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def mark():
    """A moment clearly between the writes before and after it."""
    time.sleep(GAP)
    t = time.time()
    time.sleep(GAP)
    return t


def enable(client, table, **extra):
    spec = {"PointInTimeRecoveryEnabled": True, **extra}
    return client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification=spec)["ContinuousBackupsDescription"]


def disable(client, table):
    return client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
    )["ContinuousBackupsDescription"]


def pitr_of(client, table):
    return client.describe_continuous_backups(TableName=table)[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]


def wait_active(client, table):
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=ACTIVE_WAIT)
    return client.describe_table(TableName=table)["Table"]


def restore(client, source, moment=None, target=None, **extra):
    """RestoreTableToPointInTime to `moment` (epoch seconds) or the latest time, then waits
    for ACTIVE; returns (answer, described)."""
    target = target or unique_name("pitr-restored")
    args = dict(TargetTableName=target, **extra)
    if source is not None:
        args["SourceTableName"] = source
    if moment is None:
        args["UseLatestRestorableTime"] = True
    else:
        args["RestoreDateTime"] = at(moment)
    answer = client.restore_table_to_point_in_time(**args)["TableDescription"]
    return answer, wait_active(client, target)


def scan_all(client, table, **extra):
    items = []
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True,
                                                      **extra):
        items.extend(page["Items"])
    return items


def query_all(client, table, **extra):
    items = []
    for page in client.get_paginator("query").paginate(TableName=table, **extra):
        items.extend(page["Items"])
    return items


def normalized(value):
    """An attribute value (or item) with its sets in a fixed order."""
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else normalized(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def by_key(items, *key_names):
    key_names = key_names or ("pk",)
    return {tuple(str(item[k]) for k in key_names): normalized(item) for item in items}


def snapshot(client, table, *key_names):
    return by_key(scan_all(client, table), *key_names)


def restored_items(client, source, moment=None, *key_names, **extra):
    _, described = restore(client, source, moment, **extra)
    return snapshot(client, described["TableName"], *key_names)


def keys_of(items):
    """The pk strings of a by_key() result."""
    return sorted(item["pk"]["S"] for item in items.values())


def write_all(client, table, items):
    for start in range(0, len(items), 25):
        requests = {table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]}
        while requests:
            requests = client.batch_write_item(RequestItems=requests)["UnprocessedItems"]


def close_to(got, expected_epoch, slack=0.002):
    return abs(got.timestamp() - expected_epoch) <= slack


def index_table(client, name=None):
    """pk (S) / sk (N), a GSI by-g on g (S) + sk, a KEYS_ONLY GSI by-h on h (S), and an
    LSI by-l on pk + l (N)."""
    return create_table(
        client, name or unique_name("pitridx"), range_type="N",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"},
                              {"AttributeName": "h", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "by-g",
             "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "by-h",
             "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[
            {"IndexName": "by-l",
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "l", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "ALL"}}])


# ---------------------------------------------------------------- the scenario

def test_restore_to_a_moment_recovers_a_deleted_item_and_leaves_out_a_later_one(ddb):
    table = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    for key in ("a", "b", "c"):
        ddb.put_item(TableName=table, Item={"pk": S(key), "v": S(f"value-{key}")})
    t = mark()
    ddb.delete_item(TableName=table, Key={"pk": S("b")})
    ddb.put_item(TableName=table, Item={"pk": S("d"), "v": S("value-d")})
    current = snapshot(ddb, table)
    assert keys_of(current) == ["a", "c", "d"]

    at_t = restored_items(ddb, table, t)
    assert at_t == {(str(S(k)),): {"pk": S(k), "v": S(f"value-{k}")} for k in "abc"}
    assert restored_items(ddb, table) == current
    # The source is untouched by either restore.
    assert snapshot(ddb, table) == current


def test_restore_answer_and_the_restored_table(ddb):
    table = create_table(ddb, unique_name("pitr"), range_type="N")
    enable(ddb, table)
    items = [{"pk": S(f"p{i % 3}"), "sk": N(i), "v": S(f"v{i}")} for i in range(30)]
    write_all(ddb, table, items)
    t = mark()
    ddb.put_item(TableName=table, Item={"pk": S("later"), "sk": N(0)})
    source = ddb.describe_table(TableName=table)["Table"]
    target = unique_name("pitr-restored")
    answer = ddb.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=target, RestoreDateTime=at(t))["TableDescription"]
    assert answer["TableName"] == target
    assert answer["TableStatus"] == "CREATING"
    assert answer["ItemCount"] == 0
    assert answer["TableArn"] == source["TableArn"].rsplit("/", 1)[0] + "/" + target
    assert answer["TableId"] != source["TableId"]
    assert answer["KeySchema"] == source["KeySchema"]
    summary = answer["RestoreSummary"]
    assert "SourceBackupArn" not in summary
    assert summary["SourceTableArn"] == source["TableArn"]
    assert summary["RestoreInProgress"] is True
    assert close_to(summary["RestoreDateTime"], t), (summary["RestoreDateTime"], at(t))

    described = wait_active(ddb, target)
    assert described["TableStatus"] == "ACTIVE"
    assert described["TableId"] == answer["TableId"]
    summary = described["RestoreSummary"]
    assert "SourceBackupArn" not in summary
    assert summary["SourceTableArn"] == source["TableArn"]
    assert summary["RestoreInProgress"] is False
    assert close_to(summary["RestoreDateTime"], t)
    assert described["ItemCount"] == 30
    assert described["KeySchema"] == source["KeySchema"]
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert snapshot(ddb, target, "pk", "sk") == by_key(items, "pk", "sk")
    # The restored table is an ordinary table.
    ddb.put_item(TableName=target, Item={"pk": S("after"), "sk": N(1)})
    assert ddb.describe_table(TableName=target)["Table"]["ItemCount"] == 31


def test_use_latest_restorable_time_restores_the_current_state(ddb):
    table = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    write_all(ddb, table, [{"pk": S(f"k{i}"), "n": N(i)} for i in range(40)])
    ddb.delete_item(TableName=table, Key={"pk": S("k7")})
    ddb.update_item(TableName=table, Key={"pk": S("k8")}, UpdateExpression="SET n = :n",
                    ExpressionAttributeValues={":n": N(800)})
    before = time.time()
    answer, described = restore(ddb, table)
    after = time.time()
    moment = answer["RestoreSummary"]["RestoreDateTime"].timestamp()
    assert before - 0.002 <= moment <= after + 0.002
    assert described["ItemCount"] == 39
    assert snapshot(ddb, described["TableName"]) == snapshot(ddb, table)


def test_restore_by_source_table_arn(ddb):
    table = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    t = mark()
    ddb.put_item(TableName=table, Item={"pk": S("b")})
    table_arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    answer, described = restore(ddb, None, t, SourceTableArn=table_arn)
    assert answer["RestoreSummary"]["SourceTableArn"] == table_arn
    assert keys_of(snapshot(ddb, described["TableName"])) == ["a"]


# ---------------------------------------------------------------- the history

def test_describe_continuous_backups_shows_the_restorable_window(ddb):
    table = create_table(ddb, unique_name("pitr"))
    before = time.time()
    enable(ddb, table)
    after = time.time()
    pitr = pitr_of(ddb, table)
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["RecoveryPeriodInDays"] == 35
    earliest = pitr["EarliestRestorableDateTime"].timestamp()
    latest = pitr["LatestRestorableDateTime"].timestamp()
    assert before - 0.002 <= earliest <= after + 0.002
    assert earliest <= latest
    time.sleep(0.3)
    now = time.time()
    later = pitr_of(ddb, table)
    assert later["EarliestRestorableDateTime"].timestamp() == earliest
    assert now - 0.002 <= later["LatestRestorableDateTime"].timestamp() <= time.time() + 0.002


def test_items_written_before_recovery_was_turned_on_are_the_starting_state(ddb):
    table = create_table(ddb, unique_name("pitr"))
    items = [{"pk": S(f"old{i}"), "n": N(i)} for i in range(25)]
    write_all(ddb, table, items)
    time.sleep(GAP)
    enable(ddb, table)
    t = mark()
    ddb.delete_item(TableName=table, Key={"pk": S("old3")})
    ddb.put_item(TableName=table, Item={"pk": S("new"), "n": N(99)})
    assert restored_items(ddb, table, t) == by_key(items)
    assert keys_of(restored_items(ddb, table)) == sorted(
        [f"old{i}" for i in range(25) if i != 3] + ["new"])


def test_the_earliest_restorable_time_as_described_is_restorable(ddb):
    """EarliestRestorableDateTime from DescribeContinuousBackups, passed back unchanged as
    RestoreDateTime, is inside the window (tried on several tables, as the moment of
    turning recovery on falls anywhere within a millisecond)."""
    refused = []
    for _ in range(12):
        table = create_table(ddb, unique_name("pitrearly"))
        ddb.put_item(TableName=table, Item={"pk": S("there")})
        enable(ddb, table)
        earliest = pitr_of(ddb, table)["EarliestRestorableDateTime"]
        target = unique_name("pitr-restored")
        try:
            ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target,
                                               RestoreDateTime=earliest)
        except ddb.exceptions.ClientError as e:
            refused.append((earliest.isoformat(), e.response["Error"]["Message"]))
            continue
        wait_active(ddb, target)
        assert keys_of(snapshot(ddb, target)) == ["there"]
    assert refused == []


def put_steps(client, table):
    client.put_item(TableName=table, Item={"pk": S("d"), "v": N(4)})
    yield
    client.put_item(TableName=table, Item={"pk": S("a"), "v": N(10), "extra": S("x")})
    yield


def update_steps(client, table):
    client.update_item(TableName=table, Key={"pk": S("a")},
                       UpdateExpression="SET v = v + :one, tag = :t",
                       ExpressionAttributeValues={":one": N(1), ":t": S("updated")})
    yield
    client.update_item(TableName=table, Key={"pk": S("e")}, UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": N(5)})
    client.update_item(TableName=table, Key={"pk": S("b")}, UpdateExpression="REMOVE v")
    yield


def delete_steps(client, table):
    client.delete_item(TableName=table, Key={"pk": S("b")})
    yield
    client.delete_item(TableName=table, Key={"pk": S("a")},
                       ConditionExpression="attribute_exists(pk)")
    client.delete_item(TableName=table, Key={"pk": S("never-there")})
    yield


def batch_steps(client, table):
    client.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": S("d"), "v": N(4)}}},
        {"DeleteRequest": {"Key": {"pk": S("c")}}},
        {"PutRequest": {"Item": {"pk": S("a"), "v": N(100)}}}]})
    yield
    client.batch_write_item(RequestItems={table: [
        {"DeleteRequest": {"Key": {"pk": S("d")}}},
        {"PutRequest": {"Item": {"pk": S("e"), "v": N(5)}}}]})
    yield


def transact_steps(client, table):
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": S("d"), "v": N(4)}}},
        {"Update": {"TableName": table, "Key": {"pk": S("a")}, "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": N(11)}}},
        {"Delete": {"TableName": table, "Key": {"pk": S("b")}}},
        {"ConditionCheck": {"TableName": table, "Key": {"pk": S("c")},
                            "ConditionExpression": "attribute_exists(pk)"}}])
    yield
    client.transact_write_items(TransactItems=[
        {"Delete": {"TableName": table, "Key": {"pk": S("d")}}},
        {"Put": {"TableName": table, "Item": {"pk": S("b"), "v": N(22)}}}])
    yield


def partiql_steps(client, table):
    client.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'd', 'v': 4}}")
    client.execute_statement(Statement=f"UPDATE \"{table}\" SET v = 12 WHERE pk = 'a'")
    yield
    client.execute_statement(Statement=f"DELETE FROM \"{table}\" WHERE pk = 'b'")
    client.execute_statement(Statement=f"UPDATE \"{table}\" SET w = 'x' WHERE pk = 'd'")
    yield


@pytest.mark.parametrize("steps", [put_steps, update_steps, delete_steps, batch_steps,
                                   transact_steps, partiql_steps],
                         ids=["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                              "TransactWriteItems", "PartiQL"])
def test_every_kind_of_write_counts_at_the_moment_it_was_acknowledged(ddb, steps):
    table = create_table(ddb, unique_name("pitrw"))
    write_all(ddb, table, [{"pk": S(k), "v": N(i + 1)} for i, k in enumerate("abc")])
    enable(ddb, table)
    moments = [(mark(), snapshot(ddb, table))]
    for _ in steps(ddb, table):
        moments.append((mark(), snapshot(ddb, table)))
    assert moments[0][1] != moments[1][1] != moments[2][1]
    for t, expected in moments:
        assert restored_items(ddb, table, t) == expected
    assert restored_items(ddb, table) == moments[-1][1]


def test_time_to_live_deletions_count_when_they_happen(start_server):
    client = start_server("--ttl-interval", "0.2").client()
    table = create_table(client, unique_name("pitrttl"))
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "AttributeName": "expires", "Enabled": True})
    enable(client, table)
    client.put_item(TableName=table, Item={"pk": S("kept")})
    client.put_item(TableName=table, Item={"pk": S("expiring"),
                                           "expires": N(int(time.time()) + 2)})
    # Expiry is at least a second away: the item is still there at t_present.
    time.sleep(0.1)
    t_present = time.time()
    time.sleep(0.1)
    deadline = time.time() + 10
    while time.time() < deadline and "expiring" in keys_of(snapshot(client, table)):
        time.sleep(0.1)
    assert keys_of(snapshot(client, table)) == ["kept"]
    t_gone = mark()

    _, described = restore(client, table, t_present)
    restored = described["TableName"]
    assert keys_of(snapshot(client, restored)) == ["expiring", "kept"]
    assert keys_of(restored_items(client, table, t_gone)) == ["kept"]
    # TTL is not restored: the expired item stays in the restored table.
    assert client.describe_time_to_live(TableName=restored)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    time.sleep(0.8)
    assert keys_of(snapshot(client, restored)) == ["expiring", "kept"]


def test_history_survives_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    create_table(client, "pitr-durable")
    enable(client, "pitr-durable")
    earliest = pitr_of(client, "pitr-durable")["EarliestRestorableDateTime"]
    client.put_item(TableName="pitr-durable", Item={"pk": S("a"), "v": N(1)})
    client.put_item(TableName="pitr-durable", Item={"pk": S("b"), "v": N(2)})
    t = mark()
    client.delete_item(TableName="pitr-durable", Key={"pk": S("a")})
    client.put_item(TableName="pitr-durable", Item={"pk": S("c"), "v": N(3)})
    t2 = mark()
    assert first.stop() == 0

    second = start_server(data_dir=str(tmp_path))
    client = second.client()
    pitr = pitr_of(client, "pitr-durable")
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["EarliestRestorableDateTime"] == earliest
    # Writes after the restart join the same history.
    client.update_item(TableName="pitr-durable", Key={"pk": S("b")},
                       UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": N(20)})
    assert restored_items(client, "pitr-durable", t) == {
        (str(S("a")),): {"pk": S("a"), "v": N(1)}, (str(S("b")),): {"pk": S("b"), "v": N(2)}}
    assert restored_items(client, "pitr-durable", t2) == {
        (str(S("b")),): {"pk": S("b"), "v": N(2)}, (str(S("c")),): {"pk": S("c"), "v": N(3)}}
    assert restored_items(client, "pitr-durable") == {
        (str(S("b")),): {"pk": S("b"), "v": N(20)}, (str(S("c")),): {"pk": S("c"), "v": N(3)}}


# ---------------------------------------------------------------- the restored table

def test_restore_rebuilds_global_and_local_secondary_indexes(ddb):
    table = index_table(ddb)
    items = [{"pk": S(f"p{i % 2}"), "sk": N(i), "g": S("even" if i % 2 == 0 else "odd"),
              "h": S(f"h{i % 5}"), "l": N(100 - i), "v": S(f"value-{i}")} for i in range(20)]
    write_all(ddb, table, items)
    enable(ddb, table)
    t = mark()
    # After T: items move between index partitions, leave them, or disappear.
    ddb.update_item(TableName=table, Key={"pk": S("p0"), "sk": N(0)},
                    UpdateExpression="SET g = :g, l = :l",
                    ExpressionAttributeValues={":g": S("odd"), ":l": N(1)})
    ddb.update_item(TableName=table, Key={"pk": S("p0"), "sk": N(2)}, UpdateExpression="REMOVE h")
    ddb.delete_item(TableName=table, Key={"pk": S("p1"), "sk": N(3)})
    ddb.put_item(TableName=table, Item={"pk": S("p1"), "sk": N(99), "g": S("even"),
                                        "h": S("h3"), "l": N(50)})
    source = ddb.describe_table(TableName=table)["Table"]
    _, restored = restore(ddb, table, t)
    target = restored["TableName"]

    def shape(indexes):
        return {i["IndexName"]: (i["KeySchema"], i["Projection"]) for i in indexes}

    assert shape(restored["GlobalSecondaryIndexes"]) == shape(source["GlobalSecondaryIndexes"])
    assert shape(restored["LocalSecondaryIndexes"]) == shape(source["LocalSecondaryIndexes"])
    assert all(g["IndexStatus"] == "ACTIVE" for g in restored["GlobalSecondaryIndexes"])
    assert snapshot(ddb, target, "pk", "sk") == by_key(items, "pk", "sk")

    even = query_all(ddb, target, IndexName="by-g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": S("even")})
    assert [i["sk"] for i in even] == [N(i) for i in range(0, 20, 2)]
    assert even == [i for i in items if i["g"] == S("even")]
    h3 = query_all(ddb, target, IndexName="by-h", KeyConditionExpression="h = :h",
                   ExpressionAttributeValues={":h": S("h3")})
    assert sorted(int(i["sk"]["N"]) for i in h3) == [3, 8, 13, 18]
    h2 = query_all(ddb, target, IndexName="by-h", KeyConditionExpression="h = :h",
                   ExpressionAttributeValues={":h": S("h2")})
    assert sorted(int(i["sk"]["N"]) for i in h2) == [2, 7, 12, 17]
    p0 = query_all(ddb, target, IndexName="by-l", KeyConditionExpression="pk = :p AND l < :l",
                   ExpressionAttributeValues={":p": S("p0"), ":l": N(90)})
    # pk p0 has sk 0, 2, ..., 18 with l = 100 - sk; l < 90 means sk > 10, ascending l.
    assert [i["sk"] for i in p0] == [N(i) for i in (18, 16, 14, 12)]


def test_restore_leaves_out_stream_ttl_tags_and_point_in_time_recovery(ddb):
    name = unique_name("pitrextras")
    source = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        Tags=[{"Key": "team", "Value": "core"}])["TableDescription"]
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    enable(ddb, name)
    ddb.put_item(TableName=name, Item={"pk": S("a"), "expires": N(4102444800)})
    _, restored = restore(ddb, name)
    target = restored["TableName"]
    assert restored["ItemCount"] == 1
    assert "LatestStreamArn" not in restored
    assert "StreamSpecification" not in restored
    assert ddb.describe_time_to_live(TableName=target)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    assert ddb.list_tags_of_resource(ResourceArn=restored["TableArn"])["Tags"] == []
    assert pitr_of(ddb, target) == {"PointInTimeRecoveryStatus": "DISABLED"}
    assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=target,
                    TargetTableName=unique_name("pitr-never"),
                    UseLatestRestorableTime=True)[0] == "PointInTimeRecoveryUnavailableException"
    # The source keeps all of them.
    assert ddb.list_tags_of_resource(ResourceArn=source["TableArn"])["Tags"] == [
        {"Key": "team", "Value": "core"}]
    assert pitr_of(ddb, name)["PointInTimeRecoveryStatus"] == "ENABLED"
    assert ddb.describe_table(TableName=name)["Table"]["StreamSpecification"][
        "StreamEnabled"] is True


def test_billing_throughput_and_sse_overrides(ddb):
    table = unique_name("pitrprov")
    ddb.create_table(TableName=table, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7})
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("a")})

    _, kept = restore(ddb, table)
    assert kept.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})[
        "BillingMode"] == "PROVISIONED"
    assert (kept["ProvisionedThroughput"]["ReadCapacityUnits"],
            kept["ProvisionedThroughput"]["WriteCapacityUnits"]) == (5, 7)

    _, throughput = restore(ddb, table, ProvisionedThroughputOverride={
        "ReadCapacityUnits": 10, "WriteCapacityUnits": 20})
    assert (throughput["ProvisionedThroughput"]["ReadCapacityUnits"],
            throughput["ProvisionedThroughput"]["WriteCapacityUnits"]) == (10, 20)

    _, on_demand = restore(ddb, table, BillingModeOverride="PAY_PER_REQUEST",
                           SSESpecificationOverride={"Enabled": True, "SSEType": "KMS"})
    assert on_demand["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert on_demand["SSEDescription"]["Status"] == "ENABLED"
    assert on_demand["SSEDescription"]["SSEType"] == "KMS"
    for described in (kept, throughput, on_demand):
        assert described["ItemCount"] == 1


def test_index_overrides(ddb):
    table = index_table(ddb)
    items = [{"pk": S(f"p{i % 2}"), "sk": N(i), "g": S("all"), "h": S(f"h{i % 3}"),
              "l": N(i)} for i in range(10)]
    write_all(ddb, table, items)
    enable(ddb, table)
    source = ddb.describe_table(TableName=table)["Table"]

    _, bare = restore(ddb, table, GlobalSecondaryIndexOverride=[], LocalSecondaryIndexOverride=[])
    assert not bare.get("GlobalSecondaryIndexes")
    assert not bare.get("LocalSecondaryIndexes")
    assert snapshot(ddb, bare["TableName"], "pk", "sk") == by_key(items, "pk", "sk")
    assert error_of(ddb.query, TableName=bare["TableName"], IndexName="by-g",
                    KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": S("all")})[0] == "ValidationException"

    keep = [{k: g[k] for k in ("IndexName", "KeySchema", "Projection")}
            for g in source["GlobalSecondaryIndexes"] if g["IndexName"] == "by-h"]
    _, some = restore(ddb, table, GlobalSecondaryIndexOverride=keep)
    assert [g["IndexName"] for g in some["GlobalSecondaryIndexes"]] == ["by-h"]
    assert [i["IndexName"] for i in some["LocalSecondaryIndexes"]] == ["by-l"]
    h1 = query_all(ddb, some["TableName"], IndexName="by-h", KeyConditionExpression="h = :h",
                   ExpressionAttributeValues={":h": S("h1")})
    assert sorted(int(i["sk"]["N"]) for i in h1) == [1, 4, 7]
    by_l = query_all(ddb, some["TableName"], IndexName="by-l",
                     KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("p1")})
    assert [i["l"] for i in by_l] == [N(i) for i in (1, 3, 5, 7, 9)]


# ---------------------------------------------------------------- errors

def test_restore_from_an_unknown_table(ddb):
    name = unique_name("pitr-absent")
    target = unique_name("pitr-never")
    assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=name,
                    TargetTableName=target, UseLatestRestorableTime=True) == (
        "TableNotFoundException", f"Table not found: {name}", 400)
    existing = create_table(ddb, unique_name("pitr"))
    arn = ddb.describe_table(TableName=existing)["Table"]["TableArn"].rsplit("/", 1)[0] + \
        "/" + name
    code, _, status = error_of(ddb.restore_table_to_point_in_time, SourceTableArn=arn,
                               TargetTableName=target, UseLatestRestorableTime=True)
    assert (code, status) == ("TableNotFoundException", 400)
    assert error_of(ddb.describe_table, TableName=target)[0] == "ResourceNotFoundException"


def test_restore_without_point_in_time_recovery(ddb):
    table = create_table(ddb, unique_name("pitroff"))
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    target = unique_name("pitr-never")
    for moment in ({"UseLatestRestorableTime": True},
                   {"RestoreDateTime": at(time.time() - 1)}):
        code, message, status = error_of(ddb.restore_table_to_point_in_time,
                                         SourceTableName=table, TargetTableName=target,
                                         **moment)
        assert (code, status) == ("PointInTimeRecoveryUnavailableException", 400)
        assert table in message
    assert error_of(ddb.describe_table, TableName=target)[0] == "ResourceNotFoundException"


def test_restore_time_outside_the_window(ddb):
    table = create_table(ddb, unique_name("pitr"))
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    enable(ddb, table)
    earliest = pitr_of(ddb, table)["EarliestRestorableDateTime"].timestamp()
    target = unique_name("pitr-never")
    for moment in (earliest - 1, earliest - 3600, time.time() + 60, time.time() + 86400):
        code, _, status = error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                                   TargetTableName=target, RestoreDateTime=at(moment))
        assert (code, status) == ("InvalidRestoreTimeException", 400), moment
    assert error_of(ddb.describe_table, TableName=target)[0] == "ResourceNotFoundException"


def test_restore_onto_an_existing_table(ddb):
    table = create_table(ddb, unique_name("pitr"))
    ddb.put_item(TableName=table, Item={"pk": S("original")})
    enable(ddb, table)
    other = create_table(ddb, unique_name("pitr"))
    for target in (table, other):
        assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                        TargetTableName=target, UseLatestRestorableTime=True) == (
            "TableAlreadyExistsException", f"Table already exists: {target}", 400)
    assert ddb.describe_table(TableName=other)["Table"]["ItemCount"] == 0
    assert keys_of(snapshot(ddb, table)) == ["original"]


def test_restore_needs_a_source(ddb):
    target = unique_name("pitr-never")
    code, _, status = error_of(ddb.restore_table_to_point_in_time, TargetTableName=target,
                               UseLatestRestorableTime=True)
    assert (code, status) == ("ValidationException", 400)
    assert error_of(ddb.describe_table, TableName=target)[0] == "ResourceNotFoundException"


# ---------------------------------------------------------------- the setting and the table

def test_turning_recovery_off_and_on_again_starts_a_fresh_history(ddb):
    table = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    t_first = mark()
    description = disable(ddb, table)
    assert description["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == \
        "DISABLED"
    assert pitr_of(ddb, table)["PointInTimeRecoveryStatus"] == "DISABLED"
    target = unique_name("pitr-never")
    for moment in ({"UseLatestRestorableTime": True}, {"RestoreDateTime": at(t_first)}):
        assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                        TargetTableName=target, **moment)[0] == \
            "PointInTimeRecoveryUnavailableException"
    ddb.put_item(TableName=table, Item={"pk": S("b")})
    t_off = mark()

    before = time.time()
    enable(ddb, table)
    after = time.time()
    earliest = pitr_of(ddb, table)["EarliestRestorableDateTime"].timestamp()
    assert before - 0.002 <= earliest <= after + 0.002
    for moment in (t_first, t_off):
        assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                        TargetTableName=target, RestoreDateTime=at(moment))[0] == \
            "InvalidRestoreTimeException"
    t_on = mark()
    ddb.put_item(TableName=table, Item={"pk": S("c")})
    # The new history starts from the items as they were when recovery came back on.
    assert keys_of(restored_items(ddb, table, t_on)) == ["a", "b"]
    assert keys_of(restored_items(ddb, table)) == ["a", "b", "c"]


def test_deleting_the_source_table_deletes_its_history(ddb):
    table = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    t = mark()
    ddb.delete_table(TableName=table)
    ddb.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig=ACTIVE_WAIT)
    target = unique_name("pitr-never")
    for moment in ({"UseLatestRestorableTime": True}, {"RestoreDateTime": at(t)}):
        assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                        TargetTableName=target, **moment) == (
            "TableNotFoundException", f"Table not found: {table}", 400)
    # A new table of the same name has none of the old history.
    create_table(ddb, table)
    assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                    TargetTableName=target, RestoreDateTime=at(t))[0] == \
        "PointInTimeRecoveryUnavailableException"
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={"pk": S("fresh")})
    assert error_of(ddb.restore_table_to_point_in_time, SourceTableName=table,
                    TargetTableName=target, RestoreDateTime=at(t))[0] == \
        "InvalidRestoreTimeException"
    assert keys_of(restored_items(ddb, table)) == ["fresh"]


def test_concurrent_writes_with_recovery_on(server):
    client = server.client()
    table = create_table(client, unique_name("pitrconc"))
    write_all(client, table, [{"pk": S(f"k{i:03d}"), "n": N(0)} for i in range(50)])
    enable(client, table)
    failures = []

    def worker(w):
        c = server.client()
        try:
            for i in range(80):
                key = S(f"k{(w * 37 + i * 7) % 120:03d}")
                if i % 4 == 0:
                    c.delete_item(TableName=table, Key={"pk": key})
                elif i % 4 == 1:
                    c.update_item(TableName=table, Key={"pk": key},
                                  UpdateExpression="ADD n :one SET w = :w",
                                  ExpressionAttributeValues={":one": N(1), ":w": N(w)})
                else:
                    c.put_item(TableName=table, Item={"pk": key, "n": N(i), "w": N(w),
                                                      "payload": S("x" * i)})
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    current = snapshot(client, table)
    assert len(current) > 50
    assert restored_items(client, table) == current


def test_deleting_a_table_with_recovery_on_keeps_a_system_backup_for_35_days(ddb):
    table = create_table(ddb, unique_name("pitr"))
    plain = create_table(ddb, unique_name("pitr"))
    enable(ddb, table)
    items = [{"pk": S(f"k{i}"), "n": N(i)} for i in range(5)]
    write_all(ddb, table, items)
    ddb.delete_table(TableName=table)
    ddb.delete_table(TableName=plain)

    def listed(kind, name):
        return [b for b in ddb.list_backups(BackupType=kind)["BackupSummaries"]
                if b["TableName"] == name]
    system = listed("SYSTEM", table)
    assert [(b["BackupName"], b["BackupType"], b["BackupStatus"]) for b in system] == \
        [(f"{table}$DeletedTableBackup", "SYSTEM", "AVAILABLE")]
    backup = system[0]
    expiry = backup["BackupExpiryDateTime"] - backup["BackupCreationDateTime"]
    assert expiry == datetime.timedelta(days=35)
    assert listed("USER", table) == [] and listed("ALL", table) == system
    assert listed("SYSTEM", plain) == []  # recovery was off: no backup
    details = ddb.describe_backup(BackupArn=backup["BackupArn"])["BackupDescription"]
    assert details["BackupDetails"]["BackupType"] == "SYSTEM"
    assert details["SourceTableDetails"]["ItemCount"] == 5
    # It restores the table as it was when it was deleted.
    target = unique_name("pitr")
    ddb.restore_table_from_backup(TargetTableName=target, BackupArn=backup["BackupArn"])
    wait_active(ddb, target)
    assert snapshot(ddb, target, "pk") == by_key(items, "pk")

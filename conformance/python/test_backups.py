"""On-demand backups (CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
RestoreTableFromBackup) and continuous backups / point-in-time recovery
settings (DescribeContinuousBackups, UpdateContinuousBackups).

The shapes, statuses and messages are DynamoDB's: an ARN of the table ARN +
"/backup/" + 14-digit epoch milliseconds + "-" + 8 hex digits, CREATING in the
CreateBackup answer and AVAILABLE afterwards, "Backup not found: <arn>",
"Table not found: <name>", a restore that starts CREATING with a RestoreSummary
and restores items, indexes, billing mode and key schema but not streams, TTL,
tags or deletion protection. DynamoDB Local has no backup operations at all,
so the file is skipped against an external endpoint.
"""
import datetime
import re
import threading
import time

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local has no backup operations")

BACKUP_ARN = re.compile(r"^(?P<table>arn:aws:dynamodb:[a-z0-9-]+:\d+:table/[a-zA-Z0-9_.-]+)"
                        r"/backup/(?P<ms>\d{14})-(?P<hex>[0-9a-f]{8})$")
ACTIVE_WAIT = {"Delay": 0.1, "MaxAttempts": 600}


# ---------------------------------------------------------------- helpers

def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def epoch_ms(moment):
    return round(moment.timestamp() * 1000)


def backup(client, table, name=None):
    """CreateBackup; returns its BackupDetails."""
    return client.create_backup(TableName=table,
                                BackupName=name or unique_name("bk"))["BackupDetails"]


def wait_active(client, table):
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=ACTIVE_WAIT)
    return client.describe_table(TableName=table)["Table"]


def restore(client, arn, target=None, **overrides):
    """RestoreTableFromBackup, then waits for ACTIVE; returns (answer, described)."""
    target = target or unique_name("restored")
    answer = client.restore_table_from_backup(TargetTableName=target, BackupArn=arn,
                                              **overrides)["TableDescription"]
    return answer, wait_active(client, target)


def write_all(client, table, items):
    for start in range(0, len(items), 25):
        requests = {table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]}
        while requests:
            requests = client.batch_write_item(RequestItems=requests)["UnprocessedItems"]


def scan_all(client, table, **extra):
    items = []
    for page in client.get_paginator("scan").paginate(TableName=table, **extra):
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
        out = {}
        for k, v in value.items():
            if k in ("SS", "NS", "BS"):
                out[k] = sorted(v)
            else:
                out[k] = normalized(v)
        return out
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def by_key(items, *key_names):
    return {tuple(str(item[k]) for k in key_names): normalized(item) for item in items}


def my_summaries(client, arns, **extra):
    """ListBackups (all pages) narrowed to the given ARNs, in the order listed."""
    wanted, found, start = set(arns), [], None
    while True:
        args = dict(extra)
        if start:
            args["ExclusiveStartBackupArn"] = start
        page = client.list_backups(**args)
        found.extend(s for s in page["BackupSummaries"] if s["BackupArn"] in wanted)
        start = page.get("LastEvaluatedBackupArn")
        if not start:
            return found


def item_count(client, table):
    return client.describe_table(TableName=table)["Table"]["ItemCount"]


def index_table(client, name=None, **extra):
    """pk (S) / sk (N), a GSI by-g on g (S) + sk, a second GSI by-h on h (S), and an
    LSI by-l on pk + l (N)."""
    return create_table(
        client, name or unique_name("bkidx"), range_type="N",
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
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]}}],
        **extra)


def index_items(count=20):
    return [{"pk": S(f"p{i % 2}"), "sk": N(i), "g": S("even" if i % 2 == 0 else "odd"),
             "h": S(f"h{i % 5}"), "l": N(100 - i), "v": S(f"value-{i}"), "other": N(i * 3)}
            for i in range(count)]


def rich_item(i):
    return {
        "pk": S(f"item-{i:04d}"),
        "n": N(i),
        "fraction": N(f"{i}.5"),
        "s": S("x" * (i % 37)),
        "b": {"B": bytes([i % 256, (i * 7) % 256, 0, 255])},
        "flag": {"BOOL": i % 3 == 0},
        "nothing": {"NULL": True},
        "list": {"L": [N(i), S(f"l{i}"), {"M": {"deep": S("yes")}}]},
        "map": {"M": {"a": N(-i), "b": {"L": []}, "c": {"SS": ["k", f"k{i}"]}}},
        "ss": {"SS": [f"s{i}", "common", "zeta"]},
        "ns": {"NS": [str(i), "-1", "3.25"]},
        "bs": {"BS": [b"\x00", bytes([i % 200 + 1])]},
    }


def provisioned_table(client, rcu=5, wcu=7):
    name = unique_name("bkprov")
    client.create_table(TableName=name,
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        ProvisionedThroughput={"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu})
    return name


def missing_arn(client, table):
    table_arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    return f"{table_arn}/backup/01576616366715-b4e58d3a"


# ---------------------------------------------------------------- CreateBackup

def test_create_backup_answers_creating_user_backup_details(ddb):
    table = create_table(ddb, unique_name("bk"))
    table_arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    before = now()
    details = ddb.create_backup(TableName=table, BackupName="first-backup")["BackupDetails"]
    after = now()
    assert set(details) >= {"BackupArn", "BackupName", "BackupSizeBytes", "BackupStatus",
                            "BackupType", "BackupCreationDateTime"}
    assert details["BackupName"] == "first-backup"
    assert details["BackupStatus"] == "CREATING"
    assert details["BackupType"] == "USER"
    assert isinstance(details["BackupSizeBytes"], int) and details["BackupSizeBytes"] >= 0
    assert "BackupExpiryDateTime" not in details
    created = details["BackupCreationDateTime"]
    assert isinstance(created, datetime.datetime)
    second = datetime.timedelta(seconds=1)
    assert before - second <= created <= after + second
    match = BACKUP_ARN.match(details["BackupArn"])
    assert match, details["BackupArn"]
    assert match["table"] == table_arn
    assert abs(int(match["ms"]) - epoch_ms(created)) <= 1


def test_the_arn_time_part_is_the_creation_time_in_milliseconds(ddb):
    # DynamoDB's example: .../backup/01576616366715-b4e58d3a created at 1576616366.715.
    table = create_table(ddb, unique_name("bk"))
    pairs = []
    for _ in range(20):
        details = backup(ddb, table)
        pairs.append((int(BACKUP_ARN.match(details["BackupArn"])["ms"]),
                      epoch_ms(details["BackupCreationDateTime"])))
    assert [arn_ms for arn_ms, _ in pairs] == [created_ms for _, created_ms in pairs]


def test_two_backups_of_one_table_get_distinct_arns(ddb):
    table = create_table(ddb, unique_name("bk"))
    first = backup(ddb, table, "same-name")
    second = backup(ddb, table, "same-name")
    assert first["BackupArn"] != second["BackupArn"]
    assert ddb.describe_backup(BackupArn=first["BackupArn"])["BackupDescription"][
        "BackupDetails"]["BackupName"] == "same-name"
    assert ddb.describe_backup(BackupArn=second["BackupArn"])["BackupDescription"][
        "BackupDetails"]["BackupName"] == "same-name"


def test_create_backup_of_unknown_table(ddb):
    name = unique_name("absent")
    assert error_of(ddb.create_backup, TableName=name, BackupName="nope") == (
        "TableNotFoundException", f"Table not found: {name}", 400)


@pytest.mark.parametrize("backup_name", ["abc", "a_b.c-D9", "x" * 255])
def test_backup_names_at_the_limits_are_accepted(ddb, backup_name):
    table = create_table(ddb, unique_name("bk"))
    assert backup(ddb, table, backup_name)["BackupName"] == backup_name


@pytest.mark.parametrize("backup_name", ["ab", "x" * 256, "has space", "slash/es", "bang!", ""])
def test_invalid_backup_names_are_refused(ddb, backup_name):
    table = create_table(ddb, unique_name("bk"))
    code, message, status = error_of(ddb.create_backup, TableName=table, BackupName=backup_name)
    assert (code, status) == ("ValidationException", 400)
    assert message


def test_create_backup_needs_a_table_name_and_a_backup_name(ddb):
    table = create_table(ddb, unique_name("bk"))
    assert error_of(ddb.create_backup, BackupName="named")[0] == "ValidationException"
    assert error_of(ddb.create_backup, TableName=table)[0] == "ValidationException"


def test_a_backup_is_a_snapshot_and_writes_after_it_keep_working(ddb):
    table = create_table(ddb, unique_name("bksnap"))
    write_all(ddb, table, [{"pk": S(f"k{i}"), "v": N(i)} for i in range(10)])
    arn = backup(ddb, table)["BackupArn"]
    # Writes after CreateBackup: new items, an overwrite, an update, a delete.
    write_all(ddb, table, [{"pk": S(f"new{i}"), "v": N(i)} for i in range(5)])
    ddb.put_item(TableName=table, Item={"pk": S("k0"), "v": S("overwritten")})
    ddb.update_item(TableName=table, Key={"pk": S("k1")}, UpdateExpression="SET extra = :x",
                    ExpressionAttributeValues={":x": S("added")})
    ddb.delete_item(TableName=table, Key={"pk": S("k2")})
    assert item_count(ddb, table) == 14
    assert ddb.get_item(TableName=table, Key={"pk": S("k1")})["Item"]["extra"] == S("added")

    _, restored = restore(ddb, arn)
    items = by_key(scan_all(ddb, restored["TableName"]), "pk")
    assert items == by_key([{"pk": S(f"k{i}"), "v": N(i)} for i in range(10)], "pk")
    assert restored["ItemCount"] == 10


def test_writes_during_create_backup_keep_working(ddb):
    table = create_table(ddb, unique_name("bkbusy"))
    errors, written = [], []

    def writer():
        try:
            for i in range(300):
                ddb.put_item(TableName=table, Item={"pk": S(f"w{i:03d}"), "v": N(i)})
                written.append(i)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    thread = threading.Thread(target=writer)
    thread.start()
    arns = [backup(ddb, table)["BackupArn"]]
    while thread.is_alive() and len(arns) < 20:
        arns.append(backup(ddb, table)["BackupArn"])
    thread.join()
    assert errors == []
    assert len(written) == 300
    assert item_count(ddb, table) == 300
    assert arns
    for arn in arns:
        assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
            "BackupStatus"] == "AVAILABLE"
    # Each item of a backup taken mid-stream is one that was written, whole.
    _, restored = restore(ddb, arns[len(arns) // 2])
    for item in scan_all(ddb, restored["TableName"]):
        assert item == {"pk": item["pk"], "v": N(int(item["pk"]["S"][1:]))}


# ---------------------------------------------------------------- DescribeBackup

def test_describe_backup_is_available_with_the_source_table(ddb):
    table = create_table(ddb, unique_name("bkdesc"), range_type="N")
    write_all(ddb, table, [{"pk": S("a"), "sk": N(i), "v": S("x" * 10)} for i in range(3)])
    source = ddb.describe_table(TableName=table)["Table"]
    details = backup(ddb, table, "described")
    description = ddb.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert set(description) == {"BackupDetails", "SourceTableDetails", "SourceTableFeatureDetails"}

    got = description["BackupDetails"]
    assert got["BackupStatus"] == "AVAILABLE"
    for field in ("BackupArn", "BackupName", "BackupType", "BackupCreationDateTime"):
        assert got[field] == details[field]
    assert isinstance(got["BackupSizeBytes"], int) and got["BackupSizeBytes"] >= 0

    table_details = description["SourceTableDetails"]
    assert table_details["TableName"] == table
    assert table_details["TableId"] == source["TableId"]
    assert table_details["TableArn"] == source["TableArn"]
    assert isinstance(table_details["TableSizeBytes"], int)
    assert table_details["TableSizeBytes"] >= 0
    assert table_details["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                          {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert table_details["TableCreationDateTime"] == source["CreationDateTime"]
    assert table_details["ProvisionedThroughput"] == {"ReadCapacityUnits": 0,
                                                      "WriteCapacityUnits": 0}
    assert table_details["ItemCount"] == 3
    assert table_details["BillingMode"] == "PAY_PER_REQUEST"
    # A table without indexes, stream or TTL has an empty feature object.
    assert description["SourceTableFeatureDetails"] == {}


def test_describe_backup_of_a_provisioned_table(ddb):
    table = provisioned_table(ddb, 5, 7)
    details = ddb.describe_backup(BackupArn=backup(ddb, table)["BackupArn"])[
        "BackupDescription"]["SourceTableDetails"]
    assert details["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 7}
    assert details["BillingMode"] == "PROVISIONED"
    assert details["ItemCount"] == 0


def test_describe_backup_lists_the_source_table_features(ddb):
    table = index_table(ddb, StreamSpecification={"StreamEnabled": True,
                                                  "StreamViewType": "NEW_IMAGE"})
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    features = ddb.describe_backup(BackupArn=backup(ddb, table)["BackupArn"])[
        "BackupDescription"]["SourceTableFeatureDetails"]
    assert [(i["IndexName"], i["KeySchema"], i["Projection"])
            for i in features["LocalSecondaryIndexes"]] == [
        ("by-l", [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "l", "KeyType": "RANGE"}],
         {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]})]
    gsis = {i["IndexName"]: (i["KeySchema"], i["Projection"])
            for i in features["GlobalSecondaryIndexes"]}
    assert gsis == {
        "by-g": ([{"AttributeName": "g", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}], {"ProjectionType": "ALL"}),
        "by-h": ([{"AttributeName": "h", "KeyType": "HASH"}], {"ProjectionType": "KEYS_ONLY"})}
    assert features["StreamDescription"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert features["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED",
                                                 "AttributeName": "expires"}


def test_describe_unknown_backup(ddb):
    table = create_table(ddb, unique_name("bk"))
    arn = missing_arn(ddb, table)
    assert error_of(ddb.describe_backup, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)


def test_describe_backup_of_a_table_that_never_existed(ddb):
    arn = ("arn:aws:dynamodb:us-east-1:000000000000:table/never-there/backup/"
           "01700000000000-0123abcd")
    assert error_of(ddb.describe_backup, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)


@pytest.mark.parametrize("arn", ["short", "arn:aws:dynamodb:us-east-1:0:table/x"])
def test_describe_backup_with_a_too_short_arn(ddb, arn):
    assert len(arn) < 37
    code, message, status = error_of(ddb.describe_backup, BackupArn=arn)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected")
    assert "'backupArn'" in message


# ---------------------------------------------------------------- ListBackups

def test_list_backups_of_a_table_oldest_first_with_every_field(ddb):
    table = create_table(ddb, unique_name("bklist"))
    other = create_table(ddb, unique_name("bklist"))
    source = ddb.describe_table(TableName=table)["Table"]
    first = backup(ddb, table, "one")
    time.sleep(0.01)
    backup(ddb, other, "elsewhere")
    time.sleep(0.01)
    second = backup(ddb, table, "two")
    summaries = ddb.list_backups(TableName=table)["BackupSummaries"]
    assert [s["BackupArn"] for s in summaries] == [first["BackupArn"], second["BackupArn"]]
    for summary, details in zip(summaries, (first, second)):
        assert summary["TableName"] == table
        assert summary["TableId"] == source["TableId"]
        assert summary["TableArn"] == source["TableArn"]
        assert summary["BackupName"] == details["BackupName"]
        assert summary["BackupCreationDateTime"] == details["BackupCreationDateTime"]
        assert summary["BackupStatus"] == "AVAILABLE"
        assert summary["BackupType"] == "USER"
        assert isinstance(summary["BackupSizeBytes"], int) and summary["BackupSizeBytes"] >= 0
        assert "BackupExpiryDateTime" not in summary


def test_list_backups_without_a_table_lists_all_oldest_first(ddb):
    tables = [create_table(ddb, unique_name("bkall")) for _ in range(2)]
    arns = []
    for t in tables + tables:
        arns.append(backup(ddb, t)["BackupArn"])
        time.sleep(0.01)
    summaries = ddb.list_backups()["BackupSummaries"]
    created = [s["BackupCreationDateTime"] for s in summaries]
    assert created == sorted(created)
    assert [s["BackupArn"] for s in summaries if s["BackupArn"] in arns] == arns


def test_list_backups_pages_with_limit(ddb):
    table = create_table(ddb, unique_name("bkpage"))
    arns = []
    for _ in range(5):
        arns.append(backup(ddb, table)["BackupArn"])
        time.sleep(0.01)
    page = ddb.list_backups(TableName=table, Limit=2)
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == arns[:2]
    assert page["LastEvaluatedBackupArn"] == arns[1]
    page = ddb.list_backups(TableName=table, Limit=2, ExclusiveStartBackupArn=arns[1])
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == arns[2:4]
    assert page["LastEvaluatedBackupArn"] == arns[3]
    page = ddb.list_backups(TableName=table, Limit=2, ExclusiveStartBackupArn=arns[3])
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == arns[4:]
    assert "LastEvaluatedBackupArn" not in page
    # A page that holds everything needs no continuation.
    page = ddb.list_backups(TableName=table, Limit=100)
    assert [s["BackupArn"] for s in page["BackupSummaries"]] == arns
    assert "LastEvaluatedBackupArn" not in page
    # boto3's paginator follows LastEvaluatedBackupArn.
    pages = ddb.get_paginator("list_backups").paginate(TableName=table,
                                                       PaginationConfig={"PageSize": 2})
    assert [s["BackupArn"] for p in pages for s in p["BackupSummaries"]] == arns


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_list_backups_limit_out_of_range(ddb, limit):
    code, _, status = error_of(ddb.list_backups, Limit=limit)
    assert (code, status) == ("ValidationException", 400)


def test_list_backups_time_range_filters_by_creation_time(ddb):
    table = create_table(ddb, unique_name("bktime"))
    made = []
    for _ in range(3):
        made.append(backup(ddb, table))
        time.sleep(0.03)
    arns = [d["BackupArn"] for d in made]
    t1, t2, t3 = (d["BackupCreationDateTime"] for d in made)
    assert t1 < t2 < t3
    between_1_2, between_2_3 = t1 + (t2 - t1) / 2, t2 + (t3 - t2) / 2

    def listed(**bounds):
        return [s["BackupArn"] for s in ddb.list_backups(TableName=table, **bounds)[
            "BackupSummaries"]]

    assert listed(TimeRangeLowerBound=between_1_2) == arns[1:]
    assert listed(TimeRangeUpperBound=between_1_2) == arns[:1]
    assert listed(TimeRangeLowerBound=between_1_2, TimeRangeUpperBound=between_2_3) == arns[1:2]
    assert listed(TimeRangeLowerBound=t3 + datetime.timedelta(seconds=1)) == []
    assert listed(TimeRangeUpperBound=t1 - datetime.timedelta(seconds=1)) == []
    assert listed(TimeRangeLowerBound=t1 - datetime.timedelta(seconds=1),
                  TimeRangeUpperBound=t3 + datetime.timedelta(seconds=1)) == arns


def test_list_backups_lower_bound_is_inclusive_and_upper_bound_exclusive(ddb):
    # The bounds are compared with BackupCreationDateTime as DynamoDB reports it:
    # a backup's own creation time as the lower bound lists it, as the upper
    # bound does not.
    table = create_table(ddb, unique_name("bktime"))
    made = []
    for _ in range(10):
        made.append(backup(ddb, table))
        time.sleep(0.003)
    wrong = []
    for details in made:
        at = details["BackupCreationDateTime"]
        from_it = [s["BackupArn"] for s in ddb.list_backups(
            TableName=table, TimeRangeLowerBound=at)["BackupSummaries"]]
        before_it = [s["BackupArn"] for s in ddb.list_backups(
            TableName=table, TimeRangeUpperBound=at)["BackupSummaries"]]
        if details["BackupArn"] not in from_it or details["BackupArn"] in before_it:
            wrong.append((details["BackupArn"], at.timestamp()))
    assert wrong == []


def test_list_backups_by_type(ddb):
    table = create_table(ddb, unique_name("bktype"))
    arn = backup(ddb, table)["BackupArn"]
    for backup_type in (None, "USER", "ALL"):
        extra = {"BackupType": backup_type} if backup_type else {}
        assert [s["BackupArn"] for s in ddb.list_backups(TableName=table, **extra)[
            "BackupSummaries"]] == [arn]
    for backup_type in ("SYSTEM", "AWS_BACKUP"):
        assert ddb.list_backups(TableName=table, BackupType=backup_type)["BackupSummaries"] == []
    # SYSTEM backups come from deleting tables with point-in-time recovery on
    # (test_point_in_time_recovery.py); AWS Backup's never exist here.
    assert ddb.list_backups(BackupType="AWS_BACKUP")["BackupSummaries"] == []
    assert error_of(ddb.list_backups, BackupType="WEEKLY")[0] == "ValidationException"


def test_list_backups_of_an_unknown_table_is_empty(ddb):
    page = ddb.list_backups(TableName=unique_name("absent"))
    assert page["BackupSummaries"] == []
    assert "LastEvaluatedBackupArn" not in page


def test_backups_belong_to_one_database(server, ddb):
    table = create_table(ddb, unique_name("bkdb"))
    arn = backup(ddb, table)["BackupArn"]
    for stranger in (server.client(key="other"), server.client(region="eu-west-1")):
        assert [s for s in stranger.list_backups()["BackupSummaries"]
                if s["BackupArn"] == arn] == []
        assert stranger.list_backups(TableName=table)["BackupSummaries"] == []
        assert error_of(stranger.describe_backup, BackupArn=arn) == (
            "BackupNotFoundException", f"Backup not found: {arn}", 400)
        assert error_of(stranger.restore_table_from_backup, TargetTableName=unique_name("steal"),
                        BackupArn=arn)[:2] == ("BackupNotFoundException",
                                               f"Backup not found: {arn}")
        assert error_of(stranger.delete_backup, BackupArn=arn)[0] == "BackupNotFoundException"
    # The other database's attempts left the backup alone.
    assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
        "BackupStatus"] == "AVAILABLE"
    # A table of the same name in the other database has backups of its own.
    other = server.client(key="other")
    create_table(other, table)
    other_arn = backup(other, table)["BackupArn"]
    assert other_arn != arn
    assert [s["BackupArn"] for s in other.list_backups(TableName=table)["BackupSummaries"]] == \
        [other_arn]
    assert [s["BackupArn"] for s in ddb.list_backups(TableName=table)["BackupSummaries"]] == [arn]


# ---------------------------------------------------------------- DeleteBackup

def test_delete_backup_answers_deleted_and_forgets_it(ddb):
    table = create_table(ddb, unique_name("bkdel"))
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    kept = backup(ddb, table)["BackupArn"]
    details = backup(ddb, table, "doomed")
    arn = details["BackupArn"]
    description = ddb.delete_backup(BackupArn=arn)["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "DELETED"
    assert description["BackupDetails"]["BackupArn"] == arn
    assert description["BackupDetails"]["BackupName"] == "doomed"
    assert description["BackupDetails"]["BackupType"] == "USER"
    assert description["BackupDetails"]["BackupCreationDateTime"] == \
        details["BackupCreationDateTime"]
    assert description["SourceTableDetails"]["TableName"] == table
    assert description["SourceTableDetails"]["ItemCount"] == 1
    assert description["SourceTableFeatureDetails"] == {}

    assert error_of(ddb.describe_backup, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)
    assert [s["BackupArn"] for s in ddb.list_backups(TableName=table)["BackupSummaries"]] == [kept]
    assert [s for s in ddb.list_backups(BackupType="ALL")["BackupSummaries"]
            if s["BackupArn"] == arn] == []
    assert error_of(ddb.delete_backup, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)
    assert error_of(ddb.restore_table_from_backup, TargetTableName=unique_name("late"),
                    BackupArn=arn) == ("BackupNotFoundException", f"Backup not found: {arn}", 400)
    # The other backup is untouched.
    assert ddb.describe_backup(BackupArn=kept)["BackupDescription"]["BackupDetails"][
        "BackupStatus"] == "AVAILABLE"


def test_delete_unknown_backup(ddb):
    table = create_table(ddb, unique_name("bk"))
    arn = missing_arn(ddb, table)
    assert error_of(ddb.delete_backup, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)


def test_deleting_a_backup_leaves_its_table_and_restored_tables_alone(ddb):
    table = create_table(ddb, unique_name("bkdel"))
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    arn = backup(ddb, table)["BackupArn"]
    _, restored = restore(ddb, arn)
    ddb.delete_backup(BackupArn=arn)
    assert ddb.get_item(TableName=table, Key={"pk": S("a")})["Item"] == {"pk": S("a")}
    assert ddb.get_item(TableName=restored["TableName"], Key={"pk": S("a")})["Item"] == \
        {"pk": S("a")}


# ---------------------------------------------------------------- RestoreTableFromBackup

def test_restore_answers_creating_then_becomes_active_with_the_items(ddb):
    table = create_table(ddb, unique_name("bkres"), range_type="N")
    items = [{"pk": S(f"p{i % 3}"), "sk": N(i), "v": S(f"v{i}")} for i in range(30)]
    write_all(ddb, table, items)
    source = ddb.describe_table(TableName=table)["Table"]
    details = backup(ddb, table)
    target = unique_name("restored")
    answer = ddb.restore_table_from_backup(TargetTableName=target,
                                           BackupArn=details["BackupArn"])["TableDescription"]
    assert answer["TableName"] == target
    assert answer["TableStatus"] == "CREATING"
    assert answer["ItemCount"] == 0
    assert answer["TableArn"] == source["TableArn"].rsplit("/", 1)[0] + "/" + target
    assert answer["TableId"] != source["TableId"]
    assert answer["KeySchema"] == source["KeySchema"]
    assert answer["RestoreSummary"] == {
        "SourceBackupArn": details["BackupArn"],
        "SourceTableArn": source["TableArn"],
        "RestoreDateTime": details["BackupCreationDateTime"],
        "RestoreInProgress": True}

    described = wait_active(ddb, target)
    assert described["TableStatus"] == "ACTIVE"
    assert described["TableId"] == answer["TableId"]
    assert described["TableArn"] == answer["TableArn"]
    assert described["RestoreSummary"] == {
        "SourceBackupArn": details["BackupArn"],
        "SourceTableArn": source["TableArn"],
        "RestoreDateTime": details["BackupCreationDateTime"],
        "RestoreInProgress": False}
    assert described["ItemCount"] == 30
    assert described["KeySchema"] == source["KeySchema"]
    assert sorted(described["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == \
        sorted(source["AttributeDefinitions"], key=lambda a: a["AttributeName"])
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert by_key(scan_all(ddb, target), "pk", "sk") == by_key(items, "pk", "sk")
    # The restored table is an ordinary table.
    ddb.put_item(TableName=target, Item={"pk": S("after"), "sk": N(1)})
    assert item_count(ddb, target) == 31
    assert item_count(ddb, table) == 30


def test_a_thousand_items_are_restored_exactly(ddb):
    table = create_table(ddb, unique_name("bkbig"))
    items = [rich_item(i) for i in range(1000)]
    write_all(ddb, table, items)
    arn = backup(ddb, table)["BackupArn"]
    assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"][
        "ItemCount"] == 1000
    _, restored = restore(ddb, arn)
    target = restored["TableName"]
    assert restored["ItemCount"] == 1000
    got = by_key(scan_all(ddb, target), "pk")
    expected = by_key(items, "pk")
    assert len(got) == 1000
    for key, item in expected.items():
        assert got[key] == item, key
    # And item by item through GetItem.
    for item in items[::97]:
        assert normalized(ddb.get_item(TableName=target, Key={"pk": item["pk"]},
                                       ConsistentRead=True)["Item"]) == normalized(item)


def test_restore_rebuilds_global_and_local_secondary_indexes(ddb):
    table = index_table(ddb)
    items = index_items()
    write_all(ddb, table, items)
    arn = backup(ddb, table)["BackupArn"]
    _, restored = restore(ddb, arn)
    target = restored["TableName"]
    source = ddb.describe_table(TableName=table)["Table"]

    def shape(indexes):
        return {i["IndexName"]: (i["KeySchema"], i["Projection"]) for i in indexes}

    assert shape(restored["GlobalSecondaryIndexes"]) == shape(source["GlobalSecondaryIndexes"])
    assert shape(restored["LocalSecondaryIndexes"]) == shape(source["LocalSecondaryIndexes"])
    for gsi in restored["GlobalSecondaryIndexes"]:
        assert gsi["IndexStatus"] == "ACTIVE"
        assert gsi["IndexArn"] == restored["TableArn"] + "/index/" + gsi["IndexName"]

    def queries(name):
        even = query_all(ddb, name, IndexName="by-g", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": S("even")})
        h3 = query_all(ddb, name, IndexName="by-h", KeyConditionExpression="h = :h",
                       ExpressionAttributeValues={":h": S("h3")})
        low_l = query_all(ddb, name, IndexName="by-l",
                          KeyConditionExpression="pk = :p AND l < :l",
                          ExpressionAttributeValues={":p": S("p1"), ":l": N(90)})
        return even, h3, low_l

    even, h3, low_l = queries(target)
    assert [i["sk"] for i in even] == [N(i) for i in range(0, 20, 2)]
    assert even == [i for i in items if i["g"] == S("even")]
    assert sorted(int(i["sk"]["N"]) for i in h3) == [3, 8, 13, 18]
    assert all(set(i) == {"pk", "sk", "h"} for i in h3)
    # LSI by-l: pk p1 has sk 1,3,...,19 and l = 100 - sk; l < 90 means sk > 10, ascending l.
    assert [i["sk"] for i in low_l] == [N(i) for i in (19, 17, 15, 13, 11)]
    assert all(set(i) == {"pk", "sk", "l", "v"} for i in low_l)
    assert queries(target) == queries(table)
    # The rebuilt indexes follow later writes.
    ddb.put_item(TableName=target, Item={"pk": S("p9"), "sk": N(99), "g": S("new"),
                                         "h": S("h9"), "l": N(1)})
    assert [i["pk"] for i in query_all(ddb, target, IndexName="by-g",
                                        KeyConditionExpression="g = :g",
                                        ExpressionAttributeValues={":g": S("new")})] == [S("p9")]


def test_restore_does_not_bring_back_stream_ttl_tags_or_deletion_protection(ddb):
    name = unique_name("bkextras")
    source = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        Tags=[{"Key": "team", "Value": "core"}],
        DeletionProtectionEnabled=True)["TableDescription"]
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    ddb.put_item(TableName=name, Item={"pk": S("a"), "expires": N(4102444800)})
    arn = backup(ddb, name)["BackupArn"]
    _, restored = restore(ddb, arn)
    target = restored["TableName"]
    assert restored["ItemCount"] == 1
    assert "LatestStreamArn" not in restored
    assert "LatestStreamLabel" not in restored
    assert "StreamSpecification" not in restored
    assert ddb.describe_time_to_live(TableName=target)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    assert ddb.list_tags_of_resource(ResourceArn=restored["TableArn"])["Tags"] == []
    assert restored.get("DeletionProtectionEnabled", False) is False
    # The source keeps all of them.
    assert ddb.list_tags_of_resource(ResourceArn=source["TableArn"])["Tags"] == [
        {"Key": "team", "Value": "core"}]
    assert ddb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
    # Without deletion protection the restored table can be deleted.
    ddb.delete_table(TableName=target)
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)


def test_restore_keeps_provisioned_billing_and_throughput(ddb):
    table = provisioned_table(ddb, 5, 7)
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"])
    assert restored.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})[
        "BillingMode"] == "PROVISIONED"
    assert restored["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert restored["ProvisionedThroughput"]["WriteCapacityUnits"] == 7


def test_billing_mode_override_pay_per_request(ddb):
    table = provisioned_table(ddb, 5, 7)
    ddb.put_item(TableName=table, Item={"pk": S("a")})
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"],
                          BillingModeOverride="PAY_PER_REQUEST")
    assert restored["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert restored["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert restored["ProvisionedThroughput"]["WriteCapacityUnits"] == 0
    assert restored["ItemCount"] == 1
    # The source is unchanged.
    source = ddb.describe_table(TableName=table)["Table"]
    assert source["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def test_provisioned_throughput_override(ddb):
    table = provisioned_table(ddb, 5, 7)
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"],
                          ProvisionedThroughputOverride={"ReadCapacityUnits": 10,
                                                         "WriteCapacityUnits": 20})
    assert restored["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert restored["ProvisionedThroughput"]["WriteCapacityUnits"] == 20


def test_billing_mode_override_provisioned(ddb):
    table = create_table(ddb, unique_name("bkppr"))
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"],
                          BillingModeOverride="PROVISIONED",
                          ProvisionedThroughputOverride={"ReadCapacityUnits": 3,
                                                         "WriteCapacityUnits": 4})
    assert restored.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})[
        "BillingMode"] == "PROVISIONED"
    assert restored["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert restored["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_empty_index_overrides_drop_the_indexes(ddb):
    table = index_table(ddb)
    items = index_items()
    write_all(ddb, table, items)
    arn = backup(ddb, table)["BackupArn"]
    _, restored = restore(ddb, arn, GlobalSecondaryIndexOverride=[],
                          LocalSecondaryIndexOverride=[])
    target = restored["TableName"]
    assert not restored.get("GlobalSecondaryIndexes")
    assert not restored.get("LocalSecondaryIndexes")
    assert restored["ItemCount"] == 20
    assert by_key(scan_all(ddb, target), "pk", "sk") == by_key(items, "pk", "sk")
    for index_name in ("by-g", "by-l"):
        assert error_of(ddb.query, TableName=target, IndexName=index_name,
                        KeyConditionExpression="pk = :p",
                        ExpressionAttributeValues={":p": S("p0")})[0] == "ValidationException"


def test_gsi_override_keeps_only_the_named_indexes(ddb):
    table = index_table(ddb)
    write_all(ddb, table, index_items())
    source = ddb.describe_table(TableName=table)["Table"]
    keep = [{k: g[k] for k in ("IndexName", "KeySchema", "Projection")}
            for g in source["GlobalSecondaryIndexes"] if g["IndexName"] == "by-h"]
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"], GlobalSecondaryIndexOverride=keep)
    target = restored["TableName"]
    assert [g["IndexName"] for g in restored["GlobalSecondaryIndexes"]] == ["by-h"]
    assert [lsi["IndexName"] for lsi in restored["LocalSecondaryIndexes"]] == ["by-l"]
    h3 = query_all(ddb, target, IndexName="by-h", KeyConditionExpression="h = :h",
                   ExpressionAttributeValues={":h": S("h3")})
    assert sorted(int(i["sk"]["N"]) for i in h3) == [3, 8, 13, 18]
    assert error_of(ddb.query, TableName=target, IndexName="by-g",
                    KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": S("even")})[0] == "ValidationException"


def test_sse_specification_override(ddb):
    table = create_table(ddb, unique_name("bksse"))
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"],
                          SSESpecificationOverride={"Enabled": True, "SSEType": "KMS"})
    assert restored["SSEDescription"]["Status"] == "ENABLED"
    assert restored["SSEDescription"]["SSEType"] == "KMS"


def test_restore_onto_an_existing_table(ddb):
    table = create_table(ddb, unique_name("bkexists"))
    ddb.put_item(TableName=table, Item={"pk": S("original")})
    other = create_table(ddb, unique_name("bkexists"))
    arn = backup(ddb, table)["BackupArn"]
    for target in (table, other):
        assert error_of(ddb.restore_table_from_backup, TargetTableName=target, BackupArn=arn) == (
            "TableAlreadyExistsException", f"Table already exists: {target}", 400)
    assert item_count(ddb, other) == 0
    assert item_count(ddb, table) == 1


def test_restore_from_unknown_backup(ddb):
    table = create_table(ddb, unique_name("bk"))
    arn = missing_arn(ddb, table)
    target = unique_name("never")
    assert error_of(ddb.restore_table_from_backup, TargetTableName=target, BackupArn=arn) == (
        "BackupNotFoundException", f"Backup not found: {arn}", 400)
    assert error_of(ddb.describe_table, TableName=target)[0] == "ResourceNotFoundException"


def test_a_backup_outlives_its_source_table(ddb):
    table = create_table(ddb, unique_name("bkgone"))
    write_all(ddb, table, [{"pk": S(f"k{i}")} for i in range(12)])
    arn = backup(ddb, table)["BackupArn"]
    ddb.delete_table(TableName=table)
    ddb.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig=ACTIVE_WAIT)
    description = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert description["SourceTableDetails"]["TableName"] == table
    assert [s["BackupArn"] for s in ddb.list_backups(TableName=table)["BackupSummaries"]] == [arn]
    # Restored under the source's own name, now free.
    _, restored = restore(ddb, arn, target=table)
    assert restored["ItemCount"] == 12
    assert len(scan_all(ddb, table)) == 12


def test_backups_survive_deleting_the_source_and_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    index_table(client, "durable-source")
    items = index_items(40)
    write_all(client, "durable-source", items)
    details = backup(client, "durable-source", "durable-backup")
    arn = details["BackupArn"]
    source_arn = client.describe_table(TableName="durable-source")["Table"]["TableArn"]
    client.delete_table(TableName="durable-source")
    assert first.stop() == 0

    second = start_server(data_dir=str(tmp_path))
    client = second.client()
    assert client.list_tables()["TableNames"] == []
    description = client.describe_backup(BackupArn=arn)["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert description["BackupDetails"]["BackupName"] == "durable-backup"
    assert description["BackupDetails"]["BackupCreationDateTime"] == \
        details["BackupCreationDateTime"]
    assert description["SourceTableDetails"]["ItemCount"] == 40
    summaries = client.list_backups()["BackupSummaries"]
    assert [(s["BackupArn"], s["BackupName"]) for s in summaries] == [(arn, "durable-backup")]

    answer, restored = restore(client, arn, target="durable-copy")
    assert answer["RestoreSummary"]["SourceTableArn"] == source_arn
    assert answer["RestoreSummary"]["RestoreDateTime"] == details["BackupCreationDateTime"]
    assert restored["ItemCount"] == 40
    assert by_key(scan_all(client, "durable-copy"), "pk", "sk") == by_key(items, "pk", "sk")
    assert len(query_all(client, "durable-copy", IndexName="by-g",
                         KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": S("odd")})) == 20
    # A second restore of the same backup, under the source's name.
    _, again = restore(client, arn, target="durable-source")
    assert again["ItemCount"] == 40
    assert second.stop() == 0

    # The restored tables and the backup are themselves durable.
    client = start_server(data_dir=str(tmp_path)).client()
    assert sorted(client.list_tables()["TableNames"]) == ["durable-copy", "durable-source"]
    assert item_count(client, "durable-copy") == 40
    assert by_key(scan_all(client, "durable-copy"), "pk", "sk") == by_key(items, "pk", "sk")
    assert client.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
        "BackupStatus"] == "AVAILABLE"


def test_a_deleted_backup_stays_deleted_after_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    create_table(client, "source")
    gone = backup(client, "source", "gone")["BackupArn"]
    kept = backup(client, "source", "kept")["BackupArn"]
    client.delete_backup(BackupArn=gone)
    assert first.stop() == 0
    client = start_server(data_dir=str(tmp_path)).client()
    assert [s["BackupArn"] for s in client.list_backups()["BackupSummaries"]] == [kept]
    assert error_of(client.describe_backup, BackupArn=gone)[0] == "BackupNotFoundException"


# ---------------------------------------------------------------- continuous backups / PITR

def test_a_new_table_has_continuous_backups_and_no_point_in_time_recovery(ddb):
    table = create_table(ddb, unique_name("pitr"))
    assert ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"] == {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}


def test_describe_continuous_backups_of_unknown_table(ddb):
    name = unique_name("absent")
    assert error_of(ddb.describe_continuous_backups, TableName=name) == (
        "TableNotFoundException", f"Table not found: {name}", 400)


def test_update_continuous_backups_of_unknown_table(ddb):
    name = unique_name("absent")
    code, message, status = error_of(
        ddb.update_continuous_backups, TableName=name,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert (code, message, status) == ("TableNotFoundException", f"Table not found: {name}", 400)


def check_enabled(description, period, around):
    assert description["ContinuousBackupsStatus"] == "ENABLED"
    pitr = description["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["RecoveryPeriodInDays"] == period
    earliest, latest = pitr["EarliestRestorableDateTime"], pitr["LatestRestorableDateTime"]
    assert isinstance(earliest, datetime.datetime) and isinstance(latest, datetime.datetime)
    assert earliest <= latest
    slack = datetime.timedelta(minutes=10)
    assert around - slack <= earliest <= around + slack
    assert around - slack <= latest <= now() + slack


def test_enabling_point_in_time_recovery(ddb):
    table = create_table(ddb, unique_name("pitr"))
    moment = now()
    answer = ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    check_enabled(answer["ContinuousBackupsDescription"], 35, moment)
    check_enabled(ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"],
                  35, moment)


@pytest.mark.parametrize("days", [1, 7, 35])
def test_recovery_period_in_days(ddb, days):
    table = create_table(ddb, unique_name("pitr"))
    moment = now()
    answer = ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                           "RecoveryPeriodInDays": days})
    check_enabled(answer["ContinuousBackupsDescription"], days, moment)
    check_enabled(ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"],
                  days, moment)


def test_disabling_point_in_time_recovery(ddb):
    table = create_table(ddb, unique_name("pitr"))
    ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    answer = ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    for description in (answer["ContinuousBackupsDescription"],
                        ddb.describe_continuous_backups(TableName=table)[
                            "ContinuousBackupsDescription"]):
        assert description["ContinuousBackupsStatus"] == "ENABLED"
        assert description["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == \
            "DISABLED"


@pytest.mark.parametrize("days", [0, 36, -1])
def test_recovery_period_out_of_range(ddb, days):
    table = create_table(ddb, unique_name("pitr"))
    code, _, status = error_of(
        ddb.update_continuous_backups, TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                          "RecoveryPeriodInDays": days})
    assert (code, status) == ("ValidationException", 400)
    # Nothing changed.
    assert ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"


def test_update_continuous_backups_needs_a_specification(ddb):
    table = create_table(ddb, unique_name("pitr"))
    code, _, status = error_of(ddb.update_continuous_backups, TableName=table)
    assert (code, status) == ("ValidationException", 400)
    code, _, status = error_of(ddb.update_continuous_backups, TableName=table,
                               PointInTimeRecoverySpecification={})
    assert (code, status) == ("ValidationException", 400)


def test_point_in_time_recovery_setting_is_per_table(ddb):
    on = create_table(ddb, unique_name("pitr"))
    off = create_table(ddb, unique_name("pitr"))
    ddb.update_continuous_backups(
        TableName=on, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert ddb.describe_continuous_backups(TableName=off)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_restored_table_starts_without_point_in_time_recovery(ddb):
    table = create_table(ddb, unique_name("pitr"))
    ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    _, restored = restore(ddb, backup(ddb, table)["BackupArn"])
    assert ddb.describe_continuous_backups(TableName=restored["TableName"])[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"] == "DISABLED"


def test_point_in_time_recovery_setting_survives_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    create_table(client, "pitr-on")
    create_table(client, "pitr-off")
    moment = now()
    client.update_continuous_backups(
        TableName="pitr-on", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                               "RecoveryPeriodInDays": 12})
    assert first.stop() == 0
    client = start_server(data_dir=str(tmp_path)).client()
    check_enabled(client.describe_continuous_backups(TableName="pitr-on")[
        "ContinuousBackupsDescription"], 12, moment)
    assert client.describe_continuous_backups(TableName="pitr-off")[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"] == {
        "PointInTimeRecoveryStatus": "DISABLED"}

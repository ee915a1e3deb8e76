"""The client scenario (../SCENARIO.md) through boto3, played once per way.

    scenario.py            plays every way, each in a process of its own
    scenario.py WAY        plays one way in this process

Needs DYNAROCK_URL (../with-dynarock sets it). Prints one line per step
passed and exits non-zero at the first answer that differs from DynamoDB's.
"""
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary, TypeDeserializer
from botocore.exceptions import BotoCoreError, ClientError

import ways

PREFIX = "boto3"
CONDITION_FAILED = "The conditional request failed"


class Mismatch(Exception):
    """An answer that is not DynamoDB's."""


# ---------------------------------------------------------------- checking

def expect(what, actual, expected):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_true(what, condition, shown):
    if not condition:
        raise Mismatch(f"{what}: got {shown!r}")


def typed(value):
    """`value` with its DynamoDB type spelled out, so that True and 1 differ
    while numbers, sets and binary compare by value (1.50 == 1.5)."""
    if isinstance(value, bool):
        return ("BOOL", value)
    if value is None:
        return ("NULL",)
    if isinstance(value, (int, Decimal)):
        return ("N", Decimal(value))
    if isinstance(value, str):
        return ("S", value)
    if isinstance(value, Binary):
        return ("B", value.value)
    if isinstance(value, (bytes, bytearray)):
        return ("B", bytes(value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(typed(v) for v in value))
    if isinstance(value, list):
        return ("L", [typed(v) for v in value])
    if isinstance(value, dict):
        return ("M", {k: typed(v) for k, v in value.items()})
    raise TypeError(f"not a DynamoDB value: {value!r}")


def expect_item(what, actual, expected):
    if actual is None or typed(actual) != typed(expected):
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def from_wire(item):
    """A low-level (typed JSON) item as the resource layer would give it."""
    return {k: TypeDeserializer().deserialize(v) for k, v in item.items()}


def expect_error(what, exception_class, call, **kwargs):
    """Calls `call`, which must fail with the modeled `exception_class`;
    returns the error response for further checks."""
    try:
        call(**kwargs)
    except ClientError as e:
        if not isinstance(e, exception_class):
            raise Mismatch(f"{what}: expected {exception_class.__name__}, got "
                           f"{e.response['Error']['Code']}: {e.response['Error'].get('Message')}")
        return e.response
    raise Mismatch(f"{what}: expected {exception_class.__name__}, the call succeeded")


# ---------------------------------------------------------------- the data

def sk(i):
    return f"msg#{i:02d}"


def message(i):
    return {"pk": "user#1", "sk": sk(i), "status": "open" if i % 2 == 0 else "closed",
            "n": i, "body": f"message {i}"}


PROFILE = {
    "pk": "user#2", "sk": "profile",
    "address": {"city": "Lyon", "geo": {"lat": Decimal("45.764"), "lon": Decimal("4.8357")}},
    "history": ["joined", Decimal(2019), True, None, {"kind": "note"}],
    "roles": {"admin", "dev"},
    "scores": {Decimal("1.5"), Decimal("-3"), Decimal("1E+2")},
    "big": Decimal("12345678901234567890123456789.25"),
    "active": True,
    "nickname": None,
    "avatar": Binary(b"\x00\x01\xfe\xff"),
    "keys": {Binary(b"\x01"), Binary(b"\x02\x03")},
}
PROFILE_KEY = {"pk": "user#2", "sk": "profile"}


def wire_key(pk, sk_):
    return {"pk": {"S": pk}, "sk": {"S": sk_}}


@dataclass
class Scenario:
    """What every step works with: one way's clients and its own table."""
    way: str
    client: object
    resource: object
    streams: object
    name: str

    @property
    def table(self):
        return self.resource.Table(self.name)

    def missing(self, key):
        return "Item" not in self.table.get_item(Key=key, ConsistentRead=True)


# ---------------------------------------------------------------- the steps

def create_table(s):
    s.client.create_table(
        TableName=s.name,
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"}
                              for a in ("pk", "sk", "status")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "by-status",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        BillingMode="PAY_PER_REQUEST")
    # The waiter's default 20 s between polls is a client choice; 1 s keeps
    # the run short whether or not the table is ACTIVE at once.
    s.client.get_waiter("table_exists").wait(
        TableName=s.name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    table = s.client.describe_table(TableName=s.name)["Table"]
    expect("TableStatus", table["TableStatus"], "ACTIVE")
    expect("GSI", [(i["IndexName"], i["IndexStatus"]) for i in table["GlobalSecondaryIndexes"]],
           [("by-status", "ACTIVE")])
    expect("StreamSpecification", table["StreamSpecification"],
           {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    expect("BillingMode", table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
    expect_true("LatestStreamArn", table.get("LatestStreamArn", "").startswith("arn:aws:dynamodb:"),
                table.get("LatestStreamArn"))
    # The resource reads the same description through its own load().
    expect("Table.table_status", s.table.table_status, "ACTIVE")


def write(s):
    with s.table.batch_writer() as batch:
        for i in range(25):
            batch.put_item(Item=message(i))
    s.table.put_item(Item=PROFILE)


def read(s):
    expect_item("GetItem user#2/profile", s.table.get_item(Key=PROFILE_KEY).get("Item"), PROFILE)
    consistent = s.table.get_item(Key=PROFILE_KEY, ConsistentRead=True)
    expect_item("consistent GetItem", consistent.get("Item"), PROFILE)
    expect("GetItem of a missing key", "Item" in s.table.get_item(Key={"pk": "user#9", "sk": "x"}),
           False)
    wanted = [PROFILE_KEY, {"pk": "user#1", "sk": "msg#03"}, {"pk": "user#9", "sk": "x"}]
    batch = s.resource.batch_get_item(RequestItems={s.name: {"Keys": wanted}})
    got = sorted(batch["Responses"][s.name], key=lambda item: item["pk"])
    expect("BatchGetItem count", len(got), 2)
    expect_item("BatchGetItem msg#03", got[0], message(3))
    expect_item("BatchGetItem profile", got[1], PROFILE)
    expect("BatchGetItem UnprocessedKeys", batch["UnprocessedKeys"], {})


def query(s):
    user1 = Key("pk").eq("user#1")
    got = s.table.query(KeyConditionExpression=user1 & Key("sk").begins_with("msg#1"))
    expect("begins_with(sk, msg#1)", [i["sk"] for i in got["Items"]],
           [sk(i) for i in range(10, 20)])
    expect_item("msg#10", got["Items"][0], message(10))
    backwards = s.table.query(KeyConditionExpression=user1 & Key("sk").begins_with("msg#1"),
                              ScanIndexForward=False)
    expect("ScanIndexForward=False", [i["sk"] for i in backwards["Items"]],
           [sk(i) for i in range(19, 9, -1)])
    filtered = s.table.query(KeyConditionExpression=user1, FilterExpression=Attr("n").gt(15))
    expect("n > 15: Items", [i["sk"] for i in filtered["Items"]], [sk(i) for i in range(16, 25)])
    expect("n > 15: Count, ScannedCount", (filtered["Count"], filtered["ScannedCount"]), (9, 25))
    open_ = s.table.query(IndexName="by-status", KeyConditionExpression=Key("status").eq("open"))
    expect("GSI status = open", [i["sk"] for i in open_["Items"]], [sk(i) for i in range(0, 25, 2)])


def resource_pages(call, **kwargs):
    """The resource's own paging: ExclusiveStartKey from LastEvaluatedKey."""
    while True:
        page = call(**kwargs)
        yield page
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def paginate(s):
    user1 = {"TableName": s.name, "KeyConditionExpression": "pk = :pk",
             "ExpressionAttributeValues": {":pk": {"S": "user#1"}}}
    all_sks = [sk(i) for i in range(25)]
    pages = list(s.client.get_paginator("query").paginate(
        **user1, PaginationConfig={"PageSize": 4}))
    expect("Query Limit 4: page sizes", [p["Count"] for p in pages], [4, 4, 4, 4, 4, 4, 1])
    expect("Query Limit 4: items", [i["sk"]["S"] for p in pages for i in p["Items"]], all_sks)
    expect("Query Limit 4: LastEvaluatedKey on all but the last page",
           [p.get("LastEvaluatedKey") for p in pages],
           [wire_key("user#1", sk(i)) for i in range(3, 24, 4)] + [None])

    # MaxItems cuts a page in two; the paginator's NextToken resumes mid-page.
    sks, token = [], None
    for _ in range(3):
        config = {"PageSize": 4, "MaxItems": 10, **({"StartingToken": token} if token else {})}
        result = s.client.get_paginator("query").paginate(
            **user1, PaginationConfig=config).build_full_result()
        sks += [i["sk"]["S"] for i in result["Items"]]
        token = result.get("NextToken")
    expect("Query MaxItems 10 + StartingToken: items", sks, all_sks)
    expect("Query MaxItems 10: NextToken after the last item", token, None)

    scanned = list(s.client.get_paginator("scan").paginate(
        TableName=s.name, PaginationConfig={"PageSize": 10}))
    keys = [(i["pk"]["S"], i["sk"]["S"]) for p in scanned for i in p["Items"]]
    expect_true("Scan Limit 10: pages of at most 10", all(p["Count"] <= 10 for p in scanned),
                [p["Count"] for p in scanned])
    expect("Scan Limit 10: items", sorted(keys),
           [("user#1", k) for k in all_sks] + [("user#2", "profile")])

    pages = list(resource_pages(s.table.query, KeyConditionExpression=Key("pk").eq("user#1"),
                                Limit=4))
    expect("Table.query LastEvaluatedKey loop", [i["sk"] for p in pages for i in p["Items"]],
           all_sks)
    pages = list(resource_pages(s.table.scan, Limit=10))
    expect("Table.scan LastEvaluatedKey loop", sum(p["Count"] for p in pages), 26)


def conditional_update(s):
    def update():
        return s.client.update_item(
            TableName=s.name, Key=wire_key("user#1", "msg#00"),
            UpdateExpression="SET #st = :s ADD n :one",
            ConditionExpression="attribute_exists(pk) AND #st = :open",
            ExpressionAttributeNames={"#st": "status"},
            ExpressionAttributeValues={":s": {"S": "closed"}, ":one": {"N": "1"},
                                       ":open": {"S": "open"}},
            ReturnValues="ALL_NEW")
    expect_item("ALL_NEW", from_wire(update()["Attributes"]),
                {**message(0), "status": "closed", "n": 1})
    error = expect_error("the same update again",
                         s.client.exceptions.ConditionalCheckFailedException, update)
    expect("message", error["Error"]["Message"], CONDITION_FAILED)


def transaction(s):
    s.client.transact_write_items(TransactItems=[
        {"Put": {"TableName": s.name, "Item": {**wire_key("user#3", "a"), "n": {"N": "7"}}}},
        {"Update": {"TableName": s.name, "Key": wire_key("user#1", "msg#01"),
                    "UpdateExpression": "SET body = :b",
                    "ExpressionAttributeValues": {":b": {"S": "edited"}}}},
        {"ConditionCheck": {"TableName": s.name, "Key": wire_key("user#2", "profile"),
                            "ConditionExpression": "attribute_exists(pk)"}}])
    error = expect_error(
        "a transaction whose ConditionCheck fails",
        s.client.exceptions.TransactionCanceledException, s.client.transact_write_items,
        TransactItems=[
            {"Put": {"TableName": s.name, "Item": wire_key("user#3", "b")}},
            {"ConditionCheck": {"TableName": s.name, "Key": wire_key("user#9", "x"),
                                "ConditionExpression": "attribute_exists(pk)"}}])
    expect("CancellationReasons", error.get("CancellationReasons"),
           [{"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}])
    expect("message", error["Error"]["Message"],
           "Transaction cancelled, please refer cancellation reasons for specific reasons "
           "[None, ConditionalCheckFailed]")
    expect("the cancelled Put wrote nothing", s.missing({"pk": "user#3", "sk": "b"}), True)
    got = s.client.transact_get_items(TransactItems=[
        {"Get": {"TableName": s.name, "Key": wire_key("user#3", "a")}},
        {"Get": {"TableName": s.name, "Key": wire_key("user#1", "msg#01"),
                 "ProjectionExpression": "body"}}])["Responses"]
    expect_item("TransactGetItems user#3/a", from_wire(got[0]["Item"]),
                {"pk": "user#3", "sk": "a", "n": 7})
    expect_item("TransactGetItems msg#01 body", from_wire(got[1]["Item"]), {"body": "edited"})


def read_shard(s, arn, shard_id):
    """Every record of a shard, from TRIM_HORIZON until they stop coming."""
    iterator = s.streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    for _ in range(100):  # bounded: an open shard always gives a next iterator
        page = s.streams.get_records(ShardIterator=iterator)
        records += page["Records"]
        iterator = page.get("NextShardIterator")
        if not page["Records"] or not iterator:
            break
    return records


def expected_stream():
    """(key, eventName, NewImage, OldImage) per write so far, in write order."""
    events = [(("user#1", sk(i)), "INSERT", message(i), None) for i in range(25)]
    events.append((("user#2", "profile"), "INSERT", PROFILE, None))
    events.append((("user#1", "msg#00"), "MODIFY",
                   {**message(0), "status": "closed", "n": 1}, message(0)))
    events.append((("user#3", "a"), "INSERT", {"pk": "user#3", "sk": "a", "n": 7}, None))
    events.append((("user#1", "msg#01"), "MODIFY", {**message(1), "body": "edited"}, message(1)))
    return events


def stream(s):
    arn = s.client.describe_table(TableName=s.name)["Table"]["LatestStreamArn"]
    description = s.streams.describe_stream(StreamArn=arn)["StreamDescription"]
    expect("StreamStatus", description["StreamStatus"], "ENABLED")
    expect("StreamViewType", description["StreamViewType"], "NEW_AND_OLD_IMAGES")
    expect("TableName", description["TableName"], s.name)
    expect_true("Shards", description["Shards"], description["Shards"])
    records = []
    for shard in description["Shards"]:
        shard_records = read_shard(s, arn, shard["ShardId"])
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in shard_records]
        expect("SequenceNumbers rise within a shard", numbers, sorted(set(numbers)))
        records += shard_records
    # Order holds per item, not across shards: compare each item's events.
    by_key = {}
    for r in records:
        keys = from_wire(r["dynamodb"]["Keys"])
        by_key.setdefault((keys["pk"], keys["sk"]), []).append(r)
    wanted = {}
    for key, *event in expected_stream():
        wanted.setdefault(key, []).append(event)
    expect("items with records", sorted(by_key), sorted(wanted))
    for key, events in wanted.items():
        expect(f"{key} events", [r["eventName"] for r in by_key[key]], [e[0] for e in events])
        for record, (_, new, old) in zip(by_key[key], events):
            check_record(key, record, new, old, s.client.meta.region_name)


def check_record(key, record, new, old, region):
    what = f"{key} {record['eventName']}"
    expect(f"{what} eventSource", record["eventSource"], "aws:dynamodb")
    # DynamoDB sends 1.1 today (its reference says it may rise one day).
    expect(f"{what} eventVersion", record["eventVersion"], "1.1")
    expect(f"{what} awsRegion", record["awsRegion"], region)
    body = record["dynamodb"]
    expect(f"{what} StreamViewType", body["StreamViewType"], "NEW_AND_OLD_IMAGES")
    expect(f"{what} Keys", body["Keys"], wire_key(*key))
    expect_item(f"{what} NewImage", from_wire(body["NewImage"]), new)
    if old is None:
        expect(f"{what} has no OldImage", "OldImage" in body, False)
    else:
        expect_item(f"{what} OldImage", from_wire(body["OldImage"]), old)
    number = body.get("SequenceNumber", "")
    expect_true(f"{what} SequenceNumber: 21 to 40 digits",
                number.isdigit() and 21 <= len(number) <= 40, number)
    expect_true(f"{what} SizeBytes", body.get("SizeBytes", 0) > 0, body.get("SizeBytes"))
    expect_true(f"{what} ApproximateCreationDateTime", "ApproximateCreationDateTime" in body, body)


def partiql(s):
    """ExecuteStatement and friends, as the console and NoSQL Workbench use them."""
    table = f'"{s.name}"'
    pages = statement_pages(s, f"SELECT * FROM {table} WHERE pk = ?", [{"S": "user#1"}], 4)
    expect("SELECT pk = ? Limit 4: page sizes", [len(p) for p in pages], [4, 4, 4, 4, 4, 4, 1])
    expect("SELECT pk = ? Limit 4: items", [i["sk"]["S"] for p in pages for i in p],
           [sk(i) for i in range(25)])
    everything = statement_pages(s, f"SELECT * FROM {table}", [], 10)
    expect("SELECT * Limit 10: items", sum(len(p) for p in everything), 27)

    run = s.client.execute_statement
    run(Statement=f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?, 'n': ?, 'tags': ?}}",
        Parameters=[{"S": "user#4"}, {"S": "a"}, {"N": "1"}, {"SS": ["x", "y"]}])
    expect_item("the INSERTed item", s.table.get_item(Key={"pk": "user#4", "sk": "a"})["Item"],
                {"pk": "user#4", "sk": "a", "n": 1, "tags": {"x", "y"}})
    expect_error("INSERT of an existing key", s.client.exceptions.DuplicateItemException, run,
                 Statement=f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}",
                 Parameters=[{"S": "user#4"}, {"S": "a"}])
    updated = run(Statement=f"UPDATE {table} SET n = n + ? SET note = ? "
                            f"WHERE pk = ? AND sk = ? RETURNING ALL NEW *",
                  Parameters=[{"N": "10"}, {"S": "hi"}, {"S": "user#4"}, {"S": "a"}])
    expect_item("UPDATE RETURNING ALL NEW *", [from_wire(i) for i in updated["Items"]],
                [{"pk": "user#4", "sk": "a", "n": 11, "tags": {"x", "y"}, "note": "hi"}])
    run(Statement=f"DELETE FROM {table} WHERE pk = ? AND sk = ?",
        Parameters=[{"S": "user#4"}, {"S": "a"}])
    expect("the DELETEd item is gone", s.missing({"pk": "user#4", "sk": "a"}), True)
    partiql_batch(s, table)
    partiql_transaction(s, table)


def statement_pages(s, statement, parameters, limit):
    """The items of each ExecuteStatement page, following NextToken."""
    pages, token = [], None
    for _ in range(100):  # bounded, in case NextToken never stops
        request = {"Statement": statement, "Limit": limit}
        if parameters:
            request["Parameters"] = parameters
        if token:
            request["NextToken"] = token
        page = s.client.execute_statement(**request)
        pages.append(page["Items"])
        token = page.get("NextToken")
        if not token:
            break
    return pages


def partiql_batch(s, table):
    insert = f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}"
    written = s.client.batch_execute_statement(Statements=[
        {"Statement": insert, "Parameters": [{"S": "user#5"}, {"S": "a"}]},
        {"Statement": insert, "Parameters": [{"S": "user#5"}, {"S": "b"}]},
        {"Statement": insert, "Parameters": [{"S": "user#2"}, {"S": "profile"}]}])["Responses"]
    expect("BatchExecuteStatement INSERT errors", [r.get("Error", {}).get("Code") for r in written],
           [None, None, "DuplicateItem"])
    select = f"SELECT * FROM {table} WHERE pk = ? AND sk = ?"
    read = s.client.batch_execute_statement(Statements=[
        {"Statement": select, "Parameters": [{"S": "user#5"}, {"S": k}]}
        for k in ("a", "b", "missing")])["Responses"]
    expect("BatchExecuteStatement SELECT items",
           [from_wire(r["Item"]) if "Item" in r else r.get("Error") for r in read],
           [{"pk": "user#5", "sk": "a"}, {"pk": "user#5", "sk": "b"}, None])


def partiql_transaction(s, table):
    exists = f"EXISTS(SELECT * FROM {table} WHERE pk = ? AND sk = ?)"
    s.client.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}",
         "Parameters": [{"S": "user#6"}, {"S": "a"}]},
        {"Statement": f"UPDATE {table} SET n = ? WHERE pk = ? AND sk = ?",
         "Parameters": [{"N": "5"}, {"S": "user#5"}, {"S": "a"}]},
        {"Statement": exists, "Parameters": [{"S": "user#2"}, {"S": "profile"}]}])
    error = expect_error(
        "an ExecuteTransaction whose EXISTS fails",
        s.client.exceptions.TransactionCanceledException, s.client.execute_transaction,
        TransactStatements=[
            {"Statement": f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}",
             "Parameters": [{"S": "user#6"}, {"S": "b"}]},
            {"Statement": exists, "Parameters": [{"S": "user#9"}, {"S": "x"}]}])
    expect("CancellationReasons codes", [r["Code"] for r in error.get("CancellationReasons", [])],
           ["None", "ConditionalCheckFailed"])
    expect("the cancelled INSERT wrote nothing", s.missing({"pk": "user#6", "sk": "b"}), True)
    select = f"SELECT * FROM {table} WHERE pk = ? AND sk = ?"
    got = s.client.execute_transaction(TransactStatements=[
        {"Statement": select, "Parameters": [{"S": "user#6"}, {"S": "a"}]},
        {"Statement": select, "Parameters": [{"S": "user#5"}, {"S": "a"}]}])["Responses"]
    expect_item("ExecuteTransaction SELECTs", [from_wire(r["Item"]) for r in got],
                [{"pk": "user#6", "sk": "a"}, {"pk": "user#5", "sk": "a", "n": 5}])


def delete(s):
    old = s.table.delete_item(Key={"pk": "user#3", "sk": "a"}, ReturnValues="ALL_OLD")
    expect_item("ALL_OLD", old.get("Attributes"), {"pk": "user#3", "sk": "a", "n": 7})
    error = expect_error("a conditional delete of a missing item",
                         s.client.exceptions.ConditionalCheckFailedException, s.table.delete_item,
                         Key={"pk": "user#9", "sk": "x"}, ConditionExpression=Attr("pk").exists())
    expect("message", error["Error"]["Message"], CONDITION_FAILED)
    deleting = s.client.delete_table(TableName=s.name)["TableDescription"]
    expect("DeleteTable TableStatus", deleting["TableStatus"], "DELETING")
    s.client.get_waiter("table_not_exists").wait(
        TableName=s.name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    names = [n for page in s.client.get_paginator("list_tables").paginate()
             for n in page["TableNames"]]
    expect(f"ListTables names {s.name}", s.name in names, False)


STEPS = [
    ("1 create table", create_table),
    ("2 write", write),
    ("3 read", read),
    ("4 query", query),
    ("5 paginate", paginate),
    ("6 conditional update", conditional_update),
    ("7 transaction", transaction),
    ("8 stream", stream),
    ("partiql", partiql),
    ("9 delete", delete),
]


# ---------------------------------------------------------------- running

def play(way):
    """Plays every step in this process, configured the way `way` says."""
    client, resource, streams = ways.clients(way)
    s = Scenario(way, client, resource, streams, f"{PREFIX}-{way}")
    for name, step in STEPS:
        started = time.monotonic()
        try:
            step(s)
        except (Mismatch, ClientError, BotoCoreError) as e:
            print(f"{way}: {name}: FAILED: {e}", flush=True)
            return 1
        print(f"{way}: {name}: ok ({time.monotonic() - started:.1f} s)", flush=True)
    return 0


def main():
    if len(sys.argv) == 2:
        return play(sys.argv[1])
    import boto3, botocore
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, "
          f"against {os.environ['DYNAROCK_URL']}", flush=True)
    started = time.monotonic()
    for way in ways.WAYS:
        with tempfile.TemporaryDirectory() as folder:
            env = ways.environment(way, os.environ["DYNAROCK_URL"], folder)
            if subprocess.run([sys.executable, __file__, way], env=env).returncode != 0:
                return 1
    print(f"boto3: every step passed in every way ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

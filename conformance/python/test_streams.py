"""DynamoDB Streams through boto3's dynamodbstreams client: enabling a stream on a table,
ListStreams / DescribeStream / GetShardIterator / GetRecords, the record each write emits
under each view type (images, SizeBytes, sequence numbers), the writes that emit nothing,
and the validation errors with DynamoDB's messages."""
import datetime
import re

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import EXTERNAL, create_table, error_of, unique_name

LABEL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
SHARD_ID = re.compile(r"^shardId-\d{20}-[0-9a-f]{8}$")
INVALID = "One or more parameter values were invalid: "


def S(value):
    return {"S": value}


def key(pk, sk="b"):
    return {"pk": S(pk), "sk": S(sk)}


@pytest.fixture(scope="module")
def streams(server):
    return boto3.client("dynamodbstreams", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="secret",
                        config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def stream_table(ddb, view_type="NEW_AND_OLD_IMAGES"):
    """A table keyed pk (S) + sk (S) with a stream; returns (name, stream ARN)."""
    name = create_table(ddb, unique_name("stream"), range_type="S", StreamSpecification={
        "StreamEnabled": True, "StreamViewType": view_type})
    return name, ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def set_stream(ddb, table, enabled, view_type="NEW_AND_OLD_IMAGES"):
    spec = {"StreamEnabled": enabled, **({"StreamViewType": view_type} if enabled else {})}
    ddb.update_table(TableName=table, StreamSpecification=spec)
    return ddb.describe_table(TableName=table)["Table"].get("LatestStreamArn")


def shard_of(streams, arn):
    return streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][-1]["ShardId"]


def iterator(streams, arn, kind="TRIM_HORIZON", **extra):
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard_of(streams, arn),
                                      ShardIteratorType=kind, **extra)["ShardIterator"]


def drain(streams, shard_iterator, **extra):
    """Every record from an iterator on: until a page is empty (an open shard caught up)
    or has no NextShardIterator (a closed shard read to its end)."""
    records = []
    while shard_iterator:
        page = streams.get_records(ShardIterator=shard_iterator, **extra)
        records += page["Records"]
        if not page["Records"]:
            break
        shard_iterator = page.get("NextShardIterator")
    return records


def read_all(streams, arn):
    return drain(streams, iterator(streams, arn))


def events(records):
    """(eventName, pk) per record, in stream order."""
    return [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records]


def put(ddb, table, pk, **attributes):
    ddb.put_item(TableName=table, Item={**key(pk), **{n: S(v) for n, v in attributes.items()}})


# ---- enabling, listing and describing streams ---------------------------------------

def test_create_table_with_stream_shows_specification_arn_and_label(ddb):
    table, _ = stream_table(ddb, "NEW_IMAGE")
    described = ddb.describe_table(TableName=table)["Table"]
    assert described["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert LABEL.match(described["LatestStreamLabel"])
    assert described["LatestStreamArn"] == (described["TableArn"] + "/stream/"
                                            + described["LatestStreamLabel"])


def test_table_without_stream_has_no_stream_fields_and_no_streams(ddb, streams):
    table = create_table(ddb, unique_name("plain"), range_type="S")
    put(ddb, table, "a")
    described = ddb.describe_table(TableName=table)["Table"]
    assert not {"StreamSpecification", "LatestStreamArn", "LatestStreamLabel"} & set(described)
    assert streams.list_streams(TableName=table)["Streams"] == []


def test_list_streams_names_the_table_and_unknown_table_lists_none(ddb, streams):
    table, arn = stream_table(ddb)
    label = ddb.describe_table(TableName=table)["Table"]["LatestStreamLabel"]
    assert streams.list_streams(TableName=table)["Streams"] == [
        {"StreamArn": arn, "TableName": table, "StreamLabel": label}]
    listed, start = [], {}  # every table's streams, page by page
    while start is not None:
        page = streams.list_streams(**start)
        listed += [s["StreamArn"] for s in page["Streams"]]
        start = ({"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
                 if "LastEvaluatedStreamArn" in page else None)
    assert arn in listed
    assert streams.list_streams(TableName=unique_name("missing"))["Streams"] == []


def test_list_streams_puts_newest_first_and_pages_with_limit(ddb, streams):
    table, first = stream_table(ddb)
    set_stream(ddb, table, False)
    second = set_stream(ddb, table, True)
    assert second != first
    assert [s["StreamArn"] for s in streams.list_streams(TableName=table)["Streams"]] == [
        second, first]
    page = streams.list_streams(TableName=table, Limit=1)
    assert [s["StreamArn"] for s in page["Streams"]] == [second]
    assert page["LastEvaluatedStreamArn"] == second
    rest = streams.list_streams(TableName=table, Limit=1, ExclusiveStartStreamArn=second)
    assert [s["StreamArn"] for s in rest["Streams"]] == [first]


def test_describe_stream_shape(ddb, streams):
    table, arn = stream_table(ddb, "KEYS_ONLY")
    label = ddb.describe_table(TableName=table)["Table"]["LatestStreamLabel"]
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert {k: d[k] for k in ("StreamArn", "StreamLabel", "StreamStatus", "StreamViewType",
                              "TableName")} == {
        "StreamArn": arn, "StreamLabel": label, "StreamStatus": "ENABLED",
        "StreamViewType": "KEYS_ONLY", "TableName": table}
    assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert isinstance(d["CreationRequestDateTime"], datetime.datetime)
    [shard] = d["Shards"]
    assert SHARD_ID.match(shard["ShardId"])
    assert set(shard["SequenceNumberRange"]) == {"StartingSequenceNumber"}  # still open


def test_describe_unknown_stream(ddb, streams):
    table, arn = stream_table(ddb)
    unknown = arn.replace(table, unique_name("missing"))
    assert error_of(streams.describe_stream, StreamArn=unknown) == (
        "ResourceNotFoundException", f"Requested resource not found: Stream: {unknown} not found",
        400)


def test_update_table_enables_a_stream(ddb, streams):
    table = create_table(ddb, unique_name("later"), range_type="S")
    put(ddb, table, "before")
    arn = set_stream(ddb, table, True, "KEYS_ONLY")
    assert ddb.describe_table(TableName=table)["Table"]["StreamSpecification"] == {
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    put(ddb, table, "after")
    assert events(read_all(streams, arn)) == [("INSERT", "after")]


def test_disabled_stream_is_still_described_with_a_closed_shard(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "a")
    set_stream(ddb, table, False)
    put(ddb, table, "while-disabled")
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED"
    assert set(d["Shards"][-1]["SequenceNumberRange"]) == {"StartingSequenceNumber",
                                                           "EndingSequenceNumber"}
    # A closed shard read to its end has no NextShardIterator.
    page = streams.get_records(ShardIterator=iterator(streams, arn))
    assert events(page["Records"]) == [("INSERT", "a")]
    assert "NextShardIterator" not in page


def test_a_deleted_tables_stream_stays_readable_and_disabled(ddb, streams):
    # DeleteTable: "the corresponding stream ... goes into the DISABLED state" and is
    # deleted after 24 hours.
    table, arn = stream_table(ddb)
    put(ddb, table, "a")
    ddb.delete_table(TableName=table)
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED" and d["TableName"] == table
    assert "EndingSequenceNumber" in d["Shards"][-1]["SequenceNumberRange"]
    page = streams.get_records(ShardIterator=iterator(streams, arn))
    assert events(page["Records"]) == [("INSERT", "a")]
    assert "NextShardIterator" not in page
    assert [s["StreamArn"] for s in streams.list_streams(TableName=table)["Streams"]] == [arn]
    # A new table of that name starts a stream of its own; both are listed, newest first.
    again = create_table(ddb, table, range_type="S", StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    new = ddb.describe_table(TableName=again)["Table"]["LatestStreamArn"]
    assert new != arn
    listed = [s["StreamArn"] for s in streams.list_streams(TableName=table)["Streams"]]
    assert set(listed) == {arn, new}
    assert read_all(streams, new) == []


def test_reenabled_stream_starts_after_reenabling_and_old_keeps_its_records(ddb, streams):
    table, old = stream_table(ddb)
    old_label = ddb.describe_table(TableName=table)["Table"]["LatestStreamLabel"]
    put(ddb, table, "first")
    set_stream(ddb, table, False)
    put(ddb, table, "disabled")
    new = set_stream(ddb, table, True)
    put(ddb, table, "second")
    assert new != old
    assert ddb.describe_table(TableName=table)["Table"]["LatestStreamLabel"] != old_label
    assert events(read_all(streams, new)) == [("INSERT", "second")]
    assert events(read_all(streams, old)) == [("INSERT", "first")]


# ---- shard iterators -------------------------------------------------------------------

@pytest.fixture(scope="module")
def three(ddb):
    """A stream with the INSERTs of a, b and c; returns (table, stream ARN)."""
    table, arn = stream_table(ddb)
    for pk in "abc":
        put(ddb, table, pk)
    return table, arn


def sequence_numbers(records):
    return [r["dynamodb"]["SequenceNumber"] for r in records]


def test_trim_horizon_reads_from_the_first_record(streams, three):
    assert events(read_all(streams, three[1])) == [("INSERT", p) for p in "abc"]


def test_at_sequence_number_includes_that_record(streams, three):
    b = sequence_numbers(read_all(streams, three[1]))[1]
    got = drain(streams, iterator(streams, three[1], "AT_SEQUENCE_NUMBER", SequenceNumber=b))
    assert events(got) == [("INSERT", "b"), ("INSERT", "c")]


def test_after_sequence_number_starts_after_that_record(streams, three):
    b = sequence_numbers(read_all(streams, three[1]))[1]
    got = drain(streams, iterator(streams, three[1], "AFTER_SEQUENCE_NUMBER", SequenceNumber=b))
    assert events(got) == [("INSERT", "c")]


def test_latest_sees_only_later_writes(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "old")
    latest = iterator(streams, arn, "LATEST")
    put(ddb, table, "new")
    assert events(drain(streams, latest)) == [("INSERT", "new")]


@pytest.mark.parametrize("kind, extra, code, message", [
    ("AT_SEQUENCE_NUMBER", {}, "ValidationException", INVALID + "Invalid SequenceNumber"),
    ("AFTER_SEQUENCE_NUMBER", {}, "ValidationException", INVALID + "Invalid SequenceNumber"),
    ("TRIM_HORIZON", {"SequenceNumber": "0" * 21}, "ValidationException",
     INVALID + "SequenceNumber should not be passed for this iterator type"),
    ("LATEST", {"SequenceNumber": "0" * 21}, "ValidationException",
     INVALID + "SequenceNumber should not be passed for this iterator type"),
    ("AT_SEQUENCE_NUMBER", {"SequenceNumber": "12"}, "ValidationException",
     "1 validation error detected: Value '12' at 'sequenceNumber' failed to satisfy constraint: "
     "Member must have length greater than or equal to 21"),
], ids=["at-without-number", "after-without-number", "trim-horizon-with-number",
        "latest-with-number", "number-too-short"])
def test_get_shard_iterator_sequence_number_errors(streams, three, kind, extra, code, message):
    assert error_of(streams.get_shard_iterator, StreamArn=three[1],
                    ShardId=shard_of(streams, three[1]), ShardIteratorType=kind, **extra) == (
        code, message, 400)


def test_get_shard_iterator_unknown_shard(streams, three):
    assert error_of(streams.get_shard_iterator, StreamArn=three[1],
                    ShardId="shardId-00000000000000000000-00000000",
                    ShardIteratorType="TRIM_HORIZON") == (
        "ResourceNotFoundException", "Requested resource not found: Shard does not exist", 400)


# ---- GetRecords ---------------------------------------------------------------------------

def test_open_shard_without_new_records_still_gives_a_next_iterator(ddb, streams):
    _, arn = stream_table(ddb)
    page = streams.get_records(ShardIterator=iterator(streams, arn))
    assert page["Records"] == []
    assert page["NextShardIterator"]


def test_limit_pages_without_loss_or_duplication(ddb, streams):
    table, arn = stream_table(ddb, "KEYS_ONLY")
    for i in range(5):
        put(ddb, table, f"p{i}")
    sizes, seen, shard_iterator = [], [], iterator(streams, arn)
    while True:
        page = streams.get_records(ShardIterator=shard_iterator, Limit=2)
        if not page["Records"]:
            break
        sizes.append(len(page["Records"]))
        seen += page["Records"]
        shard_iterator = page["NextShardIterator"]
    assert sizes == [2, 2, 1]
    assert events(seen) == [("INSERT", f"p{i}") for i in range(5)]
    assert seen == read_all(streams, arn)


@pytest.mark.parametrize("limit, message", [
    (0, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"),
    (1001, INVALID + "Limit should be less than or equal to 1000"),
], ids=["zero", "over-1000"])
def test_get_records_limit_out_of_range(streams, three, limit, message):
    assert error_of(streams.get_records, ShardIterator=iterator(streams, three[1]),
                    Limit=limit) == ("ValidationException", message, 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="dynarock's own iterator format")
def test_a_forged_iterator_reads_only_its_own_stream(ddb, streams):
    table, first = stream_table(ddb)
    put(ddb, table, "in-first")
    set_stream(ddb, table, False)
    second = set_stream(ddb, table, True)
    put(ddb, table, "in-second")
    real = iterator(streams, second)
    arn, version, _, issued = real.split("|")
    # A position before this stream began reads from its beginning.
    forged = "|".join([arn, version, "0", issued])
    assert events(drain(streams, forged)) == [("INSERT", "in-second")]
    # An issue time past int64, or in the future: refused, never a crash.
    code, _ = error_code(streams.get_records, ShardIterator="|".join(
        [arn, version, "0", "9223372036854775808"]))
    assert code == "ValidationException"
    code, _ = error_code(streams.get_records, ShardIterator="|".join(
        [arn, version, "0", str(int(issued) + 3600 * 1000)]))
    assert code == "ExpiredIteratorException"
    assert events(read_all(streams, first)) == [("INSERT", "in-first")]


def error_code(call, **kwargs):
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_get_records_with_a_garbage_iterator(streams):
    assert error_of(streams.get_records, ShardIterator="nonsense") == (
        "ValidationException", "Invalid ShardIterator", 400)


# ---- records: shape, images per view type, sizes ----------------------------------

def test_record_shape_and_increasing_sequence_numbers(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "a", x="1")
    ddb.update_item(TableName=table, Key=key("a"), UpdateExpression="SET x = :v",
                    ExpressionAttributeValues={":v": S("2")})
    ddb.delete_item(TableName=table, Key=key("a"))
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    for r in records:
        assert re.fullmatch(r"[0-9a-f]{32}", r["eventID"])
        assert (r["eventVersion"], r["eventSource"], r["awsRegion"]) == (
            "1.1", "aws:dynamodb", ddb.meta.region_name)
        assert r["dynamodb"]["ApproximateCreationDateTime"].microsecond == 0
        assert r["dynamodb"]["Keys"] == key("a")
        assert r["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert re.fullmatch(r"\d+", r["dynamodb"]["SequenceNumber"])
    assert len({r["eventID"] for r in records}) == 3
    numbers = [int(n) for n in sequence_numbers(records)]
    assert numbers == sorted(set(numbers))


INSERTED = {**key("a"), "x": S("yyy")}    # size 10: pk a sk b x yyy
MODIFIED = {**key("a"), "x": S("zz")}     # size 9
# (view type) -> [(NewImage, OldImage, SizeBytes)] for the INSERT, the MODIFY, the REMOVE;
# SizeBytes = size(Keys) (6) + the size of each image included.
EXPECTED = {
    "KEYS_ONLY": [(None, None, 6), (None, None, 6), (None, None, 6)],
    "NEW_IMAGE": [(INSERTED, None, 16), (MODIFIED, None, 15), (None, None, 6)],
    "OLD_IMAGE": [(None, None, 6), (None, INSERTED, 16), (None, MODIFIED, 15)],
    "NEW_AND_OLD_IMAGES": [(INSERTED, None, 16), (MODIFIED, INSERTED, 25),
                           (None, MODIFIED, 15)],
}


@pytest.mark.parametrize("view_type", list(EXPECTED))
def test_images_and_size_per_view_type(ddb, streams, view_type):
    table, arn = stream_table(ddb, view_type)
    ddb.put_item(TableName=table, Item=INSERTED)
    ddb.update_item(TableName=table, Key=key("a"), UpdateExpression="SET x = :v",
                    ExpressionAttributeValues={":v": S("zz")})
    ddb.delete_item(TableName=table, Key=key("a"))
    records = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    for record, (new, old, size) in zip(records, EXPECTED[view_type]):
        d = record["dynamodb"]
        assert d["Keys"] == key("a")
        assert d.get("NewImage") == new
        assert d.get("OldImage") == old
        assert d["SizeBytes"] == size
        assert d["StreamViewType"] == view_type


# ---- which writes emit records ----------------------------------------------------------

def test_writes_that_change_nothing_emit_nothing(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "a", x="1")
    put(ddb, table, "a", x="1")                                   # identical PutItem
    ddb.update_item(TableName=table, Key=key("a"), UpdateExpression="SET x = :v",
                    ExpressionAttributeValues={":v": S("1")})     # SET to the same value
    ddb.delete_item(TableName=table, Key=key("missing"))         # nothing to delete
    put(ddb, table, "z")
    assert events(read_all(streams, arn)) == [("INSERT", "a"), ("INSERT", "z")]


def test_failed_conditional_writes_emit_nothing(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "a", x="1")
    never = {"ConditionExpression": "x = :no", "ExpressionAttributeValues": {":no": S("no")}}
    for call, args in [(ddb.put_item, {"Item": {**key("a"), "x": S("2")}}),
                       (ddb.update_item, {"Key": key("a"), "UpdateExpression": "SET x = :no"}),
                       (ddb.delete_item, {"Key": key("a")})]:
        assert error_of(call, TableName=table, **args, **never)[0] == "ConditionalCheckFailedException"
    put(ddb, table, "z")
    assert events(read_all(streams, arn)) == [("INSERT", "a"), ("INSERT", "z")]


def test_batch_write_emits_one_record_per_changed_item(ddb, streams):
    table, arn = stream_table(ddb)
    put(ddb, table, "old")
    put(ddb, table, "same", x="1")
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": key("new1")}},
        {"PutRequest": {"Item": {**key("old"), "x": S("changed")}}},
        {"PutRequest": {"Item": {**key("same"), "x": S("1")}}},   # identical: no record
        {"DeleteRequest": {"Key": key("missing")}},               # absent: no record
        {"PutRequest": {"Item": key("new2")}}]})
    ddb.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": key("new1")}}]})
    got = events(read_all(streams, arn))
    assert got[:2] == [("INSERT", "old"), ("INSERT", "same")]
    # The order of one batch's items in the stream is not fixed.
    assert sorted(got[2:5]) == [("INSERT", "new1"), ("INSERT", "new2"), ("MODIFY", "old")]
    assert got[5:] == [("REMOVE", "new1")]


def test_transaction_emits_one_record_per_changed_item_and_cancelled_emits_none(ddb, streams):
    table, arn = stream_table(ddb)
    for pk in ("upd", "del", "guard"):
        put(ddb, table, pk)
    tx = [{"Put": {"TableName": table, "Item": key("new")}},
          {"Update": {"TableName": table, "Key": key("upd"), "UpdateExpression": "SET x = :v",
                      "ExpressionAttributeValues": {":v": S("1")}}},
          {"Delete": {"TableName": table, "Key": key("del")}}]
    check = {"ConditionCheck": {"TableName": table, "Key": key("guard"),
                                "ConditionExpression": "attribute_exists(pk)"}}
    failing = {"ConditionCheck": {**check["ConditionCheck"],
                                  "ConditionExpression": "attribute_not_exists(pk)"}}
    assert error_of(ddb.transact_write_items, TransactItems=tx + [failing])[0] == (
        "TransactionCanceledException")
    ddb.transact_write_items(TransactItems=tx + [check])
    got = events(read_all(streams, arn))
    assert got[:3] == [("INSERT", "upd"), ("INSERT", "del"), ("INSERT", "guard")]
    assert sorted(got[3:]) == [("INSERT", "new"), ("MODIFY", "upd"), ("REMOVE", "del")]


def test_writes_to_another_table_appear_in_no_stream(ddb, streams):
    table, arn = stream_table(ddb)
    other = create_table(ddb, unique_name("plain"), range_type="S")
    put(ddb, other, "elsewhere")
    put(ddb, table, "here")
    assert events(read_all(streams, arn)) == [("INSERT", "here")]

"""Patterns A-D through the library and raw boto3, against a real dynarock (section 8 checks
that do not need pattern E; the X checks go through the functions the app calls)."""
import random
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from cruddur_messaging import config, messages, schema, seed, timestamps, users
from cruddur_messaging.messages import NotAMember, ValidationError
from cruddur_messaging.users import SEED_GROUP_UUID as G
from helpers import ddb, group_rows, message_rows, query_all, seeded, table  # noqa: F401

A, B, L = (users.by_handle(h) for h in ("andrewbrown", "bayko", "londo"))
MSG_G = {":pk": {"S": f"MSG#{G}"}}


def error_code(raised):
    return raised.value.response["Error"]["Code"]


def is_uuid4(value):
    return uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value


# ---- timestamps ----------------------------------------------------------------------------

def test_canonical_timestamp_format():
    assert timestamps.format(datetime(2026, 12, 2, 7, 4, 5)) == "2026-12-02T07:04:05.000000+00:00"
    eastern = timezone(timedelta(hours=-4))
    assert timestamps.format(datetime(2023, 3, 21, 14, 42, 7, 123456, eastern)) == \
        "2023-03-21T18:42:07.123456+00:00"
    now = timestamps.now()
    assert len(now) == 32 and now.endswith("+00:00") and now[19] == "."
    assert timestamps.parse(now) == datetime.fromisoformat(now)


def test_parse_reads_the_historical_forms():
    utc = datetime(2023, 7, 18, 21, 4, 47, tzinfo=timezone.utc)
    for old in ["2023-07-18T21:04:47", "2023-07-18T21:04:47.000000", "2023-07-18T21:04:47Z",
                "2023-07-18T17:04:47-04:00", "2023-07-18T21:04:47+00:00"]:
        assert timestamps.parse(old) == utc
    assert timestamps.display("2023-07-18T17:04:47.5-04:00") == "2023-07-18 09:04 PM"


def test_canonical_byte_order_is_time_order(table):
    """Zero microseconds and other offsets would break byte order; the canonical form does
    not, and dynarock sorts S keys by their bytes."""
    base = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc)  # across a year, too
    moments = sorted({base + timedelta(seconds=s, microseconds=us)
                      for s in range(-2, 3) for us in (0, 1, 500_000, 999_999)})
    written = [timestamps.format(m) for m in moments]
    assert written == sorted(written)
    group = str(uuid.uuid4())
    for sk in random.Random(5).sample(written, len(written)):
        row = messages.message_row(group, sk, str(uuid.uuid4()), A, "x" * 60)
        table.put_item(TableName=config.TABLE_NAME, Item=messages.to_attributes(row))
    assert [r["sk"] for r in message_rows(table, group)] == written


# ---- the seed --------------------------------------------------------------------------------

def test_seed_conversation_text():
    conversation = seed.load_conversation()
    assert len(conversation) == 104
    assert [h for h, _ in conversation] == ["andrewbrown", "bayko"] * 52
    texts = [t for _, t in conversation]
    assert all(t.isascii() and 56 <= len(t) <= 345 for t in texts)
    assert 60 <= sum("'" in t for t in texts) <= 70
    assert 8 <= sum('"' in t for t in texts) <= 12
    assert texts[84].startswith("One thing that really stands out about Babylon 5 is the "
                                "quality of the special effects")
    assert texts[102].startswith("And Zathras was just one example of that")
    assert texts[103].startswith("Definitely. I think his character is a great example")


def test_seed_is_coherent(seeded, ddb):
    """Fix 7.14: messages one minute apart, all in the past; GRP rows show the last one."""
    msgs = message_rows(ddb)
    assert len(msgs) == 104
    times = [timestamps.parse(m["sk"]) for m in msgs]
    assert all(later - earlier == timedelta(minutes=1) for earlier, later in zip(times, times[1:]))
    assert times[-1] < datetime.now(timezone.utc)
    assert all(is_uuid4(m["message_uuid"]) for m in msgs)
    for row in group_rows(ddb):
        assert (row["sk"], row["message"]) == (msgs[-1]["sk"], msgs[-1]["message"])


def test_seed_twice_replaces_the_conversation(seeded, ddb):
    seed.seed(ddb, log=lambda *args: None)
    items, _ = query_all(ddb)
    assert len(items) == 106 and len(group_rows(ddb)) == 2


# ---- raw DynamoDB behaviour the layer relies on ----------------------------------------------

def test_e8_sparse_gsi_holds_only_group_rows(seeded, ddb):
    rows = group_rows(ddb)
    assert sorted(r["pk"] for r in rows) == sorted([f"GRP#{A.uuid}", f"GRP#{B.uuid}"])


def test_e11_pagination(seeded, ddb):
    items, pages = query_all(ddb, KeyConditionExpression="pk = :pk", ScanIndexForward=False,
                             ExpressionAttributeValues=MSG_G, Limit=20)
    keys = [i["sk"] for i in items]
    assert pages == 6 and len(keys) == 104 == len(set(keys)) and keys == sorted(keys, reverse=True)

    scanned, pages = query_all(ddb, Limit=7)
    assert pages >= 16 and len({(i["pk"], i["sk"]) for i in scanned}) == len(scanned) == 106


def test_e12_key_condition_fidelity(seeded, ddb):
    everything = message_rows(ddb)

    def query(condition, **values):
        items, _ = query_all(ddb, KeyConditionExpression=f"pk = :pk AND {condition}",
                             ExpressionAttributeValues={**MSG_G, **{
                                 f":{k}": {"S": v} for k, v in values.items()}})
        return items

    year = everything[-1]["sk"][:4]
    assert query("begins_with(sk, :y)", y=year) == [r for r in everything if r["sk"][:4] == year]
    assert query("begins_with(sk, :y)", y="1999") == []
    low, high = everything[10]["sk"], everything[40]["sk"]
    assert len(query("sk BETWEEN :lo AND :hi", lo=low, hi=high)) == 31
    ascending, _ = query_all(ddb, KeyConditionExpression="pk = :pk", ScanIndexForward=True,
                             ExpressionAttributeValues=MSG_G)
    assert ascending == everything and [r["sk"] for r in everything] == \
        sorted(r["sk"] for r in everything)


def test_e13_expression_validation(seeded, ddb):
    def fails(code, **request):
        with pytest.raises(ClientError) as raised:
            ddb.query(**{"TableName": config.TABLE_NAME, **request})
        assert error_code(raised) == code

    fails("ValidationException", KeyConditionExpression="pk = :pk",  # the ddb.py draft (7.17)
          ExpressionAttributeValues={":pkey": {"S": f"MSG#{G}"}})
    fails("ValidationException", KeyConditionExpression="pk = :pk",
          ExpressionAttributeValues={**MSG_G, ":unused": {"S": "2023"}})
    fails("ValidationException", KeyConditionExpression="pk = :pk",
          ExpressionAttributeValues=MSG_G, IndexName="no-such-index")
    fails("ResourceNotFoundException", KeyConditionExpression="pk = :pk",
          ExpressionAttributeValues=MSG_G, TableName="cruddur-message")


def test_e19_resource_api_with_placeholders(seeded):
    dynamodb = config.resource()
    table = dynamodb.Table(config.TABLE_NAME)
    # Key(...).eq(...) becomes "#n0 = :v0" with ExpressionAttributeNames/Values.
    result = table.query(IndexName=config.INDEX_NAME,
                         KeyConditionExpression=Key("message_group_uuid").eq(G))
    assert result["Count"] == 2
    newest = table.query(KeyConditionExpression=Key("pk").eq(f"MSG#{G}") & Key("sk").gt("2000"),
                         ScanIndexForward=False, Limit=1)["Items"][0]
    assert newest["user_handle"] == "bayko"
    assert table.get_item(Key={"pk": newest["pk"], "sk": newest["sk"]})["Item"] == newest


def test_enable_stream_on_a_table_from_the_original_schema_load(ddb):
    original = schema.table_definition()
    del original["StreamSpecification"]
    ddb.create_table(**original)
    assert schema.enable_stream(ddb) is not None
    described = ddb.describe_table(TableName=config.TABLE_NAME)["Table"]
    assert described["StreamSpecification"] == schema.STREAM
    assert described["LatestStreamArn"] and described["LatestStreamLabel"]
    assert schema.enable_stream(ddb) is None  # already on: no-op


# ---- pattern A ---------------------------------------------------------------------------------

def test_pattern_a_newest_20_oldest_first(seeded, ddb):
    page = messages.list_messages(G, A.uuid, client=ddb)
    assert len(page.items) == 20
    created = [m["created_at"] for m in page.items]
    assert created == sorted(created)
    assert all(is_uuid4(m["uuid"]) for m in page.items)
    assert set(page.items[0]) == {"uuid", "display_name", "handle", "message", "created_at"}
    assert page.items[-1]["handle"] == "bayko"
    assert page.items[-1]["message"] == seed.load_conversation()[103][1]
    assert page.last_evaluated_key is not None


def test_pattern_a_pages_back_through_the_whole_conversation(seeded, ddb):
    pages, token = [], None
    while True:
        page = messages.list_messages(G, B.uuid, exclusive_start_key=token, client=ddb)
        pages.insert(0, page.items)
        token = page.last_evaluated_key
        if token is None:
            break
    texts = [m["message"] for items in pages for m in items]
    assert texts == [t for _, t in seed.load_conversation()]


# ---- pattern B ---------------------------------------------------------------------------------

def test_pattern_b_inbox(seeded, ddb):
    [group] = messages.list_message_groups(A.uuid, client=ddb).items
    last = message_rows(ddb)[-1]
    assert group == {"uuid": G, "display_name": "Andrew Bayko", "handle": "bayko",
                     "message": last["message"], "created_at": last["sk"]}
    assert messages.list_message_groups(L.uuid, client=ddb) == ([], None)


# ---- pattern C ---------------------------------------------------------------------------------

def test_pattern_c_writes_one_message(seeded, ddb):
    before = message_rows(ddb)
    sent = messages.create_message(G, B.uuid, "ping", client=ddb)
    after = message_rows(ddb)
    assert len(after) == 105 and after[:-1] == before
    new = after[-1]
    assert new["sk"] > before[-1]["sk"] and len(new["sk"]) == len(before[-1]["sk"])
    # Fix 7.10: uuid is the message's uuid, not the sender's.
    assert sent == {"message_group_uuid": G, "uuid": new["message_uuid"],
                    "display_name": "Andrew Bayko", "handle": "bayko", "message": "ping",
                    "created_at": new["sk"]}
    assert is_uuid4(sent["uuid"]) and sent["uuid"] != B.uuid
    assert "message_group_uuid" not in new
    # GRP rows are pattern E's business.
    assert all(r["message"] != "ping" for r in group_rows(ddb))


def test_pattern_c_never_overwrites_a_message(seeded, ddb, monkeypatch):
    taken = message_rows(ddb)[-1]
    monkeypatch.setattr(timestamps, "now", lambda: taken["sk"])
    with pytest.raises(ClientError) as raised:
        messages.create_message(G, A.uuid, "same microsecond", client=ddb)
    assert error_code(raised) == "ConditionalCheckFailedException"
    assert message_rows(ddb)[-1] == taken


def test_validation_codes(seeded, ddb):
    def codes(call, *args):
        with pytest.raises(ValidationError) as raised:
            call(*args, client=ddb)
        return raised.value.codes

    assert codes(messages.create_message, G, A.uuid, "") == ["message_blank"]
    assert codes(messages.create_message, G, A.uuid, "  \n") == ["message_blank"]
    assert codes(messages.create_message, G, A.uuid, "x" * 1025) == ["message_exceed_max_chars"]
    assert codes(messages.create_message, "", A.uuid, "hi") == ["message_group_uuid_blank"]
    assert codes(messages.create_message, " ", A.uuid, "") == \
        ["message_group_uuid_blank", "message_blank"]
    assert codes(messages.create_message_group, A.uuid, "", "hi") == ["handle_blank"]
    assert codes(messages.create_message_group, A.uuid, "andrewbrown", "hi") == \
        ["handle_is_sender"]
    assert len(message_rows(ddb)) == 104
    assert messages.create_message(G, A.uuid, "x" * 1024, client=ddb)["message"] == "x" * 1024


# ---- pattern D ---------------------------------------------------------------------------------

def test_x3_pattern_d_writes_all_three_rows_at_once(seeded, ddb):
    n = messages.create_message_group(A.uuid, "londo", "Hello Londo",
                                      client=ddb)["message_group_uuid"]
    assert is_uuid4(n) and n != G
    [msg] = message_rows(ddb, n)
    grp = {r["pk"]: r for r in group_rows(ddb, n)}
    assert set(grp) == {f"GRP#{A.uuid}", f"GRP#{L.uuid}"}
    assert (grp[f"GRP#{A.uuid}"]["user_handle"], grp[f"GRP#{L.uuid}"]["user_handle"]) == \
        ("londo", "andrewbrown")
    assert grp[f"GRP#{L.uuid}"]["user_display_name"] == "Andrew Brown"
    assert {r["sk"] for r in [msg, *grp.values()]} == {msg["sk"]}
    assert {r["message"] for r in [msg, *grp.values()]} == {"Hello Londo"}
    assert msg["user_uuid"] == A.uuid
    assert [g["uuid"] for g in messages.list_message_groups(A.uuid, client=ddb).items] == [n, G]
    assert [g["uuid"] for g in messages.list_message_groups(L.uuid, client=ddb).items] == [n]


def test_x4_pattern_d_is_all_or_nothing(seeded, ddb, monkeypatch):
    before, _ = query_all(ddb)
    # 1. The receiver's identity makes the sender's GRP row bigger than 400 KB.
    huge = users.User(str(uuid.uuid4()), "huge", "H" * 410_000)
    monkeypatch.setattr(users, "USERS", users.USERS + (huge,))
    with pytest.raises(ClientError) as raised:
        messages.create_message_group(A.uuid, "huge", "hello", client=ddb)
    assert error_code(raised) == "ValidationException"
    # 2. londo's GRP row collides with a row already in his inbox at the same sk.
    now = timestamps.now()
    monkeypatch.setattr(timestamps, "now", lambda: now)
    blocker = messages.group_row(L.uuid, B, str(uuid.uuid4()), now, "already here")
    ddb.put_item(TableName=config.TABLE_NAME, Item=messages.to_attributes(blocker))
    with pytest.raises(ClientError) as raised:
        messages.create_message_group(A.uuid, "londo", "hello", client=ddb)
    assert error_code(raised) == "TransactionCanceledException"

    after, _ = query_all(ddb)
    assert sorted(after, key=str) == sorted(before + [blocker], key=str)


# ---- membership and the year rollover -----------------------------------------------------------

def test_x9_only_members_read_or_post(seeded, ddb):
    n = messages.create_message_group(A.uuid, "londo", "Hello Londo",
                                      client=ddb)["message_group_uuid"]
    with pytest.raises(NotAMember):
        messages.list_messages(n, B.uuid, client=ddb)
    with pytest.raises(NotAMember):
        messages.create_message(n, B.uuid, "let me in", client=ddb)
    assert len(message_rows(ddb, n)) == 1
    assert len(messages.list_messages(n, A.uuid, client=ddb).items) == 1
    messages.create_message(n, L.uuid, "Greetings", client=ddb)
    assert [m["handle"] for m in messages.list_messages(n, A.uuid, client=ddb).items] == \
        ["andrewbrown", "londo"]
    with pytest.raises(NotAMember):
        messages.list_messages(G, L.uuid, client=ddb)


def test_membership_check_reads_every_page(table):
    """londo's group row sits behind 1 MB of other rows: the check must page past them."""
    group = str(uuid.uuid4())
    newest = "2022-01-01T00:00:00.000000+00:00"  # read last: sk is ascending
    for i in range(4):
        filler = messages.group_row(L.uuid, A, str(uuid.uuid4()), f"2021-0{i + 1}-01T00:00:00"
                                    ".000000+00:00", "f" * 350_000)
        table.put_item(TableName=config.TABLE_NAME, Item=messages.to_attributes(filler))
    row = messages.group_row(L.uuid, B, group, newest, "the one")
    table.put_item(TableName=config.TABLE_NAME, Item=messages.to_attributes(row))
    first = table.query(TableName=config.TABLE_NAME, KeyConditionExpression="pk = :pk",
                        ExpressionAttributeValues={":pk": {"S": f"GRP#{L.uuid}"}})
    assert "LastEvaluatedKey" in first and len(first["Items"]) < 5
    assert messages.is_member(table, group, L.uuid)
    assert not messages.is_member(table, group, A.uuid)


def test_x10_last_years_rows_are_still_listed(table):
    last_year = datetime.now(timezone.utc).replace(month=6, day=1) - timedelta(days=366)
    sk = timestamps.format(last_year)
    group = str(uuid.uuid4())
    for row in [messages.group_row(A.uuid, L, group, sk, "from last year"),
                messages.group_row(L.uuid, A, group, sk, "from last year"),
                messages.message_row(group, sk, str(uuid.uuid4()), A, "from last year")]:
        table.put_item(TableName=config.TABLE_NAME, Item=messages.to_attributes(row))
    [inbox] = messages.list_message_groups(A.uuid, client=table).items
    assert (inbox["uuid"], inbox["created_at"]) == (group, sk)
    [message] = messages.list_messages(group, L.uuid, client=table).items
    assert message["message"] == "from last year"

"""Global secondary indexes with multi-attribute keys (up to four HASH and four RANGE
attributes): which items they hold, key conditions left to right, order, pagination."""
import pytest

from conftest import EXTERNAL, error_of, unique_name

LOCAL_DIFFERS = "DynamoDB Local words this differently"


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def definitions(**types):
    return [{"AttributeName": k, "AttributeType": v} for k, v in types.items()]


def key_schema(*elements):
    return [{"AttributeName": a, "KeyType": k} for a, k in elements]


MATCHES = [  # pk, tournament, region, round, bracket
    ("m0", "T", "EU", 1, "x"), ("m1", "T", "EU", 2, "a"), ("m2", "T", "EU", 2, "b"),
    ("m3", "T", "US", 1, "a"), ("m4", "T", "EU", 10, "z"),
]


@pytest.fixture(scope="module")
def table(ddb):
    name = unique_name("multi")
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=key_schema(("pk", "HASH")),
        AttributeDefinitions=definitions(pk="S", t="S", r="S", rd="N", b="S"),
        GlobalSecondaryIndexes=[{
            "IndexName": "matches",
            "KeySchema": key_schema(("t", "HASH"), ("r", "HASH"), ("rd", "RANGE"), ("b", "RANGE")),
            "Projection": {"ProjectionType": "ALL"}}])
    for pk, t, r, rd, b in MATCHES:
        ddb.put_item(TableName=name, Item={"pk": S(pk), "t": S(t), "r": S(r), "rd": N(rd),
                                           "b": S(b)})
    # Missing one key attribute: in no index entry (sparse).
    ddb.put_item(TableName=name, Item={"pk": S("partial"), "t": S("T"), "r": S("EU"), "rd": N(3)})
    return name


def query(ddb, table, expression, **kwargs):
    values = {}
    for name, value in kwargs.pop("values").items():
        values[":" + name] = N(value) if isinstance(value, int) else S(value)
    return ddb.query(TableName=table, IndexName="matches", KeyConditionExpression=expression,
                     ExpressionAttributeValues=values, **kwargs)


def pks(response):
    return [item["pk"]["S"] for item in response["Items"]]


def test_describe_table_echoes_the_key_schema(ddb, table):
    [gsi] = ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]
    assert gsi["KeySchema"] == key_schema(("t", "HASH"), ("r", "HASH"), ("rd", "RANGE"),
                                          ("b", "RANGE"))
    assert gsi["ItemCount"] == len(MATCHES)


@pytest.mark.parametrize("expression, values, expected", [
    ("t = :t AND r = :r", dict(t="T", r="EU"), ["m0", "m1", "m2", "m4"]),
    ("r = :r AND t = :t", dict(t="T", r="US"), ["m3"]),
    ("t = :t AND r = :r AND rd = :rd", dict(t="T", r="EU", rd=2), ["m1", "m2"]),
    ("t = :t AND r = :r AND rd = :rd AND b > :b", dict(t="T", r="EU", rd=2, b="a"), ["m2"]),
    ("t = :t AND r = :r AND rd > :rd", dict(t="T", r="EU", rd=1), ["m1", "m2", "m4"]),
    ("t = :t AND r = :r AND rd BETWEEN :lo AND :hi", dict(t="T", r="EU", lo=2, hi=9),
     ["m1", "m2"]),
    ("t = :t AND r = :r AND rd = :rd AND begins_with(b, :b)", dict(t="T", r="EU", rd=2, b="b"),
     ["m2"]),
])
def test_key_conditions_left_to_right_in_key_order(ddb, table, expression, values, expected):
    assert pks(query(ddb, table, expression, values=values)) == expected
    backwards = query(ddb, table, expression, values=values, ScanIndexForward=False)
    assert pks(backwards) == expected[::-1]


def test_pages_carry_every_index_key_and_the_table_key(ddb, table):
    seen, start = [], {}
    while True:
        page = query(ddb, table, "t = :t AND r = :r", values=dict(t="T", r="EU"), Limit=3,
                     **start)
        seen += pks(page)
        if "LastEvaluatedKey" not in page:
            break
        assert set(page["LastEvaluatedKey"]) == {"pk", "t", "r", "rd", "b"}
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert seen == ["m0", "m1", "m2", "m4"]


def test_scan_of_the_index_holds_only_fully_keyed_items(ddb, table):
    items = ddb.scan(TableName=table, IndexName="matches")["Items"]
    assert sorted(i["pk"]["S"] for i in items) == [m[0] for m in MATCHES]


@pytest.mark.parametrize("expression, values, message", [
    ("t = :t", dict(t="T"),
     "HASH key attributes r must have equality conditions specified in the query"),
    ("t = :t AND r = :r AND b = :b", dict(t="T", r="EU", b="a"),
     "RANGE key attributes rd must have equality conditions specified in the query because a "
     "condition is present on key attribute b"),
    ("t = :t AND r = :r AND rd > :rd AND b = :b", dict(t="T", r="EU", rd=1, b="a"),
     "RANGE key attributes rd must have equality conditions specified in the query because a "
     "condition is present on key attribute b"),
])
def test_key_condition_errors(ddb, table, expression, values, message):
    assert error_of(query, ddb, table, expression, values=values) == (
        "ValidationException", message, 400)


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
@pytest.mark.parametrize("expression, values, message", [
    # Local: "Query condition missed key schema element"
    ("t = :t AND r = :r AND pk = :p", dict(t="T", r="EU", p="m1"),
     "Query condition missed key schema element: rd"),
    # Local: "Query key condition not supported"
    ("t = :t AND r = :r AND rd = :rd AND b = :b AND pk = :p AND x = :x",
     dict(t="T", r="EU", rd=1, b="a", p="m0", x="x"),
     "The number of query conditions (6) exceeds the number of key attributes defined in the "
     "schema (4)"),
])
def test_key_condition_errors_as_dynamodb_words_them(ddb, table, expression, values, message):
    assert error_of(query, ddb, table, expression, values=values) == (
        "ValidationException", message, 400)


def test_writes_check_every_key_attribute_type(ddb, table):
    code, message, status = error_of(ddb.put_item, TableName=table, Item={
        "pk": S("bad"), "t": S("T"), "rd": S("not a number")})
    assert (code, status) == ("ValidationException", 400)
    if not EXTERNAL:  # Local: "...Type mismatch for Index Key"
        assert message == ("One or more parameter values were invalid: Type mismatch for Index "
                           "Key rd Expected: N Actual: S IndexName: matches")
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": S("bad")})


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
@pytest.mark.parametrize("schema, message", [
    # Local: "Invalid key order. Hash Key must be specified first in key schema, ..."
    ([("t", "RANGE"), ("r", "HASH")],
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ([("t", "HASH"), ("r", "RANGE"), ("b", "HASH")],
     "One or more parameter values were invalid: All HASH key attributes must precede RANGE "
     "key attributes in the KeySchema"),
    ([("t", "HASH"), ("r", "HASH"), ("b", "HASH"), ("c", "HASH"), ("d", "HASH")],
     "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed "
     "number of HASH key attributes"),
    ([("t", "HASH"), ("r", "RANGE"), ("b", "RANGE"), ("c", "RANGE"), ("d", "RANGE"),
      ("e", "RANGE")],
     "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed "
     "number of RANGE key attributes"),
    ([("t", "HASH"), ("r", "HASH"), ("t", "RANGE")],
     "The KeySchema contains multiple key attributes with the same name"),
])
def test_key_schema_errors(ddb, schema, message):
    names = {a for a, _ in schema}
    code, got, status = error_of(
        ddb.create_table, TableName=unique_name("badmulti"), BillingMode="PAY_PER_REQUEST",
        KeySchema=key_schema(("pk", "HASH")),
        AttributeDefinitions=definitions(pk="S", **{n: "S" for n in names}),
        GlobalSecondaryIndexes=[{"IndexName": "bad", "KeySchema": key_schema(*schema),
                                 "Projection": {"ProjectionType": "ALL"}}])
    assert (code, status, got) == ("ValidationException", 400, message)


def test_a_local_index_keeps_two_key_attributes(ddb):
    code, message, _ = error_of(
        ddb.create_table, TableName=unique_name("badlsi"), BillingMode="PAY_PER_REQUEST",
        KeySchema=key_schema(("pk", "HASH"), ("sk", "RANGE")),
        AttributeDefinitions=definitions(pk="S", sk="S", a="S", b="S"),
        LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": key_schema(("pk", "HASH"), ("a", "RANGE"),
                                                        ("b", "RANGE"))}])
    assert code == "ValidationException"
    # Local: "Key Schema too big.  Key Schema must at most consist of the hash and range key..."
    assert EXTERNAL or message.endswith("failed to satisfy constraint: Member must have length less than or "
                            "equal to 2")


def test_update_table_backfills_a_multi_attribute_index(ddb):
    name = unique_name("latemulti")
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=key_schema(("pk", "HASH")), AttributeDefinitions=definitions(pk="S"))
    for i in range(5):
        ddb.put_item(TableName=name, Item={"pk": S(f"k{i}"), "a": S("A"), "b": N(i % 2),
                                           "c": N(-i)})
    ddb.update_table(TableName=name, AttributeDefinitions=definitions(a="S", b="N", c="N"),
                     GlobalSecondaryIndexUpdates=[{"Create": {
                         "IndexName": "by-ab", "Projection": {"ProjectionType": "KEYS_ONLY"},
                         "KeySchema": key_schema(("a", "HASH"), ("b", "HASH"), ("c", "RANGE"))}}])
    import time
    for _ in range(100):
        gsis = ddb.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])
        if gsis and gsis[0]["IndexStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    got = ddb.query(TableName=name, IndexName="by-ab", KeyConditionExpression="a = :a AND b = :b",
                    ExpressionAttributeValues={":a": S("A"), ":b": N(0)})["Items"]
    assert [i["pk"]["S"] for i in got] == ["k4", "k2", "k0"]  # c = -4, -2, 0
    assert set(got[0]) == {"pk", "a", "b", "c"}

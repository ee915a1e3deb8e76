"""Secondary indexes: GSIs and LSIs declared by CreateTable and UpdateTable, kept
up to date by every write, read by Query and Scan with IndexName. Where DynamoDB
Local's message differs from DynamoDB's (texts from suites run against DynamoDB,
dynalite's and moto's, and from errors quoted in public issues), the test asserts
DynamoDB's and is skipped against an external endpoint."""
import re
import time

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

INVALID = "One or more parameter values were invalid: "
LOCAL_DIFFERS = "DynamoDB Local's message differs from real DynamoDB's"


def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def definitions(**types):
    return [{"AttributeName": name, "AttributeType": t} for name, t in types.items()]


def key_schema(hash_key, range_key=None):
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return schema


def index(name, hash_key, range_key=None, projection="ALL", non_key=None):
    p = {"ProjectionType": projection}
    if non_key is not None:
        p["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": key_schema(hash_key, range_key), "Projection": p}


@pytest.fixture(scope="module")
def table(ddb):
    """pk/sk strings; GSIs on g (S) + gn (N) with each projection type and one on
    g + gb (B); LSIs on l (S). Each test uses its own g and pk values."""
    return create_table(
        ddb, unique_name("idx"), range_type="S",
        AttributeDefinitions=definitions(pk="S", sk="S", g="S", gn="N", gb="B", l="S"),
        GlobalSecondaryIndexes=[index("g-keys", "g", "gn", "KEYS_ONLY"),
                                index("g-incl", "g", "gn", "INCLUDE", ["x"]),
                                index("g-all", "g", "gn"),
                                index("g-bin", "g", "gb", "KEYS_ONLY")],
        LocalSecondaryIndexes=[index("l-keys", "pk", "l", "KEYS_ONLY"),
                               index("l-incl", "pk", "l", "INCLUDE", ["x"])])


@pytest.fixture(scope="module")
def strict(ddb):
    """One index per key attribute, so that an error names a single index."""
    return create_table(
        ddb, unique_name("strict"), range_type="S",
        AttributeDefinitions=definitions(pk="S", sk="S", n="N", s="S", b="B", l="S"),
        GlobalSecondaryIndexes=[index("by-n", "n"), index("by-s", "s"), index("by-b", "b")],
        LocalSecondaryIndexes=[index("by-l", "pk", "l")])


def put(ddb, table, pk, sk, **attributes):
    ddb.put_item(TableName=table, Item=dict(pk=S(pk), sk=S(sk), **attributes))


def query(ddb, table, index_name, condition, values, **extra):
    return ddb.query(TableName=table, IndexName=index_name, KeyConditionExpression=condition,
                     ExpressionAttributeValues=values, **extra)


def column(items, name):
    return [next(iter(item[name].values())) for item in items]


def test_gsi_sort_key_orders_numbers_numerically(ddb, table):
    g = unique_name("num")
    for n in ["100", "-3.5", "2", "10", "0", "-20", "1e3"]:
        put(ddb, table, unique_name(g), "s", g=S(g), gn=N(n))
    ordered = ["-20", "-3.5", "0", "2", "10", "100", "1000"]
    by_g = {":g": S(g)}
    assert column(query(ddb, table, "g-keys", "g = :g", by_g)["Items"], "gn") == ordered
    backward = query(ddb, table, "g-keys", "g = :g", by_g, ScanIndexForward=False)["Items"]
    assert column(backward, "gn") == ordered[::-1]
    between = query(ddb, table, "g-keys", "g = :g AND gn BETWEEN :lo AND :hi",
                    dict(by_g, **{":lo": N(-5), ":hi": N(10)}))["Items"]
    assert column(between, "gn") == ["-3.5", "0", "2", "10"]


def test_binary_index_sort_key_orders_bytewise(ddb, table):
    g = unique_name("bin")
    for value in [b"\x80", b"\x01\x02", b"\x01", b"\xff\x00", b"\x7f"]:
        put(ddb, table, unique_name(g), "s", g=S(g), gb={"B": value})
    items = query(ddb, table, "g-bin", "g = :g", {":g": S(g)})["Items"]
    assert column(items, "gb") == [b"\x01", b"\x01\x02", b"\x7f", b"\x80", b"\xff\x00"]
    assert set(items[0]) == {"pk", "sk", "g", "gb"}


def test_items_sharing_an_index_key_are_all_returned(ddb, table):
    # DynamoDB gives no order among items with equal index keys (its LSI guide: "the
    # matching items are not returned in any particular order"); DynamoDB Local orders
    # GSI ties by table key but LSI ties otherwise. So ties are compared as sets.
    g, pk = unique_name("tie"), unique_name("tie")
    for sk, gn, l in [("a", 5, "m"), ("b", 1, "z"), ("c", 5, "m"), ("d", 9, "a"), ("e", 5, "m")]:
        put(ddb, table, pk, sk, g=S(g), gn=N(gn), l=S(l))
    for forward in (True, False):
        items = query(ddb, table, "g-keys", "g = :g", {":g": S(g)},
                      ScanIndexForward=forward)["Items"]
        assert column(items, "gn") == ["1", "5", "5", "5", "9"][::1 if forward else -1]
        assert set(column(items[1:4], "sk")) == {"a", "c", "e"}
    items = query(ddb, table, "l-keys", "pk = :p", {":p": S(pk)})["Items"]
    assert column(items, "l") == ["a", "m", "m", "m", "z"]
    assert set(column(items[1:4], "sk")) == {"a", "c", "e"}


@pytest.mark.parametrize("index_name, projected", [
    ("g-keys", {"pk", "sk", "g", "gn"}),
    ("g-incl", {"pk", "sk", "g", "gn", "x"}),
    ("g-all", {"pk", "sk", "g", "gn", "l", "x", "y"}),
    ("l-keys", {"pk", "sk", "l"}),
    ("l-incl", {"pk", "sk", "l", "x"}),
])
def test_projection_decides_the_returned_attributes(ddb, table, index_name, projected):
    v = unique_name("proj")
    put(ddb, table, v, "s", g=S(v), gn=N(1), l=S("l"), x=S("x"), y=S("y"))
    condition = ("pk" if index_name.startswith("l-") else "g") + " = :v"
    for select in ({}, {"Select": "ALL_PROJECTED_ATTRIBUTES"}):
        items = query(ddb, table, index_name, condition, {":v": S(v)}, **select)["Items"]
        assert [set(item) for item in items] == [projected]


def test_gsi_reads_only_what_it_projects(ddb, table):
    g = unique_name("gsiread")
    put(ddb, table, g, "s", g=S(g), gn=N(1), x=S("x"), y=S("y"))
    by_g = dict(KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": S(g)})
    for index_name in ("g-keys", "g-incl"):
        expected = ("ValidationException", INVALID + "Select type ALL_ATTRIBUTES is not supported "
                    f"for global secondary index {index_name} because its projection type is "
                    "not ALL", 400)
        assert error_of(ddb.query, TableName=table, IndexName=index_name,
                        Select="ALL_ATTRIBUTES", **by_g) == expected
        assert error_of(ddb.scan, TableName=table, IndexName=index_name,
                        Select="ALL_ATTRIBUTES") == expected
    assert error_of(ddb.query, TableName=table, IndexName="g-incl", ProjectionExpression="x, y",
                    **by_g) == ("ValidationException", INVALID + "Global secondary index g-incl "
                                "does not project [y]", 400)
    assert ddb.query(TableName=table, IndexName="g-incl", ProjectionExpression="x",
                     **by_g)["Items"] == [{"x": S("x")}]
    everything = ddb.query(TableName=table, IndexName="g-all", Select="ALL_ATTRIBUTES", **by_g)
    assert everything["Items"] == [{"pk": S(g), "sk": S("s"), "g": S(g), "gn": N(1),
                                    "x": S("x"), "y": S("y")}]


def test_lsi_fetches_unprojected_attributes_from_the_table(ddb, table):
    pk = unique_name("fetch")
    put(ddb, table, pk, "s", l=S("l"), x=S("x"), y=S("y"))
    by_pk = ("pk = :p", {":p": S(pk)})
    full = query(ddb, table, "l-keys", *by_pk, Select="ALL_ATTRIBUTES",
                 ReturnConsumedCapacity="INDEXES")
    assert full["Items"] == [{"pk": S(pk), "sk": S("s"), "l": S("l"), "x": S("x"), "y": S("y")}]
    # DynamoDB Local charges the index read and the table fetch separately.
    assert full["ConsumedCapacity"]["Table"] == {"CapacityUnits": 0.5}
    assert full["ConsumedCapacity"]["LocalSecondaryIndexes"] == {"l-keys": {"CapacityUnits": 0.5}}
    assert query(ddb, table, "l-incl", *by_pk, ProjectionExpression="y")["Items"] == \
        [{"y": S("y")}]


def test_puts_add_move_and_drop_index_entries(ddb, table):
    pk, g1, g2 = unique_name("mv"), unique_name("g1"), unique_name("g2")

    def in_gsi(g):
        return column(query(ddb, table, "g-all", "g = :g", {":g": S(g)})["Items"], "pk")

    def in_lsi(l):
        return column(query(ddb, table, "l-keys", "pk = :p AND l = :l",
                            {":p": S(pk), ":l": S(l)})["Items"], "sk")

    put(ddb, table, pk, "s", g=S(g1), gn=N(1), l=S("a"))
    assert in_gsi(g1) == [pk] and in_lsi("a") == ["s"]
    put(ddb, table, pk, "s", g=S(g2), gn=N(1), l=S("b"))
    assert in_gsi(g1) == [] and in_gsi(g2) == [pk]
    assert in_lsi("a") == [] and in_lsi("b") == ["s"]
    put(ddb, table, pk, "s", g=S(g2))  # without gn the item leaves the (g, gn) indexes
    assert in_gsi(g2) == [] and in_lsi("b") == []


def test_updates_move_and_remove_index_entries(ddb, table):
    pk, g1, g2 = unique_name("up"), unique_name("g1"), unique_name("g2")
    key = {"pk": S(pk), "sk": S("s")}

    def update(expression, **values):
        extra = {"ExpressionAttributeValues": values} if values else {}
        ddb.update_item(TableName=table, Key=key, UpdateExpression=expression, **extra)

    def in_gsi(g):
        return query(ddb, table, "g-all", "g = :g", {":g": S(g)})["Items"]

    def in_lsi():
        return query(ddb, table, "l-incl", "pk = :p", {":p": S(pk)})["Items"]

    put(ddb, table, pk, "s", g=S(g1), gn=N(1), l=S("a"), x=S("x"))
    update("SET g = :g, l = :l, x = :x", **{":g": S(g2), ":l": S("b"), ":x": S("y")})
    assert in_gsi(g1) == []
    assert column(in_gsi(g2), "x") == ["y"]
    assert [(i["l"], i["x"]) for i in in_lsi()] == [(S("b"), S("y"))]
    update("REMOVE gn, l")
    assert in_gsi(g2) == [] and in_lsi() == []
    update("SET gn = :n", **{":n": N(2)})
    assert column(in_gsi(g2), "gn") == ["2"]


def test_delete_takes_the_item_out_of_every_index(ddb, table):
    v = unique_name("del")
    put(ddb, table, v, "s", g=S(v), gn=N(1), gb={"B": b"b"}, l=S("l"))
    reads = [(name, "g = :v") for name in ("g-keys", "g-incl", "g-all", "g-bin")] + \
            [(name, "pk = :v") for name in ("l-keys", "l-incl")]
    assert all(query(ddb, table, n, c, {":v": S(v)})["Count"] == 1 for n, c in reads)
    ddb.delete_item(TableName=table, Key={"pk": S(v), "sk": S("s")})
    assert all(query(ddb, table, n, c, {":v": S(v)})["Count"] == 0 for n, c in reads)


def pages(call, **kwargs):
    """Every page of a call, following LastEvaluatedKey."""
    result, start = [], {}
    while True:
        page = call(**kwargs, **start)
        result.append(page)
        if "LastEvaluatedKey" not in page:
            return result
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


@pytest.mark.parametrize("forward", [True, False])
def test_query_pages_on_an_index_carry_index_and_table_keys(ddb, table, forward):
    g, pk = unique_name("page"), unique_name("page")
    for i, n in enumerate([3, 1, 2, 2, 2, 5, 1]):  # ties straddle the page boundaries
        put(ddb, table, pk, f"s{i}", g=S(g), gn=N(n), l=S(f"l{n}"))
    for index_name, condition, value, key_names in [
            ("g-keys", "g = :v", S(g), {"g", "gn", "pk", "sk"}),
            ("l-keys", "pk = :v", S(pk), {"pk", "l", "sk"})]:
        args = dict(TableName=table, IndexName=index_name, KeyConditionExpression=condition,
                    ExpressionAttributeValues={":v": value}, ScanIndexForward=forward)
        whole = ddb.query(**args)["Items"]
        paged = pages(ddb.query, Limit=2, **args)
        assert [p["Count"] for p in paged] == [2, 2, 2, 1]
        for page in paged[:-1]:
            last = page["Items"][-1]
            assert page["LastEvaluatedKey"] == {k: last[k] for k in key_names}
        assert [item for p in paged for item in p["Items"]] == whole
        assert sorted(column(whole, "sk")) == [f"s{i}" for i in range(7)]


def test_scan_of_an_index_sees_only_items_with_its_keys_and_paginates(ddb):
    name = create_table(ddb, range_type="S",
                        AttributeDefinitions=definitions(pk="S", sk="S", g="S", l="S"),
                        GlobalSecondaryIndexes=[index("by-g", "g", projection="KEYS_ONLY")],
                        LocalSecondaryIndexes=[index("by-l", "pk", "l", "KEYS_ONLY")])
    for i in range(10):
        item = {"pk": S(f"p{i % 3}"), "sk": S(f"s{i}")}
        if i % 2 == 0:
            item["g"] = S(f"g{i % 4}")
        if i % 5:
            item["l"] = S(f"l{i % 4}")
        ddb.put_item(TableName=name, Item=item)
    for index_name, key_names, members in [("by-g", {"pk", "sk", "g"}, [0, 2, 4, 6, 8]),
                                           ("by-l", {"pk", "sk", "l"}, [1, 2, 3, 4, 6, 7, 8, 9])]:
        whole = ddb.scan(TableName=name, IndexName=index_name)
        assert sorted(column(whole["Items"], "sk")) == [f"s{i}" for i in members]
        assert whole["Count"] == whole["ScannedCount"] == len(members)
        assert all(set(item) == key_names for item in whole["Items"])
        paged = pages(ddb.scan, TableName=name, IndexName=index_name, Limit=3)
        for page in paged[:-1]:
            assert page["Count"] == 3
            assert page["LastEvaluatedKey"] == {k: page["Items"][-1][k] for k in key_names}
        assert [item for p in paged for item in p["Items"]] == whole["Items"]


def test_a_starting_key_without_the_index_keys_is_invalid(ddb, table):
    start = {"ExclusiveStartKey": {"pk": S("p"), "sk": S("s")}}  # the table's keys only
    expected = ("ValidationException", "The provided starting key is invalid", 400)
    assert error_of(query, ddb, table, "g-keys", "g = :g", {":g": S("g")}, **start) == expected
    assert error_of(ddb.scan, TableName=table, IndexName="g-keys", **start) == expected


def test_consistent_reads_are_rejected_on_a_gsi_and_allowed_on_an_lsi(ddb, table):
    expected = ("ValidationException",
                "Consistent reads are not supported on global secondary indexes", 400)
    assert error_of(query, ddb, table, "g-keys", "g = :g", {":g": S("g")},
                    ConsistentRead=True) == expected
    assert error_of(ddb.scan, TableName=table, IndexName="g-all", ConsistentRead=True) == expected
    pk = unique_name("strong")
    put(ddb, table, pk, "s", l=S("l"))
    strong = query(ddb, table, "l-keys", "pk = :p", {":p": S(pk)}, ConsistentRead=True,
                   ReturnConsumedCapacity="INDEXES")
    assert strong["Items"] == [{"pk": S(pk), "sk": S("s"), "l": S("l")}]
    assert strong["ConsumedCapacity"]["LocalSecondaryIndexes"] == {"l-keys": {"CapacityUnits": 1.0}}
    assert "Items" in ddb.scan(TableName=table, IndexName="l-keys", ConsistentRead=True, Limit=1)


def test_unknown_index_name(ddb, table, table_s):
    expected = ("ValidationException", "The table does not have the specified index: nope", 400)
    assert error_of(query, ddb, table, "nope", "g = :g", {":g": S("g")}) == expected
    assert error_of(ddb.scan, TableName=table, IndexName="nope") == expected
    assert error_of(ddb.scan, TableName=table_s, IndexName="nope") == expected


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
def test_query_on_an_index_must_name_its_partition_key(ddb, table):
    # DynamoDB Local differs: it leaves the attribute out ("...missed key schema element").
    assert error_of(query, ddb, table, "g-keys", "pk = :p", {":p": S("p")}) == \
        ("ValidationException", "Query condition missed key schema element: g", 400)


def write(ddb, table, how, key, attributes):
    if how == "put":
        return ddb.put_item(TableName=table, Item=dict(key, **attributes))
    return ddb.update_item(TableName=table, Key=key,
                           UpdateExpression="SET " + ", ".join(f"{a} = :{a}" for a in attributes),
                           ExpressionAttributeValues={f":{a}": v for a, v in attributes.items()})


WRONG_TYPES = [  # (request, attributes, the end of DynamoDB's message)
    ("put", {"n": S("one")}, "n Expected: N Actual: S IndexName: by-n"),
    ("put", {"s": N(1)}, "s Expected: S Actual: N IndexName: by-s"),
    ("put", {"b": S("x")}, "b Expected: B Actual: S IndexName: by-b"),
    ("put", {"l": N(1)}, "l Expected: S Actual: N IndexName: by-l"),
    ("update", {"n": S("one")}, "n Expected: N Actual: S IndexName: by-n"),
    ("update", {"s": N(1)}, "s Expected: S Actual: N IndexName: by-s"),
]


def rejected_write(ddb, strict, how, attributes):
    """Writes attributes (and v) onto an existing item; returns the error and checks
    that the item is unchanged."""
    key = {"pk": S(unique_name("typed")), "sk": S("s")}
    original = dict(key, v=S("old"))
    ddb.put_item(TableName=strict, Item=original)
    error = error_of(write, ddb, strict, how, key, dict(attributes, v=S("new")))
    assert ddb.get_item(TableName=strict, Key=key, ConsistentRead=True)["Item"] == original
    return error


@pytest.mark.parametrize("how, attributes, detail", WRONG_TYPES)
def test_index_key_of_the_wrong_type_is_rejected_and_nothing_written(ddb, strict, how,
                                                                     attributes, detail):
    code, message, status = rejected_write(ddb, strict, how, attributes)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(INVALID + "Type mismatch for Index Key")


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
@pytest.mark.parametrize("how, attributes, detail", WRONG_TYPES + [
    ("update", {"l": N(1)}, "l Expected: S Actual: N IndexName: by-l"),
    ("put", {"s": {"NULL": True}}, "s Expected: S Actual: NULL IndexName: by-s"),
])
def test_index_key_type_mismatch_messages(ddb, strict, how, attributes, detail):
    # DynamoDB Local differs: its message stops at "Type mismatch for Index Key"; it
    # answers a NULL key with "Invalid attribute value type"; and it accepts an
    # UpdateItem that gives an LSI key the wrong type.
    assert rejected_write(ddb, strict, how, attributes) == (
        "ValidationException", INVALID + "Type mismatch for Index Key " + detail, 400)


EMPTY_KEY = ("One or more parameter values are not valid. A value specified for a secondary "
             "index key is not supported. The AttributeValue for a key attribute cannot contain "
             "an empty {} value. IndexName: {}, IndexKey: {}")
EMPTY_UPDATE = ("One or more parameter values are not valid. The update expression attempted to "
                "update a secondary index key to a value that is not supported. The "
                "AttributeValue for a key attribute cannot contain an empty {} value.")


@pytest.mark.parametrize("how, attributes, message", [
    ("put", {"s": S("")}, EMPTY_KEY.format("string", "by-s", "s")),
    ("put", {"b": {"B": b""}}, EMPTY_KEY.format("binary", "by-b", "b")),
    ("put", {"l": S("")}, EMPTY_KEY.format("string", "by-l", "l")),
    ("update", {"s": S("")}, EMPTY_UPDATE.format("string")),
    ("update", {"b": {"B": b""}}, EMPTY_UPDATE.format("binary")),
    ("update", {"l": S("")}, EMPTY_UPDATE.format("string")),
])
def test_empty_index_key_value_is_rejected(ddb, strict, how, attributes, message):
    assert rejected_write(ddb, strict, how, attributes) == ("ValidationException", message, 400)


def unused_definitions(message):
    # DynamoDB lists both sets in no fixed order.
    found = re.fullmatch(re.escape(INVALID) + r"Some AttributeDefinitions are not used\. "
                         r"AttributeDefinitions: \[(.*)\], keys used: \[(.*)\]", message)
    return found is not None and (set(found[1].split(", ")), set(found[2].split(", "))) == \
        ({"pk", "sk", "g", "l", "u"}, {"pk", "sk", "g", "l"})


BAD_INDEXES = [
    pytest.param(dict(GlobalSecondaryIndexes=[index("dup", "g"), index("dup", "g")],
                      LocalSecondaryIndexes=[index("by-l", "pk", "l")]),
                 INVALID + "Duplicate index name: dup", id="duplicate-gsi-names"),
    pytest.param(dict(LocalSecondaryIndexes=[index("dup", "pk", "l")],
                      GlobalSecondaryIndexes=[index("dup", "g")]),
                 INVALID + "Duplicate index name: dup", id="gsi-and-lsi-share-a-name"),
    pytest.param(dict(KeySchema=key_schema("pk"), AttributeDefinitions=definitions(pk="S"),
                      LocalSecondaryIndexes=None),
                 INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                           "Keys: [g], AttributeDefinitions: [pk]", id="gsi-key-not-defined"),
    pytest.param(dict(LocalSecondaryIndexes=[index("by-l", "g", "l")]),
                 INVALID + "Index KeySchema does not have the same leading hash key as table "
                           "KeySchema for index: by-l. index hash key: g, table hash key: pk",
                 id="lsi-with-another-partition-key"),
    pytest.param(dict(KeySchema=key_schema("pk"), AttributeDefinitions=definitions(pk="S", l="S"),
                      GlobalSecondaryIndexes=None),
                 INVALID + "Table KeySchema does not have a range key, which is required when "
                           "specifying a LocalSecondaryIndex", id="lsi-without-table-sort-key"),
    pytest.param(dict(AttributeDefinitions=definitions(pk="S", sk="S", l="S"),
                      GlobalSecondaryIndexes=None,
                      LocalSecondaryIndexes=[index(f"by-l{i}", "pk", "l") for i in range(6)]),
                 INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
                 id="six-lsis"),
    pytest.param(dict(GlobalSecondaryIndexes=[index("by-g", "g", projection="INCLUDE")]),
                 INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
                 id="include-without-non-key-attributes"),
    pytest.param(dict(LocalSecondaryIndexes=[index("by-l", "pk", "l", "ALL", ["x"])]),
                 INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified",
                 id="all-with-non-key-attributes"),
    pytest.param(dict(GlobalSecondaryIndexes=[index("by-g", "g", None, "KEYS_ONLY", ["x"])]),
                 INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified",
                 id="keys-only-with-non-key-attributes"),
    pytest.param(dict(AttributeDefinitions=definitions(pk="S", sk="S", g="S", l="S", u="S")),
                 unused_definitions, id="unused-attribute-definition"),
]


def bad_table(name, overrides):
    """A valid table with a GSI on g and an LSI on l, changed by overrides (None drops)."""
    args = dict(TableName=name, KeySchema=key_schema("pk", "sk"), BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=definitions(pk="S", sk="S", g="S", l="S"),
                GlobalSecondaryIndexes=[index("by-g", "g")],
                LocalSecondaryIndexes=[index("by-l", "pk", "l")])
    args.update(overrides)
    return {k: v for k, v in args.items() if v is not None}


@pytest.mark.parametrize("overrides, message", BAD_INDEXES)
def test_create_table_rejects_bad_index_definitions(ddb, overrides, message):
    name = unique_name("bad")
    code, _, status = error_of(ddb.create_table, **bad_table(name, overrides))
    assert (code, status) == ("ValidationException", 400)
    assert error_of(ddb.describe_table, TableName=name)[0] == "ResourceNotFoundException"


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
@pytest.mark.parametrize("overrides, message", BAD_INDEXES)
def test_create_table_index_error_messages(ddb, overrides, message):
    # DynamoDB Local differs in every case, e.g. "Two global secondary indices have the
    # same name", "Cannot have more than 5 local secondary indexes per table", "If
    # Projection type INCLUDE is specified, some non-key attributes to include in the
    # projection must be specified as well", "No attributes should be specified to be
    # projected unless projection type is INCLUDE", "The number of attributes in key
    # schema must match the number of attributes defined in attribute definitions.".
    _, got, _ = error_of(ddb.create_table, **bad_table(unique_name("bad"), overrides))
    if callable(message):
        assert message(got), got
    else:
        assert got == message


def test_describe_table_lists_the_indexes(ddb, table):
    d = ddb.describe_table(TableName=table)["Table"]
    gsis = {i["IndexName"]: i for i in d["GlobalSecondaryIndexes"]}
    lsis = {i["IndexName"]: i for i in d["LocalSecondaryIndexes"]}
    assert set(gsis) == {"g-keys", "g-incl", "g-all", "g-bin"}
    assert set(lsis) == {"l-keys", "l-incl"}
    assert gsis["g-incl"]["KeySchema"] == key_schema("g", "gn")
    assert gsis["g-incl"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
    assert gsis["g-keys"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert gsis["g-all"]["Projection"] == {"ProjectionType": "ALL"}
    assert lsis["l-keys"]["KeySchema"] == key_schema("pk", "l")
    for name, description in {**gsis, **lsis}.items():
        assert description["IndexArn"] == d["TableArn"] + "/index/" + name
        assert isinstance(description["ItemCount"], int)
        assert isinstance(description["IndexSizeBytes"], int)
    assert {i["IndexStatus"] for i in gsis.values()} == {"ACTIVE"}
    assert not any("IndexStatus" in i for i in lsis.values())


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_update_table_creates_a_backfilled_gsi_and_deletes_it(ddb):
    name = create_table(ddb)
    for i, g, n in [(0, S("G"), 3), (1, S("G"), 1), (2, S("G"), 2), (3, None, 4), (4, N(5), 0)]:
        item = {"pk": S(f"k{i}"), "n": N(n), "v": S("v")}
        if g:
            item["g"] = g
        ddb.put_item(TableName=name, Item=item)
    created = ddb.update_table(
        TableName=name, AttributeDefinitions=definitions(g="S", n="N"),
        GlobalSecondaryIndexUpdates=[{"Create": index("late", "g", "n")}])["TableDescription"]
    [gsi] = created["GlobalSecondaryIndexes"]
    # DynamoDB answers CREATING, not yet backfilling; ACTIVE comes later.
    assert (gsi["IndexName"], gsi["IndexStatus"], gsi["Backfilling"]) == ("late", "CREATING", False)

    def statuses():
        d = ddb.describe_table(TableName=name)["Table"]
        return [i["IndexStatus"] for i in d.get("GlobalSecondaryIndexes", [])]

    assert wait_for(lambda: statuses() == ["ACTIVE"])
    by_g = ("g = :g", {":g": S("G")})
    items = query(ddb, name, "late", *by_g)["Items"]
    # k3 has no g; k4's g is a number, an index key violation that backfill skips.
    assert column(items, "pk") == ["k1", "k2", "k0"]
    assert items[0] == {"pk": S("k1"), "g": S("G"), "n": N(1), "v": S("v")}
    ddb.put_item(TableName=name, Item={"pk": S("k9"), "g": S("G"), "n": N(0)})
    assert column(query(ddb, name, "late", *by_g)["Items"], "pk") == ["k9", "k1", "k2", "k0"]

    deleted = ddb.update_table(
        TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "late"}}])
    [gsi] = deleted["TableDescription"]["GlobalSecondaryIndexes"]
    assert (gsi["IndexName"], gsi["IndexStatus"]) == ("late", "DELETING")
    assert wait_for(lambda: statuses() == [])
    assert error_of(query, ddb, name, "late", *by_g) == \
        ("ValidationException", "The table does not have the specified index: late", 400)


def test_consumed_capacity_broken_down_by_index(ddb):
    # DynamoDB's rule: a table write also costs write units in every index whose entry it
    # changes, sized by the projected entry: one write to add or remove an entry, two
    # (a delete and a put) when an index key changes, none when the entry is unchanged.
    name = create_table(ddb, range_type="S",
                        AttributeDefinitions=definitions(pk="S", sk="S", g="S", l="S"),
                        GlobalSecondaryIndexes=[index("cap-keys", "g", projection="KEYS_ONLY"),
                                                index("cap-all", "g")],
                        LocalSecondaryIndexes=[index("cap-lsi", "pk", "l", "KEYS_ONLY")])
    key = {"pk": S("a"), "sk": S("1")}
    item = dict(key, g=S("G"), l=S("L"), v=S("v"))

    def consumed(call, **kwargs):
        return call(TableName=name, ReturnConsumedCapacity="INDEXES", **kwargs)["ConsumedCapacity"]

    def units(total, table, gsis=None, lsis=None):
        expected = {"TableName": name, "CapacityUnits": total, "Table": {"CapacityUnits": table}}
        for field, indexes in (("GlobalSecondaryIndexes", gsis), ("LocalSecondaryIndexes", lsis)):
            if indexes:
                expected[field] = {k: {"CapacityUnits": v} for k, v in indexes.items()}
        return expected

    assert consumed(ddb.put_item, Item=item) == \
        units(4.0, 1.0, {"cap-keys": 1.0, "cap-all": 1.0}, {"cap-lsi": 1.0})
    assert consumed(ddb.put_item, Item=item) == units(1.0, 1.0)  # identical: no index write
    assert consumed(ddb.put_item, Item=dict(item, v=S("w"))) == units(2.0, 1.0, {"cap-all": 1.0})
    assert consumed(ddb.update_item, Key=key, UpdateExpression="SET g = :g",
                    ExpressionAttributeValues={":g": S("H")}) == \
        units(5.0, 1.0, {"cap-keys": 2.0, "cap-all": 2.0})
    assert consumed(ddb.update_item, Key=key, UpdateExpression="REMOVE l") == \
        units(3.0, 1.0, {"cap-all": 1.0}, {"cap-lsi": 1.0})
    assert consumed(ddb.delete_item, Key=key) == units(3.0, 1.0, {"cap-keys": 1.0, "cap-all": 1.0})
    assert consumed(ddb.put_item, Item=key) == units(1.0, 1.0)  # in no index
    total = ddb.put_item(TableName=name, Item=dict(key, g=S("G")), ReturnConsumedCapacity="TOTAL")
    assert total["ConsumedCapacity"] == {"TableName": name, "CapacityUnits": 3.0}
    assert consumed(ddb.query, IndexName="cap-keys", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": S("G")}) == \
        {"TableName": name, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
         "GlobalSecondaryIndexes": {"cap-keys": {"CapacityUnits": 0.5}}}


@pytest.mark.skipif(bool(EXTERNAL), reason=LOCAL_DIFFERS)
@pytest.mark.parametrize("how", ["put", "update"])
def test_index_key_over_the_key_size_limit_is_rejected(ddb, strict, how):
    # DynamoDB's wording, as reported by its users (index partition keys: 2048 bytes).
    code, message, status = rejected_write(ddb, strict, how, {"s": S("x" * 2049)})
    assert (code, status, message) == (
        "ValidationException", 400, "One or more parameter values were invalid: Size limit "
        "exceeded for Index Key s Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: by-s")

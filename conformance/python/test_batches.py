"""BatchGetItem and BatchWriteItem: reads and writes across tables, projections, consumed
capacity, index maintenance, item collection metrics, and every validation error with
DynamoDB's exact message; a refused batch writes nothing."""
import json

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name


def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def canon(items):
    """Items as a sorted list of JSON texts: a batch returns them in no particular order."""
    return sorted(json.dumps(i, sort_keys=True) for i in items)


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


def absent(ddb, table, key):
    return "Item" not in ddb.get_item(TableName=table, Key=key, ConsistentRead=True)


@pytest.fixture(scope="module")
def indexed(ddb):
    """pk S + sk S, a global index on g and a local index on l (both projecting ALL)."""
    defs = [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "g", "l")]
    return create_table(ddb, range_type="S", AttributeDefinitions=defs, GlobalSecondaryIndexes=[
        {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}}], LocalSecondaryIndexes=[
        {"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                            {"AttributeName": "l", "KeyType": "RANGE"}],
         "Projection": {"ProjectionType": "ALL"}}])


# ---- BatchGetItem ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def stored(ddb, table_s, table_sn):
    """Three items in table_s and two in table_sn, all under a fresh prefix."""
    p = unique_name("bget")
    a = [{"pk": S(f"{p}-{i}"), "v": N(i), "m": {"M": {"x": S("x"), "y": S("y")}}}
         for i in range(3)]
    b = [{"pk": S(p), "sk": N(i), "v": S(f"b{i}")} for i in range(2)]
    for table, items in ((table_s, a), (table_sn, b)):
        for item in items:
            ddb.put_item(TableName=table, Item=item)
    return p, a, b


def test_batch_get_across_two_tables_leaves_out_missing_keys(ddb, table_s, table_sn, stored):
    p, a, b = stored
    got = ddb.batch_get_item(RequestItems={
        table_s: {"Keys": [{"pk": i["pk"]} for i in a] + [{"pk": S(p + "-none")}]},
        table_sn: {"Keys": [{"pk": S(p), "sk": N(1)}, {"pk": S(p), "sk": N(7)}],
                   "ConsistentRead": True}})
    assert set(got) - {"ResponseMetadata"} == {"Responses", "UnprocessedKeys"}
    assert got["UnprocessedKeys"] == {}
    assert set(got["Responses"]) == {table_s, table_sn}
    assert canon(got["Responses"][table_s]) == canon(a)
    assert got["Responses"][table_sn] == [b[1]]


def test_batch_get_of_only_missing_keys_answers_an_empty_list(ddb, table_s, stored):
    got = ddb.batch_get_item(RequestItems={table_s: {"Keys": [{"pk": S(stored[0] + "-x")}]}})
    assert (got["Responses"], got["UnprocessedKeys"]) == ({table_s: []}, {})


def test_batch_get_projection_per_table_does_not_add_the_key(ddb, table_s, table_sn, stored):
    p, a, b = stored
    got = ddb.batch_get_item(RequestItems={
        table_s: {"Keys": [{"pk": a[0]["pk"]}, {"pk": a[2]["pk"]}],
                  "ProjectionExpression": "#v, m.x", "ExpressionAttributeNames": {"#v": "v"}},
        table_sn: {"Keys": [{"pk": S(p), "sk": N(0)}], "ProjectionExpression": "sk"}})
    assert canon(got["Responses"][table_s]) == canon(
        [{"v": N(i), "m": {"M": {"x": S("x")}}} for i in (0, 2)])
    assert got["Responses"][table_sn] == [{"sk": N(0)}]


def test_batch_get_attributes_to_get(ddb, table_s, table_sn, stored):
    p, a, b = stored
    got = ddb.batch_get_item(RequestItems={
        table_s: {"Keys": [{"pk": a[1]["pk"]}], "AttributesToGet": ["pk", "nope"]},
        table_sn: {"Keys": [{"pk": S(p), "sk": N(1)}], "AttributesToGet": ["v"],
                   "ConsistentRead": False}})
    assert got["Responses"] == {table_s: [{"pk": a[1]["pk"]}], table_sn: [{"v": S("b1")}]}


@pytest.fixture(scope="module")
def sized(ddb, table_s, table_sn):
    """In table_s: one item of exactly 5000 bytes (2 read units) and one of 100 (1 unit)."""
    p = unique_name("bcap")
    for name, size in (("big", 5000), ("small", 100)):
        pk = f"{p}-{name}"
        ddb.put_item(TableName=table_s, Item={"pk": S(pk), "d": S("x" * (size - 3 - len(pk)))})
    ddb.put_item(TableName=table_sn, Item={"pk": S(p), "sk": N(1)})
    return p


# Each item is rounded up to 4 KB on its own (5000 + 100 bytes: 2 + 1 units, not 2), and
# halved when eventually consistent.
@pytest.mark.parametrize("consistent, units", [(True, 3.0), (False, 1.5)])
def test_batch_get_consumed_capacity_per_table(ddb, table_s, table_sn, sized, consistent,
                                               units):
    request = {table_s: {"Keys": [{"pk": S(f"{sized}-{n}")} for n in ("big", "small")],
                         "ConsistentRead": consistent},
               table_sn: {"Keys": [{"pk": S(sized), "sk": N(1)}]}}
    got = ddb.batch_get_item(RequestItems=request, ReturnConsumedCapacity="TOTAL")
    assert sorted(got["ConsumedCapacity"], key=lambda c: c["TableName"]) == sorted([
        {"TableName": table_s, "CapacityUnits": units},
        {"TableName": table_sn, "CapacityUnits": 0.5}], key=lambda c: c["TableName"])
    got = ddb.batch_get_item(RequestItems=request, ReturnConsumedCapacity="INDEXES")
    assert {c["TableName"]: c for c in got["ConsumedCapacity"]}[table_s] == {
        "TableName": table_s, "CapacityUnits": units, "Table": {"CapacityUnits": units}}
    assert "ConsumedCapacity" not in ddb.batch_get_item(RequestItems=request,
                                                        ReturnConsumedCapacity="NONE")


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local charges nothing for a missing key")
@pytest.mark.parametrize("consistent, units", [(True, 2.0), (False, 1.0)])
def test_batch_get_charges_a_key_that_finds_nothing(ddb, table_s, sized, consistent, units):
    # As a GetItem of a missing item: one unit (half eventually consistent). Local: 0.0.
    got = ddb.batch_get_item(RequestItems={table_s: {"Keys": [
        {"pk": S(f"{sized}-small")}, {"pk": S(f"{sized}-none")}], "ConsistentRead": consistent}},
        ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == [{"TableName": table_s, "CapacityUnits": units}]


MEMBER = "1 validation error detected: Value at 'RequestItems.{}.member.Keys' failed to " \
         "satisfy constraint: Member must have length {}"
SCHEMA = "The provided key element does not match the schema"
EMPTY_KEY = "One or more parameter values are not valid. The AttributeValue for a key " \
            "attribute cannot contain an empty string value. Key: pk"
MIXED = "Can not use both expression and non-expression parameters in the same request: " \
        "Non-expression parameters: {AttributesToGet} Expression parameters: " \
        "{ProjectionExpression}"
DUPLICATES = "Provided list of item keys contains duplicates"


def keys(*pks, **kw):
    return dict(kw, Keys=[{"pk": S(pk)} for pk in pks])


GET_ERRORS = [
    ({"s": keys("a", "a")}, DUPLICATES),
    ({"sn": {"Keys": [{"pk": S("a"), "sk": N(1)}, {"pk": S("a"), "sk": N(1)}]}}, DUPLICATES),
    ({"s": keys("")}, EMPTY_KEY),
    ({"s": keys("a", ProjectionExpression="v", AttributesToGet=["v"])}, MIXED),
    ({"s": keys("a", ProjectionExpression="v"), "sn": {  # mixed across tables, too
        "Keys": [{"pk": S("a"), "sk": N(1)}], "AttributesToGet": ["v"]}}, MIXED),
    ({"s": keys("a", ProjectionExpression="v", ExpressionAttributeNames={"#x": "x"})},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"),
    ({"s": keys("a", ProjectionExpression="#y")}, "Invalid ProjectionExpression: An expression "
     "attribute name used in the document path is not defined; attribute name: #y"),
    ({"s": keys("a", ExpressionAttributeNames={"#x": "x"})},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ({"s": keys("a", ProjectionExpression="")},
     "Invalid ProjectionExpression: The expression can not be empty;"),
    ({"s": keys("a", AttributesToGet=["v", "v"])},
     "One or more parameter values were invalid: Duplicate value in attribute name: v"),
    ({"s": {"Keys": [{"pk": S("a"), "x": N("x")}]}},
     "A value provided cannot be converted into a number"),
]
# DynamoDB's texts where DynamoDB Local words them differently (its text in the comment).
GET_REAL_ONLY = [
    ({"s": {"Keys": [{"pk": N(1)}]}}, SCHEMA),
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    ({"s": {"Keys": [{"pk": S("a"), "x": S("b")}]}}, SCHEMA),
    # Local: "The number of conditions on the keys is invalid"
    ({"s": {"Keys": [{"x": S("a")}]}}, SCHEMA),
    # Local: "One of the required keys was not given a value"
    ({"sn": keys("a")}, SCHEMA),  # Local: "The number of conditions on the keys is invalid"
    ({"sn": {"Keys": [{"pk": S("a"), "sk": S("1")}]}}, SCHEMA),
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    ({"s": keys(*(f"k{i}" for i in range(101)))},
     MEMBER.format("{s}", "less than or equal to 100")),
    # Local: "Too many items requested for the BatchGetItem call"
    ({"s": {"Keys": []}}, MEMBER.format("{s}", "greater than or equal to 1")),
    # Local: "The list of keys in RequestItems for BatchGetItem is required: <table> has empty
    # list"
    ({}, "The requestItems parameter is required for BatchGetItem"),
    # Local: "BatchGetItem must have some requests set"
    ({"s": keys("a"), "ReturnConsumedCapacity": "FOO"}, "1 validation error detected: Value "
     "'FOO' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum "
     "value set: [INDEXES, TOTAL, NONE]"),
    # Local: accepted
]


def get_request(names, request_items):
    """The request: tables by nickname, capitalised entries are top-level members."""
    request = {k: request_items.pop(k) for k in list(request_items) if k[0].isupper()}
    request["RequestItems"] = {names[t]: v for t, v in request_items.items()}
    return request


@pytest.mark.parametrize("request_items, message", GET_ERRORS,
                         ids=[str(i) for i in range(len(GET_ERRORS))])
def test_batch_get_validation_errors(ddb, table_s, table_sn, request_items, message):
    request = get_request({"s": table_s, "sn": table_sn}, dict(request_items))
    assert error_of(ddb.batch_get_item, **request) == ("ValidationException", message, 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("request_items, message", GET_REAL_ONLY,
                         ids=[str(i) for i in range(len(GET_REAL_ONLY))])
def test_batch_get_validation_errors_as_dynamodb_words_them(ddb, table_s, table_sn,
                                                            request_items, message):
    request = get_request({"s": table_s, "sn": table_sn}, dict(request_items))
    assert error_of(ddb.batch_get_item, **request) == (
        "ValidationException", message.format(s=table_s), 400)


def test_batch_get_over_100_keys_across_tables_is_refused(ddb, table_s, table_sn):
    # 60 + 41: each table is within 100, the request is not. (Local: "Too many items
    # requested for the BatchGetItem call"; DynamoDB's text for this case is not pinned.)
    code, _, status = error_of(ddb.batch_get_item, RequestItems={
        table_s: keys(*(f"k{i}" for i in range(60))),
        table_sn: {"Keys": [{"pk": S("k"), "sk": N(i)} for i in range(41)]}})
    assert (code, status) == ("ValidationException", 400)
    assert len(ddb.batch_get_item(RequestItems={
        table_s: keys(*(f"k{i}" for i in range(100)))})["Responses"][table_s]) == 0


def test_batch_get_checks_duplicates_before_the_table_and_key_values_after(ddb):
    assert error_of(ddb.batch_get_item, RequestItems={"no-such-table": keys("a", "a")})[:2] == (
        "ValidationException", DUPLICATES)
    assert error_of(ddb.batch_get_item, RequestItems={"no-such-table": keys("")})[0] == \
        "ResourceNotFoundException"


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
def test_batch_get_missing_table(ddb, table_s):
    # Local: "Cannot do operations on a non-existent table"
    assert error_of(ddb.batch_get_item, RequestItems={
        table_s: keys("a"), "no-such-table": keys("a")}) == (
        "ResourceNotFoundException", "Requested resource not found", 400)


# ---- BatchWriteItem --------------------------------------------------------------------

def test_batch_write_puts_and_deletes_across_two_tables(ddb, table_s, table_sn):
    p = unique_name("bw")
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-old"), "v": N(0)})
    ddb.put_item(TableName=table_sn, Item={"pk": S(p), "sk": N(1), "v": S("old")})
    got = ddb.batch_write_item(RequestItems={
        table_s: [put({"pk": S(p + "-new"), "v": N(1)}), delete({"pk": S(p + "-old")}),
                  delete({"pk": S(p + "-never")})],
        table_sn: [put({"pk": S(p), "sk": N(1), "w": S("new")}), put({"pk": S(p), "sk": N(2)})]})
    assert set(got) - {"ResponseMetadata"} == {"UnprocessedItems"}
    assert got["UnprocessedItems"] == {}
    assert ddb.get_item(TableName=table_s, Key={"pk": S(p + "-new")})["Item"] == {
        "pk": S(p + "-new"), "v": N(1)}
    assert absent(ddb, table_s, {"pk": S(p + "-old")})
    # A put replaces the whole item: "v" is gone.
    assert ddb.get_item(TableName=table_sn, Key={"pk": S(p), "sk": N(1)})["Item"] == {
        "pk": S(p), "sk": N(1), "w": S("new")}
    assert ddb.query(TableName=table_sn, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": S(p)})["Count"] == 2


def test_batch_write_maintains_indexes(ddb, indexed):
    p, g = unique_name("bwi"), unique_name("G")
    for sk in ("1", "2"):
        ddb.put_item(TableName=indexed, Item={"pk": S(p), "sk": S(sk), "g": S(g), "l": S(sk)})
    ddb.batch_write_item(RequestItems={indexed: [
        delete({"pk": S(p), "sk": S("1")}),
        put({"pk": S(p), "sk": S("2"), "g": S(g + "-moved")}),  # leaves g and drops l
        put({"pk": S(p), "sk": S("3"), "g": S(g), "l": S("3")})]})

    def query(index, condition, value):
        got = ddb.query(TableName=indexed, IndexName=index, KeyConditionExpression=condition,
                        ExpressionAttributeValues={":v": S(value)})
        return sorted(i["sk"]["S"] for i in got["Items"])

    assert query("by-g", "g = :v", g) == ["3"]
    assert query("by-g", "g = :v", g + "-moved") == ["2"]
    assert query("by-l", "pk = :v", p) == ["3"]


def test_batch_write_consumed_capacity_per_table(ddb, table_s, indexed):
    p = unique_name("bwc")
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-old"), "d": S("x" * 2500)})
    # 1 KB write units per request, summed per table: 1500 bytes -> 2, a small put -> 1,
    # deleting a 2.5 KB item -> 3; a put into both indexes -> 1 + 1 + 1.
    got = ddb.batch_write_item(RequestItems={
        table_s: [put({"pk": S(p + "-a"), "d": S("x" * 1500)}), put({"pk": S(p + "-b")}),
                  delete({"pk": S(p + "-old")})],
        indexed: [put({"pk": S(p), "sk": S("1"), "g": S("G"), "l": S("L")})]},
        ReturnConsumedCapacity="TOTAL")
    assert sorted(got["ConsumedCapacity"], key=lambda c: c["TableName"]) == sorted([
        {"TableName": table_s, "CapacityUnits": 6.0},
        {"TableName": indexed, "CapacityUnits": 3.0}], key=lambda c: c["TableName"])
    got = ddb.batch_write_item(RequestItems={indexed: [
        put({"pk": S(p), "sk": S("2"), "g": S("G"), "l": S("L")}),
        put({"pk": S(p), "sk": S("3"), "g": S("G")})]}, ReturnConsumedCapacity="INDEXES")
    assert got["ConsumedCapacity"] == [{
        "TableName": indexed, "CapacityUnits": 5.0, "Table": {"CapacityUnits": 2.0},
        "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 2.0}},
        "LocalSecondaryIndexes": {"by-l": {"CapacityUnits": 1.0}}}]
    assert set(ddb.batch_write_item(RequestItems={table_s: [put({"pk": S(p)})]},
                                    ReturnConsumedCapacity="NONE")) == {"UnprocessedItems",
                                                                        "ResponseMetadata"}


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local charges 2 units here")
def test_batch_write_delete_of_nothing_costs_one_unit(ddb, table_s):
    # As DeleteItem of a missing item (which Local does charge 1).
    got = ddb.batch_write_item(RequestItems={table_s: [delete({"pk": S(unique_name("no"))})]},
                               ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == [{"TableName": table_s, "CapacityUnits": 1.0}]


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local returns no ItemCollectionMetrics")
def test_batch_write_item_collection_metrics_only_for_tables_with_local_indexes(
        ddb, table_s, indexed):
    p = unique_name("bwm")
    got = ddb.batch_write_item(RequestItems={
        indexed: [put({"pk": S(p + "-a"), "sk": S("1"), "l": S("x")}),
                  put({"pk": S(p + "-b"), "sk": S("1"), "l": S("y")})],
        table_s: [put({"pk": S(p)})]}, ReturnItemCollectionMetrics="SIZE")
    metrics = got["ItemCollectionMetrics"]
    assert list(metrics) == [indexed]
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics[indexed]) == [
        p + "-a", p + "-b"]
    assert all(m == {"ItemCollectionKey": m["ItemCollectionKey"],
                     "SizeEstimateRangeGB": [0.0, 1.0]} for m in metrics[indexed])
    assert "ItemCollectionMetrics" not in ddb.batch_write_item(
        RequestItems={table_s: [put({"pk": S(p)})]}, ReturnItemCollectionMetrics="SIZE")


AMBIGUOUS = "Supplied AttributeValue has more than one datatypes set, must contain exactly " \
            "one of the supported datatypes"
WRITE_ERRORS = [  # each batch also puts a fresh item into table_s first
    ({"s": [put({"pk": S("dup")}), put({"pk": S("dup"), "v": N(1)})]}, DUPLICATES),
    ({"s": [put({"pk": S("dup")}), delete({"pk": S("dup")})]}, DUPLICATES),
    ({"sn": [delete({"pk": S("d"), "sk": N(1)}), delete({"pk": S("d"), "sk": N("1.0")})]},
     DUPLICATES),
    ({"s": [{}]}, AMBIGUOUS),  # neither PutRequest nor DeleteRequest
    ({"s": [dict(put({"pk": S("x")}), **delete({"pk": S("y")}))]}, AMBIGUOUS),  # both
    ({"s": [put({"pk": S("")})]}, EMPTY_KEY),
    ({"s": [delete({"pk": S("")})]}, EMPTY_KEY),
    ({"s": [put({"pk": S("big"), "d": S("x" * (400 * 1024))})]},
     "Item size has exceeded the maximum allowed size"),
    ({"s": [put({"pk": S("x"), "n": N("x")})]},
     "A value provided cannot be converted into a number"),
    ({"s": [put({"pk": S("x"), "ss": {"SS": []}})]},
     "One or more parameter values were invalid: An string set  may not be empty"),
]
# DynamoDB's texts where DynamoDB Local words them differently (its text in the comment).
WRITE_REAL_ONLY = [
    ({"s": [put({"v": S("no key")})]}, SCHEMA),
    # Local: "One of the required keys was not given a value"
    ({"sn": [put({"pk": S("x")})]}, SCHEMA),  # Local: the same
    ({"s": [put({"pk": N(1)})]}, SCHEMA),
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    ({"sn": [put({"pk": S("x"), "sk": S("1")})]}, SCHEMA),  # Local: the same
    ({"s": [delete({"pk": S("x"), "v": S("extra")})]}, SCHEMA),
    # Local: "The number of conditions on the keys is invalid"
    ({"s": [delete({"pk": N(1)})]}, SCHEMA),
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    ({"s": [put({"pk": S("x")})], "ReturnConsumedCapacity": "FOO"}, "1 validation error "
     "detected: Value 'FOO' at 'returnConsumedCapacity' failed to satisfy constraint: Member "
     "must satisfy enum value set: [INDEXES, TOTAL, NONE]"),  # Local: accepted
    ({"s": [put({"pk": S("x")})], "ReturnItemCollectionMetrics": "FOO"}, "1 validation error "
     "detected: Value 'FOO' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
     "Member must satisfy enum value set: [SIZE, NONE]"),  # Local: accepted
]


def witness_and(table_s, table_sn, request_items):
    """The request (tables by nickname; capitalised entries are top-level members) with a
    fresh valid put first in table_s, and that put's key."""
    names = {"s": table_s, "sn": table_sn}
    key = {"pk": S(unique_name("witness"))}
    request = {k: v for k, v in request_items.items() if k[0].isupper()}
    items = {names[t]: list(v) for t, v in request_items.items() if not t[0].isupper()}
    items.setdefault(table_s, []).insert(0, put(dict(key, v=S("must not be written"))))
    request["RequestItems"] = items
    return request, key


@pytest.mark.parametrize("request_items, message", WRITE_ERRORS,
                         ids=[str(i) for i in range(len(WRITE_ERRORS))])
def test_batch_write_validation_errors_write_nothing(ddb, table_s, table_sn, request_items,
                                                     message):
    request, key = witness_and(table_s, table_sn, request_items)
    assert error_of(ddb.batch_write_item, **request) == ("ValidationException", message, 400)
    assert absent(ddb, table_s, key)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("request_items, message", WRITE_REAL_ONLY,
                         ids=[str(i) for i in range(len(WRITE_REAL_ONLY))])
def test_batch_write_validation_errors_as_dynamodb_words_them(ddb, table_s, table_sn,
                                                              request_items, message):
    request, key = witness_and(table_s, table_sn, request_items)
    assert error_of(ddb.batch_write_item, **request) == ("ValidationException", message, 400)
    assert absent(ddb, table_s, key)


LENGTHS = ("' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
           "constraint: [Member must have length less than or equal to 25, Member must have "
           "length greater than or equal to 1]")


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("count", [26, 0])
def test_batch_write_of_more_than_25_or_no_requests_for_a_table(ddb, table_s, table_sn, count):
    # Local: "Too many items requested for the BatchWriteItem call" (26) and "The batch write
    # request list for a table cannot be null or empty: <table>" (0). DynamoDB echoes the
    # whole RequestItems map in its Java model's words, so only the frame is asserted.
    request, key = witness_and(table_s, table_sn, {  # the witness + 25, or an empty list
        "s": [put({"pk": S(f"k{i}")}) for i in range(count - 1)]} if count else {"sn": []})
    code, message, status = error_of(ddb.batch_write_item, **request)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected: Value '{") and \
        message.endswith(LENGTHS), message
    assert absent(ddb, table_s, key)


def test_batch_write_of_25_requests_is_accepted(ddb, table_s, table_sn):
    p = unique_name("bw25")
    got = ddb.batch_write_item(RequestItems={
        table_s: [put({"pk": S(f"{p}-{i}")}) for i in range(20)],
        table_sn: [put({"pk": S(p), "sk": N(i)}) for i in range(5)]})
    assert got["UnprocessedItems"] == {}
    assert ddb.scan(TableName=table_s, FilterExpression="begins_with(pk, :p)",
                    ExpressionAttributeValues={":p": S(p)})["Count"] == 20


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
def test_batch_write_empty_request_items(ddb):
    # Local: "BatchWriteItem cannot have a null or no requests set"
    assert error_of(ddb.batch_write_item, RequestItems={}) == (
        "ValidationException", "The requestItems parameter is required for BatchWriteItem", 400)


def test_batch_write_checks_values_before_the_table_and_duplicates_after(ddb):
    def first(*requests):
        return error_of(ddb.batch_write_item, RequestItems={"no-such-table": list(requests)})[:2]

    too_big = put({"pk": S("a"), "d": S("x" * (400 * 1024))})
    assert first(too_big) == ("ValidationException", "Item size has exceeded the maximum "
                                                     "allowed size")
    assert first(put({"pk": S("a"), "n": N("x")})) == (
        "ValidationException", "A value provided cannot be converted into a number")
    assert first(put({"pk": S("a")}), put({"pk": S("a")}))[0] == "ResourceNotFoundException"
    assert first(put({"pk": S("")}))[0] == "ResourceNotFoundException"


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
def test_batch_write_missing_table_writes_nothing(ddb, table_s, table_sn):
    # Local: "Cannot do operations on a non-existent table" (and it writes nothing either).
    request, key = witness_and(table_s, table_sn, {})
    request["RequestItems"]["no-such-table"] = [put({"pk": S("a")})]
    assert error_of(ddb.batch_write_item, **request) == (
        "ResourceNotFoundException", "Requested resource not found", 400)
    assert absent(ddb, table_s, key)

"""Query and Scan: key conditions, ordering, paging, Select and counts, filters and
projections (expression and legacy), consumed capacity, parallel scan, and every
validation error with DynamoDB's exact message."""
import random
import re

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

NUMS = ["-5", "-1.5", "0", "2", "3.25", "10", "100"]  # numeric order
# Bytewise UTF-8 order: upper case first, U+FFFF (EF BF BF) before U+1F600 (F0 9F 98 80),
# which UTF-16 order would reverse.
STRS = ["B", "Z", "a", "a b", "ab", "abc", "b", "\u00e4", "\uffff", "\U0001F600"]


def item(pk, sk, i):
    return {"pk": {"S": pk}, "sk": sk, "c": {"S": "red" if i % 2 else "blue"},
            "n": {"N": str(i)}, "m": {"M": {"x": {"S": "x"}, "y": {"L": [{"N": "1"}, {"N": "2"}]}}}}


@pytest.fixture(scope="module")
def nums(ddb, table_sn):
    """One partition of table_sn (pk S, sk N) holding NUMS, written in random order."""
    pk = unique_name("qnum")
    for i in random.sample(range(len(NUMS)), len(NUMS)):
        ddb.put_item(TableName=table_sn, Item=item(pk, {"N": NUMS[i]}, i))
    return table_sn, pk


@pytest.fixture(scope="module")
def strs(ddb):
    table = create_table(ddb, range_type="S")
    for i, s in enumerate(STRS):
        ddb.put_item(TableName=table, Item=item("p", {"S": s}, i))
    return table, "p"


@pytest.fixture(scope="module")
def scan_table(ddb):
    """50 items over 7 partitions; every scan test reads the whole of this table."""
    table = create_table(ddb, range_type="N")
    for i in range(50):
        ddb.put_item(TableName=table, Item=item(f"p{i % 7}", {"N": str(i)}, i))
    return table


def query(ddb, where, condition="pk = :p", values=None, **kw):
    table, pk = where
    return ddb.query(TableName=table, KeyConditionExpression=condition,
                     ExpressionAttributeValues=dict({":p": {"S": pk}}, **(values or {})), **kw)


def sks(items):
    return [next(iter(i["sk"].values())) for i in items]


def keys(items):
    return [(i["pk"]["S"], i["sk"]["N"]) for i in items]


def all_pages(call, **kw):
    pages = []
    while True:
        pages.append(call(**kw))
        if "LastEvaluatedKey" not in pages[-1]:
            return pages
        kw["ExclusiveStartKey"] = pages[-1]["LastEvaluatedKey"]


# ---- Query: key conditions and order ---------------------------------------------------

def test_partition_key_alone_returns_the_partition_in_numeric_order(ddb, nums):
    got = query(ddb, nums)
    assert sks(got["Items"]) == NUMS
    assert (got["Count"], got["ScannedCount"], "LastEvaluatedKey" in got) == (7, 7, False)
    assert got["Items"][0] == item(nums[1], {"N": "-5"}, 0)


@pytest.mark.parametrize("condition, values, expected", [
    ("sk = :a", {":a": "2"}, ["2"]),
    ("sk = :a", {":a": "2.0"}, ["2"]),
    ("sk < :a", {":a": "2"}, ["-5", "-1.5", "0"]),
    ("sk <= :a", {":a": "2"}, ["-5", "-1.5", "0", "2"]),
    ("sk > :a", {":a": "3"}, ["3.25", "10", "100"]),
    ("sk >= :a", {":a": "-1.5"}, ["-1.5", "0", "2", "3.25", "10", "100"]),
    ("sk BETWEEN :a AND :b", {":a": "-1.5", ":b": "10"}, ["-1.5", "0", "2", "3.25", "10"]),
    ("sk BETWEEN :a AND :b", {":a": "11", ":b": "99"}, []),
    ("#k = :p AND #s > :a", {":a": "9"}, ["10", "100"]),
    (":p = pk AND :a < sk", {":a": "3"}, ["3.25", "10", "100"]),
    (":a >= sk AND pk = :p", {":a": "0"}, ["-5", "-1.5", "0"]),
])
def test_sort_key_conditions_on_numbers(ddb, nums, condition, values, expected):
    condition = condition if condition.startswith((":", "#")) else "pk = :p AND " + condition
    extra = {"ExpressionAttributeNames": {"#k": "pk", "#s": "sk"}} if "#" in condition else {}
    got = query(ddb, nums, condition, {k: {"N": v} for k, v in values.items()}, **extra)
    assert sks(got["Items"]) == expected


@pytest.mark.parametrize("condition, values, expected", [
    ("", {}, STRS),
    ("AND begins_with(sk, :a)", {":a": "a"}, ["a", "a b", "ab", "abc"]),
    ("AND begins_with(sk, :a)", {":a": "\u00e4"}, ["\u00e4"]),
    ("AND sk > :a", {":a": "b"}, ["\u00e4", "\uffff", "\U0001F600"]),
    ("AND sk < :a", {":a": "a"}, ["B", "Z"]),
    ("AND sk BETWEEN :a AND :b", {":a": "a", ":b": "b"}, ["a", "a b", "ab", "abc", "b"]),
])
def test_string_sort_keys_compare_bytewise(ddb, strs, condition, values, expected):
    got = query(ddb, strs, "pk = :p " + condition, {k: {"S": v} for k, v in values.items()})
    assert sks(got["Items"]) == expected


def test_query_on_a_hash_only_table_and_on_an_empty_partition(ddb, table_s):
    pk = unique_name("qhash")
    ddb.put_item(TableName=table_s, Item={"pk": {"S": pk}, "v": {"N": "1"}})
    got = query(ddb, (table_s, pk))
    assert (got["Items"], got["Count"]) == ([{"pk": {"S": pk}, "v": {"N": "1"}}], 1)
    empty = query(ddb, (table_s, pk + "-none"))
    assert (empty["Items"], empty["Count"], empty["ScannedCount"]) == ([], 0, 0)


# ---- Query: direction, Limit and paging ------------------------------------------------

@pytest.mark.parametrize("forward", [True, False])  # ScanIndexForward=False reverses
@pytest.mark.parametrize("limit", [1, 2, 3, 6, 10])
def test_paging_returns_every_item_once_in_order(ddb, nums, forward, limit):
    table, pk = nums
    pages = all_pages(ddb.query, TableName=table, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": pk}}, Limit=limit,
                      ScanIndexForward=forward)
    assert [sk for page in pages for sk in sks(page["Items"])] == NUMS[::1 if forward else -1]
    for page in pages[:-1]:  # LastEvaluatedKey: exactly the key of the last item returned
        assert len(page["Items"]) == limit == page["Count"] == page["ScannedCount"]
        assert page["LastEvaluatedKey"] == {"pk": page["Items"][-1]["pk"],
                                            "sk": page["Items"][-1]["sk"]}


def test_limit_equal_to_the_remaining_items_still_returns_last_evaluated_key(ddb, nums):
    table, pk = nums
    first = query(ddb, nums, Limit=7)
    assert first["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"N": "100"}}
    rest = query(ddb, nums, Limit=7, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert (rest["Items"], rest["Count"], "LastEvaluatedKey" in rest) == ([], 0, False)
    assert "LastEvaluatedKey" not in query(ddb, nums, Limit=8)


def test_exclusive_start_key_need_not_be_an_existing_item(ddb, nums):
    start = {"pk": {"S": nums[1]}, "sk": {"N": "2.5"}}
    assert sks(query(ddb, nums, ExclusiveStartKey=start)["Items"]) == ["3.25", "10", "100"]
    assert sks(query(ddb, nums, ExclusiveStartKey=start, ScanIndexForward=False)["Items"]) == [
        "2", "0", "-1.5", "-5"]


# ---- Query: Select, counts, filters and projections -------------------------------------

def test_select_count_and_specific_and_all_attributes(ddb, nums):
    counted = query(ddb, nums, Select="COUNT")
    assert "Items" not in counted and (counted["Count"], counted["ScannedCount"]) == (7, 7)
    specific = query(ddb, nums, "pk = :p AND sk = :z", {":z": {"N": "0"}},
                     Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="c, m.x")
    assert specific["Items"] == [{"c": {"S": "blue"}, "m": {"M": {"x": {"S": "x"}}}}]
    every = query(ddb, nums, "pk = :p AND sk = :z", {":z": {"N": "0"}}, Select="ALL_ATTRIBUTES")
    assert every["Items"] == [item(nums[1], {"N": "0"}, 2)]


def test_filter_counts_matches_and_scanned_count_counts_before_the_filter(ddb, nums):
    red = {":r": {"S": "red"}}
    got = query(ddb, nums, FilterExpression="#c = :r", ExpressionAttributeNames={"#c": "c"},
                values=red)
    assert sks(got["Items"]) == ["-1.5", "2", "10"]
    assert (got["Count"], got["ScannedCount"]) == (3, 7)
    counted = query(ddb, nums, FilterExpression="c = :r", values=red, Select="COUNT")
    assert (counted["Count"], counted["ScannedCount"]) == (3, 7)


def test_limit_applies_before_the_filter(ddb, nums):  # 0 items, yet a LastEvaluatedKey
    got = query(ddb, nums, FilterExpression="c = :g", values={":g": {"S": "green"}}, Limit=2)
    assert (got["Items"], got["Count"], got["ScannedCount"]) == ([], 0, 2)
    assert got["LastEvaluatedKey"] == {"pk": {"S": nums[1]}, "sk": {"N": "-1.5"}}


def test_projection_of_nested_paths(ddb, nums):
    got = query(ddb, nums, "pk = :p AND sk = :z", {":z": {"N": "0"}},
                ProjectionExpression="m.y[1], #n, sk", ExpressionAttributeNames={"#n": "n"})
    assert got["Items"] == [{"m": {"M": {"y": {"L": [{"N": "2"}]}}}, "n": {"N": "2"},
                             "sk": {"N": "0"}}]


def eq(value):
    return {"ComparisonOperator": "EQ", "AttributeValueList": [value]}


@pytest.mark.parametrize("operator, values, expected", [
    ("EQ", ["ab"], ["ab"]),
    ("LT", ["a"], ["B", "Z"]),
    ("LE", ["a"], ["B", "Z", "a"]),
    ("GT", ["b"], ["\u00e4", "\uffff", "\U0001F600"]),
    ("GE", ["\uffff"], ["\uffff", "\U0001F600"]),
    ("BETWEEN", ["Z", "a b"], ["Z", "a", "a b"]),
    ("BEGINS_WITH", ["ab"], ["ab", "abc"]),
])
def test_legacy_key_conditions_and_attributes_to_get(ddb, strs, operator, values, expected):
    table, pk = strs
    sk = {"ComparisonOperator": operator, "AttributeValueList": [{"S": v} for v in values]}
    got = ddb.query(TableName=table, AttributesToGet=["sk"],
                    KeyConditions={"pk": eq({"S": pk}), "sk": sk})
    assert got["Items"] == [{"sk": {"S": s}} for s in expected]


def test_legacy_query_filter_with_conditional_operator(ddb, nums):
    table, pk = nums
    red = eq({"S": "red"})
    small = {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]}
    both = ddb.query(TableName=table, KeyConditions={"pk": eq({"S": pk})},
                     QueryFilter={"c": red, "n": small})
    assert (sks(both["Items"]), both["ScannedCount"]) == (["-1.5"], 7)
    either = ddb.query(TableName=table, KeyConditions={"pk": eq({"S": pk})},
                       QueryFilter={"c": red, "n": small}, ConditionalOperator="OR")
    assert sks(either["Items"]) == ["-5", "-1.5", "2", "10"]


# ---- Consumed capacity -----------------------------------------------------------------

@pytest.fixture(scope="module")
def capacity_table(ddb):
    # Each item: "pk"+"a" = 3 bytes, "sk" + a one-digit number (1 byte per two significant
    # digits + 1) = 4, "d" + 1000 chars = 1001: 1008 bytes.
    table = create_table(ddb, range_type="N")
    for i in range(5):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": str(i)},
                                            "d": {"S": "x" * 1000}})
    return table


# The items read are summed, then rounded up to 4 KB units; eventually consistent reads cost
# half. 5 items = 5040 bytes -> 2 units; 4 items = 4032 bytes -> 1 unit. A filter or a
# projection does not lower the cost: it is paid on what was read.
@pytest.mark.parametrize("operation, kwargs, units", [
    ("query", {}, 2.0),
    ("query", {"Limit": 4}, 1.0),
    ("query", {"FilterExpression": "d = :a"}, 2.0),
    ("query", {"ProjectionExpression": "sk"}, 2.0),
    ("query", {"Select": "COUNT"}, 2.0),
    ("scan", {}, 2.0),
    ("scan", {"Limit": 4}, 1.0),
    ("scan", {"FilterExpression": "d = :a", "ExpressionAttributeValues": {":a": {"S": "a"}}}, 2.0),
])
@pytest.mark.parametrize("consistent", [True, False])
def test_consumed_capacity_sums_the_items_read(ddb, capacity_table, operation, kwargs, units,
                                               consistent):
    if operation == "query":
        kwargs = dict(kwargs, KeyConditionExpression="pk = :a",
                      ExpressionAttributeValues={":a": {"S": "a"}})
    got = getattr(ddb, operation)(TableName=capacity_table, ReturnConsumedCapacity="TOTAL",
                                  ConsistentRead=consistent, **kwargs)["ConsumedCapacity"]
    assert got == {"TableName": capacity_table, "CapacityUnits": units * (1 if consistent else 0.5)}


def test_consumed_capacity_at_the_4kb_boundary_and_with_indexes(ddb, table_s):
    # pk name (2) + value + "d" (1) + padding = exactly 4096 bytes: one unit; 4097: two.
    for extra, units in ((0, 1.0), (1, 2.0)):
        pk = unique_name("cap")
        ddb.put_item(TableName=table_s,
                     Item={"pk": {"S": pk}, "d": {"S": "x" * (4096 - 3 - len(pk) + extra)}})
        for consistent in (True, False):
            got = query(ddb, (table_s, pk), ConsistentRead=consistent,
                        ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
            assert got["CapacityUnits"] == units * (1 if consistent else 0.5)
    got = query(ddb, (table_s, pk), ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert got == {"TableName": table_s, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}


# ---- Scan ------------------------------------------------------------------------------

EVERY = sorted((f"p{i % 7}", str(i)) for i in range(50))


def test_scan_returns_every_item_once_grouped_by_partition_in_sort_order(ddb, scan_table):
    got = ddb.scan(TableName=scan_table)
    assert (got["Count"], got["ScannedCount"], "LastEvaluatedKey" in got) == (50, 50, False)
    order = [(pk, int(sk)) for pk, sk in keys(got["Items"])]
    assert sorted((pk, str(sk)) for pk, sk in order) == EVERY
    # Each partition's items come together, in sort key order.
    assert order == sorted(order, key=lambda k: ([pk for pk, _ in order].index(k[0]), k[1]))


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_scan_paging_is_complete_without_duplicates(ddb, scan_table, limit):
    pages = all_pages(ddb.scan, TableName=scan_table, Limit=limit)
    got = [k for page in pages for k in keys(page["Items"])]
    assert sorted(got) == EVERY and len(got) == len(set(got))
    for page in pages[:-1]:
        last = page["Items"][-1]
        assert len(page["Items"]) == limit
        assert page["LastEvaluatedKey"] == {"pk": last["pk"], "sk": last["sk"]}


def test_scan_filter_count_projection_and_legacy_scan_filter(ddb, scan_table):
    red = ddb.scan(TableName=scan_table, FilterExpression="c = :r AND n < :ten",
                   ExpressionAttributeValues={":r": {"S": "red"}, ":ten": {"N": "10"}},
                   ProjectionExpression="sk, m.y[0]")
    assert (red["Count"], red["ScannedCount"]) == (5, 50)
    assert sorted(int(i["sk"]["N"]) for i in red["Items"]) == [1, 3, 5, 7, 9]
    assert red["Items"][0]["m"] == {"M": {"y": {"L": [{"N": "1"}]}}} and len(red["Items"][0]) == 2
    counted = ddb.scan(TableName=scan_table, Select="COUNT")
    assert "Items" not in counted and (counted["Count"], counted["ScannedCount"]) == (50, 50)
    legacy = ddb.scan(TableName=scan_table, AttributesToGet=["sk"], ConditionalOperator="OR",
                      ScanFilter={"sk": {"ComparisonOperator": "IN",
                                         "AttributeValueList": [{"N": "4"}, {"N": "44"}]},
                                  "n": {"ComparisonOperator": "GE",
                                        "AttributeValueList": [{"N": "48"}]}})
    assert sorted(int(i["sk"]["N"]) for i in legacy["Items"]) == [4, 44, 48, 49]
    assert all(set(i) == {"sk"} for i in legacy["Items"])


@pytest.mark.parametrize("total", [1, 4])
def test_parallel_scan_segments_are_disjoint_and_cover_the_table(ddb, scan_table, total):
    seen = []
    for segment in range(total):
        pages = all_pages(ddb.scan, TableName=scan_table, Segment=segment, TotalSegments=total,
                          Limit=5)
        seen.append(set(k for page in pages for k in keys(page["Items"])))
    assert sum(len(s) for s in seen) == 50
    assert sorted(set().union(*seen)) == EVERY


# ---- Validation errors -----------------------------------------------------------------

POOL = {":p": {"S": "x"}, ":q": {"S": "y"}, ":n": {"N": "1"}, ":m": {"N": "2"},
        ":s": {"S": "a"}}
INVALID = "One or more parameter values were invalid: "
PER_KEY = "KeyConditionExpressions must only contain one condition per key"
OP = "Invalid operator used in KeyConditionExpression: "
KCE = "Invalid KeyConditionExpression: "
UNSUPPORTED = "Query key condition not supported"
TYPES = INVALID + "Condition parameter type does not match schema type"
PRIMARY = "can only contain non-primary key attributes: Primary key attribute: "
MIXED = ("Can not use both expression and non-expression parameters in the same request: "
         "Non-expression parameters: ")
# DynamoDB's newer validation layer checks Limit, Segment and TotalSegments of a request
# with a TableName first, naming the member as the API spells it and not echoing the value.
LIMIT0 = ("1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
          "Member must have value greater than or equal to 1")
MISSED = "Query condition missed key schema element"


def req(condition=None, **kw):
    """Query arguments; ExpressionAttributeValues holds the POOL values the expressions use."""
    if condition is not None:
        kw["KeyConditionExpression"] = condition
    text = " ".join(v for k, v in kw.items() if k.endswith("Expression"))
    used = {name: POOL[name] for name in re.findall(r":\w+", text) if name in POOL}
    if used and "ExpressionAttributeValues" not in kw:
        kw["ExpressionAttributeValues"] = used
    return kw


def kc(*conditions, **kw):
    """Legacy KeyConditions: pk = "x" plus (name, operator, value) triples."""
    return dict(kw, KeyConditions=dict({"pk": eq(POOL[":p"])}, **{
        name: {"ComparisonOperator": op, "AttributeValueList": [v]} for name, op, v in conditions}))


QUERY_ERRORS = [
    ("sn", req("pk = :p AND sk > :n AND sk < :m"), PER_KEY),
    ("sn", req("pk = :p AND pk = :q"), PER_KEY),
    ("sn", req("pk = :p AND sk = :n AND c = :n"), "Conditions can be of length 1 or 2 only"),
    ("sn", req("pk = :p OR sk = :n"), OP + "OR"),
    ("sn", req("pk = :p AND sk <> :n"), OP + "<>"),
    ("sn", req("pk = :p AND sk IN (:n, :m)"), OP + "IN"),
    ("ss", req("pk = :p AND contains(sk, :s)"), OP + "contains"),
    ("sn", req("pk = :p AND NOT sk = :n"), OP + "NOT"),
    ("sn", req("pk = :p AND attribute_exists(sk)"), OP + "attribute_exists"),
    ("sn", req("pk < :p"), UNSUPPORTED),
    ("sn", req("begins_with(pk, :p)"), UNSUPPORTED),
    ("sn", req("pk BETWEEN :p AND :q"), UNSUPPORTED),
    ("s", req("pk = :p AND sk = :n"), UNSUPPORTED),
    ("sn", req("pk = :n"), TYPES),
    ("sn", req("pk = :p AND sk = :s"), TYPES),
    ("sn", req("pk = :p AND begins_with(sk, :s)"), TYPES),
    ("sn", req("pk = :p AND begins_with(sk, :n)"), KCE + "Incorrect operand type for operator "
     "or function; operator or function: begins_with, operand type: N"),
    ("sn", req("pk = :p AND sk BETWEEN :m AND :n"), KCE + "The BETWEEN operator requires upper "
     "bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
     "{N:2}, upper bound operand: AttributeValue: {N:1}"),
    ("sn", req("size(pk) = :n"), "KeyConditionExpressions cannot contain nested operations"),
    ("ss", req("pk = :p AND begins_with(:s, sk)"), "Invalid condition in KeyConditionExpression: "
     "begins_with operator must have the key attribute as its first operand"),
    ("sn", req(":p = :q"), "Invalid condition in KeyConditionExpression: No key attribute "
                           "specified"),
    ("sn", req(""), KCE + "The expression can not be empty;"),
    ("sn", req("pk = :p AND"), KCE + 'Syntax error; token: "<EOF>", near: "AND"'),
    ("sn", req("pk = :nope", ExpressionAttributeValues={":p": POOL[":p"]}), KCE + "An expression "
     "attribute value used in expression is not defined; attribute value: :nope"),
    ("sn", req("#k = :p"), KCE + "An expression attribute name used in the document path is not "
                           "defined; attribute name: #k"),
    ("sn", req("pk = :p", ExpressionAttributeValues={":p": POOL[":p"], ":x": POOL[":n"]}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"),
    ("sn", req("pk = :p", FilterExpression="c = :n AND"),
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "AND"'),
    ("sn", req("pk = :p", FilterExpression="sk = :n"), "Filter Expression " + PRIMARY + "sk"),
    ("sn", req("pk = :p", FilterExpression="attribute_exists(pk)"),
     "Filter Expression " + PRIMARY + "pk"),
    ("sn", req("pk = :p", Select="SPECIFIC_ATTRIBUTES"), "Must specify the AttributesToGet or "
     "ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
    ("sn", req("pk = :p", Select="COUNT", ProjectionExpression="c"),
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ("sn", req("pk = :p", Select="ALL_ATTRIBUTES", ProjectionExpression="c"),
     "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ("sn", kc(Select="COUNT", AttributesToGet=["c"]),
     "Cannot specify the AttributesToGet when choosing to get only the Count"),
    ("sn", req("pk = :p", **kc()), MIXED + "{KeyConditions} Expression parameters: "
                                   "{KeyConditionExpression}"),
    ("sn", req("pk = :p", AttributesToGet=["c"]), MIXED + "{AttributesToGet} Expression "
                                                  "parameters: {KeyConditionExpression}"),
    ("sn", {}, "Either the KeyConditions or KeyConditionExpression parameter must be specified "
               "in the request."),
    ("sn", kc(("sk", "EQ", POOL[":n"]), ("c", "EQ", POOL[":n"])),
     "Conditions can be of length 1 or 2 only"),
    ("sn", {"KeyConditions": {"pk": {"ComparisonOperator": "GT",
                                     "AttributeValueList": [POOL[":p"]]}}}, UNSUPPORTED),
    ("sn", {"KeyConditions": {"pk": eq(POOL[":n"])}}, TYPES),
    ("sn", kc(("sk", "BEGINS_WITH", POOL[":n"])),
     INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ("sn", kc(QueryFilter={"sk": eq(POOL[":n"])}), "QueryFilter " + PRIMARY + "sk"),
    ("sn", req("pk = :p AND sk > :m", ExclusiveStartKey={"pk": POOL[":p"], "sk": POOL[":n"]}),
     "The provided starting key does not match the range key predicate"),
]


@pytest.fixture(scope="module")
def tables(table_s, table_sn, strs):
    return {"s": table_s, "sn": table_sn, "ss": strs[0]}


@pytest.mark.parametrize("table, kwargs, message", QUERY_ERRORS,
                         ids=[str(i) for i in range(len(QUERY_ERRORS))])
def test_query_validation_errors(ddb, tables, table, kwargs, message):
    code, got, status = error_of(ddb.query, TableName=tables[table], **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)


def test_exclusive_start_key_of_the_wrong_type_is_rejected(ddb, table_sn):
    # DynamoDB Local differs: "Type mismatch for attribute to update"; DynamoDB says "The
    # provided key element does not match the schema". Either way a ValidationException.
    for start in ({"pk": POOL[":p"], "sk": POOL[":s"]}, {"pk": POOL[":n"], "sk": POOL[":n"]}):
        code, _, status = error_of(ddb.query, TableName=table_sn, ExclusiveStartKey=start,
                                   **req("pk = :p"))
        assert (code, status) == ("ValidationException", 400)


SCAN_ERRORS = [
    (dict(Segment=0, TotalSegments=1000001), "1 validation error detected: Value '1000001' at "
     "'totalSegments' failed to satisfy constraint: Member must have value less than or equal "
     "to 1000000"),
    (dict(Select="COUNT", ProjectionExpression="c"),
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    (dict(Select="SPECIFIC_ATTRIBUTES"), "Must specify the AttributesToGet or "
     "ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
    (dict(FilterExpression="c = :n AND", ExpressionAttributeValues={":n": POOL[":n"]}),
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "AND"'),
    (dict(FilterExpression="attribute_exists(c)", ExpressionAttributeValues={":n": POOL[":n"]}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:n}"),
    (dict(FilterExpression="attribute_exists(c)", ScanFilter={"c": {"ComparisonOperator":
                                                                    "NULL"}}),
     MIXED + "{ScanFilter} Expression parameters: {FilterExpression}"),
]


@pytest.mark.parametrize("kwargs, message", SCAN_ERRORS,
                         ids=[str(i) for i in range(len(SCAN_ERRORS))])
def test_scan_validation_errors(ddb, scan_table, kwargs, message):
    code, got, status = error_of(ddb.scan, TableName=scan_table, **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)


# DynamoDB Local differs on each case below: its own text is in the comment under the case.
# These are DynamoDB's texts, from its request validation layer (the "1 validation error
# detected" form) or as recorded against the service by other DynamoDB test suites.
# Scan's numeric members are checked in the older wording (the value echoed, the member
# spelled in camel case), as an outside suite checked against DynamoDB shows for Limit.
SEGMENT = "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: "
SCAN_LIMIT0 = SEGMENT.format(0, "limit") + "Member must have value greater than or equal to 1"
REAL_ONLY = [
    ("query", req("sk = :n"), MISSED + ": pk"),  # Local: no ": pk"
    ("query", req("pk = :p AND c = :n"), MISSED + ": sk"),  # Local: no ": sk"
    ("query", {"KeyConditions": {"sk": eq(POOL[":n"])}}, MISSED + ": pk"),  # Local: no ": pk"
    ("query", req("pk = :p", Limit=0), LIMIT0),
    # Local: "Limit must be greater than or equal to 1"
    ("query", req("pk = :p", Select="FOO"), "1 validation error detected: Value 'FOO' at "
     "'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
     "ALL_PROJECTED_ATTRIBUTES]"),
    # Local: "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or ..."
    ("query", req("pk.x = :p"), "KeyConditionExpressions cannot have conditions on nested "
                                "attributes"),
    # Local: "Key attributes must be scalars; list random access '[]' and map lookup '.' are
    # not allowed: Key: pk"
    ("query", kc(("sk", "NE", POOL[":n"])),
     "Attempted conditional constraint is not an indexable operation"),
    # Local: HTTP 500 InternalFailure
    ("query", req("pk = :p", ExclusiveStartKey={"pk": POOL[":p"]}),
     "The provided starting key is invalid"),
    # Local: "Exclusive Start Key must have same size as table's key schema"
    ("query", req("pk = :p", ExclusiveStartKey={"pk": POOL[":q"], "sk": POOL[":n"]}),
     "The provided starting key is outside query boundaries based on provided conditions"),
    # Local: "The provided starting key does not match the range key predicate"
    ("scan", dict(Segment=0), "The TotalSegments parameter is required but was not present in "
                              "the request when Segment parameter is present"),
    # Local: "If segment is specified, total segment must also be specified"
    ("scan", dict(TotalSegments=2), "The Segment parameter is required but was not present in "
                                    "the request when parameter TotalSegments is present"),
    # Local: "If total segments is specified, a particular segment must also be specified for
    # this request"
    ("scan", dict(Segment=4, TotalSegments=4), "The Segment parameter is zero-based and must be "
     "less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4"),
    # Local: "1 validation error detected: Value '4' at 'segment' failed to satisfy
    # constraint: Member must have value less than or equal to 3"
    ("scan", dict(Segment=-1, TotalSegments=4),
     SEGMENT.format(-1, "segment") + "Member must have value greater than or equal to 0"),
    # Local: "... Value '-1' at 'segment' ... Member must have value less than or equal to 3"
    ("scan", dict(Segment=0, TotalSegments=0),
     SEGMENT.format(0, "totalSegments") + "Member must have value greater than or equal to 1"),
    # Local: "... Value '0' at 'segment' ... Member must have value less than or equal to -1"
    ("scan", dict(Limit=0), SCAN_LIMIT0),  # Local: "Limit must be greater than or equal to 1"
    ("scan", dict(ExclusiveStartKey={"pk": POOL[":p"]}), "The provided starting key is invalid: "
     "The provided key element does not match the schema"),
    # Local: "Exclusive Start Key must have same size as table's key schema"
]


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("operation, kwargs, message", REAL_ONLY,
                         ids=[str(i) for i in range(len(REAL_ONLY))])
def test_validation_errors_as_dynamodb_words_them(ddb, table_sn, operation, kwargs, message):
    code, got, status = error_of(getattr(ddb, operation), TableName=table_sn, **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
@pytest.mark.parametrize("operation, kwargs", [("query", req("pk = :p")), ("scan", {})])
def test_missing_table(ddb, operation, kwargs):
    # DynamoDB Local differs: "Cannot do operations on a non-existent table".
    assert error_of(getattr(ddb, operation), TableName="no-such-table", **kwargs) == (
        "ResourceNotFoundException", "Requested resource not found", 400)


@pytest.mark.parametrize("count", [30, 300, 4500])
def test_newest_first_pages_return_every_item_once_whatever_the_partition_size(ddb, count):
    # Partitions shorter and longer than what a backward read looks at going forward (256).
    name = create_table(ddb, unique_name("back"), range_type="N")
    for start in range(0, count, 25):
        ddb.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": {"pk": {"S": "p"}, "sk": {"N": str(i)}, "n": {"N": str(i)}}}}
            for i in range(start, min(start + 25, count))]})
    request = {"TableName": name, "KeyConditionExpression": "pk = :p", "Limit": 97,
               "ScanIndexForward": False, "ExpressionAttributeValues": {":p": {"S": "p"}}}
    seen = []
    while True:
        page = ddb.query(**request)
        seen += [int(item["sk"]["N"]) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    assert seen == list(range(count - 1, -1, -1))
    # A filter is applied after the Limit: the page evaluates the 97 newest.
    filtered = {k: v for k, v in request.items() if k != "ExclusiveStartKey"}
    filtered["FilterExpression"] = "n < :n"
    filtered["ExpressionAttributeValues"] = {":p": {"S": "p"}, ":n": {"N": str(count - 90)}}
    page = ddb.query(**filtered)
    assert [int(i["sk"]["N"]) for i in page["Items"]] == list(range(count - 91, max(-1, count - 98), -1))

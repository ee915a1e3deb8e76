"""PartiQL: ExecuteStatement (SELECT as a Query or a Scan, with projections, WHERE
operators, ORDER BY, Limit/NextToken pagination and consumed capacity; INSERT, UPDATE and
DELETE with their conditions and RETURNING), positional parameters, BatchExecuteStatement
and ExecuteTransaction, the errors each raises with DynamoDB's codes and messages, PartiQL
writes seen by streams, global indexes and Time to Live, and the same calls through the
AWS CLI."""
import json
import os
import subprocess
import sys
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import EXTERNAL, create_table, error_of, unique_name

AWS = os.path.join(os.path.dirname(sys.executable), "aws")

MALFORMED = "Statement wasn't well formed, can't be processed: "
NOT_DML = MALFORMED + "Expected data manipulation"
CONDITION_FAILED = "The conditional request failed"
DUPLICATE = "Duplicate primary key exists in table"
NO_KEY_EQUALITY = "Where clause does not contain a mandatory equality on all key attributes"
PARAMETER_COUNT = "Number of parameters in request and statement don't match."
EMPTY_PARAMETERS = ("1 validation error detected: Value '[]' at 'parameters' failed to satisfy "
                    "constraint: Member must have length greater than or equal to 1")
TOKEN_MISMATCH = "NextToken does not match request"
MIXED_BATCH = "Read and write requests together in the same batch is not supported."
DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
MIXED_TRANSACTION = ("ExecuteTransaction API does not support both read and write operations "
                     "in the same request.")
RETURNING_IN_TRANSACTION = "RETURNING clause is not supported in ExecuteTransaction."


def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def body(response):
    """A response without its ResponseMetadata."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def run(ddb, statement, *parameters, **extra):
    args = {"Statement": statement, **extra}
    if parameters:
        args["Parameters"] = list(parameters)
    return body(ddb.execute_statement(**args))


def select(ddb, statement, *parameters, **extra):
    return run(ddb, statement, *parameters, **extra)["Items"]


def pks(items):
    return sorted(i["pk"]["S"] for i in items)


def all_pages(ddb, statement, *parameters, limit, **extra):
    """Every page of a read with Limit, as a list of item lists."""
    pages, token = [], None
    for _ in range(100):
        args = dict(extra, Limit=limit)
        if token:
            args["NextToken"] = token
        page = run(ddb, statement, *parameters, **args)
        pages.append(page["Items"])
        token = page.get("NextToken")
        if not token:
            return pages
    pytest.fail("pagination did not end")


def failure(call, **kwargs):
    """Runs a call that must fail; returns the whole error response."""
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response


def stmt_error(ddb, statement, *parameters, **extra):
    args = {"Statement": statement, **extra}
    if parameters:
        args["Parameters"] = list(parameters)
    code, message, status = error_of(ddb.execute_statement, **args)
    assert status == 400
    return code, message


def item_of(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def ck(pk, sk):
    """A key of the composite table."""
    return {"pk": S(pk), "sk": N(sk)}


@pytest.fixture(scope="module")
def composite(ddb):
    """pk S + sk N."""
    return create_table(ddb, unique_name("pql"), range_type="N")


@pytest.fixture(scope="module")
def hashed(ddb):
    """pk S only, a global index by-g on g (projecting ALL) and a NEW_AND_OLD_IMAGES stream."""
    return create_table(
        ddb, unique_name("pqlh"),
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})


@pytest.fixture
def p():
    return unique_name("q")


@pytest.fixture(scope="module")
def partitions(ddb, composite):
    """Two partitions of the composite table, x (sk 1..5) and y (sk 1..3), plus noise."""
    x, y = unique_name("x"), unique_name("y")
    for sk in (3, 1, 5, 2, 4):
        ddb.put_item(TableName=composite, Item={**ck(x, sk), "v": S(f"x{sk}")})
    for sk in (2, 3, 1):
        ddb.put_item(TableName=composite, Item={**ck(y, sk), "v": S(f"y{sk}")})
    for i in range(5):
        ddb.put_item(TableName=composite, Item={**ck(unique_name("noise"), 1), "v": S("n")})
    return x, y


def xs(x, *sks):
    return [{**ck(x, sk), "v": S(f"x{sk}")} for sk in sks]


def ys(y, *sks):
    return [{**ck(y, sk), "v": S(f"y{sk}")} for sk in sks]


# ---- SELECT ----------------------------------------------------------------------------

def test_select_star_by_full_key_returns_the_item(ddb, composite, p):
    item = {**ck(p, 7), "a": S("A"), "l": {"L": [N(1), S("x")]}, "m": {"M": {"k": {"BOOL": True}}}}
    ddb.put_item(TableName=composite, Item=item)
    assert run(ddb, f'SELECT * FROM "{composite}" WHERE pk = \'{p}\' AND sk = 7') == {
        "Items": [item]}
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = \'{p}\' AND sk = 8') == []


def test_select_from_a_bare_table_name(ddb):
    table = create_table(ddb, "bare" + uuid.uuid4().hex[:12])
    ddb.put_item(TableName=table, Item={"pk": S("a"), "v": N(1)})
    assert select(ddb, f"SELECT * FROM {table} WHERE pk = 'a'") == [{"pk": S("a"), "v": N(1)}]
    assert select(ddb, f"select v from {table} where pk = 'a'") == [{"v": N(1)}]


def test_select_projection_flattens_nested_paths_under_their_last_name(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={
        **ck(p, 1), "a": S("A"),
        "m": {"M": {"b": {"L": [S("B0"), S("B1")]}, "c": {"M": {"d": S("D")}}}}})
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "other": S("O")})
    got = select(ddb, f'SELECT a, m.b[0], m.c.d, nothing FROM "{composite}" WHERE pk = ?', S(p))
    # Projected attributes that are missing are left out; an item with none of them is {}.
    assert got == [{"a": S("A"), "b[0]": S("B0"), "d": S("D")}, {}]
    assert select(ddb, f'SELECT sk, pk FROM "{composite}" WHERE pk = ?', S(p)) == [
        ck(p, 1), ck(p, 2)]


def test_select_projection_of_a_later_list_element(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={
        **ck(p, 1), "l": {"L": [S("l0"), S("l1"), S("l2")]},
        "m": {"M": {"b": {"L": [S("b0"), S("b1")]}}}})
    statement = f'SELECT l[2], m.b[1] FROM "{composite}" WHERE pk = ? AND sk = 1'
    assert select(ddb, statement, S(p)) == [{"l[2]": S("l2"), "b[1]": S("b1")}]
    statement = f'SELECT pk, l[1] FROM "{composite}" WHERE pk = ? AND sk = 1'
    assert select(ddb, statement, S(p)) == [{"pk": S(p), "l[1]": S("l1")}]


def test_later_list_element_projection_in_batch_and_transaction_reads(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "l": {"L": [S("l0"), S("l1")]}})
    statement = f"SELECT l[1] FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1"
    assert batch(ddb, statement) == {"Responses": [{"TableName": composite,
                                                    "Item": {"l[1]": S("l1")}}]}
    assert transact(ddb, statement) == {"Responses": [{"Item": {"l[1]": S("l1")}}]}


@pytest.fixture(scope="module")
def scanned(ddb):
    """A hash-only table with five items for the WHERE operators."""
    table = create_table(ddb, unique_name("where"))
    items = {
        "a": {"n": N(1), "s": S("apple"), "tags": {"SS": ["red", "blue"]},
              "l": {"L": [N(1), S("x")]}, "opt": {"NULL": True}},
        "b": {"n": N(2), "s": S("banana"), "m": {"M": {"k": S("v")}}, "opt": S("here")},
        "c": {"n": N(3), "s": S("cherry"), "tags": {"SS": ["green"]}},
        "d": {"n": N(4), "s": S("date"), "l": {"L": []}},
        "e": {"n": N(5), "s": S("elder")},
    }
    for pk, attributes in items.items():
        ddb.put_item(TableName=table, Item={"pk": S(pk), **attributes})
    return table


@pytest.mark.parametrize("where, expected", [
    ("n = 2", "b"),
    ("n <> 2", "acde"),
    ("n != 2", "acde"),
    ("n < 3", "ab"),
    ("n <= 3", "abc"),
    ("n > 3", "de"),
    ("n >= 3", "cde"),
    ("n > 1 AND n < 4", "bc"),
    ("n = 1 OR s = 'date'", "ad"),
    ("n = 1 OR n = 2 AND s = 'apple'", "a"),
    ("NOT (n < 3)", "cde"),
    ("NOT n = 1", "bcde"),
    ("n BETWEEN 2 AND 4", "bcd"),
    ("n IN [1, 3, 9]", "ac"),
    ("s IN ('banana', 'elder')", "be"),
    ("opt IS MISSING", "cde"),
    ("opt IS NOT MISSING", "ab"),
    ("opt IS NULL", "acde"),
    ("opt IS NOT NULL", "b"),
    ("begins_with(s, 'ch')", "c"),
    ("contains(s, 'an')", "b"),
    ("contains(tags, 'green')", "c"),
    ("contains(l, 'x')", "a"),
    ("attribute_type(m, 'M')", "b"),
    ("attribute_type(l, 'L')", "ad"),
    ("attribute_type(n, 'S')", ""),
    ("size(s) = 4", "d"),
    ("size(tags) = 2", "a"),
    ("size(l) > 0", "a"),
    ("pk = 'c' OR pk = 'e'", "ce"),
    ("pk > 'c'", "de"),
])
def test_where_operators(ddb, scanned, where, expected):
    assert pks(select(ddb, f'SELECT * FROM "{scanned}" WHERE {where}')) == list(expected)


def test_where_with_a_parameter_and_without_where(ddb, scanned):
    assert pks(select(ddb, f'SELECT * FROM "{scanned}" WHERE n >= ? AND s <> ?', N(3),
                      S("date"))) == ["c", "e"]
    assert pks(select(ddb, f'SELECT * FROM "{scanned}"')) == list("abcde")


def test_is_null_in_query_filters_and_update_conditions(ddb, scanned, composite, p):
    assert select(ddb, f"SELECT pk FROM \"{scanned}\" WHERE pk = 'a' AND opt IS NULL") == [
        {"pk": S("a")}]
    assert select(ddb, f"SELECT pk FROM \"{scanned}\" WHERE pk = 'c' AND opt IS NULL") == [
        {"pk": S("c")}]
    assert select(ddb, f"SELECT pk FROM \"{scanned}\" WHERE pk = 'a' AND opt IS NOT NULL") == []
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "z": {"NULL": True}})
    run(ddb, f"UPDATE \"{composite}\" SET v = 1 WHERE pk = '{p}' AND sk = 1 AND z IS NULL")
    assert item_of(ddb, composite, ck(p, 1)) == {**ck(p, 1), "z": {"NULL": True}, "v": N(1)}


def test_is_null_in_batch_and_transaction_conditions(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "z": {"NULL": True}})
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "z": {"NULL": True}})
    got = batch(ddb, f"UPDATE \"{composite}\" SET v = 1 WHERE pk = '{p}' AND sk = 1 AND z IS NULL")
    assert got == {"Responses": [{"TableName": composite}]}
    transact(ddb, f"EXISTS(SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1 "
                  "AND z IS NOT MISSING AND z IS NULL)",
             f"UPDATE \"{composite}\" SET v = 2 WHERE pk = '{p}' AND sk = 2 AND w IS NULL")
    assert item_of(ddb, composite, ck(p, 1))["v"] == N(1)
    assert item_of(ddb, composite, ck(p, 2))["v"] == N(2)


def test_order_by_hash_key(ddb, scanned):
    base = f"SELECT pk FROM \"{scanned}\" WHERE pk IN ['b', 'a', 'c']"
    assert select(ddb, base) == [{"pk": S("b")}, {"pk": S("a")}, {"pk": S("c")}]
    assert select(ddb, base + " ORDER BY pk DESC") == [{"pk": S("c")}, {"pk": S("b")},
                                                        {"pk": S("a")}]
    assert select(ddb, base + " ORDER BY pk ASC") == [{"pk": S("a")}, {"pk": S("b")},
                                                       {"pk": S("c")}]


def test_key_equality_is_a_query_in_sort_key_order(ddb, composite, partitions):
    x, y = partitions
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}'") == xs(x, 1, 2, 3, 4, 5)
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}' AND sk > 3") == xs(x, 4, 5)
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}' AND sk BETWEEN 2 AND 3"
                  ) == xs(x, 2, 3)
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}' AND v = 'x4'") == xs(x, 4)
    # A Query evaluates only the partition: Limit 2 gives its first two items.
    page = run(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}'", Limit=2)
    assert page["Items"] == xs(x, 1, 2) and page["NextToken"]


def test_order_by_sort_key(ddb, composite, partitions):
    x, _ = partitions
    base = f"SELECT * FROM \"{composite}\" WHERE pk = '{x}'"
    assert select(ddb, base + " ORDER BY sk DESC") == xs(x, 5, 4, 3, 2, 1)
    assert select(ddb, base + " ORDER BY sk ASC") == xs(x, 1, 2, 3, 4, 5)
    assert select(ddb, base + " ORDER BY sk") == xs(x, 1, 2, 3, 4, 5)
    assert select(ddb, base + " AND sk < 4 ORDER BY sk DESC") == xs(x, 3, 2, 1)


def test_in_and_or_on_the_hash_key_query_each_value_in_order(ddb, composite, partitions):
    x, y = partitions
    expected = ys(y, 1, 2, 3) + xs(x, 1, 2, 3, 4, 5)
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk IN ['{y}', '{x}']") == expected
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk IN ('{y}', '{x}')") == expected
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{y}' OR pk = '{x}'") == expected
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk IN [?, ?] AND sk >= 3',
                  S(x), S(y)) == xs(x, 3, 4, 5) + ys(y, 3)
    # Values with no items add nothing.
    assert select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk IN ['{y}', 'none-{y}']"
                  ) == ys(y, 1, 2, 3)


def test_query_pages_with_limit_and_next_token(ddb, composite, partitions):
    x, y = partitions
    pages = all_pages(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}'", limit=2)
    assert pages[0] == xs(x, 1, 2) and pages[1] == xs(x, 3, 4)
    assert all(len(page) <= 2 for page in pages)
    assert sum(pages, []) == xs(x, 1, 2, 3, 4, 5)
    pages = all_pages(ddb, f'SELECT * FROM "{composite}" WHERE pk IN [?, ?]', S(y), S(x), limit=3)
    assert all(len(page) <= 3 for page in pages)
    assert sum(pages, []) == ys(y, 1, 2, 3) + xs(x, 1, 2, 3, 4, 5)


def test_scan_pages_with_limit_and_next_token(ddb):
    table = create_table(ddb, unique_name("pages"))
    for i in range(7):
        ddb.put_item(TableName=table, Item={"pk": S(f"k{i}"), "n": N(i)})
    pages = all_pages(ddb, f'SELECT * FROM "{table}"', limit=3)
    assert len(pages[0]) == 3 and all(len(page) <= 3 for page in pages)
    assert len(pages) >= 3
    assert pks(sum(pages, [])) == [f"k{i}" for i in range(7)]
    # Limit counts items evaluated: with a filter a page may hold fewer.
    pages = all_pages(ddb, f'SELECT * FROM "{table}" WHERE n >= 5', limit=2)
    assert all(len(page) <= 2 for page in pages)
    assert pks(sum(pages, [])) == ["k5", "k6"]


def test_next_token_is_only_valid_for_the_same_statement_and_parameters(ddb, composite,
                                                                        partitions):
    x, y = partitions
    statement = f'SELECT * FROM "{composite}" WHERE pk = ?'
    token = run(ddb, statement, S(x), Limit=1)["NextToken"]
    assert stmt_error(ddb, statement, S(y), Limit=1, NextToken=token) == (
        "ValidationException", TOKEN_MISMATCH)
    assert stmt_error(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{x}'", Limit=1,
                      NextToken=token) == ("ValidationException", TOKEN_MISMATCH)
    # The matching request still continues where the first page stopped.
    assert run(ddb, statement, S(x), Limit=1, NextToken=token)["Items"] == xs(x, 2)


def test_consistent_read_and_consumed_capacity(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": S("small")})
    statement = f'SELECT * FROM "{composite}" WHERE pk = ? AND sk = 1'
    got = run(ddb, statement, S(p), ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert got["Items"] == [{**ck(p, 1), "v": S("small")}]
    assert got["ConsumedCapacity"] == {"TableName": composite, "CapacityUnits": 1.0}
    got = run(ddb, statement, S(p), ConsistentRead=False, ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == {"TableName": composite, "CapacityUnits": 0.5}
    got = run(ddb, statement, S(p), ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert got["ConsumedCapacity"] == {"TableName": composite, "CapacityUnits": 1.0,
                                       "Table": {"CapacityUnits": 1.0}}
    assert "ConsumedCapacity" not in run(ddb, statement, S(p), ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in run(ddb, statement, S(p))
    got = run(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}",
              ReturnConsumedCapacity="TOTAL")
    assert got == {"Items": [], "ConsumedCapacity": {"TableName": composite,
                                                     "CapacityUnits": 1.0}}


def test_select_from_a_global_index(ddb, hashed, p):
    for i, g in enumerate(["G1", "G1", "G2"]):
        ddb.put_item(TableName=hashed, Item={"pk": S(f"{p}-{i}"), "g": S(f"{p}-{g}"), "n": N(i)})
    got = select(ddb, f'SELECT * FROM "{hashed}"."by-g" WHERE g = ?', S(f"{p}-G1"))
    assert sorted(got, key=lambda i: i["pk"]["S"]) == [
        {"pk": S(f"{p}-0"), "g": S(f"{p}-G1"), "n": N(0)},
        {"pk": S(f"{p}-1"), "g": S(f"{p}-G1"), "n": N(1)}]
    assert select(ddb, f'SELECT pk, n FROM "{hashed}"."by-g" WHERE g = ?', S(f"{p}-G2")) == [
        {"pk": S(f"{p}-2"), "n": N(2)}]


# ---- INSERT ----------------------------------------------------------------------------

def test_insert_every_literal_type(ddb, composite, p):
    got = run(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}''s', 'sk': 1, "
                   "'str': 'it''s', 'num': 1.50, 'neg': -3, 't': TRUE, 'f': false, 'z': NULL, "
                   "'l': [1, 'a', [TRUE]], 'm': {'x': {'y': 'z'}, 'e': {}}, "
                   "'ss': <<'a', 'b'>>, 'ns': <<1, 2>>}")
    assert got == {"Items": []}
    item = item_of(ddb, composite, ck(p + "'s", 1))
    item["ss"]["SS"].sort()
    item["ns"]["NS"].sort()
    assert item == {
        "pk": S(p + "'s"), "sk": N(1), "str": S("it's"), "num": N("1.5"), "neg": N(-3),
        "t": {"BOOL": True}, "f": {"BOOL": False}, "z": {"NULL": True},
        "l": {"L": [N(1), S("a"), {"L": [{"BOOL": True}]}]},
        "m": {"M": {"x": {"M": {"y": S("z")}}, "e": {"M": {}}}},
        "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}}
    assert select(ddb, f"SELECT str FROM \"{composite}\" WHERE pk = '{p}''s' AND sk = 1") == [
        {"str": S("it's")}]


def test_insert_with_parameters_including_binary(ddb, composite, p):
    assert run(ddb, f'INSERT INTO "{composite}" VALUE {{\'pk\': ?, \'sk\': ?, \'b\': ?, '
                    "'bs': ?, 'm': ?}", S(p), N(3), {"B": b"\x00\x01"}, {"BS": [b"\x02"]},
               {"M": {"q": S("?")}}) == {"Items": []}
    assert item_of(ddb, composite, ck(p, 3)) == {
        **ck(p, 3), "b": {"B": b"\x00\x01"}, "bs": {"BS": [b"\x02"]}, "m": {"M": {"q": S("?")}}}


def test_insert_keywords_are_case_insensitive(ddb, composite, p):
    assert run(ddb, f"insert into \"{composite}\" value {{'pk': '{p}', 'sk': 1, 'v': true}}"
               ) == {"Items": []}
    assert item_of(ddb, composite, ck(p, 1)) == {**ck(p, 1), "v": {"BOOL": True}}


def test_insert_of_an_existing_item_is_a_duplicate(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": S("old")})
    assert stmt_error(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1, 'v': 'new'}}"
                      ) == ("DuplicateItemException", DUPLICATE)
    assert item_of(ddb, composite, ck(p, 1)) == {**ck(p, 1), "v": S("old")}


def test_insert_without_a_key_attribute(ddb, composite, p):
    assert stmt_error(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'v': 1}}") == (
        "ValidationException", "Key attribute should be present in the item: Key sk")
    assert stmt_error(ddb, f"INSERT INTO \"{composite}\" VALUE {{'sk': 1, 'v': 1}}") == (
        "ValidationException", "Key attribute should be present in the item: Key pk")
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == []


# ---- UPDATE ----------------------------------------------------------------------------

def test_update_set_clauses_comma_separated_and_repeated(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "keep": S("k"), "a": S("old")})
    got = run(ddb, f"UPDATE \"{composite}\" SET a = 'new', b = 2 SET c = [1, 'two'] "
                   f"SET d = {{'e': <<'x'>>}} WHERE pk = '{p}' AND sk = 1")
    assert got == {"Items": []}
    assert item_of(ddb, composite, ck(p, 1)) == {
        **ck(p, 1), "keep": S("k"), "a": S("new"), "b": N(2), "c": {"L": [N(1), S("two")]},
        "d": {"M": {"e": {"SS": ["x"]}}}}


def test_update_arithmetic_and_functions(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={
        **ck(p, 1), "n": N(10), "m": N(5), "l": {"L": [N(1)]}, "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1"]}})
    run(ddb, f"UPDATE \"{composite}\" SET n = n + 1 SET m = m - 2 "
             "SET l = list_append(l, [2, 'three']) SET ss = set_add(ss, <<'c'>>) "
             f"SET ns = set_add(ns, <<2, 3>>) WHERE pk = '{p}' AND sk = 1")
    item = item_of(ddb, composite, ck(p, 1))
    assert item["n"] == N(11) and item["m"] == N(3)
    assert item["l"] == {"L": [N(1), N(2), S("three")]}
    assert sorted(item["ss"]["SS"]) == ["a", "b", "c"]
    assert sorted(item["ns"]["NS"]) == ["1", "2", "3"]
    run(ddb, f"UPDATE \"{composite}\" SET ss = set_delete(ss, <<'a', 'c'>>) "
             f"SET n = n + ? WHERE pk = ? AND sk = ?", N(5), S(p), N(1))
    item = item_of(ddb, composite, ck(p, 1))
    assert item["ss"] == {"SS": ["b"]} and item["n"] == N(16)


def test_update_nested_paths_and_remove(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={
        **ck(p, 1), "gone": S("g"), "l": {"L": [S("l0"), S("l1"), S("l2")]},
        "m": {"M": {"x": S("x"), "y": {"M": {"z": S("z")}}}}})
    run(ddb, f"UPDATE \"{composite}\" SET m.y.z = 'Z' SET l[1] = 'L1' REMOVE gone "
             f"WHERE pk = '{p}' AND sk = 1")
    run(ddb, f"UPDATE \"{composite}\" REMOVE l[0] REMOVE m.x WHERE pk = '{p}' AND sk = 1")
    assert item_of(ddb, composite, ck(p, 1)) == {
        **ck(p, 1), "l": {"L": [S("L1"), S("l2")]}, "m": {"M": {"y": {"M": {"z": S("Z")}}}}}


def test_update_of_a_missing_item_fails_the_condition_and_creates_nothing(ddb, composite, p):
    assert stmt_error(ddb, f"UPDATE \"{composite}\" SET a = 1 WHERE pk = '{p}' AND sk = 1") == (
        "ConditionalCheckFailedException", CONDITION_FAILED)
    e = failure(ddb.execute_statement,
                Statement=f"UPDATE \"{composite}\" SET a = 1 WHERE pk = '{p}' AND sk = 1",
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e["Error"]["Code"] == "ConditionalCheckFailedException"
    assert "Item" not in e
    assert item_of(ddb, composite, ck(p, 1)) is None


def test_update_with_extra_conditions(ddb, composite, p):
    old = {**ck(p, 1), "v": N(1), "s": S("abc")}
    ddb.put_item(TableName=composite, Item=old)
    statement = f"UPDATE \"{composite}\" SET v = 2 WHERE pk = '{p}' AND sk = 1 AND v = 5"
    assert stmt_error(ddb, statement) == ("ConditionalCheckFailedException", CONDITION_FAILED)
    e = failure(ddb.execute_statement, Statement=statement,
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e["Error"] == {"Code": "ConditionalCheckFailedException", "Message": CONDITION_FAILED}
    assert e["Item"] == old
    assert item_of(ddb, composite, ck(p, 1)) == old
    run(ddb, f"UPDATE \"{composite}\" SET v = 2 WHERE pk = '{p}' AND sk = 1 AND v = 1 "
             "AND begins_with(s, 'ab') AND other IS MISSING")
    assert item_of(ddb, composite, ck(p, 1)) == {**old, "v": N(2)}


@pytest.mark.parametrize("where", ["pk = '{p}'", "sk = 1", "pk = '{p}' AND v = 1"])
def test_update_needs_an_equality_on_every_key_attribute(ddb, composite, p, where):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": N(1)})
    assert stmt_error(ddb, f'UPDATE "{composite}" SET a = 1 WHERE ' + where.format(p=p)) == (
        "ValidationException", NO_KEY_EQUALITY)
    assert item_of(ddb, composite, ck(p, 1)) == {**ck(p, 1), "v": N(1)}


@pytest.mark.parametrize("attribute, value", [("pk", "'other'"), ("sk", "9")])
def test_update_of_a_key_attribute_is_refused(ddb, composite, p, attribute, value):
    ddb.put_item(TableName=composite, Item=ck(p, 1))
    assert stmt_error(ddb, f"UPDATE \"{composite}\" SET {attribute} = {value} "
                           f"WHERE pk = '{p}' AND sk = 1") == (
        "ValidationException", "One or more parameter values were invalid: Cannot update "
        f"attribute {attribute}. This attribute is part of the key")


@pytest.mark.parametrize("returning, expected", [
    ("ALL OLD", {"pk": "P", "sk": N(1), "a": S("1"), "b": S("2")}),
    ("MODIFIED OLD", {"a": S("1")}),
    ("ALL NEW", {"pk": "P", "sk": N(1), "a": S("10"), "b": S("2"), "c": S("3")}),
    ("MODIFIED NEW", {"a": S("10"), "c": S("3")}),
])
def test_update_returning(ddb, composite, p, returning, expected):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "a": S("1"), "b": S("2")})
    got = run(ddb, f"UPDATE \"{composite}\" SET a = '10' SET c = '3' WHERE pk = '{p}' AND sk = 1 "
                   f"RETURNING {returning} *")
    if "pk" in expected:
        expected = {**expected, "pk": S(p)}
    assert got == {"Items": [expected]}


# ---- DELETE ----------------------------------------------------------------------------

def test_delete(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": N(1)})
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "v": N(2)})
    assert run(ddb, f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1") == {"Items": []}
    assert item_of(ddb, composite, ck(p, 1)) is None
    assert item_of(ddb, composite, ck(p, 2)) == {**ck(p, 2), "v": N(2)}
    # A missing item without other conditions: nothing to delete, and no error.
    assert run(ddb, f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1") == {"Items": []}
    assert run(ddb, f'DELETE FROM "{composite}" WHERE pk = ? AND sk = ? RETURNING ALL OLD *',
               S(p), N(2)) == {"Items": [{**ck(p, 2), "v": N(2)}]}
    assert item_of(ddb, composite, ck(p, 2)) is None


def test_delete_with_extra_conditions(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": N(1)})
    assert stmt_error(ddb, f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1 AND v = 2"
                      ) == ("ConditionalCheckFailedException", CONDITION_FAILED)
    e = failure(ddb.execute_statement, ReturnValuesOnConditionCheckFailure="ALL_OLD",
                Statement=f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1 AND v = 2")
    assert e["Item"] == {**ck(p, 1), "v": N(1)}
    assert item_of(ddb, composite, ck(p, 1)) == {**ck(p, 1), "v": N(1)}
    assert run(ddb, f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1 AND v = 1") == {
        "Items": []}
    assert item_of(ddb, composite, ck(p, 1)) is None


def test_delete_needs_an_equality_on_every_key_attribute(ddb, composite, p):
    ddb.put_item(TableName=composite, Item=ck(p, 1))
    assert stmt_error(ddb, f"DELETE FROM \"{composite}\" WHERE pk = '{p}'") == (
        "ValidationException", NO_KEY_EQUALITY)
    assert stmt_error(ddb, f"DELETE FROM \"{composite}\" WHERE sk = 1 AND v = 1") == (
        "ValidationException", NO_KEY_EQUALITY)
    assert item_of(ddb, composite, ck(p, 1)) == ck(p, 1)


# ---- parameters and statement errors ---------------------------------------------------

def test_parameters_bind_by_position(ddb, composite, p):
    run(ddb, f'INSERT INTO "{composite}" VALUE {{\'sk\': ?, \'pk\': ?, \'a\': ?, \'b\': ?}}',
        N(4), S(p), S("first"), {"L": [S("second")]})
    assert select(ddb, f'SELECT a, b FROM "{composite}" WHERE sk = ? AND pk = ?', N(4), S(p)) == [
        {"a": S("first"), "b": {"L": [S("second")]}}]


@pytest.mark.parametrize("statement, count", [
    ('SELECT * FROM "{t}" WHERE pk = ? AND sk = ?', 0),
    ('SELECT * FROM "{t}" WHERE pk = ? AND sk = ?', 1),
    ('SELECT * FROM "{t}" WHERE pk = ? AND sk = ?', 3),
    ("INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'sk': ?}}", 0),
    ("INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'sk': ?}}", 2),
    ("INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'sk': 1}}", 1),
])
def test_parameter_count_must_match(ddb, composite, statement, count):
    values = [N(i) for i in range(count)]
    assert stmt_error(ddb, statement.format(t=composite), *values) == (
        "ValidationException", PARAMETER_COUNT)
    assert item_of(ddb, composite, ck("a", 0)) is None and item_of(ddb, composite, ck("a", 1)) is None


def test_empty_parameters_list(ddb, composite, p):
    code, message, _ = error_of(ddb.execute_statement, Parameters=[],
                                Statement=f"SELECT * FROM \"{composite}\" WHERE pk = '{p}'")
    assert code == "ValidationException"
    assert message.startswith(EMPTY_PARAMETERS)


@pytest.mark.parametrize("statement", [
    'SELECT * FROM', 'SELECT * FROM "{t}" WHERE', 'SELECT FROM "{t}"',
    "INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'sk': }}", 'UPDATE "{t}" WHERE pk = \'a\'',
    "SELECT * FROM \"{t}\" WHERE pk = 'a", 'DELETE "{t}" WHERE pk = 1',
])
def test_syntax_errors(ddb, composite, statement):
    code, message = stmt_error(ddb, statement.format(t=composite))
    assert code == "ValidationException"
    assert message.startswith(MALFORMED)


@pytest.mark.parametrize("statement", ['SELEC * FROM "{t}"', "CREATE TABLE x",
                                       'DROP TABLE "{t}"'])
def test_statements_that_are_not_data_manipulation(ddb, composite, statement):
    assert stmt_error(ddb, statement.format(t=composite)) == ("ValidationException", NOT_DML)


@pytest.mark.parametrize("statement", [
    'SELECT * FROM "{t}"', "SELECT * FROM \"{t}\" WHERE pk = 'a'",
    "INSERT INTO \"{t}\" VALUE {{'pk': 'a'}}", "UPDATE \"{t}\" SET v = 1 WHERE pk = 'a'",
    "DELETE FROM \"{t}\" WHERE pk = 'a'",
])
def test_unknown_table(ddb, statement):
    code, _ = stmt_error(ddb, statement.format(t=unique_name("missing")))
    assert code == "ResourceNotFoundException"


# ---- BatchExecuteStatement -------------------------------------------------------------

def batch(ddb, *statements, **extra):
    requests = []
    for s in statements:
        if isinstance(s, str):
            requests.append({"Statement": s})
        else:
            requests.append(s)
    return body(ddb.batch_execute_statement(Statements=requests, **extra))


def test_batch_writes(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 4), "v": N(1)})
    ddb.put_item(TableName=composite, Item=ck(p, 5))
    got = batch(ddb,
                f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1}}",
                {"Statement": f'INSERT INTO "{composite}" VALUE {{\'pk\': ?, \'sk\': ?}}',
                 "Parameters": [S(p), N(2)]},
                f"UPDATE \"{composite}\" SET v = v + 1 WHERE pk = '{p}' AND sk = 4",
                f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 5")
    assert got == {"Responses": [{"TableName": composite}] * 4}
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [
        ck(p, 1), ck(p, 2), {**ck(p, 4), "v": N(2)}]


def test_batch_reads(ddb, composite, hashed, p):
    for sk in (1, 3):
        ddb.put_item(TableName=composite, Item={**ck(p, sk), "a": S("A"), "b": S("B")})
    ddb.put_item(TableName=hashed, Item={"pk": S(p), "n": N(1)})
    got = batch(ddb,
                f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1",
                {"Statement": f'SELECT b, nope FROM "{composite}" WHERE pk = ? AND sk = ?',
                 "Parameters": [S(p), N(3)]},
                f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 2",
                {"Statement": f'SELECT * FROM "{hashed}" WHERE pk = ?', "Parameters": [S(p)],
                 "ConsistentRead": True})
    assert got == {"Responses": [
        {"TableName": composite, "Item": {**ck(p, 1), "a": S("A"), "b": S("B")}},
        {"TableName": composite, "Item": {"b": S("B")}},
        {"TableName": composite},
        {"TableName": hashed, "Item": {"pk": S(p), "n": N(1)}}]}


def test_batch_read_without_the_full_key_is_a_statement_error(ddb, composite, p):
    ddb.put_item(TableName=composite, Item=ck(p, 1))
    got = batch(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = '{p}'",
                f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1")["Responses"]
    assert got[0]["Error"]["Code"] == "ValidationError"
    assert "Item" not in got[0]
    assert got[1] == {"TableName": composite, "Item": ck(p, 1)}


def test_batch_mixing_reads_and_writes_is_refused(ddb, composite, p):
    code, message, _ = error_of(ddb.batch_execute_statement, Statements=[
        {"Statement": f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1"},
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}"}])
    assert (code, message) == ("ValidationException", MIXED_BATCH)
    assert item_of(ddb, composite, ck(p, 2)) is None


def test_batch_statement_errors_do_not_stop_the_others(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": N(1)})
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "v": N(2)})
    ddb.put_item(TableName=composite, Item={**ck(p, 4), "v": N(4)})
    missing = unique_name("missing")
    got = batch(ddb,
                f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 10}}",
                f"UPDATE \"{composite}\" SET v = 9 WHERE pk = '{p}' AND sk = 3",
                {"Statement": f"UPDATE \"{composite}\" SET v = 9 WHERE pk = '{p}' AND sk = 2 "
                              "AND v = 0", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
                f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1, 'v': 5}}",
                f"INSERT INTO \"{missing}\" VALUE {{'pk': '{p}'}}",
                f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': }}",
                f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 4 AND v = 0",
                f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 11}}")["Responses"]
    assert len(got) == 8
    assert got[0] == {"TableName": composite}
    assert got[1]["Error"] == {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
    assert got[2]["Error"] == {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED,
                               "Item": {**ck(p, 2), "v": N(2)}}
    assert got[3]["Error"] == {"Code": "DuplicateItem", "Message": DUPLICATE}
    assert got[4]["Error"]["Code"] == "ResourceNotFound"
    assert got[5]["Error"]["Code"] == "ValidationError"
    assert got[5]["Error"]["Message"].startswith(MALFORMED)
    assert got[6]["Error"] == {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
    assert got[7] == {"TableName": composite}
    for entry in got[1:4] + got[6:7]:
        assert entry.get("TableName", composite) == composite
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [
        {**ck(p, 1), "v": N(1)}, {**ck(p, 2), "v": N(2)}, {**ck(p, 4), "v": N(4)}, ck(p, 10),
        ck(p, 11)]


def test_batch_with_the_same_item_twice_is_refused(ddb, composite, p):
    code, message, _ = error_of(ddb.batch_execute_statement, Statements=[
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1}}"},
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}"},
        {"Statement": f"UPDATE \"{composite}\" SET v = 1 WHERE pk = '{p}' AND sk = 1"}])
    assert (code, message) == ("ValidationException", DUPLICATE_KEYS)
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == []
    code, message, _ = error_of(ddb.batch_execute_statement, Statements=[
        {"Statement": f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1"},
        {"Statement": f'SELECT * FROM "{composite}" WHERE pk = ? AND sk = ?',
         "Parameters": [S(p), N(1)]}])
    assert (code, message) == ("ValidationException", DUPLICATE_KEYS)


@pytest.mark.parametrize("count", [0, 26])
def test_batch_size_limits(ddb, composite, p, count):
    statements = [{"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': {i}}}"}
                  for i in range(count)]
    code, _, _ = error_of(ddb.batch_execute_statement, Statements=statements)
    assert code == "ValidationException"
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == []


def test_batch_of_25_writes_is_accepted(ddb, composite, p):
    got = batch(ddb, *[f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': {i}}}"
                       for i in range(25)])
    assert got == {"Responses": [{"TableName": composite}] * 25}
    assert len(select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p))) == 25


# ---- ExecuteTransaction ----------------------------------------------------------------

def transact(ddb, *statements, **extra):
    requests = [{"Statement": s} if isinstance(s, str) else s for s in statements]
    return body(ddb.execute_transaction(TransactStatements=requests, **extra))


def cancelled(ddb, *statements, **extra):
    requests = [{"Statement": s} if isinstance(s, str) else s for s in statements]
    e = failure(ddb.execute_transaction, TransactStatements=requests, **extra)
    assert e["Error"]["Code"] == "TransactionCanceledException"
    assert e["ResponseMetadata"]["HTTPStatusCode"] == 400
    return e["Error"]["Message"], e.get("CancellationReasons")


def reasons_message(*codes):
    return ("Transaction cancelled, please refer cancellation reasons for specific reasons ["
            + ", ".join(codes) + "]")


def test_transaction_reads(ddb, composite, hashed, p):
    for sk in (1, 3):
        ddb.put_item(TableName=composite, Item={**ck(p, sk), "a": S("A"), "m": {"M": {"x": N(1)}}})
    ddb.put_item(TableName=hashed, Item={"pk": S(p), "n": N(7)})
    got = transact(ddb,
                   f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1",
                   f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 2",
                   {"Statement": f'SELECT a, m.x FROM "{composite}" WHERE pk = ? AND sk = ?',
                    "Parameters": [S(p), N(3)]},
                   f"SELECT n FROM \"{hashed}\" WHERE pk = '{p}'")
    assert got == {"Responses": [
        {"Item": {**ck(p, 1), "a": S("A"), "m": {"M": {"x": N(1)}}}},
        {},
        {"Item": {"a": S("A"), "x": N(1)}},
        {"Item": {"n": N(7)}}]}


def test_transaction_writes(ddb, composite, hashed, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "n": N(1)})
    ddb.put_item(TableName=composite, Item=ck(p, 3))
    ddb.put_item(TableName=hashed, Item={"pk": S(p), "state": S("open")})
    got = transact(ddb,
                   f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1, 'v': 'new'}}",
                   {"Statement": f'UPDATE "{composite}" SET n = n + ? WHERE pk = ? AND sk = ?',
                    "Parameters": [N(5), S(p), N(2)]},
                   f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 3",
                   f"EXISTS(SELECT * FROM \"{hashed}\" WHERE pk = '{p}' AND state = 'open')")
    assert "Responses" not in got
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [
        {**ck(p, 1), "v": S("new")}, {**ck(p, 2), "n": N(6)}]


def test_transaction_mixing_reads_and_writes_is_refused(ddb, composite, p):
    code, message, _ = error_of(ddb.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1}}"},
        {"Statement": f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 2"}])
    assert (code, message) == ("ValidationException", MIXED_TRANSACTION)
    assert item_of(ddb, composite, ck(p, 1)) is None


@pytest.mark.parametrize("statement", [
    "UPDATE \"{t}\" SET v = 1 WHERE pk = '{p}' AND sk = 1 RETURNING ALL NEW *",
    "DELETE FROM \"{t}\" WHERE pk = '{p}' AND sk = 1 RETURNING ALL OLD *",
])
def test_transaction_refuses_returning(ddb, composite, p, statement):
    ddb.put_item(TableName=composite, Item=ck(p, 1))
    code, message, _ = error_of(ddb.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}"},
        {"Statement": statement.format(t=composite, p=p)}])
    assert (code, message) == ("ValidationException", RETURNING_IN_TRANSACTION)
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [ck(p, 1)]


def test_transaction_insert_of_an_existing_item_cancels_all(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "n": N(1)})
    ddb.put_item(TableName=composite, Item={**ck(p, 2), "v": S("old")})
    message, reasons = cancelled(
        ddb, f"UPDATE \"{composite}\" SET n = n + 1 WHERE pk = '{p}' AND sk = 1",
        f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 3}}",
        f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2, 'v': 'new'}}")
    assert message == reasons_message("None", "None", "DuplicateItem")
    assert [r["Code"] for r in reasons] == ["None", "None", "DuplicateItem"]
    assert reasons[0] == {"Code": "None"}
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [
        {**ck(p, 1), "n": N(1)}, {**ck(p, 2), "v": S("old")}]


def test_transaction_failed_conditions_cancel_all(ddb, composite, hashed, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "n": N(1)})
    ddb.put_item(TableName=hashed, Item={"pk": S(p), "state": S("closed")})
    insert = f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 5}}"
    cases = [
        f"EXISTS(SELECT * FROM \"{hashed}\" WHERE pk = '{p}' AND state = 'open')",
        f"EXISTS(SELECT * FROM \"{hashed}\" WHERE pk = '{p}-none' AND state = 'open')",
        f"UPDATE \"{composite}\" SET n = 2 WHERE pk = '{p}' AND sk = 9",
        f"UPDATE \"{composite}\" SET n = 2 WHERE pk = '{p}' AND sk = 1 AND n = 5",
        f"DELETE FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1 AND n = 5",
    ]
    for failing in cases:
        message, reasons = cancelled(ddb, insert, failing)
        assert message == reasons_message("None", "ConditionalCheckFailed"), failing
        assert reasons == [{"Code": "None"}, {"Code": "ConditionalCheckFailed",
                                              "Message": CONDITION_FAILED}], failing
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == [
        {**ck(p, 1), "n": N(1)}]


def test_transaction_reason_carries_the_old_item(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "n": N(1)})
    _, reasons = cancelled(ddb, {
        "Statement": f"UPDATE \"{composite}\" SET n = 2 WHERE pk = '{p}' AND sk = 1 AND n = 5",
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED,
                        "Item": {**ck(p, 1), "n": N(1)}}]


def test_transaction_client_request_token_is_idempotent(ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "n": N(0)})
    token = str(uuid.uuid4())
    statements = [{"Statement": f"UPDATE \"{composite}\" SET n = n + 1 "
                                f"WHERE pk = '{p}' AND sk = 1"}]
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)
    assert item_of(ddb, composite, ck(p, 1))["n"] == N(1)
    code, _, _ = error_of(ddb.execute_transaction, ClientRequestToken=token, TransactStatements=[
        {"Statement": f"UPDATE \"{composite}\" SET n = n + 2 WHERE pk = '{p}' AND sk = 1"}])
    assert code == "IdempotentParameterMismatchException"
    assert item_of(ddb, composite, ck(p, 1))["n"] == N(1)
    # Without a token (boto3 makes a fresh one each call) it applies every time.
    ddb.execute_transaction(TransactStatements=statements)
    ddb.execute_transaction(TransactStatements=statements)
    assert item_of(ddb, composite, ck(p, 1))["n"] == N(3)


@pytest.mark.parametrize("count", [0, 101])
def test_transaction_size_limits(ddb, composite, p, count):
    statements = [{"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': {i}}}"}
                  for i in range(count)]
    code, _, _ = error_of(ddb.execute_transaction, TransactStatements=statements)
    assert code == "ValidationException"
    assert select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p)) == []


def test_transaction_of_100_writes_is_accepted(ddb, composite, p):
    transact(ddb, *[f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': {i}}}"
                    for i in range(100)])
    assert len(select(ddb, f'SELECT * FROM "{composite}" WHERE pk = ?', S(p))) == 100


# ---- PartiQL writes are ordinary writes ------------------------------------------------

def test_writes_keep_the_global_index_current(ddb, hashed, p):
    by_g = f'SELECT * FROM "{hashed}"."by-g" WHERE g = ?'

    def query(g):
        return ddb.query(TableName=hashed, IndexName="by-g", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": S(g)})["Items"]

    run(ddb, f'INSERT INTO "{hashed}" VALUE {{\'pk\': ?, \'g\': ?, \'v\': 1}}', S(p), S(f"{p}-A"))
    item = {"pk": S(p), "g": S(f"{p}-A"), "v": N(1)}
    assert select(ddb, by_g, S(f"{p}-A")) == [item] and query(f"{p}-A") == [item]
    run(ddb, f'UPDATE "{hashed}" SET g = ? WHERE pk = ?', S(f"{p}-B"), S(p))
    item = {**item, "g": S(f"{p}-B")}
    assert select(ddb, by_g, S(f"{p}-A")) == [] and query(f"{p}-A") == []
    assert select(ddb, by_g, S(f"{p}-B")) == [item] and query(f"{p}-B") == [item]
    transact(ddb, {"Statement": f'UPDATE "{hashed}" REMOVE g WHERE pk = ?', "Parameters": [S(p)]})
    assert select(ddb, by_g, S(f"{p}-B")) == [] and query(f"{p}-B") == []
    batch(ddb, {"Statement": f'UPDATE "{hashed}" SET g = ? WHERE pk = ?',
                "Parameters": [S(f"{p}-C"), S(p)]})
    assert query(f"{p}-C") == [{"pk": S(p), "g": S(f"{p}-C"), "v": N(1)}]
    run(ddb, f'DELETE FROM "{hashed}" WHERE pk = ?', S(p))
    assert select(ddb, by_g, S(f"{p}-C")) == [] and query(f"{p}-C") == []


def stream_records(server, ddb, table):
    streams = server.streams_client()
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = streams.get_records(ShardIterator=iterator)
            records += page["Records"]
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return records


def test_writes_appear_in_the_stream(server, ddb, hashed, p):
    run(ddb, f"INSERT INTO \"{hashed}\" VALUE {{'pk': '{p}', 'v': 1}}")
    run(ddb, f"UPDATE \"{hashed}\" SET v = 2 WHERE pk = '{p}'")
    batch(ddb, f"INSERT INTO \"{hashed}\" VALUE {{'pk': '{p}-b', 'v': 1}}")
    transact(ddb, f"UPDATE \"{hashed}\" SET v = 3 WHERE pk = '{p}'")
    run(ddb, f"DELETE FROM \"{hashed}\" WHERE pk = '{p}'")
    run(ddb, f"DELETE FROM \"{hashed}\" WHERE pk = '{p}'")  # nothing there: no record
    mine = [r for r in stream_records(server, ddb, hashed)
            if r["dynamodb"]["Keys"]["pk"]["S"] in (p, f"{p}-b")]
    other = [r["eventName"] for r in mine if r["dynamodb"]["Keys"]["pk"]["S"] != p]
    assert other == ["INSERT"]
    mine = [r for r in mine if r["dynamodb"]["Keys"]["pk"]["S"] == p]
    assert [r["eventName"] for r in mine] == ["INSERT", "MODIFY", "MODIFY", "REMOVE"]
    images = [(r["dynamodb"].get("OldImage"), r["dynamodb"].get("NewImage")) for r in mine]
    assert images == [(None, {"pk": S(p), "v": N(1)}),
                      ({"pk": S(p), "v": N(1)}, {"pk": S(p), "v": N(2)}),
                      ({"pk": S(p), "v": N(2)}, {"pk": S(p), "v": N(3)}),
                      ({"pk": S(p), "v": N(3)}, None)]


@pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")
def test_time_to_live_removes_items_written_by_partiql(start_server):
    server = start_server("--ttl-interval", "0.2")
    client = server.client()
    table = create_table(client, unique_name("pqlttl"))
    client.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "AttributeName": "expires", "Enabled": True})
    now = int(time.time())
    run(client, f'INSERT INTO "{table}" VALUE {{\'pk\': \'old\', \'expires\': {now - 60}}}')
    run(client, f'INSERT INTO "{table}" VALUE {{\'pk\': \'new\', \'expires\': {now + 3600}}}')
    batch(client, f"INSERT INTO \"{table}\" VALUE {{'pk': 'old-b', 'expires': {now - 60}}}")
    run(client, f"INSERT INTO \"{table}\" VALUE {{'pk': 'later', 'expires': {now + 3600}}}")
    run(client, f"UPDATE \"{table}\" SET expires = {now - 30} WHERE pk = 'later'")
    deadline = time.time() + 15
    while time.time() < deadline:
        if pks(select(client, f'SELECT * FROM "{table}"')) == ["new"]:
            break
        time.sleep(0.1)
    assert select(client, f'SELECT * FROM "{table}"') == [
        {"pk": S("new"), "expires": N(now + 3600)}]
    assert select(client, f"SELECT * FROM \"{table}\" WHERE pk = 'old'") == []


# ---- the AWS CLI -----------------------------------------------------------------------

@pytest.fixture
def aws(server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

    def call(*args, check=True):
        result = subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", server.url,
                                 "--output", "json"], capture_output=True, text=True, env=env,
                                timeout=60)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return call


def test_cli_execute_statement(aws, ddb, composite, p):
    out = aws("execute-statement", "--statement",
              f'INSERT INTO "{composite}" VALUE {{\'pk\': ?, \'sk\': ?, \'v\': \'one\'}}',
              "--parameters", json.dumps([S(p), N(1)]))
    assert json.loads(out.stdout) == {"Items": []}
    aws("execute-statement", "--statement",
        f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2, 'v': 'two'}}")
    out = aws("execute-statement", "--statement",
              f'SELECT * FROM "{composite}" WHERE pk = ? ORDER BY sk DESC',
              "--parameters", json.dumps([S(p)]))
    assert json.loads(out.stdout)["Items"] == [{**ck(p, 2), "v": S("two")},
                                               {**ck(p, 1), "v": S("one")}]
    failed = aws("execute-statement", "--statement",
                 f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}", check=False)
    assert failed.returncode != 0
    assert "DuplicateItemException" in failed.stderr and DUPLICATE in failed.stderr


def test_cli_batch_execute_statement(aws, ddb, composite, p):
    ddb.put_item(TableName=composite, Item={**ck(p, 1), "v": S("old")})
    writes = [{"Statement": f'INSERT INTO "{composite}" VALUE {{\'pk\': ?, \'sk\': 2}}',
               "Parameters": [S(p)]},
              {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1}}"}]
    got = json.loads(aws("batch-execute-statement", "--statements", json.dumps(writes)).stdout)
    assert got["Responses"][0] == {"TableName": composite}
    assert got["Responses"][1]["Error"] == {"Code": "DuplicateItem", "Message": DUPLICATE}
    reads = [{"Statement": f"SELECT v FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1"},
             {"Statement": f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 2"}]
    got = json.loads(aws("batch-execute-statement", "--statements", json.dumps(reads)).stdout)
    assert got["Responses"] == [{"TableName": composite, "Item": {"v": S("old")}},
                                {"TableName": composite, "Item": ck(p, 2)}]


def test_cli_execute_transaction(aws, ddb, composite, p):
    writes = [{"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1, 'n': 1}}"},
              {"Statement": f'INSERT INTO "{composite}" VALUE {{\'pk\': ?, \'sk\': 2}}',
               "Parameters": [S(p)]}]
    aws("execute-transaction", "--transact-statements", json.dumps(writes))
    reads = [{"Statement": f"SELECT n FROM \"{composite}\" WHERE pk = '{p}' AND sk = 1"},
             {"Statement": f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk = 3"}]
    got = json.loads(aws("execute-transaction", "--transact-statements", json.dumps(reads)).stdout)
    assert got["Responses"] == [{"Item": {"n": N(1)}}, {}]
    failed = aws("execute-transaction", "--transact-statements", json.dumps([
        {"Statement": f"UPDATE \"{composite}\" SET n = 5 WHERE pk = '{p}' AND sk = 1"},
        {"Statement": f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2}}"}]), check=False)
    assert failed.returncode != 0
    assert "TransactionCanceledException" in failed.stderr
    assert "[None, DuplicateItem]" in failed.stderr
    assert item_of(ddb, composite, ck(p, 1))["n"] == N(1)


# --- review findings ------------------------------------------------------------------------

def test_values_nested_deeper_than_32_levels_are_refused_and_nothing_is_stored(ddb, composite, p):
    deep = "[" * 40 + "1" + "]" * 40
    code, message = stmt_error(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1, 'x': {deep}}}")
    assert code == "ValidationException"
    assert message.startswith("Nesting Levels have exceeded supported limits")
    assert item_of(ddb, composite, ck(p, 1)) is None
    # 32 levels are fine.
    ok = "[" * 31 + "1" + "]" * 31
    run(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 2, 'x': {ok}}}")
    assert item_of(ddb, composite, ck(p, 2)) is not None


def test_an_update_cannot_nest_an_item_deeper_than_32_levels(ddb, composite, p):
    value = {"L": [{"N": "1"}]}
    for _ in range(30):
        value = {"L": [value]}
    ddb.put_item(TableName=composite, Item={"pk": S(p), "sk": N(1), "x": value})
    path = "x" + "[0]" * 31
    code, message, status = error_of(
        ddb.update_item, TableName=composite, Key=ck(p, 1),
        UpdateExpression=f"SET {path} = :v", ExpressionAttributeValues={":v": {"L": [{"L": []}]}})
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("Nesting Levels have exceeded supported limits")
    assert ddb.scan(TableName=composite)["Count"] >= 1  # the table stays readable


def test_conditions_on_key_attributes_beyond_one_key_condition(ddb, composite, p):
    for sk in range(1, 6):
        run(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': {sk}}}")
    def sks(statement):
        return [int(i["sk"]["N"]) for i in select(ddb, statement)]
    assert sks(f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk <> 2") == [1, 3, 4, 5]
    assert sks(f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk > 1 AND sk < 4") == [2, 3]
    assert sks(f"SELECT * FROM \"{composite}\" WHERE pk = '{p}' AND sk IN [2, 5]") == [2, 5]


def test_a_partition_listed_twice_is_read_once(ddb, composite, p):
    run(ddb, f"INSERT INTO \"{composite}\" VALUE {{'pk': '{p}', 'sk': 1}}")
    items = select(ddb, f"SELECT * FROM \"{composite}\" WHERE pk IN ['{p}', '{p}'] AND sk = 1")
    assert len(items) == 1


def test_a_syntax_error_on_a_non_ascii_character_is_a_readable_error(ddb, composite):
    code, message = stmt_error(ddb, f"SELECT * FROM \"{composite}\" WHERE pk = é")
    assert code == "ValidationException"
    assert message.startswith("Statement wasn't well formed, can't be processed: ")

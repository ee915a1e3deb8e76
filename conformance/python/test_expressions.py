"""Condition, projection and update expressions, and UpdateItem."""
import re

import pytest

from botocore.exceptions import ClientError

from conftest import error_of, unique_name


def key():
    return {"pk": {"S": unique_name("expr")}}


def test_put_condition_attribute_not_exists_prevents_overwrite(ddb, table_s):
    k = key()
    ddb.put_item(TableName=table_s, Item=dict(k, v={"N": "1"}),
                 ConditionExpression="attribute_not_exists(pk)")
    code, message, status = error_of(ddb.put_item, TableName=table_s, Item=dict(k, v={"N": "2"}),
                                     ConditionExpression="attribute_not_exists(pk)")
    assert (code, message, status) == ("ConditionalCheckFailedException",
                                       "The conditional request failed", 400)
    assert ddb.get_item(TableName=table_s, Key=k)["Item"]["v"] == {"N": "1"}


def test_condition_failure_can_return_the_old_item(ddb, table_s):
    k = key()
    ddb.put_item(TableName=table_s, Item=dict(k, v={"N": "1"}))
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as failure:
        ddb.delete_item(TableName=table_s, Key=k, ConditionExpression="v = :two",
                        ExpressionAttributeValues={":two": {"N": "2"}},
                        ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert failure.value.response["Item"] == dict(k, v={"N": "1"})
    assert "Item" in ddb.get_item(TableName=table_s, Key=k)


@pytest.mark.parametrize("condition, holds", [
    ("n > :one", True),
    ("n BETWEEN :one AND :two", True),
    ("n IN (:one, :two)", False),
    ("s <> :one", True),
    ("s < :one", False),
    ("begins_with(s, :ab)", True),
    ("contains(tags, :x)", True),
    ("size(l) = :two", True),
    ("attribute_type(n, :ntype)", True),
    ("attribute_exists(m.nested.deep) AND l[1] = :q", True),
    ("NOT attribute_exists(absent) AND (n < :one OR #s = :on)", True),
])
def test_condition_operators_and_functions(ddb, table_s, condition, holds):
    k = key()
    ddb.put_item(TableName=table_s, Item=dict(k, n={"N": "1.5"}, s={"S": "abc"},
                                             tags={"SS": ["x", "y"]}, status={"S": "on"},
                                             l={"L": [{"S": "p"}, {"S": "q"}]},
                                             m={"M": {"nested": {"M": {"deep": {"N": "3"}}}}}))
    values = {":one": {"N": "1"}, ":two": {"N": "2"}, ":ab": {"S": "ab"}, ":x": {"S": "x"},
              ":ntype": {"S": "N"}, ":q": {"S": "q"}, ":on": {"S": "on"}}
    used = {name: v for name, v in values.items() if re.search(re.escape(name) + r"\b", condition)}
    extra = {"ExpressionAttributeNames": {"#s": "status"}} if "#s" in condition else {}
    call = dict(TableName=table_s, Key=k, ConditionExpression=condition,
                UpdateExpression="SET touched = :one", ExpressionAttributeValues=dict(
                    used, **{":one": {"N": "1"}}), **extra)
    if holds:
        ddb.update_item(**call)
        assert "touched" in ddb.get_item(TableName=table_s, Key=k)["Item"]
    else:
        assert error_of(ddb.update_item, **call)[0] == "ConditionalCheckFailedException"


def test_update_item_upserts_and_returns_values(ddb, table_s):
    k = key()
    created = ddb.update_item(TableName=table_s, Key=k,
                              UpdateExpression="SET n = :one, l = :l ADD c :one, tags :ss",
                              ExpressionAttributeValues={":one": {"N": "1"},
                                                         ":l": {"L": [{"S": "a"}]},
                                                         ":ss": {"SS": ["x", "y"]}},
                              ReturnValues="ALL_NEW")["Attributes"]
    assert created == dict(k, n={"N": "1"}, l={"L": [{"S": "a"}]}, c={"N": "1"},
                           tags={"SS": ["x", "y"]})
    updated = ddb.update_item(
        TableName=table_s, Key=k,
        UpdateExpression="SET n = n + :half, l = list_append(l, :l), d = if_not_exists(d, :one) "
                         "REMOVE c DELETE tags :x",
        ExpressionAttributeValues={":half": {"N": "0.5"}, ":l": {"L": [{"S": "b"}]},
                                   ":one": {"N": "1"}, ":x": {"SS": ["x"]}},
        ReturnValues="UPDATED_NEW")["Attributes"]
    assert updated == {"n": {"N": "1.5"}, "l": {"L": [{"S": "a"}, {"S": "b"}]}, "d": {"N": "1"},
                       "tags": {"SS": ["y"]}}
    old = ddb.update_item(TableName=table_s, Key=k, UpdateExpression="SET n = :one",
                          ExpressionAttributeValues={":one": {"N": "1"}},
                          ReturnValues="UPDATED_OLD")["Attributes"]
    assert old == {"n": {"N": "1.5"}}


def test_update_item_with_the_resource_api(server, table_s):
    table = server.resource().Table(table_s)
    table.update_item(Key={"pk": "resource-update"}, UpdateExpression="ADD visits :one",
                      ExpressionAttributeValues={":one": 1})
    table.update_item(Key={"pk": "resource-update"}, UpdateExpression="ADD visits :one",
                      ExpressionAttributeValues={":one": 1})
    assert table.get_item(Key={"pk": "resource-update"})["Item"]["visits"] == 2


def test_projection_expression(ddb, table_s):
    k = key()
    ddb.put_item(TableName=table_s, Item=dict(k, a={"S": "1"}, b={"S": "2"},
                                             m={"M": {"x": {"N": "1"}, "y": {"N": "2"}}}))
    item = ddb.get_item(TableName=table_s, Key=k, ProjectionExpression="a, m.y, #n",
                        ExpressionAttributeNames={"#n": "nothing"})["Item"]
    assert item == {"a": {"S": "1"}, "m": {"M": {"y": {"N": "2"}}}}


@pytest.mark.parametrize("kwargs, message", [
    (dict(ConditionExpression="status = :v", ExpressionAttributeValues={":v": {"N": "1"}}),
     "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
     "status"),
    (dict(ConditionExpression="a = :v", ExpressionAttributeValues={":v": {"N": "1"},
                                                                   ":w": {"N": "1"}}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
    (dict(ConditionExpression="a = :nope", ExpressionAttributeValues={":v": {"N": "1"}}),
     "Invalid ConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :nope"),
    (dict(ConditionExpression=""), "Invalid ConditionExpression: The expression can not be "
                                   "empty;"),
    (dict(ExpressionAttributeValues={":v": {"N": "1"}}),
     "ExpressionAttributeValues can only be specified when using expressions: "
     "ConditionExpression is null"),
])
def test_invalid_expressions_change_nothing(ddb, table_s, kwargs, message):
    k = key()
    code, got, status = error_of(ddb.put_item, TableName=table_s, Item=k, **kwargs)
    assert (code, status, got) == ("ValidationException", 400, message)
    assert "Item" not in ddb.get_item(TableName=table_s, Key=k)


def test_update_errors(ddb, table_sn):
    k = {"pk": {"S": unique_name()}, "sk": {"N": "1"}}
    code, message, _ = error_of(ddb.update_item, TableName=table_sn, Key=k,
                                UpdateExpression="SET sk = :v",
                                ExpressionAttributeValues={":v": {"N": "2"}})
    assert (code, message) == ("ValidationException", "One or more parameter values were "
                               "invalid: Cannot update attribute sk. This attribute is part of "
                               "the key")
    code, message, _ = error_of(ddb.update_item, TableName=table_sn, Key=k,
                                UpdateExpression="SET a = :v, a.b = :v",
                                ExpressionAttributeValues={":v": {"N": "2"}})
    assert message == ("Invalid UpdateExpression: Two document paths overlap with each other; "
                       "must remove or rewrite one of these paths; path one: [a], path two: "
                       "[a, b]")
    assert "Item" not in ddb.get_item(TableName=table_sn, Key=k)


def test_expression_limits(ddb, table_s):
    k = key()
    padded = "attribute_not_exists(pk)" + " " * (4097 - len("attribute_not_exists(pk)"))
    code, message, _ = error_of(ddb.put_item, TableName=table_s, Item=k,
                                ConditionExpression=padded)
    assert (code, message) == ("ValidationException",
                               "Invalid ConditionExpression: Expression size has exceeded the "
                               "maximum allowed size; expression size: 4097")
    ddb.put_item(TableName=table_s, Item=k, ConditionExpression=padded[:4096])
    many = " AND ".join(["x = :v"] * 151)  # 151 comparisons + 150 ANDs
    code, message, _ = error_of(ddb.put_item, TableName=table_s, Item=k, ConditionExpression=many,
                                ExpressionAttributeValues={":v": {"N": "1"}})
    assert message == ("Invalid ConditionExpression: The expression contains too many "
                       "operators; operator count: 301")


@pytest.mark.parametrize("expression, message", [
    ("(" * 1500 + "a = :v" + ")" * 1500, "The expression has redundant parentheses;"),
    ("NOT " * 900 + "a = :v", "The expression contains too many operators; operator count: 301"),
    ("size(" * 600 + "a" + ")" * 600 + " = :v", None),
])
def test_deep_nesting_is_refused_without_harm(ddb, table_s, expression, message):
    # Within the 4 KB limit; nesting this deep once overflowed the parser's stack.
    with pytest.raises(ClientError) as raised:
        ddb.scan(TableName=table_s, FilterExpression=expression,
                 ExpressionAttributeValues={":v": {"S": "x"}})
    error = raised.value.response["Error"]
    assert error["Code"] == "ValidationException"
    if message:
        assert error["Message"] == "Invalid FilterExpression: " + message
    assert ddb.describe_table(TableName=table_s)["Table"]["TableStatus"] == "ACTIVE"

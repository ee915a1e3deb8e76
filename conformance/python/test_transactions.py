"""TransactWriteItems and TransactGetItems: all-or-nothing writes across tables, the
cancellation reasons in request order, idempotent retries under a ClientRequestToken,
transactional (2x) consumed capacity, and the validation errors with DynamoDB's messages."""
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import EXTERNAL, create_table, error_of, unique_name


def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def item_of(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def cancelled(call, **kwargs):
    """Runs a call that must be cancelled; returns (message, CancellationReasons)."""
    with pytest.raises(ClientError) as failure:
        call(**kwargs)
    e = failure.value.response
    assert e["Error"]["Code"] == "TransactionCanceledException"
    assert e["ResponseMetadata"]["HTTPStatusCode"] == 400
    return e["Error"]["Message"], e.get("CancellationReasons")


def capacity(response):
    """ConsumedCapacity as {table: entry}: its order across tables is not fixed."""
    return {c.pop("TableName"): c for c in response["ConsumedCapacity"]}


def reason_message(codes):
    return ("Transaction cancelled, please refer cancellation reasons for specific reasons ["
            + ", ".join(codes) + "]")


CONDITION_FAILED = "The conditional request failed"


def put(table, item, **extra):
    return {"Put": {"TableName": table, "Item": item, **extra}}


def update(table, key, expression, values=None, **extra):
    action = {"TableName": table, "Key": key, "UpdateExpression": expression, **extra}
    if values:
        action["ExpressionAttributeValues"] = values
    return {"Update": action}


def delete(table, key, **extra):
    return {"Delete": {"TableName": table, "Key": key, **extra}}


def check(table, key, condition, **extra):
    return {"ConditionCheck": {"TableName": table, "Key": key, "ConditionExpression": condition,
                               **extra}}


def get(table, key, **extra):
    return {"Get": {"TableName": table, "Key": key, **extra}}


@pytest.fixture
def p():
    return unique_name("tx")


@pytest.fixture(scope="module")
def indexed(ddb):
    """pk S with a global index on g (projecting ALL)."""
    return create_table(ddb, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "g", "AttributeType": "S"}], GlobalSecondaryIndexes=[
        {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}}])


# ---- TransactWriteItems: success and cancellation ------------------------------------

def test_write_applies_put_update_delete_and_check_across_two_tables(ddb, table_s, table_sn, p):
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-old"), "v": N(1)})
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-guard"), "v": N(1)})
    got = ddb.transact_write_items(TransactItems=[
        put(table_s, {"pk": S(p + "-new"), "v": N(2)}, ConditionExpression="attribute_not_exists(pk)"),
        update(table_sn, {"pk": S(p), "sk": N(1)}, "SET v = :v", {":v": S("u")}),
        delete(table_s, {"pk": S(p + "-old")}, ConditionExpression="v = :one",
               ExpressionAttributeValues={":one": N(1)}),
        check(table_s, {"pk": S(p + "-guard")}, "attribute_exists(pk)")])
    assert set(got) == {"ResponseMetadata"}  # no ConsumedCapacity, no ItemCollectionMetrics
    assert item_of(ddb, table_s, {"pk": S(p + "-new")}) == {"pk": S(p + "-new"), "v": N(2)}
    assert item_of(ddb, table_sn, {"pk": S(p), "sk": N(1)}) == {"pk": S(p), "sk": N(1), "v": S("u")}
    assert item_of(ddb, table_s, {"pk": S(p + "-old")}) is None
    assert item_of(ddb, table_s, {"pk": S(p + "-guard")}) == {"pk": S(p + "-guard"), "v": N(1)}


def test_failed_condition_check_cancels_every_action(ddb, table_s, table_sn, indexed, p):
    ddb.put_item(TableName=table_s, Item={"pk": S(p), "v": N(1)})
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        put(indexed, {"pk": S(p), "g": S(p + "-g")}),
        update(table_sn, {"pk": S(p), "sk": N(1)}, "SET v = :v", {":v": S("u")}),
        delete(table_s, {"pk": S(p)}),
        check(table_s, {"pk": S(p + "-absent")}, "attribute_exists(pk)")])
    assert message == reason_message(["None", "None", "None", "ConditionalCheckFailed"])
    assert [r["Code"] for r in reasons] == ["None", "None", "None", "ConditionalCheckFailed"]
    assert reasons[:3] == [{"Code": "None"}] * 3  # no Message, no Item
    assert set(reasons[3]) == {"Code", "Message"}
    # Nothing was written, not even to the index.
    assert item_of(ddb, indexed, {"pk": S(p)}) is None
    assert item_of(ddb, table_sn, {"pk": S(p), "sk": N(1)}) is None
    assert item_of(ddb, table_s, {"pk": S(p)}) == {"pk": S(p), "v": N(1)}
    assert ddb.query(TableName=indexed, IndexName="by-g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": S(p + "-g")})["Count"] == 0


def test_successful_transaction_maintains_the_index(ddb, indexed, p):
    ddb.transact_write_items(TransactItems=[put(indexed, {"pk": S(p), "g": S(p + "-g")})])
    got = ddb.query(TableName=indexed, IndexName="by-g", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": S(p + "-g")})
    assert got["Items"] == [{"pk": S(p), "g": S(p + "-g")}]


def test_cancellation_reasons_follow_request_order_and_return_old_items(ddb, table_s, p):
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-a"), "v": N(1)})
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-b"), "v": N(2)})
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(p + "-a")}, ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"),
        put(table_s, {"pk": S(p + "-c")}),
        delete(table_s, {"pk": S(p + "-b")}, ConditionExpression="v = :x",
               ExpressionAttributeValues={":x": N(9)}),
        # ALL_OLD on a missing item: the reason carries no Item at all.
        update(table_s, {"pk": S(p + "-none")}, "SET v = :v", {":v": N(1)},
               ConditionExpression="attribute_exists(pk)",
               ReturnValuesOnConditionCheckFailure="ALL_OLD")])
    codes = ["ConditionalCheckFailed", "None", "ConditionalCheckFailed", "ConditionalCheckFailed"]
    assert message == reason_message(codes)
    assert reasons == [
        {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED,
         "Item": {"pk": S(p + "-a"), "v": N(1)}},
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED},
        {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}]
    assert item_of(ddb, table_s, {"pk": S(p + "-c")}) is None
    assert item_of(ddb, table_s, {"pk": S(p + "-b")}) == {"pk": S(p + "-b"), "v": N(2)}


def test_condition_check_reason_returns_the_old_item(ddb, table_s, p):
    ddb.put_item(TableName=table_s, Item={"pk": S(p), "v": N(1)})
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        check(table_s, {"pk": S(p)}, "attribute_not_exists(pk)",
              ReturnValuesOnConditionCheckFailure="ALL_OLD"),
        check(table_s, {"pk": S(p + "-x")}, "attribute_exists(pk)",
              ReturnValuesOnConditionCheckFailure="ALL_OLD")])
    assert message == reason_message(["ConditionalCheckFailed"] * 2)
    assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed"] * 2
    assert reasons[0]["Item"] == {"pk": S(p), "v": N(1)}
    assert "Item" not in reasons[1]


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local ends a ConditionCheck's reason with '.'")
def test_condition_check_reason_message(ddb, table_s, p):
    # Local: "The conditional request failed." (Put, Update and Delete reasons have no dot)
    _, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        check(table_s, {"pk": S(p)}, "attribute_exists(pk)")])
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}]


def test_key_mismatch_is_a_validation_error_reason(ddb, table_s, p):
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(p)}),
        delete(table_s, {"pk": N(5)})])
    assert message == reason_message(["None", "ValidationError"])
    assert [r["Code"] for r in reasons] == ["None", "ValidationError"]
    assert item_of(ddb, table_s, {"pk": S(p)}) is None


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("action, text", [
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    (lambda t: put(t, {"pk": N(5)}),
     "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"),
    # Local: "One or more parameter values were invalid: Type mismatch for key"
    (lambda t: delete(t, {"pk": N(5)}), "The provided key element does not match the schema"),
    (lambda t: check(t, {"pk": N(5)}, "attribute_exists(pk)"),
     "The provided key element does not match the schema"),
])
def test_key_mismatch_reason_messages(ddb, table_s, action, text):
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[action(table_s)])
    assert (message, reasons) == (reason_message(["ValidationError"]),
                                  [{"Code": "ValidationError", "Message": text}])


def test_updating_a_key_attribute_is_a_validation_error_reason(ddb, table_s, p):
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        update(table_s, {"pk": S(p)}, "SET pk = :v", {":v": S("z")})])
    assert message == reason_message(["ValidationError"])
    assert reasons == [{"Code": "ValidationError", "Message": "One or more parameter values were "
                        "invalid: Cannot update attribute pk. This attribute is part of the key"}]


@pytest.mark.parametrize("expression, values, text", [
    ("SET n = n + :one", {":one": N(1)},
     "An operand in the update expression has an incorrect data type"),
    ("SET absent = absent + :one", {":one": N(1)},
     "The provided expression refers to an attribute that does not exist in the item"),
    ("SET n.deeper = :one", {":one": N(1)},
     "The document path provided in the update expression is invalid for update"),
    ("SET big = :big", {":big": S("x" * (400 * 1024))},
     "Item size to update has exceeded the maximum allowed size"),
])
def test_an_update_that_cannot_be_applied_is_a_validation_error_reason(ddb, table_s, p,
                                                                      expression, values, text):
    ddb.put_item(TableName=table_s, Item={"pk": S(p), "n": S("not a number")})
    message, reasons = cancelled(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(p + "-other")}),
        update(table_s, {"pk": S(p)}, expression, values)])
    assert message == reason_message(["None", "ValidationError"])
    assert reasons == [{"Code": "None"}, {"Code": "ValidationError", "Message": text}]
    assert item_of(ddb, table_s, {"pk": S(p + "-other")}) is None
    assert item_of(ddb, table_s, {"pk": S(p)}) == {"pk": S(p), "n": S("not a number")}


# ---- TransactWriteItems: refused requests --------------------------------------------

WRITE_ERRORS = [
    (lambda t, p: [put(t, {"pk": S(p)}), delete(t, {"pk": S(p)})],
     "Transaction request cannot include multiple operations on one item"),
    (lambda t, p: [check(t, {"pk": S(p)}, "attribute_not_exists(pk)"),
                   update(t, {"pk": S(p)}, "SET v = :v", {":v": N(1)})],
     "Transaction request cannot include multiple operations on one item"),
    (lambda t, p: [{}], "Invalid Request: TransactWriteRequest should contain Delete or Put or "
                        "Update request"),
    (lambda t, p: [{**put(t, {"pk": S(p)}), **delete(t, {"pk": S(p)})}],
     "TransactItems can only contain one of Check, Put, Update or Delete"),
    (lambda t, p: [update(t, {"pk": S(p)}, "SET")],
     'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'),
    (lambda t, p: [check(t, {"pk": S(p)}, "attribute_exists(")],
     'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'),
    (lambda t, p: [check(t, {"pk": S(p)}, "attribute_exists(pk)",
                         ExpressionAttributeValues={":u": S("1")})],
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
]


@pytest.mark.parametrize("items, text", WRITE_ERRORS)
def test_write_validation_errors(ddb, table_s, p, items, text):
    assert error_of(ddb.transact_write_items, TransactItems=items(table_s, p)) == \
        ("ValidationException", text, 400)
    assert item_of(ddb, table_s, {"pk": S(p)}) is None


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("extra, text", [
    # Local: "Value [] at 'transactItems' failed to satisfy constraint: Member must have
    # length greater than or equal to 1"
    ({"TransactItems": []}, "1 validation error detected: Value '[]' at 'transactItems' failed "
                            "to satisfy constraint: Member must have length greater than or equal to 1"),
    # Local: accepted, answering ConsumedCapacity []
    ({"ReturnConsumedCapacity": "FOO"}, "1 validation error detected: Value 'FOO' at "
     "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
     "[INDEXES, TOTAL, NONE]"),
    # Local: "Value xxx... at 'clientRequestToken' ..." (no quotes, no count)
    ({"ClientRequestToken": "x" * 37}, "1 validation error detected: Value '" + "x" * 37 +
     "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than "
     "or equal to 36"),
])
def test_write_request_member_errors(ddb, table_s, p, extra, text):
    args = {"TransactItems": [put(table_s, {"pk": S(p)})], **extra}
    assert error_of(ddb.transact_write_items, **args) == ("ValidationException", text, 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local accepts it")
def test_write_bad_return_values_on_condition_check_failure(ddb, table_s, p):
    assert error_of(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(p)}, ReturnValuesOnConditionCheckFailure="ALL_NEW")]) == (
        "ValidationException", "1 validation error detected: Value 'ALL_NEW' at "
        "'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy "
        "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]", 400)
    assert item_of(ddb, table_s, {"pk": S(p)}) is None


def test_condition_check_needs_a_condition_expression(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_write_items, TransactItems=[
        {"ConditionCheck": {"TableName": table_s, "Key": {"pk": S(p)}}}])
    assert (code, status) == ("ValidationException", 400)
    # Local leaves out the leading "1 validation error detected: ".
    assert message.endswith("Value null at 'transactItems.1.member.conditionCheck."
                            "conditionExpression' failed to satisfy constraint: Member must not be null")


def test_more_than_100_write_actions(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(f"{p}-{i}")}) for i in range(101)])
    assert (code, status) == ("ValidationException", 400)
    assert message.endswith("Member must have length less than or equal to 100")
    if not EXTERNAL:  # Local: just "Member must have length less than or equal to 100"
        assert message.startswith("1 validation error detected: Value '[TransactWriteItem(")
    assert item_of(ddb, table_s, {"pk": S(f"{p}-0")}) is None


def test_100_write_actions_are_accepted(ddb, table_s, p):
    ddb.transact_write_items(TransactItems=[put(table_s, {"pk": S(f"{p}-{i}")}) for i in range(100)])
    assert item_of(ddb, table_s, {"pk": S(f"{p}-99")}) == {"pk": S(f"{p}-99")}


def test_write_to_a_missing_table_is_resource_not_found(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(p)}), put(unique_name("missing"), {"pk": S(p)})])
    assert (code, status) == ("ResourceNotFoundException", 400)
    if not EXTERNAL:  # Local: "Cannot do operations on a non-existent table"
        assert message == "Requested resource not found"
    assert item_of(ddb, table_s, {"pk": S(p)}) is None


# ---- ClientRequestToken ----------------------------------------------------------------

def test_same_token_and_request_replays_without_writing_again(ddb, table_s, p):
    token = str(uuid.uuid4())
    items = [update(table_s, {"pk": S(p)}, "ADD n :one", {":one": N(1)})]
    first = ddb.transact_write_items(TransactItems=items, ClientRequestToken=token,
                                     ReturnConsumedCapacity="TOTAL")
    again = ddb.transact_write_items(TransactItems=items, ClientRequestToken=token,
                                     ReturnConsumedCapacity="TOTAL")
    assert capacity(first) == capacity(again) == {table_s: {"CapacityUnits": 2.0}}
    # The capacity mode is not part of the request's identity.
    assert set(ddb.transact_write_items(TransactItems=items, ClientRequestToken=token)) == \
        {"ResponseMetadata"}
    assert item_of(ddb, table_s, {"pk": S(p)}) == {"pk": S(p), "n": N(1)}


def test_same_token_and_another_request_is_a_mismatch(ddb, table_s, p):
    token = str(uuid.uuid4())
    ddb.transact_write_items(ClientRequestToken=token, TransactItems=[
        update(table_s, {"pk": S(p)}, "ADD n :one", {":one": N(1)})])
    code, _, status = error_of(ddb.transact_write_items, ClientRequestToken=token, TransactItems=[
        update(table_s, {"pk": S(p)}, "ADD n :one", {":one": N(2)})])
    # The message is not asserted: Local sends an empty one.
    assert (code, status) == ("IdempotentParameterMismatchException", 400)
    assert item_of(ddb, table_s, {"pk": S(p)}) == {"pk": S(p), "n": N(1)}


# ---- TransactWriteItems: consumed capacity ---------------------------------------------

def test_write_capacity_is_twice_the_item_write_units_per_table(ddb, table_s, table_sn, p):
    got = ddb.transact_write_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
        put(table_s, {"pk": S(p), "d": S("x" * 1500)}),  # 2 KB -> 2 x 2
        put(table_sn, {"pk": S(p), "sk": N(1)})])          # 1 KB -> 2 x 1
    assert capacity(got) == {table_s: {"CapacityUnits": 4.0}, table_sn: {"CapacityUnits": 2.0}}


@pytest.mark.parametrize("action", [
    lambda t, p: check(t, {"pk": S(p)}, "attribute_exists(pk)"),
    lambda t, p: delete(t, {"pk": S(p)}),
    lambda t, p: update(t, {"pk": S(p)}, "SET v = :v", {":v": N(2)}),
])
def test_check_delete_and_update_cost_two_units(ddb, table_s, p, action):
    ddb.put_item(TableName=table_s, Item={"pk": S(p), "v": N(1)})
    got = ddb.transact_write_items(ReturnConsumedCapacity="TOTAL", TransactItems=[action(table_s, p)])
    assert capacity(got) == {table_s: {"CapacityUnits": 2.0}}


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local does not add up actions on one table")
def test_write_capacity_adds_up_the_actions_on_one_table(ddb, table_s, p):
    # Local: 2.0 for two 1 KB puts (and 6.0 for a 2 KB put with a check)
    ddb.put_item(TableName=table_s, Item={"pk": S(p + "-c")})
    got = ddb.transact_write_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
        put(table_s, {"pk": S(p + "-a")}), put(table_s, {"pk": S(p + "-b")}),
        check(table_s, {"pk": S(p + "-c")}, "attribute_exists(pk)")])
    assert capacity(got) == {table_s: {"CapacityUnits": 6.0}}


def test_write_capacity_indexes_without_an_index_and_none(ddb, table_s, p):
    got = ddb.transact_write_items(ReturnConsumedCapacity="INDEXES",
                                   TransactItems=[put(table_s, {"pk": S(p)})])
    assert capacity(got) == {table_s: {"CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}}
    got = ddb.transact_write_items(ReturnConsumedCapacity="NONE",
                                   TransactItems=[put(table_s, {"pk": S(p + "-n")})])
    assert set(got) == {"ResponseMetadata"}


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local charges the index 2 units too")
def test_write_capacity_charges_the_index_a_single_write(ddb, indexed, p):
    # Local: CapacityUnits 4.0 with the index at 2.0
    got = ddb.transact_write_items(ReturnConsumedCapacity="INDEXES",
                                   TransactItems=[put(indexed, {"pk": S(p), "g": S("G")})])
    assert capacity(got) == {indexed: {"CapacityUnits": 3.0, "Table": {"CapacityUnits": 2.0},
                                       "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 1.0}}}}


# ---- TransactGetItems ------------------------------------------------------------------

@pytest.fixture
def stored(ddb, table_s, table_sn, p):
    a = {"pk": S(p), "v": N(1), "w": S("w")}
    b = {"pk": S(p), "sk": N(1), "v": S("b")}
    big = {"pk": S(p + "-big"), "d": S("x" * 1500)}
    for table, item in ((table_s, a), (table_sn, b), (table_s, big)):
        ddb.put_item(TableName=table, Item=item)
    return a, b


def test_get_answers_in_request_order_with_empty_objects_for_missing_items(
        ddb, table_s, table_sn, p, stored):
    a, b = stored
    got = ddb.transact_get_items(TransactItems=[
        get(table_sn, {"pk": S(p), "sk": N(1)}),
        get(table_s, {"pk": S(p + "-absent")}),
        get(table_s, {"pk": S(p)})])
    assert set(got) == {"Responses", "ResponseMetadata"}
    assert got["Responses"] == [{"Item": b}, {}, {"Item": a}]
    got = ddb.transact_get_items(TransactItems=[get(table_s, {"pk": S(p + "-absent")})])
    assert set(got) == {"Responses", "ResponseMetadata"} and got["Responses"] == [{}]


def test_get_projection(ddb, table_s, table_sn, p, stored):
    got = ddb.transact_get_items(TransactItems=[
        get(table_s, {"pk": S(p)}, ProjectionExpression="#v, pk",
            ExpressionAttributeNames={"#v": "v"}),
        get(table_sn, {"pk": S(p), "sk": N(1)}, ProjectionExpression="v")])
    assert got["Responses"] == [{"Item": {"pk": S(p), "v": N(1)}}, {"Item": {"v": S("b")}}]


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local answers {'Item': {}}")
def test_get_projection_matching_nothing_leaves_out_item(ddb, table_s, p, stored):
    got = ddb.transact_get_items(TransactItems=[
        get(table_s, {"pk": S(p)}, ProjectionExpression="nothing")])
    assert got["Responses"] == [{}]


def test_get_capacity_is_two_read_units_per_item(ddb, table_s, table_sn, p, stored):
    got = ddb.transact_get_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
        get(table_s, {"pk": S(p)}),
        get(table_s, {"pk": S(p + "-big")}),     # 1.5 KB: still one 4 KB unit
        get(table_s, {"pk": S(p + "-absent")}),  # a missing item is charged too
        get(table_sn, {"pk": S(p), "sk": N(1)})])
    assert capacity(got) == {table_s: {"CapacityUnits": 6.0}, table_sn: {"CapacityUnits": 2.0}}
    got = ddb.transact_get_items(ReturnConsumedCapacity="INDEXES",
                                 TransactItems=[get(table_s, {"pk": S(p)})])
    assert capacity(got) == {table_s: {"CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}}


def test_get_of_the_same_item_twice_is_refused(ddb, table_s, p):
    assert error_of(ddb.transact_get_items, TransactItems=[
        get(table_s, {"pk": S(p)}), get(table_s, {"pk": S(p)})]) == (
        "ValidationException", "Transaction request cannot include multiple operations on one item",
        400)


def test_get_from_a_missing_table_is_resource_not_found(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_get_items, TransactItems=[
        get(table_s, {"pk": S(p)}), get(unique_name("missing"), {"pk": S(p)})])
    assert (code, status) == ("ResourceNotFoundException", 400)
    if not EXTERNAL:  # Local: "Cannot do operations on a non-existent table"
        assert message == "Requested resource not found"


def test_get_key_mismatch_cancels_the_transaction(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_get_items, TransactItems=[
        get(table_s, {"pk": S(p)}), get(table_s, {"pk": N(1)})])
    assert (code, status) == ("TransactionCanceledException", 400)
    if not EXTERNAL:  # Local: the bare key message, and no CancellationReasons
        assert message == reason_message(["None", "ValidationError"])


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local gives no CancellationReasons")
def test_get_key_mismatch_reasons(ddb, table_s, p):
    message, reasons = cancelled(ddb.transact_get_items, TransactItems=[
        get(table_s, {"pk": S(p)}), get(table_s, {"pk": N(1)})])
    assert reasons == [{"Code": "None"}, {"Code": "ValidationError",
                       "Message": "The provided key element does not match the schema"}]


def test_more_than_100_gets(ddb, table_s, p):
    code, message, status = error_of(ddb.transact_get_items, TransactItems=[
        get(table_s, {"pk": S(f"{p}-{i}")}) for i in range(101)])
    assert (code, status) == ("ValidationException", 400)
    assert message.endswith("Member must have length less than or equal to 100")
    if not EXTERNAL:  # Local: just "Member must have length less than or equal to 100"
        assert message.startswith("1 validation error detected: Value '[TransactGetItem(get=Get(")


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words these differently")
@pytest.mark.parametrize("args, text", [
    # Local: "Value null at 'transactItems' failed to satisfy constraint: Member must not be null"
    ({"TransactItems": []}, "1 validation error detected: Value '[]' at 'transactItems' failed "
                            "to satisfy constraint: Member must have length greater than or equal to 1"),
    # Local: accepted
    ({"TransactItems": [{"Get": {"TableName": "TABLE", "Key": {"pk": S("a")}}}],
      "ReturnConsumedCapacity": "FOO"}, "1 validation error detected: Value 'FOO' at "
     "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
     "[INDEXES, TOTAL, NONE]"),
])
def test_get_request_errors(ddb, table_s, args, text):
    for i in args["TransactItems"]:
        i["Get"]["TableName"] = table_s
    assert error_of(ddb.transact_get_items, **args) == ("ValidationException", text, 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
def test_a_transaction_over_4_mb_is_refused_and_writes_nothing(ddb, table_s, p):
    big = "x" * (390 * 1024)
    code, message, status = error_of(ddb.transact_write_items, TransactItems=[
        put(table_s, {"pk": S(f"{p}-{i}"), "v": S(big)}) for i in range(11)])
    assert (code, status, message) == (
        "ValidationException", 400, "Collection size of items exceeded, which can also be caused "
        "by the aggregate size of the items in the transaction exceeding the 4MB limit")
    assert item_of(ddb, table_s, {"pk": S(f"{p}-0")}) is None


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local does not limit reads")
def test_a_read_transaction_over_4_mb_is_refused(ddb, table_s, p):
    # The limit is documented; the message is the write transaction's (not verified).
    big = "x" * (390 * 1024)
    for i in range(11):
        ddb.put_item(TableName=table_s, Item={"pk": S(f"{p}-{i}"), "v": S(big)})
    keys = [get(table_s, {"pk": S(f"{p}-{i}")}) for i in range(11)]
    code, message, status = error_of(ddb.transact_get_items, TransactItems=keys)
    assert (code, status, message) == (
        "ValidationException", 400, "Collection size of items exceeded, which can also be caused "
        "by the aggregate size of the items in the transaction exceeding the 4MB limit")
    got = ddb.transact_get_items(TransactItems=keys[:10])
    assert len(got["Responses"]) == 10 and all("Item" in r for r in got["Responses"])

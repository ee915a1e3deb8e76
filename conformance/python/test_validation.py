"""Bad input: DynamoDB's error type, HTTP 400 and message text, and nothing
changed afterwards."""
import pytest

from conftest import create_table, error_of, unique_name

INVALID = "One or more parameter values were invalid: "


def put_error(ddb, table, item):
    return error_of(ddb.put_item, TableName=table, Item=item)


@pytest.mark.parametrize("value, message", [
    ({"SS": []}, INVALID + "An string set  may not be empty"),
    ({"NS": []}, INVALID + "An number set  may not be empty"),
    ({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains duplicates."),
    ({"N": "x"}, "A value provided cannot be converted into a number"),
    ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than "
                     "supported range"),
    ({"N": "1e-131"}, "Number underflow. Attempting to store a number with magnitude smaller "
                      "than supported range"),
    ({"N": "1" * 39}, "DynamoDB only supports precision up to 38 digits"),
    ({"NULL": False}, INVALID + "Null attribute value types must have the value of true"),
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported "
         "datatypes"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must "
                           "contain exactly one of the supported datatypes"),
])
def test_invalid_attribute_values(ddb, table_s, value, message):
    key = {"pk": {"S": unique_name("bad-value")}}
    code, got, status = put_error(ddb, table_s, dict(key, x=value))
    assert (code, status, got) == ("ValidationException", 400, message)
    assert "Item" not in ddb.get_item(TableName=table_s, Key=key)


def test_key_attribute_checks(ddb, table_sn):
    cases = [
        ({"pk": {"S": "a"}}, INVALID + "Missing the key sk in the item"),
        ({"pk": {"N": "1"}, "sk": {"N": "1"}},
         INVALID + "Type mismatch for key pk expected: S actual: N"),
        ({"pk": {"S": ""}, "sk": {"N": "1"}},
         "One or more parameter values are not valid. The AttributeValue for a key attribute "
         "cannot contain an empty string value. Key: pk"),
        ({"pk": {"S": "x" * 2049}, "sk": {"N": "1"}},
         INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"),
    ]
    for item, message in cases:
        code, got, status = put_error(ddb, table_sn, item)
        assert (code, status, got) == ("ValidationException", 400, message)


def test_sort_key_size_limit(ddb):
    name = create_table(ddb, range_type="S")
    code, message, _ = put_error(ddb, name, {"pk": {"S": "a"}, "sk": {"S": "x" * 1025}})
    assert code == "ValidationException"
    assert message == INVALID + ("Aggregated size of all range keys has exceeded the size "
                                 "limit of 1024 bytes")
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "x" * 1024}})


@pytest.mark.parametrize("key", [
    {"pk": {"S": "a"}},
    {"pk": {"S": "a"}, "sk": {"S": "1"}},
    {"pk": {"S": "a"}, "sk": {"N": "1"}, "extra": {"S": "1"}},
    {},
])
def test_key_that_does_not_match_the_schema(ddb, table_sn, key):
    for call in (ddb.get_item, ddb.delete_item):
        code, message, status = error_of(call, TableName=table_sn, Key=key)
        assert (code, status) == ("ValidationException", 400)
        assert message == "The provided key element does not match the schema"


def test_nesting_deeper_than_32_levels(ddb, table_s):
    value = {"S": "leaf"}
    for _ in range(31):
        value = {"M": {"m": value}}
    ddb.put_item(TableName=table_s, Item={"pk": {"S": "deep-ok"}, "d": value})
    code, message, _ = put_error(ddb, table_s, {"pk": {"S": "deep-bad"}, "d": {"M": {"m": value}}})
    assert code == "ValidationException"
    assert message.startswith("Nesting Levels have exceeded supported limits")


def test_missing_table_for_item_operations(ddb):
    for call, args in ((ddb.put_item, {"Item": {"pk": {"S": "a"}}}),
                       (ddb.get_item, {"Key": {"pk": {"S": "a"}}}),
                       (ddb.delete_item, {"Key": {"pk": {"S": "a"}}})):
        code, message, status = error_of(call, TableName="no-such-table", **args)
        assert (code, status, message) == ("ResourceNotFoundException", 400,
                                           "Requested resource not found")


def test_table_name_constraints(ddb):
    code, message, _ = error_of(ddb.get_item, TableName="bad table!",
                                Key={"pk": {"S": "a"}})
    assert code == "ValidationException"
    assert message == ("1 validation error detected: Value 'bad table!' at 'tableName' failed "
                       "to satisfy constraint: Member must satisfy regular expression pattern: "
                       "[a-zA-Z0-9_.-]+")
    code, message, _ = error_of(ddb.get_item, TableName="a" * 256, Key={"pk": {"S": "a"}})
    assert message == (f"1 validation error detected: Value '{'a' * 256}' at 'tableName' failed "
                       "to satisfy constraint: Member must have length less than or equal to 255")


def test_create_table_constraints(ddb):
    key = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    code, message, _ = error_of(ddb.create_table, TableName="ab", KeySchema=key,
                                AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST")
    assert message == ("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
                       "constraint: Member must have length greater than or equal to 3")
    name = unique_name()
    cases = [
        (dict(KeySchema=key, AttributeDefinitions=definitions),
         INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when "
                   "BillingMode is PROVISIONED"),
        (dict(KeySchema=key, AttributeDefinitions=[{"AttributeName": "other",
                                                    "AttributeType": "S"}],
              BillingMode="PAY_PER_REQUEST"),
         INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                   "Keys: [pk], AttributeDefinitions: [other]"),
        (dict(KeySchema=key, AttributeDefinitions=definitions + [
            {"AttributeName": "extra", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST"),
         INVALID + "Number of attributes in KeySchema does not exactly match number of "
                   "attributes defined in AttributeDefinitions"),
        (dict(KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}],
              AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST"),
         "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (dict(KeySchema=key, AttributeDefinitions=definitions,
              ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}),
         "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' "
         "failed to satisfy constraint: Member must have value greater than or equal to 1"),
    ]
    for args, expected in cases:
        code, got, status = error_of(ddb.create_table, TableName=name, **args)
        assert (code, status, got) == ("ValidationException", 400, expected)
    assert error_of(ddb.describe_table, TableName=name)[0] == "ResourceNotFoundException"


def test_list_tables_limit_range(ddb):
    for limit, constraint in ((0, "greater than or equal to 1"), (101, "less than or equal to 100")):
        code, message, _ = error_of(ddb.list_tables, Limit=limit)
        assert code == "ValidationException"
        assert message == (f"1 validation error detected: Value '{limit}' at 'limit' failed to "
                           f"satisfy constraint: Member must have value {constraint}")


def test_put_item_return_values_other_than_all_old_or_none(ddb, table_s):
    code, message, _ = error_of(ddb.put_item, TableName=table_s, Item={"pk": {"S": "rv"}},
                                ReturnValues="ALL_NEW")
    assert code == "ValidationException"
    assert "Item" not in ddb.get_item(TableName=table_s, Key={"pk": {"S": "rv"}})


def test_update_table_without_changes(ddb, table_s):
    code, _, status = error_of(ddb.update_table, TableName=table_s)
    assert (code, status) == ("ValidationException", 400)

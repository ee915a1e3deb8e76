"""The legacy parameters: Expected, ConditionalOperator, AttributeUpdates."""
from conftest import error_of, unique_name


def test_expected_exists_false_guards_creation(ddb, table_s):
    k = {"pk": {"S": unique_name("legacy")}}
    ddb.put_item(TableName=table_s, Item=k, Expected={"pk": {"Exists": False}})
    code, _, _ = error_of(ddb.put_item, TableName=table_s, Item=k,
                          Expected={"pk": {"Exists": False}})
    assert code == "ConditionalCheckFailedException"


def test_expected_comparison_operators_with_or(ddb, table_s):
    k = {"pk": {"S": unique_name("legacy")}}
    ddb.put_item(TableName=table_s, Item=dict(k, n={"N": "5"}, s={"S": "hello"}))
    ddb.delete_item(TableName=table_s, Key=k, ConditionalOperator="OR", Expected={
        "n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "10"}]},
        "s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "he"}]}})
    assert "Item" not in ddb.get_item(TableName=table_s, Key=k)


def test_expected_value_mismatch_fails(ddb, table_s):
    k = {"pk": {"S": unique_name("legacy")}}
    ddb.put_item(TableName=table_s, Item=dict(k, n={"N": "5"}))
    code, _, _ = error_of(ddb.put_item, TableName=table_s, Item=dict(k, n={"N": "6"}),
                          Expected={"n": {"Value": {"N": "4"}}})
    assert code == "ConditionalCheckFailedException"


def test_attribute_updates_put_add_delete(ddb, table_s):
    k = {"pk": {"S": unique_name("legacy")}}
    ddb.update_item(TableName=table_s, Key=k, AttributeUpdates={
        "a": {"Action": "PUT", "Value": {"S": "x"}},
        "n": {"Action": "ADD", "Value": {"N": "2"}},
        "tags": {"Action": "ADD", "Value": {"SS": ["p", "q"]}},
        "l": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}}})
    new = ddb.update_item(TableName=table_s, Key=k, ReturnValues="ALL_NEW", AttributeUpdates={
        "a": {"Action": "DELETE"},
        "n": {"Action": "ADD", "Value": {"N": "3"}},
        "tags": {"Action": "DELETE", "Value": {"SS": ["p"]}},
        "l": {"Action": "ADD", "Value": {"L": [{"N": "2"}]}}})["Attributes"]
    assert new == dict(k, n={"N": "5"}, tags={"SS": ["q"]}, l={"L": [{"N": "1"}, {"N": "2"}]})


def test_mixing_legacy_and_expressions_is_refused(ddb, table_s):
    k = {"pk": {"S": unique_name("legacy")}}
    code, message, _ = error_of(ddb.put_item, TableName=table_s, Item=k,
                                Expected={"pk": {"Exists": False}},
                                ConditionExpression="attribute_not_exists(pk)")
    assert code == "ValidationException"
    assert message == ("Can not use both expression and non-expression parameters in the same "
                       "request: Non-expression parameters: {Expected} Expression parameters: "
                       "{ConditionExpression}")

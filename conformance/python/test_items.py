"""PutItem, GetItem and DeleteItem: values, keys, return values, capacity."""
import decimal

from conftest import create_table


EVERY_TYPE = {
    "pk": {"S": "every-type"},
    "s": {"S": "héllo ✓"},
    "n": {"N": "-12.5"},
    "b": {"B": b"\x00\x01\xff"},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "z": {"NULL": True},
    "m": {"M": {"inner": {"L": [{"N": "1"}, {"S": ""}, {"M": {}}]}}},
    "l": {"L": []},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [b"x", b"\x00"]},
}


def sets_as_sorted(item):
    out = {}
    for k, v in item.items():
        (t, x), = v.items()
        out[k] = {t: sorted(x)} if t in ("SS", "NS", "BS") else v
    return out


def test_every_attribute_type_round_trips(ddb, table_s):
    ddb.put_item(TableName=table_s, Item=EVERY_TYPE)
    item = ddb.get_item(TableName=table_s, Key={"pk": {"S": "every-type"}},
                        ConsistentRead=True)["Item"]
    assert sets_as_sorted(item) == sets_as_sorted(EVERY_TYPE)


def test_numbers_come_back_normalized(ddb, table_s):
    cases = {"1.50": "1.5", "1E+3": "1000", "-0": "0", "0.000": "0", "+7": "7",
             "5e-3": "0.005", "00120": "120", "1.0e2": "100"}
    for i, (given, expected) in enumerate(cases.items()):
        key = {"pk": {"S": f"num-{i}"}}
        ddb.put_item(TableName=table_s, Item=dict(key, n={"N": given}))
        assert ddb.get_item(TableName=table_s, Key=key)["Item"]["n"] == {"N": expected}, given


def test_thirty_eight_digits_are_exact(ddb, table_s):
    digits = "12345678901234567890123456789012345678"
    values = [digits, "-" + digits, "0." + digits, "9.9999999999999999999999999999999999999E+125",
              "1E-130"]
    for i, value in enumerate(values):
        key = {"pk": {"S": f"exact-{i}"}}
        ddb.put_item(TableName=table_s, Item=dict(key, n={"N": value}))
        got = ddb.get_item(TableName=table_s, Key=key)["Item"]["n"]["N"]
        assert decimal.Decimal(got) == decimal.Decimal(value)


def test_numeric_keys_match_numerically(ddb, table_sn):
    ddb.put_item(TableName=table_sn, Item={"pk": {"S": "nk"}, "sk": {"N": "1.0"}, "v": {"S": "x"}})
    item = ddb.get_item(TableName=table_sn, Key={"pk": {"S": "nk"}, "sk": {"N": "1"}})["Item"]
    assert item["sk"] == {"N": "1"}
    assert item["v"] == {"S": "x"}


def test_binary_keys(ddb):
    name = create_table(ddb, hash_type="B")
    for key in (b"\x00", b"\x00\x00", b"\xff", b"a"):
        ddb.put_item(TableName=name, Item={"pk": {"B": key}, "v": {"B": key}})
    for key in (b"\x00", b"\x00\x00", b"\xff", b"a"):
        assert ddb.get_item(TableName=name, Key={"pk": {"B": key}})["Item"]["v"] == {"B": key}


def test_put_replaces_the_whole_item(ddb, table_s):
    key = {"pk": {"S": "replace"}}
    ddb.put_item(TableName=table_s, Item=dict(key, a={"S": "1"}, b={"S": "2"}))
    ddb.put_item(TableName=table_s, Item=dict(key, c={"S": "3"}))
    assert ddb.get_item(TableName=table_s, Key=key)["Item"] == dict(key, c={"S": "3"})


def test_return_values_all_old(ddb, table_s):
    key = {"pk": {"S": "all-old"}}
    first = ddb.put_item(TableName=table_s, Item=dict(key, v={"N": "1"}), ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    second = ddb.put_item(TableName=table_s, Item=dict(key, v={"N": "2"}), ReturnValues="ALL_OLD")
    assert second["Attributes"] == dict(key, v={"N": "1"})
    deleted = ddb.delete_item(TableName=table_s, Key=key, ReturnValues="ALL_OLD")
    assert deleted["Attributes"] == dict(key, v={"N": "2"})
    again = ddb.delete_item(TableName=table_s, Key=key, ReturnValues="ALL_OLD")
    assert "Attributes" not in again


def test_get_missing_item_returns_no_item(ddb, table_s):
    response = ddb.get_item(TableName=table_s, Key={"pk": {"S": "never-written"}})
    assert "Item" not in response


def test_attributes_to_get_projects_top_level_attributes(ddb, table_s):
    key = {"pk": {"S": "projected"}}
    ddb.put_item(TableName=table_s, Item=dict(key, a={"S": "1"}, b={"S": "2"}, c={"S": "3"}))
    item = ddb.get_item(TableName=table_s, Key=key, AttributesToGet=["a", "c", "missing"])["Item"]
    assert item == {"a": {"S": "1"}, "c": {"S": "3"}}


def test_item_of_400_kb_fits_and_one_byte_more_does_not(ddb, table_s):
    # Size = name lengths + value lengths: "pk" + "big-item" + "d" + payload.
    overhead = len("pk") + len("big-item") + len("d")
    payload = "x" * (400 * 1024 - overhead)
    ddb.put_item(TableName=table_s, Item={"pk": {"S": "big-item"}, "d": {"S": payload}})
    from conftest import error_of
    code, message, _ = error_of(ddb.put_item, TableName=table_s,
                                Item={"pk": {"S": "big-item"}, "d": {"S": payload + "x"}})
    assert code == "ValidationException"
    assert message == "Item size has exceeded the maximum allowed size"
    item = ddb.get_item(TableName=table_s, Key={"pk": {"S": "big-item"}})["Item"]
    assert len(item["d"]["S"]) == len(payload)


def test_an_update_past_400_kb_is_refused_with_its_own_message(ddb, table_s):
    from conftest import error_of
    key = {"pk": {"S": "big-update"}}
    ddb.put_item(TableName=table_s, Item=dict(key, d={"S": "x" * (300 * 1024)}))
    code, message, _ = error_of(ddb.update_item, TableName=table_s, Key=key,
                                UpdateExpression="SET e = :e",
                                ExpressionAttributeValues={":e": {"S": "y" * (200 * 1024)}})
    assert (code, message) == ("ValidationException",
                               "Item size to update has exceeded the maximum allowed size")
    assert "e" not in ddb.get_item(TableName=table_s, Key=key)["Item"]


def test_consumed_capacity(ddb, table_s):
    key = {"pk": {"S": "capacity"}}
    put = ddb.put_item(TableName=table_s, Item=dict(key, d={"S": "x" * 3000}),
                       ReturnConsumedCapacity="TOTAL")
    assert put["ConsumedCapacity"] == {"TableName": table_s, "CapacityUnits": 3.0}
    get = ddb.get_item(TableName=table_s, Key=key, ReturnConsumedCapacity="TOTAL")
    assert get["ConsumedCapacity"] == {"TableName": table_s, "CapacityUnits": 0.5}
    strong = ddb.get_item(TableName=table_s, Key=key, ConsistentRead=True,
                          ReturnConsumedCapacity="INDEXES")
    assert strong["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert strong["ConsumedCapacity"]["Table"] == {"CapacityUnits": 1.0}
    delete = ddb.delete_item(TableName=table_s, Key=key, ReturnConsumedCapacity="TOTAL")
    assert delete["ConsumedCapacity"]["CapacityUnits"] == 3.0
    assert "ConsumedCapacity" not in ddb.get_item(TableName=table_s, Key=key)


def test_resource_api_and_decimal_numbers(server, table_s):
    table = server.resource().Table(table_s)
    table.put_item(Item={"pk": "resource", "n": decimal.Decimal("3.14"), "tags": {"a", "b"},
                         "nested": {"list": [1, "two", None, True]}})
    item = table.get_item(Key={"pk": "resource"})["Item"]
    assert item["n"] == decimal.Decimal("3.14")
    assert item["tags"] == {"a", "b"}
    assert item["nested"] == {"list": [decimal.Decimal(1), "two", None, True]}


def test_item_collection_metrics_on_a_table_with_local_indexes(ddb):
    from conftest import create_table
    name = create_table(ddb, range_type="S",
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "S"},
                                              {"AttributeName": "l", "AttributeType": "S"}],
                        LocalSecondaryIndexes=[{
                            "IndexName": "by-l",
                            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                          {"AttributeName": "l", "KeyType": "RANGE"}],
                            "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    item = {"pk": {"S": "icm"}, "sk": {"S": "a"}, "l": {"S": "x"}}
    put = ddb.put_item(TableName=name, Item=item, ReturnItemCollectionMetrics="SIZE")
    metrics = put["ItemCollectionMetrics"]
    assert metrics["ItemCollectionKey"] == {"pk": {"S": "icm"}}
    assert len(metrics["SizeEstimateRangeGB"]) == 2
    deleted = ddb.delete_item(TableName=name, Key={"pk": {"S": "icm"}, "sk": {"S": "a"}},
                              ReturnItemCollectionMetrics="SIZE")
    assert deleted["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": {"S": "icm"}}


def test_no_item_collection_metrics_without_local_indexes(ddb, table_s):
    put = ddb.put_item(TableName=table_s, Item={"pk": {"S": "no-icm"}},
                       ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in put

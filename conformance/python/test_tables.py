"""CreateTable, DescribeTable, ListTables, DeleteTable and UpdateTable."""
import datetime

from conftest import create_table, error_of, unique_name


def test_create_table_describes_every_declared_setting(ddb):
    name = unique_name()
    response = ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "B"},
                              {"AttributeName": "l", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{"IndexName": "by-g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "by-l",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "INCLUDE",
                                               "NonKeyAttributes": ["x"]}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        TableClass="STANDARD_INFREQUENT_ACCESS",
        DeletionProtectionEnabled=False,
        Tags=[{"Key": "team", "Value": "cruddur"}])
    created = response["TableDescription"]
    described = ddb.describe_table(TableName=name)["Table"]
    for d in (created, described):
        assert d["TableName"] == name
        assert d["TableStatus"] == "ACTIVE"
        assert d["TableArn"].startswith("arn:aws:dynamodb:us-east-1:")
        assert d["TableArn"].endswith(":table/" + name)
        assert len(d["TableId"]) == 36
        assert isinstance(d["CreationDateTime"], datetime.datetime)
        assert d["ItemCount"] == 0 and d["TableSizeBytes"] == 0
        assert d["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                  {"AttributeName": "sk", "KeyType": "RANGE"}]
        assert {a["AttributeName"]: a["AttributeType"] for a in d["AttributeDefinitions"]} == \
            {"pk": "S", "sk": "N", "g": "B", "l": "S"}
        assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
        gsi = d["GlobalSecondaryIndexes"][0]
        assert gsi["IndexName"] == "by-g" and gsi["IndexStatus"] == "ACTIVE"
        assert gsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}
        assert gsi["IndexArn"] == d["TableArn"] + "/index/by-g"
        lsi = d["LocalSecondaryIndexes"][0]
        assert lsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}
        assert d["StreamSpecification"] == {"StreamEnabled": True,
                                            "StreamViewType": "NEW_AND_OLD_IMAGES"}
        assert d["LatestStreamArn"] == d["TableArn"] + "/stream/" + d["LatestStreamLabel"]
        assert d["SSEDescription"]["Status"] == "ENABLED"
        assert d["SSEDescription"]["SSEType"] == "KMS"
        assert d["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
        assert d["DeletionProtectionEnabled"] is False


def test_provisioned_table_reports_its_throughput(ddb):
    name = unique_name()
    ddb.create_table(TableName=name,
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7})
    d = ddb.describe_table(TableName=name)["Table"]
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert d["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert d["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0


def test_describe_counts_items_and_bytes(ddb):
    name = create_table(ddb)
    for i in range(3):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}, "v": {"S": "x" * 10}})
    d = ddb.describe_table(TableName=name)["Table"]
    assert d["ItemCount"] == 3
    assert d["TableSizeBytes"] > 0


def test_describe_accepts_the_table_arn(ddb):
    name = create_table(ddb)
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    assert ddb.describe_table(TableName=arn)["Table"]["TableName"] == name


def test_create_existing_table_is_resource_in_use(ddb, table_s):
    code, message, status = error_of(
        ddb.create_table, TableName=table_s,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    assert (code, status) == ("ResourceInUseException", 400)
    assert table_s in message


def test_describe_missing_table_is_resource_not_found(ddb):
    code, message, status = error_of(ddb.describe_table, TableName="no-such-table")
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert message == "Requested resource not found: Table: no-such-table not found"


def test_list_tables_paginates_in_name_order(start_server):
    client = start_server("-inMemory").client()
    names = [f"list-{i:02d}" for i in range(7)]
    for name in reversed(names):
        create_table(client, name)
    first = client.list_tables(Limit=3)
    assert first["TableNames"] == names[:3]
    assert first["LastEvaluatedTableName"] == names[2]
    second = client.list_tables(Limit=3, ExclusiveStartTableName=names[2])
    assert second["TableNames"] == names[3:6]
    last = client.list_tables(Limit=3, ExclusiveStartTableName=names[5])
    assert last["TableNames"] == names[6:]
    assert "LastEvaluatedTableName" not in last
    assert client.list_tables()["TableNames"] == names
    paginated = [n for page in client.get_paginator("list_tables").paginate(
        PaginationConfig={"PageSize": 2}) for n in page["TableNames"]]
    assert paginated == names


def test_delete_table_returns_deleting_and_forgets_the_table(ddb):
    name = create_table(ddb)
    response = ddb.delete_table(TableName=name)
    assert response["TableDescription"]["TableName"] == name
    assert response["TableDescription"]["TableStatus"] == "DELETING"
    assert name not in ddb.list_tables(Limit=100)["TableNames"]
    assert error_of(ddb.describe_table, TableName=name)[0] == "ResourceNotFoundException"
    assert error_of(ddb.delete_table, TableName=name)[0] == "ResourceNotFoundException"


def test_recreated_table_starts_empty(ddb):
    name = create_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    ddb.delete_table(TableName=name)
    create_table(ddb, name)
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})
    assert ddb.describe_table(TableName=name)["Table"]["ItemCount"] == 0


def test_deletion_protection_refuses_delete_until_disabled(ddb):
    name = create_table(ddb, DeletionProtectionEnabled=True)
    code, message, status = error_of(ddb.delete_table, TableName=name)
    assert (code, status) == ("ValidationException", 400)
    assert "deletion protection" in message.lower()
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)


def test_update_table_switches_billing_mode_and_throughput(ddb):
    name = create_table(ddb)
    d = ddb.update_table(TableName=name, BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                "WriteCapacityUnits": 4})["TableDescription"]
    assert d["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert d["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    d = ddb.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                "WriteCapacityUnits": 1})
    assert "LastDecreaseDateTime" in d["TableDescription"]["ProvisionedThroughput"]
    d = ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_update_table_enables_a_stream_with_a_new_label(ddb):
    name = create_table(ddb)
    d = ddb.update_table(TableName=name, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert d["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY"
    assert d["LatestStreamArn"].endswith("/stream/" + d["LatestStreamLabel"])
    described = ddb.describe_table(TableName=name)["Table"]
    assert described["LatestStreamLabel"] == d["LatestStreamLabel"]


def test_update_table_keeps_items(ddb):
    name = create_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    ddb.update_table(TableName=name, TableClass="STANDARD_INFREQUENT_ACCESS")
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}


def test_waiters_work(ddb):
    name = create_table(ddb)
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1})
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1})

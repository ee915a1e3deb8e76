"""Global tables, emulated (nothing is replicated anywhere).

Version 2019.11.21 through UpdateTable ReplicaUpdates: a Create answers the replica as
CREATING and the next DescribeTable shows it ACTIVE; a Delete answers DELETING and then it
is gone. A table with replicas carries GlobalTableVersion, Replicas (the other regions only)
and GlobalTableSettingsReplicationMode; a regional table has none of these keys. A Create
turns on a NEW_AND_OLD_IMAGES stream when there is none and keeps any other stream, which
then cannot be disabled or changed while replicas exist. Replicas survive a restart; a table
restored from a backup has none. The legacy 2017.11.29 calls answer as AWS does today:
creating is refused, nothing is ever found and the list is empty. The replica auto scaling
calls describe every region (this one first) and refuse to set auto scaling up on
PAY_PER_REQUEST replicas. Every refusal is checked with DynamoDB's code, message and HTTP
400, and changes nothing. DynamoDB Local has no replicas, so the file is skipped against an
external endpoint.
"""
import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local has no global tables")

GLOBAL_KEYS = {"GlobalTableVersion", "Replicas", "GlobalTableSettingsReplicationMode"}
MODE = "ENABLED_WITH_OVERRIDES"
INVALID = "One or more parameter values were invalid: "
LEGACY = (INVALID + "DynamoDB global tables version 2017.11.29 is not supported. We recommend "
          "using DynamoDB global tables version 2019.11.21, instead of version 2017.11.29 "
          "(Legacy).")
UNSUPPORTED = ("Region {} is not supported. The latest version of global tables are only "
               "supported in the following regions: [")
DISABLED = {"AutoScalingDisabled": True, "ScalingPolicies": []}
OFF = {"AutoScalingDisabled": True}
SCALE_UP = {"MinimumUnits": 1, "MaximumUnits": 10, "ScalingPolicyUpdate": {
    "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0}}}


def replica(region, status="ACTIVE"):
    return {"RegionName": region, "ReplicaStatus": status,
            "GlobalTableSettingsReplicationMode": MODE}


def described(ddb, name):
    return ddb.describe_table(TableName=name)["Table"]


def refused(code, message):
    return code, message, 400


def replica_update(ddb, name, action, region):
    return ddb.update_table(TableName=name, ReplicaUpdates=[
        {action: {"RegionName": region}}])["TableDescription"]


def global_table(ddb, *regions, **extra):
    """A new table with these replicas, added one call at a time and each settled."""
    name = create_table(ddb, unique_name("global"), **extra)
    for region in regions:
        replica_update(ddb, name, "Create", region)
        assert replica(region) in described(ddb, name)["Replicas"]
    return name


def with_gsi():
    return dict(AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[{
                    "IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])


# ---------------------------------------------------------------- 2019.11.21 replicas

def test_a_create_answers_creating_turns_a_stream_on_and_then_is_active(ddb):
    name = create_table(ddb, unique_name("global"))
    assert not GLOBAL_KEYS & described(ddb, name).keys()
    answer = replica_update(ddb, name, "Create", "eu-west-1")
    assert answer["GlobalTableVersion"] == "2019.11.21"
    assert answer["GlobalTableSettingsReplicationMode"] == MODE
    assert answer["Replicas"] == [replica("eu-west-1", "CREATING")]
    assert answer["StreamSpecification"] == {"StreamEnabled": True,
                                             "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert answer["LatestStreamArn"].startswith(answer["TableArn"] + "/stream/")
    # The next DescribeTable shows it ACTIVE; nothing else differs from the answer.
    assert described(ddb, name) == {**answer, "Replicas": [replica("eu-west-1")]}


@pytest.mark.parametrize("view", ["KEYS_ONLY", "NEW_AND_OLD_IMAGES"])
def test_an_enabled_stream_is_kept_as_it_is(ddb, view):
    name = create_table(ddb, unique_name("global"),
                        StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    arn = described(ddb, name)["LatestStreamArn"]
    answer = replica_update(ddb, name, "Create", "ap-south-1")
    assert answer["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view}
    assert answer["LatestStreamArn"] == arn == described(ddb, name)["LatestStreamArn"]


def test_a_disabled_stream_is_enabled_again_with_a_new_label(ddb):
    name = create_table(ddb, unique_name("global"),
                        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    old = described(ddb, name)["LatestStreamArn"]
    replica_update(ddb, name, "Create", "eu-west-1")
    table = described(ddb, name)
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert table["LatestStreamArn"] != old


def test_two_identical_creates_in_one_call_are_one_replica(ddb):
    name = global_table(ddb, "eu-west-1")
    answer = ddb.update_table(TableName=name, ReplicaUpdates=[
        {"Create": {"RegionName": "us-west-2"}}, {"Create": {"RegionName": "us-west-2"}}])
    assert answer["TableDescription"]["Replicas"] == [replica("eu-west-1"),
                                                      replica("us-west-2", "CREATING")]
    assert described(ddb, name)["Replicas"] == [replica("eu-west-1"), replica("us-west-2")]


def test_a_delete_answers_deleting_and_the_last_one_leaves_a_regional_table(ddb):
    name = global_table(ddb, "eu-west-1", "us-west-2")
    answer = replica_update(ddb, name, "Delete", "eu-west-1")
    assert replica("eu-west-1", "DELETING") in answer["Replicas"]
    assert described(ddb, name)["Replicas"] == [replica("us-west-2")]
    answer = replica_update(ddb, name, "Delete", "us-west-2")
    assert answer["Replicas"] == [replica("us-west-2", "DELETING")]
    table = described(ddb, name)
    assert not GLOBAL_KEYS & table.keys()
    # The stream stays on, and may now be disabled.
    assert table["StreamSpecification"]["StreamEnabled"] is True
    assert error_of(ddb.describe_table_replica_auto_scaling, TableName=name) == refused(
        "ResourceNotFoundException", f"Global table with name: '{name}' does not exist.")
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    assert "StreamSpecification" not in described(ddb, name)


@pytest.fixture(scope="module")
def two_replicas(ddb):
    return global_table(ddb, "eu-west-1", "us-west-2")


def refusals(name):
    region = lambda r: {"RegionName": r}  # noqa: E731
    local = ("Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, "
             "DeleteTable, or UpdateTable as required.")
    none = "There are no actions specified in the Replica Update Action of the request."
    return {
        "create-own-region": ([{"Create": region("us-east-1")}], local),
        "delete-own-region": ([{"Delete": region("us-east-1")}], local),
        "create-a-member": ([{"Create": region("eu-west-1")}],
                            f"Failed to create a the new replica of table with name: ‘{name}’ "
                            "because one or more replicas already existed as tables."),
        "delete-a-non-member": ([{"Delete": region("ap-south-1")}],
                                "Update global table operation failed because one or more replicas "
                                "were not part of the global table. Please retry the request "
                                "without these replicas: [ap-south-1]."),
        "two-creates": ([{"Create": region("us-west-1")}, {"Create": region("ap-south-1")}],
                        "Update table operation with more than one create or delete replica "
                        "actions not allowed"),
        "create-and-delete-in-one": ([{"Create": region("us-west-1"),
                                       "Delete": region("eu-west-1")}],
                                     "Update table operation with more than one type of replica "
                                     "actions not allowed."),
        "empty-element": ([{}], none),
        "update-with-only-a-region": ([{"Update": region("eu-west-1")}], none),
        "unknown-region": ([{"Create": region("mars-north-1")}],
                           UNSUPPORTED.format("mars-north-1")),
        "uppercase-region": ([{"Create": region("US-WEST-1")}], UNSUPPORTED.format("US-WEST-1")),
    }


@pytest.mark.parametrize("case", list(refusals("x")))
def test_refused_replica_updates_change_nothing(ddb, two_replicas, case):
    updates, expected = refusals(two_replicas)[case]
    before = described(ddb, two_replicas)
    code, message, status = error_of(ddb.update_table, TableName=two_replicas,
                                     ReplicaUpdates=updates)
    assert (code, status) == ("ValidationException", 400)
    if expected.endswith("["):
        assert message.startswith(expected) and message.endswith("us-west-2]"), message
        assert "eu-west-1" in message
    else:
        assert message == expected
    assert described(ddb, two_replicas) == before


def test_the_stream_of_a_global_table_cannot_be_disabled_or_changed(ddb, two_replicas):
    before = described(ddb, two_replicas)
    assert error_of(ddb.update_table, TableName=two_replicas,
                    StreamSpecification={"StreamEnabled": False}) == (
        "ValidationException",
        INVALID + "Disabling Stream is not allowed for a Global Table replica.", 400)
    for view in ("KEYS_ONLY", "NEW_AND_OLD_IMAGES"):
        assert error_of(ddb.update_table, TableName=two_replicas, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": view}) == (
            "ValidationException",
            f"Table already has an enabled stream: TableName: {two_replicas}", 400)
    assert described(ddb, two_replicas) == before


def test_a_provisioned_table_or_a_missing_one_gets_no_replica(ddb):
    name = create_table(ddb, unique_name("global"), BillingMode="PROVISIONED",
                        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    before = described(ddb, name)
    assert error_of(replica_update, ddb, name, "Create", "eu-west-1") == refused(
        "ValidationException",
        "Table write capacity should either be Pay-Per-Request or AutoScaled.")
    assert described(ddb, name) == before
    missing = unique_name("missing")
    assert error_of(replica_update, ddb, missing, "Create", "eu-west-1") == refused(
        "ResourceNotFoundException", f"Requested resource not found: Table: {missing} not found")


def test_replica_updates_cannot_be_mixed_with_other_changes(ddb):
    name = create_table(ddb, unique_name("global"))
    before = described(ddb, name)
    assert error_of(ddb.update_table, TableName=name, DeletionProtectionEnabled=True,
                    ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}]) == (
        "ValidationException", "Requests that modify replicas or witnesses must not also modify "
        "other fields", 400)
    assert described(ddb, name) == before


def test_replicas_survive_a_restart_and_are_not_restored_from_a_backup(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    name = global_table(client, "eu-west-1", "us-west-2")
    replica_update(client, name, "Create", "ap-south-1")
    replica_update(client, name, "Delete", "us-west-2")
    assert first.stop() == 0
    client = start_server(data_dir=str(tmp_path)).client()
    table = described(client, name)
    assert table["Replicas"] == [replica("eu-west-1"), replica("ap-south-1")]
    assert table["GlobalTableVersion"] == "2019.11.21"
    arn = client.create_backup(TableName=name, BackupName="global")["BackupDetails"]["BackupArn"]
    target = unique_name("restored")
    client.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    client.get_waiter("table_exists").wait(TableName=target,
                                           WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert not GLOBAL_KEYS & described(client, target).keys()


# ---------------------------------------------------------------- 2017.11.29 (legacy)

def test_legacy_create_and_update_with_a_create_are_refused(ddb, two_replicas):
    regional = create_table(ddb, unique_name("regional"))
    for name in (regional, two_replicas, unique_name("missing")):
        assert error_of(ddb.create_global_table, GlobalTableName=name, ReplicationGroup=[
            {"RegionName": "us-east-1"}, {"RegionName": "eu-west-1"}]) == (
            "ValidationException", LEGACY, 400)
        assert error_of(ddb.update_global_table, GlobalTableName=name, ReplicaUpdates=[
            {"Create": {"RegionName": "ap-south-1"}}]) == ("ValidationException", LEGACY, 400)
    assert not GLOBAL_KEYS & described(ddb, regional).keys()
    assert described(ddb, two_replicas)["Replicas"] == [replica("eu-west-1"), replica("us-west-2")]


def test_legacy_calls_find_no_global_table(ddb, two_replicas):
    for name in (create_table(ddb, unique_name("regional")), two_replicas, unique_name("missing")):
        settings = refused("GlobalTableNotFoundException",
                           f"Global table with name: '{name}' does not exist.")
        not_found = settings[:1] + ("Global table not found: " + settings[1], 400)
        assert error_of(ddb.describe_global_table, GlobalTableName=name) == not_found
        assert error_of(ddb.update_global_table, GlobalTableName=name, ReplicaUpdates=[
            {"Delete": {"RegionName": "eu-west-1"}}]) == not_found
        assert error_of(ddb.describe_global_table_settings, GlobalTableName=name) == settings
        assert error_of(ddb.update_global_table_settings, GlobalTableName=name,
                        GlobalTableBillingMode="PAY_PER_REQUEST") == settings
    assert described(ddb, two_replicas)["Replicas"] == [replica("eu-west-1"), replica("us-west-2")]


@pytest.mark.parametrize("args", [{}, {"Limit": 1}, {"RegionName": "us-east-1"},
                                  {"RegionName": "eu-west-1", "Limit": 5},
                                  {"ExclusiveStartGlobalTableName": "abc"}])
def test_list_global_tables_is_empty(ddb, two_replicas, args):
    answer = ddb.list_global_tables(**args)
    answer.pop("ResponseMetadata")
    assert answer == {"GlobalTables": []}


def test_legacy_shape_errors_come_first(ddb):
    short = ("1 validation error detected: Value 'ab' at 'globalTableName' failed to satisfy "
             "constraint: Member must have length greater than or equal to 3")
    for call, extra in [
            (ddb.create_global_table, {"ReplicationGroup": [{"RegionName": "us-east-1"}]}),
            (ddb.update_global_table, {"ReplicaUpdates": [{"Delete": {"RegionName": "x-1"}}]}),
            (ddb.describe_global_table, {}), (ddb.describe_global_table_settings, {}),
            (ddb.update_global_table_settings, {})]:
        assert error_of(call, GlobalTableName="ab", **extra) == ("ValidationException", short, 400)
    assert error_of(ddb.create_global_table, GlobalTableName="a b c", ReplicationGroup=[
        {"RegionName": "us-east-1"}]) == (
        "ValidationException", "1 validation error detected: Value 'a b c' at 'globalTableName' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+", 400)
    assert error_of(ddb.list_global_tables, Limit=0) == refused(
        "ValidationException", "1 validation error detected: Value '0' at 'limit' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1")


# ---------------------------------------------------------------- replica auto scaling

def test_replica_auto_scaling_of_a_regional_or_missing_table_is_not_found(ddb):
    for name in (create_table(ddb, unique_name("regional")), unique_name("missing")):
        expected = refused("ResourceNotFoundException",
                           f"Global table with name: '{name}' does not exist.")
        assert error_of(ddb.describe_table_replica_auto_scaling, TableName=name) == expected
        assert error_of(ddb.update_table_replica_auto_scaling, TableName=name,
                        ProvisionedWriteCapacityAutoScalingUpdate=OFF) == expected


def test_replica_auto_scaling_describes_every_region_this_one_first(ddb):
    name = global_table(ddb, "eu-west-1", "ap-south-1", **with_gsi())
    index = {"IndexName": "by-g", "IndexStatus": "ACTIVE",
             "ProvisionedReadCapacityAutoScalingSettings": DISABLED,
             "ProvisionedWriteCapacityAutoScalingSettings": DISABLED}
    expected = {"TableName": name, "TableStatus": "ACTIVE", "Replicas": [
        {"RegionName": region, "GlobalSecondaryIndexes": [index],
         "ReplicaProvisionedReadCapacityAutoScalingSettings": DISABLED,
         "ReplicaProvisionedWriteCapacityAutoScalingSettings": DISABLED, "ReplicaStatus": "ACTIVE"}
        for region in ("us-east-1", "eu-west-1", "ap-south-1")]}
    assert ddb.describe_table_replica_auto_scaling(TableName=name)[
        "TableAutoScalingDescription"] == expected
    arn = described(ddb, name)["TableArn"]
    assert ddb.describe_table_replica_auto_scaling(TableName=arn)[
        "TableAutoScalingDescription"] == expected
    # An update that only disables answers the description.
    assert ddb.update_table_replica_auto_scaling(
        TableName=name, ProvisionedWriteCapacityAutoScalingUpdate=OFF,
        GlobalSecondaryIndexUpdates=[{"IndexName": "by-g",
                                      "ProvisionedWriteCapacityAutoScalingUpdate": OFF}],
    )["TableAutoScalingDescription"] == expected


@pytest.mark.parametrize("update,parameter", [
    ({"ProvisionedWriteCapacityAutoScalingUpdate": SCALE_UP},
     "ProvisionedWriteCapacityAutoScalingUpdate"),
    ({"GlobalSecondaryIndexUpdates": [{"IndexName": "by-g",
                                       "ProvisionedWriteCapacityAutoScalingUpdate": SCALE_UP}]},
     "ProvisionedWriteCapacityAutoScalingUpdate"),
    ({"ReplicaUpdates": [{"RegionName": "eu-west-1",
                          "ReplicaProvisionedReadCapacityAutoScalingUpdate": SCALE_UP}]},
     "ReplicaProvisionedReadCapacityAutoScalingUpdate"),
], ids=["table-write", "index-write", "replica-read"])
def test_auto_scaling_cannot_be_set_up_on_pay_per_request_replicas(ddb, update, parameter):
    name = global_table(ddb, "eu-west-1", **with_gsi())
    before = ddb.describe_table_replica_auto_scaling(TableName=name)["TableAutoScalingDescription"]
    assert error_of(ddb.update_table_replica_auto_scaling, TableName=name, **update) == (
        "ValidationException",
        f"Failed to update global table with name ‘{name}‘. Replicas 'us-east-1', 'eu-west-1' "
        "BillingMode is PayPerRequest. You must convert table's BillingMode to PROVISIONED to set "
        f"parameters: '{parameter}'.", 400)
    assert ddb.describe_table_replica_auto_scaling(TableName=name)[
        "TableAutoScalingDescription"] == before


def test_replica_auto_scaling_of_an_unknown_index_is_not_found(ddb):
    name = global_table(ddb, "eu-west-1", **with_gsi())
    assert error_of(ddb.update_table_replica_auto_scaling, TableName=name,
                    GlobalSecondaryIndexUpdates=[{
                        "IndexName": "gsi1", "ProvisionedWriteCapacityAutoScalingUpdate": OFF}],
                    ) == refused(
        "ResourceNotFoundException", "Failed to update settings for global table with name: "
        f"‘{name}’ because the global secondary indexes with names: ‘[gsi1]’ do not exist.")

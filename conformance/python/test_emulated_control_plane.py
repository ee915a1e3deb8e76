"""Control-plane calls dynarock emulates (issue #12): Contributor Insights and
Kinesis streaming destinations. The state is kept (across restarts, and with
the table) and described with DynamoDB's shapes and statuses; nothing is
measured or sent anywhere. A change answers with the transitional status
(ENABLING, DISABLING, UPDATING); the next Describe shows where it ends.
"""
import time

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name

STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/dynarock-test"


@pytest.fixture
def indexed(ddb):
    return create_table(
        ddb, unique_name("ci"), range_type="N",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])


def test_contributor_insights_start_disabled(ddb, indexed):
    d = ddb.describe_contributor_insights(TableName=indexed)
    assert d["TableName"] == indexed
    assert d["ContributorInsightsStatus"] == "DISABLED"
    assert d["ContributorInsightsRuleList"] == []


def test_enabling_contributor_insights_on_a_table_and_an_index(ddb, indexed):
    r = ddb.update_contributor_insights(TableName=indexed, ContributorInsightsAction="ENABLE")
    assert r["ContributorInsightsStatus"] == "ENABLING"
    d = ddb.describe_contributor_insights(TableName=indexed)
    assert d["ContributorInsightsStatus"] == "ENABLED"
    kinds = sorted(rule.split("-")[1] for rule in d["ContributorInsightsRuleList"])
    assert kinds == ["PKC", "PKT", "SKC", "SKT"]
    r = ddb.update_contributor_insights(TableName=indexed, IndexName="by-g",
                                        ContributorInsightsAction="ENABLE")
    assert (r["IndexName"], r["ContributorInsightsStatus"]) == ("by-g", "ENABLING")
    d = ddb.describe_contributor_insights(TableName=indexed, IndexName="by-g")
    assert d["ContributorInsightsStatus"] == "ENABLED"
    assert sorted(rule.split("-")[1] for rule in d["ContributorInsightsRuleList"]) == ["PKC", "PKT"]
    listed = ddb.list_contributor_insights(TableName=indexed)["ContributorInsightsSummaries"]
    assert [(s.get("IndexName"), s["ContributorInsightsStatus"]) for s in listed] == [
        (None, "ENABLED"), ("by-g", "ENABLED")]
    r = ddb.update_contributor_insights(TableName=indexed, ContributorInsightsAction="DISABLE")
    assert r["ContributorInsightsStatus"] == "DISABLING"
    assert ddb.describe_contributor_insights(TableName=indexed)["ContributorInsightsStatus"] == "DISABLED"


def test_contributor_insights_errors(ddb, indexed):
    code, _, status = error_of(ddb.describe_contributor_insights, TableName="no-such-table")
    assert (code, status) == ("ResourceNotFoundException", 400)
    code, _, _ = error_of(ddb.update_contributor_insights, TableName=indexed, IndexName="nope",
                          ContributorInsightsAction="ENABLE")
    assert code == "ResourceNotFoundException"
    code, message, _ = error_of(ddb.update_contributor_insights, TableName=indexed,
                                ContributorInsightsAction="SOMETIMES")
    assert code == "ValidationException" and "contributorInsightsAction" in message


def test_kinesis_streaming_destination_lifecycle(ddb, indexed):
    assert ddb.describe_kinesis_streaming_destination(TableName=indexed)[
        "KinesisDataStreamDestinations"] == []
    r = ddb.enable_kinesis_streaming_destination(TableName=indexed, StreamArn=STREAM)
    assert (r["TableName"], r["StreamArn"], r["DestinationStatus"]) == (indexed, STREAM, "ENABLING")
    [d] = ddb.describe_kinesis_streaming_destination(TableName=indexed)["KinesisDataStreamDestinations"]
    assert (d["StreamArn"], d["DestinationStatus"]) == (STREAM, "ACTIVE")
    assert d["ApproximateCreationDateTimePrecision"] == "MILLISECOND"
    code, _, _ = error_of(ddb.enable_kinesis_streaming_destination, TableName=indexed, StreamArn=STREAM)
    assert code == "ValidationException"
    r = ddb.update_kinesis_streaming_destination(
        TableName=indexed, StreamArn=STREAM,
        UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"})
    assert r["DestinationStatus"] == "UPDATING"
    [d] = ddb.describe_kinesis_streaming_destination(TableName=indexed)["KinesisDataStreamDestinations"]
    assert d["ApproximateCreationDateTimePrecision"] == "MICROSECOND"
    r = ddb.disable_kinesis_streaming_destination(TableName=indexed, StreamArn=STREAM)
    assert r["DestinationStatus"] == "DISABLING"
    [d] = ddb.describe_kinesis_streaming_destination(TableName=indexed)["KinesisDataStreamDestinations"]
    assert d["DestinationStatus"] == "DISABLED"
    code, _, _ = error_of(ddb.disable_kinesis_streaming_destination, TableName=indexed, StreamArn=STREAM)
    assert code == "ValidationException"


@pytest.mark.skipif(bool(EXTERNAL), reason="restarts its own dynarock")
def test_emulated_settings_survive_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    name = create_table(client, unique_name("ci"))
    client.update_contributor_insights(TableName=name, ContributorInsightsAction="ENABLE")
    client.enable_kinesis_streaming_destination(TableName=name, StreamArn=STREAM)
    assert first.stop() == 0
    client = start_server(data_dir=str(tmp_path)).client()
    assert client.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"] == "ENABLED"
    [d] = client.describe_kinesis_streaming_destination(TableName=name)["KinesisDataStreamDestinations"]
    assert d["DestinationStatus"] == "ACTIVE"


def test_a_table_read_the_way_terraform_reads_it(ddb):
    """The calls Terraform's AWS provider makes to refresh an aws_dynamodb_table,
    in its order, on a table with tags, Time to Live and point-in-time recovery."""
    name = create_table(ddb, unique_name("tf"), Tags=[{"Key": "team", "Value": "cruddur"}])
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    pitr = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", "expires")
    tags = ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "cruddur"}]
    assert ddb.describe_kinesis_streaming_destination(TableName=name)[
        "KinesisDataStreamDestinations"] == []
    assert ddb.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"] == "DISABLED"


@pytest.mark.skipif(bool(EXTERNAL), reason="starts its own server")
def test_the_first_call_after_a_transient_status_ends_answers(start_server):
    # With -delayTransientStatuses a table leaves CREATING when a call next
    # looks at it. The calls that change a table under the write mutex once
    # hung there (the table was settled under a mutex already held).
    client = start_server("-inMemory", "-delayTransientStatuses").client()
    calls = [
        lambda name: client.update_contributor_insights(TableName=name,
                                                        ContributorInsightsAction="ENABLE"),
        lambda name: client.update_continuous_backups(
            TableName=name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}),
        lambda name: client.put_resource_policy(
            ResourceArn=f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}",
            Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
                   '"Action":"dynamodb:DeleteTable","Resource":"*"}]}'),
    ]
    for call in calls:
        name = unique_name("settle")
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        time.sleep(1.2)
        call(name)
        assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"

"""TagResource, UntagResource and ListTagsOfResource on tables, by ARN."""
import tempfile

import pytest

from conftest import EXTERNAL, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local does not support tagging")


def new_table(client, tags=None):
    extra = {"Tags": tags} if tags else {}
    return client.create_table(
        TableName=unique_name("tags"), BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        **extra)["TableDescription"]


def tags_of(client, arn):
    return {t["Key"]: t["Value"] for t in client.list_tags_of_resource(ResourceArn=arn)["Tags"]}


def test_create_table_tags_are_the_resource_tags(ddb):
    arn = new_table(ddb, [{"Key": "team", "Value": "core"}])["TableArn"]
    assert tags_of(ddb, arn) == {"team": "core"}
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "infra"},
                                           {"Key": "env", "Value": ""}])
    assert tags_of(ddb, arn) == {"team": "infra", "env": ""}
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert tags_of(ddb, arn) == {"env": ""}


@pytest.mark.parametrize("call, kwargs, expected", [
    ("tag_resource", dict(Tags=[]),
     ("ValidationException", "Atleast one Tag needs to be provided as Input.")),
    ("untag_resource", dict(TagKeys=[]),
     ("ValidationException", "Atleast one Tag Key needs to be provided as Input.")),
])
def test_empty_tag_lists_are_refused(ddb, call, kwargs, expected):
    arn = new_table(ddb)["TableArn"]
    assert error_of(getattr(ddb, call), ResourceArn=arn, **kwargs)[:2] == expected


def test_unknown_and_malformed_arns(ddb):
    arn = new_table(ddb)["TableArn"]
    missing = arn + "-gone"
    assert error_of(ddb.tag_resource, ResourceArn=missing, Tags=[{"Key": "k", "Value": "v"}]) == (
        "ResourceNotFoundException", f"Requested resource not found: ResourcArn: {missing} not found",
        400)
    assert error_of(ddb.untag_resource, ResourceArn=missing, TagKeys=["k"]) == (
        "ResourceNotFoundException", "Requested resource not found", 400)
    code, message, _ = error_of(ddb.list_tags_of_resource, ResourceArn=missing)
    assert (code, message) == ("AccessDeniedException", "User: arn:aws:iam::000000000000:root is "
                               f"not authorized to perform: dynamodb:ListTagsOfResource on resource: "
                               f"{missing}")
    assert error_of(ddb.tag_resource, ResourceArn="not-an-arn",
                    Tags=[{"Key": "k", "Value": "v"}])[:2] == (
        "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input not-an-arn")


def test_tags_survive_a_restart_and_go_with_the_table(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data_dir=data)
        client = server.client()
        table = new_table(client)
        client.tag_resource(ResourceArn=table["TableArn"], Tags=[{"Key": "k", "Value": "v"}])
        assert server.stop() == 0
        client = start_server(data_dir=data).client()
        assert tags_of(client, table["TableArn"]) == {"k": "v"}
        client.delete_table(TableName=table["TableName"])
        client.create_table(TableName=table["TableName"], BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        assert tags_of(client, table["TableArn"]) == {}


@pytest.mark.parametrize("key", ["aws:cloudformation:stack-name", "AWS:x", "Aws:"])
def test_the_aws_prefix_is_reserved(ddb, key):
    arn = new_table(ddb, [{"Key": "keep", "Value": "1"}])["TableArn"]
    reserved = ("ValidationException", f"One or more parameter values were invalid: Tag key "
                f"'{key}' uses the prefix 'aws:', which is reserved for AWS use")
    assert error_of(ddb.tag_resource, ResourceArn=arn,
                    Tags=[{"Key": "ok", "Value": "v"}, {"Key": key, "Value": "v"}])[:2] == reserved
    assert error_of(ddb.untag_resource, ResourceArn=arn, TagKeys=["keep", key])[:2] == reserved
    assert tags_of(ddb, arn) == {"keep": "1"}
    name = unique_name("tags")
    assert error_of(ddb.create_table, TableName=name, BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    Tags=[{"Key": key, "Value": "v"}])[:2] == reserved
    assert name not in ddb.list_tables()["TableNames"]


def test_a_value_may_begin_with_aws(ddb):
    arn = new_table(ddb)["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "source", "Value": "aws:managed"}])
    assert tags_of(ddb, arn) == {"source": "aws:managed"}


def test_fifty_tags_at_most_and_all_in_one_answer(ddb):
    fifty = [{"Key": f"k{i:02}", "Value": f"v{i}"} for i in range(50)]
    arn = new_table(ddb, fifty)["TableArn"]
    answer = ddb.list_tags_of_resource(ResourceArn=arn)
    assert len(answer["Tags"]) == 50 and "NextToken" not in answer
    # A NextToken is accepted (the parameter exists), and there is no next page.
    assert len(ddb.list_tags_of_resource(ResourceArn=arn, NextToken="x")["Tags"]) == 50
    too_many = ("ValidationException", "One or more parameter values were invalid: The number "
                "of tags exceeds the limit of 50")
    assert error_of(ddb.tag_resource, ResourceArn=arn,
                    Tags=[{"Key": "one-more", "Value": ""}])[:2] == too_many
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k00", "Value": "replaced"}])
    assert tags_of(ddb, arn)["k00"] == "replaced"
    name = unique_name("tags")
    assert error_of(ddb.create_table, TableName=name, BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    Tags=fifty + [{"Key": "one-more", "Value": ""}])[:2] == too_many

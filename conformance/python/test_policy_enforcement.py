"""Resource-based policies enforced under --auth.

Without --auth a policy is only stored (test_resource_policies.py). With it,
every caller may still do everything (locally there are no identity
policies), so a table's policy can only take away: an explicit Deny whose
Principal names the caller (the account, its root, or
arn:aws:iam::000000000000:user/<access key id>), whose Action matches the
call and whose Resource matches the table refuses the call with
AccessDeniedException, and changes nothing. A policy that would deny its
author PutResourcePolicy needs ConfirmRemoveSelfResourceAccess.
"""
import json

import boto3
import pytest
from botocore.config import Config

from conftest import EXTERNAL, Server, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

KEY, SECRET = "AKIDPOLICYREADER01", "policy/Reader/Secret/01"
KEY2, SECRET2 = "AKIDPOLICYOTHER002", "policy/Other/Secret/002"
ACCOUNT = "000000000000"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("policy") / "credentials"
    path.write_text(f"[default]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n"
                    f"[other]\naws_access_key_id = {KEY2}\naws_secret_access_key = {SECRET2}\n")
    # --shared-db-like behaviour is not needed: both keys use one database
    # only with -sharedDb, so that they see the same tables.
    s = Server("-inMemory", "-sharedDb", "--auth", "--credentials-file", str(path))
    yield s
    assert s.stop() == 0


def client(server, key=KEY, secret=SECRET):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def new_table(c):
    name = unique_name("pol")
    arn = c.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         StreamSpecification={"StreamEnabled": True,
                                              "StreamViewType": "KEYS_ONLY"},
                         )["TableDescription"]["TableArn"]
    return name, arn


def deny(principal, actions, resource):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "deny", "Effect": "Deny", "Principal": principal, "Action": actions,
         "Resource": resource}]})


def denied(call, **kwargs):
    with pytest.raises(Exception) as caught:
        call(**kwargs)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def message(key, action, resource):
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{key} is not authorized to perform: "
            f"dynamodb:{action} on resource: {resource} with an explicit deny in a "
            f"resource-based policy")


def test_a_deny_for_everyone_refuses_the_action_and_nothing_else(server):
    c = client(server)
    name, arn = new_table(c)
    c.put_item(TableName=name, Item={"pk": {"S": "kept"}})
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", "dynamodb:PutItem", arn))
    assert denied(c.put_item, TableName=name, Item={"pk": {"S": "new"}}) == (
        "AccessDeniedException", message(KEY, "PutItem", arn))
    # By ARN too, and in a transaction (whose Put needs PutItem). A batch is
    # dynamodb:BatchWriteItem, another action.
    assert denied(c.put_item, TableName=arn, Item={"pk": {"S": "new"}})[0] == \
        "AccessDeniedException"
    assert denied(c.transact_write_items, TransactItems=[
        {"Put": {"TableName": name, "Item": {"pk": {"S": "new"}}}}]) == (
        "AccessDeniedException", message(KEY, "PutItem", arn))
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", ["dynamodb:PutItem",
                                                             "dynamodb:BatchWriteItem"], arn))
    assert denied(c.batch_write_item, RequestItems={
        name: [{"PutRequest": {"Item": {"pk": {"S": "new"}}}}]}) == (
        "AccessDeniedException", message(KEY, "BatchWriteItem", arn))
    # Other actions go on; nothing was written.
    assert [i["pk"]["S"] for i in c.scan(TableName=name)["Items"]] == ["kept"]
    c.delete_item(TableName=name, Key={"pk": {"S": "kept"}})


def test_wildcards_in_action_and_resource(server):
    c = client(server)
    name, arn = new_table(c)
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", ["dynamodb:Get*", "dynamodb:Query"],
                                                       arn.rsplit("/", 1)[0] + "/pol*"))
    assert denied(c.get_item, TableName=name, Key={"pk": {"S": "a"}}) == (
        "AccessDeniedException", message(KEY, "GetItem", arn))
    assert denied(c.query, TableName=name, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "a"}})[0] == "AccessDeniedException"
    c.scan(TableName=name)
    c.describe_table(TableName=name)


def test_the_principal_must_name_the_caller(server):
    c, other = client(server), client(server, KEY2, SECRET2)
    name, arn = new_table(c)
    c.put_resource_policy(ResourceArn=arn, Policy=deny(
        {"AWS": f"arn:aws:iam::{ACCOUNT}:user/{KEY2}"}, "dynamodb:*", arn))
    c.put_item(TableName=name, Item={"pk": {"S": "mine"}})
    assert denied(other.get_item, TableName=name, Key={"pk": {"S": "mine"}}) == (
        "AccessDeniedException", message(KEY2, "GetItem", arn))
    assert c.get_item(TableName=name, Key={"pk": {"S": "mine"}})["Item"]
    # The account (as an id or its root) names every caller.
    c.put_resource_policy(ResourceArn=arn, Policy=deny({"AWS": ACCOUNT}, "dynamodb:GetItem", arn),
                          ConfirmRemoveSelfResourceAccess=True)
    assert denied(c.get_item, TableName=name, Key={"pk": {"S": "mine"}})[0] == \
        "AccessDeniedException"


def test_statements_with_a_condition_are_not_enforced(server):
    c = client(server)
    name, arn = new_table(c)
    policy = json.loads(deny("*", "dynamodb:PutItem", arn))
    policy["Statement"][0]["Condition"] = {"Bool": {"aws:SecureTransport": "false"}}
    c.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy))
    c.put_item(TableName=name, Item={"pk": {"S": "a"}})


def test_a_stream_policy_covers_its_stream(server):
    c = client(server)
    name, arn = new_table(c)
    stream_arn = c.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    c.put_resource_policy(ResourceArn=stream_arn,
                          Policy=deny("*", "dynamodb:DescribeStream", stream_arn))
    streams = boto3.client("dynamodbstreams", endpoint_url=server.url, region_name="us-east-1",
                           aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                           config=Config(retries={"max_attempts": 1}))
    with pytest.raises(Exception) as caught:
        streams.describe_stream(StreamArn=stream_arn)
    assert caught.value.response["Error"]["Message"] == message(KEY, "DescribeStream", stream_arn)
    c.put_item(TableName=name, Item={"pk": {"S": "a"}})


def test_a_policy_that_locks_its_author_out_needs_confirmation(server):
    c = client(server)
    name, arn = new_table(c)
    lockout = deny("*", "dynamodb:PutResourcePolicy", arn)
    assert denied(c.put_resource_policy, ResourceArn=arn, Policy=lockout) == (
        "AccessDeniedException",
        "The new resource policy will not allow you to update the resource policy in the future.")
    with pytest.raises(c.exceptions.PolicyNotFoundException):
        c.get_resource_policy(ResourceArn=arn)
    c.put_resource_policy(ResourceArn=arn, Policy=lockout, ConfirmRemoveSelfResourceAccess=True)
    assert denied(c.put_resource_policy, ResourceArn=arn,
                  Policy=deny("*", "dynamodb:GetItem", arn))[0] == "AccessDeniedException"
    # Deleting the policy is another action, still allowed.
    c.delete_resource_policy(ResourceArn=arn)
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", "dynamodb:GetItem", arn))


def test_without_auth_policies_are_only_kept(start_server):
    c = start_server("-inMemory").client()
    name, arn = new_table(c)
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", "dynamodb:*", arn))
    c.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert c.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"]


def test_every_way_of_naming_the_table_meets_its_policy(server):
    c = client(server)
    name, arn = new_table(c)
    c.put_item(TableName=name, Item={"pk": {"S": "a"}})
    c.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", [
        "dynamodb:GetItem", "dynamodb:PartiQLSelect", "dynamodb:RestoreTableToPointInTime"], arn))
    key = {"pk": {"S": "a"}}
    # An ARN of another region or account, or with a suffix, still names the table.
    for other in (arn.replace("us-east-1", "eu-west-1"),
                  arn.replace(ACCOUNT, "999999999999")):
        assert denied(c.get_item, TableName=other, Key=key) == (
            "AccessDeniedException", message(KEY, "GetItem", arn))
    # PartiQL names it in the statement.
    assert denied(c.execute_statement, Statement=f'SELECT * FROM "{name}" WHERE pk = \'a\'') == (
        "AccessDeniedException", message(KEY, "PartiQLSelect", arn))
    assert denied(c.execute_transaction, TransactStatements=[
        {"Statement": f'SELECT * FROM "{name}" WHERE pk = \'a\''}])[0] == "AccessDeniedException"
    # A restore reads it as its source.
    assert denied(c.restore_table_to_point_in_time, SourceTableName=name,
                  TargetTableName=unique_name("pol"), UseLatestRestorableTime=True)[0] == \
        "AccessDeniedException"


def test_an_index_is_its_own_resource(server):
    c = client(server)
    name = unique_name("pol")
    arn = c.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}],
    )["TableDescription"]["TableArn"]
    c.put_resource_policy(ResourceArn=arn, Policy=deny("*", "dynamodb:Query", arn + "/index/*"))
    query = dict(KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    assert denied(c.query, TableName=name, IndexName="by-g", **query) == (
        "AccessDeniedException", message(KEY, "Query", arn + "/index/by-g"))
    c.query(TableName=name, KeyConditionExpression="pk = :g",
            ExpressionAttributeValues={":g": {"S": "x"}})

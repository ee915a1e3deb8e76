"""Databases per access key id + region, as DynamoDB Local keeps them, and
one shared database with -sharedDb."""
from conftest import create_table


def test_each_access_key_and_region_has_its_own_tables(start_server):
    server = start_server("-inMemory")
    alice, bob = server.client(key="alice"), server.client(key="bob")
    alice_eu = server.client(key="alice", region="eu-west-1")
    create_table(alice, "shared-name")
    assert alice.list_tables()["TableNames"] == ["shared-name"]
    assert bob.list_tables()["TableNames"] == []
    assert alice_eu.list_tables()["TableNames"] == []
    # The same name can exist separately for another key.
    create_table(bob, "shared-name")
    alice.put_item(TableName="shared-name", Item={"pk": {"S": "a"}})
    assert "Item" not in bob.get_item(TableName="shared-name", Key={"pk": {"S": "a"}})
    arn = alice_eu.describe_endpoints()  # any call works in another region
    assert arn


def test_arns_carry_the_region(start_server):
    server = start_server("-inMemory")
    client = server.client(region="ap-southeast-2")
    create_table(client, "regional")
    arn = client.describe_table(TableName="regional")["Table"]["TableArn"]
    assert arn.startswith("arn:aws:dynamodb:ap-southeast-2:")


def test_shared_db_is_one_database_for_everyone(start_server):
    server = start_server("-inMemory", "-sharedDb")
    create_table(server.client(key="alice"), "everyones")
    assert server.client(key="bob", region="eu-west-1").list_tables()["TableNames"] == \
        ["everyones"]

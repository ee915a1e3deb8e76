"""The bin/ddb scripts, run as subprocesses against a real dynarock (section 8.2 checks)."""
import ast
import json

import pytest
from botocore.exceptions import ClientError

from cruddur_messaging import config, messages, seed, users
from cruddur_messaging.users import SEED_GROUP_UUID
from helpers import ddb, run_script, seeded, table  # noqa: F401  (fixtures)

A, B = users.by_handle("andrewbrown"), users.by_handle("bayko")


def box_rows(output):
    """The cells of an AWS CLI `--output table` box, one string per row."""
    return [line.strip("| ").strip() for line in output.splitlines() if line.startswith("|")]


def json_documents(output):
    """The JSON documents at the start of `output`, and the text after them."""
    decoder, documents, rest = json.JSONDecoder(), [], output.lstrip()
    while rest.startswith("{"):
        document, end = decoder.raw_decode(rest)
        documents.append(document)
        rest = rest[end:].lstrip()
    return documents, rest


def scanned_items(output):
    return [ast.literal_eval(line) for line in output.splitlines()]


def test_e3_fresh_list_tables_is_empty(dynarock):
    assert run_script("list-tables").stdout.strip() == ""


def test_e4_schema_load_prints_the_table_and_fails_the_second_time(ddb):
    out = run_script("schema-load").stdout
    for fact in ["'TableName': 'cruddur-messages'", "'TableStatus': 'ACTIVE'",
                 "{'AttributeName': 'message_group_uuid', 'AttributeType': 'S'}",
                 "{'AttributeName': 'pk', 'KeyType': 'HASH'}",
                 "{'AttributeName': 'sk', 'KeyType': 'RANGE'}",
                 "'IndexName': 'message-group-sk-index'", "'IndexStatus': 'ACTIVE'",
                 "'ProjectionType': 'ALL'", "'ReadCapacityUnits': 5",
                 "'StreamViewType': 'NEW_IMAGE'"]:
        assert fact in out
    described = ddb.describe_table(TableName="cruddur-messages")["Table"]
    assert [d["AttributeName"] for d in described["AttributeDefinitions"]] == \
        ["message_group_uuid", "pk", "sk"]
    [index] = described["GlobalSecondaryIndexes"]
    assert index["KeySchema"] == [{"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                                  {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 5

    again = run_script("schema-load", check=False)
    assert again.returncode == 1
    assert "ResourceInUseException" in again.stderr


def test_e5_list_tables_shows_one_row(table):
    assert box_rows(run_script("list-tables").stdout) == ["ListTables", "cruddur-messages"]


def test_e7_seed_then_scan_prints_106_items(table):
    out = run_script("seed").stdout
    assert out.startswith("get_user_uuids\n")
    assert out.count("'HTTPStatusCode': 200") == 106

    items = scanned_items(run_script("scan").stdout)
    assert len(items) == 106
    grp = [i for i in items if i["pk"].startswith("GRP#")]
    msg = [i for i in items if i["pk"].startswith("MSG#")]
    assert sorted(i["pk"] for i in grp) == sorted([f"GRP#{A.uuid}", f"GRP#{B.uuid}"])
    assert all(i["message_group_uuid"] == SEED_GROUP_UUID for i in grp)
    assert len(msg) == 104
    assert all(i["pk"] == f"MSG#{SEED_GROUP_UUID}" and "message_uuid" in i for i in msg)
    assert not any("message_group_uuid" in i for i in msg)


def test_seed_twice_still_106_items_and_2_group_rows(table):
    run_script("seed")
    second = run_script("seed").stdout
    assert "removed 106 earlier rows" in second
    items = scanned_items(run_script("scan").stdout)
    assert len(items) == 106
    assert sum(i["pk"].startswith("GRP#") for i in items) == 2
    assert len({i["message_uuid"] for i in items if "message_uuid" in i}) == 104


def test_scan_is_local_only(dynarock):
    result = run_script("scan", "prod", check=False)
    assert result.returncode == 1 and "local only" in result.stderr


def test_e9_get_conversation(seeded):
    (response, capacity), lines = json_documents(run_script("patterns/get-conversation").stdout)
    assert response["Count"] == 20 and response["ScannedCount"] == 20
    keys = [item["sk"]["S"] for item in response["Items"]]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == 20
    last = response["Items"][-1]
    assert response["LastEvaluatedKey"] == {"pk": last["pk"], "sk": last["sk"]}
    assert capacity == response["ConsumedCapacity"]
    assert capacity["TableName"] == "cruddur-messages" and capacity["CapacityUnits"] > 0

    # Fix 7.1: 20 lines, oldest first: handle (12), time (22), 40 chars and "...".
    conversation = seed.load_conversation()
    lines = lines.splitlines()
    assert len(lines) == 20
    for line, (handle, text) in zip(lines, conversation[84:]):
        assert line[:12] == f"{handle:<12}"
        assert line[34:] == text[:40] + "..."
    assert lines[0].startswith("andrewbrown ") and "One thing that really stands out" in lines[0]
    assert lines[-1].startswith("bayko ") and "Definitely. I think his character" in lines[-1]


def test_e14_list_conversations(seeded, ddb):
    out = run_script("patterns/list-conversations").stdout
    first, rest = out.split("\n", 1)
    assert first == f"my-uuid: {A.uuid}"
    [response], _ = json_documents(rest)
    assert response["Count"] == 1
    item = {k: v["S"] for k, v in response["Items"][0].items()}
    assert item["pk"] == f"GRP#{A.uuid}" and item["message_group_uuid"] == SEED_GROUP_UUID
    assert (item["user_handle"], item["user_display_name"]) == ("bayko", "Andrew Bayko")
    assert response["ConsumedCapacity"]["CapacityUnits"] > 0

    # The mirror row in bayko's inbox holds andrewbrown's identity.
    [mirror] = messages.query_message_groups(ddb, B.uuid)["Items"]
    assert mirror["user_uuid"]["S"] == A.uuid and mirror["user_handle"]["S"] == "andrewbrown"


def test_e17_drop(table):
    usage = run_script("drop", check=False)
    assert usage.returncode == 1
    assert "./bin/ddb/drop cruddur-messages prod" in usage.stdout

    out = run_script("drop", "cruddur-messages").stdout
    head, body = out.split("\n", 1)
    assert head == "deleting table: cruddur-messages"
    assert json.loads(body)["TableDescription"]["TableName"] == "cruddur-messages"
    assert table.list_tables()["TableNames"] == []  # the CLI's empty box: test_e3
    with pytest.raises(ClientError) as error:
        table.query(TableName="cruddur-messages", KeyConditionExpression="pk = :pk",
                    ExpressionAttributeValues={":pk": {"S": "MSG#x"}})
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    run_script("schema-load")
    assert table.list_tables()["TableNames"] == ["cruddur-messages"]


def test_e19_scripts_follow_the_endpoint_chain(table, monkeypatch):
    """AWS_ENDPOINT_URL_DYNAMODB wins over AWS_ENDPOINT_URL; AWS_ENDPOINT_URL alone works."""
    url = config.endpoint()
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens there
    assert box_rows(run_script("list-tables").stdout)[1:] == ["cruddur-messages"]
    run_script("seed")

    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB")
    assert box_rows(run_script("list-tables").stdout)[1:] == ["cruddur-messages"]
    assert len(scanned_items(run_script("scan").stdout)) == 106

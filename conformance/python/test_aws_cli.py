"""The AWS CLI, unchanged but for --endpoint-url."""
import json
import os
import subprocess
import sys

import pytest

AWS = os.path.join(os.path.dirname(sys.executable), "aws")


@pytest.fixture
def aws(server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="cli", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

    def run(*args, check=True):
        result = subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", server.url,
                                 "--output", "json"], capture_output=True, text=True, env=env,
                                timeout=60)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def test_cli_table_and_item_round_trip(aws):
    aws("create-table", "--table-name", "cli-table",
        "--attribute-definitions", "AttributeName=pk,AttributeType=S",
        "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws("wait", "table-exists", "--table-name", "cli-table")
    assert "cli-table" in json.loads(aws("list-tables").stdout)["TableNames"]
    aws("put-item", "--table-name", "cli-table",
        "--item", '{"pk": {"S": "a"}, "n": {"N": "1.50"}}')
    item = json.loads(aws("get-item", "--table-name", "cli-table",
                          "--key", '{"pk": {"S": "a"}}').stdout)["Item"]
    assert item == {"pk": {"S": "a"}, "n": {"N": "1.5"}}
    described = json.loads(aws("describe-table", "--table-name", "cli-table").stdout)
    assert described["Table"]["ItemCount"] == 1
    aws("delete-item", "--table-name", "cli-table", "--key", '{"pk": {"S": "a"}}')
    aws("delete-table", "--table-name", "cli-table")
    aws("wait", "table-not-exists", "--table-name", "cli-table")


def test_cli_reports_dynamodb_errors(aws):
    result = aws("describe-table", "--table-name", "cli-missing", check=False)
    assert result.returncode != 0
    assert "ResourceNotFoundException" in result.stderr


def test_cli_paginates_list_tables(aws):
    for i in range(5):
        aws("create-table", "--table-name", f"cli-page-{i}",
            "--attribute-definitions", "AttributeName=pk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    names = json.loads(aws("list-tables", "--page-size", "2").stdout)["TableNames"]
    assert [n for n in names if n.startswith("cli-page-")] == [f"cli-page-{i}" for i in range(5)]


def test_cli_export_import_and_resource_policy(start_server, tmp_path):
    # The README's commands: export to a bucket folder, import it back, and a
    # resource policy, all through the CLI.
    server = start_server("-inMemory", "--s3-root", str(tmp_path / "s3"))
    env = dict(os.environ, AWS_ACCESS_KEY_ID="cli", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

    def aws(*args):
        result = subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", server.url,
                                 "--output", "json"], capture_output=True, text=True, env=env,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else {}

    arn = aws("create-table", "--table-name", "Music",
              "--attribute-definitions", "AttributeName=Artist,AttributeType=S",
              "--key-schema", "AttributeName=Artist,KeyType=HASH",
              "--billing-mode", "PAY_PER_REQUEST")["TableDescription"]["TableArn"]
    aws("update-continuous-backups", "--table-name", "Music",
        "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
    aws("put-item", "--table-name", "Music", "--item", '{"Artist": {"S": "Acme Band"}}')
    export = aws("export-table-to-point-in-time", "--table-arn", arn,
                 "--s3-bucket", "exports")["ExportDescription"]
    for _ in range(200):
        done = aws("describe-export", "--export-arn", export["ExportArn"])["ExportDescription"]
        if done["ExportStatus"] != "IN_PROGRESS":
            break
    assert done["ExportStatus"] == "COMPLETED"
    export_id = export["ExportArn"].rsplit("/", 1)[1]
    imported = aws("import-table", "--input-format", "DYNAMODB_JSON",
                   "--input-compression-type", "GZIP", "--s3-bucket-source",
                   f"S3Bucket=exports,S3KeyPrefix=AWSDynamoDB/{export_id}/data/",
                   "--table-creation-parameters", json.dumps({
                       "TableName": "Music2", "BillingMode": "PAY_PER_REQUEST",
                       "AttributeDefinitions": [{"AttributeName": "Artist",
                                                 "AttributeType": "S"}],
                       "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}]}),
                   )["ImportTableDescription"]
    for _ in range(200):
        done = aws("describe-import", "--import-arn",
                   imported["ImportArn"])["ImportTableDescription"]
        if done["ImportStatus"] != "IN_PROGRESS":
            break
    assert (done["ImportStatus"], done["ImportedItemCount"]) == ("COMPLETED", 1)
    aws("wait", "table-exists", "--table-name", "Music2")
    assert aws("scan", "--table-name", "Music2")["Items"] == [{"Artist": {"S": "Acme Band"}}]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable", "Resource": arn}]})
    revision = aws("put-resource-policy", "--resource-arn", arn, "--policy", policy)["RevisionId"]
    got = aws("get-resource-policy", "--resource-arn", arn)
    assert got["RevisionId"] == revision and json.loads(got["Policy"])["Statement"][0]["Effect"] \
        == "Deny"

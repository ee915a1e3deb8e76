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

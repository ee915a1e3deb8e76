"""Shared fixtures and helpers for test_patterns.py and test_scripts.py (imported by them)."""
import os
import subprocess
import sys

import pytest

from cruddur_messaging import config, messages, schema, seed
from cruddur_messaging.users import SEED_GROUP_UUID

MESSAGING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(MESSAGING, "bin", "ddb")
# The venv's python3 and aws come first, so the scripts' shebangs find boto3 and the CLI.
TOOLS = os.path.dirname(sys.executable)
# The specification's time bounds for pattern E (T, and the median under it) are for a normal
# build; `make asan` runs these tests against a sanitized debug build several times slower, and
# stretches both by DYNAROCK_TIME_SCALE.
TIME_SCALE = float(os.environ.get("DYNAROCK_TIME_SCALE", "1"))
PROPAGATION_BOUND = 2.0 * TIME_SCALE
MEDIAN_BOUND = 0.5 * TIME_SCALE


@pytest.fixture
def ddb(dynarock):
    """A boto3 client on the test's dynarock."""
    return config.client()


@pytest.fixture
def table(ddb):
    """The client, with cruddur-messages created."""
    schema.create_table(ddb)
    return ddb


@pytest.fixture
def seeded(table):
    """The rows of conversation G, written by the library's seed."""
    return seed.seed(table, log=lambda *args: None)


def run_script(name, *args, check=True, env=None):
    """Runs bin/ddb/<name> with this process's env (which points at the test's dynarock)."""
    env = dict(os.environ if env is None else env)
    env["PATH"] = TOOLS + os.pathsep + env.get("PATH", "")
    result = subprocess.run([os.path.join(SCRIPTS, name), *args], cwd=MESSAGING, env=env,
                            capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def query_all(ddb, **request):
    """Every item of a Query or Scan, page by page; also returns the number of pages."""
    operation = ddb.scan if "KeyConditionExpression" not in request else ddb.query
    items, pages = [], 0
    while True:
        page = operation(TableName=config.TABLE_NAME, **request)
        items += [messages.from_attributes(item) for item in page["Items"]]
        pages += 1
        if "LastEvaluatedKey" not in page:
            return items, pages
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def group_rows(ddb, group_uuid=SEED_GROUP_UUID):
    """The GRP rows of a group, through the sparse GSI."""
    items, _ = query_all(ddb, IndexName=config.INDEX_NAME,
                         KeyConditionExpression="message_group_uuid = :g",
                         ExpressionAttributeValues={":g": {"S": group_uuid}})
    return items


def message_rows(ddb, group_uuid=SEED_GROUP_UUID):
    """The MSG rows of a group, oldest first."""
    items, _ = query_all(ddb, KeyConditionExpression="pk = :pk",
                         ExpressionAttributeValues={":pk": {"S": messages.msg_pk(group_uuid)}})
    return items

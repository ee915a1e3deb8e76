"""The command line: DynamoDB Local's flags, our own, and refusals."""
import subprocess
import time

from conftest import BINARY, create_table


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=10)


def test_unknown_flag_is_refused_with_a_message():
    result = run("-bogus")
    assert result.returncode != 0
    assert "unknown option: -bogus" in result.stderr


def test_in_memory_and_db_path_exclude_each_other():
    result = run("-inMemory", "-dbPath", "/tmp")
    assert result.returncode != 0
    assert "-inMemory" in result.stderr


def test_bad_port_is_refused():
    result = run("-port", "seventy")
    assert result.returncode != 0
    assert "-port" in result.stderr


def test_help_exits_zero():
    result = run("-help")
    assert result.returncode == 0
    assert "-sharedDb" in result.stdout


def test_dynamodb_local_command_line_is_accepted(start_server):
    server = start_server("-jar", "DynamoDBLocal.jar", "-sharedDb", "-inMemory",
                          "-disableTelemetry", "-optimizeDbBeforeStartup")
    assert "in memory" in server.banner and "shared database" in server.banner
    assert server.client().list_tables()["TableNames"] == []


def test_long_form_flags(start_server):
    server = start_server("--inMemory", "--threads=2")
    assert server.client().list_tables()["TableNames"] == []


def test_delay_transient_statuses(start_server):
    client = start_server("-inMemory", "-delayTransientStatuses").client()
    name = create_table(client)
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "CREATING"
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2})
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert client.delete_table(TableName=name)["TableDescription"]["TableStatus"] == "DELETING"
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "DELETING"
    client.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2})


def test_sigterm_lets_a_request_in_flight_finish(start_server):
    server = start_server("-inMemory")
    client = server.client()
    create_table(client, "graceful")
    client.put_item(TableName="graceful", Item={"pk": {"S": "a"}})
    started = time.time()
    assert server.stop() == 0
    assert time.time() - started < 5

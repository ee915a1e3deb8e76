"""Local triggers (--trigger): a table's stream records delivered to a handler as an AWS
Lambda event source mapping delivers them -- to an HTTP endpoint (the event POSTed) or to a
command (the event on stdin, e.g. an unchanged Lambda handler behind scripts/lambda_shim.py)
-- in stream order, in batches, retried on failure, and resumed after a restart without
delivering anything twice or skipping anything."""
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import EXTERNAL, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

SHIM = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "lambda_shim.py")


class Endpoint:
    """A local HTTP handler that records every event; fails the first `failures` POSTs."""

    def __init__(self, failures=0, always_fail=False):
        self.events, self.attempts = [], 0
        self.failures, self.always_fail = failures, always_fail
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.attempts += 1
                failing = endpoint.always_fail or endpoint.attempts <= endpoint.failures
                if not failing:
                    endpoint.events.append(json.loads(body))
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}/events"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def records(self):
        return [r for e in self.events for r in e["Records"]]

    def close(self):
        self.http.shutdown()


@pytest.fixture
def endpoint():
    made = []

    def make(**kwargs):
        made.append(Endpoint(**kwargs))
        return made[-1]

    yield make
    for e in made:
        e.close()


def stream_table(client, name, view="NEW_IMAGE"):
    client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    return client.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def put(client, table, *names):
    for name in names:
        client.put_item(TableName=table, Item={"pk": {"S": name}, "v": {"S": name * 2}})


def wait_until(condition, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def keys(records):
    return [r["dynamodb"]["Keys"]["pk"]["S"] for r in records]


def test_records_reach_an_http_endpoint_as_a_lambda_event_in_order(start_server, endpoint):
    handler = endpoint()
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},batch-size=2,url={handler.url}")
    client = server.client()
    arn = stream_table(client, table)
    time.sleep(0.3)  # the mapping starts at LATEST once it sees the stream
    put(client, table, "a", "b", "c", "d", "e")
    client.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    assert wait_until(lambda: len(handler.records()) == 6)
    assert keys(handler.records()) == ["a", "b", "c", "d", "e", "a"]
    assert all(1 <= len(e["Records"]) <= 2 for e in handler.events)
    first = handler.records()[0]
    assert first["eventSourceARN"] == arn
    assert first["eventName"] == "INSERT" and first["eventSource"] == "aws:dynamodb"
    assert first["eventVersion"] == "1.1" and first["awsRegion"] == "us-east-1"
    assert first["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "v": {"S": "aa"}}
    assert first["dynamodb"]["StreamViewType"] == "NEW_IMAGE"
    numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in handler.records()]
    assert numbers == sorted(numbers) and len(set(numbers)) == 6
    assert handler.records()[-1]["eventName"] == "REMOVE"


def test_trim_horizon_delivers_what_was_written_before_the_first_poll(start_server, endpoint):
    handler = endpoint()
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},start=TRIM_HORIZON,url={handler.url}")
    client = server.client()
    stream_table(client, table)
    put(client, table, "x", "y")
    assert wait_until(lambda: keys(handler.records()) == ["x", "y"])


def test_a_batching_window_gathers_records_into_one_event(start_server, endpoint):
    handler = endpoint()
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},window=1,batch-size=10,url={handler.url}")
    client = server.client()
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a", "b", "c")
    assert wait_until(lambda: handler.events)
    assert [keys(e["Records"]) for e in handler.events] == [["a", "b", "c"]]


def test_a_failing_handler_is_retried_and_order_is_kept(start_server, endpoint):
    handler = endpoint(failures=2)
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},batch-size=1,retries=3,url={handler.url}")
    client = server.client()
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a", "b")
    assert wait_until(lambda: keys(handler.records()) == ["a", "b"])
    assert handler.attempts == 4  # "a" failed twice, then "a" and "b"


def test_retries_are_bounded_and_then_the_batch_is_skipped(start_server, endpoint):
    handler = endpoint(always_fail=True)
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},batch-size=1,retries=1,url={handler.url}")
    client = server.client()
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a")
    assert wait_until(lambda: handler.attempts == 2)
    time.sleep(0.5)
    assert handler.attempts == 2  # one try and one retry; then it moved on
    handler.always_fail = False
    put(client, table, "b")
    assert wait_until(lambda: keys(handler.records()) == ["b"])


def test_a_restart_resumes_after_the_last_delivered_record(start_server, endpoint):
    handler = endpoint()
    table = unique_name("trig")
    flag = f"table={table},batch-size=1,url={handler.url}"
    with tempfile.TemporaryDirectory() as data:
        server = start_server("--trigger", flag, data_dir=data)
        client = server.client()
        stream_table(client, table)
        time.sleep(0.3)
        put(client, table, "a", "b")
        assert wait_until(lambda: keys(handler.records()) == ["a", "b"])
        assert server.stop() == 0
        # Written while no trigger runs: delivered after the restart, once.
        quiet = start_server(data_dir=data)
        put(quiet.client(), table, "c")
        assert quiet.stop() == 0
        again = start_server("--trigger", flag, data_dir=data)
        put(again.client(), table, "d")
        assert wait_until(lambda: keys(handler.records()) == ["a", "b", "c", "d"])
        time.sleep(0.5)
        assert keys(handler.records()) == ["a", "b", "c", "d"]


def test_an_unchanged_lambda_handler_runs_behind_the_shim(start_server, tmp_path):
    out = tmp_path / "seen.jsonl"
    (tmp_path / "app.py").write_text(
        "import json, os\n"
        "def lambda_handler(event, context):\n"
        "    assert context.get_remaining_time_in_millis() > 0\n"
        "    with open(os.environ['SEEN'], 'a') as f:\n"
        "        for record in event['Records']:\n"
        "            if record['dynamodb']['Keys']['pk']['S'] == 'boom':\n"
        "                raise RuntimeError('boom')\n"
        "            f.write(json.dumps(record) + '\\n')\n"
        "    return {'statusCode': 200}\n")
    table = unique_name("trig")
    command = f"SEEN={out} {sys.executable} {SHIM} app.lambda_handler --path {tmp_path}"
    server = start_server("--trigger", f"table={table},batch-size=5,retries=0,command={command}")
    client = server.client()
    stream_table(client, table, view="NEW_AND_OLD_IMAGES")
    time.sleep(0.3)
    put(client, table, "a")
    client.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": {"S": "new"}})

    def seen():
        return [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []

    assert wait_until(lambda: len(seen()) == 2)
    insert, modify = seen()
    assert insert["eventName"] == "INSERT" and modify["eventName"] == "MODIFY"
    assert modify["dynamodb"]["OldImage"]["v"] == {"S": "aa"}
    assert modify["dynamodb"]["NewImage"]["v"] == {"S": "new"}
    # A handler that raises fails its batch (no retries here: skipped), and the next
    # batch is still delivered.
    put(client, table, "boom")
    time.sleep(0.5)
    put(client, table, "z")
    assert wait_until(lambda: [r["dynamodb"]["Keys"]["pk"]["S"] for r in seen()][-1] == "z")


def test_bad_trigger_flags_are_refused():
    import subprocess
    from conftest import BINARY
    for spec in ("table=t", "url=http://127.0.0.1:1/", "table=t,url=ftp://x",
                 "table=t,url=http://a/,command=true", "table=t,batch-size=0,url=http://a/",
                 "table=t,colour=red,url=http://a/"):
        run = subprocess.run([BINARY, "-inMemory", "-port", "0", "--trigger", spec],
                             capture_output=True, text=True, timeout=10)
        assert run.returncode == 2, spec
        assert "--trigger" in run.stderr, spec


def test_a_command_handler_is_told_how_to_reach_the_table(start_server, tmp_path):
    out = tmp_path / "env.txt"
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},command=env > {out}")
    client = server.client(key="tester", region="eu-west-1")
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a")
    assert wait_until(out.exists)
    env = dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)
    assert env["AWS_ENDPOINT_URL_DYNAMODB"] == server.url
    assert env["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] == server.url
    # Without -sharedDb the table lives in the database of this key and region.
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_REGION"]) == ("tester", "eu-west-1")
    assert env.get("AWS_SECRET_ACCESS_KEY")


def test_a_named_trigger_keeps_its_position_when_its_handler_changes(start_server, endpoint):
    first, second = endpoint(), endpoint()
    table = unique_name("trig")
    with tempfile.TemporaryDirectory() as data:
        server = start_server("--trigger", f"table={table},name=inbox,url={first.url}",
                              data_dir=data)
        client = server.client()
        stream_table(client, table)
        time.sleep(0.3)
        put(client, table, "a")
        assert wait_until(lambda: keys(first.records()) == ["a"])
        assert server.stop() == 0
        again = start_server("--trigger", f"table={table},name=inbox,url={second.url}",
                             data_dir=data)
        put(again.client(), table, "b")
        assert wait_until(lambda: keys(second.records()) == ["b"])
        time.sleep(0.3)
        assert keys(second.records()) == ["b"]


def test_a_handler_that_never_ends_does_not_hold_up_a_stop(start_server, tmp_path):
    started = tmp_path / "started"
    table = unique_name("trig")
    server = start_server("--trigger", f"table={table},command=touch {started}; sleep 600")
    client = server.client()
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a")
    assert wait_until(started.exists)
    began = time.time()
    assert server.stop(timeout=10) == 0
    assert time.time() - began < 5


def test_a_command_handler_inherits_none_of_dynaracks_sockets(start_server, tmp_path):
    out = tmp_path / "fds.txt"
    table = unique_name("trig")
    # What each of the shell's descriptors is (besides what the shell itself opens to
    # list them, and its saved stdout).
    server = start_server("--trigger", f"table={table},command=for f in /proc/$$/fd/*; do "
                                       f"readlink $f; done > {out}")
    client = server.client()
    stream_table(client, table)
    time.sleep(0.3)
    put(client, table, "a")
    assert wait_until(lambda: out.exists() and out.read_text())
    time.sleep(0.2)
    targets = out.read_text().split()
    assert targets and not [t for t in targets if t.startswith("socket:")], targets

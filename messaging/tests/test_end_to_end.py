"""The whole offline cruddur stack, as issue #8 and the specification's section 8 tell the
story: dynarock started with DynamoDB Local's argument string, the scripts, the library's
patterns A-D, pattern E through the polling consumer (the compose sidecar), a burst, a replay
of the stream from its start, and a restart on the same -dbPath."""
import json
import os
import signal
import statistics
import subprocess
import sys
import time

from cruddur_messaging import config, messages
from cruddur_messaging.users import SEED_GROUP_UUID, by_handle
from helpers import (MEDIAN_BOUND, MESSAGING, PROPAGATION_BOUND, group_rows, message_rows,
                     query_all, run_script)


def wait_for(condition, timeout=PROPAGATION_BOUND, interval=0.01):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def start_consumer(checkpoint, log_path, *flags):
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cruddur_messaging.consumer", "--table", config.TABLE_NAME,
         "--checkpoint", str(checkpoint), "--poll", "0.2", *flags],
        cwd=MESSAGING, stdout=log, stderr=subprocess.STDOUT)
    assert wait_for(lambda: "consuming the stream" in open(log_path).read(), timeout=15)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def whole_table(ddb):
    items, _ = query_all(ddb)
    return sorted(json.dumps(item, sort_keys=True) for item in items)


def inbox(user):
    return messages.list_message_groups(by_handle(user).uuid).items


def test_the_offline_stack_end_to_end(start_dynarock, tmp_path):
    andrew, bayko, londo = (by_handle(h).uuid for h in ("andrewbrown", "bayko", "londo"))
    work = tmp_path / "dynamodblocal"
    work.mkdir()
    dynamo_local_args = ("-jar", "DynamoDBLocal.jar", "-sharedDb", "-dbPath", "./data")
    server = start_dynarock(*dynamo_local_args, cwd=work)
    ddb = config.client()

    # The scripts: schema, seed, scan, the two pattern scripts.
    assert "cruddur-messages" in run_script("schema-load").stdout
    run_script("seed")
    assert len(run_script("scan").stdout.strip().splitlines()) == 106
    listed = run_script("patterns/list-conversations").stdout
    assert f"my-uuid: {andrew}" in listed
    lines = run_script("patterns/get-conversation").stdout.rstrip().splitlines()[-20:]
    assert lines[0].startswith("andrewbrown") and lines[-1].startswith("bayko")

    consumer = start_consumer(tmp_path / "checkpoint.json", tmp_path / "consumer.log")
    try:
        # The seed's last message is already what both inbox rows show.
        last = message_rows(ddb)[-1]
        assert wait_for(lambda: {r["sk"] for r in group_rows(ddb)} == {last["sk"]})

        # D: a new conversation shows in both inboxes at once.
        created = messages.create_message_group(andrew, "londo", "Hello Londo")
        new_group = created["message_group_uuid"]
        assert [g["uuid"] for g in inbox("andrewbrown")][0] == new_group
        assert [g["uuid"] for g in inbox("londo")] == [new_group]

        # C + E: each message to G moves both of G's inbox rows to it, within T.
        latencies = []
        for i in range(10):
            sent = messages.create_message(SEED_GROUP_UUID, bayko if i % 2 else andrew,
                                           f"ping {i}")
            began = time.time()
            assert wait_for(lambda: all(r["sk"] == sent["created_at"] and
                                        r["message"] == f"ping {i}" for r in group_rows(ddb)))
            latencies.append(time.time() - began)
        assert statistics.median(latencies) < MEDIAN_BOUND, latencies
        assert max(latencies) < PROPAGATION_BOUND, latencies
        assert inbox("andrewbrown")[0]["uuid"] == SEED_GROUP_UUID
        assert inbox("andrewbrown")[0]["message"] == "ping 9"
        assert [g["uuid"] for g in inbox("londo")] == [new_group]  # untouched

        # A burst of 10 from both sides: exactly two rows for G, holding the newest.
        sent = [messages.create_message(SEED_GROUP_UUID, bayko if i % 2 else andrew,
                                        f"burst {i}") for i in range(10)]
        newest = sent[-1]
        assert wait_for(lambda: sorted((r["sk"], r["message"]) for r in group_rows(ddb)) ==
                        [(newest["created_at"], "burst 9")] * 2)
        thread = messages.list_messages(SEED_GROUP_UUID, andrew).items
        assert [m["message"] for m in thread[-10:]] == [f"burst {i}" for i in range(10)]
    finally:
        stop(consumer)

    # Replaying the whole stream changes nothing.
    before = whole_table(ddb)
    replay = start_consumer(tmp_path / "fresh.json", tmp_path / "replay.log", "--from-start")
    time.sleep(1.5)
    stop(replay)
    assert whole_table(ddb) == before

    # A restart on the same -dbPath keeps the tables, the items, the index and the stream.
    assert server.stop() == 0
    start_dynarock(*dynamo_local_args, cwd=work)
    ddb = config.client()
    assert whole_table(ddb) == before
    assert len(group_rows(ddb)) == 2
    described = ddb.describe_table(TableName=config.TABLE_NAME)["Table"]
    assert described["StreamSpecification"] == {"StreamEnabled": True,
                                                "StreamViewType": "NEW_IMAGE"}
    assert os.path.isdir(work / "data" / "dynarock")

#!/usr/bin/env python3
"""Instructions per request, counted by callgrind: a deterministic measure of
what a change saves in user space, for a host whose speed drifts too much for
wrk to resolve a few percent (bench/NOTES.md, 2026-12-03).

  bench/instructions.py [--binary build-release/dynarock] [--requests 1000]
                        [--keep DIR] [workload ...]  (put, get, cruddur; default all)

For each workload: dynarock starts under valgrind on a fresh data directory,
bench/preload.py loads it (1000 keys), 200 requests warm it up, the counters
are zeroed, one keep-alive connection sends the workload's requests (a fixed,
seeded sequence), and the counters are dumped. Kernel time (send, recv, the
WAL write) is not counted. Needs valgrind (apt-get install valgrind).
"""
import argparse
import glob
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from preload import HEADERS  # the headers every SDK sends, as the preload uses

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAYLOAD = "abcdefghij" * 12


def requests(workload, count, tag):
    """The workload's requests as (operation, body): the same every run."""
    rng = random.Random(7)
    for i in range(count):
        if workload == "put":
            yield "PutItem", {"TableName": "bench", "Item": {
                "pk": {"S": f"ins-{tag}-{i}"}, "n": {"N": "12345"}, "flag": {"BOOL": True},
                "data": {"S": PAYLOAD}}}
        elif workload == "get":
            yield "GetItem", {"TableName": "bench", "Key": {"pk": {"S": f"key-{rng.randrange(1000)}"}}}
        elif i % 10 < 7:  # the cruddur mix, as bench/wrk/cruddur.lua
            yield "Query", newest(f"MSG#group-{rng.randrange(200)}")
        elif i % 10 < 9:
            yield "PutItem", {"TableName": "cruddur-messages", "Item": {
                "pk": {"S": f"MSG#group-{rng.randrange(200)}"},
                "sk": {"S": f"2030-01-01T00:00:00.000000+00:00#{tag}-{i}"},
                "message_uuid": {"S": f"{tag}-{i}"}, "message": {"S": PAYLOAD},
                "user_uuid": {"S": "user-7"}, "user_display_name": {"S": "User Seven"},
                "user_handle": {"S": "user7"}}}
        else:
            yield "Query", newest(f"GRP#user-{rng.randrange(100)}")


def newest(pk):
    return {"TableName": "cruddur-messages", "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}}, "ScanIndexForward": False, "Limit": 20}


def send(port, workload, count, tag):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for operation, body in requests(workload, count, tag):
        headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation})
        conn.request("POST", "/", json.dumps(body), headers)
        response = conn.getresponse()
        answer = response.read()
        if response.status != 200:
            raise SystemExit(f"{operation}: {response.status} {answer[:200]!r}")
    conn.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def count(binary, workload, n, keep=None):
    work = tempfile.mkdtemp(prefix="dynarock-instructions-")
    port = free_port()
    out = os.path.join(work, "callgrind.out")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary,
         "-port", str(port), "-sharedDb", "-dbPath", os.path.join(work, "db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("dynarock did not start under valgrind")
                time.sleep(0.2)
        subprocess.run([sys.executable, os.path.join(HERE, "preload.py"),
                        f"http://127.0.0.1:{port}", "1000"], check=True, stdout=subprocess.DEVNULL)
        send(port, workload, 200, "warm")
        subprocess.run(["callgrind_control", "-z", str(server.pid)], check=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        send(port, workload, n, "run")
        subprocess.run(["callgrind_control", "-d", str(server.pid)], check=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dumps = sorted(glob.glob(out + ".*"))
        if not dumps:
            raise SystemExit("callgrind wrote no dump")
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(dumps[0], os.path.join(keep, f"callgrind.{workload}"))
        with open(dumps[0]) as f:
            totals = re.search(r"^(?:summary|totals): (\d+)", f.read(), re.M)
        return int(totals.group(1)) // n
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-release", "dynarock"))
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR",
                        help="copy each dump to DIR/callgrind.<workload> for callgrind_annotate")
    parser.add_argument("workloads", nargs="*", default=["put", "get", "cruddur"])
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    for workload in args.workloads:
        print(f"{workload}: {count(args.binary, workload, args.requests, args.keep)} instructions per request",
              flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""SearchVectors through the wire protocol, at growing sizes: loads N items
with random D-dimension vectors (uniform in [-1, 1]) into a fresh dynarock,
then times searches (TopK 10, boto3, one client) and checks each answer
against a brute-force ranking of the same vectors.

  .venv/bin/python bench/vector_search.py build-release/dynarock 10000 100000

The first search of an index is an exact scan and starts building the
index's candidates (engine/vector_anns.h); the script waits for the build,
then reports the exact scan's time, the indexed searches' p50/p99, and
recall@10 against brute force. bench/NOTES.md records the figures."""
import math
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config

DIMENSIONS = int(os.environ.get("DIMENSIONS", "384"))
QUERIES = int(os.environ.get("QUERIES", "50"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_float32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def cosine_ranking(vectors, query, k=10):
    q = [as_float32(x) for x in query]
    qn = math.sqrt(sum(a * a for a in q))

    def score(v):
        return 1 - sum(a * b for a, b in zip(q, v)) / (qn * math.sqrt(sum(b * b for b in v)))

    return [pk for _, pk in sorted((score(v), pk) for pk, v in vectors.items())[:k]]


def run(binary, items):
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([binary, "-port", str(port), "-dbPath", data],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return measure(port, items)
        finally:
            server.terminate()
            server.wait()


def measure(port, items):
    ddb = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}",
                       region_name="us-east-1", aws_access_key_id="bench",
                       aws_secret_access_key="bench",
                       config=Config(read_timeout=600, retries={"max_attempts": 1}))
    for _ in range(100):
        try:
            ddb.list_tables()
            break
        except Exception:
            time.sleep(0.05)
    ddb.create_table(
        TableName="vectors", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        VectorIndexes=[{"IndexName": "by-vector", "VectorAttribute": {"AttributeName": "v"},
                        "Dimensions": DIMENSIONS, "DistanceFunction": "COSINE",
                        "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    rng = random.Random(items)
    vectors = {}
    started = time.monotonic()
    for start in range(0, items, 25):
        batch = []
        for i in range(start, min(items, start + 25)):
            v = [round(rng.uniform(-1, 1), 6) for _ in range(DIMENSIONS)]
            vectors[f"p{i}"] = [as_float32(x) for x in v]
            batch.append({"PutRequest": {"Item": {
                "pk": {"S": f"p{i}"}, "v": {"L": [{"N": repr(x)} for x in v]}}}})
        ddb.batch_write_item(RequestItems={"vectors": batch})
    load = time.monotonic() - started

    def search(q):
        t = time.monotonic()
        answer = ddb.search_vectors(TableName="vectors", IndexName="by-vector", TopK=10,
                                    SearchVector=[{"N": repr(x)} for x in q])
        return time.monotonic() - t, [r["Item"]["pk"]["S"] for r in answer["SearchResults"]]

    query = lambda: [rng.uniform(-1, 1) for _ in range(DIMENSIONS)]  # noqa: E731
    exact, _ = search(query())
    while True:  # until the candidates are built: a search far quicker than the scan
        took, _ = search(query())
        if took < exact / 3 or time.monotonic() - started > 3600:
            break
        time.sleep(0.5)
    times, found = [], 0
    for _ in range(QUERIES):
        q = query()
        took, keys = search(q)
        times.append(took * 1000)
        found += len(set(keys) & set(cosine_ranking(vectors, q)))
    times.sort()
    return (f"| {items:,} x {DIMENSIONS} | {load:.0f} s | {exact * 1000:.0f} ms | "
            f"{times[len(times) // 2]:.1f} ms | {times[int(len(times) * 0.99)]:.1f} ms | "
            f"{found / (10 * QUERIES):.3f} |")


def main():
    binary = sys.argv[1]
    print("| items x dims | load | exact scan | indexed p50 | p99 | recall@10 |")
    print("|---|---|---|---|---|---|")
    for items in sys.argv[2:]:
        print(run(binary, int(items)), flush=True)


if __name__ == "__main__":
    main()

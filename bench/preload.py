#!/usr/bin/env python3
"""Creates the table "bench" (hash key pk, on demand) on an endpoint and loads
the keys key-0 .. key-9999 that the get and mixed workloads read, and the
table "bench_q" (pk, sk N) with partitions part-0 .. part-499 of 20 items
each that the query workload reads. Uses only the standard library, over one
keep-alive connection."""
import http.client
import json
import sys
import time
import urllib.parse

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0000",
    "X-Amz-Date": "20260101T000000Z",
}


def call(conn, operation, body):
    headers = dict(HEADERS, **{"X-Amz-Target": "DynamoDB_20120810." + operation})
    conn.request("POST", "/", json.dumps(body), headers)
    response = conn.getresponse()
    return response.status, response.read()


def main():
    url = urllib.parse.urlparse(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    create(conn, "bench", [("pk", "HASH", "S")])
    create(conn, "bench_q", [("pk", "HASH", "S"), ("sk", "RANGE", "N")])
    payload = "abcdefghij" * 12
    for i in range(count):
        put(conn, {"TableName": "bench", "Item": {
            "pk": {"S": f"key-{i}"}, "n": {"N": "12345"}, "flag": {"BOOL": True},
            "data": {"S": payload}}})
        put(conn, {"TableName": "bench_q", "Item": {
            "pk": {"S": f"part-{i // 20}"}, "sk": {"N": str(i % 20)}, "data": {"S": payload}}})


def create(conn, name, keys):
    call(conn, "CreateTable", {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": a, "KeyType": k} for a, k, _ in keys],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, _, t in keys]})
    for _ in range(100):  # some emulators create tables asynchronously
        status, body = call(conn, "DescribeTable", {"TableName": name})
        if status == 200 and json.loads(body)["Table"]["TableStatus"] == "ACTIVE":
            break
        time.sleep(0.1)


def put(conn, body):
    status, answer = call(conn, "PutItem", body)
    if status != 200:
        sys.exit(f"preload failed: {status} {answer[:200]!r}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Creates the table "bench" (hash key pk, on demand) on an endpoint and loads
the keys key-0 .. key-9999 that the get and mixed workloads read. Uses only
the standard library, over one keep-alive connection."""
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
    call(conn, "CreateTable", {
        "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    for _ in range(100):  # some emulators create tables asynchronously
        status, body = call(conn, "DescribeTable", {"TableName": "bench"})
        if status == 200 and json.loads(body)["Table"]["TableStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    payload = "abcdefghij" * 12
    for i in range(count):
        status, body = call(conn, "PutItem", {"TableName": "bench", "Item": {
            "pk": {"S": f"key-{i}"}, "n": {"N": "12345"}, "flag": {"BOOL": True},
            "data": {"S": payload}}})
        if status != 200:
            sys.exit(f"preload failed: {status} {body[:200]!r}")


if __name__ == "__main__":
    main()

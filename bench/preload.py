#!/usr/bin/env python3
"""Creates the table "bench" (hash key pk, on demand) on an endpoint and loads
the keys key-0 .. key-9999 that the get and mixed workloads read, and the
table "bench_q" (pk, sk N) with partitions part-0 .. part-499 of 20 items
each that the query workload reads, and "cruddur-messages" (the cruddur
schema: pk/sk S, GSI message-group-sk-index, a NEW_IMAGE stream) with 200
conversations of 25 messages between 100 users for the cruddur workload.
Uses only the standard library, over one keep-alive connection."""
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
    load_cruddur(conn, payload)


GROUPS, USERS, MESSAGES = 200, 100, 25


def load_cruddur(conn, text):
    """Conversation g is between user g % 100 and user (g + 1) % 100."""
    schema = {
        "TableName": "cruddur-messages", "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"}
                                 for n in ("message_group_uuid", "pk", "sk")],
        "GlobalSecondaryIndexes": [{
            "IndexName": "message-group-sk-index", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}}
    status, _ = call(conn, "CreateTable", schema)
    if status != 200:  # a peer without streams
        del schema["StreamSpecification"]
        call(conn, "CreateTable", schema)
    wait_active(conn, "cruddur-messages")

    def user(u):
        return {"user_uuid": {"S": f"user-{u}"}, "user_display_name": {"S": f"User {u}"},
                "user_handle": {"S": f"user{u}"}}

    for g in range(GROUPS):
        a, b = g % USERS, (g + 1) % USERS
        last = f"2026-01-01T00:{g % 60:02d}:{MESSAGES:02d}.000000+00:00"
        for owner, other in ((a, b), (b, a)):
            put(conn, {"TableName": "cruddur-messages", "Item": {
                "pk": {"S": f"GRP#user-{owner}"}, "sk": {"S": last},
                "message_group_uuid": {"S": f"group-{g}"}, "message": {"S": text}, **user(other)}})
        for m in range(MESSAGES):
            put(conn, {"TableName": "cruddur-messages", "Item": {
                "pk": {"S": f"MSG#group-{g}"},
                "sk": {"S": f"2026-01-01T00:{g % 60:02d}:{m:02d}.000000+00:00"},
                "message_uuid": {"S": f"m-{g}-{m}"}, "message": {"S": text},
                **user(a if m % 2 == 0 else b)}})


def create(conn, name, keys):
    call(conn, "CreateTable", {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": a, "KeyType": k} for a, k, _ in keys],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, _, t in keys]})
    wait_active(conn, name)


def wait_active(conn, name):
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

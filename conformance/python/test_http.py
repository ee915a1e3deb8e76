"""The HTTP surface, with raw requests: headers, checksums, framework errors,
compression, CORS, limits, keep-alive."""
import gzip
import http.client
import json
import socket
import zlib

AUTH = ("AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=0000")


def post(server, target, body, headers=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    all_headers = {"Content-Type": "application/x-amz-json-1.0", "Authorization": AUTH,
                   "X-Amz-Target": target}
    all_headers.update(headers or {})
    conn.request("POST", "/", body if isinstance(body, (bytes, str)) else json.dumps(body),
                 all_headers)
    response = conn.getresponse()
    data = response.read()
    if own:
        conn.close()
    return response, data


def error_type(data):
    return json.loads(data)["__type"]


def test_every_response_has_request_id_and_correct_crc32(server):
    for target, body in (("DynamoDB_20120810.ListTables", {}),
                         ("DynamoDB_20120810.DescribeTable", {"TableName": "missing"})):
        response, data = post(server, target, body)
        assert response.getheader("x-amzn-RequestId")
        assert int(response.getheader("x-amz-crc32")) == zlib.crc32(data)
        assert response.getheader("Content-Type") == "application/x-amz-json-1.0"


def test_missing_authorization_is_refused(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", "{}", {"X-Amz-Target": "DynamoDB_20120810.ListTables",
                                     "Content-Type": "application/x-amz-json-1.0"})
    response = conn.getresponse()
    data = response.read()
    assert response.status == 400
    assert error_type(data) == "com.amazon.coral.service#MissingAuthenticationTokenException"


def test_malformed_json_is_a_serialization_error(server):
    for body in ("{", "not json", "[]", b"{\"TableName\":\"\xff\"}"):
        response, data = post(server, "DynamoDB_20120810.ListTables", body)
        assert response.status == 400
        assert error_type(data) == "com.amazon.coral.service#SerializationException"


def test_wrong_json_type_is_a_serialization_error(server):
    response, data = post(server, "DynamoDB_20120810.DescribeTable", {"TableName": 123})
    assert response.status == 400
    assert error_type(data) == "com.amazon.coral.service#SerializationException"


def test_unknown_operations(server):
    for target in ("DynamoDB_20120810.Frobnicate", "Bogus.ListTables",
                   "DynamoDBStreams_20120810.Frobnicate", "DynamoDBStreams_20120810.ListTables"):
        response, data = post(server, target, {})
        assert response.status == 400
        assert error_type(data) == "com.amazon.coral.service#UnknownOperationException"


def test_validation_errors_use_the_coral_namespace(server):
    response, data = post(server, "DynamoDB_20120810.ListTables", {"Limit": 0})
    assert response.status == 400
    assert error_type(data) == "com.amazon.coral.validate#ValidationException"
    response, data = post(server, "DynamoDB_20120810.DescribeTable", {"TableName": "missing"})
    assert error_type(data) == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"


def test_health_check(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.status == 200
    assert response.read().decode().startswith("healthy: dynamodb.")


def test_gzip_and_deflate_request_bodies(server):
    body = json.dumps({}).encode()
    for encoding, packed in (("gzip", gzip.compress(body)), ("deflate", zlib.compress(body))):
        response, data = post(server, "DynamoDB_20120810.ListTables", packed,
                              {"Content-Encoding": encoding})
        assert response.status == 200, data
        assert "TableNames" in json.loads(data)


def test_gzip_response_when_asked(server, ddb):
    from conftest import create_table
    name = create_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "big"}, "d": {"S": "x" * 5000}})
    response, data = post(server, "DynamoDB_20120810.GetItem",
                          {"TableName": name, "Key": {"pk": {"S": "big"}}},
                          {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert int(response.getheader("x-amz-crc32")) == zlib.crc32(data)
    assert json.loads(gzip.decompress(data))["Item"]["d"]["S"] == "x" * 5000


def test_cors_preflight_and_origin_list(server, start_server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("OPTIONS", "/", headers={"Origin": "http://app.local",
                                          "Access-Control-Request-Method": "POST",
                                          "Access-Control-Request-Headers": "x-amz-target"})
    response = conn.getresponse()
    response.read()
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    assert "POST" in response.getheader("Access-Control-Allow-Methods")
    restricted = start_server("-inMemory", "-cors", "http://good.local")
    for origin, allowed in (("http://good.local", True), ("http://evil.local", False)):
        response, _ = post(restricted, "DynamoDB_20120810.ListTables", {}, {"Origin": origin})
        assert (response.getheader("Access-Control-Allow-Origin") == origin) == allowed


def test_body_over_16_mb_is_refused_and_the_server_keeps_serving(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    size = 16 * 1024 * 1024 + 1
    sock.sendall((f"POST / HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\n"
                  f"X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                  f"Content-Length: {size}\r\n\r\n").encode())
    answer = sock.recv(4096).decode(errors="replace")
    sock.close()
    assert answer.startswith("HTTP/1.1 413")
    assert "\r\nx-amzn-RequestId: " in answer and "\r\nx-amz-crc32: 0\r\n" in answer
    response, _ = post(server, "DynamoDB_20120810.ListTables", {})
    assert response.status == 200


def test_many_requests_on_one_keep_alive_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for _ in range(200):
        response, data = post(server, "DynamoDB_20120810.ListTables", {}, conn=conn)
        assert response.status == 200
    conn.close()


def test_describe_endpoints_and_limits(ddb):
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert endpoints[0]["CachePeriodInMinutes"] == 1440
    limits = ddb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert limits["AccountMaxWriteCapacityUnits"] == 80000


def read_response(sock, data=b""):
    """One HTTP response from a raw socket, after `data` already read:
    (status line, headers, body, what was read past it)."""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before the header"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    length = int(headers["content-length"])
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before the body's end"
        body += chunk
    return lines[0], headers, body[:length], body[length:]


def raw_request(target, body):
    return (f"POST / HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH}\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: {target}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def test_large_answer_to_a_client_that_reads_late_arrives_whole(server, ddb):
    # About 5 MB of answers queued while the client does not read: more than
    # the socket takes at once, so the rest waits for the client.
    from conftest import create_table
    name = create_table(ddb)
    big = "x" * 390_000
    for i in range(10):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"k{i}"}, "v": {"S": big}})
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    scan = raw_request("DynamoDB_20120810.Scan", json.dumps({"TableName": name}).encode())
    sock.sendall(scan * 4)  # four pipelined
    import time
    time.sleep(0.5)
    rest = b""
    for _ in range(4):
        status, headers, body, rest = read_response(sock, rest)
        assert status == "HTTP/1.1 200 OK"
        assert int(headers["x-amz-crc32"]) == zlib.crc32(body) & 0xFFFFFFFF
        page = json.loads(body)  # 1 MB pages: three items of the ten
        assert page["Count"] == 3 and all(i["v"]["S"] == big for i in page["Items"])
    assert rest == b""
    sock.close()


def test_request_arriving_in_pieces_is_read_whole(server):
    # A header in three pieces and a ~1 MB body in many, with pauses.
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    body = json.dumps({"ExclusiveStartTableName": "t" * 200, "Limit": 5,
                       "pad": "p" * 1_000_000}).encode()
    request = raw_request("DynamoDB_20120810.ListTables", body)
    header_end = request.index(b"\r\n\r\n") + 4
    import time
    for piece in (request[:10], request[10:60], request[60:header_end]):
        sock.sendall(piece)
        time.sleep(0.05)
    for at in range(header_end, len(request), 200_000):
        sock.sendall(request[at:at + 200_000])
        time.sleep(0.02)
    status, _, answer, _ = read_response(sock)
    # The unknown member is refused (DynamoDB does not ignore it either),
    # which shows the whole body was read and parsed.
    assert status.startswith("HTTP/1.1 "), status
    assert json.loads(answer)
    sock.sendall(raw_request("DynamoDB_20120810.ListTables", b"{}"))
    status, _, answer, _ = read_response(sock)
    assert status == "HTTP/1.1 200 OK" and "TableNames" in json.loads(answer)
    sock.close()

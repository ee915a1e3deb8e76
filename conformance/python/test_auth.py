"""Optional SigV4 verification (`dynarock --auth`).

With --auth every request must carry a valid AWS Signature Version 4
Authorization header, made with a key pair from --credentials-file (AWS
shared-credentials INI, every section's pair is known) or, without a file,
from the server's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Covered here:
boto3, a session token and the AWS CLI with the right credentials; the errors
real DynamoDB gives for a wrong secret, an unknown key, an expired or future
timestamp, a tampered body or signed header, Host left unsigned, an incomplete
or malformed Authorization header and a missing one; UNSIGNED-PAYLOAD and a
gzip body signed as sent; that a rejected request changes nothing; that
without --auth anything still goes; and that --auth without credentials
refuses to start. Raw requests are signed by the small signer below, which
knows nothing of dynarock.
"""
import datetime
import gzip
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config

from conftest import BINARY, EXTERNAL, Server, create_table, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")

AWS = os.path.join(os.path.dirname(sys.executable), "aws")

KEY = "AKIDAUTHDEFAULT01"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYdefault01"
KEY2 = "AKIDAUTHSECOND002"
SECRET2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbsecond02"
ENV_KEY = "AKIDAUTHFROMENV03"
ENV_SECRET = "envSecret/From+The/Environment03"

WRONG_SIGNATURE = ("The request signature we calculated does not match the signature you "
                   "provided. Check your AWS Secret Access Key and signing method. Consult the "
                   "service documentation for details.")
INVALID_TOKEN = "The security token included in the request is invalid."
HOST_UNSIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
STAMP = r"\d{8}T\d{6}Z"


# --- credentials, servers, clients ---------------------------------------------------------

CREDENTIALS = f"""# dynarock test credentials
[default]
aws_access_key_id = {KEY}
aws_secret_access_key = {SECRET}
region = us-east-1

; a second profile, written without spaces
[second]
aws_access_key_id={KEY2}
aws_secret_access_key={SECRET2}
"""


@pytest.fixture(scope="module")
def credentials_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "credentials"
    path.write_text(CREDENTIALS)
    return path


@pytest.fixture(scope="module")
def auth_server(credentials_file):
    """One --auth server for the tests that only read or use unique names."""
    server = Server("-inMemory", "--auth", "--credentials-file", str(credentials_file))
    yield server
    assert server.stop() == 0


def clean_env(tmp_path):
    """The test runner's environment without any AWS_* variable (and a HOME
    with no ~/.aws), so only what a test sets explicitly counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = str(tmp_path)
    return env


class EnvServer:
    """dynarock started with an explicit environment (as conftest's Server)."""

    def __init__(self, env, *flags):
        self.process = subprocess.Popen([BINARY, "-port", "0", *flags], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"dynarock did not start: {line!r} {self.process.stderr.read()!r}")
        self.url = line.split("listening on ")[1].split(" ")[0]
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self, timeout=10):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=timeout)
        return self.process.returncode


@pytest.fixture
def start_with_env():
    started = []

    def start(env, *flags):
        server = EnvServer(env, *flags)
        started.append(server)
        return server

    yield start
    for server in started:
        assert server.stop() == 0


def client(server, key=KEY, secret=SECRET, region="us-east-1", token=None):
    return boto3.client("dynamodb", endpoint_url=server.url, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token, config=Config(retries={"max_attempts": 1}))


# --- an independent SigV4 signer and raw requests ------------------------------------------

def amz_date(when):
    return when.strftime("%Y%m%dT%H%M%SZ")


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(headers, body, key=KEY, secret=SECRET, region="us-east-1", signed=None,
                  payload_hash=None):
    """The SigV4 Authorization value for POST / with these headers and body.
    `signed` names the headers to sign (default: all of `headers`); the date
    comes from the x-amz-date header."""
    lower = {name.lower(): value for name, value in headers.items()}
    names = sorted(name.lower() for name in (signed if signed is not None else headers))
    stamp = lower["x-amz-date"]
    date = stamp[:8]
    canonical_headers = "".join(f"{name}:{lower[name].strip()}\n" for name in names)
    signed_headers = ";".join(names)
    if payload_hash is None:
        payload_hash = hashlib.sha256(body).hexdigest()
    canonical = "\n".join(["POST", "/", "", canonical_headers, signed_headers, payload_hash])
    scope = f"{date}/{region}/dynamodb/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    k = _hmac(("AWS4" + secret).encode(), date)
    k = _hmac(k, region)
    k = _hmac(k, "dynamodb")
    k = _hmac(k, "aws4_request")
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={signed_headers}, "
            f"Signature={signature}")


def base_headers(server, when=None, target="ListTables"):
    return {"Host": f"127.0.0.1:{server.port}",
            "X-Amz-Date": amz_date(when or now_utc()),
            "X-Amz-Target": f"DynamoDB_20120810.{target}",
            "Content-Type": "application/x-amz-json-1.0"}


def send(server, headers, body):
    """POSTs exactly these headers (Host included) and body; returns
    (status, parsed JSON body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", "/", body, headers)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, json.loads(data) if data else {}


def signed_request(server, body=b"{}", when=None, target="ListTables", **sign_args):
    headers = base_headers(server, when, target)
    headers["Authorization"] = authorization(headers, body, **sign_args)
    return send(server, headers, body)


def error(status, document):
    """(error name, message) of an error response, which must be a 400."""
    assert status == 400, document
    kind = document["__type"]
    assert kind.startswith("com.amazon.coral.service#"), kind
    return kind.split("#", 1)[1], document.get("message", document.get("Message"))


# --- the right credentials work ------------------------------------------------------------

def test_boto3_with_the_right_credentials_works_end_to_end(auth_server):
    ddb = client(auth_server)
    name = create_table(ddb, unique_name("auth"), range_type="N")
    assert name in ddb.list_tables()["TableNames"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"S": "one"}})
    got = ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert got["Item"]["v"] == {"S": "one"}
    ddb.batch_write_item(RequestItems={name: [
        {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": str(i)}}}} for i in (2, 3)]})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": {"pk": {"S": "a"}, "sk": {"N": "4"}}}},
        {"Update": {"TableName": name, "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
                    "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"S": "uno"}}}}])
    queried = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                        ExpressionAttributeValues={":p": {"S": "a"}})
    assert [item["sk"]["N"] for item in queried["Items"]] == ["1", "2", "3", "4"]
    assert queried["Items"][0]["v"] == {"S": "uno"}
    ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    ddb.delete_table(TableName=name)


def test_second_profile_works_and_keys_keep_separate_data(auth_server):
    first, second = client(auth_server), client(auth_server, key=KEY2, secret=SECRET2)
    mine = create_table(second, unique_name("second"))
    assert mine in second.list_tables()["TableNames"]
    assert mine not in first.list_tables()["TableNames"]
    elsewhere = client(auth_server, key=KEY2, secret=SECRET2, region="eu-west-1")
    assert mine not in elsewhere.list_tables()["TableNames"]
    second.delete_table(TableName=mine)


def test_shared_db_under_auth_shows_one_database_to_every_key(start_server, credentials_file):
    server = start_server("-inMemory", "-sharedDb", "--auth",
                          "--credentials-file", str(credentials_file))
    name = create_table(client(server), unique_name("shared"))
    assert name in client(server, key=KEY2, secret=SECRET2).list_tables()["TableNames"]


def test_one_profiles_key_with_anothers_secret_is_refused(auth_server):
    ddb = client(auth_server, key=KEY2, secret=SECRET)
    assert error_of(ddb.list_tables) == ("InvalidSignatureException", WRONG_SIGNATURE, 400)


def test_environment_credentials_work(start_with_env, tmp_path):
    env = clean_env(tmp_path)
    env.update(AWS_ACCESS_KEY_ID=ENV_KEY, AWS_SECRET_ACCESS_KEY=ENV_SECRET)
    server = start_with_env(env, "-inMemory", "--auth")
    ddb = client(server, key=ENV_KEY, secret=ENV_SECRET)
    name = create_table(ddb, unique_name("env"))
    ddb.put_item(TableName=name, Item={"pk": {"S": "k"}})
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "k"}})["Item"] == {"pk": {"S": "k"}}
    wrong = client(server, key=ENV_KEY, secret="not-" + ENV_SECRET)
    assert error_of(wrong.list_tables) == ("InvalidSignatureException", WRONG_SIGNATURE, 400)
    stranger = client(server, key="AKIDNOBODY", secret=ENV_SECRET)
    assert error_of(stranger.list_tables) == ("UnrecognizedClientException", INVALID_TOKEN, 400)


def test_session_token_signed_by_a_known_key_is_accepted(auth_server):
    ddb = client(auth_server, token="FQoGZXIvYXdzEXAMPLEsessionTOKEN/abc+def==")
    name = create_table(ddb, unique_name("token"))
    assert name in ddb.list_tables()["TableNames"]
    ddb.delete_table(TableName=name)


def test_hand_signed_request_is_accepted(auth_server):
    """The signer below is right: everything refused later is refused for
    the one thing each test changes."""
    status, document = signed_request(auth_server)
    assert status == 200, document
    assert isinstance(document["TableNames"], list)


def test_timestamp_a_little_off_is_accepted(auth_server):
    for minutes in (-2, 2):
        when = now_utc() + datetime.timedelta(minutes=minutes)
        status, document = signed_request(auth_server, when=when)
        assert status == 200, (minutes, document)


# --- refusals ------------------------------------------------------------------------------

def test_wrong_secret_is_refused(auth_server):
    ddb = client(auth_server, secret="not-the-secret")
    assert error_of(ddb.list_tables) == ("InvalidSignatureException", WRONG_SIGNATURE, 400)
    assert error_of(ddb.describe_table, TableName="anything") == (
        "InvalidSignatureException", WRONG_SIGNATURE, 400)


def test_unknown_access_key_is_refused(auth_server):
    ddb = client(auth_server, key="AKIDUNKNOWN999", secret=SECRET)
    assert error_of(ddb.list_tables) == ("UnrecognizedClientException", INVALID_TOKEN, 400)
    status, document = signed_request(auth_server, key="AKIDUNKNOWN999")
    assert error(status, document) == ("UnrecognizedClientException", INVALID_TOKEN)


def test_expired_timestamp_is_refused(auth_server):
    before = now_utc()
    when = before - datetime.timedelta(minutes=10)
    status, document = signed_request(auth_server, when=when)
    name, message = error(status, document)
    assert name == "InvalidSignatureException"
    reqdate = amz_date(when)
    match = re.fullmatch(rf"Signature expired: {reqdate} is now earlier than ({STAMP}) "
                         rf"\(({STAMP}) - 5 min\.\)", message)
    assert match, message
    limit, now = (datetime.datetime.strptime(s, "%Y%m%dT%H%M%SZ") for s in match.groups())
    assert now - limit == datetime.timedelta(minutes=5)
    assert abs(now - before.replace(tzinfo=None)) < datetime.timedelta(seconds=60)


def test_future_timestamp_is_refused(auth_server):
    before = now_utc()
    when = before + datetime.timedelta(minutes=10)
    status, document = signed_request(auth_server, when=when)
    name, message = error(status, document)
    assert name == "InvalidSignatureException"
    reqdate = amz_date(when)
    match = re.fullmatch(rf"Signature not yet current: {reqdate} is still later than ({STAMP}) "
                         rf"\(({STAMP}) \+ 5 min\.\)", message)
    assert match, message
    limit, now = (datetime.datetime.strptime(s, "%Y%m%dT%H%M%SZ") for s in match.groups())
    assert limit - now == datetime.timedelta(minutes=5)
    assert abs(now - before.replace(tzinfo=None)) < datetime.timedelta(seconds=60)


def test_tampered_body_is_refused(auth_server):
    headers = base_headers(auth_server)
    headers["Authorization"] = authorization(headers, b'{"Limit":1}')
    status, document = send(auth_server, headers, b'{"Limit":2}')
    assert error(status, document) == ("InvalidSignatureException", WRONG_SIGNATURE)


def test_tampered_signed_header_is_refused(auth_server):
    headers = base_headers(auth_server, target="ListTables")
    headers["Authorization"] = authorization(headers, b"{}")
    headers["X-Amz-Target"] = "DynamoDB_20120810.DescribeEndpoints"
    status, document = send(auth_server, headers, b"{}")
    assert error(status, document) == ("InvalidSignatureException", WRONG_SIGNATURE)


def test_host_must_be_signed(auth_server):
    status, document = signed_request(
        auth_server, signed=["X-Amz-Date", "X-Amz-Target", "Content-Type"])
    assert error(status, document) == ("InvalidSignatureException", HOST_UNSIGNED)


def test_missing_authorization_is_refused(auth_server):
    headers = base_headers(auth_server)
    status, document = send(auth_server, headers, b"{}")
    assert error(status, document) == ("MissingAuthenticationTokenException",
                                       "Request is missing Authentication Token")


def incomplete(server, header, drop_date=False):
    headers = base_headers(server)
    if drop_date:
        del headers["X-Amz-Date"]
    headers["Authorization"] = header
    name, message = error(*send(server, headers, b"{}"))
    assert name == "IncompleteSignatureException", (name, message)
    assert "Authorization=" in message, message
    return message


def parts(server):
    """Credential, SignedHeaders and Signature parts of a valid header."""
    headers = base_headers(server)
    full = authorization(headers, b"{}")
    return dict(part.split("=", 1) for part in full[len("AWS4-HMAC-SHA256 "):].split(", "))


def test_authorization_without_credential_is_incomplete(auth_server):
    p = parts(auth_server)
    message = incomplete(auth_server, f"AWS4-HMAC-SHA256 SignedHeaders={p['SignedHeaders']}, "
                                      f"Signature={p['Signature']}")
    assert message.startswith("Authorization header requires 'Credential' parameter. "), message


def test_authorization_without_signature_is_incomplete(auth_server):
    p = parts(auth_server)
    message = incomplete(auth_server, f"AWS4-HMAC-SHA256 Credential={p['Credential']}, "
                                      f"SignedHeaders={p['SignedHeaders']}")
    assert message.startswith("Authorization header requires 'Signature' parameter. "), message


def test_authorization_without_signed_headers_is_incomplete(auth_server):
    p = parts(auth_server)
    message = incomplete(auth_server, f"AWS4-HMAC-SHA256 Credential={p['Credential']}, "
                                      f"Signature={p['Signature']}")
    assert message.startswith("Authorization header requires 'SignedHeaders' parameter. "), \
        message


def test_request_without_any_date_is_incomplete(auth_server):
    p = parts(auth_server)
    message = incomplete(auth_server, f"AWS4-HMAC-SHA256 Credential={p['Credential']}, "
                                      f"SignedHeaders={p['SignedHeaders']}, "
                                      f"Signature={p['Signature']}", drop_date=True)
    assert message.startswith("Authorization header requires existence of either a "
                              "'X-Amz-Date' or a 'Date' header. "), message


def test_several_missing_parts_are_listed_in_order(auth_server):
    p = parts(auth_server)
    header = f"AWS4-HMAC-SHA256 SignedHeaders={p['SignedHeaders']}"
    message = incomplete(auth_server, header)
    assert message.startswith("Authorization header requires 'Credential' parameter. "), message
    assert "Authorization header requires 'Signature' parameter. " in message, message


def test_part_without_equal_sign_is_incomplete(auth_server):
    p = parts(auth_server)
    header = (f"AWS4-HMAC-SHA256 Credential={p['Credential']}, "
              f"SignedHeaders={p['SignedHeaders']}, Signature={p['Signature']}, Bogus")
    headers = base_headers(auth_server)
    headers["Authorization"] = header
    name, message = error(*send(auth_server, headers, b"{}"))
    assert name == "IncompleteSignatureException", (name, message)
    assert "not a valid key=value pair" in message, message
    assert "Bogus" in message, message


# --- payload variants ----------------------------------------------------------------------

def test_unsigned_payload_is_accepted(auth_server):
    headers = base_headers(auth_server)
    headers["X-Amz-Content-Sha256"] = "UNSIGNED-PAYLOAD"
    headers["Authorization"] = authorization(headers, b"{}", payload_hash="UNSIGNED-PAYLOAD")
    status, document = send(auth_server, headers, b"{}")
    assert status == 200, document
    assert isinstance(document["TableNames"], list)


def test_gzip_body_signed_as_sent_is_accepted(auth_server):
    ddb = client(auth_server)
    name = create_table(ddb, unique_name("gzip"))
    body = gzip.compress(json.dumps({"TableName": name,
                                     "Item": {"pk": {"S": "zipped"}}}).encode())
    headers = base_headers(auth_server, target="PutItem")
    headers["Content-Encoding"] = "gzip"
    headers["Authorization"] = authorization(headers, body)
    status, document = send(auth_server, headers, body)
    assert status == 200, document
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "zipped"}})["Item"] == {
        "pk": {"S": "zipped"}}


def test_gzip_body_signed_over_the_uncompressed_bytes_is_refused(auth_server):
    ddb = client(auth_server)
    name = create_table(ddb, unique_name("gzip"))
    plain = json.dumps({"TableName": name, "Item": {"pk": {"S": "zipped"}}}).encode()
    headers = base_headers(auth_server, target="PutItem")
    headers["Content-Encoding"] = "gzip"
    headers["Authorization"] = authorization(headers, plain)
    status, document = send(auth_server, headers, gzip.compress(plain))
    assert error(status, document) == ("InvalidSignatureException", WRONG_SIGNATURE)
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "zipped"}})


# --- a refused request changes nothing -----------------------------------------------------

def test_refused_writes_leave_nothing_behind(auth_server):
    ddb = client(auth_server)
    name = create_table(ddb, unique_name("refused"))
    wrong = client(auth_server, secret="not-the-secret")
    assert error_of(wrong.put_item, TableName=name, Item={"pk": {"S": "wrong"}})[0] == \
        "InvalidSignatureException"
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "wrong"}})

    # Signed for one item, sent with another of the same length: neither is written.
    signed_body = json.dumps({"TableName": name, "Item": {"pk": {"S": "aaaa"}}}).encode()
    sent_body = json.dumps({"TableName": name, "Item": {"pk": {"S": "bbbb"}}}).encode()
    headers = base_headers(auth_server, target="PutItem")
    headers["Authorization"] = authorization(headers, signed_body)
    assert error(*send(auth_server, headers, sent_body))[0] == "InvalidSignatureException"
    for pk in ("aaaa", "bbbb"):
        assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": pk}})

    ghost = unique_name("ghost")
    assert error_of(create_table, wrong, ghost)[0] == "InvalidSignatureException"
    assert ghost not in ddb.list_tables()["TableNames"]
    assert error_of(wrong.delete_table, TableName=name)[0] == "InvalidSignatureException"
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert ddb.scan(TableName=name)["Count"] == 0


# --- without --auth, and --auth without credentials ----------------------------------------

def test_without_auth_any_signature_is_accepted(start_server):
    server = start_server("-inMemory")
    name = create_table(client(server, key="anyone", secret="whatever"), unique_name("open"))
    assert name in client(server, key="anyone", secret="something else").list_tables()[
        "TableNames"]
    headers = base_headers(server)
    headers["Authorization"] = ("AWS4-HMAC-SHA256 Credential=anyone/20200101/us-east-1/"
                                "dynamodb/aws4_request, SignedHeaders=host, Signature=garbage")
    status, document = send(server, headers, b"{}")
    assert status == 200, document
    assert name in document["TableNames"]


def test_credentials_file_without_auth_refuses_to_start(tmp_path, credentials_file):
    # A credentials file alone would look like protection that is not there.
    result = subprocess.run([BINARY, "-port", "0", "-inMemory", "--credentials-file",
                             str(credentials_file)], env=clean_env(tmp_path),
                            capture_output=True, text=True, timeout=10)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "--auth" in result.stderr
    assert "listening on" not in result.stdout


def test_auth_without_any_credentials_refuses_to_start(tmp_path):
    try:
        result = subprocess.run([BINARY, "-port", "0", "-inMemory", "--auth"],
                                env=clean_env(tmp_path), capture_output=True, text=True,
                                timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("dynarock --auth without credentials kept running")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "--auth" in result.stderr
    assert "listening on" not in result.stdout


# --- the AWS CLI ---------------------------------------------------------------------------

def cli(server, tmp_path, key, secret, *args):
    env = clean_env(tmp_path)
    env.update(AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="", AWS_MAX_ATTEMPTS="1",
               AWS_CONFIG_FILE=str(tmp_path / "no-config"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"))
    return subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", server.url,
                           "--output", "json"], capture_output=True, text=True, env=env,
                          timeout=60)


def test_aws_cli_with_the_right_credentials_lists_tables(auth_server, tmp_path):
    name = create_table(client(auth_server), unique_name("cli"))
    result = cli(auth_server, tmp_path, KEY, SECRET, "list-tables")
    assert result.returncode == 0, result.stderr
    assert name in json.loads(result.stdout)["TableNames"]


def test_aws_cli_with_a_wrong_secret_fails(auth_server, tmp_path):
    result = cli(auth_server, tmp_path, KEY, "not-the-secret", "list-tables")
    assert result.returncode != 0
    assert "InvalidSignatureException" in result.stderr, result.stderr


# --- review findings: the verified credential alone chooses the database ------------------

def test_a_second_credential_cannot_choose_another_keys_database(auth_server):
    victim = client(auth_server, key=KEY2, secret=SECRET2)
    name = create_table(victim, unique_name("victim"))
    headers = base_headers(auth_server)
    signed = authorization(headers, b"{}")  # signed by KEY
    # A parameter whose name ends in "Credential" naming the other key.
    headers["Authorization"] = signed.replace(
        "AWS4-HMAC-SHA256 ",
        f"AWS4-HMAC-SHA256 XCredential={KEY2}/20200101/us-east-1/dynamodb/aws4_request, ", 1)
    status, document = send(auth_server, headers, b"{}")
    assert status == 200 and name not in document["TableNames"], document
    # The same parameter twice is refused outright.
    headers["Authorization"] = signed + f", Credential={KEY2}/20200101/us-east-1/dynamodb/aws4_request"
    kind, message = error(*send(auth_server, headers, b"{}"))
    assert kind == "IncompleteSignatureException", (kind, message)


def test_two_authorization_headers_are_refused(auth_server):
    headers = base_headers(auth_server)
    signed = authorization(headers, b"{}")
    other = authorization(headers, b"{}", key=KEY2, secret=SECRET2)
    conn = http.client.HTTPConnection("127.0.0.1", auth_server.port, timeout=10)
    try:
        conn.putrequest("POST", "/", skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Authorization", signed)
        conn.putheader("Authorization", other)
        conn.putheader("Content-Length", "2")
        conn.endheaders(b"{}")
        response = conn.getresponse()
        document = json.loads(response.read())
    finally:
        conn.close()
    kind, _ = error(response.status, document)
    assert kind == "IncompleteSignatureException"


def test_repeated_or_unsorted_signed_headers_are_refused_cheaply(auth_server):
    headers = base_headers(auth_server)
    signed = authorization(headers, b"{}")
    listed = "content-type;host;x-amz-date;x-amz-target"
    for bad in ["host;" + listed, "x-amz-target;host;content-type;x-amz-date",
                ";".join(["host"] * 2000)]:
        headers["Authorization"] = signed.replace(f"SignedHeaders={listed}", f"SignedHeaders={bad}")
        kind, message = error(*send(auth_server, headers, b"{}"))
        assert kind == "InvalidSignatureException", (kind, message)

"""Fixtures for the black-box suite: real dynarock processes on free loopback
ports, and real boto3 clients talking to them.

Every test here asserts what real DynamoDB does (its results, error codes and
messages); none of them knows how dynarock is built.
"""
import os
import signal
import subprocess
import tempfile
import uuid

import boto3
import pytest
from botocore.config import Config

BINARY = os.path.abspath(os.environ.get("DYNAROCK_BIN",
                        os.path.join(os.path.dirname(__file__), "..", "..", "build", "dynarock")))
# Run the session-wide tests against another endpoint (e.g. DynamoDB Local on
# http://127.0.0.1:8001) to check what they expect; tests that start their own
# servers are skipped then.
EXTERNAL = os.environ.get("DYNAROCK_ENDPOINT")


class Server:
    """One dynarock process. Started with flags; stopped with SIGTERM."""

    def __init__(self, *flags, data_dir=None):
        if EXTERNAL:
            self.process, self.url = None, EXTERNAL
            self.port = int(EXTERNAL.rsplit(":", 1)[1])
            return
        self.data_dir = data_dir
        args = [BINARY, "-port", "0", *flags]
        if data_dir is not None:
            args += ["-dbPath", data_dir]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"dynarock did not start: {line!r} {self.process.stderr.read()!r}")
        self.banner = line
        self.url = line.split("listening on ")[1].split(" ")[0]
        self.port = int(self.url.rsplit(":", 1)[1])

    def client(self, key="x", region="us-east-1"):
        return boto3.client("dynamodb", endpoint_url=self.url, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key="secret",
                            config=Config(retries={"max_attempts": 1}, parameter_validation=False))

    def streams_client(self, key="x", region="us-east-1"):
        return boto3.client("dynamodbstreams", endpoint_url=self.url, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key="secret",
                            config=Config(retries={"max_attempts": 1}, parameter_validation=False))

    def resource(self, key="x", region="us-east-1"):
        return boto3.resource("dynamodb", endpoint_url=self.url, region_name=region,
                              aws_access_key_id=key, aws_secret_access_key="secret",
                              config=Config(retries={"max_attempts": 1}, parameter_validation=False))

    def stop(self, timeout=10):
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=timeout)
        return self.process.returncode


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory() as data:
        s = Server(data_dir=data)
        yield s
        assert s.stop() == 0


@pytest.fixture
def start_server():
    """Starts extra servers with custom flags; all are stopped afterwards."""
    started = []

    def start(*flags, data_dir=None):
        if EXTERNAL:
            pytest.skip("starts its own dynarock")
        s = Server(*flags, data_dir=data_dir)
        started.append(s)
        return s

    yield start
    for s in started:
        # A clean exit also proves that shutdown is sound (under ASan, a
        # memory error at exit makes it non-zero).
        assert s.stop() == 0


@pytest.fixture(scope="session")
def ddb(server):
    return server.client()


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def create_table(client, name=None, hash_type="S", range_type=None, **extra):
    name = name or unique_name()
    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": hash_type}]
    if range_type:
        key_schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": range_type})
    args = dict(TableName=name, KeySchema=key_schema, AttributeDefinitions=definitions,
                BillingMode="PAY_PER_REQUEST")
    args.update(extra)
    client.create_table(**args)
    return name


@pytest.fixture(scope="session")
def table_s(ddb):
    """A table with string hash key pk."""
    return create_table(ddb, unique_name("hash"))


@pytest.fixture(scope="session")
def table_sn(ddb):
    """A table with string hash key pk and number range key sk."""
    return create_table(ddb, unique_name("composite"), range_type="N")


def error_of(call, *args, **kwargs):
    """Runs a call that must fail and returns (code, message, http status)."""
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as failure:
        call(*args, **kwargs)
    e = failure.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]

"""Where the table is and how to reach it.

The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB, then AWS_ENDPOINT_URL, then
http://localhost:8000 (dynarock or DynamoDB Local). `prod=True` means real AWS: no explicit
endpoint, the host's credentials and AWS_DEFAULT_REGION. The Streams client looks at
AWS_ENDPOINT_URL_DYNAMODB_STREAMS first, then the same chain.
"""
import os

import boto3
from botocore.config import Config

TABLE_NAME = os.environ.get("DDB_MESSAGE_TABLE", "cruddur-messages")
INDEX_NAME = "message-group-sk-index"
DEFAULT_ENDPOINT = "http://localhost:8000"

# Offline, any credentials and region do; real AWS uses the host's own.
_LOCAL_DEFAULTS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                   "AWS_DEFAULT_REGION": "ca-central-1"}


def endpoint(service="dynamodb"):
    names = ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"]
    if service == "dynamodbstreams":
        names.insert(0, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS")
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return DEFAULT_ENDPOINT


def _local_args():
    """Credentials and region for the emulator: the environment's, or any."""
    env = {k: os.environ.get(k) or v for k, v in _LOCAL_DEFAULTS.items()}
    return {"aws_access_key_id": env["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": env["AWS_SECRET_ACCESS_KEY"],
            "region_name": env["AWS_DEFAULT_REGION"]}


def client(prod=False, service="dynamodb"):
    """A boto3 client for DynamoDB (or "dynamodbstreams"), local unless prod."""
    config = Config(retries={"max_attempts": 3, "mode": "standard"})
    if prod:
        return boto3.client(service, config=config)
    return boto3.client(service, endpoint_url=endpoint(service), config=config, **_local_args())


def resource(prod=False):
    """A boto3 DynamoDB resource, local unless prod."""
    if prod:
        return boto3.resource("dynamodb")
    return boto3.resource("dynamodb", endpoint_url=endpoint(), **_local_args())


def is_prod(argv):
    """The scripts' switch: "prod" anywhere in the first argument (so "production" too)."""
    return len(argv) > 1 and "prod" in argv[1]

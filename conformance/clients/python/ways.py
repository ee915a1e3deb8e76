"""The three ways a boto3 program is pointed at dynarock (../SCENARIO.md).

Each way is played in a process of its own, started with the environment
that `environment` builds, and makes its clients as `clients` does: exactly
what a user's program of that way would write.
"""
import os
import socket

import boto3

WAYS = ("env", "profile", "code")
REGION = "us-east-1"
KEY_ID = "dynarock-key"
SECRET = "dynarock-secret"
PROFILE = "dynarock"


def environment(way, url, folder):
    """The environment a program of `way` starts with, its files in `folder`."""
    # None of the caller's AWS settings: only the way's own configuration counts.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        DYNAROCK_URL=url,
        # Missing files hide the machine's ~/.aws from the ways that use none.
        AWS_CONFIG_FILE=os.path.join(folder, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=os.path.join(folder, "no-credentials"),
        # Never ask the EC2 metadata service (not loopback) for anything.
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.update(_dead_end_proxy())
    if way == "env":
        env.update(
            AWS_ENDPOINT_URL_DYNAMODB=url,
            AWS_ENDPOINT_URL_DYNAMODB_STREAMS=url,
            AWS_ACCESS_KEY_ID=KEY_ID,
            AWS_SECRET_ACCESS_KEY=SECRET,
            AWS_DEFAULT_REGION=REGION,
        )
    elif way == "profile":
        env.update(_profile_files(url, folder), AWS_PROFILE=PROFILE)
    return env


def _dead_end_proxy():
    """Sends whatever is not for loopback to a closed loopback port.

    A way whose endpoint the client ignored then fails at once, saying so,
    instead of reaching for AWS.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy = f"http://127.0.0.1:{port}"
    return {"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy,
            "https_proxy": proxy, "NO_PROXY": "127.0.0.1,localhost,::1",
            "no_proxy": "127.0.0.1,localhost,::1"}


def _profile_files(url, folder):
    config = os.path.join(folder, "config")
    credentials = os.path.join(folder, "credentials")
    with open(config, "w") as f:
        # endpoint_url in a profile serves every service, streams included.
        f.write(f"[profile {PROFILE}]\nregion = {REGION}\nendpoint_url = {url}\n")
    with open(credentials, "w") as f:
        f.write(f"[{PROFILE}]\naws_access_key_id = {KEY_ID}\n"
                f"aws_secret_access_key = {SECRET}\n")
    return {"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials}


def clients(way):
    """The dynamodb client and resource and the dynamodbstreams client."""
    if way == "code":
        options = dict(endpoint_url=os.environ["DYNAROCK_URL"], region_name=REGION,
                       aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    else:
        options = {}  # everything comes from the environment or the profile
    return (boto3.client("dynamodb", **options),
            boto3.resource("dynamodb", **options),
            boto3.client("dynamodbstreams", **options))

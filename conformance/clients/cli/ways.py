"""The ways an AWS CLI v2 user points `aws` at dynarock (../SCENARIO.md).

The CLI takes an endpoint from AWS_ENDPOINT_URL_DYNAMODB(_STREAMS) or from a
profile's endpoint_url only from version 2.13 on; older versions, such as
Debian 12's 2.9.19, ignore both and know only --endpoint-url. Each way asks
the CLI at hand which it does (`honours`), and where it does not, plays with
--endpoint-url instead and says so plainly; credentials and region still come
from the environment or from the profile.
"""
import os
import socket
import subprocess
from dataclasses import dataclass, field

REGION = "us-east-1"
KEY_ID = "dynarock-key"
SECRET = "dynarock-secret"
PROFILE = "dynarock"


@dataclass
class Way:
    name: str
    env: dict
    endpoint_args: list = field(default_factory=list)  # what each command adds
    note: str = ""


def ways(aws, url, folder):
    """The ways to play with the CLI at `aws`, their files in `folder`."""
    base = _base_environment(url, folder)
    from_env = dict(base, AWS_ENDPOINT_URL_DYNAMODB=url, AWS_ENDPOINT_URL_DYNAMODB_STREAMS=url,
                    **_env_credentials())
    from_profile = dict(base, **_profile_files(url, folder), AWS_PROFILE=PROFILE)
    flag = ["--endpoint-url", url]
    played = []
    for name, env, setting in (("env", from_env, "AWS_ENDPOINT_URL_DYNAMODB(_STREAMS)"),
                               ("profile", from_profile, "a profile's endpoint_url")):
        if honours(aws, env):
            played.append(Way(name, env, note=f"endpoint from {setting}"))
        else:
            played.append(Way(name, env, flag,
                              note=f"this CLI ignores {setting}: played with --endpoint-url, "
                                   f"credentials and region from the {name}"))
    if all(not w.endpoint_args for w in played):
        # Both settings honoured: --endpoint-url gets a way of its own.
        played.append(Way("flag", dict(base, **_env_credentials()), flag,
                          note="--endpoint-url, credentials and region from env"))
    return played


def honours(aws, env):
    """Whether this CLI sends dynamodb and dynamodbstreams calls to the
    endpoint that `env` configures.

    Calls the CLI would send elsewhere meet a dead-end loopback proxy, so the
    question is answered without anything leaving the machine.
    """
    for service, command in (("dynamodb", "list-tables"), ("dynamodbstreams", "list-streams")):
        result = subprocess.run([aws, service, command, "--output", "json"],
                                env=dict(env, AWS_MAX_ATTEMPTS="1"),
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            return False
    return True


def _base_environment(url, folder):
    # None of the caller's AWS settings: only the way's own configuration counts.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        # Missing files hide the machine's ~/.aws from the ways that use none.
        AWS_CONFIG_FILE=os.path.join(folder, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=os.path.join(folder, "no-credentials"),
        # Never ask the EC2 metadata service (not loopback) for anything.
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
    )
    env.update(_dead_end_proxy())
    return env


def _env_credentials():
    return {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_DEFAULT_REGION": REGION}


def _dead_end_proxy():
    """Sends whatever is not for loopback to a closed loopback port, so a
    call the CLI sends past dynarock fails at once instead of reaching AWS."""
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
        f.write(f"[profile {PROFILE}]\nregion = {REGION}\noutput = json\n"
                f"endpoint_url = {url}\n")
    with open(credentials, "w") as f:
        f.write(f"[{PROFILE}]\naws_access_key_id = {KEY_ID}\n"
                f"aws_secret_access_key = {SECRET}\n")
    return {"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials}

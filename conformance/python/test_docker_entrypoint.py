"""The container image outside Docker: scripts/docker-entrypoint.sh run with
DynamoDB Local's command line from docker-compose.yml, in a directory laid out
like the image's /home/dynamodblocal; the health check; the compose file; and
the image's runtime packages against what the binary loads."""
import fnmatch
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading

import boto3
import pytest
import yaml
from botocore.config import Config

from conftest import BINARY, EXTERNAL

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENTRYPOINT = os.path.join(ROOT, "scripts", "docker-entrypoint.sh")
HEALTHCHECK = os.path.join(ROOT, "scripts", "docker-healthcheck.sh")
PACKAGES = os.path.join(ROOT, "scripts", "packages.sh")
COMPOSE = os.path.join(ROOT, "docker-compose.yml")
DOCKERFILE = os.path.join(ROOT, "Dockerfile")

# The cruddur compose file's command for amazon/dynamodb-local, unchanged.
DYNAMODB_LOCAL_COMMAND = "-jar DynamoDBLocal.jar -sharedDb -dbPath ./data"
DATA_VOLUME = "./docker/dynamodb:/home/dynamodblocal/data"

live = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")


def compose():
    with open(COMPOSE) as f:
        return yaml.safe_load(f)


def compose_command():
    """The emulator's command line as docker hands it to the entrypoint: separate words."""
    return shlex.split(compose()["services"]["dynamodb-local"]["command"])


def entrypoint_environment(**extra):
    env = dict(os.environ, DYNAROCK_BIN=BINARY)
    env.pop("DYNAROCK_USER", None)
    env.update(extra)
    return env


class Container:
    """The entrypoint, started in `home` as docker starts it in /home/dynamodblocal."""

    def __init__(self, home, *args, **env):
        self.process = subprocess.Popen([ENTRYPOINT, *args], cwd=home,
                                        env=entrypoint_environment(**env),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"dynarock did not start: {line!r} {self.process.stderr.read()!r}")
        self.banner = line
        self.port = int(re.search(r"listening on http://[^ ]+:(\d+) ", line).group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def client(self):
        return boto3.client("dynamodb", endpoint_url=self.url, region_name="ca-central-1",
                            aws_access_key_id="local", aws_secret_access_key="local",
                            config=Config(retries={"max_attempts": 1}))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return self.process.returncode


@pytest.fixture
def home(tmp_path):
    """An empty /home/dynamodblocal."""
    path = tmp_path / "home" / "dynamodblocal"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def container(home):
    """Starts the entrypoint with the compose command (plus -port 0); all stopped afterwards."""
    started = []

    def start(*extra, **env):
        c = Container(home, *compose_command(), "-port", "0", *extra, **env)
        started.append(c)
        return c

    yield start
    for c in started:
        assert c.stop() == 0


def put_and_create(client):
    client.create_table(TableName="cruddur-messages", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "S"}],
                        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    client.put_item(TableName="cruddur-messages",
                    Item={"pk": {"S": "MSG#g"}, "sk": {"S": "2024-01-01T00:00:00"},
                          "message": {"S": "hello"}})


def assert_kept(client):
    assert client.list_tables()["TableNames"] == ["cruddur-messages"]
    table = client.describe_table(TableName="cruddur-messages")["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    item = client.get_item(TableName="cruddur-messages",
                           Key={"pk": {"S": "MSG#g"}, "sk": {"S": "2024-01-01T00:00:00"}})
    assert item["Item"]["message"] == {"S": "hello"}


# --- the entrypoint's command line (a stub in place of dynarock) -----------------------

@pytest.fixture
def stub(tmp_path):
    """A stand-in for dynarock that prints its arguments, one a line."""
    path = tmp_path / "stub"
    path.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    path.chmod(0o755)
    return str(path)


def run_with_stub(stub, home, *args):
    result = subprocess.run([ENTRYPOINT, *args], cwd=home, capture_output=True, text=True,
                            timeout=10, env=entrypoint_environment(DYNAROCK_BIN=stub))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_compose_command_reaches_dynarock_unchanged_after_host(stub, home):
    assert run_with_stub(stub, home, *compose_command()) == [
        "--host", "0.0.0.0", "-jar", "DynamoDBLocal.jar", "-sharedDb", "-dbPath", "./data"]
    assert (home / "data").is_dir()


def test_without_arguments_it_serves_in_memory_like_dynamodb_local(stub, home):
    assert run_with_stub(stub, home) == [
        "--host", "0.0.0.0", "-jar", "DynamoDBLocal.jar", "-inMemory"]
    assert list(home.iterdir()) == []


def test_the_image_serves_the_console_unless_turned_off(stub, home):
    """The image sets DYNAROCK_CONSOLE=1; the entrypoint turns it into --console."""
    dockerfile = open(os.path.join(ROOT, "Dockerfile")).read()
    assert "ENV DYNAROCK_CONSOLE=1" in dockerfile
    for value, expected in (("1", ["--console"]), ("true", ["--console"]), ("yes", ["--console"]),
                            ("0", []), ("false", [])):
        result = subprocess.run([ENTRYPOINT, "-inMemory"], cwd=home, capture_output=True,
                                text=True, timeout=10,
                                env=entrypoint_environment(DYNAROCK_BIN=stub,
                                                           DYNAROCK_CONSOLE=value))
        assert result.stdout.splitlines() == ["--host", "0.0.0.0", *expected, "-inMemory"]


@pytest.mark.parametrize("args, created", [
    (["-dbPath", "data/a"], "data/a"),
    (["--dbPath", "b"], "b"),
    (["-dbPath=c/d"], "c/d"),
    (["--dbPath=e"], "e"),
    (["-dbPath", "first", "-dbPath", "last"], "last"),
    (["-jar", "-dbPath", "-sharedDb"], None),  # "-dbPath" is the jar's name here
    (["-inMemory"], None),
])
def test_db_path_directory_is_created(stub, home, args, created):
    run_with_stub(stub, home, *args)
    made = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    expected = [] if created is None else sorted(
        "/".join(created.split("/")[:i + 1]) for i in range(created.count("/") + 1))
    assert made == expected


def test_dynarock_refusals_reach_the_caller(home):
    result = subprocess.run([ENTRYPOINT, *compose_command(), "-inMemory"], cwd=home,
                            capture_output=True, text=True, timeout=10,
                            env=entrypoint_environment())
    assert result.returncode != 0
    assert "-inMemory" in result.stderr


# --- the entrypoint with the real binary -------------------------------------------------

def listening_addresses(port):
    """The local IPv4 addresses with a listening TCP socket on `port` (/proc/net/tcp)."""
    addresses = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state == "0A" and int(local_port, 16) == port:
                addresses.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return addresses


@live
def test_compose_command_serves_every_interface(container):
    c = container()
    assert "http://0.0.0.0:" in c.banner and "shared database" in c.banner
    if os.path.exists("/proc/net/tcp"):
        assert listening_addresses(c.port) == {"0.0.0.0"}
    # exec all the way down: the process docker signals is dynarock itself.
    assert os.path.realpath(f"/proc/{c.process.pid}/exe") == os.path.realpath(BINARY)
    assert c.client().list_tables()["TableNames"] == []


@live
def test_data_in_data_survives_a_restart(container, home):
    first = container()
    put_and_create(first.client())
    assert first.stop() == 0
    assert (home / "data" / "dynarock" / "CURRENT").is_file()
    assert_kept(container().client())


@live
def test_dynamodb_local_database_file_is_left_alone(container, home):
    # As several cruddur repositories have it: DynamoDB Local's SQLite file.
    (home / "data").mkdir()
    junk = b"SQLite format 3\x00" + os.urandom(135 * 1024)
    (home / "data" / "shared-local-instance.db").write_bytes(junk)
    first = container()
    put_and_create(first.client())
    assert first.stop() == 0
    assert_kept(container().client())
    assert (home / "data" / "shared-local-instance.db").read_bytes() == junk
    assert sorted(p.name for p in (home / "data").iterdir()) == [
        "dynarock", "shared-local-instance.db"]


@live
def test_health_check(container):
    c = container()
    assert subprocess.run([HEALTHCHECK, str(c.port)], capture_output=True,
                          timeout=10).returncode == 0
    c.stop()
    failed = subprocess.run([HEALTHCHECK, str(c.port)], capture_output=True, timeout=10)
    assert failed.returncode != 0


def process_uid(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^Uid:\s+(\d+)", f.read(), re.M).group(1))


@live
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, as the container starts")
@pytest.mark.parametrize("owner", [0, 12345])
def test_started_as_root_dynarock_runs_unprivileged(owner):
    """As in the image (DYNAROCK_USER=dynamodblocal; here nobody): as the data
    directory's owner, or as DYNAROCK_USER when root owns it (as Docker creates
    a missing bind-mount directory). Only data/dynarock changes owner."""
    nobody = int(subprocess.run(["id", "-u", "nobody"], capture_output=True, text=True,
                                check=True).stdout)
    with tempfile.TemporaryDirectory() as base:
        os.chmod(base, 0o755)  # the unprivileged user must reach ./data
        data = os.path.join(base, "data")
        os.mkdir(data)
        os.chown(data, owner, owner)
        with open(os.path.join(data, "shared-local-instance.db"), "wb") as f:
            f.write(b"SQLite format 3\x00")
        c = Container(base, *compose_command(), "-port", "0", DYNAROCK_USER="nobody")
        try:
            expected = owner or nobody
            assert process_uid(c.process.pid) == expected
            assert c.client().list_tables()["TableNames"] == []
            assert os.stat(os.path.join(data, "dynarock")).st_uid == expected
            assert {os.stat(os.path.join(root, name)).st_uid
                    for root, _, files in os.walk(os.path.join(data, "dynarock"))
                    for name in files} == {expected}
            assert os.stat(data).st_uid == owner
            assert os.stat(os.path.join(data, "shared-local-instance.db")).st_uid == 0
        finally:
            assert c.stop() == 0


# --- docker-compose.yml ------------------------------------------------------------------

def test_compose_service_is_the_dynamodb_local_drop_in():
    service = compose()["services"]["dynamodb-local"]
    assert service["container_name"] == "dynamodb-local"
    assert service["build"] == "."
    assert "image" not in service
    assert service["command"] == DYNAMODB_LOCAL_COMMAND
    assert service["working_dir"] == "/home/dynamodblocal"
    assert service["ports"] == ["8000:8000"]
    assert DATA_VOLUME in service["volumes"]


def dockerfile_stages():
    """Stage name (or None for an unnamed one) -> its text, in order."""
    with open(DOCKERFILE) as f:
        text = f.read()
    parts = re.split(r"^FROM\s+", text, flags=re.M)[1:]
    stages = []
    for part in parts:
        first = part.splitlines()[0].split()
        stages.append((first[2] if len(first) >= 3 and first[1].lower() == "as" else None, part))
    return stages


def test_compose_consumer_sidecar_is_offline_and_waits_for_the_emulator():
    spec = compose()
    service = spec["services"]["cruddur-messaging-stream"]
    assert service["build"]["context"] == "."
    assert service["build"]["target"] in [name for name, _ in dockerfile_stages()]
    assert service["command"][:3] == ["python", "-m", "cruddur_messaging.consumer"]
    env = service["environment"]
    assert env["AWS_ENDPOINT_URL_DYNAMODB"] == "http://dynamodb-local:8000"
    assert env["AWS_ENDPOINT_URL_DYNAMODB_STREAMS"] == "http://dynamodb-local:8000"
    assert "AWS_ENDPOINT_URL" not in env  # would send every AWS client to port 8000
    assert env["AWS_DEFAULT_REGION"] == "ca-central-1"
    assert env["AWS_ACCESS_KEY_ID"] and env["AWS_SECRET_ACCESS_KEY"]
    assert service["depends_on"]["dynamodb-local"]["condition"] == "service_healthy"
    # Its only networks are internal ones, shared with the emulator.
    assert service["networks"]
    for network in service["networks"]:
        assert spec["networks"][network]["internal"] is True
        assert network in spec["services"]["dynamodb-local"]["networks"]


@live
@pytest.mark.skipif(not os.path.exists(os.path.join(ROOT, "messaging", "cruddur_messaging",
                                                    "consumer.py")),
                    reason="no messaging/cruddur_messaging/consumer.py yet")
def test_compose_consumer_command_runs_against_the_entrypoint(container, tmp_path):
    """The sidecar's command line and environment from the compose file, with the
    compose name dynamodb-local:8000 replaced by the test server's address."""
    server = container()
    service = compose()["services"]["cruddur-messaging-stream"]
    env = {name: str(value).replace("http://dynamodb-local:8000", server.url)
           for name, value in service["environment"].items()}
    args = list(service["command"][1:])
    checkpoint = args.index("--checkpoint") + 1
    args[checkpoint] = str(tmp_path / os.path.basename(args[checkpoint]))
    consumer = subprocess.Popen([sys.executable, *args], cwd=os.path.join(ROOT, "messaging"),
                                env=dict(os.environ, **env), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(20, consumer.kill)
    timer.start()
    try:
        line = consumer.stderr.readline()
        assert "consuming the stream of cruddur-messages at " + server.url in line
        consumer.send_signal(signal.SIGTERM)
        assert consumer.wait(timeout=10) == 0
    finally:
        timer.cancel()
        if consumer.poll() is None:
            consumer.kill()
            consumer.wait()
        consumer.stderr.close()


# --- the image's packages -----------------------------------------------------------------

def package_group(group):
    return subprocess.run([PACKAGES, group], capture_output=True, text=True,
                          check=True).stdout.split()


def owning_packages(library):
    """The Debian packages owning a library path; merged /usr means dpkg may know it
    under /lib or /usr/lib, and by its real name or its soname link."""
    candidates = []
    for path in (library, os.path.realpath(library)):
        candidates.append(path)
        if path.startswith("/usr/lib/"):
            candidates.append(path[len("/usr"):])
        elif path.startswith("/lib/") or path.startswith("/lib64/"):
            candidates.append("/usr" + path)
    for path in candidates:
        result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if result.returncode == 0:
            owners = result.stdout.splitlines()[0].rsplit(": ", 1)[0]
            return {name.strip().split(":")[0] for name in owners.split(",")}
    return set()


@pytest.mark.skipif(subprocess.run(["sh", "-c", "command -v dpkg && command -v ldd"],
                                   capture_output=True).returncode != 0,
                    reason="needs dpkg and ldd (Debian)")
def test_image_installs_every_library_dynarock_loads():
    if not os.path.exists(BINARY):
        pytest.skip(f"no binary at {BINARY}")
    output = subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
    if re.search(r"lib(asan|ubsan|tsan|lsan)\.so", output):
        pytest.skip("sanitizer build; the image is built without sanitizers")
    runtime = set(package_group("runtime"))
    libraries = []
    for line in output.splitlines():
        assert "not found" not in line, line
        match = re.search(r"(?:=>\s*)?(/\S+)\s+\(0x", line)
        if match:  # linux-vdso has no file
            libraries.append(match.group(1))
    assert len(libraries) >= 5
    missing = {}
    for library in libraries:
        owners = owning_packages(library)
        assert owners, f"no Debian package owns {library}"
        if not owners & runtime:
            missing[library] = sorted(owners)
    assert missing == {}, "add to scripts/packages.txt as runtime: " + repr(missing)


def test_dockerfile_and_deps_read_the_one_package_list():
    stages = dockerfile_stages()
    build = dict(stages)["build"]
    final = stages[-1][1]
    assert re.search(r"packages\.sh build\)", build)
    assert re.search(r"packages\.sh runtime\)", final)
    assert "apt-get install" in final and "libsnappy" not in final
    assert 'ENTRYPOINT ["docker-entrypoint.sh"]' in final
    assert "-DDDB_TESTS=OFF" in build and "--target dynarock" in build
    with open(os.path.join(ROOT, "scripts", "deps.sh")) as f:
        assert "scripts/packages.sh build test" in f.read()
    assert package_group("build")


def test_dockerfile_copies_files_in_the_build_context():
    """Every COPY source exists and is not left out by .dockerignore."""
    with open(os.path.join(ROOT, ".dockerignore")) as f:
        ignored = [line.strip().rstrip("/") for line in f
                   if line.strip() and not line.startswith("#")]
    with open(DOCKERFILE) as f:
        copies = [line.split()[1:] for line in f if line.startswith("COPY ")]
    sources = [path for words in copies if not words[0].startswith("--from")
               for path in words[:-1]]
    assert "scripts/docker-entrypoint.sh" in sources
    for source in sources:
        assert os.path.exists(os.path.join(ROOT, source)), source
        for pattern in ignored:
            prefixes = ["/".join(source.split("/")[:i + 1])
                        for i in range(source.count("/") + 1)]
            assert not any(fnmatch.fnmatch(p, pattern) for p in prefixes), (source, pattern)

"""Fixtures for the messaging layer's tests: a real dynarock process on a free loopback
port, and the environment pointing the layer (and its scripts) at it."""
import os
import signal
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
MESSAGING = os.path.dirname(HERE)
ROOT = os.path.dirname(MESSAGING)
BINARY = os.path.abspath(os.environ.get("DYNAROCK_BIN", os.path.join(ROOT, "build", "dynarock")))

sys.path.insert(0, MESSAGING)


class Dynarock:
    """One dynarock process, started with DynamoDB Local-style flags."""

    def __init__(self, *flags, cwd=None):
        self.process = subprocess.Popen([BINARY, "-port", "0", *flags], cwd=cwd,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError(f"dynarock did not start: {line!r} {self.process.stderr.read()!r}")
        self.url = line.split("listening on ")[1].split(" ")[0]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        return self.process.returncode


@pytest.fixture
def start_dynarock(monkeypatch):
    """Starts dynarock processes (stopped afterwards); the last one started is where the
    layer's clients and scripts go (AWS_ENDPOINT_URL_DYNAMODB)."""
    started = []

    def start(*flags, cwd=None):
        server = Dynarock(*flags, cwd=cwd)
        started.append(server)
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", server.url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "ca-central-1")
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def dynarock(start_dynarock):
    """A fresh in-memory dynarock (-sharedDb, as the compose service runs it)."""
    return start_dynarock("-inMemory", "-sharedDb")

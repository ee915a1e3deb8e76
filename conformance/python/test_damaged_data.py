"""A damaged data directory (issue #9): dynarock refuses it with a clear message
and exit status 2, or starts with what it can recover -- it never crashes, hangs
or answers from half-read state.
"""
import glob
import os
import shutil
import subprocess

import pytest

from conftest import BINARY, EXTERNAL, create_table

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")


@pytest.fixture
def filled(start_server, tmp_path):
    """A data directory holding one table with one item, cleanly closed."""
    data = tmp_path / "data"
    data.mkdir()
    server = start_server(data_dir=str(data))
    client = server.client()
    create_table(client, "kept")
    client.put_item(TableName="kept", Item={"pk": {"S": "a"}})
    assert server.stop() == 0
    return data


def start(data):
    return subprocess.run([BINARY, "-port", "0", "-dbPath", str(data)], capture_output=True,
                          text=True, timeout=10)


def test_garbage_current_file_is_refused_clearly(filled):
    (filled / "dynarock" / "CURRENT").write_text("garbage\n")
    result = start(filled)
    assert result.returncode == 2, result
    assert "cannot open the database" in result.stderr and "Corruption" in result.stderr
    assert "listening on" not in result.stdout


def test_garbage_manifest_is_refused_clearly(filled):
    for manifest in glob.glob(str(filled / "dynarock" / "MANIFEST-*")):
        with open(manifest, "wb") as f:
            f.write(os.urandom(100))
    result = start(filled)
    assert result.returncode == 2, result
    assert "Corruption" in result.stderr


def test_data_path_that_is_a_file_is_refused_clearly(tmp_path):
    (tmp_path / "dynarock").write_text("not a directory")
    result = start(tmp_path)
    assert result.returncode == 2, result
    assert "Not a directory" in result.stderr


def test_unreadable_directory_is_refused_clearly(filled):
    if os.geteuid() == 0:
        pytest.skip("root reads every directory")
    os.chmod(filled / "dynarock", 0)
    try:
        result = start(filled)
    finally:
        os.chmod(filled / "dynarock", 0o755)
    assert result.returncode == 2, result


def test_garbage_write_ahead_log_starts_with_what_survives(filled, start_server):
    for log in glob.glob(str(filled / "dynarock" / "*.log")):
        with open(log, "wb") as f:
            f.write(os.urandom(3000))
    server = start_server(data_dir=str(filled))
    client = server.client()
    # The table may or may not have survived (it lived in the log), but the
    # server answers, and writes and reads work.
    names = client.list_tables()["TableNames"]
    if "kept" not in names:
        create_table(client, "kept")
    client.put_item(TableName="kept", Item={"pk": {"S": "b"}})
    assert client.get_item(TableName="kept", Key={"pk": {"S": "b"}})["Item"]["pk"] == {"S": "b"}


def test_missing_data_files_are_refused_clearly(filled):
    shutil.rmtree(filled / "dynarock")
    (filled / "dynarock").mkdir()
    (filled / "dynarock" / "CURRENT").write_text("MANIFEST-000099\n")
    result = start(filled)
    assert result.returncode == 2, result
    assert "cannot open the database" in result.stderr

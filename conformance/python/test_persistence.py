"""On-disk data survives restarts; in-memory data does not."""
import os

from conftest import create_table


def test_tables_and_items_survive_a_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    create_table(client, "durable", range_type="N")
    for i in range(50):
        client.put_item(TableName="durable", Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                                   "v": {"S": f"value-{i}"}})
    client.delete_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "7"}})
    assert first.stop() == 0
    second = start_server(data_dir=str(tmp_path))
    client = second.client()
    assert client.list_tables()["TableNames"] == ["durable"]
    table = client.describe_table(TableName="durable")["Table"]
    assert table["ItemCount"] == 49
    assert table["KeySchema"][1] == {"AttributeName": "sk", "KeyType": "RANGE"}
    item = client.get_item(TableName="durable", Key={"pk": {"S": "p"}, "sk": {"N": "3"}})
    assert item["Item"]["v"] == {"S": "value-3"}
    assert "Item" not in client.get_item(TableName="durable",
                                         Key={"pk": {"S": "p"}, "sk": {"N": "7"}})


def test_deleted_and_recreated_table_stays_empty_after_restart(start_server, tmp_path):
    first = start_server(data_dir=str(tmp_path))
    client = first.client()
    create_table(client, "again")
    client.put_item(TableName="again", Item={"pk": {"S": "old"}})
    client.delete_table(TableName="again")
    create_table(client, "again")
    first.stop()
    client = start_server(data_dir=str(tmp_path)).client()
    assert "Item" not in client.get_item(TableName="again", Key={"pk": {"S": "old"}})


def test_in_memory_keeps_nothing(start_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = start_server("-inMemory")
    create_table(first.client(), "ephemeral")
    first.stop()
    assert os.listdir(tmp_path) == []
    assert start_server("-inMemory").client().list_tables()["TableNames"] == []


def test_foreign_files_in_the_data_directory_are_left_alone(start_server, tmp_path):
    foreign = tmp_path / "shared-local-instance.db"
    foreign.write_bytes(b"SQLite format 3\x00 not ours")
    client = start_server("-sharedDb", data_dir=str(tmp_path)).client()
    create_table(client, "beside-sqlite")
    assert foreign.read_bytes() == b"SQLite format 3\x00 not ours"

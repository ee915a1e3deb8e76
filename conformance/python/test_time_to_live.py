"""UpdateTimeToLive and DescribeTimeToLive (the setting; expiry itself is issue #7's)."""
import tempfile

import pytest

from conftest import EXTERNAL, create_table, error_of, unique_name


def spec(attribute, enabled):
    return {"AttributeName": attribute, "Enabled": enabled}


def test_enable_describe_disable(ddb):
    table = create_table(ddb, unique_name("ttl"))
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    answer = ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec("exp", True))
    assert answer["TimeToLiveSpecification"] == spec("exp", True)
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    for attribute, message in [("exp", "TimeToLive is already enabled"),
                               ("other", "TimeToLive is active on a different AttributeName")]:
        assert error_of(ddb.update_time_to_live, TableName=table,
                        TimeToLiveSpecification=spec(attribute, True)) == (
            "ValidationException", message, 400)
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec("exp", False))
    assert error_of(ddb.update_time_to_live, TableName=table,
                    TimeToLiveSpecification=spec("exp", False)) == (
        "ValidationException", "TimeToLive is already disabled", 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local words this differently")
def test_missing_table(ddb):
    # Local: "Cannot do operations on a non-existent table"
    for call, extra in [(ddb.describe_time_to_live, {}),
                        (ddb.update_time_to_live, {"TimeToLiveSpecification": spec("e", True)})]:
        assert error_of(call, TableName="no-such-table", **extra) == (
            "ResourceNotFoundException", "Requested resource not found: Table: no-such-table not "
            "found", 400)


@pytest.mark.skipif(bool(EXTERNAL), reason="starts its own dynarock")
def test_the_setting_survives_a_restart(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data_dir=data)
        table = create_table(server.client(), unique_name("ttl"))
        server.client().update_time_to_live(TableName=table,
                                            TimeToLiveSpecification=spec("exp", True))
        assert server.stop() == 0
        again = start_server(data_dir=data).client()
        assert again.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
            "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}

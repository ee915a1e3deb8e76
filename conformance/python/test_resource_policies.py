"""Resource-based policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy and
CreateTable's ResourcePolicy.

A policy sits on a table ARN or on a stream ARN (LatestStreamArn); the two are independent
slots, each with its own RevisionId: the epoch milliseconds of the change as 13 digits.
Putting an equivalent document again is a no-op that answers the same RevisionId; any other
document gets a larger one. ExpectedRevisionId (or "NO_POLICY") makes Put and Delete
conditional, and a failed condition is PolicyNotFoundException. Get answers the document
minified. Delete without a policy is a 200 without a RevisionId. The ARN and the document
are checked with DynamoDB's messages (all ValidationException, HTTP 400), and a refused call
changes nothing. Policies persist across a restart and go with their table; DescribeTable
does not show them and a restored table has none. DynamoDB Local has no resource policies,
so the file is skipped against an external endpoint.
"""
import json
import re
import tempfile
import time

import pytest

from conftest import EXTERNAL, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL),
                                reason="DynamoDB Local has no resource-based policies")

NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "
INVALID = "One or more parameter values were invalid: "
UNBOUNDED = ("Resource-based policy grants unbounded access in one or more elements. Please "
             "revise the policy to ensure least-privilege form of access")
ROOT = "arn:aws:iam::000000000000:root"


# ---------------------------------------------------------------- helpers

def statement(resource, action="dynamodb:GetItem", **extra):
    return {"Sid": "s1", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": action,
            "Resource": resource, **extra}


def document(resource, action="dynamodb:GetItem", **extra):
    """A least-privilege policy for the account root on `resource` (keys in canonical order)."""
    return {"Version": "2012-10-17", "Statement": [statement(resource, action, **extra)]}


def minified(doc):
    return json.dumps(doc, separators=(",", ":"))


def new_table(client, **extra):
    return client.create_table(
        TableName=unique_name("pol"), BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        **extra)["TableDescription"]


def streamed_table(client):
    """A table with a stream; returns (name, table ARN, stream ARN, stream label)."""
    table = new_table(client, StreamSpecification={"StreamEnabled": True,
                                                   "StreamViewType": "KEYS_ONLY"})
    return (table["TableName"], table["TableArn"], table["LatestStreamArn"],
            table["LatestStreamLabel"])


def put(client, arn, doc, **extra):
    """PutResourcePolicy of `doc` (a dict, sent minified, or a string sent as is)."""
    text = doc if isinstance(doc, str) else minified(doc)
    return client.put_resource_policy(ResourceArn=arn, Policy=text, **extra)["RevisionId"]


def policy_of(client, arn):
    """GetResourcePolicy as (parsed document, raw text, RevisionId)."""
    answer = client.get_resource_policy(ResourceArn=arn)
    return json.loads(answer["Policy"]), answer["Policy"], answer["RevisionId"]


def no_policy(client, arn):
    return error_of(client.get_resource_policy, ResourceArn=arn) == (
        "PolicyNotFoundException", NOT_FOUND + arn, 400)


def now_ms():
    return int(time.time() * 1000)


def mismatch(expected, table, current):
    return ("PolicyNotFoundException",
            f"{NOT_FOUND}Requested update for policy with revision id {expected}, but the "
            f"policy associated to target table {table} has revision id {current}.", 400)


def expected_none(table, current):
    return ("PolicyNotFoundException",
            f"{NOT_FOUND}Requested policy update expecting none to be present for table "
            f"{table}, but a policy exists with revision id {current}.", 400)


def absent(expected, table):
    return ("PolicyNotFoundException",
            f"{NOT_FOUND}Requested update for policy with revision id {expected}, but table "
            f"{table} has no associated policy.", 400)


# ---------------------------------------------------------------- put, get, delete

def test_put_answers_an_epoch_ms_revision_id_and_get_the_minified_document(ddb):
    table = new_table(ddb)
    arn = table["TableArn"]
    doc = document(arn, ["dynamodb:GetItem", "dynamodb:Query"])
    before = now_ms()
    revision = ddb.put_resource_policy(ResourceArn=arn,
                                       Policy=json.dumps(doc, indent=4))["RevisionId"]
    after = now_ms()
    assert re.fullmatch(r"\d{13}", revision), revision
    assert before <= int(revision) <= after
    parsed, text, got = policy_of(ddb, arn)
    assert parsed == doc
    assert text == minified(doc)
    assert got == revision


def test_an_equal_document_keeps_its_revision_id_and_any_other_gets_a_larger_one(ddb):
    arn = new_table(ddb)["TableArn"]
    a, b = document(arn), document(arn, "dynamodb:Query")
    first = put(ddb, arn, a)
    # The same document, whitespace aside, is a no-op.
    assert put(ddb, arn, a) == first
    assert put(ddb, arn, json.dumps(a, indent=2)) == first
    second = put(ddb, arn, b)
    assert int(second) > int(first) and second > first
    # Putting the older document back is a change too: ids are times, not hashes.
    third = put(ddb, arn, a)
    assert int(third) > int(second)
    assert policy_of(ddb, arn)[0::2] == (a, third)
    ids = [put(ddb, arn, a if i % 2 else b) for i in range(6)]
    assert all(int(x) < int(y) for x, y in zip([third] + ids, ids)), ids


def test_expected_revision_id_guards_put_and_delete(ddb):
    table = new_table(ddb)
    name, arn = table["TableName"], table["TableArn"]
    a, b = document(arn), document(arn, "dynamodb:Query")
    first = put(ddb, arn, a, ExpectedRevisionId="NO_POLICY")
    second = put(ddb, arn, b, ExpectedRevisionId=first)
    assert int(second) > int(first)

    assert error_of(ddb.put_resource_policy, ResourceArn=arn, Policy=minified(a),
                    ExpectedRevisionId=first) == mismatch(first, name, second)
    assert error_of(ddb.put_resource_policy, ResourceArn=arn, Policy=minified(a),
                    ExpectedRevisionId="NO_POLICY") == expected_none(name, second)
    assert error_of(ddb.delete_resource_policy, ResourceArn=arn,
                    ExpectedRevisionId=first) == mismatch(first, name, second)
    assert policy_of(ddb, arn)[0::2] == (b, second)

    assert ddb.delete_resource_policy(ResourceArn=arn,
                                      ExpectedRevisionId=second)["RevisionId"] == second
    assert no_policy(ddb, arn)
    assert error_of(ddb.put_resource_policy, ResourceArn=arn, Policy=minified(a),
                    ExpectedRevisionId=second) == absent(second, name)
    assert error_of(ddb.delete_resource_policy, ResourceArn=arn,
                    ExpectedRevisionId=second) == absent(second, name)
    assert no_policy(ddb, arn)
    third = put(ddb, arn, a, ExpectedRevisionId="NO_POLICY")
    assert policy_of(ddb, arn)[0::2] == (a, third)


def test_get_and_delete_without_a_policy(ddb):
    arn = new_table(ddb)["TableArn"]
    assert no_policy(ddb, arn)
    answer = ddb.delete_resource_policy(ResourceArn=arn)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "RevisionId" not in answer
    revision = put(ddb, arn, document(arn))
    assert ddb.delete_resource_policy(ResourceArn=arn)["RevisionId"] == revision
    assert no_policy(ddb, arn)
    # Deleting again is still a success.
    assert ddb.delete_resource_policy(ResourceArn=arn)["ResponseMetadata"][
        "HTTPStatusCode"] == 200
    assert no_policy(ddb, arn)


def test_confirm_remove_self_resource_access_is_accepted(ddb):
    arn = new_table(ddb)["TableArn"]
    revision = put(ddb, arn, document(arn), ConfirmRemoveSelfResourceAccess=True)
    assert policy_of(ddb, arn)[0::2] == (document(arn), revision)


# ---------------------------------------------------------------- streams

def test_the_stream_arn_is_a_slot_of_its_own(ddb):
    name, arn, stream_arn, _ = streamed_table(ddb)
    assert no_policy(ddb, stream_arn)
    on_stream = document(stream_arn, ["dynamodb:GetRecords", "dynamodb:GetShardIterator"])
    stream_revision = put(ddb, stream_arn, on_stream)
    assert re.fullmatch(r"\d{13}", stream_revision)
    assert no_policy(ddb, arn)
    table_revision = put(ddb, arn, document(arn))
    assert int(table_revision) > int(stream_revision)
    assert policy_of(ddb, stream_arn)[0::2] == (on_stream, stream_revision)
    assert policy_of(ddb, arn)[0::2] == (document(arn), table_revision)

    assert error_of(ddb.put_resource_policy, ResourceArn=stream_arn, Policy=minified(on_stream),
                    ExpectedRevisionId="NO_POLICY") == expected_none(name, stream_revision)
    assert error_of(ddb.delete_resource_policy, ResourceArn=stream_arn,
                    ExpectedRevisionId=table_revision) == mismatch(table_revision, name,
                                                                   stream_revision)
    assert ddb.delete_resource_policy(ResourceArn=stream_arn)["RevisionId"] == stream_revision
    assert no_policy(ddb, stream_arn)
    assert policy_of(ddb, arn)[0::2] == (document(arn), table_revision)


def test_an_unknown_stream_label_or_table_is_resource_not_found(ddb):
    name, arn, stream_arn, label = streamed_table(ddb)
    other_label = "2020-01-01T00:00:00.000"
    assert other_label != label
    gone_stream = f"{arn}/stream/{other_label}"
    gone_table = f"{arn}-gone"
    for target, message in (
            (gone_stream, f"Requested resource not found: Stream: {other_label} not found for "
                          f"Table: {name}"),
            (gone_table, f"Requested resource not found: Table: {name}-gone not found"),
            # Table names are case-sensitive.
            (arn.rsplit("/", 1)[0] + "/" + name.upper(),
             f"Requested resource not found: Table: {name.upper()} not found")):
        expected = ("ResourceNotFoundException", message, 400)
        assert error_of(ddb.get_resource_policy, ResourceArn=target) == expected
        assert error_of(ddb.put_resource_policy, ResourceArn=target,
                        Policy=minified(document(target))) == expected
        assert error_of(ddb.delete_resource_policy, ResourceArn=target) == expected
    assert no_policy(ddb, arn) and no_policy(ddb, stream_arn)


@pytest.mark.xfail(strict=True, reason="dynarock accepts table actions in a stream policy; "
                                       "DynamoDB refuses them (policy_global_facts.md section 1)")
def test_a_stream_policy_must_use_stream_actions(ddb):
    name, _, stream_arn, label = streamed_table(ddb)
    code, message, status = error_of(ddb.put_resource_policy, ResourceArn=stream_arn,
                                     Policy=minified(document(stream_arn, "dynamodb:GetItem")))
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(INVALID + "Invalid policy document: The relative-id "
                              f'"table/{name}/stream/{label}" is invalid for ARN'), message
    assert no_policy(ddb, stream_arn)


# ---------------------------------------------------------------- ARN and document errors

ARN_CASES = {
    "bare table name": (lambda arn: arn.rsplit("/", 1)[1],
                        lambda bad: f"{INVALID}ARNs must start with 'arn:': {bad}"),
    "other region": (lambda arn: arn.replace(":us-east-1:", ":us-west-2:"),
                     lambda bad: f"{INVALID}Invalid resource Arn: {bad}"),
    "other account": (lambda arn: arn.replace(":000000000000:", ":111111111111:"),
                      lambda bad: "This action is only supported by accounts that match the "
                                  "resource owner\u2019s account."),
    "index": (lambda arn: arn + "/index/by-x",
              lambda bad: f"{INVALID}Invalid resource arn provided, only table or stream is "
                          f"accepted. Provided resource arn: {bad}"),
    "backup": (lambda arn: arn + "/backup/01796220741453-e5780ad3",
               lambda bad: f"{INVALID}Provided Arn is not a DynamoDB resource arn: {bad}"),
}


@pytest.mark.parametrize("kind", list(ARN_CASES))
def test_resource_arn_errors_change_nothing(ddb, kind):
    arn = new_table(ddb)["TableArn"]
    revision = put(ddb, arn, document(arn))
    make, message = ARN_CASES[kind]
    bad = make(arn)
    expected = ("ValidationException", message(bad), 400)
    assert error_of(ddb.get_resource_policy, ResourceArn=bad) == expected
    assert error_of(ddb.put_resource_policy, ResourceArn=bad,
                    Policy=minified(document(arn, "dynamodb:Query"))) == expected
    assert error_of(ddb.delete_resource_policy, ResourceArn=bad) == expected
    assert policy_of(ddb, arn)[0::2] == (document(arn), revision)


def test_a_real_backup_arn_is_not_a_policy_resource(ddb):
    table = new_table(ddb)
    arn = table["TableArn"]
    backup = ddb.create_backup(TableName=table["TableName"],
                               BackupName="policy-backup")["BackupDetails"]["BackupArn"]
    expected = ("ValidationException",
                f"{INVALID}Provided Arn is not a DynamoDB resource arn: {backup}", 400)
    assert error_of(ddb.get_resource_policy, ResourceArn=backup) == expected
    assert error_of(ddb.put_resource_policy, ResourceArn=backup,
                    Policy=minified(document(arn))) == expected
    assert no_policy(ddb, arn)


def statements(*items):
    return json.dumps({"Version": "2012-10-17", "Statement": list(items)})


DOCUMENT_CASES = {
    "malformed JSON": (lambda arn: minified(document(arn))[:-1],
                       INVALID + "Invalid policy document: This policy contains invalid Json"),
    "empty string": (lambda arn: "",
                     INVALID + "Invalid policy document: This policy contains invalid Json"),
    "not an object": (lambda arn: "[]",
                      INVALID + "Invalid policy document: This policy contains invalid Json"),
    "over 20480 bytes of whitespace": (
        lambda arn: json.dumps(document(arn)).ljust(20481),
        INVALID + "Maximum policy size of 20480 bytes exceeded"),
    "over 20480 bytes, under 20480 characters": (
        lambda arn: json.dumps(document(arn, Sid="\u00e9" * 10230), ensure_ascii=False),
        INVALID + "Maximum policy size of 20480 bytes exceeded"),
    "empty Statement": (lambda arn: statements(),
                        INVALID + "Invalid policy document: Could not parse the policy: "
                                  "Statement is empty!"),
    "no Resource": (lambda arn: statements({k: v for k, v in statement(arn).items()
                                            if k != "Resource"}),
                    INVALID + "Invalid policy document: Missing required field Resource"),
    "duplicate Sid": (lambda arn: statements(statement(arn), statement(arn, "dynamodb:Query")),
                      INVALID + "Invalid policy document: The Statement Ids in the policy are "
                                "not unique"),
    "Principal *": (lambda arn: statements(statement(arn, Principal="*")), UNBOUNDED),
    "Principal AWS *": (lambda arn: statements(statement(arn, Principal={"AWS": "*"})),
                        UNBOUNDED),
}


@pytest.mark.parametrize("kind", list(DOCUMENT_CASES))
def test_policy_document_errors_change_nothing(ddb, kind):
    arn = new_table(ddb)["TableArn"]
    revision = put(ddb, arn, document(arn))
    make, message = DOCUMENT_CASES[kind]
    assert error_of(ddb.put_resource_policy, ResourceArn=arn, Policy=make(arn)) == (
        "ValidationException", message, 400)
    assert policy_of(ddb, arn)[0::2] == (document(arn), revision)


def test_the_size_limit_counts_bytes_whitespace_included(ddb):
    arn = new_table(ddb)["TableArn"]
    doc = document(arn)
    padded = json.dumps(doc).ljust(20480)
    assert len(padded.encode()) == 20480
    revision = put(ddb, arn, padded)
    parsed, text, got = policy_of(ddb, arn)
    assert (parsed, text, got) == (doc, minified(doc), revision)
    wide = document(arn, Sid="\u00e9" * 10100)
    assert len(json.dumps(wide, ensure_ascii=False).encode()) <= 20480
    changed = put(ddb, arn, json.dumps(wide, ensure_ascii=False))
    assert int(changed) > int(revision)
    assert policy_of(ddb, arn)[0::2] == (wide, changed)


def test_unbounded_access_needs_allow_to_everyone_without_a_condition(ddb):
    arn = new_table(ddb)["TableArn"]
    condition = {"StringEquals": {"aws:PrincipalAccount": "000000000000"}}
    bounded = document(arn, Principal="*", Condition=condition)
    revision = put(ddb, arn, bounded)
    assert policy_of(ddb, arn)[0::2] == (bounded, revision)
    deny = document(arn, "dynamodb:DeleteItem", Effect="Deny", Principal="*")
    revision = put(ddb, arn, deny)
    assert policy_of(ddb, arn)[0::2] == (deny, revision)


def test_get_answers_the_canonical_document(ddb):
    arn = new_table(ddb)["TableArn"]
    sent = {"Statement": [{"Resource": [arn], "Action": ["dynamodb:GetItem"],
                           "Principal": {"AWS": "000000000000"}, "Effect": "Allow",
                           "Sid": "s1"}]}
    revision = put(ddb, arn, sent)
    canonical = {"Version": "2008-10-17", "Statement": [
        statement(arn) | {"Principal": {"AWS": ROOT}}]}
    assert policy_of(ddb, arn)[1:] == (minified(canonical), revision)
    # The canonical form is the same document: no change, the same RevisionId.
    assert put(ddb, arn, canonical) == revision


# ---------------------------------------------------------------- tables

def test_create_table_resource_policy(ddb):
    name = unique_name("pol")
    arn = f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}"
    doc = document(arn, ["dynamodb:GetItem", "dynamodb:PutItem"])
    before = now_ms()
    answer = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ResourcePolicy=json.dumps(doc, indent=2))
    after = now_ms()
    assert answer["TableDescription"]["TableArn"] == arn
    assert not [key for key in answer if key not in ("TableDescription", "ResponseMetadata")]
    assert not [key for key in answer["TableDescription"] if "olicy" in key]
    parsed, text, revision = policy_of(ddb, arn)
    assert (parsed, text) == (doc, minified(doc))
    assert re.fullmatch(r"\d{13}", revision) and before <= int(revision) <= after
    assert put(ddb, arn, doc) == revision


@pytest.mark.parametrize("kind", ["malformed JSON", "empty Statement", "Principal *",
                                  "over 20480 bytes of whitespace"])
def test_create_table_with_a_bad_resource_policy_makes_no_table(ddb, kind):
    name = unique_name("pol")
    arn = f"arn:aws:dynamodb:us-east-1:000000000000:table/{name}"
    make, message = DOCUMENT_CASES[kind]
    assert error_of(ddb.create_table, TableName=name, BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    ResourcePolicy=make(arn)) == ("ValidationException", message, 400)
    assert name not in ddb.list_tables()["TableNames"]
    assert error_of(ddb.describe_table, TableName=name)[0] == "ResourceNotFoundException"
    assert error_of(ddb.get_resource_policy, ResourceArn=arn) == (
        "ResourceNotFoundException", f"Requested resource not found: Table: {name} not found",
        400)


def test_describe_table_shows_no_policy(ddb):
    name, arn, stream_arn, _ = streamed_table(ddb)
    put(ddb, arn, document(arn))
    put(ddb, stream_arn, document(stream_arn, "dynamodb:GetRecords"))
    described = ddb.describe_table(TableName=name)["Table"]
    assert not [key for key in described if "olicy" in key or "Revision" in key]
    assert "olicy" not in json.dumps(described, default=str)


def test_a_restored_table_has_no_policy(ddb):
    table = new_table(ddb)
    name, arn = table["TableName"], table["TableArn"]
    ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    revision = put(ddb, arn, document(arn))
    backup = ddb.create_backup(TableName=name,
                               BackupName="with-policy")["BackupDetails"]["BackupArn"]
    from_backup = ddb.restore_table_from_backup(TargetTableName=unique_name("polr"),
                                                BackupArn=backup)["TableDescription"]
    to_point = ddb.restore_table_to_point_in_time(SourceTableName=name,
                                                  TargetTableName=unique_name("polp"),
                                                  UseLatestRestorableTime=True)[
        "TableDescription"]
    for restored in (from_backup, to_point):
        waiter = ddb.get_waiter("table_exists")
        waiter.wait(TableName=restored["TableName"], WaiterConfig={"Delay": 1,
                                                                   "MaxAttempts": 30})
        assert no_policy(ddb, restored["TableArn"])
    assert policy_of(ddb, arn)[0::2] == (document(arn), revision)


def test_policies_survive_a_restart_and_go_with_the_table(start_server):
    with tempfile.TemporaryDirectory() as data:
        server = start_server(data_dir=data)
        client = server.client()
        name, arn, stream_arn, _ = streamed_table(client)
        on_table = document(arn)
        on_stream = document(stream_arn, "dynamodb:GetRecords")
        table_revision = put(client, arn, on_table)
        stream_revision = put(client, stream_arn, on_stream)
        assert server.stop() == 0

        client = start_server(data_dir=data).client()
        assert policy_of(client, arn)[0::2] == (on_table, table_revision)
        assert policy_of(client, stream_arn)[0::2] == (on_stream, stream_revision)
        assert put(client, arn, on_table) == table_revision

        client.delete_table(TableName=name)
        gone = ("ResourceNotFoundException",
                f"Requested resource not found: Table: {name} not found", 400)
        assert error_of(client.get_resource_policy, ResourceArn=arn) == gone
        assert error_of(client.delete_resource_policy, ResourceArn=arn) == gone
        assert error_of(client.get_resource_policy, ResourceArn=stream_arn) == gone
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        assert no_policy(client, arn)

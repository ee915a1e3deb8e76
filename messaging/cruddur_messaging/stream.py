"""Pattern E: keep each conversation's GRP rows on its newest message (specification 3.5).

This is the fixed `cruddur-messaging-stream` Lambda (6.4, defects 7.3-7.6, 7.22), shared by
lambda_function.py (AWS Lambda, or dynarock's --trigger) and consumer.py (Streams API poller).
A stream record of a new MSG row moves both participants' GRP rows to that message's sort key
with a conditional transaction, so replays are no-ops and an older message never moves a
conversation back in time.

This module does not import boto3: a batch holding only skipped records (the Lambda's own GRP
writes, REMOVEs) then costs no client at all.
"""
import logging

log = logging.getLogger(__name__)

ACCEPTED_EVENTS = ("INSERT", "MODIFY")
# What a GRP row keeps when it moves; sk and message are the new message's.
GRP_ATTRIBUTES = ("pk", "message_group_uuid", "user_uuid", "user_display_name", "user_handle")
# Errors that say nothing about the record: the batch fails and is delivered again.
TRANSIENT_ERRORS = {"ProvisionedThroughputExceededException", "ThrottlingException",
                    "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable",
                    "TransactionConflictException", "TransactionInProgressException"}
TRANSIENT_REASONS = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}


def new_message(record):
    """(group uuid, sk, text) when the record is a new or changed MSG row with its text, else
    None. Tolerates any shape: KEYS_ONLY/OLD_IMAGE streams, REMOVEs, GRP rows, junk."""
    try:
        data = record["dynamodb"]
        pk, sk = data["Keys"]["pk"]["S"], data["Keys"]["sk"]["S"]
        text = data["NewImage"]["message"]["S"]
        wanted = record["eventName"] in ACCEPTED_EVENTS and pk.startswith("MSG#")
    except (AttributeError, KeyError, TypeError):  # REMOVE and KEYS_ONLY have no NewImage
        return None
    if not (wanted and isinstance(sk, str) and isinstance(text, str)):
        return None
    return pk[len("MSG#"):], sk, text


def newest_per_group(records):
    """{group uuid: (sk, text)} of the newest message of each group in the records.

    Moving a group to its newest message is the end state of applying every message in
    order (older ones are no-ops after it), so a burst costs one move instead of one each."""
    newest = {}
    for record in records:
        message = new_message(record)
        if message is None:
            continue
        group, sk, text = message
        if group not in newest or sk > newest[group][0]:
            newest[group] = (sk, text)
    return newest


def process_records(records, client, table=None):
    """Applies a batch of stream records to the table (config's by default); returns how many
    GRP rows moved.

    A message DynamoDB refuses (a poison record) is logged and skipped so that it never
    wedges the shard; throttling and outages raise so the whole batch is delivered again,
    which is safe because applying a message twice changes nothing."""
    from . import config  # here, not at the top: config imports boto3 (see the module doc)

    table, moved = table or config.TABLE_NAME, 0
    for group, (sk, text) in newest_per_group(records).items():
        try:
            moved += move_group(client, table, config.INDEX_NAME, group, sk, text)
        except client.exceptions.ClientError as error:
            if is_transient(error):
                raise
            log.error("skipping the message at %s of group %s: %s", sk, group, error)
    return moved


def move_group(client, table, index, group, sk, text):
    """Moves every GRP row of the group that is older than sk; returns how many moved."""
    rows = list(group_rows(client, table, index, group))  # all pages before any row moves
    return sum(move_row(client, table, row, sk, text) for row in rows)


def group_rows(client, table, index, group):
    """The group's GRP rows: only they carry message_group_uuid, so the index is sparse."""
    pages = client.get_paginator("query").paginate(
        TableName=table, IndexName=index,
        KeyConditionExpression="message_group_uuid = :group",
        ExpressionAttributeValues={":group": {"S": group}})
    for page in pages:
        yield from page["Items"]


def move_row(client, table, row, sk, text):
    """Re-keys one GRP row to (pk, sk) with the new text, if sk is newer than its own.

    The old row's delete is conditional on it still existing and the new row's put on its key
    being free, in one transaction: a reader never sees the conversation missing, and a worker
    holding a stale copy of the row (replay, a second consumer, an older message) changes
    nothing. True when this call moved it."""
    if sk <= row["sk"]["S"]:  # S keys compare as UTF-8 bytes; str order is the same
        return False
    item = {name: row[name] for name in GRP_ATTRIBUTES if name in row}
    item.update(sk={"S": sk}, message={"S": text})
    try:
        client.transact_write_items(TransactItems=[
            {"Delete": {"TableName": table, "Key": {"pk": row["pk"], "sk": row["sk"]},
                        "ConditionExpression": "attribute_exists(sk)"}},
            {"Put": {"TableName": table, "Item": item,
                     "ConditionExpression": "attribute_not_exists(sk)"}},
        ])
    except client.exceptions.TransactionCanceledException as error:
        if already_moved(error):
            return False
        raise
    return True


def cancellation_reasons(error):
    return {reason.get("Code") for reason in error.response.get("CancellationReasons", [])}


def already_moved(error):
    """A cancellation only by our conditions: someone else moved the row first."""
    reasons = cancellation_reasons(error)
    return "ConditionalCheckFailed" in reasons and reasons <= {"ConditionalCheckFailed", "None"}


def is_transient(error):
    """Throttling, conflicts and server faults, as opposed to DynamoDB refusing the data."""
    if error.response.get("Error", {}).get("Code") == "TransactionCanceledException":
        return bool(cancellation_reasons(error) & TRANSIENT_REASONS)
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
    return error.response.get("Error", {}).get("Code") in TRANSIENT_ERRORS or status >= 500

"""The seeded conversation G between andrewbrown ("Person 1") and bayko ("Person 2").

Fixes against the original seed:
- 7.14: messages are one minute apart and end a minute before now (never in the future), and
  both GRP rows hold the last message's text and sk, as pattern E would have left them;
- 7.15: seeding replaces conversation G instead of adding to it. Any GRP rows of G and every
  MSG#G row are deleted first, so a re-run still leaves 2 GRP rows and 104 messages;
- 7.16: a bad line in the dialogue raises a ValueError naming it.
"""
import os
import uuid
from dataclasses import asdict

from . import messages, timestamps, users
from .config import TABLE_NAME
from .users import SEED_GROUP_UUID

CONVERSATION_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "seed_conversation.txt")
SPEAKERS = {"Person 1": "andrewbrown", "Person 2": "bayko"}


def load_conversation(path=CONVERSATION_FILE):
    """[(handle, text)] for each "Person N: text" line."""
    with open(path, encoding="ascii") as f:
        raw_lines = [line for line in f.read().splitlines() if line.strip()]
    conversation = []
    for line in raw_lines:
        speaker, separator, text = line.partition(": ")
        if not separator or speaker not in SPEAKERS or not text:
            raise ValueError(f"invalid seed line: {line!r}")
        conversation.append((SPEAKERS[speaker], text))
    return conversation


def seed_rows(now=None):
    """The 2 GRP rows and the MSG rows of G, as plain dicts, GRP rows first."""
    now = now or timestamps.now()
    my_user, other_user = users.by_handle("andrewbrown"), users.by_handle("bayko")
    conversation = load_conversation()
    message_rows = []
    for i, (handle, text) in enumerate(conversation):
        created_at = timestamps.minutes_before(now, len(conversation) - i)
        message_rows.append(messages.message_row(
            SEED_GROUP_UUID, created_at, str(uuid.uuid4()), users.by_handle(handle), text))
    last = message_rows[-1]
    group_rows = [
        messages.group_row(my_user.uuid, other_user, SEED_GROUP_UUID, last["sk"], last["message"]),
        messages.group_row(other_user.uuid, my_user, SEED_GROUP_UUID, last["sk"], last["message"]),
    ]
    return group_rows + message_rows


def _existing_keys(client, participants):
    """Keys of every row of G now in the table: the participants' GRP rows of G (consistent
    base-table reads) and the whole MSG#G partition."""
    keys = [{"pk": row["pk"], "sk": row["sk"]}
            for user in participants for row in messages.inbox_rows(client, user.uuid)
            if row.get("message_group_uuid") == SEED_GROUP_UUID]
    pages = client.get_paginator("query").paginate(
        TableName=TABLE_NAME, KeyConditionExpression="pk = :pk", ConsistentRead=True,
        ExpressionAttributeValues={":pk": {"S": messages.msg_pk(SEED_GROUP_UUID)}},
        ProjectionExpression="pk, sk")
    keys += [messages.from_attributes(item) for page in pages for item in page["Items"]]
    return keys


def _delete(client, keys):
    """DeleteItem in BatchWriteItem chunks of 25, resending UnprocessedItems."""
    for start in range(0, len(keys), 25):
        requests = [{"DeleteRequest": {"Key": messages.to_attributes(key)}}
                    for key in keys[start:start + 25]]
        pending = {TABLE_NAME: requests}
        while pending:
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]


def seed(client, now=None, log=print):
    """Replaces conversation G: deletes its old rows, then one PutItem per new row.

    Returns the rows written (plain dicts). `log` gets what the original script printed."""
    participants = [users.by_handle("andrewbrown"), users.by_handle("bayko")]
    log("get_user_uuids")
    log({"my_user": asdict(participants[0]), "other_user": asdict(participants[1])})
    old = _existing_keys(client, participants)
    if old:
        _delete(client, old)
        log(f"removed {len(old)} earlier rows of message group {SEED_GROUP_UUID}")
    rows = seed_rows(now)
    for row in rows:
        log(client.put_item(TableName=TABLE_NAME, Item=messages.to_attributes(row)))
    return rows

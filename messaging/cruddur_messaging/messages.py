"""The data-access functions the app calls for access patterns A-D (section 3).

Row shapes (section 2), all attributes S:
  GRP row  pk GRP#<owner>  sk <last-message time>  message_group_uuid, message, and the
           *other* participant's user_uuid / user_display_name / user_handle
  MSG row  pk MSG#<group>  sk <created_at>         message_uuid, message, and the
           *sender's* user_uuid / user_display_name / user_handle
Every sk is a canonical timestamp (timestamps.py), so byte order is time order.

Each function takes an optional boto3 `client`; without one it makes a local or env-configured
client through config.client().
"""
import uuid
from typing import NamedTuple, Optional

from . import config, timestamps, users
from .config import TABLE_NAME

MAX_MESSAGE_CHARS = 1024


class MessagingError(Exception):
    """Something the app should turn into a 4xx answer."""


class ValidationError(MessagingError):
    """Bad input; `codes` are the service's error codes (e.g. message_blank)."""

    def __init__(self, codes):
        super().__init__(", ".join(codes))
        self.codes = list(codes)


class NotAMember(MessagingError):
    """The caller has no GRP row for the group (fix 7.12: no reading or posting by uuid)."""

    def __init__(self, group_uuid, user_uuid):
        super().__init__(f"user {user_uuid} is not a member of message group {group_uuid}")
        self.group_uuid = group_uuid
        self.user_uuid = user_uuid


class Page(NamedTuple):
    """One page of results; pass last_evaluated_key back as exclusive_start_key for the next
    page. It is None on the last page."""
    items: list
    last_evaluated_key: Optional[dict]


# ---- keys and rows ------------------------------------------------------------------------

def msg_pk(group_uuid):
    return f"MSG#{group_uuid}"


def grp_pk(user_uuid):
    return f"GRP#{user_uuid}"


def message_row(group_uuid, created_at, message_uuid, sender, text):
    """A MSG row. No message_group_uuid attribute: that keeps it out of the sparse GSI."""
    return {"pk": msg_pk(group_uuid), "sk": created_at, "message_uuid": message_uuid,
            "message": text, "user_uuid": sender.uuid,
            "user_display_name": sender.display_name, "user_handle": sender.handle}


def group_row(owner_uuid, other, group_uuid, last_at, text):
    """A GRP row in `owner_uuid`'s inbox, showing the other participant and the last message."""
    return {"pk": grp_pk(owner_uuid), "sk": last_at, "message_group_uuid": group_uuid,
            "message": text, "user_uuid": other.uuid,
            "user_display_name": other.display_name, "user_handle": other.handle}


def to_attributes(row):
    """Plain str dict -> DynamoDB AttributeValue map (every attribute here is S)."""
    return {name: {"S": value} for name, value in row.items()}


def from_attributes(item):
    return {name: value["S"] for name, value in item.items()}


def _client(client):
    return client if client is not None else config.client()


# ---- the raw queries (also used by the pattern scripts) -----------------------------------

def _newest_first(pk, limit, exclusive_start_key, extra):
    # No begins_with(sk, <year>) (fix 7.2): newest-first plus Limit already bounds the cost,
    # and the year filter hid everything from before 1 January.
    request = {"TableName": TABLE_NAME, "KeyConditionExpression": "pk = :pk",
               "ExpressionAttributeValues": {":pk": {"S": pk}},
               "ScanIndexForward": False, **extra}
    if limit:
        request["Limit"] = limit
    if exclusive_start_key:
        request["ExclusiveStartKey"] = exclusive_start_key
    return request


def query_messages(client, group_uuid, limit=20, exclusive_start_key=None, **extra):
    """Pattern A's Query: one page of the group's MSG rows, newest first; the raw response."""
    return client.query(**_newest_first(msg_pk(group_uuid), limit, exclusive_start_key, extra))


def query_message_groups(client, user_uuid, limit=20, exclusive_start_key=None, **extra):
    """Pattern B's Query: one page of the user's GRP rows, newest first; the raw response."""
    return client.query(**_newest_first(grp_pk(user_uuid), limit, exclusive_start_key, extra))


def inbox_rows(client, user_uuid):
    """pk, sk and message_group_uuid of every GRP row of a user: a consistent base-table
    read, all pages.

    Not the GSI (eventually consistent: a group made a moment ago could be missing), and no
    Limit with a FilterExpression (Limit applies before the filter, so a page can come back
    empty while later pages still match)."""
    pages = client.get_paginator("query").paginate(
        TableName=TABLE_NAME, KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": grp_pk(user_uuid)}}, ConsistentRead=True,
        ProjectionExpression="pk, sk, message_group_uuid")
    for page in pages:
        for item in page["Items"]:
            yield from_attributes(item)


def is_member(client, group_uuid, user_uuid):
    return any(row.get("message_group_uuid") == group_uuid
               for row in inbox_rows(client, user_uuid))


def require_member(client, group_uuid, user_uuid):
    if not is_member(client, group_uuid, user_uuid):
        raise NotAMember(group_uuid, user_uuid)


# ---- pattern A: one conversation ----------------------------------------------------------

def _message_view(row):
    return {"uuid": row["message_uuid"], "display_name": row["user_display_name"],
            "handle": row["user_handle"], "message": row["message"], "created_at": row["sk"]}


def list_messages(group_uuid, caller_uuid, limit=20, exclusive_start_key=None, client=None):
    """The newest `limit` messages of a group the caller belongs to, oldest first.

    The next page (with the token) holds the `limit` messages before those."""
    client = _client(client)
    require_member(client, group_uuid, caller_uuid)
    response = query_messages(client, group_uuid, limit, exclusive_start_key)
    # The Query reads newest first; a chat shows the newest message last.
    rows = [from_attributes(item) for item in reversed(response["Items"])]
    return Page([_message_view(row) for row in rows], response.get("LastEvaluatedKey"))


# ---- pattern B: the inbox -----------------------------------------------------------------

def _group_view(row):
    return {"uuid": row["message_group_uuid"], "display_name": row["user_display_name"],
            "handle": row["user_handle"], "message": row["message"], "created_at": row["sk"]}


def list_message_groups(user_uuid, limit=20, exclusive_start_key=None, client=None):
    """The user's conversations, most recent last message first."""
    response = query_message_groups(_client(client), user_uuid, limit, exclusive_start_key)
    rows = [from_attributes(item) for item in response["Items"]]
    return Page([_group_view(row) for row in rows], response.get("LastEvaluatedKey"))


# ---- patterns C and D: sending ------------------------------------------------------------

def _check(text, **required):
    """The service's validation (fix 7.11: a ValidationError with codes, not a crash)."""
    codes = [f"{name}_blank" for name, value in required.items() if not (value or "").strip()]
    if not (text or "").strip():
        codes.append("message_blank")
    elif len(text) > MAX_MESSAGE_CHARS:
        codes.append("message_exceed_max_chars")
    if codes:
        raise ValidationError(codes)


def create_message(group_uuid, sender_uuid, text, client=None):
    """Pattern C: a new message in an existing group the sender belongs to.

    Only the MSG row is written; moving the two GRP rows is pattern E's job."""
    _check(text, message_group_uuid=group_uuid, sender_uuid=sender_uuid)
    sender = users.by_uuid(sender_uuid)
    client = _client(client)
    require_member(client, group_uuid, sender_uuid)
    row = message_row(group_uuid, timestamps.now(), str(uuid.uuid4()), sender, text)
    # Two sends in the same microsecond must not silently overwrite each other.
    client.put_item(TableName=TABLE_NAME, Item=to_attributes(row),
                    ConditionExpression="attribute_not_exists(pk)")
    # uuid is the message's own uuid (fix 7.10), so the frontend gets unique keys.
    return {"message_group_uuid": group_uuid, **_message_view(row)}


def create_message_group(sender_uuid, receiver_handle, text, client=None):
    """Pattern D: the first message of a new conversation, as one transaction (fix 7.9).

    Writes the sender's and the receiver's GRP rows and the MSG row with one timestamp, all
    or nothing. DynamoDB errors (TransactionCanceledException, ValidationException, ...) are
    raised to the caller, never swallowed. A new group is made even if the two users already
    have one (7.18 is left as it is: the app's "new conversation" page asks for that)."""
    _check(text, handle=receiver_handle, sender_uuid=sender_uuid)
    sender = users.by_uuid(sender_uuid)
    receiver = users.by_handle(receiver_handle)
    if receiver.uuid == sender.uuid:
        raise ValidationError(["handle_is_sender"])
    group_uuid, now = str(uuid.uuid4()), timestamps.now()
    rows = [group_row(sender.uuid, receiver, group_uuid, now, text),
            group_row(receiver.uuid, sender, group_uuid, now, text),
            message_row(group_uuid, now, str(uuid.uuid4()), sender, text)]
    # botocore adds a ClientRequestToken, so its own retries cannot apply the transaction twice.
    _client(client).transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE_NAME, "Item": to_attributes(row),
                 "ConditionExpression": "attribute_not_exists(pk)"}}
        for row in rows])
    return {"message_group_uuid": group_uuid}

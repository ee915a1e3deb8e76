"""The users the app keeps in Postgres, as a small local fixture: uuid, handle, display name.

dynarock does not run the app's Postgres or Cognito; the messaging layer only needs these
three facts per user, which the app copies into DynamoDB rows. The uuids are fixed so that
seeds, tests and the app agree across runs.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    uuid: str
    handle: str
    display_name: str


USERS = (
    User("0b6c3a9e-8d3f-4f3a-9a51-4a8d2f1c7e01", "andrewbrown", "Andrew Brown"),
    User("5f2d7c1a-3b4e-4c6d-8e9f-0a1b2c3d4e02", "bayko", "Andrew Bayko"),
    User("9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c03", "londo", "Londo Mollari"),
)

# The seeded conversation between andrewbrown and bayko ("G" in the specification).
SEED_GROUP_UUID = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399"


class UnknownUser(LookupError):
    pass


def by_handle(handle):
    for user in USERS:
        if user.handle == handle:
            return user
    raise UnknownUser(f"no user with handle {handle!r}")


def by_uuid(uuid):
    for user in USERS:
        if user.uuid == uuid:
            return user
    raise UnknownUser(f"no user with uuid {uuid!r}")

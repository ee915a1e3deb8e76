"""The sort-key timestamps: one canonical form, fixed width, UTC (fix 7.13).

Every `sk` this layer writes looks like 2026-12-02T07:04:05.000000+00:00: always six
microsecond digits and always "+00:00". DynamoDB compares S keys as UTF-8 bytes, so only
a single fixed-width format with a single offset makes byte order equal time order.
`parse` also reads the historical forms (naive, other offsets, no microseconds) so that
old rows still display.
"""
from datetime import datetime, timedelta, timezone

DISPLAY = "%Y-%m-%d %I:%M %p"


def format(moment):
    """The canonical string for a datetime; a naive one is taken as UTC (as the frontend does)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    # timespec keeps the microseconds even when they are 0 (plain isoformat() drops them).
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def now():
    return format(datetime.now(timezone.utc))


def parse(value):
    """An aware UTC datetime from any isoformat() form the app ever wrote."""
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def display(value):
    """`YYYY-MM-DD hh:mm AM/PM` in UTC, as the get-conversation script prints it."""
    return parse(value).strftime(DISPLAY)


def minutes_before(value, minutes):
    """The canonical timestamp `minutes` earlier than `value` (negative: later)."""
    return format(parse(value) - timedelta(minutes=minutes))

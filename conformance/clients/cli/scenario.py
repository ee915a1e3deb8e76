"""The client scenario (../SCENARIO.md) through the AWS CLI v2, played once
per way (ways.py).

    scenario.py [path/to/aws]        (default /usr/bin/aws)

Needs DYNAROCK_URL (../with-dynarock sets it). Every call is an `aws ...`
command line with `--output json`, its answer read as a user's script would
read it. Prints one line per step passed and exits non-zero at the first
answer that differs from DynamoDB's.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

import ways

PREFIX = "cli"
CONDITION_FAILED = "The conditional request failed"
CANCELLED = ("Transaction cancelled, please refer cancellation reasons for specific reasons "
             "[None, ConditionalCheckFailed]")


class Mismatch(Exception):
    """An answer that is not DynamoDB's."""


# ---------------------------------------------------------------- checking

def expect(what, actual, expected):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_true(what, condition, shown):
    if not condition:
        raise Mismatch(f"{what}: got {shown!r}")


def value(attribute):
    """An AttributeValue as JSON gives it, compared by value: numbers as
    decimals, binary decoded from the CLI's base64, sets as sets."""
    (kind, v), = attribute.items()
    if kind == "N":
        return kind, Decimal(v)
    if kind == "B":
        return kind, base64.b64decode(v)
    if kind == "NS":
        return kind, frozenset(Decimal(n) for n in v)
    if kind == "SS":
        return kind, frozenset(v)
    if kind == "BS":
        return kind, frozenset(base64.b64decode(b) for b in v)
    if kind == "L":
        return kind, [value(a) for a in v]
    if kind == "M":
        return kind, item_value(v)
    return kind, v  # S, BOOL, NULL


def item_value(item):
    return {k: value(a) for k, a in item.items()}


def expect_item(what, actual, expected):
    if not isinstance(actual, dict) or item_value(actual) != item_value(expected):
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_items(what, actual, expected):
    if len(actual or []) != len(expected) or any(
            item_value(a) != item_value(e) for a, e in zip(actual, expected)):
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


class Aws:
    """Runs `aws` as one way configures it."""

    def __init__(self, program, way):
        self.program = program
        self.way = way

    def __call__(self, *args, fails_with=None, operation=None, message=None):
        """The command's JSON answer, or, with `fails_with`, its error text,
        checked to be that service error from `operation` (and `message`)."""
        command = [self.program, *args, *self.way.endpoint_args, "--output", "json"]
        result = subprocess.run(command, env=self.way.env, capture_output=True, text=True,
                                timeout=120)
        shown = " ".join(args[:2])
        if fails_with is None:
            if result.returncode != 0:
                raise Mismatch(f"aws {shown}: exit {result.returncode}: {result.stderr.strip()}")
            return json.loads(result.stdout) if result.stdout.strip() else {}
        # 254: the service answered with an error (the CLI v2's return codes).
        if result.returncode != 254:
            raise Mismatch(f"aws {shown}: expected {fails_with} (exit 254), got exit "
                           f"{result.returncode}: {(result.stderr or result.stdout).strip()}")
        wanted = f"An error occurred ({fails_with}) when calling the {operation} operation"
        if message is not None:
            wanted += f": {message}"
        expect_true(f"aws {shown}: error text has {wanted!r}", wanted in result.stderr,
                    result.stderr.strip())
        return result.stderr


def j(document):
    return json.dumps(document)


# ---------------------------------------------------------------- the data

def sk(i):
    return f"msg#{i:02d}"


def key(pk, sk_):
    return {"pk": {"S": pk}, "sk": {"S": sk_}}


def S(s):
    return {"S": s}


def N(n):
    return {"N": str(n)}


def message(i, **changes):
    item = {**key("user#1", sk(i)), "status": S("open" if i % 2 == 0 else "closed"),
            "n": N(i), "body": S(f"message {i}")}
    return {**item, **changes}


PROFILE = {
    **key("user#2", "profile"),
    "address": {"M": {"city": S("Lyon"),
                      "geo": {"M": {"lat": N("45.764"), "lon": N("4.8357")}}}},
    "history": {"L": [S("joined"), N(2019), {"BOOL": True}, {"NULL": True},
                      {"M": {"kind": S("note")}}]},
    "roles": {"SS": ["admin", "dev"]},
    "scores": {"NS": ["1.5", "-3", "1E+2"]},
    "big": N("12345678901234567890123456789.25"),
    "active": {"BOOL": True},
    "nickname": {"NULL": True},
    "avatar": {"B": base64.b64encode(b"\x00\x01\xfe\xff").decode()},
    "keys": {"BS": [base64.b64encode(b"\x01").decode(), base64.b64encode(b"\x02\x03").decode()]},
}
PROFILE_KEY = key("user#2", "profile")
USER1 = ["--key-condition-expression", "pk = :pk",
         "--expression-attribute-values", j({":pk": S("user#1")})]


# ---------------------------------------------------------------- the steps

def create_table(aws, name):
    aws("dynamodb", "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=pk,AttributeType=S",
        "AttributeName=sk,AttributeType=S", "AttributeName=status,AttributeType=S",
        "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
        "--global-secondary-indexes", j([{
            "IndexName": "by-status",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}]),
        "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES",
        "--billing-mode", "PAY_PER_REQUEST")
    aws("dynamodb", "wait", "table-exists", "--table-name", name)
    table = aws("dynamodb", "describe-table", "--table-name", name, "--query",
                "Table.{status: TableStatus, indexes: GlobalSecondaryIndexes[].[IndexName, "
                "IndexStatus], stream: StreamSpecification, billing: BillingModeSummary."
                "BillingMode, arn: LatestStreamArn}")
    expect("TableStatus", table["status"], "ACTIVE")
    expect("GSI", table["indexes"], [["by-status", "ACTIVE"]])
    expect("StreamSpecification", table["stream"],
           {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    expect("BillingMode", table["billing"], "PAY_PER_REQUEST")
    expect_true("LatestStreamArn", (table["arn"] or "").startswith("arn:aws:dynamodb:"),
                table["arn"])


def write(aws, name):
    written = aws("dynamodb", "batch-write-item", "--request-items",
                  j({name: [{"PutRequest": {"Item": message(i)}} for i in range(25)]}))
    expect("UnprocessedItems", written.get("UnprocessedItems"), {})
    aws("dynamodb", "put-item", "--table-name", name, "--item", j(PROFILE))


def read(aws, name):
    get = ["dynamodb", "get-item", "--table-name", name, "--key"]
    expect_item("get-item user#2/profile", aws(*get, j(PROFILE_KEY)).get("Item"), PROFILE)
    expect_item("get-item --consistent-read",
                aws(*get, j(PROFILE_KEY), "--consistent-read").get("Item"), PROFILE)
    expect("get-item of a missing key", aws(*get, j(key("user#9", "x"))), {})
    batch = aws("dynamodb", "batch-get-item", "--request-items", j(
        {name: {"Keys": [PROFILE_KEY, key("user#1", "msg#03"), key("user#9", "x")]}}))
    got = sorted(batch["Responses"][name], key=lambda item: item["pk"]["S"])
    expect_items("batch-get-item", got, [message(3), PROFILE])
    expect("batch-get-item UnprocessedKeys", batch.get("UnprocessedKeys"), {})


def query(aws, name):
    prefix = ["--key-condition-expression", "pk = :pk AND begins_with(sk, :prefix)",
              "--expression-attribute-values", j({":pk": S("user#1"), ":prefix": S("msg#1")})]
    sks = ["--query", "Items[].sk.S"]
    query_ = ["dynamodb", "query", "--table-name", name]
    expect("begins_with(sk, msg#1)", aws(*query_, *prefix, *sks), [sk(i) for i in range(10, 20)])
    expect("--no-scan-index-forward", aws(*query_, *prefix, *sks, "--no-scan-index-forward"),
           [sk(i) for i in range(19, 9, -1)])
    filtered = aws(*query_, "--key-condition-expression", "pk = :pk",
                   "--filter-expression", "n > :n",
                   "--expression-attribute-values", j({":pk": S("user#1"), ":n": N(15)}),
                   "--query", "{sks: Items[].sk.S, count: Count, scanned: ScannedCount}")
    expect("n > 15", filtered,
           {"sks": [sk(i) for i in range(16, 25)], "count": 9, "scanned": 25})
    expect("--index-name by-status, status = open",
           aws(*query_, "--index-name", "by-status", "--key-condition-expression", "#st = :open",
               "--expression-attribute-names", j({"#st": "status"}),
               "--expression-attribute-values", j({":open": S("open")}), *sks),
           [sk(i) for i in range(0, 25, 2)])


def token_pages(aws, *command, max_items, page_size):
    """Each answer of `command` run with --max-items, resumed with
    --starting-token from the NextToken before it."""
    pages, token = [], None
    for _ in range(50):  # bounded, in case NextToken never stops
        resume = ["--starting-token", token] if token else []
        page = aws(*command, "--max-items", str(max_items), "--page-size", str(page_size),
                   *resume)
        pages.append(page)
        token = page.get("NextToken")
        if not token:
            break
    return pages


def paginate(aws, name):
    query_ = ["dynamodb", "query", "--table-name", name, *USER1]
    all_sks = [sk(i) for i in range(25)]
    # Automatic pagination: one output merging the 7 pages of 4.
    merged = aws(*query_, "--page-size", "4")
    expect("query --page-size 4: items", [i["sk"]["S"] for i in merged["Items"]], all_sks)
    expect("query --page-size 4: Count", merged["Count"], 25)
    expect("query --page-size 4 --query Items[].sk.S",
           aws(*query_, "--page-size", "4", "--query", "Items[].sk.S"), all_sks)
    for max_items, sizes in ((4, [4, 4, 4, 4, 4, 4, 1]), (10, [10, 10, 5])):
        pages = token_pages(aws, *query_, max_items=max_items, page_size=4)
        what = f"query --max-items {max_items} --page-size 4 + --starting-token"
        expect(f"{what}: page sizes", [len(p["Items"]) for p in pages], sizes)
        expect(f"{what}: items", [i["sk"]["S"] for p in pages for i in p["Items"]], all_sks)
        expect(f"{what}: NextToken on all but the last",
               ["NextToken" in p for p in pages], [True] * (len(sizes) - 1) + [False])
    scanned = aws("dynamodb", "scan", "--table-name", name, "--page-size", "10")
    expect("scan --page-size 10: items",
           sorted((i["pk"]["S"], i["sk"]["S"]) for i in scanned["Items"]),
           [("user#1", k) for k in all_sks] + [("user#2", "profile")])
    expect("scan --page-size 10: Count, ScannedCount",
           (scanned["Count"], scanned["ScannedCount"]), (26, 26))


def conditional_update(aws, name):
    update = ["dynamodb", "update-item", "--table-name", name, "--key", j(key("user#1", "msg#00")),
              "--update-expression", "SET #st = :s ADD n :one",
              "--condition-expression", "attribute_exists(pk) AND #st = :open",
              "--expression-attribute-names", j({"#st": "status"}),
              "--expression-attribute-values",
              j({":s": S("closed"), ":one": N(1), ":open": S("open")}),
              "--return-values", "ALL_NEW"]
    expect_item("ALL_NEW", aws(*update).get("Attributes"),
                message(0, status=S("closed"), n=N(1)))
    aws(*update, fails_with="ConditionalCheckFailedException", operation="UpdateItem",
        message=CONDITION_FAILED)


def transaction(aws, name):
    aws("dynamodb", "transact-write-items", "--transact-items", j([
        {"Put": {"TableName": name, "Item": {**key("user#3", "a"), "n": N(7)}}},
        {"Update": {"TableName": name, "Key": key("user#1", "msg#01"),
                    "UpdateExpression": "SET body = :b",
                    "ExpressionAttributeValues": {":b": S("edited")}}},
        {"ConditionCheck": {"TableName": name, "Key": PROFILE_KEY,
                            "ConditionExpression": "attribute_exists(pk)"}}]))
    aws("dynamodb", "transact-write-items", "--transact-items", j([
        {"Put": {"TableName": name, "Item": key("user#3", "b")}},
        {"ConditionCheck": {"TableName": name, "Key": key("user#9", "x"),
                            "ConditionExpression": "attribute_exists(pk)"}}]),
        fails_with="TransactionCanceledException", operation="TransactWriteItems",
        message=CANCELLED)
    expect("the cancelled Put wrote nothing", aws("dynamodb", "get-item", "--table-name", name,
                                                  "--key", j(key("user#3", "b"))), {})
    got = aws("dynamodb", "transact-get-items", "--transact-items", j([
        {"Get": {"TableName": name, "Key": key("user#3", "a")}},
        {"Get": {"TableName": name, "Key": key("user#1", "msg#01"),
                 "ProjectionExpression": "body"}}]), "--query", "Responses[].Item")
    expect_items("transact-get-items", got,
                 [{**key("user#3", "a"), "n": N(7)}, {"body": S("edited")}])


def read_shard(aws, arn, shard_id):
    """Every record of a shard, from TRIM_HORIZON until they stop coming."""
    iterator = aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                   "--shard-id", shard_id, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
    records = []
    for _ in range(50):  # bounded: an open shard always gives a next iterator
        page = aws("dynamodbstreams", "get-records", "--shard-iterator", iterator)
        records += page["Records"]
        iterator = page.get("NextShardIterator")
        if not page["Records"] or not iterator:
            break
    return records


def expected_stream():
    """(key, eventName, NewImage, OldImage) per write so far, in write order."""
    events = [(("user#1", sk(i)), "INSERT", message(i), None) for i in range(25)]
    events.append((("user#2", "profile"), "INSERT", PROFILE, None))
    events.append((("user#1", "msg#00"), "MODIFY", message(0, status=S("closed"), n=N(1)),
                   message(0)))
    events.append((("user#3", "a"), "INSERT", {**key("user#3", "a"), "n": N(7)}, None))
    events.append((("user#1", "msg#01"), "MODIFY", message(1, body=S("edited")), message(1)))
    return events


def stream(aws, name):
    arn = aws("dynamodb", "describe-table", "--table-name", name,
              "--query", "Table.LatestStreamArn")
    description = aws("dynamodbstreams", "describe-stream", "--stream-arn", arn)
    description = description["StreamDescription"]
    expect("StreamStatus", description["StreamStatus"], "ENABLED")
    expect("StreamViewType", description["StreamViewType"], "NEW_AND_OLD_IMAGES")
    expect("TableName", description["TableName"], name)
    expect_true("Shards", description["Shards"], description["Shards"])
    records = []
    for shard in description["Shards"]:
        shard_records = read_shard(aws, arn, shard["ShardId"])
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in shard_records]
        expect("SequenceNumbers rise within a shard", numbers, sorted(set(numbers)))
        records += shard_records
    # Order holds per item, not across shards: compare each item's events.
    by_key = {}
    for r in records:
        keys = r["dynamodb"]["Keys"]
        by_key.setdefault((keys["pk"]["S"], keys["sk"]["S"]), []).append(r)
    wanted = {}
    for item_key, *event in expected_stream():
        wanted.setdefault(item_key, []).append(event)
    expect("items with records", sorted(by_key), sorted(wanted))
    for item_key, events in wanted.items():
        expect(f"{item_key} events", [r["eventName"] for r in by_key[item_key]],
               [e[0] for e in events])
        for record, (_, new, old) in zip(by_key[item_key], events):
            check_record(item_key, record, new, old)


def check_record(item_key, record, new, old):
    what = f"{item_key} {record['eventName']}"
    expect(f"{what} eventSource", record["eventSource"], "aws:dynamodb")
    # DynamoDB sends 1.1 today (its reference says it may rise one day).
    expect(f"{what} eventVersion", record["eventVersion"], "1.1")
    expect(f"{what} awsRegion", record["awsRegion"], ways.REGION)
    body = record["dynamodb"]
    expect(f"{what} StreamViewType", body["StreamViewType"], "NEW_AND_OLD_IMAGES")
    expect(f"{what} Keys", body["Keys"], key(*item_key))
    expect_item(f"{what} NewImage", body.get("NewImage"), new)
    if old is None:
        expect(f"{what} has no OldImage", "OldImage" in body, False)
    else:
        expect_item(f"{what} OldImage", body.get("OldImage"), old)
    number = body.get("SequenceNumber", "")
    expect_true(f"{what} SequenceNumber: 21 to 40 digits",
                number.isdigit() and 21 <= len(number) <= 40, number)
    expect_true(f"{what} SizeBytes", body.get("SizeBytes", 0) > 0, body.get("SizeBytes"))
    expect_true(f"{what} ApproximateCreationDateTime", "ApproximateCreationDateTime" in body, body)


def statement_pages(aws, statement, parameters, limit):
    """The items of each execute-statement page, following --next-token."""
    pages, token = [], None
    for _ in range(50):  # bounded, in case NextToken never stops
        args = ["--parameters", j(parameters)] if parameters else []
        args += ["--next-token", token] if token else []
        page = aws("dynamodb", "execute-statement", "--statement", statement,
                   "--limit", str(limit), *args)
        pages.append(page["Items"])
        token = page.get("NextToken")
        if not token:
            break
    return pages


def partiql(aws, name):
    """execute-statement and friends, as the console and NoSQL Workbench use them."""
    table = f'"{name}"'
    pages = statement_pages(aws, f"SELECT * FROM {table} WHERE pk = ?", [S("user#1")], 4)
    expect("SELECT pk = ? --limit 4: page sizes", [len(p) for p in pages], [4, 4, 4, 4, 4, 4, 1])
    expect("SELECT pk = ? --limit 4: items", [i["sk"]["S"] for p in pages for i in p],
           [sk(i) for i in range(25)])
    everything = statement_pages(aws, f"SELECT * FROM {table}", [], 10)
    expect("SELECT * --limit 10: items", sum(len(p) for p in everything), 27)

    def run(statement, *parameters, **failure):
        return aws("dynamodb", "execute-statement", "--statement", statement,
                   "--parameters", j(list(parameters)), **failure)

    run(f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?, 'n': ?, 'tags': ?}}",
        S("user#4"), S("a"), N(1), {"SS": ["x", "y"]})
    inserted = {**key("user#4", "a"), "n": N(1), "tags": {"SS": ["x", "y"]}}
    expect_item("the INSERTed item", aws("dynamodb", "get-item", "--table-name", name,
                                         "--key", j(key("user#4", "a"))).get("Item"), inserted)
    run(f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}", S("user#4"), S("a"),
        fails_with="DuplicateItemException", operation="ExecuteStatement")
    updated = run(f"UPDATE {table} SET n = n + ? SET note = ? WHERE pk = ? AND sk = ? "
                  f"RETURNING ALL NEW *", N(10), S("hi"), S("user#4"), S("a"))
    expect_items("UPDATE RETURNING ALL NEW *", updated.get("Items"),
                 [{**inserted, "n": N(11), "note": S("hi")}])
    run(f"DELETE FROM {table} WHERE pk = ? AND sk = ?", S("user#4"), S("a"))
    expect("the DELETEd item is gone", aws("dynamodb", "get-item", "--table-name", name,
                                           "--key", j(key("user#4", "a"))), {})
    partiql_batch(aws, table)
    partiql_transaction(aws, name, table)


def partiql_batch(aws, table):
    insert = f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}"
    written = aws("dynamodb", "batch-execute-statement", "--statements", j([
        {"Statement": insert, "Parameters": [S("user#5"), S("a")]},
        {"Statement": insert, "Parameters": [S("user#5"), S("b")]},
        {"Statement": insert, "Parameters": [S("user#2"), S("profile")]}]))["Responses"]
    expect("batch-execute-statement INSERT errors",
           [r.get("Error", {}).get("Code") for r in written], [None, None, "DuplicateItem"])
    select = f"SELECT * FROM {table} WHERE pk = ? AND sk = ?"
    read = aws("dynamodb", "batch-execute-statement", "--statements", j([
        {"Statement": select, "Parameters": [S("user#5"), S(k)]}
        for k in ("a", "b", "missing")]))["Responses"]
    expect("batch-execute-statement SELECT: which found an item",
           ["Item" in r for r in read], [True, True, False])
    expect("batch-execute-statement SELECT: errors", [r.get("Error") for r in read],
           [None, None, None])
    expect_items("batch-execute-statement SELECT items", [r["Item"] for r in read[:2]],
                 [key("user#5", "a"), key("user#5", "b")])


def partiql_transaction(aws, name, table):
    exists = f"EXISTS(SELECT * FROM {table} WHERE pk = ? AND sk = ?)"
    insert = f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?}}"
    aws("dynamodb", "execute-transaction", "--transact-statements", j([
        {"Statement": insert, "Parameters": [S("user#6"), S("a")]},
        {"Statement": f"UPDATE {table} SET n = ? WHERE pk = ? AND sk = ?",
         "Parameters": [N(5), S("user#5"), S("a")]},
        {"Statement": exists, "Parameters": [S("user#2"), S("profile")]}]))
    aws("dynamodb", "execute-transaction", "--transact-statements", j([
        {"Statement": insert, "Parameters": [S("user#6"), S("b")]},
        {"Statement": exists, "Parameters": [S("user#9"), S("x")]}]),
        fails_with="TransactionCanceledException", operation="ExecuteTransaction",
        message=CANCELLED)
    expect("the cancelled INSERT wrote nothing", aws("dynamodb", "get-item", "--table-name", name,
                                                     "--key", j(key("user#6", "b"))), {})
    select = f"SELECT * FROM {table} WHERE pk = ? AND sk = ?"
    got = aws("dynamodb", "execute-transaction", "--transact-statements", j([
        {"Statement": select, "Parameters": [S("user#6"), S("a")]},
        {"Statement": select, "Parameters": [S("user#5"), S("a")]}]), "--query", "Responses[].Item")
    expect_items("execute-transaction SELECTs", got,
                 [key("user#6", "a"), {**key("user#5", "a"), "n": N(5)}])


def delete(aws, name):
    old = aws("dynamodb", "delete-item", "--table-name", name, "--key", j(key("user#3", "a")),
              "--return-values", "ALL_OLD")
    expect_item("ALL_OLD", old.get("Attributes"), {**key("user#3", "a"), "n": N(7)})
    aws("dynamodb", "delete-item", "--table-name", name, "--key", j(key("user#9", "x")),
        "--condition-expression", "attribute_exists(pk)",
        fails_with="ConditionalCheckFailedException", operation="DeleteItem",
        message=CONDITION_FAILED)
    expect("delete-table TableStatus", aws("dynamodb", "delete-table", "--table-name", name,
                                           "--query", "TableDescription.TableStatus"), "DELETING")
    aws("dynamodb", "wait", "table-not-exists", "--table-name", name)
    names = aws("dynamodb", "list-tables", "--query", "TableNames")
    expect(f"list-tables names {name}", name in names, False)


STEPS = [
    ("1 create table", create_table),
    ("2 write", write),
    ("3 read", read),
    ("4 query", query),
    ("5 paginate", paginate),
    ("6 conditional update", conditional_update),
    ("7 transaction", transaction),
    ("8 stream", stream),
    ("partiql", partiql),
    ("9 delete", delete),
]


# ---------------------------------------------------------------- running

# Each `aws` command costs most of a second of CPU before it sends anything,
# so the whole scenario takes minutes: the first way plays it all, the others
# (which differ only in where credentials, region and endpoint come from)
# these steps, unless DYNAROCK_CLI_FULL=1.
SHORT = ("1 create table", "2 write", "3 read", "7 transaction", "9 delete")


def play(program, way, steps):
    """Plays `steps`, each `aws` command configured the way `way` says."""
    aws, name = Aws(program, way), f"{PREFIX}-{way.name}"
    print(f"{way.name}: {way.note}", flush=True)
    for step_name, step in steps:
        started = time.monotonic()
        try:
            step(aws, name)
        except Mismatch as e:
            print(f"{way.name}: {step_name}: FAILED: {e}", flush=True)
            return False
        print(f"{way.name}: {step_name}: ok ({time.monotonic() - started:.1f} s)", flush=True)
    return True


def main():
    program = sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/aws"
    url = os.environ["DYNAROCK_URL"]
    version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    print(f"{version.strip()}, against {url}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        full = os.environ.get("DYNAROCK_CLI_FULL") == "1"
        for i, way in enumerate(ways.ways(program, url, folder)):
            steps = STEPS if i == 0 or full else [s for s in STEPS if s[0] in SHORT]
            if not play(program, way, steps):
                return 1
    print(f"aws cli: every step passed in every way ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Export to S3 (ExportTableToPointInTime, DescribeExport, ListExports) and import from S3
(ImportTable, DescribeImport, ListImports).

The server stands a folder in for S3: bucket B is the folder <s3-root>/B and object key K
is the file <s3-root>/B/K, so every test starts its own server with a temporary --s3-root
and reads or writes the "bucket" directly. An export answers IN_PROGRESS and then
COMPLETES with DynamoDB's layout under <prefix>/AWSDynamoDB/<ExportId>/: _started, a
gzipped data/<26 base32 chars>.json.gz of {"Item": ...} lines, manifest-files.json,
manifest-summary.json and their base64-MD5 .md5 files; with an ExportTime it holds the
table as it was then. An import creates the table (CREATING, then ACTIVE), reads every
object whose key starts with S3KeyPrefix (DYNAMODB_JSON or CSV; NONE, GZIP or ZSTD) and
ends COMPLETED, or FAILED with ItemValidationError (keeping the good items) or
S3NoSuchBucket (creating nothing). An export's data folder imports back into an equal
table. The messages are DynamoDB's. DynamoDB Local has no export or import, so the file
is skipped against an external endpoint.
"""
import base64
import datetime
import gzip
import hashlib
import json
import pathlib
import re
import subprocess
import time
from types import SimpleNamespace

import pytest

from conftest import EXTERNAL, Server, create_table, error_of, unique_name

pytestmark = pytest.mark.skipif(bool(EXTERNAL), reason="DynamoDB Local has no export or import")

BUCKET = "bkt"
ITEM_ERROR = ("Some of the items failed validation checks and were not imported. "
              "Please check CloudWatch error logs for more details.")


# ---------------------------------------------------------------- helpers

def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


@pytest.fixture
def s3(start_server, tmp_path):
    """A fresh in-memory server whose S3 root is a temporary folder holding BUCKET."""
    root = tmp_path / "s3"
    (root / BUCKET).mkdir(parents=True)
    client = start_server("-inMemory", "--s3-root", str(root)).client()
    return SimpleNamespace(client=client, root=root, bucket=root / BUCKET)


def put_object(bucket, key, data):
    path = bucket / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def json_lines(items):
    return "".join(json.dumps({"Item": item}) + "\n" for item in items)


def pitr_table(client, **extra):
    name = create_table(client, unique_name("exp"), **extra)
    client.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    return name, client.describe_table(TableName=name)["Table"]["TableArn"]


def wait(describe, timeout=20):
    """Polls describe() until its status is no longer IN_PROGRESS (or the timeout)."""
    deadline = time.time() + timeout
    while True:
        described = describe()
        status = described.get("ExportStatus") or described.get("ImportStatus")
        if status != "IN_PROGRESS" or time.time() > deadline:
            return described
        time.sleep(0.02)


def wait_export(client, arn):
    return wait(lambda: client.describe_export(ExportArn=arn)["ExportDescription"])


def wait_import(client, arn):
    return wait(lambda: client.describe_import(ImportArn=arn)["ImportTableDescription"])


def export(client, table_arn, **extra):
    """ExportTableToPointInTime into BUCKET; returns (answer, final description)."""
    answer = client.export_table_to_point_in_time(TableArn=table_arn, S3Bucket=BUCKET,
                                                  **extra)["ExportDescription"]
    return answer, wait_export(client, answer["ExportArn"])


def creation(name, keys=(("pk", "S"),), **extra):
    """TableCreationParameters: on-demand, keys as (name, type) pairs, then `extra`."""
    return {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": a, "KeyType": k}
                          for (a, _), k in zip(keys, ("HASH", "RANGE"))],
            "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, t in keys],
            **extra}


def start_import(client, prefix, fmt="DYNAMODB_JSON", keys=(("pk", "S"),), bucket=BUCKET,
                 name=None, table_extra=None, **extra):
    params = creation(name or unique_name("imp"), keys, **(table_extra or {}))
    return client.import_table(S3BucketSource={"S3Bucket": bucket, "S3KeyPrefix": prefix},
                               InputFormat=fmt, TableCreationParameters=params,
                               **extra)["ImportTableDescription"]


def run_import(client, prefix, *args, **kwargs):
    """ImportTable, then waits for the end; returns (answer, described, sorted items)."""
    answer = start_import(client, prefix, *args, **kwargs)
    described = wait_import(client, answer["ImportArn"])
    items = None
    if described.get("FailureCode") != "S3NoSuchBucket":
        items = sorted(scan_all(client, answer["TableCreationParameters"]["TableName"]),
                       key=lambda i: json.dumps(i, default=str))
    return answer, described, items


def counts(described):
    return tuple(described.get(k) for k in ("ImportStatus", "ProcessedItemCount",
                                            "ImportedItemCount", "ErrorCount"))


def scan_all(client, table):
    items = []
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items.extend(page["Items"])
    return items


def normalized(value):
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else normalized(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def newest(arns):
    """Export or import ARNs newest first: by their ids (start ms + hex), whatever the table."""
    return sorted(arns, key=lambda arn: arn.rsplit("/", 1)[1], reverse=True)


def iso_ms(moment):
    """A datetime as the manifests write it: UTC, milliseconds, Z."""
    seconds, ms = divmod(round(moment.timestamp() * 1000), 1000)
    utc = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms:03d}Z"


def b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


# ---------------------------------------------------------------- exports

def test_export_answer_files_and_manifests(s3):
    c = s3.client
    table, table_arn = pitr_table(c)
    items = [{"pk": S(f"k{i}"), "n": N(i)} for i in range(3)]
    for item in items:
        c.put_item(TableName=table, Item=item)
    answer, done = export(c, table_arn, S3Prefix="dira/dirb")
    match = re.fullmatch(re.escape(table_arn) + r"/export/(\d{14})-[0-9a-f]{8}",
                         answer["ExportArn"])
    assert match, answer["ExportArn"]
    assert int(match.group(1)) == round(answer["StartTime"].timestamp() * 1000)
    assert answer["ExportStatus"] == "IN_PROGRESS"
    for absent in ("EndTime", "ItemCount", "BilledSizeBytes", "ExportManifest", "ExportType"):
        assert absent not in answer
    assert (answer["S3Bucket"], answer["S3Prefix"], answer["S3SseAlgorithm"],
            answer["ExportFormat"]) == (BUCKET, "dira/dirb", "AES256", "DYNAMODB_JSON")
    assert answer["ClientToken"]

    base = "dira/dirb/AWSDynamoDB/" + answer["ExportArn"].rsplit("/", 1)[1]
    assert (done["ExportStatus"], done["ItemCount"], done["ExportManifest"]) == \
        ("COMPLETED", 3, f"{base}/manifest-summary.json")
    assert done["StartTime"] <= done["EndTime"]
    folder = s3.bucket / base
    assert (folder / "_started").read_bytes() == b""
    (data_file,) = (folder / "data").iterdir()
    assert re.fullmatch(r"[a-z2-7]{26}\.json\.gz", data_file.name)
    gz = data_file.read_bytes()
    lines = gzip.decompress(gz).decode().split("\n")
    assert lines[-1] == ""
    assert sorted((json.loads(line)["Item"] for line in lines[:-1]), key=str) == \
        sorted(items, key=str)

    files_json = (folder / "manifest-files.json").read_bytes()
    assert files_json.endswith(b"}\n") and files_json.count(b"\n") == 1
    assert (folder / "manifest-files.md5").read_text() == b64md5(files_json)
    entry = json.loads(files_json)
    assert list(entry) == ["itemCount", "md5Checksum", "etag", "dataFileS3Key"]
    assert (entry["itemCount"], entry["md5Checksum"], entry["dataFileS3Key"]) == \
        (3, b64md5(gz), f"{base}/data/{data_file.name}")
    assert entry["etag"] in (hashlib.md5(gz).hexdigest(), hashlib.md5(gz).hexdigest() + "-1")

    summary_json = (folder / "manifest-summary.json").read_bytes()
    assert not summary_json.endswith(b"\n")
    assert (folder / "manifest-summary.md5").read_text() == b64md5(summary_json)
    summary = json.loads(summary_json)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", summary["exportTime"])
    assert summary == {
        "version": "2020-06-30", "exportArn": answer["ExportArn"],
        "startTime": iso_ms(answer["StartTime"]), "endTime": iso_ms(done["EndTime"]),
        "tableArn": table_arn, "tableId": answer["TableId"],
        "exportTime": summary["exportTime"], "s3Bucket": BUCKET, "s3Prefix": "dira/dirb",
        "s3SseAlgorithm": "AES256", "s3SseKmsKeyId": None,
        "manifestFilesS3Key": f"{base}/manifest-files.json",
        "billedSizeBytes": done["BilledSizeBytes"], "itemCount": 3,
        "outputFormat": "DYNAMODB_JSON"}
    assert list(summary) == [
        "version", "exportArn", "startTime", "endTime", "tableArn", "tableId", "exportTime",
        "s3Bucket", "s3Prefix", "s3SseAlgorithm", "s3SseKmsKeyId", "manifestFilesS3Key",
        "billedSizeBytes", "itemCount", "outputFormat"]


def test_export_time_exports_the_table_as_it_was(s3):
    c = s3.client
    table, table_arn = pitr_table(c)
    c.put_item(TableName=table, Item={"pk": S("A"), "v": N(1)})
    time.sleep(1.1)
    t = time.time()
    time.sleep(0.2)
    c.delete_item(TableName=table, Key={"pk": S("A")})
    c.put_item(TableName=table, Item={"pk": S("B")})
    answer, done = export(c, table_arn, ExportTime=t)
    assert "S3Prefix" not in answer
    assert abs(done["ExportTime"].timestamp() - t) < 0.002
    export_id = answer["ExportArn"].rsplit("/", 1)[1]
    assert (done["ExportStatus"], done["ItemCount"], done["ExportManifest"]) == \
        ("COMPLETED", 1, f"AWSDynamoDB/{export_id}/manifest-summary.json")
    (data_file,) = (s3.bucket / "AWSDynamoDB" / export_id / "data").iterdir()
    assert gzip.decompress(data_file.read_bytes()) == \
        b'{"Item":{"pk":{"S":"A"},"v":{"N":"1"}}}\n'
    summary = json.loads((s3.bucket / done["ExportManifest"]).read_bytes())
    assert (summary["exportTime"], summary["s3Prefix"], summary["manifestFilesS3Key"]) == \
        (iso_ms(done["ExportTime"]), None, f"AWSDynamoDB/{export_id}/manifest-files.json")


def test_export_time_defaults_to_the_start_time(s3):
    c = s3.client
    _, table_arn = pitr_table(c)
    for _ in range(8):
        _, done = export(c, table_arn)
        assert done["ExportTime"] == done["StartTime"]
        summary = json.loads((s3.bucket / done["ExportManifest"]).read_bytes())
        assert summary["exportTime"] == summary["startTime"]


def test_an_export_makes_its_bucket_folder(s3):
    # There is no CreateBucket locally: the export makes the bucket's folder
    # (DynamoDB fails with S3NoSuchBucket; COMPATIBILITY.md).
    c = s3.client
    _, table_arn = pitr_table(c)
    answer = c.export_table_to_point_in_time(TableArn=table_arn,
                                             S3Bucket="new-bucket")["ExportDescription"]
    done = wait_export(c, answer["ExportArn"])
    assert done["ExportStatus"] == "COMPLETED"
    assert (s3.root / "new-bucket" / done["ExportManifest"]).is_file()


def test_export_errors(s3):
    c = s3.client
    plain = create_table(c, unique_name("exp"))
    plain_arn = c.describe_table(TableName=plain)["Table"]["TableArn"]
    table, table_arn = pitr_table(c)

    def refused(**args):
        return error_of(c.export_table_to_point_in_time, S3Bucket=BUCKET, **args)
    assert refused(TableArn=plain_arn) == ("PointInTimeRecoveryUnavailableException",
                                           f"Point in time recovery is not enabled for table "
                                           f"'{plain}'", 400)
    assert refused(TableArn=table_arn + "-gone") == (
        "TableNotFoundException", f"Table not found: {table_arn}-gone", 400)
    assert refused(TableArn=table) == (
        "ValidationException",
        "One or more parameter values were invalid: tableArn is not a valid ARN", 400)
    assert refused(TableArn=table_arn, ExportTime=time.time() + 600) == (
        "InvalidExportTimeException", "Export Time is invalid", 400)
    for member, field, value, allowed in (
            ("ExportFormat", "exportFormat", "QWERTY", "[ION, DYNAMODB_JSON]"),
            ("ExportType", "exportType", "PARTIAL_EXPORT", "[FULL_EXPORT, INCREMENTAL_EXPORT]"),
            ("S3SseAlgorithm", "s3SseAlgorithm", "aws:kms", "[AES256, KMS]")):
        assert refused(TableArn=table_arn, **{member: value}) == (
            "ValidationException",
            f"1 validation error detected: Value '{value}' at '{field}' failed to satisfy "
            f"constraint: Member must satisfy enum value set: {allowed}", 400)
    assert refused(TableArn=table_arn, S3SseKmsKeyId="some-key") == (
        "ValidationException",
        "Invalid Request: KMS Key Id is not supported for this encryption type", 400)
    # None of the refused requests started an export.
    assert c.list_exports()["ExportSummaries"] == []


def test_incremental_export_validation(s3):
    """A real incremental export needs a 15-minute window; only its checks are testable."""
    c = s3.client
    table, table_arn = pitr_table(c)
    time.sleep(0.3)

    def refused(**args):
        return error_of(c.export_table_to_point_in_time, TableArn=table_arn, S3Bucket=BUCKET,
                        **args)
    spec = {"ExportFromTime": time.time() - 3600, "ExportToTime": time.time() - 0.1}
    assert refused(IncrementalExportSpecification=spec) == (
        "ValidationException", "Invalid Request: Export Type expected to be Incremental Export "
        "when incremental export specification is provided", 400)
    assert refused(ExportType="FULL_EXPORT", IncrementalExportSpecification=spec) == (
        "ValidationException", "Invalid Request: When Export Type is Full Export , Incremental "
        "Export Specification should not be provided", 400)
    assert refused(ExportType="INCREMENTAL_EXPORT") == (
        "ValidationException", "Invalid Request: Incremental Export Specification expected when "
        "export type is set as Incremental Export", 400)
    code, message, status = refused(ExportType="INCREMENTAL_EXPORT",
                                    IncrementalExportSpecification=spec)
    assert (code, status) == ("InvalidExportTimeException", 400)
    assert re.fullmatch(r"Incremental export period from time cannot be less than the table "
                        r"creation time : \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", message), message
    earliest = c.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"]
    assert refused(ExportType="INCREMENTAL_EXPORT", IncrementalExportSpecification={
        "ExportFromTime": earliest, "ExportToTime": time.time() - 0.1}) == (
        "InvalidExportTimeException", "Difference between export period from time and export "
        "period to time is less than 15 minutes", 400)


def test_client_token_replays_and_conflicts(s3):
    c = s3.client
    _, table_arn = pitr_table(c)
    first, _ = export(c, table_arn, ClientToken="token-1", S3Prefix="p")
    again = c.export_table_to_point_in_time(TableArn=table_arn, S3Bucket=BUCKET,
                                            ClientToken="token-1",
                                            S3Prefix="p")["ExportDescription"]
    assert (again["ExportArn"], again["ExportStatus"]) == (first["ExportArn"], "COMPLETED")
    assert error_of(c.export_table_to_point_in_time, TableArn=table_arn, S3Bucket=BUCKET,
                    ClientToken="token-1", S3Prefix="other") == (
        "ExportConflictException",
        "Export conflict: Duplicate request detected with conflicting parameters", 400)
    assert [s["ExportArn"] for s in c.list_exports()["ExportSummaries"]] == [first["ExportArn"]]


def test_describe_export_errors(s3):
    c = s3.client
    _, table_arn = pitr_table(c)
    unknown = table_arn + "/export/01234567890123-abcdef01"
    assert error_of(c.describe_export, ExportArn=unknown) == (
        "ExportNotFoundException", f"Export not found: Export not found: {unknown}", 400)
    assert error_of(c.describe_export, ExportArn=table_arn) == (
        "ValidationException", "Invalid Export ARN", 400)


def test_list_exports_order_filter_paging_and_errors(s3):
    c = s3.client
    _, arn_a = pitr_table(c)
    _, arn_b = pitr_table(c)
    mine = [export(c, arn_a)[0]["ExportArn"] for _ in range(3) if not time.sleep(0.003)]
    other = export(c, arn_b)[0]["ExportArn"]
    listed = c.list_exports(TableArn=arn_a)
    assert listed["ExportSummaries"] == [
        {"ExportArn": arn, "ExportStatus": "COMPLETED", "ExportType": "FULL_EXPORT"}
        for arn in newest(mine)]
    assert "NextToken" not in listed
    assert [s["ExportArn"] for s in c.list_exports()["ExportSummaries"]] == \
        newest(mine + [other])
    page = c.list_exports(TableArn=arn_a, MaxResults=2)
    assert [s["ExportArn"] for s in page["ExportSummaries"]] == newest(mine)[:2]
    rest = c.list_exports(TableArn=arn_a, MaxResults=2, NextToken=page["NextToken"])
    assert [s["ExportArn"] for s in rest["ExportSummaries"]] == newest(mine)[2:]
    assert "NextToken" not in rest
    assert error_of(c.list_exports, NextToken="garbage") == (
        "ValidationException", "Invalid Request: Provided nextToken is invalid: garbage", 400)
    assert error_of(c.list_exports, MaxResults=26) == (
        "ValidationException", "1 validation error detected: Value '26' at 'maxResults' failed "
        "to satisfy constraint: Member must have value less than or equal to 25", 400)


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("fmt", ["DYNAMODB_JSON", "ION"])
def test_export_then_import_round_trips_every_attribute_type(s3, fmt):
    c = s3.client
    gsi = [{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}]
    keys = (("pk", "S"), ("sk", "N"))
    definitions = [{"AttributeName": a, "AttributeType": t} for a, t in keys + (("g", "S"),)]
    table, table_arn = pitr_table(c, range_type="N", AttributeDefinitions=definitions,
                                  GlobalSecondaryIndexes=gsi)
    items = [{"pk": S(f"p{i % 3}"), "sk": N(f"{i}.5"), "g": S(f"g{i % 2}"), "e": S(""),
              "s": S("héllo ✓ \"q\"\n"), "b": {"B": bytes([0, 255, i])}, "t": {"BOOL": i > 5},
              "nul": {"NULL": True}, "ss": {"SS": ["z", "y", f"x{i}"]},
              "ns": {"NS": ["1", "-2.25", str(i + 10)]}, "bs": {"BS": [b"a", b"\x01\x02"]},
              "l": {"L": [S("s"), N(-3), {"M": {"deep": {"L": [{"BOOL": False}]}}}]},
              "m": {"M": {"k": {"SS": ["p", "q"]}, "e": {"M": {}}, "n": {"M": {"x": N(i)}}}},
              "big": N("123456789012345678901234567890.123")} for i in range(12)]
    items.append({"pk": S("bare"), "sk": N(0)})
    for item in items:
        c.put_item(TableName=table, Item=item)
    _, done = export(c, table_arn, S3Prefix="rt", ExportFormat=fmt)
    assert (done["ExportStatus"], done["ItemCount"]) == ("COMPLETED", len(items))
    data_prefix = done["ExportManifest"].rsplit("/", 1)[0] + "/data/"
    data_files = list((s3.bucket / data_prefix).iterdir())
    assert [f.name.endswith(".ion.gz" if fmt == "ION" else ".json.gz") for f in data_files] == \
        [True]
    first = gzip.decompress(data_files[0].read_bytes()).decode().splitlines()[0]
    assert first.startswith("$ion_1_0 {Item:{" if fmt == "ION" else '{"Item":{')
    _, imported, _ = run_import(c, data_prefix, fmt, keys=keys, InputCompressionType="GZIP",
                                table_extra={"AttributeDefinitions": definitions,
                                             "GlobalSecondaryIndexes": gsi})
    assert counts(imported) == ("COMPLETED", len(items), len(items), 0)
    target = imported["TableCreationParameters"]["TableName"]

    def keyed(rows):
        return {(r["pk"]["S"], r["sk"]["N"]): normalized(r) for r in rows}
    assert keyed(scan_all(c, target)) == keyed(scan_all(c, table)) == keyed(items)
    found = c.query(TableName=target, IndexName="by-g", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": S("g1")})["Items"]
    assert sorted(float(i["sk"]["N"]) for i in found) == [i + 0.5 for i in range(1, 12, 2)]


def test_an_ion_file_as_dynamodb_documents_it_imports(s3):
    # The example of DynamoDB's developer guide ("DynamoDB table export
    # output format"), with a blob, a binary set, a list and a nested struct.
    lines = [
        '$ion_1_0 {Item:{Authors:$dynamodb_SS::["Author1","Author2"],Dimensions:"8.5 x 11.0 '
        'x 1.5",ISBN:"333-3333333333",Id:103.,InPublication:false,PageCount:6d2,Price:2d3,'
        'ProductCategory:"Book",Title:"Book 103 Title"}}',
        "$ion_1_0 {Item:{Id:104.,Cover:{{aGk=}},Marks:$dynamodb_BS::[{{AQI=}}],"
        "Scores:$dynamodb_NS::[1.5,2d-1],Tags:[\"a\",1.,null,true],"
        "'odd name':{inner:{deep:\"x\\ty\"}}}}",
    ]
    put_object(s3.bucket, "ion/books.ion", "\n".join(lines) + "\n")
    _, described, items = run_import(s3.client, "ion/", "ION", keys=(("Id", "N"),))
    assert counts(described) == ("COMPLETED", 2, 2, 0)
    by_id = {i["Id"]["N"]: i for i in items}
    assert by_id["103"]["Authors"] == {"SS": ["Author1", "Author2"]}
    assert (by_id["103"]["PageCount"], by_id["103"]["Price"], by_id["103"]["InPublication"]) == \
        (N(600), N(2000), {"BOOL": False})
    book = by_id["104"]
    assert (book["Cover"], book["Marks"]) == ({"B": b"hi"}, {"BS": [b"\x01\x02"]})
    assert sorted(book["Scores"]["NS"]) == ["0.2", "1.5"]
    assert book["Tags"] == {"L": [S("a"), N(1), {"NULL": True}, {"BOOL": True}]}
    assert book["odd name"] == {"M": {"inner": {"M": {"deep": S("x\ty")}}}}


def test_a_line_that_is_not_ion_counts_as_an_error(s3):
    put_object(s3.bucket, "bad/a.ion", '$ion_1_0 {Item:{Id:1.}}\n{Item:{Id:2.,x:2020-01-01T}}\n'
               '$ion_1_0 {Item:{Id:3.}}\n')
    put_object(s3.bucket, "bad/b.ion", '{Item:{Id:4.}} {Item:{Id:5.}}\n{NotItem:{Id:6.}}\n')
    _, described, items = run_import(s3.client, "bad/", "ION", keys=(("Id", "N"),))
    assert counts(described) == ("FAILED", 5, 3, 2)
    assert sorted(i["Id"]["N"] for i in items) == ["1", "4", "5"]


# ---------------------------------------------------------------- imports

def test_import_answer_and_completed_description(s3):
    c = s3.client
    body = json_lines([{"pk": S(f"k{i}"), "n": N(i)} for i in range(5)]) + "\n  \n"
    put_object(s3.bucket, "in/a.json", body)
    answer = start_import(c, "in/")
    name = answer["TableCreationParameters"]["TableName"]
    assert re.fullmatch(re.escape(answer["TableArn"]) + r"/import/\d{14}-[0-9a-f]{8}",
                        answer["ImportArn"])
    assert counts(answer) == ("IN_PROGRESS", 0, 0, 0)
    for absent in ("EndTime", "ProcessedSizeBytes", "FailureCode", "FailureMessage"):
        assert absent not in answer
    assert answer["S3BucketSource"] == {"S3BucketOwner": "000000000000", "S3Bucket": BUCKET,
                                        "S3KeyPrefix": "in/"}
    assert answer["InputCompressionType"] == "NONE"
    assert answer["CloudWatchLogGroupArn"] == \
        "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*"
    assert answer["TableCreationParameters"] == creation(name)
    done = wait_import(c, answer["ImportArn"])
    assert counts(done) == ("COMPLETED", 5, 5, 0)
    assert done["ProcessedSizeBytes"] == len(body.encode())
    assert done["TableId"] == answer["TableId"]
    assert "FailureCode" not in done
    table = c.describe_table(TableName=name)["Table"]
    assert (table["TableStatus"], table["TableId"], table["ItemCount"]) == \
        ("ACTIVE", answer["TableId"], 5)


def test_import_key_prefix_is_a_plain_string_prefix(s3):
    c = s3.client
    for n, key in enumerate(("pfx/data1.json", "pfx/data2.json", "pfx2/x.json", "pfxdata.bak",
                             "other/y.json")):
        put_object(s3.bucket, key, json_lines([{"pk": S(f"k{n}")}]))
    for prefix, expected in (("pfx", ["k0", "k1", "k2", "k3"]), ("pfx/", ["k0", "k1"]),
                             ("pfx/data2.json", ["k1"]), ("nothing-here/", [])):
        _, done, items = run_import(c, prefix)
        assert counts(done) == ("COMPLETED", len(expected), len(expected), 0), prefix
        assert [i["pk"]["S"] for i in items] == expected, prefix
        name = done["TableCreationParameters"]["TableName"]
        assert c.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


def test_import_compression(s3, tmp_path):
    c = s3.client
    items = [{"pk": S(f"k{i}"), "v": N(i)} for i in range(4)]
    body = json_lines(items).encode()
    put_object(s3.bucket, "gz/a.json.gz", gzip.compress(body))
    (s3.bucket / "zs").mkdir()
    subprocess.run(["zstd", "-q", str(put_object(tmp_path, "a.json", body)), "-o",
                    str(s3.bucket / "zs" / "a.json.zst")], check=True)
    for prefix, compression in (("gz/", "GZIP"), ("zs/", "ZSTD")):
        _, done, found = run_import(c, prefix, InputCompressionType=compression)
        assert counts(done) == ("COMPLETED", 4, 4, 0), compression
        assert (done["ProcessedSizeBytes"], done["InputCompressionType"]) == \
            (len(body), compression)
        assert found == sorted(items, key=json.dumps)
    # Compression is not detected: gzip bytes read as NONE are one bad line.
    _, done, found = run_import(c, "gz/")
    assert counts(done) == ("FAILED", 1, 0, 1)
    assert (done["FailureCode"], found) == ("ItemValidationError", [])


def test_import_csv(s3):
    c = s3.client
    keys = (("pk", "S"), ("sk", "N"))
    put_object(s3.bucket, "csv/a.csv",
               'pk,sk,name,note\nk1,1,alice,"say ""hi"", ok"\nk2,2,,plain\n')
    _, done, items = run_import(c, "csv/", "CSV", keys)
    assert counts(done) == ("COMPLETED", 2, 2, 0)
    assert items == [
        {"pk": S("k1"), "sk": N(1), "name": S("alice"), "note": S('say "hi", ok')},
        {"pk": S("k2"), "sk": N(2), "note": S("plain")}]
    put_object(s3.bucket, "semi/a.csv", "k1;10;bob\nk2;20;carol\n")
    options = {"Csv": {"Delimiter": ";", "HeaderList": ["pk", "sk", "name"]}}
    answer, done, items = run_import(c, "semi/", "CSV", keys, InputFormatOptions=options)
    assert answer["InputFormatOptions"] == options
    assert counts(done) == ("COMPLETED", 2, 2, 0)
    assert items == [{"pk": S("k1"), "sk": N(10), "name": S("bob")},
                     {"pk": S("k2"), "sk": N(20), "name": S("carol")}]
    put_object(s3.bucket, "badcsv/a.csv", "pk,sk\nk1,not-a-number\nk2,2\n")
    _, done, items = run_import(c, "badcsv/", "CSV", keys)
    assert counts(done) == ("FAILED", 1, 0, 1)
    assert (done["FailureCode"], done["FailureMessage"], items) == \
        ("ItemValidationError", ITEM_ERROR, [])


def test_import_bad_lines_skip_the_rest_of_their_file(s3):
    c = s3.client
    good = [json.dumps({"Item": {"pk": S(f"k{i}")}}) for i in range(8)]
    put_object(s3.bucket, "bad/one.json", "\n".join([good[0], good[1], "garbage", good[2]]))
    put_object(s3.bucket, "bad/two.json", "\n".join([good[3], '{"pk":{"S":"x"}}', good[4]]))
    put_object(s3.bucket, "bad/three.json",
               "\n".join([good[5], '{"Item":{"pk":{"S":"x"},"n":{"N":"abc"}}}', good[6]]))
    put_object(s3.bucket, "bad/four.json", good[7] + "\n")
    _, done, items = run_import(c, "bad/")
    assert counts(done) == ("FAILED", 8, 5, 3)
    assert (done["FailureCode"], done["FailureMessage"]) == ("ItemValidationError", ITEM_ERROR)
    assert [i["pk"]["S"] for i in items] == ["k0", "k1", "k3", "k5", "k7"]
    name = done["TableCreationParameters"]["TableName"]
    assert c.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


def test_import_key_errors_skip_the_rest_of_their_file(s3):
    c = s3.client
    good = [json.dumps({"Item": {"pk": S(f"k{i}")}}) for i in range(4)]
    put_object(s3.bucket, "keys/a.json",
               "\n".join([good[0], '{"Item":{"pk":{"N":"1"}}}', good[1]]))
    put_object(s3.bucket, "keys/b.json", "\n".join([good[2], '{"Item":{"o":{"S":"1"}}}', good[3]]))
    _, done, items = run_import(c, "keys/")
    assert counts(done) == ("FAILED", 4, 2, 2)
    assert [i["pk"]["S"] for i in items] == ["k0", "k2"]


def test_import_empty_attribute_name_is_an_item_error(s3):
    c = s3.client
    put_object(s3.bucket, "e/a.json", json_lines([{"pk": S("a")}, {"pk": S("b"), "": S("1")}]))
    _, done, items = run_import(c, "e/")
    assert counts(done) == ("FAILED", 2, 1, 1)
    assert items == [{"pk": S("a")}]


def test_import_reads_objects_run_together_on_a_line(s3):
    c = s3.client
    put_object(s3.bucket, "run/a.json", '{"Item":{"pk":{"S":"a"}}}{"Item":{"pk":{"S":"b"}}}\n')
    _, done, items = run_import(c, "run/")
    assert counts(done) == ("COMPLETED", 2, 2, 0)
    assert items == [{"pk": S("a")}, {"pk": S("b")}]


def test_import_from_a_missing_bucket_creates_nothing(s3):
    c = s3.client
    answer, done, _ = run_import(c, "", bucket="no-such-bucket")
    assert answer["ImportStatus"] == "IN_PROGRESS"
    assert counts(done) == ("FAILED", 0, 0, 0)
    assert done["FailureCode"] == "S3NoSuchBucket"
    assert done["FailureMessage"].startswith("The specified bucket does not exist")
    assert done["TableId"] == answer["TableId"]
    name = answer["TableCreationParameters"]["TableName"]
    assert error_of(c.describe_table, TableName=name)[0] == "ResourceNotFoundException"


def test_import_errors(s3):
    c = s3.client
    existing = create_table(c, unique_name("imp"))
    assert error_of(start_import, c, "x", name=existing) == (
        "ResourceInUseException", f"Table already exists: {existing}", 400)
    assert error_of(start_import, c, "x", InputFormatOptions={"Csv": {"Delimiter": ";"}}) == (
        "ValidationException", "Invalid Request: Unsupported InputFormatOptions for the given "
        "input format: DYNAMODB_JSON.", 400)
    assert error_of(start_import, c, "x", InputCompressionType="BZIP2") == (
        "ValidationException", "1 validation error detected: Value 'BZIP2' at "
        "'inputCompressionType' failed to satisfy constraint: Member must satisfy enum value "
        "set: [ZSTD, NONE, GZIP]", 400)
    table_arn = c.describe_table(TableName=existing)["Table"]["TableArn"]
    unknown = table_arn + "/import/01234567890123-abcdef01"
    assert error_of(c.describe_import, ImportArn=unknown) == (
        "ImportNotFoundException", f"Import not found: {unknown}", 400)
    assert error_of(c.describe_import, ImportArn=table_arn) == (
        "ValidationException", "Invalid Import ARN", 400)
    assert error_of(c.list_imports, PageSize=26) == (
        "ValidationException", "1 validation error detected: Value '26' at 'pageSize' failed "
        "to satisfy constraint: Member must have value less than or equal to 25", 400)
    assert c.list_imports()["ImportSummaryList"] == []


def test_list_imports_order_filter_and_paging(s3):
    c = s3.client
    arns = [run_import(c, "none/")[1]["ImportArn"] for _ in range(3) if not time.sleep(0.003)]
    listed = c.list_imports()["ImportSummaryList"]
    assert [s["ImportArn"] for s in listed] == newest(arns)
    assert set(listed[0]) == {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource",
                              "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime"}
    assert {s["ImportStatus"] for s in listed} == {"COMPLETED"}
    page = c.list_imports(PageSize=2)
    assert [s["ImportArn"] for s in page["ImportSummaryList"]] == newest(arns)[:2]
    assert re.fullmatch(r"([0-9a-f]{16})+", page["NextToken"]) and len(page["NextToken"]) >= 112
    rest = c.list_imports(PageSize=2, NextToken=page["NextToken"])
    assert [s["ImportArn"] for s in rest["ImportSummaryList"]] == newest(arns)[2:]
    assert "NextToken" not in rest
    table_arn = arns[1].split("/import/")[0]
    assert [s["ImportArn"] for s in c.list_imports(TableArn=table_arn)["ImportSummaryList"]] == \
        [arns[1]]


def big_import(c, bucket, name, count=40000):
    """Writes a 40000-item object and returns a function starting its import into `name`
    (with a GSI on g and a fixed ClientToken)."""
    put_object(bucket, "big/a.json", "".join(
        '{"Item":{"pk":{"S":"k%d"},"g":{"S":"g%d"}}}\n' % (i, i % 5) for i in range(count)))
    table_extra = {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                            {"AttributeName": "g", "AttributeType": "S"}],
                   "GlobalSecondaryIndexes": [{
                       "IndexName": "by-g", "Projection": {"ProjectionType": "KEYS_ONLY"},
                       "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}]}
    return lambda: start_import(c, "big/", name=name, table_extra=table_extra,
                                ClientToken="big-token")


def test_import_table_is_creating_until_done_and_builds_its_index(s3):
    c = s3.client
    name = unique_name("impbig")
    begin = big_import(c, s3.bucket, name)
    answer = begin()
    assert c.describe_table(TableName=name)["Table"]["TableStatus"] == "CREATING"
    try:  # The same ClientToken while the import runs answers the same import.
        assert begin()["ImportArn"] == answer["ImportArn"]
    except c.exceptions.ClientError as e:  # ... unless it has already finished.
        assert e.response["Error"]["Code"] == "ResourceInUseException"
    done = wait_import(c, answer["ImportArn"])
    assert counts(done) == ("COMPLETED", 40000, 40000, 0)
    table = c.describe_table(TableName=name)["Table"]
    assert (table["TableStatus"], table["ItemCount"]) == ("ACTIVE", 40000)
    assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert c.query(TableName=name, IndexName="by-g", KeyConditionExpression="g = :g",
                   ExpressionAttributeValues={":g": S("g3")}, Select="COUNT")["Count"] == 8000


def test_imported_table_refuses_writes_while_creating(s3):
    c = s3.client
    name = unique_name("impbig")
    answer = big_import(c, s3.bucket, name)()
    code = None
    try:
        c.put_item(TableName=name, Item={"pk": S("intruder")})
    except c.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
    if c.describe_table(TableName=name)["Table"]["TableStatus"] != "CREATING":
        pytest.skip("the import ended before the write")
    assert code == "ResourceNotFoundException"
    wait_import(c, answer["ImportArn"])
    assert c.describe_table(TableName=name)["Table"]["ItemCount"] == 40000


# ---------------------------------------------------------------- restart

def test_export_and_import_records_survive_a_restart(start_server, tmp_path):
    root, data = tmp_path / "s3", tmp_path / "db"
    (root / BUCKET).mkdir(parents=True)
    data.mkdir()
    server = start_server("--s3-root", str(root), data_dir=str(data))
    c = server.client()
    table, table_arn = pitr_table(c)
    c.put_item(TableName=table, Item={"pk": S("a")})
    _, exported = export(c, table_arn)
    assert exported["ExportStatus"] == "COMPLETED"
    put_object(root / BUCKET, "in/a.json", json_lines([{"pk": S("x")}]))
    _, imported, _ = run_import(c, "in/")
    assert server.stop() == 0

    c = start_server("--s3-root", str(root), data_dir=str(data)).client()
    assert c.describe_export(ExportArn=exported["ExportArn"])["ExportDescription"] == exported
    assert [s["ExportArn"] for s in c.list_exports()["ExportSummaries"]] == \
        [exported["ExportArn"]]
    assert c.describe_import(ImportArn=imported["ImportArn"])["ImportTableDescription"] == \
        imported
    assert scan_all(c, imported["TableCreationParameters"]["TableName"]) == [{"pk": S("x")}]


@pytest.mark.parametrize("prefix", ["../outside", "a/../../outside", "/tmp/outside", "./x"])
def test_an_export_never_writes_outside_its_bucket_folder(s3, prefix):
    c = s3.client
    _, table_arn = pitr_table(c)
    before = sorted(p for p in s3.root.parent.rglob("*"))
    _, done = export(c, table_arn, S3Prefix=prefix)
    assert (done["ExportStatus"], done["FailureCode"]) == ("FAILED", "ValidationException")
    assert "cannot be a folder under the bucket's folder" in done["FailureMessage"]
    assert sorted(p for p in s3.root.parent.rglob("*")) == before
    assert not pathlib.Path("/tmp/outside/AWSDynamoDB").exists()


def test_an_unclosed_csv_quote_is_one_error_and_ends_quickly(s3):
    lines = ['pk,v', 'a,"never closed'] + [f"x{i},y" for i in range(200000)]
    put_object(s3.bucket, "q/a.csv", "\n".join(lines) + "\n")
    put_object(s3.bucket, "q/b.csv", "pk,v\nb,1\n")
    started = time.time()
    _, described, items = run_import(s3.client, "q/", "CSV")
    assert time.time() - started < 15
    assert (described["ImportStatus"], described["ErrorCount"]) == ("FAILED", 1)
    assert [i["pk"]["S"] for i in items] == ["b"]


def test_strings_that_are_not_utf8_are_errors(s3):
    put_object(s3.bucket, "u/a.csv", b"pk,v\nok,1\n")
    put_object(s3.bucket, "u/b.csv", b"pk,v\nbad,\xff\xfe\n")
    put_object(s3.bucket, "u/c.ion", b'$ion_1_0 {Item:{pk:"x\xc0\xaf"}}\n')
    _, csv_import, items = run_import(s3.client, "u/", "CSV", keys=(("pk", "S"),))
    assert (csv_import["ImportStatus"], csv_import["ErrorCount"]) == ("FAILED", 2)
    assert [i["pk"]["S"] for i in items] == ["ok"]


def test_an_import_a_stop_interrupts_ends_failed_and_leaves_no_table(start_server, tmp_path):
    root = tmp_path / "s3"
    put_object(root / BUCKET, "big/a.json",
               json_lines([{"pk": S(f"k{i}"), "pad": S("x" * 200)} for i in range(300000)]))
    server = Server("--s3-root", str(root), data_dir=str(tmp_path / "data"))  # killed below
    answer = start_import(server.client(), "big/")
    server.process.kill()
    server.process.wait()
    client = start_server("--s3-root", str(root), data_dir=str(tmp_path / "data")).client()
    described = client.describe_import(ImportArn=answer["ImportArn"])["ImportTableDescription"]
    if described["ImportStatus"] == "COMPLETED":
        pytest.skip("the import ended before the kill")
    assert (described["ImportStatus"], described["FailureCode"]) == ("FAILED", "InternalError")
    assert described["FailureMessage"] == "The server stopped before the import ended"
    assert answer["TableCreationParameters"]["TableName"] not in client.list_tables()["TableNames"]

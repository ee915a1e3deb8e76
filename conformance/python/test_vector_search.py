"""Vector indexes and SearchVectors through boto3: definitions on CreateTable,
UpdateTable and DescribeTable, the checks of every write, and searches with
each distance function, filters, projections and their errors. Messages are
DynamoDB's as recorded against the service (COMPATIBILITY.md names the ones
not confirmed)."""
import json
import math
import random
import struct
import time

import pytest

from conftest import error_of, unique_name

DIMENSIONS = 3


def vector(*values):
    return {"L": [{"N": str(v)} for v in values]}


def search_vector(*values):
    return [{"N": str(v)} for v in values]


def vector_index(name="vix", attribute="embedding", dimensions=DIMENSIONS, distance="COSINE",
                 schema=None, projection=None):
    index = {"IndexName": name, "VectorAttribute": {"AttributeName": attribute},
             "Dimensions": dimensions, "DistanceFunction": distance,
             "Projection": projection or {"ProjectionType": "ALL"}}
    if schema:
        index["SearchSchema"] = schema
    return index


def create(ddb, indexes, definitions=(), billing="PAY_PER_REQUEST", name=None):
    name = name or unique_name("vec")
    args = dict(TableName=name, BillingMode=billing,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      *definitions],
                VectorIndexes=indexes)
    if billing == "PROVISIONED":
        args["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    ddb.create_table(**args)
    return name


@pytest.fixture
def products(ddb):
    """Items with 3-dimension embeddings, a category (HASH) and a brand (filter)."""
    name = create(ddb, [
        vector_index("by-cosine", distance="COSINE"),
        vector_index("by-euclid", distance="EUCLIDEAN"),
        vector_index("by-dot", distance="DOT_PRODUCT"),
        vector_index("by-category", schema=[
            {"AttributeName": "category", "SearchSchemaElementType": "HASH"},
            {"AttributeName": "brand", "SearchSchemaElementType": "INLINE_FILTER"}],
            projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]}),
    ], definitions=[{"AttributeName": "category", "AttributeType": "S"},
                    {"AttributeName": "brand", "AttributeType": "S"}])
    rows = {
        "a": ((1, 0, 0), "tools", "acme"),
        "b": ((0.9, 0.1, 0), "tools", "zenith"),
        "c": ((0, 1, 0), "toys", "acme"),
        "d": ((10, 0, 0), "tools", "acme"),
        "e": ((-1, 0, 0), "toys", "zenith"),
    }
    for pk, (v, category, brand) in rows.items():
        ddb.put_item(TableName=name, Item={
            "pk": {"S": pk}, "embedding": vector(*v), "category": {"S": category},
            "brand": {"S": brand}, "title": {"S": f"item {pk}"}, "price": {"N": "5"}})
    # Not in any index: no vector.
    ddb.put_item(TableName=name, Item={"pk": {"S": "plain"}, "category": {"S": "tools"}})
    return name


def search(ddb, table, index, values, top_k=10, **extra):
    return ddb.search_vectors(TableName=table, IndexName=index,
                              SearchVector=search_vector(*values), TopK=top_k, **extra)


def ranked(answer):
    return [(r["Item"]["pk"]["S"], r["Score"]) for r in answer["SearchResults"]]


# --- definitions ---------------------------------------------------------------------

def test_describe_table_reports_vector_indexes(ddb, products):
    table = ddb.describe_table(TableName=products)["Table"]
    indexes = {i["IndexName"]: i for i in table["VectorIndexes"]}
    assert set(indexes) == {"by-cosine", "by-euclid", "by-dot", "by-category"}
    category = indexes["by-category"]
    assert category["VectorAttribute"] == {"AttributeName": "embedding"}
    assert category["Dimensions"] == 3 and category["DistanceFunction"] == "COSINE"
    assert category["SearchSchema"] == [
        {"AttributeName": "category", "SearchSchemaElementType": "HASH"},
        {"AttributeName": "brand", "SearchSchemaElementType": "INLINE_FILTER"}]
    assert category["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]}
    assert category["IndexStatus"] == "ACTIVE"
    assert category["IndexArn"] == table["TableArn"] + "/index/by-category"
    assert indexes["by-cosine"]["ItemCount"] == 5  # the item without a vector is not in it
    assert "Backfilling" not in category


@pytest.mark.parametrize("change, message", [
    (dict(billing="PROVISIONED"),
     "One or more parameter values were invalid: Vector indexes are only supported for "
     "PAY_PER_REQUEST tables"),
    (dict(indexes=[vector_index(f"vec{i}") for i in range(6)]),
     "One or more parameter values were invalid: VectorIndex count exceeds the per-table limit "
     "of 5"),
    (dict(indexes=[vector_index(dimensions=4097)]),
     "One or more parameter values were invalid: Number of dimensions must be between 1 and "
     "4096 inclusive."),
    (dict(indexes=[vector_index(schema=[{"AttributeName": "nowhere",
                                         "SearchSchemaElementType": "HASH"}])]),
     "One or more parameter values were invalid: One element in SearchSchema is not defined in "
     "attribute definitions"),
    (dict(indexes=[vector_index("one", dimensions=3), vector_index("two", dimensions=4)]),
     "One or more parameter values were invalid: Conflicting attribute definition for "
     "'embedding'. All VectorIndexes on the same vector attribute must use the same "
     "dimensions."),
    (dict(indexes=[vector_index(attribute="pk")]),
     "One or more parameter values were invalid: Conflicting attribute definition for 'pk'. An "
     "attribute cannot be defined in AttributeDefinitions when used as a VectorAttribute."),
    (dict(indexes=[vector_index(distance="MANHATTAN")]),
     "1 validation error detected: Value 'MANHATTAN' at 'vectorIndexes.1.member.distanceFunction' "
     "failed to satisfy constraint: Member must satisfy enum value set: [DOT_PRODUCT, COSINE, "
     "EUCLIDEAN]"),
])
def test_invalid_definitions_are_refused(ddb, change, message):
    indexes = change.pop("indexes", [vector_index()])
    code, text, status = error_of(create, ddb, indexes, **change)
    assert (code, text, status) == ("ValidationException", message, 400)


def test_update_table_adds_and_removes_a_vector_index(ddb):
    name = create(ddb, [])
    ddb.put_item(TableName=name, Item={"pk": {"S": "x"}, "embedding": vector(1, 2, 3)})
    answer = ddb.update_table(TableName=name,
                              VectorIndexUpdates=[{"Create": vector_index("late")}])
    # The answer shows it on its way; DescribeTable, built.
    shown = answer["TableDescription"]["VectorIndexes"][0]
    assert (shown["IndexName"], shown["IndexStatus"], shown["Backfilling"]) == \
        ("late", "CREATING", False)
    described = ddb.describe_table(TableName=name)["Table"]["VectorIndexes"][0]
    assert described["IndexStatus"] == "ACTIVE" and "Backfilling" not in described
    answer = search(ddb, name, "late", (1, 2, 3))
    assert ranked(answer)[0][0] == "x"  # existing items are in it
    code, message, _ = error_of(ddb.update_table, TableName=name, VectorIndexUpdates=[
        {"Create": vector_index("late")}])
    assert (code, message) == ("ValidationException",
                               "Attempting to create an index which already exists")
    answer = ddb.update_table(TableName=name,
                              VectorIndexUpdates=[{"Delete": {"IndexName": "late"}}])
    assert [(v["IndexName"], v["IndexStatus"]) for v in
            answer["TableDescription"]["VectorIndexes"]] == [("late", "DELETING")]
    assert "VectorIndexes" not in ddb.describe_table(TableName=name)["Table"]
    code, message, _ = error_of(search, ddb, name, "late", (1, 2, 3))
    assert (code, message) == ("ValidationException",
                               "The table does not have the specified index: late")


def test_provisioned_billing_is_refused_while_vector_indexes_exist(ddb, products):
    code, message, _ = error_of(
        ddb.update_table, TableName=products, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert (code, message) == ("ValidationException",
                               "One or more parameter values were invalid: Vector indexes are "
                               "only supported for PAY_PER_REQUEST tables")


# --- writes --------------------------------------------------------------------------

ENVELOPE = "One or more parameter values are not valid. One or more parameter values were invalid . "


@pytest.mark.parametrize("value, detail", [
    (vector(1, 2), "Invalid size for parameter embedding, Expected: 3, Actual: 2"),
    ({"S": "1,2,3"}, "Invalid type for parameter embedding, Expected: L, Actual: S"),
    ({"L": [{"N": "1"}, {"S": "2"}, {"N": "3"}]},
     "Invalid type for parameter embedding[1], Expected: 32-bit floating point number, "
     "Actual: S"),
    # How the service prints the value is not recorded: only what surrounds it.
    (vector(1, "1e39", 3),
     ("Invalid value for parameter embedding[1], Value: ",
      " is outside valid range [-3.4028235E38, 3.4028235E38]")),
])
def test_writes_of_invalid_vectors_are_refused(ddb, products, value, detail):
    item = {"pk": {"S": "bad"}, "embedding": value}
    code, message, _ = error_of(ddb.put_item, TableName=products, Item=item)
    assert code == "ValidationException"
    if isinstance(detail, tuple):
        assert message.startswith(ENVELOPE + detail[0])
        assert detail[1] + ". IndexName: " in message
    else:
        assert message.startswith(ENVELOPE + detail + ". IndexName: ")
    assert "Item" not in ddb.get_item(TableName=products, Key={"pk": {"S": "bad"}})
    # The same through UpdateItem, BatchWriteItem and a transaction.
    code, _, _ = error_of(ddb.update_item, TableName=products, Key={"pk": {"S": "bad"}},
                          UpdateExpression="SET embedding = :v",
                          ExpressionAttributeValues={":v": value})
    assert code == "ValidationException"
    code, _, _ = error_of(ddb.batch_write_item, RequestItems={
        products: [{"PutRequest": {"Item": item}}]})
    assert code == "ValidationException"
    code, _, _ = error_of(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": products, "Item": item}}])
    assert code in ("ValidationException", "TransactionCanceledException")
    assert "Item" not in ddb.get_item(TableName=products, Key={"pk": {"S": "bad"}})


def test_search_schema_attributes_must_have_their_types(ddb, products):
    code, message, _ = error_of(ddb.put_item, TableName=products, Item={
        "pk": {"S": "bad"}, "embedding": vector(1, 2, 3), "brand": {"N": "7"}})
    assert code == "ValidationException"
    assert message == (ENVELOPE + "Attribute 'brand' type mismatch. Expected: S, Actual: N. "
                       "IndexName: by-category")


# --- searches ------------------------------------------------------------------------

def test_cosine_ranks_by_angle_smallest_first(ddb, products):
    answer = search(ddb, products, "by-cosine", (1, 0, 0))
    order = ranked(answer)
    assert [pk for pk, _ in order][:2] in (["a", "d"], ["d", "a"])  # same direction: 0
    scores = dict(order)
    assert scores["a"] == pytest.approx(0) and scores["d"] == pytest.approx(0)
    assert scores["b"] == pytest.approx(1 - 0.9 / math.sqrt(0.82), rel=1e-6)
    assert scores["c"] == pytest.approx(1)
    assert scores["e"] == pytest.approx(2)
    assert [pk for pk, _ in order][-1] == "e"
    assert "plain" not in scores


def test_euclidean_is_the_distance_itself(ddb, products):
    order = ranked(search(ddb, products, "by-euclid", (1, 0, 0)))
    assert order[0] == ("a", 0)
    assert dict(order)["d"] == pytest.approx(9)  # not 81
    assert order[-1][0] == "d"


def test_dot_product_ranks_largest_first(ddb, products):
    order = ranked(search(ddb, products, "by-dot", (1, 0, 0), top_k=2))
    assert order == [("d", 10), ("a", 1)]


def test_top_k_and_its_range(ddb, products):
    assert len(search(ddb, products, "by-cosine", (1, 0, 0), top_k=1)["SearchResults"]) == 1
    code, message, _ = error_of(search, ddb, products, "by-cosine", (1, 0, 0), top_k=101)
    assert (code, message) == ("ValidationException",
                               "Provided TopK value '101' is out of valid range. The value must "
                               "be between 1 and 100 inclusive")


def test_default_projection_leaves_the_vector_out(ddb, products):
    item = search(ddb, products, "by-cosine", (1, 0, 0), top_k=1)["SearchResults"][0]["Item"]
    assert "embedding" not in item and item["price"] == {"N": "5"}
    # INCLUDE: keys, search schema attributes and the listed ones.
    item = search(ddb, products, "by-category", (1, 0, 0), top_k=1,
                  SearchConditionExpression="category = :c",
                  ExpressionAttributeValues={":c": {"S": "toys"}})["SearchResults"][0]["Item"]
    assert set(item) == {"pk", "category", "brand", "title"}


def test_projection_expression_can_ask_for_the_vector(ddb, products):
    answer = search(ddb, products, "by-cosine", (1, 0, 0), top_k=1,
                    ProjectionExpression="pk, #e", ExpressionAttributeNames={"#e": "embedding"})
    item = answer["SearchResults"][0]["Item"]
    assert set(item) == {"pk", "embedding"}


def test_filters_on_the_search_schema(ddb, products):
    answer = search(ddb, products, "by-category", (1, 0, 0),
                    SearchConditionExpression="category = :c AND #b = :b",
                    ExpressionAttributeNames={"#b": "brand"},
                    ExpressionAttributeValues={":c": {"S": "tools"}, ":b": {"S": "acme"}})
    assert sorted(pk for pk, _ in ranked(answer)) == ["a", "d"]


@pytest.mark.parametrize("expression, values, message", [
    (None, None, "SearchConditionExpression must be provided when SearchSchema has a HASH key"),
    ("category = :c AND brand <> :b", {":c": {"S": "tools"}, ":b": {"S": "acme"}},
     "Invalid SearchConditionExpression: Invalid comparator used in SearchConditionExpression"),
    ("category = :c AND price = :b", {":c": {"S": "tools"}, ":b": {"N": "5"}},
     "SearchConditionExpression must not contain any attributes that is not in SearchSchema. "
     "Invalid attribute: price"),
    ("category = :c AND category = :b", {":c": {"S": "tools"}, ":b": {"S": "toys"}},
     "Invalid SearchConditionExpression: SearchConditionExpression must only contain one "
     "condition per attribute"),
    ("category = :c", {":c": {"N": "1"}},
     "Type of 'category' attribute in SearchConditionExpression (N) does not match type in "
     "search schema (S)"),
])
def test_invalid_conditions_are_refused(ddb, products, expression, values, message):
    extra = {}
    if expression:
        extra["SearchConditionExpression"] = expression
    if values:
        extra["ExpressionAttributeValues"] = values
    code, text, _ = error_of(search, ddb, products, "by-category", (1, 0, 0), **extra)
    assert (code, text) == ("ValidationException", message)


def test_search_vector_errors(ddb, products):
    code, message, _ = error_of(search, ddb, products, "by-cosine", (1, 0))
    assert (code, message) == ("ValidationException",
                               "Input search vector dimension 2 does not match vector index "
                               "dimension 3")
    code, message, _ = error_of(ddb.search_vectors, TableName=products, IndexName="by-cosine",
                                SearchVector=[{"S": "1"}, {"N": "0"}, {"N": "0"}], TopK=1)
    assert (code, message) == ("ValidationException",
                               "Search vector contains invalid values. All values in the search "
                               "vector must be a 32-bit floating-point number attribute")
    code, message, _ = error_of(search, ddb, products, "nowhere", (1, 0, 0))
    assert (code, message) == ("ValidationException",
                               "The table does not have the specified index: nowhere")
    code, _, _ = error_of(search, ddb, "no-such-table", "by-cosine", (1, 0, 0))
    assert code == "ResourceNotFoundException"


def test_writes_and_deletes_are_seen_at_once(ddb, products):
    ddb.put_item(TableName=products, Item={"pk": {"S": "new"}, "embedding": vector(0, 0, 1)})
    assert ranked(search(ddb, products, "by-cosine", (0, 0, 1), top_k=1))[0][0] == "new"
    ddb.update_item(TableName=products, Key={"pk": {"S": "new"}},
                    UpdateExpression="REMOVE embedding")
    assert "new" not in dict(ranked(search(ddb, products, "by-cosine", (0, 0, 1))))
    ddb.execute_statement(Statement=f"UPDATE \"{products}\" SET embedding = [0, 0, 2] "
                                    "WHERE pk = 'new'")
    assert ranked(search(ddb, products, "by-cosine", (0, 0, 1), top_k=1))[0][0] == "new"
    ddb.delete_item(TableName=products, Key={"pk": {"S": "new"}})
    assert "new" not in dict(ranked(search(ddb, products, "by-cosine", (0, 0, 1))))


def test_query_scan_and_partiql_refuse_a_vector_index(ddb, products):
    code, message, status = error_of(
        ddb.query, TableName=products, IndexName="by-category",
        KeyConditionExpression="category = :c", ExpressionAttributeValues={":c": {"S": "tools"}})
    assert (code, message, status) == ("ValidationException",
                                       "Query operation not supported on this index type.", 400)
    code, message, status = error_of(ddb.scan, TableName=products, IndexName="by-cosine")
    assert (code, message, status) == ("ValidationException",
                                       "Scan operation not supported on this index type", 400)
    code, message, status = error_of(ddb.execute_statement,
                                     Statement=f'SELECT * FROM "{products}"."by-cosine"')
    assert (code, message, status) == ("ValidationException",
                                       "Scan operation not supported on this index type", 400)
    # An index that is neither: DynamoDB's usual answer.
    code, message, _ = error_of(ddb.scan, TableName=products, IndexName="nowhere")
    assert message == "The table does not have the specified index: nowhere"


def test_consumed_capacity_is_vector_search_bytes(ddb, products):
    answer = search(ddb, products, "by-cosine", (1, 0, 0), ReturnConsumedCapacity="TOTAL")
    assert set(answer["ConsumedCapacity"]) == {"VectorSearchRequestBytes"}
    assert answer["ConsumedCapacity"]["VectorSearchRequestBytes"] >= 1024
    assert "ConsumedCapacity" not in search(ddb, products, "by-cosine", (1, 0, 0))


def test_writes_report_vector_index_bytes_under_indexes(ddb, products):
    def vector_bytes(answer):
        return {name: v["VectorWriteRequestBytes"]
                for name, v in answer["ConsumedCapacity"].get("VectorIndexes", {}).items()}

    item = {"pk": {"S": "w"}, "embedding": vector(1, 2, 3), "category": {"S": "toys"},
            "price": {"N": "1"}}
    answer = ddb.put_item(TableName=products, Item=item, ReturnConsumedCapacity="INDEXES")
    # Small entries: each index's copy costs the 1 KB floor.
    assert vector_bytes(answer) == {"by-cosine": 1024.0, "by-euclid": 1024.0, "by-dot": 1024.0,
                                    "by-category": 1024.0}
    assert answer["ConsumedCapacity"]["CapacityUnits"] == 1.0
    answer = ddb.put_item(TableName=products, Item=item, ReturnConsumedCapacity="TOTAL")
    assert "VectorIndexes" not in answer["ConsumedCapacity"]
    # A change the INCLUDE projection leaves out touches only the ALL ones.
    answer = ddb.update_item(TableName=products, Key={"pk": {"S": "w"}},
                             UpdateExpression="SET price = :p",
                             ExpressionAttributeValues={":p": {"N": "2"}},
                             ReturnConsumedCapacity="INDEXES")
    assert set(vector_bytes(answer)) == {"by-cosine", "by-euclid", "by-dot"}
    # An entry over 1 KB: its size, the vector as its name plus 4 bytes a dimension.
    answer = ddb.update_item(TableName=products, Key={"pk": {"S": "w"}},
                             UpdateExpression="SET title = :t",
                             ExpressionAttributeValues={":t": {"S": "x" * 2000}},
                             ReturnConsumedCapacity="INDEXES")
    # pk (2 + 1) + category (8 + 4) + title (5 + 2000) + embedding (9 + 12) = 2041
    assert vector_bytes(answer)["by-category"] == 2041.0
    answer = ddb.delete_item(TableName=products, Key={"pk": {"S": "w"}},
                             ReturnConsumedCapacity="INDEXES")
    assert set(vector_bytes(answer)) == {"by-cosine", "by-euclid", "by-dot", "by-category"}
    # Not in any vector index: nothing to report.
    answer = ddb.put_item(TableName=products, Item={"pk": {"S": "bare"}},
                          ReturnConsumedCapacity="INDEXES")
    assert "VectorIndexes" not in answer["ConsumedCapacity"]
    answer = ddb.batch_write_item(RequestItems={products: [{"PutRequest": {"Item": item}}]},
                                  ReturnConsumedCapacity="INDEXES")
    assert set(answer["ConsumedCapacity"][0]["VectorIndexes"]) == {
        "by-cosine", "by-euclid", "by-dot", "by-category"}


def test_vector_indexes_survive_a_restart(start_server, tmp_path):
    server = start_server(data_dir=str(tmp_path))
    client = server.client()
    name = create(client, [vector_index()])
    client.put_item(TableName=name, Item={"pk": {"S": "x"}, "embedding": vector(1, 1, 1)})
    server.stop()
    again = start_server(data_dir=str(tmp_path)).client()
    assert again.describe_table(TableName=name)["Table"]["VectorIndexes"][0]["IndexName"] == "vix"
    assert ranked(search(again, name, "vix", (1, 1, 1)))[0][0] == "x"


# --- large indexes: the in-memory candidates (engine/vector_ann.h) ---------------------

LARGE_ITEMS = 1200  # over the 1,000 from which searches use the candidates
LARGE_DIMENSIONS = 8


def as_float32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def expected_ranking(vectors, query, distance, top_k=10, only=None):
    """pk -> vector: the TopK by brute force, scored as DynamoDB scores."""
    q = [as_float32(x) for x in query]

    def score(v):
        s = [as_float32(x) for x in v]
        dot = sum(a * b for a, b in zip(q, s))
        if distance == "DOT_PRODUCT":
            return -dot
        if distance == "EUCLIDEAN":
            return math.sqrt(sum((a - b) ** 2 for a, b in zip(q, s)))
        return 1 - dot / math.sqrt(sum(a * a for a in q) * sum(b * b for b in s))

    keys = [pk for pk in vectors if only is None or only(pk)]
    return sorted(keys, key=lambda pk: (score(vectors[pk]), pk))[:top_k]


@pytest.mark.parametrize("distance", ["COSINE", "EUCLIDEAN", "DOT_PRODUCT"])
def test_large_indexes_answer_as_an_exact_search(ddb, distance):
    rng = random.Random(distance)
    name = create(ddb, [vector_index("big", dimensions=LARGE_DIMENSIONS, distance=distance),
                        vector_index("big-by-shard", dimensions=LARGE_DIMENSIONS,
                                     distance=distance,
                                     schema=[{"AttributeName": "shard",
                                              "SearchSchemaElementType": "HASH"}])],
                  definitions=[{"AttributeName": "shard", "AttributeType": "S"}])
    vectors = {}

    def random_vector():
        return [round(rng.uniform(-1, 1), 4) for _ in range(LARGE_DIMENSIONS)]

    def shard(pk):
        return "even" if int(pk[1:]) % 2 == 0 else "odd"

    def item(pk, v):
        return {"pk": {"S": pk}, "embedding": vector(*v), "shard": {"S": shard(pk)}}

    for start in range(0, LARGE_ITEMS, 25):
        requests = []
        for i in range(start, start + 25):
            pk = f"p{i}"
            vectors[pk] = random_vector()
            requests.append({"PutRequest": {"Item": item(pk, vectors[pk])}})
        ddb.batch_write_item(RequestItems={name: requests})

    def check(queries=5):
        for _ in range(queries):
            q = random_vector()
            answer = search(ddb, name, "big", q, top_k=10)
            assert [pk for pk, _ in ranked(answer)] == expected_ranking(vectors, q, distance)
            answer = search(ddb, name, "big-by-shard", q, top_k=5,
                            SearchConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "shard"},
                            ExpressionAttributeValues={":s": {"S": "odd"}})
            assert [pk for pk, _ in ranked(answer)] == expected_ranking(
                vectors, q, distance, 5, only=lambda pk: shard(pk) == "odd")

    check()  # the first search starts building the candidates
    time.sleep(1)
    check()
    # Changes of every kind are in the next search.
    q = random_vector()
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": item("p1", q)}},
        {"Delete": {"TableName": name, "Key": {"pk": {"S": "p2"}}}}])
    vectors["p1"] = q
    del vectors["p2"]
    answer = search(ddb, name, "big", q, top_k=10)
    assert [pk for pk, _ in ranked(answer)] == expected_ranking(vectors, q, distance)
    assert "p1" in expected_ranking(vectors, q, distance)
    ddb.execute_statement(Statement=f"UPDATE \"{name}\" REMOVE embedding WHERE pk = 'p1'")
    del vectors["p1"]
    ddb.batch_write_item(RequestItems={name: [{"DeleteRequest": {"Key": {"pk": {"S": "p3"}}}}]})
    del vectors["p3"]
    answer = search(ddb, name, "big", q, top_k=10)
    assert [pk for pk, _ in ranked(answer)] == expected_ranking(vectors, q, distance)
    check()


# --- restores and imports ------------------------------------------------------------

def test_a_backup_restores_its_vector_indexes_unless_overridden(ddb, products):
    arn = ddb.create_backup(TableName=products, BackupName=unique_name("vbk"))[
        "BackupDetails"]["BackupArn"]
    details = ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableFeatureDetails"]
    listed = {v["IndexName"]: v for v in details["VectorIndexes"]}
    assert set(listed) == {"by-cosine", "by-euclid", "by-dot", "by-category"}
    assert listed["by-category"] == {
        "IndexName": "by-category",
        "VectorAttribute": {"AttributeName": "embedding"}, "Dimensions": 3,
        "DistanceFunction": "COSINE",
        "SearchSchema": [{"AttributeName": "category", "SearchSchemaElementType": "HASH"},
                         {"AttributeName": "brand", "SearchSchemaElementType": "INLINE_FILTER"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]}}

    # Without an override: every vector index, searchable at once.
    whole = unique_name("vrest")
    ddb.restore_table_from_backup(TargetTableName=whole, BackupArn=arn)
    restored = ddb.describe_table(TableName=whole)["Table"]
    assert {v["IndexName"] for v in restored["VectorIndexes"]} == set(listed)
    assert ranked(search(ddb, whole, "by-euclid", (10, 0, 0)))[0] == ("d", 0.0)

    # An override keeps only the ones it names; an empty one keeps none.
    some = unique_name("vrest")
    ddb.restore_table_from_backup(TargetTableName=some, BackupArn=arn,
                                  VectorIndexOverride=[vector_index("by-dot",
                                                                    distance="DOT_PRODUCT")])
    assert [v["IndexName"] for v in ddb.describe_table(TableName=some)["Table"][
        "VectorIndexes"]] == ["by-dot"]
    assert ranked(search(ddb, some, "by-dot", (1, 0, 0), top_k=1))[0][0] == "d"
    code, message, _ = error_of(search, ddb, some, "by-cosine", (1, 0, 0))
    assert message == "The table does not have the specified index: by-cosine"
    none = unique_name("vrest")
    ddb.restore_table_from_backup(TargetTableName=none, BackupArn=arn, VectorIndexOverride=[])
    assert "VectorIndexes" not in ddb.describe_table(TableName=none)["Table"]

    # Vector indexes kept on a table restored as PROVISIONED: refused, nothing made.
    refused = unique_name("vrest")
    code, message, status = error_of(
        ddb.restore_table_from_backup, TargetTableName=refused, BackupArn=arn,
        BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert (code, message, status) == (
        "ValidationException", "One or more parameter values were invalid: Vector indexes are "
        "only supported for PAY_PER_REQUEST tables", 400)
    assert refused not in ddb.list_tables()["TableNames"]


def test_point_in_time_restore_takes_a_vector_index_override(ddb, products):
    ddb.update_continuous_backups(TableName=products, PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True})
    target = unique_name("vpitr")
    ddb.restore_table_to_point_in_time(
        SourceTableName=products, TargetTableName=target, UseLatestRestorableTime=True,
        VectorIndexOverride=[vector_index("by-euclid", distance="EUCLIDEAN")])
    described = ddb.describe_table(TableName=target)["Table"]
    assert [v["IndexName"] for v in described["VectorIndexes"]] == ["by-euclid"]
    assert ranked(search(ddb, target, "by-euclid", (1, 0, 0), top_k=1))[0] == ("a", 0.0)


def test_import_table_creates_vector_indexes(start_server, tmp_path):
    root = tmp_path / "s3"
    (root / "bucket").mkdir(parents=True)
    client = start_server("-inMemory", "--s3-root", str(root)).client()
    (root / "bucket" / "vec").mkdir()
    (root / "bucket" / "vec" / "items.json").write_text("".join(
        json.dumps({"Item": {"pk": {"S": pk}, "embedding": vector(*v)}}) + "\n"
        for pk, v in (("x", (1, 0, 0)), ("y", (0, 1, 0)), ("z", (0, 0, 1)))))
    name = unique_name("vimp")
    answer = client.import_table(
        S3BucketSource={"S3Bucket": "bucket", "S3KeyPrefix": "vec/"},
        InputFormat="DYNAMODB_JSON",
        TableCreationParameters={
            "TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "VectorIndexes": [vector_index("by-angle")]})["ImportTableDescription"]
    assert answer["TableCreationParameters"]["VectorIndexes"][0]["IndexName"] == "by-angle"
    deadline = time.monotonic() + 20
    while client.describe_import(ImportArn=answer["ImportArn"])["ImportTableDescription"][
            "ImportStatus"] == "IN_PROGRESS":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.describe_table(TableName=name)["Table"]["VectorIndexes"][0]["IndexName"] == \
        "by-angle"
    assert ranked(search(client, name, "by-angle", (0, 0.1, 0), top_k=1))[0] == ("y", 0.0)

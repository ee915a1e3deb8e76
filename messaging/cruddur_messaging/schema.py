"""The cruddur-messages table (section 1 of the specification) and table-wide chores.

One base table keyed pk (HASH) / sk (RANGE), plus the sparse GSI message-group-sk-index
that only GRP rows reach (MSG rows have no message_group_uuid). Unlike the original
schema-load, the table is created with a NEW_IMAGE stream (fix 7.8): pattern E's consumer
needs it, and DynamoDB Local never had one unless someone turned it on by hand.
"""
from .config import INDEX_NAME, TABLE_NAME

THROUGHPUT = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
STREAM = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}


def table_definition(table_name=TABLE_NAME):
    """The CreateTable request."""
    return {
        "TableName": table_name,
        "AttributeDefinitions": [
            {"AttributeName": "message_group_uuid", "AttributeType": "S"},
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [{
            "IndexName": INDEX_NAME,
            "KeySchema": [
                {"AttributeName": "message_group_uuid", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
            "ProvisionedThroughput": THROUGHPUT,
        }],
        "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": THROUGHPUT,
        "StreamSpecification": STREAM,
    }


def create_table(client, table_name=TABLE_NAME):
    """CreateTable; raises ResourceInUseException if the table exists. Returns the response."""
    return client.create_table(**table_definition(table_name))


def enable_stream(client, table_name=TABLE_NAME):
    """Turns on the NEW_IMAGE stream of a table made by the original schema-load.

    A no-op (returns None) if a stream is already on: UpdateTable would reject enabling a
    second one. Otherwise returns the UpdateTable response."""
    current = client.describe_table(TableName=table_name)["Table"].get("StreamSpecification", {})
    if current.get("StreamEnabled"):
        return None
    return client.update_table(TableName=table_name, StreamSpecification=STREAM)


def drop_table(client, table_name=TABLE_NAME):
    """DeleteTable; raises ResourceNotFoundException if there is none. Returns the response."""
    return client.delete_table(TableName=table_name)


def scan_items(table):
    """Every item of a boto3 resource Table, following LastEvaluatedKey (fix 7.19: a single
    Scan stops at 1 MB)."""
    kwargs = {}
    while True:
        page = table.scan(**kwargs)
        yield from page["Items"]
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

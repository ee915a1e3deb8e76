"""The `cruddur-messaging-stream` Lambda (handler lambda_function.lambda_handler): pattern E.

Runs unchanged on AWS Lambda behind the table's stream event source mapping (its code: this
file and cruddur_messaging/) and locally behind dynarock's trigger:

    dynarock --trigger 'table=cruddur-messages,command=python3 scripts/lambda_shim.py
        lambda_function.lambda_handler --path messaging'

The table comes from DDB_MESSAGE_TABLE. Inside AWS Lambda the client is boto3's default one:
the function's role credentials (with their session token) and region, and the real regional
service unless AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL (which boto3 reads itself) says
otherwise. Elsewhere it is config.client(): those variables, else http://localhost:8000.
"""
import os

from cruddur_messaging import stream

_client = None


def lambda_handler(event, context):
    records = event.get("Records", [])
    # Most batches hold only the handler's own GRP writes (7.22): answer them without
    # importing boto3 or building a client, which is most of a cold start's cost.
    if not stream.newest_per_group(records):
        return {"moved": 0}
    return {"moved": stream.process_records(records, dynamodb())}


def dynamodb():
    """One client per execution environment, as Lambda reuses it across invocations."""
    global _client
    if _client is None:
        from cruddur_messaging import config
        _client = config.client(prod=on_aws_lambda())
    return _client


def on_aws_lambda():
    """The Lambda runtime sets AWS_LAMBDA_FUNCTION_NAME; lambda_shim.py does not."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))

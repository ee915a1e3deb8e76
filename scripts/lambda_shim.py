#!/usr/bin/env python3
"""Runs an unchanged AWS Lambda Python handler for a dynarock local trigger.

    dynarock --trigger 'table=T,command=python3 scripts/lambda_shim.py app.handler --path /src'

reads one event (the {"Records": [...]} JSON a trigger writes to stdin), imports the
handler named as Lambda names it ("module.function", the module found in --path or the
current directory), calls handler(event, context), and exits 0 when it returns or 1 when
it raises, so that dynarock retries the batch as Lambda would.
"""
import argparse
import importlib
import json
import os
import sys
import time
import traceback
import uuid


class Context:
    """The members of Lambda's context object that handlers use."""

    def __init__(self, name, timeout_seconds):
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
        self.memory_limit_in_mb = "128"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = time.strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex
        self._deadline = time.time() + timeout_seconds

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handler", help='"module.function", as Lambda\'s Handler setting')
    parser.add_argument("--path", default=os.getcwd(), help="where the module is")
    parser.add_argument("--timeout", type=float, default=60, help="seconds, for the context")
    args = parser.parse_args()
    module_name, _, function_name = args.handler.rpartition(".")
    if not module_name:
        parser.error("handler must be module.function")
    sys.path.insert(0, args.path)
    handler = getattr(importlib.import_module(module_name), function_name)
    event = json.load(sys.stdin)
    try:
        handler(event, Context(module_name.replace(".", "-"), args.timeout))
    except Exception:  # noqa: BLE001 - any failure of the handler fails the batch
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

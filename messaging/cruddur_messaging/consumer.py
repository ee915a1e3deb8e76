"""The stream consumer that runs pattern E offline, in place of the Lambda (specification 6.4).

    python -m cruddur_messaging.consumer [--table T] [--checkpoint FILE] [--poll 0.2] [--from-start]

It reads the table's stream through the public DynamoDB Streams API only: every shard of every
stream of the table (so a stream disabled and enabled again is read to its end before the new
one), parents before children, each page's records in order through stream.process_records.
A JSON checkpoint (shard id -> sequence number of the last processed record) is rewritten
atomically after each page: a shard starts at TRIM_HORIZON the first time and right after its
checkpoint later. A crash between a page and its checkpoint replays that page, which is a no-op.
SIGTERM or SIGINT stops it after the current page.
"""
import argparse
import json
import logging
import os
import signal
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

from . import config, stream

log = logging.getLogger("cruddur_messaging.consumer")

PAGE_LIMIT = 1000  # GetRecords' maximum
REFRESH_SECONDS = 2.0  # how often to look for new streams and shards
ERROR_PAUSE_SECONDS = 1.0


class Checkpoint:
    """Shard id -> SequenceNumber of the last record processed, kept in a JSON file."""

    def __init__(self, path, fresh=False):
        self.path = path
        self.positions = {} if fresh else self._load()

    def _load(self):
        try:
            with open(self.path) as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def get(self, shard_id):
        return self.positions.get(shard_id)

    def save(self, shard_id, sequence_number):
        """Rewrites the file through a rename, so a crash leaves the old or the new one."""
        self.positions[shard_id] = sequence_number
        temporary = self.path + ".tmp"
        with open(temporary, "w") as f:
            json.dump(self.positions, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self.path)


class Consumer:
    def __init__(self, table, checkpoint, poll=0.2):
        self.table = table
        self.checkpoint = checkpoint
        self.poll = poll
        self.dynamodb = config.client()
        self.streams = config.client(service="dynamodbstreams")
        self.iterators = {}  # shard id -> (stream ARN, shard iterator) of the shards being read
        self.finished = set()  # shards read to their end (closed shards)
        self.stopping = threading.Event()
        self.next_refresh = 0.0
        self.last_problem = None

    def run(self):
        """Polls until stop(); never sleeps while a shard still has records."""
        while not self.stopping.is_set():
            try:
                busy = self.poll_once()
            except (BotoCoreError, ClientError) as error:
                self.report(str(error))
                self.iterators.clear()  # reopened from the checkpoint
                self.stopping.wait(ERROR_PAUSE_SECONDS)
                continue
            if not busy:
                self.stopping.wait(self.poll)

    def stop(self, *_signal_args):
        self.stopping.set()

    def poll_once(self):
        """Reads one page from every open shard; True when some page had records."""
        if not self.iterators or time.monotonic() >= self.next_refresh:
            self.discover()
            self.next_refresh = time.monotonic() + REFRESH_SECONDS
        busy = False
        for shard_id in list(self.iterators):
            if self.stopping.is_set():
                break
            busy |= self.read_page(shard_id)
        return busy

    def discover(self):
        """Opens every shard not read yet, oldest stream first, a child after its parent."""
        arns = self.stream_arns()
        if not arns:  # schema-load alone creates the table without one (7.8)
            self.report(f"table {self.table} has no stream (UpdateTable StreamSpecification "
                        "StreamEnabled true, StreamViewType NEW_IMAGE)")
        else:
            self.last_problem = None
        for arn in arns:
            shards = self.shards(arn)
            listed = {shard["ShardId"] for shard in shards}
            for shard in shards:
                shard_id, parent = shard["ShardId"], shard.get("ParentShardId")
                if shard_id in self.iterators or shard_id in self.finished:
                    continue
                if parent in listed and parent not in self.finished:
                    continue
                self.iterators[shard_id] = (arn, self.first_iterator(arn, shard_id))

    def stream_arns(self):
        """All streams of the table (an old disabled one may still hold records), oldest first."""
        streams, start = [], {}
        while True:
            page = self.streams.list_streams(TableName=self.table, **start)
            streams += page["Streams"]
            if "LastEvaluatedStreamArn" not in page:
                break
            start = {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
        return [s["StreamArn"] for s in sorted(streams, key=lambda s: s["StreamLabel"])]

    def shards(self, arn):
        shards, start = [], {}
        while True:
            description = self.streams.describe_stream(StreamArn=arn, **start)["StreamDescription"]
            shards += description["Shards"]
            if "LastEvaluatedShardId" not in description:
                return shards
            start = {"ExclusiveStartShardId": description["LastEvaluatedShardId"]}

    def first_iterator(self, arn, shard_id):
        """Right after the checkpoint, or the shard's oldest record on first attach."""
        sequence_number = self.checkpoint.get(shard_id)
        if sequence_number:
            try:
                return self.iterator(arn, shard_id, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                     SequenceNumber=sequence_number)
            except self.streams.exceptions.TrimmedDataAccessException:
                # Stopped for longer than the stream keeps records (24 h): take what is left.
                log.warning("shard %s: records after %s are trimmed; reading from TRIM_HORIZON",
                            shard_id, sequence_number)
        return self.iterator(arn, shard_id, ShardIteratorType="TRIM_HORIZON")

    def iterator(self, arn, shard_id, **position):
        return self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                               **position)["ShardIterator"]

    def read_page(self, shard_id):
        """Processes one GetRecords page, then checkpoints it; True when it had records."""
        arn, iterator = self.iterators[shard_id]
        try:
            page = self.streams.get_records(ShardIterator=iterator, Limit=PAGE_LIMIT)
        except self.streams.exceptions.ExpiredIteratorException:
            del self.iterators[shard_id]  # iterators live 15 minutes: reopen from the checkpoint
            self.next_refresh = 0.0
            return False
        records = page["Records"]
        if records:
            moved = stream.process_records(records, self.dynamodb, self.table)
            self.checkpoint.save(shard_id, records[-1]["dynamodb"]["SequenceNumber"])
            log.info("shard %s: %d records, %d GRP rows moved", shard_id, len(records), moved)
        if page.get("NextShardIterator"):
            self.iterators[shard_id] = (arn, page["NextShardIterator"])
        else:  # a closed shard read to its end: its children, or a new stream, come next
            del self.iterators[shard_id]
            self.finished.add(shard_id)
            self.next_refresh = 0.0
        return bool(records)

    def report(self, problem):
        """Logs a problem once while it lasts (no table yet, dynarock restarting...)."""
        if problem != self.last_problem:
            log.warning("waiting: %s", problem)
        self.last_problem = problem


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", default=config.TABLE_NAME)
    parser.add_argument("--checkpoint", default="cruddur-stream-checkpoint.json",
                        help="JSON file of the last processed sequence number per shard")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between idle polls")
    parser.add_argument("--from-start", action="store_true",
                        help="ignore the checkpoint: replay every stream from TRIM_HORIZON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    consumer = Consumer(args.table, Checkpoint(args.checkpoint, fresh=args.from_start), args.poll)
    signal.signal(signal.SIGTERM, consumer.stop)
    signal.signal(signal.SIGINT, consumer.stop)
    log.info("consuming the stream of %s at %s", args.table, config.endpoint("dynamodbstreams"))
    consumer.run()
    log.info("stopped")


if __name__ == "__main__":
    main()

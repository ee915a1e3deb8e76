// DynamoDB Streams through @aws-sdk/client-dynamodb-streams: the stream a table
// gets, the record each write emits per view type, the four iterator types,
// paging with Limit, a disabled stream, and two of DynamoDB's error messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PutItemCommand, UpdateItemCommand, DeleteItemCommand, DescribeTableCommand, UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand, GetShardIteratorCommand,
  GetRecordsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  startServer, client, uniqueName, createTable, dropTables, rejection,
} from './helpers.js';

let server;
let ddb;
let streams;
const tables = [];

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  streams = new DynamoDBStreamsClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  });
});
after(async () => {
  await dropTables(ddb, tables);
  streams.destroy();
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const S = (value) => ({ S: value });
const key = (pk) => ({ pk: S(pk), sk: S('b') });

// A table keyed pk (S) + sk (S) with a stream; resolves to { table, arn }.
async function streamTable(StreamViewType = 'NEW_AND_OLD_IMAGES') {
  const table = uniqueName('stream');
  tables.push(table);
  await createTable(ddb, {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType },
  });
  return { table, arn: (await describeTable(table)).LatestStreamArn };
}

const describeTable = async (TableName) => (await ddb.send(new DescribeTableCommand({ TableName }))).Table;
const describeStream = async (StreamArn) => (await streams.send(new DescribeStreamCommand({ StreamArn })))
  .StreamDescription;
const put = (table, pk, x) => ddb.send(new PutItemCommand({
  TableName: table, Item: x === undefined ? key(pk) : { ...key(pk), x: S(x) },
}));

async function iterator(arn, ShardIteratorType = 'TRIM_HORIZON', SequenceNumber = undefined) {
  const { Shards } = await describeStream(arn);
  const out = await streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: Shards.at(-1).ShardId, ShardIteratorType, SequenceNumber,
  }));
  return out.ShardIterator;
}

// Every record from an iterator on: until a page is empty (an open shard caught
// up) or has no NextShardIterator (a closed shard read to its end).
async function drain(ShardIterator) {
  const records = [];
  while (ShardIterator) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
    records.push(...page.Records);
    if (page.Records.length === 0) break;
    ShardIterator = page.NextShardIterator;
  }
  return records;
}

const events = (records) => records.map((r) => `${r.eventName} ${r.dynamodb.Keys.pk.S}`);

test('a table created with a stream: DescribeTable, ListStreams and DescribeStream agree', async () => {
  const { table, arn } = await streamTable('NEW_IMAGE');
  const described = await describeTable(table);
  assert.deepEqual(described.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  assert.match(described.LatestStreamLabel, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
  assert.equal(arn, `${described.TableArn}/stream/${described.LatestStreamLabel}`);
  const listed = await streams.send(new ListStreamsCommand({ TableName: table }));
  assert.deepEqual(listed.Streams, [{ StreamArn: arn, TableName: table, StreamLabel: described.LatestStreamLabel }]);
  const d = await describeStream(arn);
  assert.equal(d.StreamStatus, 'ENABLED');
  assert.equal(d.StreamViewType, 'NEW_IMAGE');
  assert.equal(d.TableName, table);
  assert.ok(d.CreationRequestDateTime instanceof Date);
  assert.equal(d.Shards.length, 1);
  assert.match(d.Shards[0].ShardId, /^shardId-\d{20}-[0-9a-f]{8}$/);
  assert.deepEqual(Object.keys(d.Shards[0].SequenceNumberRange), ['StartingSequenceNumber']);
});

// For each view type: [NewImage, OldImage, SizeBytes] of the INSERT, the MODIFY and
// the REMOVE. SizeBytes = size(Keys) (6) + each included image ({a,b,x:yyy} 10, {a,b,x:zz} 9).
const inserted = { ...key('a'), x: S('yyy') };
const modified = { ...key('a'), x: S('zz') };
const expected = {
  KEYS_ONLY: [[undefined, undefined, 6], [undefined, undefined, 6], [undefined, undefined, 6]],
  NEW_IMAGE: [[inserted, undefined, 16], [modified, undefined, 15], [undefined, undefined, 6]],
  OLD_IMAGE: [[undefined, undefined, 6], [undefined, inserted, 16], [undefined, modified, 15]],
  NEW_AND_OLD_IMAGES: [[inserted, undefined, 16], [modified, inserted, 25], [undefined, modified, 15]],
};

for (const [viewType, shapes] of Object.entries(expected)) {
  test(`${viewType}: records of an INSERT, a MODIFY and a REMOVE`, async () => {
    const { table, arn } = await streamTable(viewType);
    await put(table, 'a', 'yyy');
    await ddb.send(new UpdateItemCommand({
      TableName: table, Key: key('a'), UpdateExpression: 'SET x = :v', ExpressionAttributeValues: { ':v': S('zz') },
    }));
    await ddb.send(new DeleteItemCommand({ TableName: table, Key: key('a') }));
    const records = await drain(await iterator(arn));
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    let previous = -1n;
    records.forEach((r, i) => {
      const [NewImage, OldImage, SizeBytes] = shapes[i];
      assert.match(r.eventID, /^[0-9a-f]{32}$/);
      assert.equal(r.eventVersion, '1.1');
      assert.equal(r.eventSource, 'aws:dynamodb');
      assert.equal(r.awsRegion, 'us-east-1');
      const d = r.dynamodb;
      assert.ok(d.ApproximateCreationDateTime instanceof Date);
      assert.equal(d.ApproximateCreationDateTime.getTime() % 1000, 0);
      assert.deepEqual(d.Keys, key('a'));
      assert.deepEqual(d.NewImage, NewImage);
      assert.deepEqual(d.OldImage, OldImage);
      assert.equal(d.SizeBytes, SizeBytes);
      assert.equal(d.StreamViewType, viewType);
      assert.match(d.SequenceNumber, /^\d+$/);
      assert.ok(BigInt(d.SequenceNumber) > previous, 'sequence numbers increase');
      previous = BigInt(d.SequenceNumber);
    });
  });
}

test('iterator types: TRIM_HORIZON, AT_ and AFTER_SEQUENCE_NUMBER, LATEST', async () => {
  const { table, arn } = await streamTable('KEYS_ONLY');
  for (const pk of ['a', 'b', 'c']) await put(table, pk);
  const all = await drain(await iterator(arn));
  assert.deepEqual(events(all), ['INSERT a', 'INSERT b', 'INSERT c']);
  const b = all[1].dynamodb.SequenceNumber;
  assert.deepEqual(events(await drain(await iterator(arn, 'AT_SEQUENCE_NUMBER', b))), ['INSERT b', 'INSERT c']);
  assert.deepEqual(events(await drain(await iterator(arn, 'AFTER_SEQUENCE_NUMBER', b))), ['INSERT c']);
  const latest = await iterator(arn, 'LATEST');
  await put(table, 'd');
  assert.deepEqual(events(await drain(latest)), ['INSERT d']);
});

test('GetRecords pages with Limit and NextShardIterator, losing and repeating nothing', async () => {
  const { table, arn } = await streamTable('KEYS_ONLY');
  for (let i = 0; i < 5; i += 1) await put(table, `p${i}`);
  const sizes = [];
  const seen = [];
  let ShardIterator = await iterator(arn);
  for (;;) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 2 }));
    assert.ok(page.NextShardIterator, 'an open shard always gives a next iterator');
    if (page.Records.length === 0) break;
    sizes.push(page.Records.length);
    seen.push(...page.Records);
    ShardIterator = page.NextShardIterator;
  }
  assert.deepEqual(sizes, [2, 2, 1]);
  assert.deepEqual(events(seen), [0, 1, 2, 3, 4].map((i) => `INSERT p${i}`));
});

test('a disabled stream is still described, DISABLED, its shard closed; re-enabling starts a new one', async () => {
  const { table, arn } = await streamTable();
  await put(table, 'first');
  await ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
  await put(table, 'while-disabled');
  const d = await describeStream(arn);
  assert.equal(d.StreamStatus, 'DISABLED');
  assert.deepEqual(Object.keys(d.Shards.at(-1).SequenceNumberRange).sort(),
    ['EndingSequenceNumber', 'StartingSequenceNumber']);
  const page = await streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn) }));
  assert.deepEqual(events(page.Records), ['INSERT first']);
  assert.equal(page.NextShardIterator, undefined);

  await ddb.send(new UpdateTableCommand({
    TableName: table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
  }));
  await put(table, 'second');
  const fresh = (await describeTable(table)).LatestStreamArn;
  assert.notEqual(fresh, arn);
  const listed = await streams.send(new ListStreamsCommand({ TableName: table }));
  assert.deepEqual(listed.Streams.map((s) => s.StreamArn), [fresh, arn]);
  assert.deepEqual(events(await drain(await iterator(fresh))), ['INSERT second']);
  assert.deepEqual(events(await drain(await iterator(arn))), ['INSERT first']);
});

test('errors: an unknown stream, and an AT_SEQUENCE_NUMBER iterator without a number', async () => {
  const { table, arn } = await streamTable();
  const unknown = arn.replace(table, uniqueName('missing'));
  const missing = await rejection(describeStream(unknown));
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.message, `Requested resource not found: Stream: ${unknown} not found`);
  assert.equal(missing.$metadata.httpStatusCode, 400);
  const noNumber = await rejection(iterator(arn, 'AT_SEQUENCE_NUMBER'));
  assert.equal(noNumber.name, 'ValidationException');
  assert.equal(noNumber.message, 'One or more parameter values were invalid: Invalid SequenceNumber');
});

test('errors: GetRecords with Limit over 1000 or a garbage iterator', async () => {
  const { arn } = await streamTable();
  const tooMany = await rejection(streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn), Limit: 1001 })));
  assert.equal(tooMany.name, 'ValidationException');
  assert.equal(tooMany.message, 'One or more parameter values were invalid: Limit should be less than or equal to 1000');
  const garbage = await rejection(streams.send(new GetRecordsCommand({ ShardIterator: 'nonsense' })));
  assert.equal(garbage.name, 'ValidationException');
  assert.equal(garbage.message, 'Invalid ShardIterator');
});

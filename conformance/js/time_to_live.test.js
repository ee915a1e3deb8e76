// Time to Live expiry through the JS SDK: an expired item is deleted by the
// sweeper, and its stream shows a REMOVE record naming the TTL service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, UpdateTimeToLiveCommand, PutItemCommand, GetItemCommand, DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { startServer, client, uniqueName, dropTables, externalEndpoint } from './helpers.js';

const skip = externalEndpoint ? 'starts its own dynarock' : false;
let server;
let ddb;
let streams;
let table;

before(async () => {
  if (skip) return;
  server = await startServer('--ttl-interval', '0.2');
  ddb = client(server.endpoint);
  streams = new DynamoDBStreamsClient({
    endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  table = uniqueName('ttl');
  await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
  }));
  await ddb.send(new UpdateTimeToLiveCommand({
    TableName: table, TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
  }));
});
after(async () => {
  if (skip) return;
  await dropTables(ddb, [table]);
  ddb.destroy();
  streams.destroy();
  assert.equal(await server.stop(), 0);
});

test('an expired item is deleted, with a REMOVE record from the TTL service', { skip }, async () => {
  const past = String(Math.floor(Date.now() / 1000) - 60);
  const future = String(Math.floor(Date.now() / 1000) + 3600);
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'old' }, expires: { N: past } } }));
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'new' }, expires: { N: future } } }));
  const deadline = Date.now() + 15_000;
  let gone = false;
  while (!gone && Date.now() < deadline) {
    const got = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'old' } } }));
    gone = got.Item === undefined;
    if (!gone) await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  assert.ok(gone, 'the expired item was not deleted');
  const kept = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'new' } } }));
  assert.deepEqual(kept.Item.pk, { S: 'new' });

  const arn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table.LatestStreamArn;
  const stream = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: stream.StreamDescription.Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON',
  }));
  const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
  const remove = Records.find((r) => r.eventName === 'REMOVE');
  assert.deepEqual(remove.userIdentity, { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
  assert.deepEqual(remove.dynamodb.Keys, { pk: { S: 'old' } });
  assert.deepEqual(remove.dynamodb.OldImage, { pk: { S: 'old' }, expires: { N: past } });
});

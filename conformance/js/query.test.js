// Query and Scan through the SDK's paginators and the document client, on a
// table and on its secondary indexes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  paginateQuery, paginateScan, UpdateItemCommand, DeleteItemCommand, QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, QueryCommand as DocQueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startServer, client, uniqueName, createTable, dropTables, rejection, externalEndpoint,
} from './helpers.js';

let server;
let ddb;
let doc;
let table;
const partitions = ['alpha', 'beta', 'gamma'];
const perPartition = 25;

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  doc = DynamoDBDocumentClient.from(ddb);
  table = uniqueName('query');
  await createTable(ddb, {
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'owner', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: 'by-owner',
      KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    }],
    LocalSecondaryIndexes: [{
      IndexName: 'by-at',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  });
  for (const pk of partitions) {
    for (let sk = 0; sk < perPartition; sk += 1) {
      const item = { pk, sk, body: `message ${sk}`, at: `2026-01-${String(30 - sk).padStart(2, '0')}` };
      if (sk % 5 === 0) item.owner = 'ann';  // sparse: only some items are in by-owner
      await doc.send(new PutCommand({ TableName: table, Item: item }));
    }
  }
});
after(async () => {
  await dropTables(ddb, [table]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

test('the query paginator returns a partition once, newest first', async () => {
  const seen = [];
  const pages = paginateQuery({ client: ddb, pageSize: 7 }, {
    TableName: table, KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'beta' } }, ScanIndexForward: false,
  });
  let count = 0;
  for await (const page of pages) {
    count += 1;
    assert.ok(page.Items.length <= 7);
    for (const item of page.Items) seen.push(Number(item.sk.N));
  }
  assert.deepEqual(seen, [...Array(perPartition).keys()].reverse());
  assert.equal(count, 4);  // 7 + 7 + 7 + 4
});

test('the scan paginator with parallel segments sees every item exactly once', async () => {
  const seen = new Set();
  for (let segment = 0; segment < 3; segment += 1) {
    const pages = paginateScan({ client: ddb, pageSize: 10 },
      { TableName: table, Segment: segment, TotalSegments: 3 });
    for await (const page of pages) {
      for (const item of page.Items) {
        const id = `${item.pk.S}/${item.sk.N}`;
        assert.ok(!seen.has(id), `${id} twice`);
        seen.add(id);
      }
    }
  }
  assert.equal(seen.size, partitions.length * perPartition);
});

test('document client: sort key conditions, filters and counts', async () => {
  const between = await doc.send(new DocQueryCommand({
    TableName: table, KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
    FilterExpression: 'contains(body, :nine)',
    ExpressionAttributeValues: { ':p': 'alpha', ':lo': 5, ':hi': 20, ':nine': '9' },
  }));
  assert.deepEqual(between.Items.map((i) => i.sk), [9, 19]);
  assert.equal(between.Count, 2);
  assert.equal(between.ScannedCount, 16);
  const counted = await doc.send(new DocQueryCommand({
    TableName: table, KeyConditionExpression: 'pk = :p AND sk < :five',
    ExpressionAttributeValues: { ':p': 'gamma', ':five': 5 }, Select: 'COUNT',
  }));
  assert.equal(counted.Items, undefined);
  assert.equal(counted.Count, 5);
});

test('a sparse global index holds only items with its keys and follows updates', async () => {
  const query = () => ddb.send(new QueryCommand({
    TableName: table, IndexName: 'by-owner', KeyConditionExpression: '#o = :o',
    ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'ann' } },
  }));
  const before = await query();
  assert.equal(before.Count, partitions.length * perPartition / 5);
  // KEYS_ONLY: table keys and index keys only.
  assert.deepEqual(Object.keys(before.Items[0]).sort(), ['at', 'owner', 'pk', 'sk']);
  const key = { pk: { S: 'alpha' }, sk: { N: '1' } };
  await ddb.send(new UpdateItemCommand({
    TableName: table, Key: key, UpdateExpression: 'SET #o = :o',
    ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'ann' } },
  }));
  assert.equal((await query()).Count, before.Count + 1);
  await ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
  assert.equal((await query()).Count, before.Count);
});

test('a local index orders a partition by its own sort key', async () => {
  const { Items, LastEvaluatedKey } = await ddb.send(new QueryCommand({
    TableName: table, IndexName: 'by-at', KeyConditionExpression: 'pk = :p AND begins_with(#at, :jan)',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':p': { S: 'gamma' }, ':jan': { S: '2026-01' } }, Limit: 3,
  }));
  assert.deepEqual(Items.map((i) => i.at.S), ['2026-01-06', '2026-01-07', '2026-01-08']);
  assert.deepEqual(Object.keys(LastEvaluatedKey).sort(), ['at', 'pk', 'sk']);
});

test('consistent reads on a global index are refused', async () => {
  const e = await rejection(ddb.send(new QueryCommand({
    TableName: table, IndexName: 'by-owner', KeyConditionExpression: '#o = :o', ConsistentRead: true,
    ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'ann' } },
  })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'Consistent reads are not supported on global secondary indexes');
});

// DynamoDB Local leaves the attribute's name out of this message.
test('a key condition on a non-key attribute is refused', { skip: Boolean(externalEndpoint) }, async () => {
  const e = await rejection(ddb.send(new QueryCommand({
    TableName: table, KeyConditionExpression: 'pk = :p AND body = :b',
    ExpressionAttributeValues: { ':p': { S: 'alpha' }, ':b': { S: 'x' } },
  })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'Query condition missed key schema element: sk');
});

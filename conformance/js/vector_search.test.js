// Vector indexes and SearchVectors through the JS SDK (SearchVectorsCommand;
// with an endpoint override the SDK sends it to dynarock's port, not to the
// dedicated search endpoint): each distance function's order and scores, a
// filter on the search schema, projections, changes seen by the next search,
// a large index (searched through its in-memory candidates) against brute
// force, Query on a vector index, write capacity, and DynamoDB's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, PutItemCommand, SearchVectorsCommand, DescribeTableCommand,
  UpdateItemCommand, DeleteItemCommand, BatchWriteItemCommand, QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { startServer, client, uniqueName, failsWith } from './helpers.js';

let server;
let ddb;
const table = uniqueName('vectors');

const index = (IndexName, DistanceFunction, extra = {}) => ({
  IndexName, DistanceFunction, Dimensions: 2, VectorAttribute: { AttributeName: 'v' },
  Projection: { ProjectionType: 'ALL' }, ...extra,
});
const vector = (...values) => values.map((n) => ({ N: String(n) }));

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'tenant', AttributeType: 'S' }],
    VectorIndexes: [index('cosine', 'COSINE'), index('euclid', 'EUCLIDEAN'),
      index('dot', 'DOT_PRODUCT'), index('per-tenant', 'COSINE', {
        SearchSchema: [{ AttributeName: 'tenant', SearchSchemaElementType: 'HASH' }] })],
  }));
  const rows = { east: [1, 0], north: [0, 1], far: [3, 4], west: [-1, 0] };
  for (const [pk, v] of Object.entries(rows)) {
    await ddb.send(new PutItemCommand({ TableName: table, Item: {
      pk: { S: pk }, v: { L: vector(...v) }, tenant: { S: pk === 'far' ? 'b' : 'a' } } }));
  }
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

async function search(IndexName, values, extra = {}) {
  const answer = await ddb.send(new SearchVectorsCommand({
    TableName: table, IndexName, SearchVector: vector(...values), TopK: 10, ...extra }));
  return answer.SearchResults.map((r) => [r.Item.pk.S, r.Score]);
}

test('DescribeTable lists the vector indexes, ACTIVE', async () => {
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  assert.deepEqual(Table.VectorIndexes.map((i) => [i.IndexName, i.IndexStatus, i.ItemCount]), [
    ['cosine', 'ACTIVE', 4], ['euclid', 'ACTIVE', 4], ['dot', 'ACTIVE', 4],
    ['per-tenant', 'ACTIVE', 4]]);
});

test('COSINE: 1 - cosine similarity, smallest first', async () => {
  const results = await search('cosine', [1, 0]);
  assert.deepEqual(results.map(([pk]) => pk), ['east', 'far', 'north', 'west']);
  assert.deepEqual(results.map(([, score]) => Math.round(score * 1e6) / 1e6), [0, 0.4, 1, 2]);
});

test('EUCLIDEAN: the distance, smallest first', async () => {
  const results = await search('euclid', [0, 0]);
  assert.deepEqual(results, [['east', 1], ['north', 1], ['west', 1], ['far', 5]]);
});

test('DOT_PRODUCT: largest first, negative scores too', async () => {
  const results = await search('dot', [1, 1], { TopK: 2 });
  assert.deepEqual(results, [['far', 7], ['east', 1]]);
  assert.deepEqual((await search('dot', [1, 0])).at(-1), ['west', -1]);
});

test('a search on an index with a HASH key names its value', async () => {
  const results = await search('per-tenant', [1, 0], {
    SearchConditionExpression: 'tenant = :t', ExpressionAttributeValues: { ':t': { S: 'b' } } });
  assert.deepEqual(results.map(([pk]) => pk), ['far']);
  await failsWith(search('per-tenant', [1, 0]), 'ValidationException',
    'SearchConditionExpression must be provided when SearchSchema has a HASH key');
});

test('DynamoDB\'s errors for the search vector and TopK', async () => {
  await failsWith(search('cosine', [1, 0, 0]), 'ValidationException',
    'Input search vector dimension 3 does not match vector index dimension 2');
  await failsWith(search('cosine', [1, 0], { TopK: 500 }), 'ValidationException',
    'Provided TopK value \'500\' is out of valid range. The value must be between 1 and 100 inclusive');
});

test('a ProjectionExpression chooses the attributes, the vector only when asked', async () => {
  const answer = await ddb.send(new SearchVectorsCommand({
    TableName: table, IndexName: 'cosine', SearchVector: vector(1, 0), TopK: 1,
    ProjectionExpression: '#k, v', ExpressionAttributeNames: { '#k': 'pk' } }));
  assert.deepEqual(answer.SearchResults[0].Item, { pk: { S: 'east' }, v: { L: vector(1, 0) } });
  const plain = await ddb.send(new SearchVectorsCommand({
    TableName: table, IndexName: 'cosine', SearchVector: vector(1, 0), TopK: 1 }));
  assert.deepEqual(Object.keys(plain.SearchResults[0].Item).sort(), ['pk', 'tenant']);
});

test('updates and deletes are in the next search', async () => {
  await ddb.send(new PutItemCommand({ TableName: table, Item: {
    pk: { S: 'moving' }, v: { L: vector(0, -1) }, tenant: { S: 'a' } } }));
  assert.equal((await search('cosine', [0, -1]))[0][0], 'moving');
  await ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'moving' } },
    UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { L: vector(1, 0.01) } } }));
  assert.notEqual((await search('cosine', [0, -1]))[0][0], 'moving');
  assert.ok((await search('cosine', [1, 0])).slice(0, 2).some(([pk]) => pk === 'moving'));
  await ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'moving' } } }));
  assert.ok(!(await search('cosine', [1, 0])).some(([pk]) => pk === 'moving'));
});

test('Query refuses a vector index', async () => {
  await failsWith(ddb.send(new QueryCommand({ TableName: table, IndexName: 'per-tenant',
    KeyConditionExpression: 'tenant = :t', ExpressionAttributeValues: { ':t': { S: 'a' } } })),
  'ValidationException', 'Query operation not supported on this index type.');
});

test('writes report VectorWriteRequestBytes under INDEXES', async () => {
  const answer = await ddb.send(new PutItemCommand({ TableName: table, Item: {
    pk: { S: 'costed' }, v: { L: vector(2, 2) }, tenant: { S: 'a' } },
  ReturnConsumedCapacity: 'INDEXES' }));
  assert.deepEqual(answer.ConsumedCapacity.VectorIndexes, {
    cosine: { VectorWriteRequestBytes: 1024 }, euclid: { VectorWriteRequestBytes: 1024 },
    dot: { VectorWriteRequestBytes: 1024 }, 'per-tenant': { VectorWriteRequestBytes: 1024 } });
  await ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'costed' } } }));
});

test('a large index answers as a brute-force search does', async () => {
  const big = uniqueName('bigvectors');
  const dimensions = 6;
  await ddb.send(new CreateTableCommand({
    TableName: big, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    VectorIndexes: [{ IndexName: 'near', DistanceFunction: 'EUCLIDEAN', Dimensions: dimensions,
      VectorAttribute: { AttributeName: 'v' }, Projection: { ProjectionType: 'KEYS_ONLY' } }],
  }));
  let seed = 7;
  const random = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647 * 2 - 1; };
  const randomVector = () => Array.from({ length: dimensions }, () => Math.round(random() * 1e4) / 1e4);
  const vectors = new Map();
  for (let start = 0; start < 1200; start += 25) {
    const requests = [];
    for (let i = start; i < start + 25; i++) {
      const v = randomVector();
      vectors.set(`p${i}`, v);
      requests.push({ PutRequest: { Item: { pk: { S: `p${i}` }, v: { L: vector(...v) } } } });
    }
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { [big]: requests } }));
  }
  const f32 = (x) => Math.fround(x);
  const expected = (q) => [...vectors].map(([pk, v]) => [Math.sqrt(v.reduce(
    (sum, x, i) => sum + (f32(q[i]) - f32(x)) ** 2, 0)), pk])
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).slice(0, 10).map(([, pk]) => pk);
  const searchBig = async (q) => (await ddb.send(new SearchVectorsCommand({
    TableName: big, IndexName: 'near', SearchVector: vector(...q), TopK: 10 })))
    .SearchResults.map((r) => r.Item.pk.S);
  for (let round = 0; round < 2; round++) {  // the first search starts the candidates' build
    for (let i = 0; i < 5; i++) {
      const q = randomVector();
      assert.deepEqual(await searchBig(q), expected(q));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

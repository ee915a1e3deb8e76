// Vector indexes and SearchVectors through the JS SDK (SearchVectorsCommand;
// with an endpoint override the SDK sends it to dynarock's port, not to the
// dedicated search endpoint): each distance function's order and scores, a
// filter on the search schema, and DynamoDB's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, PutItemCommand, SearchVectorsCommand, DescribeTableCommand,
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

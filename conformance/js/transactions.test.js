// Batches and transactions through the document client and the low-level
// client: what applies together, what is refused, and how it is reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, BatchWriteCommand, BatchGetCommand, TransactWriteCommand,
  TransactGetCommand, GetCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
} from './helpers.js';

let server;
let ddb;
let doc;
let table;

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  doc = DynamoDBDocumentClient.from(ddb);
  table = uniqueName('txn');
  await createTable(ddb, hashKeyTable(table));
});
after(async () => {
  await dropTables(ddb, [table]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const get = async (pk) => (await doc.send(new GetCommand({ TableName: table, Key: { pk } }))).Item;

test('BatchWrite then BatchGet across many keys', async () => {
  const p = uniqueName('batch');
  const put = await doc.send(new BatchWriteCommand({
    RequestItems: { [table]: [...Array(25).keys()].map((i) => ({ PutRequest: { Item: { pk: `${p}-${i}`, n: i } } })) },
  }));
  assert.deepEqual(put.UnprocessedItems, {});
  const got = await doc.send(new BatchGetCommand({
    RequestItems: { [table]: { Keys: [...Array(30).keys()].map((i) => ({ pk: `${p}-${i}` })), ProjectionExpression: 'n' } },
  }));
  assert.deepEqual(got.UnprocessedKeys, {});
  assert.deepEqual(got.Responses[table].map((i) => i.n).sort((a, b) => a - b), [...Array(25).keys()]);
});

test('a batch writing one key twice is refused and writes nothing', async () => {
  const p = uniqueName('dup');
  const e = await rejection(doc.send(new BatchWriteCommand({
    RequestItems: { [table]: [{ PutRequest: { Item: { pk: `${p}-a` } } }, { PutRequest: { Item: { pk: p } } },
      { DeleteRequest: { Key: { pk: p } } }] },
  })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'Provided list of item keys contains duplicates');
  assert.equal(await get(`${p}-a`), undefined);
});

test('a transaction applies all of its actions or none', async () => {
  const p = uniqueName('all');
  await doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: `${p}-a`, balance: 10 } } },
      { Put: { TableName: table, Item: { pk: `${p}-b`, balance: 0 } } },
    ],
  }));
  const e = await rejection(doc.send(new TransactWriteCommand({
    TransactItems: [
      { Update: { TableName: table, Key: { pk: `${p}-b` }, UpdateExpression: 'SET balance = balance + :a', ExpressionAttributeValues: { ':a': 50 } } },
      { Update: { TableName: table, Key: { pk: `${p}-a` }, UpdateExpression: 'SET balance = balance - :a', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': 50 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ],
  })));
  assert.ok(e instanceof TransactionCanceledException, String(e));
  assert.equal(e.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
  assert.deepEqual(e.CancellationReasons.map((r) => r.Code), ['None', 'ConditionalCheckFailed']);
  assert.deepEqual(e.CancellationReasons[1].Item, { pk: { S: `${p}-a` }, balance: { N: '10' } });
  assert.equal((await get(`${p}-b`)).balance, 0);
  const { Responses } = await doc.send(new TransactGetCommand({
    TransactItems: [{ Get: { TableName: table, Key: { pk: `${p}-a` } } }, { Get: { TableName: table, Key: { pk: `${p}-none` } } }],
  }));
  assert.deepEqual(Responses[0].Item, { pk: `${p}-a`, balance: 10 });
  assert.equal(Responses[1].Item, undefined);
});

test('a client request token makes a transaction idempotent', async () => {
  const p = uniqueName('token');
  const input = {
    ClientRequestToken: `${p}-token`,
    TransactItems: [{ Update: { TableName: table, Key: { pk: { S: p } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
  };
  await ddb.send(new TransactWriteItemsCommand(input));
  await ddb.send(new TransactWriteItemsCommand(input));
  assert.equal((await get(p)).n, 1);
  const e = await rejection(ddb.send(new TransactWriteItemsCommand({
    ...input,
    TransactItems: [{ Delete: { TableName: table, Key: { pk: { S: p } } } }],
  })));
  assert.equal(e.name, 'IdempotentParameterMismatchException');
  assert.equal((await get(p)).n, 1);
});

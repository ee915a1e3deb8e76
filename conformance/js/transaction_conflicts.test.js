// Transaction conflicts through the JS SDK: while a TransactWriteItems is in
// progress (held open by --transaction-delay), its items reject single writes
// with TransactionConflictException and other transactions with a
// TransactionConflict cancellation reason; reads see the committed value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  TransactionCanceledException, TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, TransactWriteCommand, TransactGetCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
  externalEndpoint,
} from './helpers.js';

const HOLD_MS = 1200;
const CONFLICT = 'Transaction is ongoing for the item';
const skip = externalEndpoint ? 'starts its own dynarock' : false;

let server;
let ddb;
let doc;
let table;

before(async () => {
  if (skip) return;
  server = await startServer('--transaction-delay', String(HOLD_MS));
  ddb = client(server.endpoint);
  doc = DynamoDBDocumentClient.from(ddb);
  table = uniqueName('conflict');
  await createTable(ddb, hashKeyTable(table));
});
after(async () => {
  if (skip) return;
  await dropTables(ddb, [table]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const get = async (pk) => (await doc.send(new GetCommand({ TableName: table, Key: { pk } }))).Item;

test('an item in a transaction in progress rejects other writers', { skip }, async () => {
  const a = uniqueName('a');
  const b = uniqueName('b');
  await doc.send(new PutCommand({ TableName: table, Item: { pk: a, v: 1 } }));
  const inProgress = doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: a, v: 2 } } },
      { Put: { TableName: table, Item: { pk: b, v: 2 } } },
    ],
  }));
  await sleep(HOLD_MS / 4);

  const single = await rejection(doc.send(new PutCommand({ TableName: table, Item: { pk: a, v: 9 } })));
  assert.ok(single instanceof TransactionConflictException);
  assert.equal(single.message, CONFLICT);
  assert.equal(single.$metadata.httpStatusCode, 400);

  const other = await rejection(doc.send(new TransactWriteCommand({
    TransactItems: [{ Update: { TableName: table, Key: { pk: b }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': 9 } } }],
  })));
  assert.ok(other instanceof TransactionCanceledException);
  assert.deepEqual(other.CancellationReasons, [{ Code: 'TransactionConflict', Message: CONFLICT }]);

  const read = await rejection(doc.send(new TransactGetCommand({
    TransactItems: [{ Get: { TableName: table, Key: { pk: a } } }],
  })));
  assert.ok(read instanceof TransactionCanceledException);
  assert.equal(read.message,
    'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]');

  assert.deepEqual(await get(a), { pk: a, v: 1 }); // GetItem reads the committed value
  await inProgress;
  assert.deepEqual(await get(a), { pk: a, v: 2 });
  assert.deepEqual(await get(b), { pk: b, v: 2 });
});

// Items through DynamoDBClient and DynamoDBDocumentClient.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, PutItemCommand, GetItemCommand, DeleteItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, DeleteCommand, NumberValue,
} from '@aws-sdk/lib-dynamodb';
import { startServer, client, uniqueName } from './helpers.js';

let server;
let ddb;
let table;
before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  table = uniqueName('items');
  await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  }));
});
after(async () => assert.equal(await server.stop(), 0));

test('every attribute type round-trips', async () => {
  const item = {
    pk: { S: 'every' },
    s: { S: 'text' },
    n: { N: '-3.25' },
    b: { B: new Uint8Array([0, 1, 255]) },
    t: { BOOL: true },
    z: { NULL: true },
    m: { M: { inner: { L: [{ N: '1' }, { S: 'two' }] } } },
    ss: { SS: ['a', 'b'] },
    ns: { NS: ['1', '2'] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
  };
  await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
  const { Item } = await ddb.send(new GetItemCommand({
    TableName: table, Key: { pk: { S: 'every' } }, ConsistentRead: true,
  }));
  assert.deepEqual(Item.s, item.s);
  assert.deepEqual(Item.n, item.n);
  assert.deepEqual(Item.b.B, item.b.B);
  assert.deepEqual(Item.m, item.m);
  assert.deepEqual([...Item.ss.SS].sort(), ['a', 'b']);
  assert.deepEqual([...Item.ns.NS].sort(), ['1', '2']);
  assert.equal(Item.bs.BS.length, 2);
  assert.deepEqual(Item.z, { NULL: true });
});

test('numbers come back in normalized form', async () => {
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'num' }, n: { N: '1.50' } } }));
  const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'num' } } }));
  assert.deepEqual(Item.n, { N: '1.5' });
});

test('ReturnValues ALL_OLD returns the replaced and the deleted item', async () => {
  const Key = { pk: { S: 'old' } };
  await ddb.send(new PutItemCommand({ TableName: table, Item: { ...Key, v: { N: '1' } } }));
  const put = await ddb.send(new PutItemCommand({
    TableName: table, Item: { ...Key, v: { N: '2' } }, ReturnValues: 'ALL_OLD',
  }));
  assert.deepEqual(put.Attributes, { ...Key, v: { N: '1' } });
  const del = await ddb.send(new DeleteItemCommand({ TableName: table, Key, ReturnValues: 'ALL_OLD' }));
  assert.deepEqual(del.Attributes, { ...Key, v: { N: '2' } });
  const gone = await ddb.send(new GetItemCommand({ TableName: table, Key }));
  assert.equal(gone.Item, undefined);
});

test('the document client marshals plain objects', async () => {
  const doc = DynamoDBDocumentClient.from(ddb, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: true },
  });
  await doc.send(new PutCommand({
    TableName: table,
    Item: { pk: 'doc', name: 'Ann', age: 42, tags: new Set(['x']), missing: undefined,
      nested: { list: [1, 'two', null, false] } },
  }));
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc' } }));
  assert.equal(Item.name, 'Ann');
  assert.ok(Item.age instanceof NumberValue);
  assert.equal(Item.age.toString(), '42');
  assert.deepEqual([...Item.tags], ['x']);
  assert.equal('missing' in Item, false);
  assert.equal(Item.nested.list[1], 'two');
  const deleted = await doc.send(new DeleteCommand({
    TableName: table, Key: { pk: 'doc' }, ReturnValues: 'ALL_OLD',
  }));
  assert.equal(deleted.Attributes.name, 'Ann');
});

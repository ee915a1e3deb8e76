// Items through DynamoDBClient and DynamoDBDocumentClient.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand, GetItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, DeleteCommand, NumberValue,
} from '@aws-sdk/lib-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
} from './helpers.js';

let server;
let ddb;
let table; // pk S
let composite; // pk S, sk N
let binary; // pk B

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  table = uniqueName('items');
  composite = uniqueName('items-sn');
  binary = uniqueName('items-b');
  await Promise.all([
    createTable(ddb, hashKeyTable(table)),
    createTable(ddb, {
      TableName: composite, BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    }),
    createTable(ddb, hashKeyTable(binary, 'B')),
  ]);
});
after(async () => {
  await dropTables(ddb, [table, composite, binary]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

// Sets come back in no particular order: sort them (recursively) before comparing.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Uint8Array) return value;
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'SS' || k === 'NS') out[k] = [...v].sort();
    else if (k === 'BS') out[k] = [...v].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    else out[k] = canonical(v);
  }
  return out;
}

const get = async (TableName, Key, extra = {}) => (await ddb.send(new GetItemCommand({
  TableName, Key, ConsistentRead: true, ...extra,
}))).Item;

test('every attribute type round-trips through PutItem and GetItem', async () => {
  const item = {
    pk: { S: 'every-type' },
    s: { S: 'text with ünïcödé ✓ and 𝄞' },
    emptyS: { S: '' },
    n: { N: '-3.25' },
    big: { N: '12345678901234567890123456789012345678' },
    tiny: { N: '0.000000000000000000000000000000000000001' },
    b: { B: new Uint8Array([0, 1, 2, 127, 128, 255]) },
    emptyB: { B: new Uint8Array(0) },
    yes: { BOOL: true },
    no: { BOOL: false },
    nothing: { NULL: true },
    m: {
      M: {
        inner: { L: [{ N: '1' }, { S: 'two' }, { BOOL: false }, { NULL: true }] },
        deeper: { M: { s: { S: 'x' }, ss: { SS: ['q', 'p'] } } },
        emptyM: { M: {} },
      },
    },
    l: {
      L: [
        { S: 'a' }, { N: '2' }, { B: new Uint8Array([9]) }, { L: [] },
        { M: { k: { S: 'v' } } }, { NS: ['3', '1'] },
      ],
    },
    emptyL: { L: [] },
    ss: { SS: ['b', 'a', 'c'] },
    ns: { NS: ['10', '-1', '2.5'] },
    bs: { BS: [new Uint8Array([2]), new Uint8Array([1, 0]), new Uint8Array([255])] },
  };
  const put = await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
  assert.equal(put.$metadata.httpStatusCode, 200);
  assert.equal(put.Attributes, undefined);

  const got = await get(table, { pk: { S: 'every-type' } });
  assert.deepEqual(canonical(got), canonical(item));
  assert.ok(got.b.B instanceof Uint8Array);
  assert.ok(got.bs.BS.every((v) => v instanceof Uint8Array));

  // An eventually consistent read of the same item (ConsistentRead false) is
  // allowed to be stale on real DynamoDB, so only its shape is checked.
  const eventual = await ddb.send(new GetItemCommand({
    TableName: table, Key: { pk: { S: 'every-type' } }, ConsistentRead: false,
  }));
  assert.equal(eventual.$metadata.httpStatusCode, 200);
});

test('numbers come back normalised', async () => {
  const cases = [
    ['1.50', '1.5'], ['0100', '100'], ['1E2', '100'], ['-1.230E+5', '-123000'],
    ['1.0e-3', '0.001'], ['0.000', '0'], ['-0.0', '0'],
  ];
  for (const [input, normal] of cases) {
    const Key = { pk: { S: `number ${input}` } };
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...Key, n: { N: input }, l: { L: [{ N: input }] } } }));
    const got = await get(table, Key);
    assert.deepEqual(got.n, { N: normal }, `${input} came back as ${got.n.N}`);
    assert.deepEqual(got.l.L[0], { N: normal }, `${input} inside a list came back as ${got.l.L[0].N}`);
  }
  await ddb.send(new PutItemCommand({
    TableName: table, Item: { pk: { S: 'number set' }, ns: { NS: ['1.50', '2E1', '007'] } },
  }));
  const set = await get(table, { pk: { S: 'number set' } });
  assert.deepEqual([...set.ns.NS].sort(), ['1.5', '20', '7']);
});

test('a numeric sort key is one key however it is written', async () => {
  await ddb.send(new PutItemCommand({
    TableName: composite, Item: { pk: { S: 'p' }, sk: { N: '1.50' }, v: { S: 'first' } },
  }));
  const got = await get(composite, { pk: { S: 'p' }, sk: { N: '15E-1' } });
  assert.deepEqual(got, { pk: { S: 'p' }, sk: { N: '1.5' }, v: { S: 'first' } });
  const replaced = await ddb.send(new PutItemCommand({
    TableName: composite, Item: { pk: { S: 'p' }, sk: { N: '1.5' }, v: { S: 'second' } },
    ReturnValues: 'ALL_OLD',
  }));
  assert.deepEqual(replaced.Attributes, { pk: { S: 'p' }, sk: { N: '1.5' }, v: { S: 'first' } });
  await ddb.send(new PutItemCommand({
    TableName: composite, Item: { pk: { S: 'p' }, sk: { N: '2' }, v: { S: 'other' } },
  }));
  assert.equal((await get(composite, { pk: { S: 'p' }, sk: { N: '1.5' } })).v.S, 'second');
  assert.equal((await get(composite, { pk: { S: 'p' }, sk: { N: '2' } })).v.S, 'other');
  assert.equal(await get(composite, { pk: { S: 'p' }, sk: { N: '3' } }), undefined);
});

test('a binary hash key round-trips', async () => {
  const Key = { pk: { B: new Uint8Array([0, 255, 10]) } };
  await ddb.send(new PutItemCommand({ TableName: binary, Item: { ...Key, v: { N: '1' } } }));
  const got = await get(binary, { pk: { B: Uint8Array.from([0, 255, 10]) } });
  assert.deepEqual(got, { ...Key, v: { N: '1' } });
  assert.equal(await get(binary, { pk: { B: new Uint8Array([0, 255]) } }), undefined);
});

test('GetItem: a missing item, AttributesToGet, and PutItem replacing the whole item', async () => {
  assert.equal(await get(table, { pk: { S: 'never written' } }), undefined);
  const Key = { pk: { S: 'projection' } };
  await ddb.send(new PutItemCommand({
    TableName: table, Item: { ...Key, a: { S: 'A' }, b: { N: '2' }, c: { BOOL: true } },
  }));
  const some = await get(table, Key, { AttributesToGet: ['a', 'c', 'not-there'] });
  assert.deepEqual(some, { a: { S: 'A' }, c: { BOOL: true } });
  const withKey = await get(table, Key, { AttributesToGet: ['pk', 'b'] });
  assert.deepEqual(withKey, { ...Key, b: { N: '2' } });

  await ddb.send(new PutItemCommand({ TableName: table, Item: { ...Key, d: { S: 'D' } } }));
  assert.deepEqual(await get(table, Key), { ...Key, d: { S: 'D' } });
});

test('ReturnValues on PutItem and DeleteItem', async () => {
  const Key = { pk: { S: 'return-values' } };
  const fresh = await ddb.send(new PutItemCommand({
    TableName: table, Item: { ...Key, v: { N: '1' } }, ReturnValues: 'ALL_OLD',
  }));
  assert.equal(fresh.Attributes, undefined, 'nothing was there before');

  const none = await ddb.send(new PutItemCommand({
    TableName: table, Item: { ...Key, v: { N: '2' }, s: { SS: ['x'] } }, ReturnValues: 'NONE',
  }));
  assert.equal(none.Attributes, undefined);

  const put = await ddb.send(new PutItemCommand({
    TableName: table, Item: { ...Key, v: { N: '3' } }, ReturnValues: 'ALL_OLD',
  }));
  assert.deepEqual(put.Attributes, { ...Key, v: { N: '2' }, s: { SS: ['x'] } });

  const del = await ddb.send(new DeleteItemCommand({ TableName: table, Key, ReturnValues: 'ALL_OLD' }));
  assert.deepEqual(del.Attributes, { ...Key, v: { N: '3' } });
  assert.equal(await get(table, Key), undefined);

  const again = await ddb.send(new DeleteItemCommand({ TableName: table, Key, ReturnValues: 'ALL_OLD' }));
  assert.equal(again.$metadata.httpStatusCode, 200, 'deleting a missing item succeeds');
  assert.equal(again.Attributes, undefined);

  await ddb.send(new PutItemCommand({ TableName: table, Item: { ...Key, v: { N: '4' } } }));
  const plain = await ddb.send(new DeleteItemCommand({ TableName: table, Key, ReturnValues: 'NONE' }));
  assert.equal(plain.Attributes, undefined);
  assert.equal(await get(table, Key), undefined);
});

test('document client: plain JavaScript values round-trip', async () => {
  const doc = DynamoDBDocumentClient.from(ddb);
  const item = {
    pk: 'doc-types',
    str: 'Ann',
    int: 42,
    float: -0.5,
    yes: true,
    nil: null,
    list: [1, 'two', null, false, { deep: ['x'] }],
    map: { a: 1, b: { c: 'd' } },
    strings: new Set(['x', 'y']),
    numbers: new Set([1, 2.5]),
    bytes: new Uint8Array([1, 2, 3]),
    byteSet: new Set([new Uint8Array([1]), new Uint8Array([2])]),
  };
  await doc.send(new PutCommand({ TableName: table, Item: item }));
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc-types' }, ConsistentRead: true }));
  assert.deepEqual(Item, item);

  const low = await get(table, { pk: { S: 'doc-types' } });
  assert.deepEqual(low.int, { N: '42' });
  assert.deepEqual(low.nil, { NULL: true });
  assert.deepEqual([...low.numbers.NS].sort(), ['1', '2.5']);

  const deleted = await doc.send(new DeleteCommand({
    TableName: table, Key: { pk: 'doc-types' }, ReturnValues: 'ALL_OLD',
  }));
  assert.deepEqual(deleted.Attributes, item);
  const gone = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'doc-types' } }));
  assert.equal(gone.Item, undefined);
});

test('document client: removeUndefinedValues', async () => {
  // Without the option, an undefined nested in a map or list is refused before
  // anything is sent (a top-level undefined attribute is just left out).
  const strict = DynamoDBDocumentClient.from(ddb);
  for (const Item of [
    { pk: 'doc-undefined', nested: { gone: undefined } },
    { pk: 'doc-undefined', list: [1, undefined] },
  ]) {
    const error = await rejection(strict.send(new PutCommand({ TableName: table, Item })));
    assert.match(error.message, /removeUndefinedValues/);
  }
  assert.equal(await get(table, { pk: { S: 'doc-undefined' } }), undefined, 'nothing was written');

  const lenient = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  await lenient.send(new PutCommand({
    TableName: table,
    Item: {
      pk: 'doc-undefined', kept: 'yes', gone: undefined,
      nested: { gone: undefined, kept: 1 }, list: [1, undefined, 'x'],
    },
  }));
  assert.deepEqual(await get(table, { pk: { S: 'doc-undefined' } }), {
    pk: { S: 'doc-undefined' },
    kept: { S: 'yes' },
    nested: { M: { kept: { N: '1' } } },
    list: { L: [{ N: '1' }, { S: 'x' }] },
  });
  const { Item } = await lenient.send(new GetCommand({ TableName: table, Key: { pk: 'doc-undefined' } }));
  assert.deepEqual(Item, { pk: 'doc-undefined', kept: 'yes', nested: { kept: 1 }, list: [1, 'x'] });
  const deleted = await lenient.send(new DeleteCommand({ TableName: table, Key: { pk: 'doc-undefined' } }));
  assert.equal(deleted.Attributes, undefined);
  assert.equal(await get(table, { pk: { S: 'doc-undefined' } }), undefined);
});

test('document client: wrapNumbers keeps every digit', async () => {
  const big = '12345678901234567890123456789012345678';
  const precise = '-3.1415926535897932384626433832795028';
  const wrapped = DynamoDBDocumentClient.from(ddb, { unmarshallOptions: { wrapNumbers: true } });
  await wrapped.send(new PutCommand({
    TableName: table,
    Item: { pk: 'doc-numbers', big: NumberValue.from(big), precise: NumberValue.from(precise), small: 7, trailing: NumberValue.from('2.50') },
  }));
  const { Item } = await wrapped.send(new GetCommand({ TableName: table, Key: { pk: 'doc-numbers' } }));
  for (const field of ['big', 'precise', 'small', 'trailing']) {
    assert.ok(Item[field] instanceof NumberValue, `${field} is not a NumberValue`);
  }
  assert.equal(Item.big.toString(), big);
  assert.equal(Item.precise.toString(), precise);
  assert.equal(Item.small.toString(), '7');
  assert.equal(Item.trailing.toString(), '2.5');

  // Without wrapNumbers the same item reads back as JavaScript numbers
  // (a BigInt for an integer beyond Number.MAX_SAFE_INTEGER).
  const plain = DynamoDBDocumentClient.from(ddb);
  const lossy = (await plain.send(new GetCommand({ TableName: table, Key: { pk: 'doc-numbers' } }))).Item;
  assert.equal(lossy.big, BigInt(big));
  assert.equal(lossy.precise, Number(precise));
  assert.equal(lossy.small, 7);
  assert.equal(lossy.trailing, 2.5);
  const { Attributes } = await wrapped.send(new DeleteCommand({
    TableName: table, Key: { pk: 'doc-numbers' }, ReturnValues: 'ALL_OLD',
  }));
  assert.equal(Attributes.big.toString(), big);
});

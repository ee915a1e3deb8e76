// The limits and errors of BatchGetItem, BatchWriteItem, TransactWriteItems and
// TransactGetItems through the low-level client, with DynamoDB's exact error
// names, messages and HTTP 400: request sizes (100 keys, 25 writes, 100
// actions, 400 KB, 4 MB), duplicate keys, schema mismatches, missing tables,
// cancellation reasons in request order, idempotency tokens and consumed
// capacity. A refused request writes nothing. The expected texts are those of
// ../python/test_batches.py and ../python/test_transactions.py; the cases
// DynamoDB Local words differently are skipped against an external endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand, BatchWriteItemCommand, TransactWriteItemsCommand,
  TransactGetItemsCommand, GetItemCommand, PutItemCommand, TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
  externalEndpoint,
} from './helpers.js';

let server;
let ddb;
let ts; // pk S
let tsn; // pk S, sk N

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  ts = uniqueName('limits');
  tsn = uniqueName('limits');
  await createTable(ddb, hashKeyTable(ts));
  await createTable(ddb, {
    ...hashKeyTable(tsn),
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  });
});
after(async () => {
  await dropTables(ddb, [ts, tsn]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const realOnly = { skip: externalEndpoint ? 'DynamoDB Local words this differently' : false };
const S = (value) => ({ S: value });
const N = (value) => ({ N: String(value) });
const send = (Command, input) => ddb.send(new Command(input));
const itemOf = async (TableName, Key) => (await send(GetItemCommand, { TableName, Key, ConsistentRead: true })).Item;
const range = (n) => [...Array(n).keys()];
const byTable = (capacity) => Object.fromEntries(capacity.map(({ TableName, ...rest }) => [TableName, rest]));

// The error of a refused call: its name, HTTP 400 and, if given, DynamoDB's message.
async function refused(promise, name, message) {
  const e = await rejection(promise);
  assert.equal(e.name, name, String(e));
  assert.equal(e.$metadata.httpStatusCode, 400);
  if (message !== undefined) assert.equal(e.message, message);
  return e;
}

const SCHEMA = 'The provided key element does not match the schema';
const DUPLICATES = 'Provided list of item keys contains duplicates';
const ONE_ITEM = 'Transaction request cannot include multiple operations on one item';
const CONDITION_FAILED = 'The conditional request failed';
const OVER_4_MB = 'Collection size of items exceeded, which can also be caused by the aggregate size '
  + 'of the items in the transaction exceeding the 4MB limit';
const cancelMessage = (codes) => `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`;

// ---- BatchGetItem ---------------------------------------------------------------------

const keys = (...pks) => ({ Keys: pks.map((pk) => ({ pk: S(pk) })) });

test('BatchGetItem of more than 100 keys is refused', realOnly, async () => {
  const p = uniqueName('bg');
  await refused(send(BatchGetItemCommand, { RequestItems: { [ts]: keys(...range(101).map((i) => `${p}-${i}`)) } }),
    'ValidationException', `1 validation error detected: Value at 'RequestItems.${ts}.member.Keys' failed to `
    + 'satisfy constraint: Member must have length less than or equal to 100');
  // 60 + 41: each table is within 100, the request is not (the text is not pinned).
  await refused(send(BatchGetItemCommand, { RequestItems: {
    [ts]: keys(...range(60).map((i) => `${p}-${i}`)),
    [tsn]: { Keys: range(41).map((i) => ({ pk: S(p), sk: N(i) })) },
  } }), 'ValidationException');
  const got = await send(BatchGetItemCommand, { RequestItems: { [ts]: keys(...range(100).map((i) => `${p}-${i}`)) } });
  assert.deepEqual(got.Responses, { [ts]: [] });
  assert.deepEqual(got.UnprocessedKeys, {});
});

test('BatchGetItem of duplicate keys is refused', async () => {
  await refused(send(BatchGetItemCommand, { RequestItems: { [ts]: keys('a', 'a') } }), 'ValidationException', DUPLICATES);
  await refused(send(BatchGetItemCommand, { RequestItems: { [tsn]: { Keys: [{ pk: S('a'), sk: N(1) }, { pk: S('a'), sk: N(1) }] } } }),
    'ValidationException', DUPLICATES);
});

test('BatchGetItem takes ProjectionExpression and ConsistentRead per table', async () => {
  const p = uniqueName('bgp');
  const m = { M: { x: S('x'), y: S('y') } };
  for (const i of range(3)) await send(PutItemCommand, { TableName: ts, Item: { pk: S(`${p}-${i}`), v: N(i), m } });
  await send(PutItemCommand, { TableName: tsn, Item: { pk: S(p), sk: N(0), v: S('b') } });
  const got = await send(BatchGetItemCommand, { RequestItems: {
    [ts]: { ...keys(`${p}-0`, `${p}-2`, `${p}-none`), ProjectionExpression: '#v, m.x', ExpressionAttributeNames: { '#v': 'v' }, ConsistentRead: true },
    [tsn]: { Keys: [{ pk: S(p), sk: N(0) }], ProjectionExpression: 'sk', ConsistentRead: false },
  } });
  const sorted = got.Responses[ts].sort((a, b) => a.v.N.localeCompare(b.v.N));
  assert.deepEqual(sorted, [0, 2].map((i) => ({ v: N(i), m: { M: { x: S('x') } } })));
  assert.deepEqual(got.Responses[tsn], [{ sk: N(0) }]);
  assert.deepEqual(got.UnprocessedKeys, {});
});

test('BatchGetItem naming a missing table is ResourceNotFoundException', realOnly, async () => {
  await refused(send(BatchGetItemCommand, { RequestItems: { [ts]: keys('a'), [uniqueName('missing')]: keys('a') } }),
    'ResourceNotFoundException', 'Requested resource not found');
});

test('BatchGetItem ReturnConsumedCapacity TOTAL is one entry per table', async () => {
  const p = uniqueName('bgc');
  // 5000 bytes (2 units) and 100 bytes (1 unit): each item is rounded up on its own.
  for (const [name, size] of [['big', 5000], ['small', 100]]) {
    const pk = `${p}-${name}`;
    await send(PutItemCommand, { TableName: ts, Item: { pk: S(pk), d: S('x'.repeat(size - 3 - pk.length)) } });
  }
  await send(PutItemCommand, { TableName: tsn, Item: { pk: S(p), sk: N(1) } });
  for (const [ConsistentRead, units] of [[true, 3], [false, 1.5]]) {
    const got = await send(BatchGetItemCommand, { ReturnConsumedCapacity: 'TOTAL', RequestItems: {
      [ts]: { ...keys(`${p}-big`, `${p}-small`), ConsistentRead }, [tsn]: { Keys: [{ pk: S(p), sk: N(1) }] },
    } });
    assert.equal(got.ConsumedCapacity.length, 2);
    assert.deepEqual(byTable(got.ConsumedCapacity), { [ts]: { CapacityUnits: units }, [tsn]: { CapacityUnits: 0.5 } });
  }
});

// ---- BatchWriteItem -------------------------------------------------------------------

const putReq = (Item) => ({ PutRequest: { Item } });
const delReq = (Key) => ({ DeleteRequest: { Key } });

// Sends a batch with a fresh valid put first in `ts`, expects it refused, and
// checks that the put was not written either. Returns the error.
async function refusedBatch(requestItems, name, message) {
  const witness = { pk: S(uniqueName('witness')) };
  const RequestItems = { ...requestItems, [ts]: [putReq({ ...witness, v: S('must not be written') }), ...(requestItems[ts] ?? [])] };
  const e = await refused(send(BatchWriteItemCommand, { RequestItems }), name, message);
  assert.equal(await itemOf(ts, witness), undefined);
  return e;
}

test('BatchWriteItem of more than 25 requests for a table is refused', realOnly, async () => {
  const p = uniqueName('bw');
  // The witness + 25. DynamoDB echoes the whole map, so only the frame is asserted.
  const e = await refusedBatch({ [ts]: range(25).map((i) => putReq({ pk: S(`${p}-${i}`) })) }, 'ValidationException');
  assert.ok(e.message.startsWith("1 validation error detected: Value '{"), e.message);
  assert.ok(e.message.endsWith("' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
    + 'constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]'), e.message);
  assert.equal(await itemOf(ts, { pk: S(`${p}-0`) }), undefined);
});

test('BatchWriteItem naming one key twice is refused', async () => {
  await refusedBatch({ [ts]: [putReq({ pk: S('dup') }), putReq({ pk: S('dup'), v: N(1) })] }, 'ValidationException', DUPLICATES);
  await refusedBatch({ [ts]: [putReq({ pk: S('dup') }), delReq({ pk: S('dup') })] }, 'ValidationException', DUPLICATES);
  // 1 and 1.0 are the same number, so the same key.
  await refusedBatch({ [tsn]: [delReq({ pk: S('d'), sk: N(1) }), delReq({ pk: S('d'), sk: N('1.0') })] },
    'ValidationException', DUPLICATES);
});

test('BatchWriteItem of an item over 400 KB is refused', async () => {
  await refusedBatch({ [ts]: [putReq({ pk: S('big'), d: S('x'.repeat(400 * 1024)) })] },
    'ValidationException', 'Item size has exceeded the maximum allowed size');
});

test('BatchWriteItem of a key not matching the schema is refused', realOnly, async () => {
  for (const requestItems of [
    { [ts]: [putReq({ v: S('no key') })] },
    { [ts]: [putReq({ pk: N(1) })] },
    { [tsn]: [putReq({ pk: S('x') })] },
    { [tsn]: [putReq({ pk: S('x'), sk: S('1') })] },
    { [ts]: [delReq({ pk: S('x'), v: S('extra') })] },
    { [ts]: [delReq({ pk: N(1) })] },
  ]) await refusedBatch(requestItems, 'ValidationException', SCHEMA);
});

test('BatchWriteItem naming a missing table is refused and writes nothing', realOnly, async () => {
  await refusedBatch({ [uniqueName('missing')]: [putReq({ pk: S('a') })] }, 'ResourceNotFoundException', 'Requested resource not found');
});

test('BatchWriteItem of 25 requests succeeds with UnprocessedItems {}', async () => {
  const p = uniqueName('bw25');
  const got = await send(BatchWriteItemCommand, { RequestItems: {
    [ts]: range(20).map((i) => putReq({ pk: S(`${p}-${i}`) })),
    [tsn]: range(5).map((i) => putReq({ pk: S(p), sk: N(i) })),
  } });
  assert.deepEqual(got.UnprocessedItems, {});
  assert.equal(got.ConsumedCapacity, undefined);
  assert.deepEqual(await itemOf(ts, { pk: S(`${p}-19`) }), { pk: S(`${p}-19`) });
  assert.deepEqual(await itemOf(tsn, { pk: S(p), sk: N(4) }), { pk: S(p), sk: N(4) });
});

test('BatchWriteItem ReturnConsumedCapacity sums write units per table', async () => {
  const p = uniqueName('bwc');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(`${p}-old`), d: S('x'.repeat(2500)) } });
  // 1 KB units per request: a 1.5 KB put -> 2, a small put -> 1, deleting 2.5 KB -> 3.
  const got = await send(BatchWriteItemCommand, { ReturnConsumedCapacity: 'TOTAL', RequestItems: {
    [ts]: [putReq({ pk: S(`${p}-a`), d: S('x'.repeat(1500)) }), putReq({ pk: S(`${p}-b`) }), delReq({ pk: S(`${p}-old`) })],
    [tsn]: [putReq({ pk: S(p), sk: N(1) })],
  } });
  assert.deepEqual(got.UnprocessedItems, {});
  assert.equal(got.ConsumedCapacity.length, 2);
  assert.deepEqual(byTable(got.ConsumedCapacity), { [ts]: { CapacityUnits: 6 }, [tsn]: { CapacityUnits: 1 } });
});

// ---- TransactWriteItems ---------------------------------------------------------------

const put = (TableName, Item, extra = {}) => ({ Put: { TableName, Item, ...extra } });
const del = (TableName, Key, extra = {}) => ({ Delete: { TableName, Key, ...extra } });
const check = (TableName, Key, ConditionExpression, extra = {}) => ({ ConditionCheck: { TableName, Key, ConditionExpression, ...extra } });
const update = (TableName, Key, UpdateExpression, ExpressionAttributeValues, extra = {}) => ({
  Update: { TableName, Key, UpdateExpression, ExpressionAttributeValues, ...extra },
});

// Runs a write transaction that must be cancelled; checks the message lists
// `codes` and returns the CancellationReasons.
async function cancelled(TransactItems, codes) {
  const e = await refused(send(TransactWriteItemsCommand, { TransactItems }), 'TransactionCanceledException', cancelMessage(codes));
  assert.ok(e instanceof TransactionCanceledException, String(e));
  assert.deepEqual(e.CancellationReasons.map((r) => r.Code), codes);
  return e.CancellationReasons;
}

test('TransactWriteItems of more than 100 actions is refused', async () => {
  const p = uniqueName('tw');
  const e = await refused(send(TransactWriteItemsCommand, { TransactItems: range(101).map((i) => put(ts, { pk: S(`${p}-${i}`) })) }),
    'ValidationException');
  assert.ok(e.message.endsWith('Member must have length less than or equal to 100'), e.message);
  if (!externalEndpoint) assert.ok(e.message.startsWith("1 validation error detected: Value '[TransactWriteItem("), e.message);
  assert.equal(await itemOf(ts, { pk: S(`${p}-0`) }), undefined);
});

test('TransactWriteItems naming one item twice is refused', async () => {
  const p = uniqueName('tw');
  await refused(send(TransactWriteItemsCommand, { TransactItems: [put(ts, { pk: S(p) }), del(ts, { pk: S(p) })] }),
    'ValidationException', ONE_ITEM);
  await refused(send(TransactWriteItemsCommand, { TransactItems: [
    check(ts, { pk: S(p) }, 'attribute_not_exists(pk)'), update(ts, { pk: S(p) }, 'SET v = :v', { ':v': N(1) }),
  ] }), 'ValidationException', ONE_ITEM);
  assert.equal(await itemOf(ts, { pk: S(p) }), undefined);
});

test('TransactWriteItems over 4 MB is refused', realOnly, async () => {
  const p = uniqueName('tw4');
  const big = 'x'.repeat(390 * 1024);
  await refused(send(TransactWriteItemsCommand, { TransactItems: range(11).map((i) => put(ts, { pk: S(`${p}-${i}`), v: S(big) })) }),
    'ValidationException', OVER_4_MB);
  assert.equal(await itemOf(ts, { pk: S(`${p}-0`) }), undefined);
});

test('a failed condition cancels with reasons in request order', async () => {
  const p = uniqueName('twc');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(`${p}-b`), v: N(2) } });
  const reasons = await cancelled([
    put(ts, { pk: S(`${p}-a`) }),
    del(ts, { pk: S(`${p}-b`) }, { ConditionExpression: 'v = :x', ExpressionAttributeValues: { ':x': N(9) } }),
    update(tsn, { pk: S(p), sk: N(1) }, 'SET v = :v', { ':v': S('u') }),
    check(ts, { pk: S(`${p}-none`) }, 'attribute_exists(pk)'),
  ], ['None', 'ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']);
  assert.deepEqual(reasons, [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED },
    { Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED }]);
  assert.equal(await itemOf(ts, { pk: S(`${p}-a`) }), undefined);
  assert.deepEqual(await itemOf(ts, { pk: S(`${p}-b`) }), { pk: S(`${p}-b`), v: N(2) });
  assert.equal(await itemOf(tsn, { pk: S(p), sk: N(1) }), undefined);
});

test('ReturnValuesOnConditionCheckFailure ALL_OLD puts the old item in the reason', async () => {
  const p = uniqueName('two');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(p), v: N(1) } });
  const ALL_OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
  const reasons = await cancelled([
    put(ts, { pk: S(p) }, { ConditionExpression: 'attribute_not_exists(pk)', ...ALL_OLD }),
    put(ts, { pk: S(`${p}-c`) }),
    // ALL_OLD on a missing item: no Item at all.
    update(ts, { pk: S(`${p}-none`) }, 'SET v = :v', { ':v': N(1) }, { ConditionExpression: 'attribute_exists(pk)', ...ALL_OLD }),
  ], ['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']);
  assert.deepEqual(reasons, [
    { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED, Item: { pk: S(p), v: N(1) } },
    { Code: 'None' },
    { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED }]);
  assert.equal(await itemOf(ts, { pk: S(`${p}-c`) }), undefined);
});

test('an update that cannot be applied cancels with a ValidationError reason', async () => {
  const p = uniqueName('twu');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(p), n: S('not a number') } });
  const reasons = await cancelled([put(ts, { pk: S(`${p}-other`) }), update(ts, { pk: S(p) }, 'SET n = n + :one', { ':one': N(1) })],
    ['None', 'ValidationError']);
  assert.deepEqual(reasons, [{ Code: 'None' },
    { Code: 'ValidationError', Message: 'An operand in the update expression has an incorrect data type' }]);
  assert.equal(await itemOf(ts, { pk: S(`${p}-other`) }), undefined);
  assert.deepEqual(await itemOf(ts, { pk: S(p) }), { pk: S(p), n: S('not a number') });
});

test('the same ClientRequestToken with another request is IdempotentParameterMismatchException', async () => {
  const p = uniqueName('twt');
  const input = (n) => ({ ClientRequestToken: `${p}-token`, ReturnConsumedCapacity: 'TOTAL',
    TransactItems: [update(ts, { pk: S(p) }, 'ADD n :one', { ':one': N(n) })] });
  const first = await send(TransactWriteItemsCommand, input(1));
  const again = await send(TransactWriteItemsCommand, input(1));
  assert.deepEqual(again.ConsumedCapacity, first.ConsumedCapacity);
  // The message is not asserted: DynamoDB Local sends an empty one.
  await refused(send(TransactWriteItemsCommand, input(2)), 'IdempotentParameterMismatchException');
  assert.deepEqual(await itemOf(ts, { pk: S(p) }), { pk: S(p), n: N(1) });
});

test('TransactWriteItems consumes twice the write units per table', async () => {
  const p = uniqueName('twr');
  const got = await send(TransactWriteItemsCommand, { ReturnConsumedCapacity: 'TOTAL', TransactItems: [
    put(ts, { pk: S(p), d: S('x'.repeat(1500)) }), // 2 KB -> 2 x 2
    put(tsn, { pk: S(p), sk: N(1) }), // 1 KB -> 2 x 1
  ] });
  assert.deepEqual(byTable(got.ConsumedCapacity), { [ts]: { CapacityUnits: 4 }, [tsn]: { CapacityUnits: 2 } });
  const none = await send(TransactWriteItemsCommand, { TransactItems: [check(ts, { pk: S(p) }, 'attribute_exists(pk)')] });
  assert.equal(none.ConsumedCapacity, undefined);
});

// ---- TransactGetItems -----------------------------------------------------------------

const get = (TableName, Key, extra = {}) => ({ Get: { TableName, Key, ...extra } });

test('TransactGetItems of more than 100 items is refused', async () => {
  const p = uniqueName('tg');
  const e = await refused(send(TransactGetItemsCommand, { TransactItems: range(101).map((i) => get(ts, { pk: S(`${p}-${i}`) })) }),
    'ValidationException');
  assert.ok(e.message.endsWith('Member must have length less than or equal to 100'), e.message);
  if (!externalEndpoint) assert.ok(e.message.startsWith("1 validation error detected: Value '[TransactGetItem(get=Get("), e.message);
});

test('TransactGetItems naming one item twice is refused', async () => {
  const p = uniqueName('tg');
  await refused(send(TransactGetItemsCommand, { TransactItems: [get(ts, { pk: S(p) }), get(ts, { pk: S(p) })] }),
    'ValidationException', ONE_ITEM);
});

test('TransactGetItems answers {} for a missing item and projects per item', async () => {
  const p = uniqueName('tgp');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(p), v: N(1), w: S('w') } });
  await send(PutItemCommand, { TableName: tsn, Item: { pk: S(p), sk: N(1), v: S('b') } });
  const got = await send(TransactGetItemsCommand, { TransactItems: [
    get(tsn, { pk: S(p), sk: N(1) }),
    get(ts, { pk: S(`${p}-absent`) }),
    get(ts, { pk: S(p) }, { ProjectionExpression: '#v, pk', ExpressionAttributeNames: { '#v': 'v' } }),
  ] });
  assert.deepEqual(got.Responses, [{ Item: { pk: S(p), sk: N(1), v: S('b') } }, {}, { Item: { pk: S(p), v: N(1) } }]);
  assert.equal(got.ConsumedCapacity, undefined);
});

test('TransactGetItems consumes twice the read units per item', async () => {
  const p = uniqueName('tgc');
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(p) } });
  await send(PutItemCommand, { TableName: ts, Item: { pk: S(`${p}-big`), d: S('x'.repeat(1500)) } });
  await send(PutItemCommand, { TableName: tsn, Item: { pk: S(p), sk: N(1) } });
  const got = await send(TransactGetItemsCommand, { ReturnConsumedCapacity: 'TOTAL', TransactItems: [
    get(ts, { pk: S(p) }),
    get(ts, { pk: S(`${p}-big`) }), // 1.5 KB: still one 4 KB unit
    get(ts, { pk: S(`${p}-absent`) }), // a missing item is charged too
    get(tsn, { pk: S(p), sk: N(1) }),
  ] });
  assert.deepEqual(byTable(got.ConsumedCapacity), { [ts]: { CapacityUnits: 6 }, [tsn]: { CapacityUnits: 2 } });
});

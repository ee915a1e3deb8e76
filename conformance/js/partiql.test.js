// PartiQL through the AWS SDK v3: ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction with the low-level client (attribute values) and with the
// document client (native JS parameters and items), and two of DynamoDB's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExecuteStatementCommand, BatchExecuteStatementCommand, ExecuteTransactionCommand,
  QueryCommand, GetItemCommand, PutItemCommand, DuplicateItemException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, ExecuteStatementCommand as DocExecuteStatementCommand,
  BatchExecuteStatementCommand as DocBatchExecuteStatementCommand,
  ExecuteTransactionCommand as DocExecuteTransactionCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startServer, client, uniqueName, createTable, dropTables, rejection,
} from './helpers.js';

let server;
let ddb;
let doc;
let composite;
let hashed;

const S = (value) => ({ S: value });
const N = (value) => ({ N: String(value) });
const key = (pk, sk) => ({ pk: S(pk), sk: N(sk) });

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  doc = DynamoDBDocumentClient.from(ddb);
  composite = uniqueName('pql');
  hashed = uniqueName('pqlh');
  await createTable(ddb, {
    TableName: composite,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' }],
  });
  await createTable(ddb, {
    TableName: hashed,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{
      IndexName: 'by-g',
      KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  });
});
after(async () => {
  await dropTables(ddb, [composite, hashed]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const run = (Statement, Parameters, extra = {}) => ddb.send(new ExecuteStatementCommand({
  Statement, ...(Parameters ? { Parameters } : {}), ...extra,
}));
const docRun = (Statement, Parameters, extra = {}) => doc.send(new DocExecuteStatementCommand({
  Statement, ...(Parameters ? { Parameters } : {}), ...extra,
}));
const itemOf = async (k) => (await ddb.send(new GetItemCommand({
  TableName: composite, Key: k, ConsistentRead: true,
}))).Item;

test('INSERT then SELECT by full key with the low-level client', async () => {
  const p = uniqueName('ins');
  const out = await run(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 'it''s', `
    + "'l': [1, TRUE, NULL], 'ss': <<'a'>>}", [S(p)]);
  assert.deepEqual(out.Items, []);
  const { Items } = await run(`SELECT * FROM "${composite}" WHERE pk = ? AND sk = ?`, [S(p), N(1)]);
  assert.deepEqual(Items, [{
    ...key(p, 1), v: S("it's"), l: { L: [N(1), { BOOL: true }, { NULL: true }] }, ss: { SS: ['a'] },
  }]);
});

test('the document client binds native parameters and returns native items', async () => {
  const p = uniqueName('doc');
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': ?, 'm': ?, 'l': ?, 'tags': ?, 'b': ?}`,
    [p, 2, { nested: { deep: 'x' }, n: 1.5 }, ['a', 3], new Set(['red', 'blue']), true]);
  const { Items } = await docRun(`SELECT * FROM "${composite}" WHERE pk = ? AND sk = ?`, [p, 2]);
  assert.equal(Items.length, 1);
  const [item] = Items;
  assert.deepEqual({ ...item, tags: [...item.tags].sort() }, {
    pk: p, sk: 2, m: { nested: { deep: 'x' }, n: 1.5 }, l: ['a', 3], tags: ['blue', 'red'], b: true,
  });
  const projected = await docRun(`SELECT m.nested.deep, l[1] FROM "${composite}" WHERE pk = ?`, [p]);
  assert.deepEqual(projected.Items, [{ deep: 'x', 'l[1]': 3 }]);
});

test('a key equality is a Query in sort key order, ORDER BY DESC reverses it', async () => {
  const p = uniqueName('order');
  for (const sk of [3, 1, 2]) {
    await doc.send(new DocExecuteStatementCommand({
      Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': ?}`, Parameters: [p, sk],
    }));
  }
  const asc = await docRun(`SELECT sk FROM "${composite}" WHERE pk = ?`, [p]);
  assert.deepEqual(asc.Items, [{ sk: 1 }, { sk: 2 }, { sk: 3 }]);
  const desc = await docRun(`SELECT sk FROM "${composite}" WHERE pk = ? ORDER BY sk DESC`, [p]);
  assert.deepEqual(desc.Items, [{ sk: 3 }, { sk: 2 }, { sk: 1 }]);
  const filtered = await docRun(`SELECT sk FROM "${composite}" WHERE pk = ? AND sk BETWEEN 2 AND 5`, [p]);
  assert.deepEqual(filtered.Items, [{ sk: 2 }, { sk: 3 }]);
});

test('IN on the hash key answers in value order; Limit and NextToken page through it', async () => {
  const a = uniqueName('in-a');
  const b = uniqueName('in-b');
  for (const [pk, sk] of [[a, 1], [a, 2], [b, 1], [b, 2], [b, 3]]) {
    await ddb.send(new PutItemCommand({ TableName: composite, Item: key(pk, sk) }));
  }
  const statement = `SELECT pk, sk FROM "${composite}" WHERE pk IN [?, ?]`;
  const all = await docRun(statement, [b, a]);
  const expected = [[b, 1], [b, 2], [b, 3], [a, 1], [a, 2]].map(([pk, sk]) => ({ pk, sk }));
  assert.deepEqual(all.Items, expected);
  const seen = [];
  let NextToken;
  let pages = 0;
  do {
    const page = await docRun(statement, [b, a], { Limit: 2, ...(NextToken ? { NextToken } : {}) });
    assert.ok(page.Items.length <= 2);
    seen.push(...page.Items);
    ({ NextToken } = page);
    pages += 1;
  } while (NextToken && pages < 50);
  assert.deepEqual(seen, expected);
  assert.ok(pages >= 3);
});

test('UPDATE with functions and RETURNING ALL NEW through the document client', async () => {
  const p = uniqueName('upd');
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'n': 1, 'l': [1], 'gone': 'x'}`, [p]);
  const out = await docRun(`UPDATE "${composite}" SET n = n + ? SET l = list_append(l, [2]) `
    + 'SET s = ? REMOVE gone WHERE pk = ? AND sk = 1 RETURNING ALL NEW *', [4, 'new', p]);
  assert.deepEqual(out.Items, [{ pk: p, sk: 1, n: 5, l: [1, 2], s: 'new' }]);
  const modified = await docRun(`UPDATE "${composite}" SET n = 6 WHERE pk = ? AND sk = 1 `
    + 'RETURNING MODIFIED OLD *', [p]);
  assert.deepEqual(modified.Items, [{ n: 5 }]);
});

test('DELETE with RETURNING ALL OLD and of a missing item', async () => {
  const p = uniqueName('del');
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 'old'}`, [p]);
  const out = await docRun(`DELETE FROM "${composite}" WHERE pk = ? AND sk = 1 RETURNING ALL OLD *`, [p]);
  assert.deepEqual(out.Items, [{ pk: p, sk: 1, v: 'old' }]);
  assert.equal(await itemOf(key(p, 1)), undefined);
  const again = await docRun(`DELETE FROM "${composite}" WHERE pk = ? AND sk = 1`, [p]);
  assert.deepEqual(again.Items, []);
});

test('a global index is read with FROM "table"."index" and stays current', async () => {
  const p = uniqueName('gsi');
  await docRun(`INSERT INTO "${hashed}" VALUE {'pk': ?, 'g': ?, 'v': 1}`, [p, `${p}-A`]);
  const byIndex = await docRun(`SELECT * FROM "${hashed}"."by-g" WHERE g = ?`, [`${p}-A`]);
  assert.deepEqual(byIndex.Items, [{ pk: p, g: `${p}-A`, v: 1 }]);
  await docRun(`UPDATE "${hashed}" SET g = ? WHERE pk = ?`, [`${p}-B`, p]);
  const old = await ddb.send(new QueryCommand({
    TableName: hashed, IndexName: 'by-g', KeyConditionExpression: 'g = :g',
    ExpressionAttributeValues: { ':g': S(`${p}-A`) },
  }));
  assert.deepEqual(old.Items, []);
  const moved = await docRun(`SELECT pk FROM "${hashed}"."by-g" WHERE g = ?`, [`${p}-B`]);
  assert.deepEqual(moved.Items, [{ pk: p }]);
});

test('BatchExecuteStatement writes, with a per-statement error that stops nothing else', async () => {
  const p = uniqueName('bwrite');
  await ddb.send(new PutItemCommand({ TableName: composite, Item: { ...key(p, 1), v: S('old') } }));
  const { Responses } = await ddb.send(new BatchExecuteStatementCommand({
    Statements: [
      { Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 2}`, Parameters: [S(p)] },
      { Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 'new'}`, Parameters: [S(p)] },
      { Statement: `UPDATE "${composite}" SET v = 'x' WHERE pk = ? AND sk = 3`, Parameters: [S(p)] },
      { Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 4}`, Parameters: [S(p)] },
    ],
  }));
  assert.deepEqual(Responses[0], { TableName: composite });
  assert.deepEqual(Responses[1].Error, { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' });
  assert.deepEqual(Responses[2].Error, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' });
  assert.deepEqual(Responses[3], { TableName: composite });
  assert.deepEqual(await itemOf(key(p, 1)), { ...key(p, 1), v: S('old') });
  assert.deepEqual(await itemOf(key(p, 2)), key(p, 2));
  assert.equal(await itemOf(key(p, 3)), undefined);
  assert.deepEqual(await itemOf(key(p, 4)), key(p, 4));
});

test('BatchExecuteStatement reads through the document client', async () => {
  const p = uniqueName('bread');
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 'one', 'w': 1}`, [p]);
  const { Responses } = await doc.send(new DocBatchExecuteStatementCommand({
    Statements: [
      { Statement: `SELECT v FROM "${composite}" WHERE pk = ? AND sk = ?`, Parameters: [p, 1] },
      { Statement: `SELECT * FROM "${composite}" WHERE pk = ? AND sk = ?`, Parameters: [p, 2] },
      { Statement: `SELECT * FROM "${composite}" WHERE pk = ?`, Parameters: [p] },
    ],
  }));
  assert.deepEqual(Responses[0], { TableName: composite, Item: { v: 'one' } });
  assert.deepEqual(Responses[1], { TableName: composite });
  assert.equal(Responses[2].Error.Code, 'ValidationError');
});

test('ExecuteTransaction writes with EXISTS, then reads', async () => {
  const p = uniqueName('tx');
  await docRun(`INSERT INTO "${hashed}" VALUE {'pk': ?, 'state': 'open'}`, [p]);
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 2, 'n': 1}`, [p]);
  const written = await doc.send(new DocExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'm': ?}`, Parameters: [p, { a: [1] }] },
      { Statement: `UPDATE "${composite}" SET n = n + 1 WHERE pk = ? AND sk = 2`, Parameters: [p] },
      { Statement: `EXISTS(SELECT * FROM "${hashed}" WHERE pk = ? AND state = 'open')`, Parameters: [p] },
    ],
  }));
  assert.equal(written.Responses, undefined);
  const read = await doc.send(new DocExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `SELECT * FROM "${composite}" WHERE pk = ? AND sk = 1`, Parameters: [p] },
      { Statement: `SELECT n FROM "${composite}" WHERE pk = ? AND sk = 2`, Parameters: [p] },
      { Statement: `SELECT * FROM "${composite}" WHERE pk = ? AND sk = 3`, Parameters: [p] },
    ],
  }));
  assert.deepEqual(read.Responses, [{ Item: { pk: p, sk: 1, m: { a: [1] } } }, { Item: { n: 2 } }, {}]);
});

test('a failing statement cancels the whole transaction', async () => {
  const p = uniqueName('cancel');
  await ddb.send(new PutItemCommand({ TableName: composite, Item: { ...key(p, 1), n: N(1) } }));
  await ddb.send(new PutItemCommand({ TableName: composite, Item: key(p, 2) }));
  const e = await rejection(ddb.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `UPDATE "${composite}" SET n = n + 1 WHERE pk = ? AND sk = 1`, Parameters: [S(p)] },
      { Statement: `INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 2}`, Parameters: [S(p)] },
    ],
  })));
  assert.ok(e instanceof TransactionCanceledException, String(e));
  assert.equal(e.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, DuplicateItem]');
  assert.deepEqual(e.CancellationReasons.map((r) => r.Code), ['None', 'DuplicateItem']);
  assert.deepEqual(await itemOf(key(p, 1)), { ...key(p, 1), n: N(1) });
  const mixed = await rejection(ddb.send(new ExecuteTransactionCommand({
    TransactStatements: [
      { Statement: `UPDATE "${composite}" SET n = 5 WHERE pk = ? AND sk = 1`, Parameters: [S(p)] },
      { Statement: `SELECT * FROM "${composite}" WHERE pk = ? AND sk = 2`, Parameters: [S(p)] },
    ],
  })));
  assert.equal(mixed.name, 'ValidationException');
  assert.equal(mixed.message, 'ExecuteTransaction API does not support both read and write operations in the same request.');
});

test('error: an INSERT of an existing item is DuplicateItemException', async () => {
  const p = uniqueName('dup');
  await docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 1}`, [p]);
  const e = await rejection(docRun(`INSERT INTO "${composite}" VALUE {'pk': ?, 'sk': 1, 'v': 2}`, [p]));
  assert.ok(e instanceof DuplicateItemException, String(e));
  assert.equal(e.name, 'DuplicateItemException');
  assert.equal(e.message, 'Duplicate primary key exists in table');
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.deepEqual(await itemOf(key(p, 1)), { ...key(p, 1), v: N(1) });
});

test('error: statements that do not parse are ValidationException', async () => {
  const e = await rejection(run(`SELECT * FROM "${composite}" WHERE`));
  assert.equal(e.name, 'ValidationException');
  assert.ok(e.message.startsWith("Statement wasn't well formed, can't be processed: "), e.message);
  const notDml = await rejection(run(`SELEC * FROM "${composite}"`));
  assert.equal(notDml.name, 'ValidationException');
  assert.equal(notDml.message, "Statement wasn't well formed, can't be processed: Expected data manipulation");
  const count = await rejection(run(`SELECT * FROM "${composite}" WHERE pk = ? AND sk = ?`, [S('a')]));
  assert.equal(count.name, 'ValidationException');
  assert.equal(count.message, "Number of parameters in request and statement don't match.");
});

// Expressions through the low-level client: every condition function and
// operator, every update action and ReturnValues mode, and the validation
// errors with DynamoDB's text (a rejected request changes nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetItemCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
} from './helpers.js';

const bytes = (text) => new TextEncoder().encode(text);
let server;
let ddb;
let table;
const item = (pk) => ({
  pk: { S: pk },
  n: { N: '1.5' },
  s: { S: 'abc' },
  b: { B: bytes('xyz') },
  tags: { SS: ['x', 'y'] },
  l: { L: [{ S: 'p' }, { S: 'q' }] },
  m: { M: { nested: { M: { deep: { N: '3' } } } } },
  flag: { BOOL: true },
  nothing: { NULL: true },
});

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  table = uniqueName('expr');
  await createTable(ddb, hashKeyTable(table));
});
after(async () => {
  await dropTables(ddb, [table]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

async function seed() {
  const pk = uniqueName('item');
  await ddb.send(new PutItemCommand({ TableName: table, Item: item(pk) }));
  return { pk: { S: pk } };
}

async function current(Key) {
  return (await ddb.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }))).Item;
}

const values = {
  ':one': { N: '1' }, ':two': { N: '2' }, ':ab': { S: 'ab' }, ':x': { S: 'x' }, ':q': { S: 'q' },
  ':xy': { B: bytes('xy') }, ':ntype': { S: 'N' }, ':btype': { S: 'BOOL' },
  ':three': { N: '3' }, ':abc': { S: 'abc' },
};
const usedValues = (expression) => Object.fromEntries(
  Object.entries(values).filter(([k]) => new RegExp(`${k}\\b`).test(expression)));

const conditions = [
  ['n = :one', false], ['n <> :one', true], ['n < :two', true], ['n <= :one', false],
  ['n > :one', true], ['n >= :two', false], ['s > :ab', true], ['b > :xy', true],
  ['n BETWEEN :one AND :two', true], ['s IN (:ab, :abc)', true], ['s IN (:ab, :x)', false],
  ['attribute_exists(m.nested.deep)', true], ['attribute_not_exists(l[5])', true],
  ['attribute_type(n, :ntype)', true], ['attribute_type(flag, :btype)', true],
  ['begins_with(s, :ab)', true], ['begins_with(b, :xy)', true], ['contains(tags, :x)', true],
  ['contains(s, :ab)', true], ['contains(l, :q)', true], ['size(l) = :two', true],
  ['size(s) = :three', true], ['size(tags) > :two', false], ['NOT n = :one', true],
  ['n = :one OR s = :abc AND l[1] = :q', true], ['(n = :one OR s = :abc) AND l[0] = :q', false],
  ['s > :one', false],  // another type: false, not an error
];

for (const [expression, holds] of conditions) {
  test(`condition ${expression} is ${holds}`, async () => {
    const Key = await seed();
    const call = new UpdateItemCommand({
      TableName: table, Key, UpdateExpression: 'SET touched = :t',
      ConditionExpression: expression,
      ExpressionAttributeValues: { ...usedValues(expression), ':t': { BOOL: true } },
    });
    if (holds) {
      await ddb.send(call);
      assert.deepEqual((await current(Key)).touched, { BOOL: true });
    } else {
      const e = await rejection(ddb.send(call));
      assert.ok(e instanceof ConditionalCheckFailedException, String(e));
      assert.equal(e.message, 'The conditional request failed');
      assert.deepEqual(await current(Key), item(Key.pk.S));
    }
  });
}

test('every update action at once', async () => {
  const Key = await seed();
  const { Attributes } = await ddb.send(new UpdateItemCommand({
    TableName: table, Key,
    UpdateExpression: 'SET n = n + :one, s = if_not_exists(absent, :x), grown = list_append(l, :more), '
      + 'm.nested.deep = m.nested.deep - :two REMOVE l[0], nothing ADD hits :one, more :more_tags '
      + 'DELETE tags :x',
    ExpressionAttributeValues: {
      ':one': { N: '1' }, ':two': { N: '2' }, ':x': { SS: ['x'] }, ':more': { L: [{ S: 'r' }] },
      ':more_tags': { SS: ['z'] },
    },
    ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(Attributes.n, { N: '2.5' });
  assert.deepEqual(Attributes.s, { SS: ['x'] });
  assert.deepEqual(Attributes.l, { L: [{ S: 'q' }] });
  assert.deepEqual(Attributes.grown, { L: [{ S: 'p' }, { S: 'q' }, { S: 'r' }] });
  assert.deepEqual(Attributes.m, { M: { nested: { M: { deep: { N: '1' } } } } });
  assert.equal(Attributes.nothing, undefined);
  assert.deepEqual(Attributes.hits, { N: '1' });
  assert.deepEqual(Attributes.tags, { SS: ['y'] });
  assert.deepEqual(Attributes.more, { SS: ['z'] });
});

test('every ReturnValues mode of UpdateItem', async () => {
  const Key = await seed();
  const update = (ReturnValues) => ddb.send(new UpdateItemCommand({
    TableName: table, Key, UpdateExpression: 'SET n = n + :one, added = :one',
    ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues,
  }));
  assert.equal((await update('NONE')).Attributes, undefined);
  assert.deepEqual((await update('UPDATED_OLD')).Attributes, { n: { N: '2.5' }, added: { N: '1' } });
  assert.deepEqual((await update('UPDATED_NEW')).Attributes, { n: { N: '4.5' }, added: { N: '1' } });
  const old = (await update('ALL_OLD')).Attributes;
  assert.deepEqual(old, { ...item(Key.pk.S), n: { N: '4.5' }, added: { N: '1' } });
  const all = (await update('ALL_NEW')).Attributes;
  assert.deepEqual(all, { ...item(Key.pk.S), n: { N: '6.5' }, added: { N: '1' } });
});

test('a failed condition can return the item', async () => {
  const Key = await seed();
  const e = await rejection(ddb.send(new DeleteItemCommand({
    TableName: table, Key, ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })));
  assert.ok(e instanceof ConditionalCheckFailedException, String(e));
  assert.deepEqual(e.Item, item(Key.pk.S));
});

const invalid = [
  [{ UpdateExpression: 'SET a = :v SET b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'],
  [{ UpdateExpression: 'SET a = :v, a.b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite '
    + 'one of these paths; path one: [a], path two: [a, b]'],
  [{ UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part '
    + 'of the key'],
  [{ UpdateExpression: 'SET #nope = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    'Invalid UpdateExpression: An expression attribute name used in the document path is not '
    + 'defined; attribute name: #nope'],
  [{ UpdateExpression: 'SET x = :v', ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { S: 'y' } } },
    'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}'],
  [{ UpdateExpression: 'SET x = :v', ConditionExpression: 'status = :v',
    ExpressionAttributeValues: { ':v': { S: 'x' } } },
  'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status'],
  [{ UpdateExpression: 'SET x = :v', ConditionExpression: 's = :v OR',
    ExpressionAttributeValues: { ':v': { S: 'x' } } },
  'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "OR"'],
  [{ UpdateExpression: 'ADD x :v', ExpressionAttributeValues: { ':v': { S: 'x' } } },
    'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, '
    + 'operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND'],
  [{ UpdateExpression: 'SET x = s - :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
    'An operand in the update expression has an incorrect data type'],
  [{ UpdateExpression: 'SET x = :v', ConditionExpression: 's = s',
    ExpressionAttributeValues: { ':v': { S: 'x' } } },
  'Invalid ConditionExpression: The first operand must be distinct from the remaining operands '
  + 'for this operator or function; operator: =, first operand: [s]'],
  [{ UpdateExpression: 'SET x = :v', AttributeUpdates: { y: { Action: 'DELETE' } },
    ExpressionAttributeValues: { ':v': { S: 'x' } } },
  'Can not use both expression and non-expression parameters in the same request: '
  + 'Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}'],
];

for (const [input, message] of invalid) {
  test(`rejected: ${message.slice(0, 70)}`, async () => {
    const Key = await seed();
    const e = await rejection(ddb.send(new UpdateItemCommand({ TableName: table, Key, ...input })));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, message);
    assert.deepEqual(await current(Key), item(Key.pk.S));
  });
}

test('a projection with overlapping paths is rejected', async () => {
  const Key = await seed();
  const e = await rejection(ddb.send(new GetItemCommand({
    TableName: table, Key, ProjectionExpression: 'm, m.nested',
  })));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, 'Invalid ProjectionExpression: Two document paths overlap with each '
    + 'other; must remove or rewrite one of these paths; path one: [m], path two: [m, nested]');
});

// DynamoDB's errors arrive as the SDK's exception classes, with DynamoDB's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand,
  ResourceNotFoundException, ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { startServer, client, uniqueName } from './helpers.js';

let server;
let ddb;
let table;
const definition = (name) => ({
  TableName: name, BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
});

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  table = uniqueName('errors');
  await ddb.send(new CreateTableCommand(definition(table)));
});
after(async () => assert.equal(await server.stop(), 0));

async function failure(command) {
  try {
    await ddb.send(command);
  } catch (e) {
    return e;
  }
  assert.fail('the call should have failed');
}

test('a missing table is ResourceNotFoundException', async () => {
  const e = await failure(new GetItemCommand({ TableName: 'no-such', Key: { pk: { S: 'a' } } }));
  assert.ok(e instanceof ResourceNotFoundException);
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.message, 'Requested resource not found');
  const d = await failure(new DescribeTableCommand({ TableName: 'no-such' }));
  assert.equal(d.message, 'Requested resource not found: Table: no-such not found');
});

test('an existing table is ResourceInUseException', async () => {
  const e = await failure(new CreateTableCommand(definition(table)));
  assert.ok(e instanceof ResourceInUseException);
  assert.equal(e.$metadata.httpStatusCode, 400);
});

test('bad keys are ValidationException and write nothing', async () => {
  const cases = [
    [{ pk: { N: '1' } }, 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'],
    [{ other: { S: 'x' } }, 'One or more parameter values were invalid: Missing the key pk in the item'],
    [{ pk: { S: '' } }, 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
  ];
  for (const [Item, message] of cases) {
    const e = await failure(new PutItemCommand({ TableName: table, Item }));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, message);
  }
  const got = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '1' } } }));
  assert.equal(got.Item, undefined);
});

test('a table name shorter than 3 characters is refused by CreateTable', async () => {
  const e = await failure(new CreateTableCommand(definition('ab')));
  assert.equal(e.name, 'ValidationException');
  assert.equal(e.message, "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
});

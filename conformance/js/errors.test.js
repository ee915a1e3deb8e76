// DynamoDB's errors arrive as the SDK's exception classes, with HTTP 400 and
// DynamoDB's text, and a failed call changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DescribeTableCommand, DeleteTableCommand, UpdateTableCommand,
  GetItemCommand, PutItemCommand, DeleteItemCommand, paginateListTables,
  DynamoDBServiceException, ResourceNotFoundException, ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
} from './helpers.js';

let server;
let ddb;
let table;
const Key = { pk: { S: 'precious' } };
const original = { ...Key, v: { N: '1' }, s: { S: 'keep me' } };

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
  table = uniqueName('errors');
  await createTable(ddb, hashKeyTable(table));
  await ddb.send(new PutItemCommand({ TableName: table, Item: original }));
});
after(async () => {
  await dropTables(ddb, [table]);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

// An error as DynamoDB sends it: a modelled class where the SDK has one,
// always a DynamoDBServiceException, a client fault, HTTP 400.
function assertServiceError(e, name, ExceptionClass = DynamoDBServiceException) {
  assert.ok(e instanceof ExceptionClass, `${e?.constructor?.name}: ${e}`);
  assert.ok(e instanceof DynamoDBServiceException);
  assert.equal(e.name, name);
  assert.equal(e.$fault, 'client');
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'empty message');
}

async function allTableNames() {
  const names = [];
  for await (const page of paginateListTables({ client: ddb, pageSize: 100 }, {})) names.push(...page.TableNames);
  return names;
}

async function assertUntouched() {
  const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }));
  assert.deepEqual(Item, original);
}

test('a missing table is ResourceNotFoundException for every operation', async () => {
  const missing = uniqueName('no-such');
  const itemCalls = [
    new GetItemCommand({ TableName: missing, Key }),
    new PutItemCommand({ TableName: missing, Item: original }),
    new DeleteItemCommand({ TableName: missing, Key }),
  ];
  for (const command of itemCalls) {
    const e = await rejection(ddb.send(command));
    assertServiceError(e, 'ResourceNotFoundException', ResourceNotFoundException);
    assert.equal(e.message, 'Requested resource not found', command.constructor.name);
  }
  const described = await rejection(ddb.send(new DescribeTableCommand({ TableName: missing })));
  assertServiceError(described, 'ResourceNotFoundException', ResourceNotFoundException);
  assert.equal(described.message, `Requested resource not found: Table: ${missing} not found`);

  const tableCalls = [
    new DeleteTableCommand({ TableName: missing }),
    new UpdateTableCommand({
      TableName: missing, BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    }),
  ];
  for (const command of tableCalls) {
    const e = await rejection(ddb.send(command));
    assertServiceError(e, 'ResourceNotFoundException', ResourceNotFoundException);
  }

  // The failed PutItem did not create the table.
  assert.ok(!(await allTableNames()).includes(missing));
  const still = await rejection(ddb.send(new DescribeTableCommand({ TableName: missing })));
  assert.ok(still instanceof ResourceNotFoundException);
});

test('creating an existing table is ResourceInUseException and leaves it as it was', async () => {
  const before = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
  const e = await rejection(ddb.send(new CreateTableCommand({
    TableName: table,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'r', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }, { AttributeName: 'r', AttributeType: 'B' }],
    ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 7 },
  })));
  assertServiceError(e, 'ResourceInUseException', ResourceInUseException);

  const after = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
  assert.equal(after.TableId, before.TableId);
  assert.equal(after.CreationDateTime.getTime(), before.CreationDateTime.getTime());
  assert.deepEqual(after.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  assert.deepEqual(after.AttributeDefinitions, [{ AttributeName: 'pk', AttributeType: 'S' }]);
  assert.equal(after.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  await assertUntouched();
});

test('PutItem with a bad key is ValidationException and writes nothing', async () => {
  const cases = [
    [{ pk: { N: '1' }, v: { N: '2' } },
      'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'],
    [{ pk: { B: new Uint8Array([1]) } },
      'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: B'],
    [{ other: { S: 'precious' }, v: { N: '2' } },
      'One or more parameter values were invalid: Missing the key pk in the item'],
    [{ pk: { S: '' }, v: { N: '2' } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
  ];
  for (const [Item, message] of cases) {
    const e = await rejection(ddb.send(new PutItemCommand({ TableName: table, Item, ReturnValues: 'ALL_OLD' })));
    assertServiceError(e, 'ValidationException');
    assert.equal(e.message, message);
  }
  await assertUntouched();
  const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '1' } }, ConsistentRead: true }));
  assert.equal(Item, undefined);
});

test('GetItem and DeleteItem with a bad key are ValidationException and delete nothing', async () => {
  const mismatch = 'The provided key element does not match the schema';
  const cases = [
    [{ pk: { N: '1' } }, mismatch],
    [{ other: { S: 'precious' } }, mismatch],
    [{ ...Key, extra: { S: 'x' } }, mismatch],
    [{}, mismatch],
    [{ pk: { S: '' } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk'],
  ];
  for (const [BadKey, message] of cases) {
    for (const command of [
      new GetItemCommand({ TableName: table, Key: BadKey }),
      new DeleteItemCommand({ TableName: table, Key: BadKey, ReturnValues: 'ALL_OLD' }),
    ]) {
      const e = await rejection(ddb.send(command));
      assertServiceError(e, 'ValidationException');
      assert.equal(e.message, message, `${command.constructor.name} ${JSON.stringify(BadKey)}`);
    }
  }
  await assertUntouched();
});

test('a table name shorter than 3 characters is refused by CreateTable', async () => {
  const e = await rejection(ddb.send(new CreateTableCommand(hashKeyTable('ab'))));
  assertServiceError(e, 'ValidationException');
  assert.equal(e.message,
    "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
  assert.ok(!(await allTableNames()).includes('ab'), 'the table was created anyway');
});

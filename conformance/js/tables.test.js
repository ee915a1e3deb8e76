// Table operations through @aws-sdk/client-dynamodb.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DescribeTableCommand, ListTablesCommand, DeleteTableCommand,
  UpdateTableCommand, paginateListTables, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { startServer, client, uniqueName } from './helpers.js';

let server;
let ddb;
before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
});
after(async () => assert.equal(await server.stop(), 0));

test('creates a table with indexes and describes it back', async () => {
  const name = uniqueName('tables');
  const created = await ddb.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'l', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{
      IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
    }],
    LocalSecondaryIndexes: [{
      IndexName: 'by-l',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    }],
  }));
  assert.equal(created.TableDescription.TableStatus, 'ACTIVE');
  await waitUntilTableExists({ client: ddb, maxWaitTime: 10, minDelay: 1 }, { TableName: name });
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(Table.TableName, name);
  assert.ok(Table.CreationDateTime instanceof Date);
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexName, 'by-g');
  assert.equal(Table.LocalSecondaryIndexes[0].Projection.ProjectionType, 'KEYS_ONLY');
  assert.match(Table.TableArn, new RegExp(`^arn:aws:dynamodb:us-east-1:\\d{12}:table/${name}$`));
});

test('lists tables page by page', async () => {
  const own = await startServer();
  try {
    const c = client(own.endpoint);
    const names = ['aaa-1', 'aaa-2', 'aaa-3', 'aaa-4', 'aaa-5'];
    for (const name of names) {
      await c.send(new CreateTableCommand({
        TableName: name, BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }));
    }
    const first = await c.send(new ListTablesCommand({ Limit: 2 }));
    assert.deepEqual(first.TableNames, ['aaa-1', 'aaa-2']);
    assert.equal(first.LastEvaluatedTableName, 'aaa-2');
    const rest = await c.send(new ListTablesCommand({ ExclusiveStartTableName: 'aaa-2' }));
    assert.deepEqual(rest.TableNames, ['aaa-3', 'aaa-4', 'aaa-5']);
    const all = [];
    for await (const page of paginateListTables({ client: c, pageSize: 2 }, {})) {
      all.push(...page.TableNames);
    }
    assert.deepEqual(all, names);
  } finally {
    await own.stop();
  }
});

test('updates billing mode and deletes the table', async () => {
  const name = uniqueName('update');
  await ddb.send(new CreateTableCommand({
    TableName: name, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  }));
  const updated = await ddb.send(new UpdateTableCommand({
    TableName: name, BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
  }));
  assert.equal(updated.TableDescription.ProvisionedThroughput.WriteCapacityUnits, 3);
  const deleted = await ddb.send(new DeleteTableCommand({ TableName: name }));
  assert.equal(deleted.TableDescription.TableStatus, 'DELETING');
  await waitUntilTableNotExists({ client: ddb, maxWaitTime: 10, minDelay: 1 }, { TableName: name });
});

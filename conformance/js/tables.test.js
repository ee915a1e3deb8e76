// Table operations through @aws-sdk/client-dynamodb.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DescribeTableCommand, ListTablesCommand, DeleteTableCommand,
  UpdateTableCommand, ResourceNotFoundException, paginateListTables,
  waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
} from './helpers.js';

const WAIT = { maxWaitTime: 60, minDelay: 1, maxDelay: 2 };
let server;
let ddb;
const made = [];

before(async () => {
  server = await startServer();
  ddb = client(server.endpoint);
});
after(async () => {
  await dropTables(ddb, made);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

const byName = (a, b) => a.AttributeName.localeCompare(b.AttributeName);
const sortedDefinitions = (defs) => [...defs].sort(byName);

test('CreateTable with a GSI and LSIs, then DescribeTable shows the same definition', async () => {
  const name = uniqueName('tables');
  made.push(name);
  const KeySchema = [
    { AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' },
  ];
  const AttributeDefinitions = [
    { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' },
    { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'gs', AttributeType: 'B' },
    { AttributeName: 'l', AttributeType: 'N' },
  ];
  const gsi = {
    IndexName: 'by-g',
    KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'gs', KeyType: 'RANGE' }],
    Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] },
  };
  const lsiKeys = {
    IndexName: 'by-l-keys',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }],
    Projection: { ProjectionType: 'KEYS_ONLY' },
  };
  const lsiAll = {
    IndexName: 'by-l-all',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }],
    Projection: { ProjectionType: 'ALL' },
  };
  const created = await ddb.send(new CreateTableCommand({
    TableName: name, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [gsi], LocalSecondaryIndexes: [lsiKeys, lsiAll],
  }));
  assert.equal(created.$metadata.httpStatusCode, 200);
  const desc = created.TableDescription;
  assert.equal(desc.TableName, name);
  assert.ok(['CREATING', 'ACTIVE'].includes(desc.TableStatus), desc.TableStatus);
  assert.deepEqual(desc.KeySchema, KeySchema);
  assert.deepEqual(sortedDefinitions(desc.AttributeDefinitions), sortedDefinitions(AttributeDefinitions));

  const waited = await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: name });
  assert.equal(waited.state, 'SUCCESS');

  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(Table.TableName, name);
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.deepEqual(Table.KeySchema, KeySchema);
  assert.deepEqual(sortedDefinitions(Table.AttributeDefinitions), sortedDefinitions(AttributeDefinitions));
  assert.equal(Table.ItemCount, 0);
  assert.equal(Table.TableSizeBytes, 0);
  assert.equal(Table.TableId, desc.TableId);
  assert.match(Table.TableId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.match(Table.TableArn, new RegExp(`^arn:aws:dynamodb:us-east-1:\\d{12}:table/${name}$`));
  assert.ok(Table.CreationDateTime instanceof Date);
  assert.ok(Math.abs(Table.CreationDateTime.getTime() - Date.now()) < 10 * 60_000,
    `CreationDateTime ${Table.CreationDateTime.toISOString()} is not about now`);
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 0);
  assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 0);

  assert.equal(Table.GlobalSecondaryIndexes.length, 1);
  const g = Table.GlobalSecondaryIndexes[0];
  assert.equal(g.IndexName, 'by-g');
  assert.deepEqual(g.KeySchema, gsi.KeySchema);
  assert.deepEqual(g.Projection, gsi.Projection);
  assert.equal(g.IndexStatus, 'ACTIVE');
  assert.equal(g.IndexArn, `${Table.TableArn}/index/by-g`);

  assert.equal(Table.LocalSecondaryIndexes.length, 2);
  const lsis = Object.fromEntries(Table.LocalSecondaryIndexes.map((i) => [i.IndexName, i]));
  for (const want of [lsiKeys, lsiAll]) {
    const got = lsis[want.IndexName];
    assert.ok(got, `LSI ${want.IndexName} missing`);
    assert.deepEqual(got.KeySchema, want.KeySchema);
    assert.deepEqual(got.Projection, want.Projection);
    assert.equal(got.IndexArn, `${Table.TableArn}/index/${want.IndexName}`);
  }
});

test('a provisioned table reports its throughput, including its GSI', async () => {
  const name = uniqueName('prov');
  made.push(name);
  await createTable(ddb, {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
    ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 },
    GlobalSecondaryIndexes: [{
      IndexName: 'g-index', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 1 },
    }],
  });
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  // A table created as provisioned may carry no BillingModeSummary at all.
  assert.equal(Table.BillingModeSummary?.BillingMode ?? 'PROVISIONED', 'PROVISIONED');
  assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 4);
  assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 2);
  const g = Table.GlobalSecondaryIndexes[0];
  assert.equal(g.ProvisionedThroughput.ReadCapacityUnits, 3);
  assert.equal(g.ProvisionedThroughput.WriteCapacityUnits, 1);
});

test('ListTables pages with Limit and ExclusiveStartTableName', async () => {
  // Names sharing a prefix no other table has, so the pages are predictable
  // whatever else the endpoint holds: nothing sorts between them.
  const prefix = uniqueName('page');
  const names = [1, 2, 3, 4, 5].map((i) => `${prefix}-${i}`);
  made.push(...names);
  await Promise.all(names.map((TableName) => ddb.send(new CreateTableCommand(hashKeyTable(TableName)))));

  const first = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: prefix, Limit: 2 }));
  assert.deepEqual(first.TableNames, names.slice(0, 2));
  assert.equal(first.LastEvaluatedTableName, names[1]);

  const second = await ddb.send(new ListTablesCommand({
    ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 2,
  }));
  assert.deepEqual(second.TableNames, names.slice(2, 4));
  assert.equal(second.LastEvaluatedTableName, names[3]);

  const third = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: names[3], Limit: 100 }));
  assert.equal(third.TableNames[0], names[4]);
  assert.ok(!third.TableNames.some((n) => names.slice(0, 4).includes(n)));

  // The paginator follows LastEvaluatedTableName to the end: every table once, in order.
  const all = [];
  let pages = 0;
  for await (const page of paginateListTables({ client: ddb, pageSize: 2 }, {})) {
    pages += 1;
    assert.ok(page.TableNames.length <= 2, `page of ${page.TableNames.length}`);
    all.push(...page.TableNames);
  }
  assert.ok(pages >= 3, `${pages} pages`);
  assert.deepEqual(all.filter((n) => n.startsWith(`${prefix}-`)), names);
  assert.equal(new Set(all).size, all.length, 'a table was listed twice');
  assert.deepEqual(all, [...all].sort(), 'names are not in order');
});

test('UpdateTable switches billing mode both ways', async () => {
  const toProvisioned = uniqueName('to-prov');
  const toOnDemand = uniqueName('to-ondemand');
  made.push(toProvisioned, toOnDemand);
  await createTable(ddb, hashKeyTable(toProvisioned));
  await createTable(ddb, {
    ...hashKeyTable(toOnDemand), BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  });

  const updated = await ddb.send(new UpdateTableCommand({
    TableName: toProvisioned, BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
  }));
  assert.equal(updated.TableDescription.TableName, toProvisioned);
  assert.ok(['UPDATING', 'ACTIVE'].includes(updated.TableDescription.TableStatus));
  await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: toProvisioned });
  let { Table } = await ddb.send(new DescribeTableCommand({ TableName: toProvisioned }));
  assert.equal(Table.BillingModeSummary.BillingMode, 'PROVISIONED');
  assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 2);
  assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 3);

  await ddb.send(new UpdateTableCommand({ TableName: toOnDemand, BillingMode: 'PAY_PER_REQUEST' }));
  await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: toOnDemand });
  ({ Table } = await ddb.send(new DescribeTableCommand({ TableName: toOnDemand })));
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.ok(Table.BillingModeSummary.LastUpdateToPayPerRequestDateTime instanceof Date);
  assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 0);
  assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 0);
});

test('DeleteTable returns the description and the table is gone', async () => {
  const name = uniqueName('delete');
  await createTable(ddb, hashKeyTable(name));
  const deleted = await ddb.send(new DeleteTableCommand({ TableName: name }));
  assert.equal(deleted.TableDescription.TableName, name);
  assert.equal(deleted.TableDescription.TableStatus, 'DELETING');
  const waited = await waitUntilTableNotExists({ client: ddb, ...WAIT }, { TableName: name });
  assert.equal(waited.state, 'SUCCESS');
  const e = await rejection(ddb.send(new DescribeTableCommand({ TableName: name })));
  assert.ok(e instanceof ResourceNotFoundException, e.name);
  const listed = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: name.slice(0, -1) }));
  assert.ok(!listed.TableNames.includes(name));
});

// On-demand backups through @aws-sdk/client-dynamodb: CreateBackup,
// DescribeBackup, RestoreTableFromBackup, ListBackups, DeleteBackup and their
// errors. DynamoDB Local has no backup operations, so the file is skipped
// against an external endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBackupCommand, DescribeBackupCommand, RestoreTableFromBackupCommand,
  ListBackupsCommand, DeleteBackupCommand, DescribeTableCommand, BatchWriteItemCommand,
  PutItemCommand, BackupNotFoundException, TableAlreadyExistsException, paginateScan,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
  externalEndpoint,
} from './helpers.js';

const skip = externalEndpoint ? 'DynamoDB Local has no backup operations' : false;
const ARN = /^(arn:aws:dynamodb:[a-z0-9-]+:\d+:table\/[\w.-]+)\/backup\/(\d{14})-([0-9a-f]{8})$/;
const WAIT = { maxWaitTime: 60, minDelay: 1, maxDelay: 2 };
let server;
let ddb;
const made = [];

before(async () => {
  if (skip) return;
  server = await startServer();
  ddb = client(server.endpoint);
});
after(async () => {
  if (skip) return;
  await dropTables(ddb, made);
  ddb.destroy();
  assert.equal(await server.stop(), 0);
});

async function newTable(prefix = 'bk') {
  const name = uniqueName(prefix);
  made.push(name);
  await createTable(ddb, hashKeyTable(name));
  return name;
}

async function fill(TableName, items) {
  for (let start = 0; start < items.length; start += 25) {
    let RequestItems = {
      [TableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (RequestItems && Object.keys(RequestItems).length > 0) {
      ({ UnprocessedItems: RequestItems } = await ddb.send(new BatchWriteItemCommand({ RequestItems })));
    }
  }
}

async function scanAll(TableName) {
  const items = [];
  for await (const page of paginateScan({ client: ddb }, { TableName })) items.push(...page.Items);
  return items.sort((a, b) => a.pk.S.localeCompare(b.pk.S));
}

const sampleItems = (count) => Array.from({ length: count }, (_, i) => ({
  pk: { S: `item-${String(i).padStart(3, '0')}` },
  n: { N: String(i) },
  tags: { SS: [`t${i}`] },
  nested: { M: { list: { L: [{ S: 'a' }, { N: String(i * 2) }] }, flag: { BOOL: i % 2 === 0 } } },
}));

async function createBackup(TableName, BackupName = uniqueName('backup')) {
  return (await ddb.send(new CreateBackupCommand({ TableName, BackupName }))).BackupDetails;
}

test('CreateBackup answers CREATING USER details with a DynamoDB backup ARN', { skip }, async () => {
  const table = await newTable();
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  const details = await createBackup(table, 'js-first');
  assert.equal(details.BackupName, 'js-first');
  assert.equal(details.BackupStatus, 'CREATING');
  assert.equal(details.BackupType, 'USER');
  assert.equal(typeof details.BackupSizeBytes, 'number');
  assert.ok(details.BackupCreationDateTime instanceof Date);
  assert.ok(Math.abs(details.BackupCreationDateTime.getTime() - Date.now()) < 60_000);
  const match = details.BackupArn.match(ARN);
  assert.ok(match, details.BackupArn);
  assert.equal(match[1], Table.TableArn);
});

test('DescribeBackup shows the backup AVAILABLE with its source table', { skip }, async () => {
  const table = await newTable();
  await fill(table, sampleItems(4));
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  const details = await createBackup(table);
  const { BackupDescription } = await ddb.send(new DescribeBackupCommand({
    BackupArn: details.BackupArn,
  }));
  assert.equal(BackupDescription.BackupDetails.BackupStatus, 'AVAILABLE');
  assert.equal(BackupDescription.BackupDetails.BackupArn, details.BackupArn);
  assert.equal(BackupDescription.BackupDetails.BackupName, details.BackupName);
  assert.deepEqual(BackupDescription.BackupDetails.BackupCreationDateTime,
    details.BackupCreationDateTime);
  const source = BackupDescription.SourceTableDetails;
  assert.equal(source.TableName, table);
  assert.equal(source.TableId, Table.TableId);
  assert.equal(source.TableArn, Table.TableArn);
  assert.deepEqual(source.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  assert.deepEqual(source.TableCreationDateTime, Table.CreationDateTime);
  assert.deepEqual(source.ProvisionedThroughput, { ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
  assert.equal(source.ItemCount, 4);
  assert.equal(source.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(BackupDescription.SourceTableFeatureDetails, {});
});

test('RestoreTableFromBackup restores the items as they were at backup time', { skip }, async () => {
  const table = await newTable();
  const items = sampleItems(120);
  await fill(table, items);
  const { Table: source } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  const details = await createBackup(table);
  // Later writes are not part of the backup.
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'later' } } }));

  const target = uniqueName('restored');
  made.push(target);
  const { TableDescription } = await ddb.send(new RestoreTableFromBackupCommand({
    TargetTableName: target, BackupArn: details.BackupArn,
  }));
  assert.equal(TableDescription.TableName, target);
  assert.equal(TableDescription.TableStatus, 'CREATING');
  assert.equal(TableDescription.ItemCount, 0);
  assert.deepEqual(TableDescription.RestoreSummary, {
    SourceBackupArn: details.BackupArn,
    SourceTableArn: source.TableArn,
    RestoreDateTime: details.BackupCreationDateTime,
    RestoreInProgress: true,
  });

  await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: target });
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: target }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.equal(Table.RestoreSummary.RestoreInProgress, false);
  assert.equal(Table.ItemCount, 120);
  assert.deepEqual(Table.KeySchema, source.KeySchema);
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(await scanAll(target), await scanAll(table).then(
    (all) => all.filter((item) => item.pk.S !== 'later'),
  ));
  assert.deepEqual(await scanAll(target), items);
});

test('ListBackups lists a table\'s backups oldest first and pages with Limit', { skip }, async () => {
  const table = await newTable();
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  const arns = [];
  for (let i = 0; i < 3; i += 1) {
    arns.push((await createBackup(table, `js-list-${i}`)).BackupArn);
    await new Promise((resolve) => { setTimeout(resolve, 5); });
  }
  const all = await ddb.send(new ListBackupsCommand({ TableName: table }));
  assert.deepEqual(all.BackupSummaries.map((s) => s.BackupArn), arns);
  assert.equal(all.LastEvaluatedBackupArn, undefined);
  all.BackupSummaries.forEach((summary, i) => {
    assert.equal(summary.TableName, table);
    assert.equal(summary.TableId, Table.TableId);
    assert.equal(summary.TableArn, Table.TableArn);
    assert.equal(summary.BackupName, `js-list-${i}`);
    assert.equal(summary.BackupStatus, 'AVAILABLE');
    assert.equal(summary.BackupType, 'USER');
    assert.ok(summary.BackupCreationDateTime instanceof Date);
  });

  const first = await ddb.send(new ListBackupsCommand({ TableName: table, Limit: 2 }));
  assert.deepEqual(first.BackupSummaries.map((s) => s.BackupArn), arns.slice(0, 2));
  assert.equal(first.LastEvaluatedBackupArn, arns[1]);
  const rest = await ddb.send(new ListBackupsCommand({
    TableName: table, Limit: 2, ExclusiveStartBackupArn: first.LastEvaluatedBackupArn,
  }));
  assert.deepEqual(rest.BackupSummaries.map((s) => s.BackupArn), arns.slice(2));

  // One at a time, following LastEvaluatedBackupArn to the end.
  const paged = [];
  let ExclusiveStartBackupArn;
  do {
    const page = await ddb.send(new ListBackupsCommand({
      TableName: table, Limit: 1, ExclusiveStartBackupArn,
    }));
    paged.push(...page.BackupSummaries.map((s) => s.BackupArn));
    ExclusiveStartBackupArn = page.LastEvaluatedBackupArn;
  } while (ExclusiveStartBackupArn && paged.length <= arns.length);
  assert.deepEqual(paged, arns);

  const system = await ddb.send(new ListBackupsCommand({ TableName: table, BackupType: 'SYSTEM' }));
  assert.deepEqual(system.BackupSummaries, []);
});

test('DeleteBackup answers DELETED and the backup is gone', { skip }, async () => {
  const table = await newTable();
  const details = await createBackup(table, 'js-doomed');
  const { BackupDescription } = await ddb.send(new DeleteBackupCommand({
    BackupArn: details.BackupArn,
  }));
  assert.equal(BackupDescription.BackupDetails.BackupStatus, 'DELETED');
  assert.equal(BackupDescription.BackupDetails.BackupArn, details.BackupArn);
  assert.equal(BackupDescription.SourceTableDetails.TableName, table);

  const described = await rejection(ddb.send(new DescribeBackupCommand({
    BackupArn: details.BackupArn,
  })));
  assert.ok(described instanceof BackupNotFoundException);
  assert.equal(described.message, `Backup not found: ${details.BackupArn}`);
  const listed = await ddb.send(new ListBackupsCommand({ TableName: table }));
  assert.deepEqual(listed.BackupSummaries, []);
  const again = await rejection(ddb.send(new DeleteBackupCommand({ BackupArn: details.BackupArn })));
  assert.ok(again instanceof BackupNotFoundException);
});

test('an unknown backup ARN is BackupNotFoundException', { skip }, async () => {
  const table = await newTable();
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
  const BackupArn = `${Table.TableArn}/backup/01576616366715-b4e58d3a`;
  for (const command of [
    new DescribeBackupCommand({ BackupArn }),
    new DeleteBackupCommand({ BackupArn }),
    new RestoreTableFromBackupCommand({ BackupArn, TargetTableName: uniqueName('never') }),
  ]) {
    const error = await rejection(ddb.send(command));
    assert.ok(error instanceof BackupNotFoundException, `${command.constructor.name}: ${error}`);
    assert.equal(error.name, 'BackupNotFoundException');
    assert.equal(error.message, `Backup not found: ${BackupArn}`);
    assert.equal(error.$metadata.httpStatusCode, 400);
  }
});

test('restoring onto an existing table is TableAlreadyExistsException', { skip }, async () => {
  const table = await newTable();
  const { BackupArn } = await createBackup(table);
  const error = await rejection(ddb.send(new RestoreTableFromBackupCommand({
    BackupArn, TargetTableName: table,
  })));
  assert.ok(error instanceof TableAlreadyExistsException);
  assert.equal(error.message, `Table already exists: ${table}`);
  assert.equal(error.$metadata.httpStatusCode, 400);
});

// Export to S3, import from S3 and resource-based policies through
// @aws-sdk/client-dynamodb: ExportTableToPointInTime (after
// UpdateContinuousBackups), DescribeExport, ListExports, ImportTable (an
// export's gzipped data folder, and a CSV object), DescribeImport, ListImports,
// and Put/Get/DeleteResourcePolicy, with their errors. The server stands a
// folder in for S3 (bucket B is <s3-root>/B, object key K the file
// <s3-root>/B/K); it is started with a temporary --s3-root, so nothing lands in
// the repository. DynamoDB Local has no export, import or resource policies,
// so the file is skipped against an external endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeTableCommand, PutItemCommand, UpdateContinuousBackupsCommand,
  ExportTableToPointInTimeCommand, DescribeExportCommand, ListExportsCommand,
  ImportTableCommand, DescribeImportCommand, ListImportsCommand,
  PutResourcePolicyCommand, GetResourcePolicyCommand, DeleteResourcePolicyCommand,
  ExportNotFoundException, ImportNotFoundException, PolicyNotFoundException,
  PointInTimeRecoveryUnavailableException, ResourceInUseException,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection,
  externalEndpoint,
} from './helpers.js';

const skip = externalEndpoint
  ? 'DynamoDB Local has no export, import or resource-based policies; this starts its own dynarock'
  : false;
const BUCKET = 'js-bucket';
const EXPORT_ARN = /^(arn:aws:dynamodb:us-east-1:000000000000:table\/[\w.-]+)\/export\/(\d{14}-[0-9a-f]{8})$/;
const IMPORT_ARN = /^(arn:aws:dynamodb:us-east-1:000000000000:table\/[\w.-]+)\/import\/\d{14}-[0-9a-f]{8}$/;
const NOT_FOUND = 'Resource-based policy not found for the provided ResourceArn: ';
let root;
let server;
let ddb;
const made = [];

before(async () => {
  if (skip) return;
  root = mkdtempSync(path.join(tmpdir(), 'dynarock-exchange-'));
  mkdirSync(path.join(root, BUCKET));
  server = await startServer('--s3-root', root);
  ddb = client(server.endpoint);
});
after(async () => {
  if (skip) return;
  try {
    await dropTables(ddb, made);
    ddb.destroy();
    assert.equal(await server.stop(), 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// The error `promise` fails with: its name, wire __type, message and status.
async function failsWith(promise, name, message) {
  const error = await rejection(promise);
  assert.equal(error.name, name, `${error}`);
  assert.match(error.__type, new RegExp(`#${name}$`));
  if (message instanceof RegExp) assert.match(error.message, message);
  else assert.equal(error.message, message);
  assert.equal(error.$metadata.httpStatusCode, 400);
  return error;
}

async function newTable(prefix, extra = {}) {
  const name = uniqueName(prefix);
  made.push(name);
  const { TableDescription } = await createTable(ddb, { ...hashKeyTable(name), ...extra });
  return TableDescription;
}

async function pitrTable(prefix) {
  const table = await newTable(prefix);
  await ddb.send(new UpdateContinuousBackupsCommand({
    TableName: table.TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  }));
  return table;
}

// Polls `describe` until its status is no longer IN_PROGRESS (20 s at most).
async function settle(describe) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const described = await describe();
    const status = described.ExportStatus ?? described.ImportStatus;
    if (status !== 'IN_PROGRESS' || Date.now() > deadline) return described;
    await sleep(20);
  }
}

const describeExport = (ExportArn) => settle(async () => (
  await ddb.send(new DescribeExportCommand({ ExportArn }))).ExportDescription);
const describeImport = (ImportArn) => settle(async () => (
  await ddb.send(new DescribeImportCommand({ ImportArn }))).ImportTableDescription);

// Set members come in no particular order; everything else is compared as is.
function normalized(value) {
  if (Array.isArray(value)) return value.map(normalized);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      if (k === 'SS' || k === 'NS') return [k, [...v].sort()];
      if (k === 'BS') return [k, v.map((b) => Buffer.from(b).toString('base64')).sort()];
      return [k, normalized(v)];
    }));
  }
  return value;
}

async function scanAll(TableName) {
  const items = [];
  for await (const page of paginateScan({ client: ddb }, { TableName, ConsistentRead: true })) {
    items.push(...page.Items);
  }
  return items.map(normalized).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const creation = (TableName, keys = [['pk', 'S']]) => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: keys.map(([AttributeName], i) => ({ AttributeName, KeyType: i ? 'RANGE' : 'HASH' })),
  AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
});

function putObject(key, body) {
  const file = path.join(root, BUCKET, ...key.split('/'));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
}

const ITEMS = Array.from({ length: 7 }, (_, i) => ({
  pk: { S: `item-${i}` },
  n: { N: `${i}.25` },
  s: { S: `héllo ✓ "${i}"\n` },
  e: { S: '' },
  b: { B: new Uint8Array([0, 255, i]) },
  t: { BOOL: i % 2 === 0 },
  z: { NULL: true },
  ss: { SS: ['z', 'y', `x${i}`] },
  ns: { NS: ['1', '-2.5', `${i + 10}`] },
  bs: { BS: [new Uint8Array([1, 2]), new Uint8Array([i + 3])] },
  l: { L: [{ S: 's' }, { N: '-3' }, { M: { deep: { L: [{ BOOL: false }] } } }] },
  m: { M: { k: { SS: ['p', 'q'] }, empty: { M: {} }, n: { N: `${i}` } } },
}));

// A PITR table holding ITEMS, exported under `prefix`; resolves to the table,
// the ExportTableToPointInTime answer and the final DescribeExport.
async function exported(prefix) {
  const table = await pitrTable('exp');
  for (const Item of ITEMS) await ddb.send(new PutItemCommand({ TableName: table.TableName, Item }));
  const { ExportDescription: answer } = await ddb.send(new ExportTableToPointInTimeCommand({
    TableArn: table.TableArn, S3Bucket: BUCKET, S3Prefix: prefix,
  }));
  return { table, answer, done: await describeExport(answer.ExportArn) };
}

// ---------------------------------------------------------------- exports

test('ExportTableToPointInTime answers IN_PROGRESS, DescribeExport ends COMPLETED, ListExports lists it', { skip }, async () => {
  const { table, answer, done } = await exported('js/exports');
  const match = answer.ExportArn.match(EXPORT_ARN);
  assert.ok(match, answer.ExportArn);
  assert.equal(match[1], table.TableArn);
  const exportId = match[2];
  assert.equal(answer.ExportStatus, 'IN_PROGRESS');
  assert.equal(answer.TableArn, table.TableArn);
  assert.deepEqual([answer.S3Bucket, answer.S3Prefix, answer.ExportFormat, answer.S3SseAlgorithm],
    [BUCKET, 'js/exports', 'DYNAMODB_JSON', 'AES256']);
  assert.ok(answer.StartTime instanceof Date);
  assert.equal(answer.EndTime, undefined);

  assert.equal(done.ExportStatus, 'COMPLETED');
  assert.equal(done.ExportArn, answer.ExportArn);
  assert.equal(done.ItemCount, ITEMS.length);
  const folder = `js/exports/AWSDynamoDB/${exportId}`;
  assert.equal(done.ExportManifest, `${folder}/manifest-summary.json`);
  assert.ok(done.StartTime <= done.EndTime);
  assert.ok(existsSync(path.join(root, BUCKET, ...done.ExportManifest.split('/'))));
  const data = readdirSync(path.join(root, BUCKET, ...folder.split('/'), 'data'));
  assert.equal(data.length, 1);
  assert.match(data[0], /^[a-z2-7]{26}\.json\.gz$/);

  const { ExportSummaries, NextToken } = await ddb.send(new ListExportsCommand({ TableArn: table.TableArn }));
  assert.deepEqual(ExportSummaries, [
    { ExportArn: answer.ExportArn, ExportStatus: 'COMPLETED', ExportType: 'FULL_EXPORT' },
  ]);
  assert.equal(NextToken, undefined);
  const all = (await ddb.send(new ListExportsCommand({}))).ExportSummaries.map((s) => s.ExportArn);
  assert.ok(all.includes(answer.ExportArn));
});

test('an export without point-in-time recovery is refused and starts nothing', { skip }, async () => {
  const { TableName, TableArn } = await newTable('exp-nopitr');
  const error = await failsWith(ddb.send(new ExportTableToPointInTimeCommand({ TableArn, S3Bucket: BUCKET })),
    'PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${TableName}'`);
  assert.ok(error instanceof PointInTimeRecoveryUnavailableException);
  assert.deepEqual((await ddb.send(new ListExportsCommand({ TableArn }))).ExportSummaries, []);
});

test('DescribeExport of an unknown export ARN is ExportNotFoundException', { skip }, async () => {
  const { TableArn } = await newTable('exp-none');
  const unknown = `${TableArn}/export/01234567890123-abcdef01`;
  const error = await failsWith(ddb.send(new DescribeExportCommand({ ExportArn: unknown })),
    'ExportNotFoundException', `Export not found: Export not found: ${unknown}`);
  assert.ok(error instanceof ExportNotFoundException);
});

// ---------------------------------------------------------------- imports

test('ImportTable of an export\'s gzipped data folder makes an equal table', { skip }, async () => {
  const { table, answer: exportAnswer, done: exportDone } = await exported('js/round-trip');
  assert.equal(exportDone.ExportStatus, 'COMPLETED');
  const exportId = exportAnswer.ExportArn.match(EXPORT_ARN)[2];
  const S3KeyPrefix = `js/round-trip/AWSDynamoDB/${exportId}/data/`;
  const name = uniqueName('imp');
  made.push(name);
  const { ImportTableDescription: answer } = await ddb.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: BUCKET, S3KeyPrefix },
    InputFormat: 'DYNAMODB_JSON',
    InputCompressionType: 'GZIP',
    TableCreationParameters: creation(name),
  }));
  const match = answer.ImportArn.match(IMPORT_ARN);
  assert.ok(match, answer.ImportArn);
  assert.equal(match[1], answer.TableArn);
  assert.equal(answer.ImportStatus, 'IN_PROGRESS');
  assert.deepEqual(answer.S3BucketSource, { S3BucketOwner: '000000000000', S3Bucket: BUCKET, S3KeyPrefix });
  assert.deepEqual([answer.InputFormat, answer.InputCompressionType], ['DYNAMODB_JSON', 'GZIP']);
  assert.deepEqual(answer.TableCreationParameters, creation(name));

  const done = await describeImport(answer.ImportArn);
  assert.deepEqual([done.ImportStatus, done.ProcessedItemCount, done.ImportedItemCount, done.ErrorCount],
    ['COMPLETED', ITEMS.length, ITEMS.length, 0]);
  assert.equal(done.FailureCode, undefined);
  assert.equal(done.TableId, answer.TableId);
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  assert.deepEqual([Table.TableStatus, Table.TableArn, Table.ItemCount], ['ACTIVE', answer.TableArn, ITEMS.length]);

  const source = await scanAll(table.TableName);
  assert.deepEqual(source, await scanAll(name));
  assert.deepEqual(source, ITEMS.map(normalized)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
});

test('ImportTable of a CSV object; ListImports lists it', { skip }, async () => {
  putObject('js/csv/people.csv', 'pk,sk,name,note\nk1,1,alice,"say ""hi"", ok"\nk2,2,,plain\n');
  const name = uniqueName('imp-csv');
  made.push(name);
  const keys = [['pk', 'S'], ['sk', 'N']];
  const { ImportTableDescription: answer } = await ddb.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: BUCKET, S3KeyPrefix: 'js/csv/' },
    InputFormat: 'CSV',
    TableCreationParameters: creation(name, keys),
  }));
  assert.equal(answer.InputCompressionType, 'NONE');
  const done = await describeImport(answer.ImportArn);
  assert.deepEqual([done.ImportStatus, done.ProcessedItemCount, done.ImportedItemCount, done.ErrorCount],
    ['COMPLETED', 2, 2, 0]);
  assert.deepEqual(await scanAll(name), [
    { pk: { S: 'k1' }, sk: { N: '1' }, name: { S: 'alice' }, note: { S: 'say "hi", ok' } },
    { pk: { S: 'k2' }, sk: { N: '2' }, note: { S: 'plain' } },
  ]);

  const { ImportSummaryList, NextToken } = await ddb.send(new ListImportsCommand({ TableArn: answer.TableArn }));
  assert.equal(NextToken, undefined);
  assert.equal(ImportSummaryList.length, 1);
  const [summary] = ImportSummaryList;
  assert.deepEqual(
    [summary.ImportArn, summary.ImportStatus, summary.TableArn, summary.InputFormat],
    [answer.ImportArn, 'COMPLETED', answer.TableArn, 'CSV'],
  );
  assert.deepEqual(summary.S3BucketSource, answer.S3BucketSource);
  assert.ok(summary.StartTime <= summary.EndTime);
  const all = (await ddb.send(new ListImportsCommand({}))).ImportSummaryList.map((s) => s.ImportArn);
  assert.ok(all.includes(answer.ImportArn));
});

test('ImportTable into an existing table name is ResourceInUseException and leaves the table alone', { skip }, async () => {
  const { TableName, TableArn } = await newTable('imp-taken');
  await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'mine' } } }));
  putObject('js/taken/a.json', '{"Item":{"pk":{"S":"intruder"}}}\n');
  const error = await failsWith(ddb.send(new ImportTableCommand({
    S3BucketSource: { S3Bucket: BUCKET, S3KeyPrefix: 'js/taken/' },
    InputFormat: 'DYNAMODB_JSON',
    TableCreationParameters: creation(TableName),
  })), 'ResourceInUseException', `Table already exists: ${TableName}`);
  assert.ok(error instanceof ResourceInUseException);
  assert.deepEqual(await scanAll(TableName), [{ pk: { S: 'mine' } }]);
  assert.deepEqual((await ddb.send(new ListImportsCommand({ TableArn }))).ImportSummaryList, []);
  const unknown = `${TableArn}/import/01234567890123-abcdef01`;
  const missing = await failsWith(ddb.send(new DescribeImportCommand({ ImportArn: unknown })),
    'ImportNotFoundException', `Import not found: ${unknown}`);
  assert.ok(missing instanceof ImportNotFoundException);
});

// ---------------------------------------------------------------- resource policies

const policy = (Resource, Action = 'dynamodb:GetItem') => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Sid: 's1', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action, Resource,
  }],
});

test('PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy on a table', { skip }, async () => {
  const { TableName, TableArn: ResourceArn } = await newTable('pol');
  const start = Date.now();
  const { RevisionId } = await ddb.send(new PutResourcePolicyCommand({
    ResourceArn, Policy: JSON.stringify(JSON.parse(policy(ResourceArn)), null, 2),
  }));
  assert.match(RevisionId, /^\d{13}$/);
  assert.ok(Number(RevisionId) >= start && Number(RevisionId) <= Date.now());
  const got = await ddb.send(new GetResourcePolicyCommand({ ResourceArn }));
  assert.equal(got.Policy, policy(ResourceArn));
  assert.equal(got.RevisionId, RevisionId);
  // The same document again is no change.
  assert.equal((await ddb.send(new PutResourcePolicyCommand({ ResourceArn, Policy: policy(ResourceArn) })))
    .RevisionId, RevisionId);
  const { RevisionId: second } = await ddb.send(new PutResourcePolicyCommand({
    ResourceArn, Policy: policy(ResourceArn, 'dynamodb:Query'), ExpectedRevisionId: RevisionId,
  }));
  assert.ok(Number(second) > Number(RevisionId));

  const stale = await failsWith(ddb.send(new PutResourcePolicyCommand({
    ResourceArn, Policy: policy(ResourceArn), ExpectedRevisionId: RevisionId,
  })), 'PolicyNotFoundException', `${NOT_FOUND}Requested update for policy with revision id ${RevisionId}, `
    + `but the policy associated to target table ${TableName} has revision id ${second}.`);
  assert.ok(stale instanceof PolicyNotFoundException);
  assert.deepEqual(await ddb.send(new GetResourcePolicyCommand({ ResourceArn }))
    .then(({ Policy, RevisionId: id }) => [Policy, id]), [policy(ResourceArn, 'dynamodb:Query'), second]);

  const deleted = await ddb.send(new DeleteResourcePolicyCommand({ ResourceArn }));
  assert.equal(deleted.RevisionId, second);
  const error = await failsWith(ddb.send(new GetResourcePolicyCommand({ ResourceArn })),
    'PolicyNotFoundException', `${NOT_FOUND}${ResourceArn}`);
  assert.ok(error instanceof PolicyNotFoundException);
  const again = await ddb.send(new DeleteResourcePolicyCommand({ ResourceArn }));
  assert.equal(again.$metadata.httpStatusCode, 200);
});

test('GetResourcePolicy without a policy is PolicyNotFoundException; Delete answers 200, no RevisionId', { skip }, async () => {
  const { TableName, TableArn: ResourceArn } = await newTable('pol-none');
  const error = await failsWith(ddb.send(new GetResourcePolicyCommand({ ResourceArn })),
    'PolicyNotFoundException', `${NOT_FOUND}${ResourceArn}`);
  assert.ok(error instanceof PolicyNotFoundException);
  const deleted = await ddb.send(new DeleteResourcePolicyCommand({ ResourceArn }));
  assert.equal(deleted.$metadata.httpStatusCode, 200);
  assert.equal(deleted.RevisionId, undefined);
  await failsWith(ddb.send(new DeleteResourcePolicyCommand({ ResourceArn, ExpectedRevisionId: '1234567890123' })),
    'PolicyNotFoundException', `${NOT_FOUND}Requested update for policy with revision id 1234567890123, `
      + `but table ${TableName} has no associated policy.`);
  await failsWith(ddb.send(new GetResourcePolicyCommand({ ResourceArn })),
    'PolicyNotFoundException', `${NOT_FOUND}${ResourceArn}`);
});

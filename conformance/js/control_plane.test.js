// Control-plane calls through @aws-sdk/client-dynamodb: tags (CreateTable Tags,
// TagResource, UntagResource, ListTagsOfResource), continuous backups and
// point-in-time recovery (Describe/UpdateContinuousBackups,
// RestoreTableToPointInTime), Contributor Insights (Describe/Update/List) and
// Kinesis streaming destinations (Enable/Describe/Update/Disable), with their
// errors. DynamoDB Local has no tagging and no point-in-time recovery, and the
// Contributor Insights and Kinesis calls are dynarock's emulation (statuses and
// messages as it answers them), so the file is skipped against an external
// endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand, DescribeTableCommand, PutItemCommand, DeleteItemCommand,
  TagResourceCommand, UntagResourceCommand, ListTagsOfResourceCommand,
  DescribeContinuousBackupsCommand, UpdateContinuousBackupsCommand,
  RestoreTableToPointInTimeCommand, DescribeContributorInsightsCommand,
  UpdateContributorInsightsCommand, ListContributorInsightsCommand,
  EnableKinesisStreamingDestinationCommand, DescribeKinesisStreamingDestinationCommand,
  UpdateKinesisStreamingDestinationCommand, DisableKinesisStreamingDestinationCommand,
  ResourceNotFoundException, TableNotFoundException, TableAlreadyExistsException,
  PointInTimeRecoveryUnavailableException, InvalidRestoreTimeException,
  paginateScan, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, rejection, failsWith,
  externalEndpoint,
} from './helpers.js';

const skip = externalEndpoint
  ? 'DynamoDB Local has no tagging or point-in-time recovery; the rest is dynarock emulation'
  : false;
const WAIT = { maxWaitTime: 60, minDelay: 1, maxDelay: 2 };
const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/js-control-plane';
const RESERVED = (key) => 'One or more parameter values were invalid: Tag key '
  + `'${key}' uses the prefix 'aws:', which is reserved for AWS use`;
const TOO_MANY = 'One or more parameter values were invalid: The number of tags exceeds the limit of 50';
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

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function newTable(prefix, extra = {}) {
  const name = uniqueName(prefix);
  made.push(name);
  const { TableDescription } = await createTable(ddb, { ...hashKeyTable(name), ...extra });
  return TableDescription;
}

async function tagsOf(ResourceArn) {
  const { Tags, NextToken } = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn }));
  assert.equal(NextToken, undefined);
  return Object.fromEntries(Tags.map((t) => [t.Key, t.Value]));
}

async function assertNoTable(TableName) {
  const error = await rejection(ddb.send(new DescribeTableCommand({ TableName })));
  assert.ok(error instanceof ResourceNotFoundException, `${TableName}: ${error}`);
}

async function scanKeys(TableName) {
  const keys = [];
  for await (const page of paginateScan({ client: ddb }, { TableName, ConsistentRead: true })) {
    keys.push(...page.Items.map((item) => item.pk.S));
  }
  return keys.sort();
}

// ---------------------------------------------------------------- tags

test('CreateTable Tags are the resource tags; TagResource overwrites, UntagResource ignores absent keys', { skip }, async () => {
  const { TableArn } = await newTable('tags', { Tags: [{ Key: 'team', Value: 'core' }] });
  assert.deepEqual(await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: TableArn }))
    .then((out) => out.Tags), [{ Key: 'team', Value: 'core' }]);
  await ddb.send(new TagResourceCommand({
    ResourceArn: TableArn,
    Tags: [{ Key: 'team', Value: 'infra' }, { Key: 'env', Value: '' }, { Key: 'src', Value: 'aws:managed' }],
  }));
  assert.deepEqual(await tagsOf(TableArn), { team: 'infra', env: '', src: 'aws:managed' });
  await ddb.send(new UntagResourceCommand({ ResourceArn: TableArn, TagKeys: ['team', 'absent'] }));
  assert.deepEqual(await tagsOf(TableArn), { env: '', src: 'aws:managed' });
});

test('empty tag lists and the reserved aws: prefix are ValidationException, changing nothing', { skip }, async () => {
  const { TableArn } = await newTable('tags', { Tags: [{ Key: 'keep', Value: '1' }] });
  await failsWith(ddb.send(new TagResourceCommand({ ResourceArn: TableArn, Tags: [] })),
    'ValidationException', 'Atleast one Tag needs to be provided as Input.');
  await failsWith(ddb.send(new UntagResourceCommand({ ResourceArn: TableArn, TagKeys: [] })),
    'ValidationException', 'Atleast one Tag Key needs to be provided as Input.');
  await failsWith(ddb.send(new TagResourceCommand({
    ResourceArn: TableArn, Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'aws:x', Value: 'v' }],
  })), 'ValidationException', RESERVED('aws:x'));
  await failsWith(ddb.send(new UntagResourceCommand({ ResourceArn: TableArn, TagKeys: ['keep', 'aws:x'] })),
    'ValidationException', RESERVED('aws:x'));
  assert.deepEqual(await tagsOf(TableArn), { keep: '1' });

  const name = uniqueName('tags');
  await failsWith(ddb.send(new CreateTableCommand({
    ...hashKeyTable(name), Tags: [{ Key: 'aws:x', Value: 'v' }],
  })), 'ValidationException', RESERVED('aws:x'));
  await assertNoTable(name);
});

test('more than 50 tags is ValidationException, counting the tags already there', { skip }, async () => {
  const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
  const name = uniqueName('tags');
  await failsWith(ddb.send(new CreateTableCommand({
    ...hashKeyTable(name), Tags: [...fifty, { Key: 'one-more', Value: '' }],
  })), 'ValidationException', TOO_MANY);
  await assertNoTable(name);

  const { TableArn } = await newTable('tags', { Tags: fifty });
  const before50 = await tagsOf(TableArn);
  assert.equal(Object.keys(before50).length, 50);
  await failsWith(ddb.send(new TagResourceCommand({
    ResourceArn: TableArn, Tags: [{ Key: 'one-more', Value: '' }],
  })), 'ValidationException', TOO_MANY);
  assert.deepEqual(await tagsOf(TableArn), before50);
  // Overwriting an existing key does not add one.
  await ddb.send(new TagResourceCommand({ ResourceArn: TableArn, Tags: [{ Key: 'k00', Value: 'replaced' }] }));
  assert.deepEqual(await tagsOf(TableArn), { ...before50, k00: 'replaced' });
});

test('an unknown table ARN is ResourceNotFoundException; a malformed one is ValidationException', { skip }, async () => {
  const { TableArn } = await newTable('tags', { Tags: [{ Key: 'keep', Value: '1' }] });
  const missing = `${TableArn}-gone`;
  const error = await failsWith(ddb.send(new TagResourceCommand({
    ResourceArn: missing, Tags: [{ Key: 'k', Value: 'v' }],
  })), 'ResourceNotFoundException', `Requested resource not found: ResourcArn: ${missing} not found`);
  assert.ok(error instanceof ResourceNotFoundException);
  await failsWith(ddb.send(new UntagResourceCommand({ ResourceArn: missing, TagKeys: ['k'] })),
    'ResourceNotFoundException', 'Requested resource not found');
  await failsWith(ddb.send(new ListTagsOfResourceCommand({ ResourceArn: missing })),
    'AccessDeniedException', 'User: arn:aws:iam::000000000000:root is not authorized to perform: '
      + `dynamodb:ListTagsOfResource on resource: ${missing}`);
  const malformed = 'Invalid TableArn: Invalid ResourceArn provided as input not-an-arn';
  for (const command of [
    new TagResourceCommand({ ResourceArn: 'not-an-arn', Tags: [{ Key: 'k', Value: 'v' }] }),
    new UntagResourceCommand({ ResourceArn: 'not-an-arn', TagKeys: ['keep'] }),
    new ListTagsOfResourceCommand({ ResourceArn: 'not-an-arn' }),
  ]) {
    await failsWith(ddb.send(command), 'ValidationException', malformed);
  }
  assert.deepEqual(await tagsOf(TableArn), { keep: '1' });
});

// ---------------------------------------------------------------- point-in-time recovery

async function pitrOf(TableName) {
  const { ContinuousBackupsDescription } = await ddb.send(new DescribeContinuousBackupsCommand({ TableName }));
  assert.equal(ContinuousBackupsDescription.ContinuousBackupsStatus, 'ENABLED');
  return ContinuousBackupsDescription.PointInTimeRecoveryDescription;
}

const setPitr = (TableName, spec) => ddb.send(new UpdateContinuousBackupsCommand({
  TableName, PointInTimeRecoverySpecification: spec,
}));

test('continuous backups: DISABLED on a new table, then ENABLED with the restorable window', { skip }, async () => {
  const { TableName } = await newTable('pitr');
  assert.deepEqual(await pitrOf(TableName), { PointInTimeRecoveryStatus: 'DISABLED' });

  const start = Date.now();
  const { ContinuousBackupsDescription: answer } = await setPitr(TableName, { PointInTimeRecoveryEnabled: true });
  const end = Date.now();
  assert.equal(answer.ContinuousBackupsStatus, 'ENABLED');
  const pitr = answer.PointInTimeRecoveryDescription;
  assert.equal(pitr.PointInTimeRecoveryStatus, 'ENABLED');
  assert.equal(pitr.RecoveryPeriodInDays, 35);
  const earliest = pitr.EarliestRestorableDateTime.getTime();
  assert.ok(earliest >= start - 1 && earliest <= end + 1, `${earliest} not in [${start}, ${end}]`);
  assert.ok(pitr.LatestRestorableDateTime.getTime() >= earliest);

  await sleep(300);
  const later = await pitrOf(TableName);
  assert.deepEqual(later.EarliestRestorableDateTime, pitr.EarliestRestorableDateTime);
  assert.ok(later.LatestRestorableDateTime.getTime() >= earliest + 300);
  assert.ok(later.LatestRestorableDateTime.getTime() <= Date.now() + 1);

  const { ContinuousBackupsDescription: seven } = await setPitr(TableName, {
    PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7,
  });
  assert.equal(seven.PointInTimeRecoveryDescription.RecoveryPeriodInDays, 7);
  await failsWith(setPitr(TableName, { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 36 }),
    'ValidationException', "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification"
      + ".recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35");
  assert.equal((await pitrOf(TableName)).RecoveryPeriodInDays, 7);

  const { ContinuousBackupsDescription: off } = await setPitr(TableName, { PointInTimeRecoveryEnabled: false });
  assert.deepEqual(off.PointInTimeRecoveryDescription, { PointInTimeRecoveryStatus: 'DISABLED' });
  assert.deepEqual(await pitrOf(TableName), { PointInTimeRecoveryStatus: 'DISABLED' });
  await failsWith(ddb.send(new DescribeContinuousBackupsCommand({ TableName: `${TableName}-gone` })),
    'TableNotFoundException', `Table not found: ${TableName}-gone`);
});

test('RestoreTableToPointInTime restores the items as they were at the chosen moment', { skip }, async () => {
  const { TableName, TableArn } = await newTable('pitr');
  await setPitr(TableName, { PointInTimeRecoveryEnabled: true });
  await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'A' } } }));
  await sleep(1200);
  const T = new Date();
  await sleep(200);
  await ddb.send(new DeleteItemCommand({ TableName, Key: { pk: { S: 'A' } } }));
  await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'B' } } }));

  const target = uniqueName('pitr-at');
  made.push(target);
  const { TableDescription } = await ddb.send(new RestoreTableToPointInTimeCommand({
    SourceTableName: TableName, TargetTableName: target, RestoreDateTime: T,
  }));
  assert.equal(TableDescription.TableName, target);
  assert.equal(TableDescription.TableStatus, 'CREATING');
  assert.deepEqual(TableDescription.RestoreSummary, {
    SourceTableArn: TableArn, RestoreDateTime: T, RestoreInProgress: true,
  });
  await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: target });
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: target }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.equal(Table.RestoreSummary.RestoreInProgress, false);
  assert.equal(Table.ItemCount, 1);
  assert.deepEqual(await scanKeys(target), ['A']);

  const latest = uniqueName('pitr-latest');
  made.push(latest);
  const start = Date.now();
  const { TableDescription: answer } = await ddb.send(new RestoreTableToPointInTimeCommand({
    SourceTableName: TableName, TargetTableName: latest, UseLatestRestorableTime: true,
  }));
  const moment = answer.RestoreSummary.RestoreDateTime.getTime();
  assert.ok(moment >= start - 1 && moment <= Date.now() + 1);
  await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: latest });
  assert.deepEqual(await scanKeys(latest), ['B']);
  // Neither restore touched the source.
  assert.deepEqual(await scanKeys(TableName), ['B']);
});

test('RestoreTableToPointInTime errors name the problem and create nothing', { skip }, async () => {
  const { TableName: off } = await newTable('pitroff');
  const { TableName: on } = await newTable('pitr');
  await setPitr(on, { PointInTimeRecoveryEnabled: true });
  const earliest = (await pitrOf(on)).EarliestRestorableDateTime.getTime();
  const target = uniqueName('pitr-never');
  const restore = (input) => ddb.send(new RestoreTableToPointInTimeCommand({ TargetTableName: target, ...input }));

  for (const moment of [{ UseLatestRestorableTime: true }, { RestoreDateTime: new Date(Date.now() - 1000) }]) {
    const error = await failsWith(restore({ SourceTableName: off, ...moment }),
      'PointInTimeRecoveryUnavailableException', `Point in time recovery is not enabled for table '${off}'`);
    assert.ok(error instanceof PointInTimeRecoveryUnavailableException);
  }
  for (const when of [earliest - 1000, earliest - 3_600_000, Date.now() + 3_600_000]) {
    const error = await failsWith(restore({ SourceTableName: on, RestoreDateTime: new Date(when) }),
      'InvalidRestoreTimeException', /^Restore time must be between \d+\.\d{3} and \d+\.\d{3}$/);
    assert.ok(error instanceof InvalidRestoreTimeException);
    const [low, high] = error.message.match(/\d+\.\d{3}/g).map((s) => Number(s) * 1000);
    assert.ok(Math.abs(low - earliest) <= 1, `${low} vs earliest ${earliest}`);
    assert.ok(high >= low && high <= Date.now() + 1);
  }
  const exists = await failsWith(restore({ SourceTableName: on, TargetTableName: off, UseLatestRestorableTime: true }),
    'TableAlreadyExistsException', `Table already exists: ${off}`);
  assert.ok(exists instanceof TableAlreadyExistsException);
  const absent = uniqueName('pitr-absent');
  const unknown = await failsWith(restore({ SourceTableName: absent, UseLatestRestorableTime: true }),
    'TableNotFoundException', `Table not found: ${absent}`);
  assert.ok(unknown instanceof TableNotFoundException);
  await failsWith(restore({ UseLatestRestorableTime: true }),
    'ValidationException', 'SourceTableName or SourceTableArn must be specified');
  await failsWith(restore({ SourceTableName: on }),
    'ValidationException', 'RestoreDateTime must be specified when UseLatestRestorableTime is false');
  await assertNoTable(target);
});

// ---------------------------------------------------------------- Contributor Insights

async function indexedTable() {
  return (await newTable('ci', {
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' }],
    GlobalSecondaryIndexes: [{ IndexName: 'by-g', Projection: { ProjectionType: 'ALL' },
      KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }] }],
  })).TableName;
}

const ruleKinds = (rules) => rules.map((rule) => rule.split('-')[1]).sort();
const summaries = async (TableName) => (await ddb.send(new ListContributorInsightsCommand({ TableName })))
  .ContributorInsightsSummaries.map((s) => [s.IndexName ?? null, s.ContributorInsightsStatus]);

test('Contributor Insights: DISABLED, ENABLING then ENABLED per table and index, DISABLING then DISABLED', { skip }, async () => {
  const TableName = await indexedTable();
  const describe = (IndexName) => ddb.send(new DescribeContributorInsightsCommand({ TableName, IndexName }));
  const update = (ContributorInsightsAction, IndexName) => ddb.send(new UpdateContributorInsightsCommand({
    TableName, IndexName, ContributorInsightsAction,
  }));
  const fresh = await describe();
  assert.equal(fresh.TableName, TableName);
  assert.equal(fresh.ContributorInsightsStatus, 'DISABLED');
  assert.deepEqual(fresh.ContributorInsightsRuleList, []);
  assert.deepEqual(await summaries(TableName), [[null, 'DISABLED'], ['by-g', 'DISABLED']]);

  const enabling = await update('ENABLE');
  assert.equal(enabling.TableName, TableName);
  assert.equal(enabling.ContributorInsightsStatus, 'ENABLING');
  const enabled = await describe();
  assert.equal(enabled.ContributorInsightsStatus, 'ENABLED');
  assert.deepEqual(ruleKinds(enabled.ContributorInsightsRuleList), ['PKC', 'PKT', 'SKC', 'SKT']);
  for (const rule of enabled.ContributorInsightsRuleList) {
    assert.match(rule, new RegExp(`^DynamoDBContributorInsights-(PK|SK)[CT]-${TableName}-\\d+$`));
  }
  assert.ok(enabled.LastUpdateDateTime instanceof Date);

  const index = await update('ENABLE', 'by-g');
  assert.deepEqual([index.IndexName, index.ContributorInsightsStatus], ['by-g', 'ENABLING']);
  const described = await describe('by-g');
  assert.equal(described.IndexName, 'by-g');
  assert.equal(described.ContributorInsightsStatus, 'ENABLED');
  assert.deepEqual(ruleKinds(described.ContributorInsightsRuleList), ['PKC', 'PKT']);
  assert.deepEqual(await summaries(TableName), [[null, 'ENABLED'], ['by-g', 'ENABLED']]);

  assert.equal((await update('DISABLE')).ContributorInsightsStatus, 'DISABLING');
  const disabled = await describe();
  assert.equal(disabled.ContributorInsightsStatus, 'DISABLED');
  assert.deepEqual(disabled.ContributorInsightsRuleList, []);
  assert.deepEqual(await summaries(TableName), [[null, 'DISABLED'], ['by-g', 'ENABLED']]);
});

test('Contributor Insights on an unknown table or index is ResourceNotFoundException', { skip }, async () => {
  const TableName = await indexedTable();
  const absent = uniqueName('ci-absent');
  await failsWith(ddb.send(new DescribeContributorInsightsCommand({ TableName: absent })),
    'ResourceNotFoundException', `Requested resource not found: Table: ${absent} not found`);
  await failsWith(ddb.send(new UpdateContributorInsightsCommand({
    TableName, IndexName: 'nope', ContributorInsightsAction: 'ENABLE',
  })), 'ResourceNotFoundException', 'Requested resource not found: Index: nope not found');
  assert.deepEqual(await summaries(TableName), [[null, 'DISABLED'], ['by-g', 'DISABLED']]);
});

// ---------------------------------------------------------------- Kinesis streaming destinations

test('Kinesis streaming destination: ENABLING then ACTIVE, UPDATING, DISABLING then DISABLED', { skip }, async () => {
  const { TableName } = await newTable('kds');
  const destinations = async () => {
    const out = await ddb.send(new DescribeKinesisStreamingDestinationCommand({ TableName }));
    assert.equal(out.TableName, TableName);
    return out.KinesisDataStreamDestinations;
  };
  assert.deepEqual(await destinations(), []);

  const enabled = await ddb.send(new EnableKinesisStreamingDestinationCommand({ TableName, StreamArn: STREAM }));
  assert.deepEqual([enabled.TableName, enabled.StreamArn, enabled.DestinationStatus], [TableName, STREAM, 'ENABLING']);
  assert.deepEqual(await destinations(), [{
    StreamArn: STREAM, DestinationStatus: 'ACTIVE', ApproximateCreationDateTimePrecision: 'MILLISECOND',
  }]);
  await failsWith(ddb.send(new EnableKinesisStreamingDestinationCommand({ TableName, StreamArn: STREAM })),
    'ValidationException', `Table is already streaming to the destination: ${STREAM}`);

  const updated = await ddb.send(new UpdateKinesisStreamingDestinationCommand({
    TableName, StreamArn: STREAM,
    UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: 'MICROSECOND' },
  }));
  assert.equal(updated.DestinationStatus, 'UPDATING');
  assert.deepEqual(updated.UpdateKinesisStreamingConfiguration, { ApproximateCreationDateTimePrecision: 'MICROSECOND' });
  assert.deepEqual(await destinations(), [{
    StreamArn: STREAM, DestinationStatus: 'ACTIVE', ApproximateCreationDateTimePrecision: 'MICROSECOND',
  }]);

  const disabled = await ddb.send(new DisableKinesisStreamingDestinationCommand({ TableName, StreamArn: STREAM }));
  assert.deepEqual([disabled.StreamArn, disabled.DestinationStatus], [STREAM, 'DISABLING']);
  assert.deepEqual((await destinations()).map((d) => d.DestinationStatus), ['DISABLED']);
  await failsWith(ddb.send(new DisableKinesisStreamingDestinationCommand({ TableName, StreamArn: STREAM })),
    'ValidationException', `Table is not in a valid state to disable Kinesis Streaming to the destination: ${STREAM}`);
});

test('a Kinesis streaming destination on an unknown table is ResourceNotFoundException', { skip }, async () => {
  const absent = uniqueName('kds-absent');
  for (const command of [
    new DescribeKinesisStreamingDestinationCommand({ TableName: absent }),
    new EnableKinesisStreamingDestinationCommand({ TableName: absent, StreamArn: STREAM }),
  ]) {
    const error = await failsWith(ddb.send(command), 'ResourceNotFoundException',
      `Requested resource not found: Table: ${absent} not found`);
    assert.ok(error instanceof ResourceNotFoundException);
  }
  await assertNoTable(absent);
});

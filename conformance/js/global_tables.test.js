// Global tables through @aws-sdk/client-dynamodb, emulated (nothing is replicated):
// version 2019.11.21 replicas added and removed with UpdateTable ReplicaUpdates (a
// Create answers CREATING and a Delete DELETING; the next DescribeTable shows where
// they end), with their ValidationException refusals, which change nothing; the
// legacy 2017.11.29 calls (CreateGlobalTable refused, nothing found, an empty list);
// and Describe/UpdateTableReplicaAutoScaling. DynamoDB Local has no replicas, so the
// file is skipped against an external endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeTableCommand, UpdateTableCommand, CreateGlobalTableCommand, UpdateGlobalTableCommand,
  DescribeGlobalTableCommand, DescribeGlobalTableSettingsCommand, UpdateGlobalTableSettingsCommand,
  ListGlobalTablesCommand, DescribeTableReplicaAutoScalingCommand,
  UpdateTableReplicaAutoScalingCommand, GlobalTableNotFoundException, ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  startServer, client, uniqueName, hashKeyTable, createTable, dropTables, failsWith,
  externalEndpoint,
} from './helpers.js';

const skip = externalEndpoint ? 'DynamoDB Local has no global tables' : false;
const GLOBAL_KEYS = ['GlobalTableVersion', 'Replicas', 'GlobalTableSettingsReplicationMode'];
const LEGACY = 'One or more parameter values were invalid: DynamoDB global tables version '
  + '2017.11.29 is not supported. We recommend using DynamoDB global tables version 2019.11.21, '
  + 'instead of version 2017.11.29 (Legacy).';
const OFF = { AutoScalingDisabled: true };
const DISABLED = { AutoScalingDisabled: true, ScalingPolicies: [] };
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

const replica = (RegionName, ReplicaStatus = 'ACTIVE') => ({
  RegionName, ReplicaStatus, GlobalTableSettingsReplicationMode: 'ENABLED_WITH_OVERRIDES',
});
const described = async (TableName) => (await ddb.send(new DescribeTableCommand({ TableName }))).Table;
const replicaUpdate = (TableName, ...ReplicaUpdates) => ddb.send(new UpdateTableCommand({
  TableName, ReplicaUpdates,
}));

async function newTable(...regions) {
  const name = uniqueName('global');
  made.push(name);
  await createTable(ddb, hashKeyTable(name));
  for (const RegionName of regions) {
    await replicaUpdate(name, { Create: { RegionName } });
    assert.deepEqual((await described(name)).Replicas.at(-1), replica(RegionName));
  }
  return name;
}

test('a replica is CREATING, then ACTIVE; deleting the last leaves a regional table', { skip }, async () => {
  const name = await newTable();
  for (const key of GLOBAL_KEYS) assert.ok(!(key in await described(name)), key);
  const { TableDescription: created } = await replicaUpdate(name, { Create: { RegionName: 'eu-west-1' } });
  assert.equal(created.GlobalTableVersion, '2019.11.21');
  assert.equal(created.GlobalTableSettingsReplicationMode, 'ENABLED_WITH_OVERRIDES');
  assert.deepEqual(created.Replicas, [replica('eu-west-1', 'CREATING')]);
  assert.deepEqual(created.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  assert.ok(created.LatestStreamArn.startsWith(`${created.TableArn}/stream/`));
  assert.deepEqual((await described(name)).Replicas, [replica('eu-west-1')]);

  const { TableDescription: deleted } = await replicaUpdate(name, { Delete: { RegionName: 'eu-west-1' } });
  assert.deepEqual(deleted.Replicas, [replica('eu-west-1', 'DELETING')]);
  const table = await described(name);
  for (const key of GLOBAL_KEYS) assert.ok(!(key in table), key);
  assert.equal(table.LatestStreamArn, created.LatestStreamArn);
});

test('refused ReplicaUpdates are ValidationException and change nothing', { skip }, async () => {
  const name = await newTable('eu-west-1');
  const before = await described(name);
  const none = 'There are no actions specified in the Replica Update Action of the request.';
  const cases = [
    [[{ Create: { RegionName: 'us-east-1' } }], 'Cannot add or delete the local region through '
      + 'ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.'],
    [[{ Create: { RegionName: 'eu-west-1' } }], `Failed to create a the new replica of table with name: ‘${name}’ `
      + 'because one or more replicas already existed as tables.'],
    [[{ Delete: { RegionName: 'us-west-2' } }], 'Update global table operation failed because one or more '
      + 'replicas were not part of the global table. Please retry the request without these replicas: [us-west-2].'],
    [[{ Create: { RegionName: 'us-west-2' } }, { Create: { RegionName: 'us-west-1' } }],
      'Update table operation with more than one create or delete replica actions not allowed'],
    [[{ Create: { RegionName: 'us-west-2' }, Delete: { RegionName: 'eu-west-1' } }],
      'Update table operation with more than one type of replica actions not allowed.'],
    [[{}], none],
    [[{ Update: { RegionName: 'eu-west-1' } }], none],
    [[{ Create: { RegionName: 'Eu-West-2' } }], new RegExp('^Region Eu-West-2 is not supported\\. The latest '
      + 'version of global tables are only supported in the following regions: \\[.*eu-west-2.*\\]$')],
  ];
  for (const [updates, message] of cases) {
    await failsWith(replicaUpdate(name, ...updates), 'ValidationException', message);
  }
  await failsWith(ddb.send(new UpdateTableCommand({
    TableName: name, StreamSpecification: { StreamEnabled: false },
  })), 'ValidationException',
  'One or more parameter values were invalid: Disabling Stream is not allowed for a Global Table replica.');
  assert.deepEqual(await described(name), before);

  const provisioned = uniqueName('global');
  made.push(provisioned);
  await createTable(ddb, {
    ...hashKeyTable(provisioned), BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
  });
  await failsWith(replicaUpdate(provisioned, { Create: { RegionName: 'eu-west-1' } }),
    'ValidationException', 'Table write capacity should either be Pay-Per-Request or AutoScaled.');
  for (const key of [...GLOBAL_KEYS, 'StreamSpecification']) assert.ok(!(key in await described(provisioned)), key);
});

test('the 2017.11.29 calls: creating is refused, nothing is found, the list is empty', { skip }, async () => {
  const regional = await newTable();
  const global = await newTable('eu-west-1');
  for (const GlobalTableName of [regional, global, uniqueName('missing')]) {
    await failsWith(ddb.send(new CreateGlobalTableCommand({
      GlobalTableName, ReplicationGroup: [{ RegionName: 'us-east-1' }, { RegionName: 'eu-west-1' }],
    })), 'ValidationException', LEGACY);
    await failsWith(ddb.send(new UpdateGlobalTableCommand({
      GlobalTableName, ReplicaUpdates: [{ Create: { RegionName: 'us-west-2' } }],
    })), 'ValidationException', LEGACY);
    const missing = `Global table with name: '${GlobalTableName}' does not exist.`;
    for (const command of [
      new DescribeGlobalTableCommand({ GlobalTableName }),
      new UpdateGlobalTableCommand({ GlobalTableName, ReplicaUpdates: [{ Delete: { RegionName: 'eu-west-1' } }] }),
    ]) {
      const error = await failsWith(ddb.send(command), 'GlobalTableNotFoundException',
        `Global table not found: ${missing}`);
      assert.ok(error instanceof GlobalTableNotFoundException);
    }
    await failsWith(ddb.send(new DescribeGlobalTableSettingsCommand({ GlobalTableName })),
      'GlobalTableNotFoundException', missing);
    await failsWith(ddb.send(new UpdateGlobalTableSettingsCommand({
      GlobalTableName, GlobalTableBillingMode: 'PAY_PER_REQUEST',
    })), 'GlobalTableNotFoundException', missing);
  }
  for (const input of [{}, { Limit: 1, RegionName: 'eu-west-1' }]) {
    const { $metadata, ...answer } = await ddb.send(new ListGlobalTablesCommand(input));
    assert.deepEqual(answer, { GlobalTables: [] });
  }
  await failsWith(ddb.send(new DescribeGlobalTableCommand({ GlobalTableName: 'ab' })), 'ValidationException',
    "1 validation error detected: Value 'ab' at 'globalTableName' failed to satisfy constraint: "
      + 'Member must have length greater than or equal to 3');
  assert.deepEqual((await described(global)).Replicas, [replica('eu-west-1')]);
});

test('replica auto scaling: every region described, nothing set up on PAY_PER_REQUEST', { skip }, async () => {
  const regional = await newTable();
  for (const command of [
    new DescribeTableReplicaAutoScalingCommand({ TableName: regional }),
    new UpdateTableReplicaAutoScalingCommand({ TableName: regional, ProvisionedWriteCapacityAutoScalingUpdate: OFF }),
  ]) {
    const error = await failsWith(ddb.send(command), 'ResourceNotFoundException',
      `Global table with name: '${regional}' does not exist.`);
    assert.ok(error instanceof ResourceNotFoundException);
  }
  const TableName = await newTable('eu-west-1', 'us-west-2');
  const expected = {
    TableName,
    TableStatus: 'ACTIVE',
    Replicas: ['us-east-1', 'eu-west-1', 'us-west-2'].map((RegionName) => ({
      RegionName,
      GlobalSecondaryIndexes: [],
      ReplicaProvisionedReadCapacityAutoScalingSettings: DISABLED,
      ReplicaProvisionedWriteCapacityAutoScalingSettings: DISABLED,
      ReplicaStatus: 'ACTIVE',
    })),
  };
  const describe = async () => (await ddb.send(new DescribeTableReplicaAutoScalingCommand({ TableName })))
    .TableAutoScalingDescription;
  assert.deepEqual(await describe(), expected);
  await failsWith(ddb.send(new UpdateTableReplicaAutoScalingCommand({
    TableName,
    ProvisionedWriteCapacityAutoScalingUpdate: {
      MinimumUnits: 1, MaximumUnits: 10,
      ScalingPolicyUpdate: { TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 } },
    },
  })), 'ValidationException', `Failed to update global table with name ‘${TableName}‘. Replicas 'us-east-1', `
    + "'eu-west-1', 'us-west-2' BillingMode is PayPerRequest. You must convert table's BillingMode to "
    + "PROVISIONED to set parameters: 'ProvisionedWriteCapacityAutoScalingUpdate'.");
  const { TableAutoScalingDescription } = await ddb.send(new UpdateTableReplicaAutoScalingCommand({
    TableName, ProvisionedWriteCapacityAutoScalingUpdate: OFF,
  }));
  assert.deepEqual(TableAutoScalingDescription, expected);
  assert.deepEqual(await describe(), expected);
});

test('UpdateTableReplicaAutoScaling names an unknown index', {
  skip,
}, async () => {
  const TableName = await newTable('eu-west-1');
  await failsWith(ddb.send(new UpdateTableReplicaAutoScalingCommand({
    TableName,
    GlobalSecondaryIndexUpdates: [{ IndexName: 'gsi1', ProvisionedWriteCapacityAutoScalingUpdate: OFF }],
  })), 'ResourceNotFoundException', `Failed to update settings for global table with name: ‘${TableName}’ `
    + 'because the global secondary indexes with names: ‘[gsi1]’ do not exist.');
});

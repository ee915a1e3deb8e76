// ../SCENARIO.md through the AWS SDK for JavaScript v3: the low-level
// DynamoDBClient, the DynamoDBDocumentClient of @aws-sdk/lib-dynamodb, the
// DynamoDBStreamsClient, the SDK's paginators and waiters. Each sdk-*.test.js
// file builds the clients one way (env, profile, code) and plays this once;
// every expected answer is DynamoDB's.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import {
  CreateTableCommand, DescribeTableCommand, DeleteTableCommand, GetItemCommand,
  ConditionalCheckFailedException, TransactionCanceledException,
  paginateScan, paginateListTables, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, BatchWriteCommand, PutCommand, GetCommand, QueryCommand, UpdateCommand,
  DeleteCommand, TransactWriteCommand, TransactGetCommand, NumberValue, paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import {
  DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { keepOnDynarock, rejection, scenario } from './common.js';

// Waiters poll every second or two: real DynamoDB takes seconds to create a table.
const WAIT = { maxWaitTime: 120, minDelay: 1, maxDelay: 2 };
const CONDITION_FAILED = 'The conditional request failed';
const EXISTS = 'attribute_exists(pk)';
const KEY_SCHEMA = [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }];
const GSI_KEY_SCHEMA = [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }];
// arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<ISO-8601 time to the ms>
const streamArnOf = (table) => new RegExp(
  `^arn:aws:dynamodb:[a-z0-9-]+:\\d{12}:table/${table}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`);

// ---- The items the scenario writes, as the document client takes them and
// as DynamoDB's wire format (AttributeValue maps) gives them back.

const msgSk = (i) => `msg#${String(i).padStart(2, '0')}`;
const msg = (i) => ({
  pk: 'user#1', sk: msgSk(i), status: i % 2 === 0 ? 'open' : 'closed', n: i, body: `message ${i}`,
});
const msgImage = (i, { status = msg(i).status, n = i } = {}) => ({
  pk: { S: 'user#1' }, sk: { S: msgSk(i) }, status: { S: status }, n: { N: String(n) },
  body: { S: `message ${i}` },
});

// A class instance, which only convertClassInstanceToMap lets the document
// client write (as a map of its own fields).
class Address {
  constructor(city, zip) {
    this.city = city;
    this.zip = zip;
  }
}

const BIG = '123456789012345678901234567890'; // 30 digits: more than a double holds
const AVATAR = [0, 1, 2, 127, 128, 254, 255];

// One of every type; `middleName` is undefined, which removeUndefinedValues drops.
const profile = () => ({
  pk: 'user#2',
  sk: 'profile',
  name: 'Ada',
  address: new Address('London', 'NW1 6XE'),
  prefs: { theme: 'dark', fontSize: 14, beta: false },
  history: ['signup', 2, true, null, { step: 'verified' }],
  roles: new Set(['admin', 'dev', 'ops']),
  scores: new Set([1, 2.5, -10]),
  active: true,
  nickname: null,
  avatar: new Uint8Array(AVATAR),
  big: NumberValue.from(BIG),
  middleName: undefined,
});
const profileImage = {
  pk: { S: 'user#2' },
  sk: { S: 'profile' },
  name: { S: 'Ada' },
  address: { M: { city: { S: 'London' }, zip: { S: 'NW1 6XE' } } },
  prefs: { M: { theme: { S: 'dark' }, fontSize: { N: '14' }, beta: { BOOL: false } } },
  history: { L: [{ S: 'signup' }, { N: '2' }, { BOOL: true }, { NULL: true }, { M: { step: { S: 'verified' } } }] },
  roles: { SS: ['admin', 'dev', 'ops'] },
  scores: { NS: ['-10', '1', '2.5'] },
  active: { BOOL: true },
  nickname: { NULL: true },
  avatar: { B: new Uint8Array(AVATAR) },
  big: { N: BIG },
};

const txnItem = { pk: 'user#3', sk: 'a', body: 'written in a transaction', n: 300 };
const txnImage = { pk: { S: 'user#3' }, sk: { S: 'a' }, body: { S: 'written in a transaction' }, n: { N: '300' } };

// An AttributeValue map in a form deepEqual can compare by value: sets sorted
// (DynamoDB keeps no order in a set), binary as hex (the SDK may hand back a
// Uint8Array or a Buffer).
function comparable(value) {
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Uint8Array) return `hex:${Buffer.from(value).toString('hex')}`;
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'SS') out.SS = [...inner].sort();
    else if (key === 'NS') out.NS = [...inner].sort((a, b) => Number(a) - Number(b));
    else if (key === 'BS') out.BS = inner.map(comparable).sort();
    else out[key] = comparable(inner);
  }
  return out;
}
const sameImage = (actual, expected, what) => assert.deepEqual(comparable(actual), comparable(expected), what);

const sks = (items) => items.map((item) => item.sk);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, k) => msgSk(from + k));

// The scenario, once, on the clients of one way.
// way: how the clients are pointed at dynarock (env, profile, code);
// newDynamoDB(), newStreams(): a DynamoDBClient, a DynamoDBStreamsClient
// configured that way; table: the name of the table to play on.
export function playScenario({ way, newDynamoDB, newStreams, table }) {
  const ddb = keepOnDynarock(newDynamoDB());
  const streams = keepOnDynarock(newStreams());
  // The document client writes what users write: undefined fields and class
  // instances among them.
  const doc = DynamoDBDocumentClient.from(ddb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  // For the one read that keeps numbers beyond a double's precision. A
  // document client stores its options in the config of the client it wraps,
  // so this one gets a client of its own.
  const exactDdb = keepOnDynarock(newDynamoDB());
  const exactDoc = DynamoDBDocumentClient.from(exactDdb, { unmarshallOptions: { wrapNumbers: true } });
  const key = (pk, sk) => ({ pk, sk });
  let streamArn;

  after(() => {
    for (const client of [ddb, exactDdb, streams]) client.destroy();
  });

  scenario(`AWS SDK v3, the endpoint from ${way}`, (step) => {
    step('1. CreateTable, the waiter, DescribeTable', async () => {
      const created = await ddb.send(new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: KEY_SCHEMA,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{
          IndexName: 'by-status',
          KeySchema: GSI_KEY_SCHEMA,
          Projection: { ProjectionType: 'ALL' },
        }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }));
      assert.equal(created.TableDescription.TableName, table);
      assert.equal(created.TableDescription.TableStatus, 'CREATING');

      const waited = await waitUntilTableExists({ client: ddb, ...WAIT }, { TableName: table });
      assert.equal(waited.state, 'SUCCESS');

      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
      assert.equal(Table.TableStatus, 'ACTIVE');
      assert.equal(Table.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
      assert.deepEqual(Table.KeySchema, KEY_SCHEMA);
      assert.equal(Table.GlobalSecondaryIndexes?.length, 1);
      const [gsi] = Table.GlobalSecondaryIndexes;
      assert.equal(gsi.IndexName, 'by-status');
      assert.equal(gsi.IndexStatus, 'ACTIVE');
      assert.deepEqual(gsi.KeySchema, GSI_KEY_SCHEMA);
      assert.deepEqual(gsi.Projection, { ProjectionType: 'ALL' });
      assert.deepEqual(Table.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      assert.match(Table.LatestStreamArn, streamArnOf(table));
      streamArn = Table.LatestStreamArn;
    });

    step('2. BatchWrite 25 messages, Put a profile of every type', async () => {
      // JavaScript has no batch writer: a program resends UnprocessedItems itself.
      let RequestItems = { [table]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: msg(i) } })) };
      for (let round = 0; Object.keys(RequestItems).length > 0; round += 1) {
        assert.ok(round < 10, 'BatchWrite still leaves items unprocessed after 10 rounds');
        ({ UnprocessedItems: RequestItems = {} } = await doc.send(new BatchWriteCommand({ RequestItems })));
      }
      const put = await doc.send(new PutCommand({ TableName: table, Item: profile() }));
      assert.equal(put.Attributes, undefined);
    });

    step('3. GetItem: every type as written, a consistent read, a missing key, wrapNumbers', async () => {
      const { Item } = await ddb.send(new GetItemCommand({
        TableName: table, Key: { pk: { S: 'user#2' }, sk: { S: 'profile' } },
      }));
      sameImage(Item, profileImage, 'the profile as DynamoDB stores it');

      const consistent = await doc.send(new GetCommand({
        TableName: table, Key: key('user#1', 'msg#05'), ConsistentRead: true,
      }));
      assert.deepEqual(consistent.Item, msg(5));

      const missing = await doc.send(new GetCommand({ TableName: table, Key: key('user#1', 'msg#99') }));
      assert.equal(missing.Item, undefined);

      const exact = (await exactDoc.send(new GetCommand({ TableName: table, Key: key('user#2', 'profile') }))).Item;
      assert.ok(exact.big instanceof NumberValue, `big came back as ${typeof exact.big}`);
      assert.equal(exact.big.toString(), BIG);
      assert.ok(exact.prefs.fontSize instanceof NumberValue);
      assert.equal(exact.prefs.fontSize.toString(), '14');
      assert.deepEqual(exact.address, { city: 'London', zip: 'NW1 6XE' });
      assert.deepEqual(exact.roles, new Set(['admin', 'dev', 'ops']));
      assert.deepEqual([...exact.scores].map(String).sort(), ['-10', '1', '2.5']);
      assert.equal(Buffer.from(exact.avatar).toString('hex'), Buffer.from(AVATAR).toString('hex'));
      assert.equal(exact.nickname, null);
      assert.equal('middleName' in exact, false);
    });

    step('4. Query: begins_with, backwards, a filter, the GSI', async () => {
      const prefix = {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'user#1', ':prefix': 'msg#1' },
      };
      const forward = await doc.send(new QueryCommand(prefix));
      assert.deepEqual(sks(forward.Items), range(10, 19));
      assert.deepEqual(forward.Items[0], msg(10));
      assert.equal(forward.Count, 10);
      assert.equal(forward.ScannedCount, 10);
      assert.equal(forward.LastEvaluatedKey, undefined);

      const backward = await doc.send(new QueryCommand({ ...prefix, ScanIndexForward: false }));
      assert.deepEqual(sks(backward.Items), range(10, 19).reverse());

      const filtered = await doc.send(new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'n > :n',
        ExpressionAttributeValues: { ':pk': 'user#1', ':n': 15 },
      }));
      assert.deepEqual(sks(filtered.Items), range(16, 24));
      assert.equal(filtered.Count, 9);
      assert.equal(filtered.ScannedCount, 25);

      const open = await doc.send(new QueryCommand({
        TableName: table,
        IndexName: 'by-status',
        KeyConditionExpression: '#st = :open',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
      }));
      assert.equal(open.Count, 13);
      assert.deepEqual(sks(open.Items), Array.from({ length: 13 }, (_, k) => msgSk(2 * k)));
      assert.deepEqual(open.Items[1], msg(2));
    });

    step('5. paginateQuery (Limit 4) and paginateScan (Limit 10)', async () => {
      const pages = [];
      for await (const page of paginateQuery({ client: doc, pageSize: 4 }, {
        TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'user#1' },
      })) pages.push(page);
      assert.deepEqual(pages.map((page) => page.Items.length), [4, 4, 4, 4, 4, 4, 1]);
      assert.deepEqual(sks(pages.flatMap((page) => page.Items)), range(0, 24));
      assert.deepEqual(pages[0].LastEvaluatedKey, key('user#1', 'msg#03'));

      const scanned = [];
      for await (const page of paginateScan({ client: ddb, pageSize: 10 }, { TableName: table })) {
        assert.ok(page.Items.length <= 10, `a Scan page of ${page.Items.length} items`);
        scanned.push(...page.Items);
      }
      const keys = scanned.map((item) => `${item.pk.S}/${item.sk.S}`).sort();
      assert.deepEqual(keys, [...range(0, 24).map((sk) => `user#1/${sk}`), 'user#2/profile']);
    });

    step('6. UpdateItem with a condition, then the same call refused', async () => {
      const update = () => doc.send(new UpdateCommand({
        TableName: table,
        Key: key('user#1', 'msg#00'),
        UpdateExpression: 'SET #st = :s ADD n :one',
        ConditionExpression: 'attribute_exists(pk) AND #st = :open',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: { ':s': 'done', ':one': 1, ':open': 'open' },
        ReturnValues: 'ALL_NEW',
      }));
      const { Attributes } = await update();
      assert.deepEqual(Attributes, { ...msg(0), status: 'done', n: 1 });

      const error = await rejection(update(), 'the second update');
      assert.ok(error instanceof ConditionalCheckFailedException, `${error}`);
      assert.equal(error.name, 'ConditionalCheckFailedException');
      assert.equal(error.message, CONDITION_FAILED);
      assert.equal(error.$fault, 'client');
      assert.equal(error.$metadata.httpStatusCode, 400);
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key('user#1', 'msg#00') }));
      assert.deepEqual(Item, { ...msg(0), status: 'done', n: 1 }, 'the refused update changed nothing');
    });

    step('7. TransactWriteItems, a cancelled one, TransactGetItems', async () => {
      await doc.send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: txnItem } },
          {
            Update: {
              TableName: table,
              Key: key('user#1', 'msg#01'),
              UpdateExpression: 'SET #st = :s',
              ExpressionAttributeNames: { '#st': 'status' },
              ExpressionAttributeValues: { ':s': 'archived' },
            },
          },
          { ConditionCheck: { TableName: table, Key: key('user#2', 'profile'), ConditionExpression: EXISTS } },
        ],
      }));

      const error = await rejection(doc.send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'user#3', sk: 'b' } } },
          { ConditionCheck: { TableName: table, Key: key('user#9', 'nobody'), ConditionExpression: EXISTS } },
        ],
      })), 'a transaction whose condition check fails');
      assert.ok(error instanceof TransactionCanceledException, `${error}`);
      assert.equal(error.name, 'TransactionCanceledException');
      assert.equal(error.message,
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
      assert.deepEqual(error.CancellationReasons, [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED },
      ]);
      const notWritten = await doc.send(new GetCommand({ TableName: table, Key: key('user#3', 'b') }));
      assert.equal(notWritten.Item, undefined, 'the cancelled transaction wrote its Put');

      const { Responses } = await doc.send(new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: key('user#3', 'a') } },
          { Get: { TableName: table, Key: key('user#1', 'msg#01') } },
        ],
      }));
      assert.deepEqual(Responses, [{ Item: txnItem }, { Item: { ...msg(1), status: 'archived' } }]);
    });

    step('8. The stream: DescribeStream, GetShardIterator, GetRecords', async () => {
      const shards = await allShards(streams, streamArn, table);
      assert.ok(shards.length >= 1, 'the stream has no shard');
      const records = [];
      for (const { ShardId } of shards) records.push(...await shardRecords(streams, streamArn, ShardId));

      // What the writes so far must have emitted; failed writes and condition
      // checks emit nothing. Order is kept per item, not across shards.
      const expected = new Map();
      const expectRecord = (image, eventName, OldImage) => {
        const id = `${image.pk.S}/${image.sk.S}`;
        if (!expected.has(id)) expected.set(id, []);
        expected.get(id).push({ eventName, NewImage: image, OldImage });
      };
      for (let i = 0; i < 25; i += 1) expectRecord(msgImage(i), 'INSERT');
      expectRecord(profileImage, 'INSERT');
      expectRecord(msgImage(0, { status: 'done', n: 1 }), 'MODIFY', msgImage(0));
      expectRecord(txnImage, 'INSERT');
      expectRecord(msgImage(1, { status: 'archived' }), 'MODIFY', msgImage(1));

      const counts = (list) => list.reduce((c, r) => ({ ...c, [r.eventName]: (c[r.eventName] ?? 0) + 1 }), {});
      assert.deepEqual(counts(records), { INSERT: 27, MODIFY: 2 });
      for (const record of records) checkRecord(record);
      for (const [id, wanted] of expected) {
        const got = records.filter((r) => `${r.dynamodb.Keys.pk.S}/${r.dynamodb.Keys.sk.S}` === id);
        assert.deepEqual(got.map((r) => r.eventName), wanted.map((w) => w.eventName), `the records of ${id}`);
        got.forEach((record, i) => {
          sameImage(record.dynamodb.NewImage, wanted[i].NewImage, `NewImage of ${wanted[i].eventName} ${id}`);
          sameImage(record.dynamodb.OldImage, wanted[i].OldImage, `OldImage of ${wanted[i].eventName} ${id}`);
        });
      }
    });

    step('9. DeleteItem ALL_OLD, a refused delete, DeleteTable, the waiter, ListTables', async () => {
      const removed = await doc.send(new DeleteCommand({
        TableName: table, Key: key('user#3', 'a'), ReturnValues: 'ALL_OLD',
      }));
      assert.deepEqual(removed.Attributes, txnItem);

      const error = await rejection(doc.send(new DeleteCommand({
        TableName: table, Key: key('user#3', 'a'), ConditionExpression: EXISTS,
      })), 'a conditional delete of a missing item');
      assert.ok(error instanceof ConditionalCheckFailedException, `${error}`);
      assert.equal(error.message, CONDITION_FAILED);

      const { TableDescription } = await ddb.send(new DeleteTableCommand({ TableName: table }));
      assert.equal(TableDescription.TableName, table);
      assert.equal(TableDescription.TableStatus, 'DELETING');
      const waited = await waitUntilTableNotExists({ client: ddb, ...WAIT }, { TableName: table });
      assert.equal(waited.state, 'SUCCESS');

      const names = [];
      for await (const page of paginateListTables({ client: ddb }, {})) names.push(...page.TableNames);
      assert.equal(names.includes(table), false, `ListTables still names ${table}`);
    });
  });
}

// Every shard of the stream, through DescribeStream's own paging.
async function allShards(streams, StreamArn, table) {
  const shards = [];
  let ExclusiveStartShardId;
  do {
    const { StreamDescription: d } = await streams.send(new DescribeStreamCommand({ StreamArn, ExclusiveStartShardId }));
    assert.equal(d.StreamArn, StreamArn);
    assert.equal(d.StreamStatus, 'ENABLED');
    assert.equal(d.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.equal(d.TableName, table);
    assert.deepEqual(d.KeySchema, KEY_SCHEMA);
    for (const shard of d.Shards) {
      assert.match(shard.ShardId, /^shardId-/);
      assert.match(shard.SequenceNumberRange.StartingSequenceNumber, /^\d+$/);
    }
    shards.push(...d.Shards);
    ExclusiveStartShardId = d.LastEvaluatedShardId;
  } while (ExclusiveStartShardId);
  return shards;
}

// A shard's records from TRIM_HORIZON on, following NextShardIterator until a
// page comes back empty (an open shard caught up) or without a next iterator
// (a closed shard read to its end).
async function shardRecords(streams, StreamArn, ShardId) {
  let { ShardIterator } = await streams.send(new GetShardIteratorCommand({
    StreamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON',
  }));
  assert.equal(typeof ShardIterator, 'string');
  const records = [];
  for (let calls = 0; ShardIterator; calls += 1) {
    assert.ok(calls < 200, 'GetRecords kept answering records after 200 calls');
    const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
    records.push(...page.Records);
    if (page.Records.length === 0) break;
    ShardIterator = page.NextShardIterator;
  }
  // A shard's sequence numbers grow with every record.
  const numbers = records.map((record) => BigInt(record.dynamodb.SequenceNumber));
  numbers.slice(1).forEach((number, i) => assert.ok(number > numbers[i], `${ShardId}: sequence numbers out of order`));
  return records;
}

// What every record of a NEW_AND_OLD_IMAGES stream carries.
function checkRecord(record) {
  const d = record.dynamodb;
  const id = `${record.eventName} ${d.Keys?.pk?.S}/${d.Keys?.sk?.S}`;
  assert.equal(record.eventSource, 'aws:dynamodb', id);
  assert.equal(record.eventVersion, '1.1', id);
  assert.match(record.awsRegion, /^[a-z]{2}-[a-z]+-\d$/, id);
  assert.match(record.eventID, /^[0-9a-f]{32}$/, id);
  assert.deepEqual(Object.keys(d.Keys).sort(), ['pk', 'sk'], id);
  assert.deepEqual(d.Keys, { pk: d.NewImage.pk, sk: d.NewImage.sk }, id);
  assert.equal(d.StreamViewType, 'NEW_AND_OLD_IMAGES', id);
  assert.match(d.SequenceNumber, /^\d+$/, id);
  assert.ok(Number.isInteger(d.SizeBytes) && d.SizeBytes > 0, `${id}: SizeBytes ${d.SizeBytes}`);
  assert.ok(d.ApproximateCreationDateTime instanceof Date, id);
}

// UpdateItem and conditions through the document client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startServer, client, uniqueName } from './helpers.js';

let server;
let doc;
let table;
before(async () => {
  server = await startServer();
  const ddb = client(server.endpoint);
  doc = DynamoDBDocumentClient.from(ddb);
  table = uniqueName('update');
  await ddb.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  }));
});
after(async () => assert.equal(await server.stop(), 0));

test('counters, lists and conditions', async () => {
  const Key = { pk: 'counter' };
  for (let i = 0; i < 3; i += 1) {
    await doc.send(new UpdateCommand({
      TableName: table, Key,
      UpdateExpression: 'ADD hits :one SET history = list_append(if_not_exists(history, :empty), :entry)',
      ExpressionAttributeValues: { ':one': 1, ':empty': [], ':entry': [i] },
    }));
  }
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key }));
  assert.equal(Item.hits, 3);
  assert.deepEqual(Item.history, [0, 1, 2]);
  const result = await doc.send(new UpdateCommand({
    TableName: table, Key, UpdateExpression: 'SET hits = hits - :one',
    ConditionExpression: 'hits > :two', ExpressionAttributeValues: { ':one': 1, ':two': 2 },
    ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(result.Attributes, { hits: 2 });
});

test('a failed condition is ConditionalCheckFailedException and writes nothing', async () => {
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'guarded', v: 1 } }));
  await assert.rejects(
    doc.send(new PutCommand({
      TableName: table, Item: { pk: 'guarded', v: 2 },
      ConditionExpression: 'attribute_not_exists(pk)',
    })),
    (e) => e instanceof ConditionalCheckFailedException && e.message === 'The conditional request failed',
  );
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'guarded' } }));
  assert.equal(Item.v, 1);
});

// ElectroDB, unchanged, on dynarock: a single-table model of a task tracker
// (a Task entity with a GSI, a Comment entity, both in a `workspace`
// collection), driven through its own API over the SDK v3 DocumentClient
// pointed at dynarock in code. The table is made with the SDK, as ElectroDB
// makes none. Every answer is what ElectroDB documents over real DynamoDB.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import {
  DynamoDBClient, CreateTableCommand, ConditionalCheckFailedException, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity, Service } from 'electrodb';
import {
  clearAwsEnvironment, dynarockUrl, keepOnDynarock, rejection, scenario, CREDENTIALS, REGION,
} from './common.js';

clearAwsEnvironment();
const TABLE = 'js-electrodb';
const ddb = keepOnDynarock(new DynamoDBClient({ endpoint: dynarockUrl(), region: REGION, credentials: CREDENTIALS }));
const client = DynamoDBDocumentClient.from(ddb);
after(() => ddb.destroy());

const Task = new Entity({
  model: { entity: 'task', version: '1', service: 'taskapp' },
  attributes: {
    project: { type: 'string', required: true },
    taskId: { type: 'string', required: true },
    title: { type: 'string', required: true },
    status: { type: ['open', 'in-progress', 'closed'], required: true, default: 'open' },
    points: { type: 'number', default: 0 },
    labels: { type: 'set', items: 'string' },
  },
  indexes: {
    // Tasks of a project, by id; shares its partition with the comments.
    tasks: {
      collection: 'workspace',
      pk: { field: 'pk', composite: ['project'] },
      sk: { field: 'sk', composite: ['taskId'] },
    },
    // Tasks in a status across projects, through the GSI.
    byStatus: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['status'] },
      sk: { field: 'gsi1sk', composite: ['project', 'taskId'] },
    },
  },
}, { client, table: TABLE });

const Comment = new Entity({
  model: { entity: 'comment', version: '1', service: 'taskapp' },
  attributes: {
    project: { type: 'string', required: true },
    commentId: { type: 'string', required: true },
    taskId: { type: 'string', required: true },
    author: { type: 'string', required: true },
    body: { type: 'string' },
  },
  indexes: {
    comments: {
      collection: 'workspace',
      pk: { field: 'pk', composite: ['project'] },
      sk: { field: 'sk', composite: ['commentId'] },
    },
  },
}, { client, table: TABLE });

const app = new Service({ task: Task, comment: Comment });

const tasks = {
  t1: { project: 'apollo', taskId: 't1', title: 'Design the lander', status: 'open', points: 3, labels: ['design', 'hw'] },
  t2: { project: 'apollo', taskId: 't2', title: 'Write the checklist', status: 'open', points: 0 },
  t3: { project: 'apollo', taskId: 't3', title: 'Pick a crew', status: 'closed', points: 8 },
  t4: { project: 'gemini', taskId: 't4', title: 'Dock in orbit', status: 'open', points: 5 },
};
const comments = {
  c1: { project: 'apollo', commentId: 'c1', taskId: 't1', author: 'ada', body: 'Legs must fold.' },
  c2: { project: 'apollo', commentId: 'c2', taskId: 't3', author: 'grace', body: 'Three seats.' },
};
const taskKey = ({ project, taskId }) => ({ project, taskId });
const ids = (items, field = 'taskId') => items.map((item) => item[field]);

// ElectroDB wraps what the DocumentClient threw in an ElectroError ("aws-error",
// code 4001) whose cause is the SDK's exception.
function assertConditionFailed(error) {
  assert.equal(error.name, 'ElectroError', `${error}`);
  assert.equal(error.code, 4001);
  assert.ok(error.cause instanceof ConditionalCheckFailedException, `cause: ${error.cause}`);
  assert.equal(error.cause.message, 'The conditional request failed');
  assert.match(error.message, /The conditional request failed/);
}

// Sets come back from ElectroDB as arrays; their order is DynamoDB's, so sort.
const sortedLabels = (item) => (item?.labels ? { ...item, labels: [...item.labels].sort() } : item);

scenario('ElectroDB: a Task and a Comment entity in one Service', (step) => {
  step('the table, made with the SDK', async () => {
    await ddb.send(new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      GlobalSecondaryIndexes: [{
        IndexName: 'gsi1',
        KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      }],
    }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { TableName: TABLE });
  });

  step('create: tasks and comments; creating one twice is refused', async () => {
    for (const task of Object.values(tasks)) {
      const { data } = await Task.create(task).go();
      assert.deepEqual(sortedLabels(data), task);
    }
    for (const comment of Object.values(comments)) {
      const { data } = await Comment.create(comment).go();
      assert.deepEqual(data, comment);
    }
    // create() puts with attribute_not_exists on the keys.
    assertConditionFailed(await rejection(Task.create(tasks.t2).go(), 'creating t2 again'));
  });

  step('get: an item as created, a missing one as null', async () => {
    assert.deepEqual(sortedLabels((await Task.get(taskKey(tasks.t1)).go()).data), tasks.t1);
    assert.deepEqual((await Comment.get({ project: 'apollo', commentId: 'c2' }).go()).data, comments.c2);
    assert.equal((await Task.get({ project: 'apollo', taskId: 't9' }).go()).data, null);
  });

  step('query: a partition, a GSI with a sort key condition, pages through a cursor', async () => {
    const apollo = await Task.query.tasks({ project: 'apollo' }).go();
    assert.deepEqual(apollo.data.map(sortedLabels), [tasks.t1, tasks.t2, tasks.t3]);
    assert.equal(apollo.cursor, null);

    const open = await Task.query.byStatus({ status: 'open' }).go();
    assert.deepEqual(ids(open.data), ['t1', 't2', 't4']);
    const openInApollo = await Task.query.byStatus({ status: 'open' }).begins({ project: 'apollo' }).go();
    assert.deepEqual(ids(openInApollo.data), ['t1', 't2']);
    const lateTasks = await Task.query.tasks({ project: 'apollo' }).gt({ taskId: 't1' }).go();
    assert.deepEqual(ids(lateTasks.data), ['t2', 't3']);

    const first = await Task.query.tasks({ project: 'apollo' }).go({ limit: 2 });
    assert.deepEqual(ids(first.data), ['t1', 't2']);
    assert.equal(typeof first.cursor, 'string');
    const second = await Task.query.tasks({ project: 'apollo' }).go({ limit: 2, cursor: first.cursor });
    assert.deepEqual(ids(second.data), ['t3']);
    assert.equal(second.cursor, null);
  });

  step('a collection query of the service: tasks and comments of one project', async () => {
    const { data } = await app.collections.workspace({ project: 'apollo' }).go();
    assert.deepEqual(Object.keys(data).sort(), ['comment', 'task']);
    assert.deepEqual(data.task.map(sortedLabels), [tasks.t1, tasks.t2, tasks.t3]);
    assert.deepEqual(data.comment, [comments.c1, comments.c2]);
  });

  step('patch with a condition; refused when it no longer holds or the item is missing', async () => {
    const patch = () => Task.patch(taskKey(tasks.t1))
      .set({ status: 'closed' })
      .add({ points: 2 })
      .where(({ status }, { eq }) => eq(status, 'open'))
      .go({ response: 'all_new' });
    const { data } = await patch();
    assert.deepEqual(sortedLabels(data), { ...tasks.t1, status: 'closed', points: 5 });

    assertConditionFailed(await rejection(patch(), 'the same patch again'));
    // patch() adds attribute_exists on the keys: it never creates an item.
    assertConditionFailed(await rejection(Task.patch({ project: 'apollo', taskId: 't9' }).set({ points: 1 }).go(),
      'a patch of a missing task'));
    assert.equal((await Task.get({ project: 'apollo', taskId: 't9' }).go()).data, null);

    // The GSI keys moved with the status.
    assert.deepEqual(ids((await Task.query.byStatus({ status: 'open' }).go()).data), ['t2', 't4']);
    assert.deepEqual(ids((await Task.query.byStatus({ status: 'closed' }).go()).data), ['t1', 't3']);
  });

  step('remove: the old item back, then refused as missing', async () => {
    const { data } = await Comment.remove({ project: 'apollo', commentId: 'c1' }).go({ response: 'all_old' });
    assert.deepEqual(data, comments.c1);
    // remove() deletes with attribute_exists on the keys.
    assertConditionFailed(await rejection(Comment.remove({ project: 'apollo', commentId: 'c1' }).go(),
      'removing c1 again'));
    assert.equal((await Comment.get({ project: 'apollo', commentId: 'c1' }).go()).data, null);
    const { data: left } = await app.collections.workspace({ project: 'apollo' }).go();
    assert.deepEqual(left.comment, [comments.c2]);
  });
});

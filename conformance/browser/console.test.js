// dynarock's built-in console (--console), in headless Chromium: every view
// (tables, items with filter, create, edit and delete, Query and Scan,
// PartiQL, a live stream, TTL and backups, creating and deleting a table),
// each change checked in dynarock through the AWS SDK, screenshots of each
// view, and no page errors but the 400s a test provokes on purpose. Then the
// same console against a server with --auth, signing its calls.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, BatchWriteItemCommand, GetItemCommand, PutItemCommand,
  UpdateItemCommand, UpdateTimeToLiveCommand, UpdateContinuousBackupsCommand,
  CreateBackupCommand, DeleteItemCommand, ListTablesCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  startDynarock, launchBrowser, assertNoPageErrors, screenshot, credentials, region,
} from './helpers.js';

const TABLE = 'console-orders';
const WAIT = { timeout: 10_000 };

let dynarock;
let browser;
let page;
let ddb;

function client(url, keys = credentials) {
  return new DynamoDBClient({ endpoint: url, region, credentials: keys, maxAttempts: 1 });
}

async function getItem(pk, sk) {
  const { Item } = await ddb.send(new GetItemCommand({
    TableName: TABLE, Key: { pk: { S: pk }, sk: { N: String(sk) } }, ConsistentRead: true }));
  return Item;
}

// 30 orders: customer#1..3 x sk 1..10, status open for even sk.
async function seed() {
  await ddb.send(new CreateTableCommand({
    TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'status', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [{ IndexName: 'by-status', Projection: { ProjectionType: 'ALL' },
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' }] }],
    VectorIndexes: [{ IndexName: 'by-embedding', VectorAttribute: { AttributeName: 'embedding' },
      Dimensions: 3, DistanceFunction: 'COSINE', Projection: { ProjectionType: 'KEYS_ONLY' },
      SearchSchema: [{ AttributeName: 'status', SearchSchemaElementType: 'HASH' }] }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60 }, { TableName: TABLE });
  const items = [];
  for (const customer of [1, 2, 3]) {
    for (let sk = 1; sk <= 10; sk++) {
      items.push({ pk: { S: `customer#${customer}` }, sk: { N: String(sk) },
        status: { S: sk % 2 === 0 ? 'open' : 'shipped' }, amount: { N: String(sk * 10) } });
    }
  }
  for (let i = 0; i < items.length; i += 25) {
    await ddb.send(new BatchWriteItemCommand({ RequestItems: {
      [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: TABLE,
    TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: TABLE,
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  await ddb.send(new CreateBackupCommand({ TableName: TABLE, BackupName: 'before-the-test' }));
}

// Chooses the database the SDK writes to: the settings form in the header.
async function useDatabase(accessKey, secretKey = '') {
  await page.fill('#access-key', accessKey);
  await page.fill('#region', region);
  await page.fill('#secret-key', secretKey);
  await page.click('#settings button[type=submit]');
}

const rows = (selector) => page.locator(`${selector} tbody tr`);

// Takes the HTTP 400 answers a step provoked on purpose (and Chromium's
// console line for each) off the page's error list; anything else stays, to
// fail the next check.
function expectRejectedCalls(count) {
  const isRejected = (e) => /^HTTP 400 for POST http:\/\/127\.0\.0\.1:\d+\/$/.test(e);
  const isLogged = (e) => /Failed to load resource: the server responded with a status of 400/.test(e);
  assert.equal(page.errors.filter(isRejected).length, count, page.errors.join('\n'));
  const rest = page.errors.filter((e) => !isRejected(e) && !isLogged(e));
  page.errors.splice(0, page.errors.length, ...rest);
}

describe('the built-in console', () => {
  before(async () => {
    dynarock = await startDynarock('--console');
    ddb = client(dynarock.url);
    await seed();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('dialog', (dialog) => dialog.accept());
    await page.goto(`${dynarock.url}/console/`);
    await useDatabase(credentials.accessKeyId);
  });

  after(async () => {
    await browser?.close();
    assert.equal(await dynarock?.stop(), 0);
  });

  it('lists tables with their keys, indexes, item counts and sizes', async () => {
    // Rows come at once; each is filled in when its DescribeTable answers.
    const row = page.locator(`#tables tr[data-table="${TABLE}"][data-described]`);
    await row.waitFor(WAIT);
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 6),
      [TABLE, 'ACTIVE', 'pk (S)', 'sk (N)', 'by-status (global), by-embedding (vector)', '30']);
    assert.match(cells[6], /^\d+(\.\d)? (B|KB)$/);
    assert.equal(cells[7], 'NEW_AND_OLD_IMAGES');
    await screenshot(page, 'console-tables');
    assertNoPageErrors(page, 'on the table list');
  });

  it('browses items page by page', async () => {
    await page.click(`#tables a:text-is("${TABLE}")`);
    await page.locator('#page-summary').waitFor(WAIT);
    assert.equal(await page.textContent('#page-summary'), 'page 1: 25 items (25 scanned)');
    assert.equal(await rows('table.items').count(), 25);
    const header = await page.locator('table.items thead th').allInnerTexts();
    assert.deepEqual(header.slice(0, 2), ['pk', 'sk'], 'the key comes first');
    await screenshot(page, 'console-items');
    await page.click('#next-page');
    await page.waitForFunction(() =>
      document.querySelector('#page-summary')?.textContent.startsWith('page 2'));
    assert.equal(await page.textContent('#page-summary'), 'page 2: 5 items (5 scanned)');
    assert.ok(await page.isDisabled('#next-page'));
    await page.click('#previous-page');
    await page.waitForFunction(() =>
      document.querySelector('#page-summary')?.textContent.startsWith('page 1'));
    assertNoPageErrors(page, 'while paging');
  });

  it('filters a scan', async () => {
    await page.fill('input[name=filter-attribute]', 'status');
    await page.selectOption('select[name=filter-op]', '=');
    await page.fill('input[name=filter-value]', 'open');
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() =>
      /: 12 items \(25 scanned\)/.test(document.querySelector('#page-summary')?.textContent));
    const header = await page.locator('table.items thead th').allInnerTexts();
    const column = header.indexOf('status') + 1;
    const statuses = await page.locator(`table.items tbody td:nth-child(${column})`).allInnerTexts();
    assert.equal(statuses.length, 12);
    assert.ok(statuses.every((s) => s === 'open'), statuses.join());
    await page.fill('input[name=filter-attribute]', '');
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() =>
      document.querySelector('#page-summary')?.textContent === 'page 1: 25 items (25 scanned)');
    assertNoPageErrors(page, 'while filtering');
  });

  it('creates an item in the JSON editor', async () => {
    await page.click('#create-item');
    await page.fill('#item-json', JSON.stringify({
      pk: { S: 'customer#9' }, sk: { N: '1' }, status: { S: 'open' },
      lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] }, gift: { BOOL: true } }));
    await page.click('#save-item');
    await page.locator('#item-editor').waitFor({ state: 'detached', ...WAIT });
    assert.deepEqual(await getItem('customer#9', 1), {
      pk: { S: 'customer#9' }, sk: { N: '1' }, status: { S: 'open' },
      lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] }, gift: { BOOL: true } });
    assertNoPageErrors(page, 'creating an item');
  });

  it('does not overwrite an existing item when creating one', async () => {
    await page.click('#create-item');
    await page.fill('#item-json', JSON.stringify({ pk: { S: 'customer#9' }, sk: { N: '1' } }));
    await page.click('#save-item');
    const error = page.locator('#item-editor .error');
    await error.waitFor(WAIT);
    assert.equal(await error.getAttribute('data-error-type'), 'ConditionalCheckFailedException');
    assert.equal(await error.textContent(),
      'ConditionalCheckFailedException: The conditional request failed');
    expectRejectedCalls(1);
    assert.equal((await getItem('customer#9', 1)).gift.BOOL, true);
    await page.click('#cancel-item');
  });

  it('edits an item, and shows DynamoDB\'s error for a bad one', async () => {
    await page.selectOption('select[name=page-size]', '100');
    await page.fill('input[name=filter-attribute]', 'pk');
    await page.fill('input[name=filter-value]', 'customer#9');
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() =>
      /: 1 items/.test(document.querySelector('#page-summary')?.textContent));
    await page.click('button.edit-item');
    const edited = JSON.parse(await page.inputValue('#item-json'));
    assert.deepEqual(edited.lines, { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] });

    // Not JSON: caught in the page, nothing sent.
    await page.fill('#item-json', '{"pk": ');
    await page.click('#save-item');
    await page.locator('#item-editor .error[data-error-type="Invalid JSON"]').waitFor(WAIT);

    // JSON, but not a number: DynamoDB's own message, and nothing changes.
    await page.fill('#item-json', JSON.stringify({ ...edited, amount: { N: 'lots' } }));
    await page.click('#save-item');
    const error = page.locator('#item-editor .error[data-error-type="ValidationException"]');
    await error.waitFor(WAIT);
    assert.equal(await error.textContent(),
      'ValidationException: A value provided cannot be converted into a number');
    expectRejectedCalls(1);
    assert.equal((await getItem('customer#9', 1)).amount, undefined);

    // The key cannot change in the editor.
    await page.fill('#item-json', JSON.stringify({ ...edited, sk: { N: '2' } }));
    await page.click('#save-item');
    await page.locator('#item-editor .error[data-error-type="Console"]').waitFor(WAIT);

    await page.fill('#item-json', JSON.stringify({ ...edited, status: { S: 'shipped' },
      amount: { N: '99.50' } }));
    await page.click('#save-item');
    await page.locator('#item-editor').waitFor({ state: 'detached', ...WAIT });
    const item = await getItem('customer#9', 1);
    assert.deepEqual([item.status, item.amount], [{ S: 'shipped' }, { N: '99.5' }]);
    await screenshot(page, 'console-item-edited');
    assertNoPageErrors(page, 'editing an item');
  });

  it('shows hostile names and values as text', async () => {
    const hostile = '<img src=x onerror="window.__xss=1">';
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: {
      pk: { S: 'customer#9' }, sk: { N: '2' }, [hostile]: { S: '<script>window.__xss=2</script>' } } }));
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() =>
      /: 2 items/.test(document.querySelector('#page-summary')?.textContent));
    const header = await page.locator('table.items thead th').allInnerTexts();
    assert.ok(header.includes(hostile), header.join());
    const cells = await page.locator('table.items tbody td').allInnerTexts();
    assert.ok(cells.includes('<script>window.__xss=2</script>'), cells.join());
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('table.items img').count(), 0);
    await ddb.send(new DeleteItemCommand({ TableName: TABLE,
      Key: { pk: { S: 'customer#9' }, sk: { N: '2' } } }));
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() =>
      /: 1 items/.test(document.querySelector('#page-summary')?.textContent));
    assertNoPageErrors(page, 'showing hostile names');
  });

  it('deletes an item', async () => {
    await page.click('button.delete-item');
    await page.waitForFunction(() =>
      /: 0 items/.test(document.querySelector('#page-summary')?.textContent));
    assert.equal(await getItem('customer#9', 1), undefined);
    assertNoPageErrors(page, 'deleting an item');
  });

  it('runs a Query on the table and on an index', async () => {
    await page.click('#tab-query');
    await page.locator('#query-form').waitFor(WAIT);
    await page.fill('textarea[name=values]', JSON.stringify({ ':pk': { S: 'customer#2' } }));
    await page.uncheck('input[name=forward]');
    await page.fill('input[name=limit]', '4');
    await page.click('#run-query');
    await page.locator('#query-summary').waitFor(WAIT);
    assert.match(await page.textContent('#query-summary'), /^4 items \(4 scanned, [\d.]+ capacity units\)$/);
    const sks = () => page.locator('#query-results tbody td:nth-child(2)').allInnerTexts();
    assert.deepEqual(await sks(), ['10', '9', '8', '7']);
    await page.click('#query-next');
    await page.waitForFunction(() =>
      document.querySelector('#query-results tbody td:nth-child(2)')?.textContent === '6');
    assert.deepEqual(await sks(), ['6', '5', '4', '3']);

    await page.selectOption('select[name=index]', 'by-status');
    assert.equal(await page.inputValue('textarea[name=names]'), '{"#pk":"status"}');
    await page.fill('textarea[name=values]', JSON.stringify({ ':pk': { S: 'open' } }));
    await page.fill('input[name=limit]', '');
    await page.fill('input[name=filter]', 'amount >= :t');
    await page.fill('textarea[name=values]', JSON.stringify({ ':pk': { S: 'open' }, ':t': { N: '80' } }));
    await page.click('#run-query');
    await page.waitForFunction(() =>
      /^6 items \(15 scanned/.test(document.querySelector('#query-summary')?.textContent));
    await screenshot(page, 'console-query');

    // Scan on the table, with a projection.
    await page.selectOption('select[name=operation]', 'Scan');
    await page.selectOption('select[name=index]', '');
    await page.fill('input[name=filter]', '');
    await page.fill('input[name=projection]', 'pk, sk');
    await page.click('#run-query');
    await page.waitForFunction(() =>
      /^30 items \(30 scanned/.test(document.querySelector('#query-summary')?.textContent));
    const header = await page.locator('#query-results thead th').allInnerTexts();
    assert.deepEqual(header, ['pk', 'sk']);
    assertNoPageErrors(page, 'querying');
  });

  it('shows a Query\'s error as DynamoDB words it', async () => {
    await page.selectOption('select[name=operation]', 'Query');
    await page.fill('input[name=projection]', '');
    await page.fill('input[name=key-condition]', 'amount = :t');
    await page.fill('textarea[name=values]', JSON.stringify({ ':t': { N: '1' } }));
    await page.click('#run-query');
    const error = page.locator('#query-results .error');
    await error.waitFor(WAIT);
    assert.equal(await error.textContent(), 'ValidationException: Query condition missed key ' +
      'schema element: pk');
    expectRejectedCalls(1);
  });

  it('runs PartiQL statements, page after page', async () => {
    await page.click('#nav-partiql');
    await page.fill('#statement', `SELECT * FROM "${TABLE}" WHERE pk = ?`);
    await page.fill('#parameters', JSON.stringify([{ S: 'customer#3' }]));
    await page.click('#run-statement');
    await page.waitForFunction(() =>
      document.querySelector('#partiql-summary')?.textContent === '10 items');
    await screenshot(page, 'console-partiql');

    await page.fill('#statement', `UPDATE "${TABLE}" SET note = 'rush' WHERE pk = ? AND sk = 3`);
    await page.click('#run-statement');
    await page.locator('#partiql-results .ok').waitFor(WAIT);
    assert.deepEqual((await getItem('customer#3', 3)).note, { S: 'rush' });

    await page.fill('#statement', `SELECT * FROM "${TABLE}" WHERE pk = ? AND sk = 3`);
    await page.fill('#parameters', '[]');
    await page.click('#run-statement');
    const error = page.locator('#partiql-results .error');
    await error.waitFor(WAIT);
    assert.equal(await error.getAttribute('data-error-type'), 'ValidationException');
    expectRejectedCalls(1);
    assertNoPageErrors(page, 'running PartiQL');
  });

  it('watches the table\'s stream live', async () => {
    await page.goto(`${dynarock.url}/console/#/table/${TABLE}/stream`);
    await page.click('#watch');
    await page.waitForFunction(() => document.querySelector('#watch')?.textContent === 'Stop');
    await ddb.send(new PutItemCommand({ TableName: TABLE,
      Item: { pk: { S: 'customer#7' }, sk: { N: '1' }, status: { S: 'open' } } }));
    await ddb.send(new UpdateItemCommand({ TableName: TABLE,
      Key: { pk: { S: 'customer#7' }, sk: { N: '1' } },
      UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: 'shipped' } } }));
    await page.waitForFunction(() => document.querySelectorAll('#records .record').length === 2,
      null, WAIT);
    const records = await page.locator('#records .record').allInnerTexts();
    // Newest first.
    const image = (record, label) =>
      JSON.parse(record.split('\n').find((line) => line.startsWith(`${label}: `)).slice(label.length + 2));
    assert.match(records[0], /^MODIFY /);
    assert.deepEqual(image(records[0], 'new'), { pk: 'customer#7', sk: '1', status: 'shipped' });
    assert.deepEqual(image(records[0], 'old'), { pk: 'customer#7', sk: '1', status: 'open' });
    assert.match(records[1], /^INSERT /);
    assert.deepEqual(image(records[1], 'keys'), { pk: 'customer#7', sk: '1' });
    assert.deepEqual(image(records[1], 'new'), { pk: 'customer#7', sk: '1', status: 'open' });
    await screenshot(page, 'console-stream');
    await page.click('#watch');
    assert.equal(await page.textContent('#watch-state'), 'stopped');
    assertNoPageErrors(page, 'watching the stream');
  });

  it('stops watching when the user leaves the stream tab', async () => {
    await page.click('#watch');
    await page.waitForFunction(() => document.querySelector('#watch')?.textContent === 'Stop');
    await page.click('#tab-items');
    await page.locator('#page-summary').waitFor(WAIT);
    let polls = 0;
    const count = (request) => {
      if (request.headers()['x-amz-target'] === 'DynamoDBStreams_20120810.GetRecords') polls++;
    };
    page.on('request', count);
    await new Promise((resolve) => setTimeout(resolve, 2500));  // the poller ticks every second
    page.off('request', count);
    assert.equal(polls, 0);
    assertNoPageErrors(page, 'leaving the stream tab');
  });

  it('shows TTL, backups and the table\'s details', async () => {
    await page.goto(`${dynarock.url}/console/#/table/${TABLE}/settings`);
    await page.locator('#ttl-status').waitFor(WAIT);
    assert.equal(await page.textContent('#ttl-status'), 'ENABLED');
    assert.match(await page.textContent('#ttl'), /expires/);
    assert.equal(await page.textContent('#pitr-status'), 'ENABLED');
    const backups = await rows('#backup-list').allInnerTexts();
    assert.equal(backups.length, 1);
    assert.match(backups[0], /^before-the-test\tAVAILABLE\tUSER\t/);
    const index = await rows('#indexes').allInnerTexts();
    assert.equal(index.length, 2);
    assert.match(index[0], /^by-status\tglobal\tstatus, sk\tALL\tACTIVE\t\d+$/);
    assert.match(index[1],
      /^by-embedding\tvector\tembedding: 3 dimensions, COSINE, status\tKEYS_ONLY\tACTIVE\t\d+$/);
    assert.match(await page.textContent('#details'), /PAY_PER_REQUEST/);
    await screenshot(page, 'console-settings');
    assertNoPageErrors(page, 'on the settings tab');
  });

  it('creates and deletes a table', async () => {
    await page.click('#nav-tables');
    await page.click('#create-table');
    await page.fill('input[name=table-name]', 'console-new');
    await page.fill('input[name=partition-key]', 'id');
    await page.selectOption('select[name=partition-key-type]', 'N');
    await page.selectOption('select[name=stream]', 'KEYS_ONLY');
    await page.click('#create-table-form button[type=submit]');
    await page.waitForFunction(() =>
      document.querySelector('#table-name')?.textContent === 'console-new');
    const { TableNames } = await ddb.send(new ListTablesCommand({}));
    assert.ok(TableNames.includes('console-new'));

    await page.click('#tab-settings');
    await page.click('#delete-table');
    await page.locator(`#tables tr[data-table="${TABLE}"][data-described]`).waitFor(WAIT);
    assert.equal(await page.locator('#tables tr[data-table="console-new"]').count(), 0);
    assert.deepEqual((await ddb.send(new ListTablesCommand({}))).TableNames, [TABLE]);
    assertNoPageErrors(page, 'creating and deleting a table');
  });

  it('shows each access key\'s own database', async () => {
    await useDatabase('someone-else');
    await page.locator('#no-tables').waitFor(WAIT);
    await useDatabase(credentials.accessKeyId);
    await page.locator(`#tables tr[data-table="${TABLE}"][data-described]`).waitFor(WAIT);
    assertNoPageErrors(page, 'switching databases');
  });
});

describe('the console against a server that verifies signatures (--auth)', () => {
  const keys = { accessKeyId: 'console-user', secretAccessKey: 'console-secret' };
  let server;

  before(async () => {
    // --auth takes its one key pair from the environment it starts in.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    try {
      server = await startDynarock('--console', '--auth');
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret]]) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0);
  });

  it('signs its calls with the secret key given', async () => {
    await page.goto(`${server.url}/console/`);
    await useDatabase(keys.accessKeyId);
    const error = page.locator('.error');
    await error.waitFor(WAIT);
    assert.match(await error.getAttribute('data-error-type'),
      /^(UnrecognizedClientException|InvalidSignatureException|IncompleteSignatureException)$/);
    // Refused twice: as the page opened, and after Apply without the secret.
    expectRejectedCalls(2);

    await useDatabase(keys.accessKeyId, keys.secretAccessKey);
    await page.locator('#no-tables').waitFor(WAIT);
    await client(server.url, keys).send(new CreateTableCommand({
      TableName: 'signed', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
    // The secret is kept in memory only: a reload forgets it.
    await page.reload();
    await page.locator('.error').waitFor(WAIT);
    assert.equal(await page.inputValue('#secret-key'), '');
    expectRejectedCalls(1);
    await useDatabase(keys.accessKeyId, keys.secretAccessKey);
    await page.locator('#tables tr[data-table="signed"][data-described]').waitFor(WAIT);
    assertNoPageErrors(page, 'with signed calls');
  });
});

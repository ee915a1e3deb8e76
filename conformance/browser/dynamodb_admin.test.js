// dynamodb-admin (the npm web UI people run beside DynamoDB Local), unchanged,
// pointed at dynarock and driven in headless Chromium: table list, items
// (scan pages and a key query), an item's editor, create and delete an item,
// the Get, Meta and TTL tabs, the Create table form (todo: see there), and a
// table purged and deleted from the UI. Every change made in the browser is
// checked in dynarock through the AWS SDK. Run: node --test dynamodb_admin.test.js
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, DescribeTableCommand,
  BatchWriteItemCommand, GetItemCommand, ListTablesCommand, PutItemCommand, ScanCommand,
  UpdateTimeToLiveCommand, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import {
  startDynarock, startProcess, launchBrowser, assertNoPageErrors, screenshot,
  credentials, region,
} from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const suffix = randomBytes(4).toString('hex');
const TABLE = `admin_items_${suffix}`;
const UI_TABLE = `admin_ui_${suffix}`;

// Plain JS <-> AttributeValue, for the types this test uses (S, N, BOOL,
// NULL, L, M): the item editor shows items the way the document client does.
function toAttr(value) {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttr) };
  return { M: toItem(value) };
}
const toItem = (object) => Object.fromEntries(Object.entries(object).map(([k, v]) => [k, toAttr(v)]));
function fromAttr(attr) {
  const [[type, value]] = Object.entries(attr);
  switch (type) {
    case 'S': return value;
    case 'N': return Number(value);
    case 'BOOL': return value;
    case 'NULL': return null;
    case 'L': return value.map(fromAttr);
    case 'M': return fromItem(value);
    default: throw new Error(`unexpected attribute type ${type}`);
  }
}
const fromItem = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttr(v)]));

// 30 items: pk alpha/beta/gamma x n 1..10, more than dynamodb-admin's page of 25.
const seed = [];
for (const pk of ['alpha', 'beta', 'gamma']) {
  for (let n = 1; n <= 10; n++) {
    seed.push({
      pk,
      n,
      title: pk === 'alpha' && n === 3 ? 'Café ☕ über' : `${pk} #${n}`,
      status: 'draft',
      tags: ['red', n % 2 ? 'odd' : 'even'],
      meta: { views: n * 10, public: n % 2 === 0 },
      note: null,
    });
  }
}
const keyOf = (item) => `${item.pk},${item.n}`;
const seedByKey = new Map(seed.map((item) => [keyOf(item), item]));

let dynarock;
let admin;
let adminUrl;
let browser;
let page;
let ddb;

async function getItem(TableName, pk, n) {
  const { Item } = await ddb.send(new GetItemCommand({
    TableName, Key: { pk: { S: pk }, n: { N: String(n) } }, ConsistentRead: true,
  }));
  return Item ? fromItem(Item) : undefined;
}

// The text of the item editor (Ace), as the page has it.
const editorText = () => page.evaluate(() => editor.getValue()); // eslint-disable-line no-undef

// Replaces the whole text of the Ace editor the way a person does: click in
// it, select all, type.
async function typeIntoEditor(text) {
  await page.locator('.ace_content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  assert.equal(await editorText(), text, 'the editor holds exactly what was typed');
}

// Keys of the item rows on the items page, read from their View links.
async function shownKeys() {
  const hrefs = await page.locator('#items-container tr td:first-child a').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')));
  return hrefs.map((href) => decodeURIComponent(href.slice(href.lastIndexOf('/') + 1)));
}

async function waitForRows(count) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#items-container tr').length === n ||
      document.querySelector('#error-wrapper .alert'),
    count);
  await assertNoErrorBanner();
  assert.equal(await page.locator('#items-container tr').count(), count);
}

// dynamodb-admin ships no favicon, so Chromium's request for /favicon.ico
// gets a 404 from dynamodb-admin itself (dynarock is not involved); every
// other page error fails the step.
function checkPage(when) {
  const rest = page.errors.filter((e) => !(/\b404\b/.test(e) && /\/favicon\.ico\b/.test(e)));
  page.errors.splice(0, page.errors.length, ...rest);
  assertNoPageErrors(page, when);
}

// dynamodb-admin shows a failed DynamoDB call as an alert in #error-wrapper.
async function assertNoErrorBanner() {
  const alerts = await page.locator('#error-wrapper .alert').allInnerTexts();
  assert.deepEqual(alerts, [], `dynamodb-admin showed an error: ${alerts.join(' | ')}\n` +
    `--- dynamodb-admin's output ---\n${admin.output().slice(-3000)}`);
}

describe('dynamodb-admin pointed at dynarock', () => {
  before(async () => {
    dynarock = await startDynarock();
    ddb = new DynamoDBClient({ endpoint: dynarock.url, region, credentials });

    await ddb.send(new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'n', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: TABLE });
    for (let i = 0; i < seed.length; i += 25) {
      const { UnprocessedItems } = await ddb.send(new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: seed.slice(i, i + 25).map((item) => ({ PutRequest: { Item: toItem(item) } })),
        },
      }));
      assert.deepEqual(UnprocessedItems ?? {}, {});
    }

    // dynamodb-admin as people run it: its bin, configured by environment.
    const pkg = JSON.parse(await readFile(path.join(here, 'node_modules', 'dynamodb-admin', 'package.json'), 'utf8'));
    const bin = path.join(here, 'node_modules', 'dynamodb-admin', pkg.bin['dynamodb-admin']);
    admin = await startProcess(process.execPath, [bin, '--host', '127.0.0.1', '--port', '0'], {
      env: {
        DYNAMO_ENDPOINT: dynarock.url,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      ready: /dynamodb-admin listening on (http:\/\/127\.0\.0\.1:\d+)/,
      name: 'dynamodb-admin',
    });
    adminUrl = admin.match;

    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (dialog) => dialog.accept());
  });

  after(async () => {
    // Errors a step's own check did not see (e.g. after it failed early).
    const left = page?.errors ?? [];
    await browser?.close();
    await admin?.stop();
    await dynarock?.stop();
    if (left.length) console.error(`page errors after the last step:\n${left.join('\n')}`);
  });

  it('lists the table', async () => {
    await page.goto(`${adminUrl}/`);
    const row = page.locator(`#table-list li[data-table-name="${TABLE}"]`);
    await row.waitFor();
    assert.equal((await row.locator('a').first().innerText()).trim(), TABLE);
    // The filter box narrows the list to matching names.
    await page.locator('#filter-input').fill(suffix);
    assert.ok(await row.isVisible());
    await page.locator('#filter-input').fill('');
    await screenshot(page, 'admin-01-tables');
    checkPage();
  });

  it('opens the table and pages through its items (Scan)', async () => {
    await page.locator(`#table-list li[data-table-name="${TABLE}"] a`).first().click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}`);
    await waitForRows(25);
    const columns = await page.locator('#actions-row th').allInnerTexts();
    assert.deepEqual(columns.slice(0, 3).map((c) => c.trim()), ['Actions', 'pk', 'n']);
    assert.deepEqual(columns.slice(3).map((c) => c.trim()).sort(), ['meta', 'note', 'status', 'tags', 'title']);
    assert.match(await page.locator('.item-count').innerText(), /showing 1 - 25/);
    const first = await shownKeys();
    assert.equal(new Set(first).size, 25);
    for (const key of first) assert.ok(seedByKey.has(key), `unexpected row ${key}`);
    // The first row's cells show its attributes.
    const cells = await page.locator('#items-container tr').first().locator('td').allInnerTexts();
    const item = seedByKey.get(first[0]);
    assert.match(cells[1], new RegExp(`"${item.pk}"`));
    assert.equal(cells[2].trim(), String(item.n));
    await screenshot(page, 'admin-02-items-page1');
    checkPage();

    await page.locator('.page-link-next').click();
    await page.waitForURL(/pageNum=2/);
    await waitForRows(5);
    const second = await shownKeys();
    assert.deepEqual([...first, ...second].sort(), [...seedByKey.keys()].sort(),
      'the two pages show every item exactly once');
    await screenshot(page, 'admin-03-items-page2');
    checkPage();
  });

  it('queries one partition with a sort-key condition (Query)', async () => {
    await page.goto(`${adminUrl}/tables/${TABLE}`);
    await waitForRows(25);
    await page.locator('select[name="operationType"]').selectOption('query');
    // Choosing Query adds a required row for the hash key and one for the range key.
    const rows = page.locator('#filters-table tr');
    await rows.nth(2).waitFor();
    const hashRow = page.locator('#filters-table tr:has(.filter-row-key[readonly])');
    assert.equal(await hashRow.locator('.filter-row-key').inputValue(), 'pk');
    await hashRow.locator('.filter-row-value').fill('beta');
    const rangeRow = rows.nth(2);
    assert.equal(await rangeRow.locator('.filter-row-key').inputValue(), 'n');
    await rangeRow.locator('.filter-row-type').selectOption('N');
    await rangeRow.locator('.filter-row-operator').selectOption('>=');
    await rangeRow.locator('.filter-row-value').fill('7');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/operationType=query/);
    await waitForRows(4);
    assert.deepEqual(await shownKeys(), ['beta,7', 'beta,8', 'beta,9', 'beta,10'],
      'Query returns the partition in sort-key order');
    await screenshot(page, 'admin-04-query');
    checkPage();
  });

  it('opens an item from the list, edits it in the editor and saves it', async () => {
    await page.goto(`${adminUrl}/tables/${TABLE}`);
    await waitForRows(25);
    const [key] = await shownKeys();
    const original = seedByKey.get(key);
    await page.locator('#items-container tr').first().getByRole('link', { name: 'View' }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/items/${encodeURIComponent(key)}`);
    await page.locator('.ace_content').waitFor();
    assert.deepEqual(JSON.parse(await editorText()), original, 'the editor shows the item');
    await screenshot(page, 'admin-05-item');

    const edited = { ...original, status: 'published', meta: { ...original.meta, views: 999 }, editedBy: 'dynamodb-admin' };
    delete edited.note;
    await typeIntoEditor(JSON.stringify(edited, null, 2));
    await page.locator('#saveButton').click();
    await page.waitForFunction(() => {
      const button = document.querySelector('#saveButton');
      return button.classList.contains('btn-success') || button.classList.contains('btn-warning');
    });
    await assertNoErrorBanner();
    assert.deepEqual(JSON.parse(await editorText()), edited, 'after saving, the editor shows the stored item');
    await screenshot(page, 'admin-06-item-saved');
    checkPage();

    assert.deepEqual(await getItem(TABLE, original.pk, original.n), edited, 'dynarock holds the edited item');
  });

  it('finds an item by key on the Get tab (UTF-8 intact)', async () => {
    await page.goto(`${adminUrl}/tables/${TABLE}`);
    await page.getByRole('link', { name: 'Get', exact: true }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/get`);
    await page.locator('input[name="hash"]').fill('alpha');
    await page.locator('input[name="range"]').fill('3');
    await page.getByRole('button', { name: 'Get' }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/items/alpha,3`);
    await page.locator('.ace_content').waitFor();
    const shown = JSON.parse(await editorText());
    assert.equal(shown.title, 'Café ☕ über');
    assert.deepEqual(shown, seedByKey.get('alpha,3'));
    checkPage();
  });

  it('creates an item from the editor, then deletes it', async () => {
    await page.goto(`${adminUrl}/tables/${TABLE}`);
    await page.getByRole('link', { name: 'Create item' }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/add-item`);
    await page.locator('.ace_content').waitFor();
    assert.deepEqual(JSON.parse(await editorText()), { pk: '', n: 0 }, 'a new item starts with its key attributes');

    const created = { pk: 'delta', n: 42, title: 'made in the browser', tags: ['new'], meta: { views: 0 }, done: false };
    await typeIntoEditor(JSON.stringify(created, null, 2));
    await page.locator('#saveButton').click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/items/${encodeURIComponent('delta,42')}`);
    await page.locator('.ace_content').waitFor();
    assert.deepEqual(JSON.parse(await editorText()), created);
    await screenshot(page, 'admin-07-item-created');
    checkPage();
    assert.deepEqual(await getItem(TABLE, 'delta', 42), created, 'dynarock holds the new item');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}`);
    await waitForRows(25);
    checkPage();
    assert.equal(await getItem(TABLE, 'delta', 42), undefined, 'the item is gone from dynarock');
  });

  it('shows the table description (Meta) and its time to live (TTL)', async () => {
    await page.goto(`${adminUrl}/tables/${TABLE}/meta`);
    await page.locator('.ace_content').waitFor();
    const description = JSON.parse(await editorText());
    assert.equal(description.TableName, TABLE);
    assert.equal(description.TableStatus, 'ACTIVE');
    assert.deepEqual(description.KeySchema, [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'n', KeyType: 'RANGE' },
    ]);
    await screenshot(page, 'admin-08-meta');
    checkPage();

    await page.getByRole('link', { name: 'TTL' }).click();
    await page.waitForURL(`${adminUrl}/tables/${TABLE}/ttl`);
    await assertNoErrorBanner();
    assert.equal((await page.locator('td .badge').innerText()).trim(), 'DISABLED');
    await ddb.send(new UpdateTimeToLiveCommand({
      TableName: TABLE, TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
    }));
    await page.reload();
    assert.equal((await page.locator('td .badge').innerText()).trim(), 'ENABLED');
    assert.equal((await page.locator('tr:has(th:text("Attribute")) td').innerText()).trim(), 'expires');
    await screenshot(page, 'admin-09-ttl');
    checkPage();
  });

  // dynamodb-admin posts the form's capacity fields as JSON strings
  // ("ReadCapacityUnits":"3"). DynamoDB answers 400 SerializationException
  // "STRING_VALUE cannot be converted to Long" (an SDK that validates would
  // not send it); DynamoDB Local accepts it (dynamodb-admin issue #518:
  // strict endpoints fail here). dynarock answers as DynamoDB does, and the
  // form shows that answer; nothing is created (COMPATIBILITY.md).
  it('shows DynamoDB\'s refusal of the Create table form\'s string capacities', async () => {
    const name = `${UI_TABLE}_form`;
    try {
      await page.goto(`${adminUrl}/`);
      await page.getByRole('link', { name: 'Create table' }).click();
      await page.waitForURL(`${adminUrl}/create-table`);
      await page.locator('#TableName').fill(name);
      await page.locator('#HashAttributeName').fill('pk');
      await page.locator('select[name="HashAttributeType"]').selectOption('S');
      await page.locator('#RangeAttributeName').fill('n');
      await page.locator('select[name="RangeAttributeType"]').selectOption('N');
      await page.getByRole('button', { name: 'New Secondary Index' }).click();
      await page.locator('input[name="secondary-index-1-IndexName"]').fill('byOwner');
      await page.locator('select[name="secondary-index-1-IndexType"]').selectOption('global');
      await page.locator('input[name="secondary-index-1-HashAttributeName"]').fill('owner');
      await page.locator('select[name="secondary-index-1-HashAttributeType"]').selectOption('S');
      await screenshot(page, 'admin-10-create-table');
      await page.getByRole('button', { name: 'Submit' }).click();
      const alert = page.locator('#error-wrapper .alert');
      await alert.waitFor();
      await screenshot(page, 'admin-10-create-table-error');
      assert.match(await alert.innerText(), /STRING_VALUE cannot be converted to Long/);
      const { TableNames } = await ddb.send(new ListTablesCommand({}));
      assert.ok(!TableNames.includes(name), 'no table was created');
    } finally {
      // The refused POST leaves its error response and console line on the
      // page: they are this test's, not the next one's.
      page.errors.splice(0);
      await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => {});
    }
  });

  it('purges a table from its Meta tab and deletes it from the table list', async () => {
    await ddb.send(new CreateTableCommand({
      TableName: UI_TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' },
        { AttributeName: 'owner', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'n', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [{
        IndexName: 'byOwner',
        KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 },
      }],
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 3 },
    }));
    await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: UI_TABLE });
    for (let n = 1; n <= 3; n++) {
      await ddb.send(new PutItemCommand({ TableName: UI_TABLE, Item: toItem({ pk: 'p', n, owner: 'me' }) }));
    }

    // Purge: a Scan of the keys, then BatchWriteItem deletes (confirmed).
    await page.goto(`${adminUrl}/tables/${UI_TABLE}/meta`);
    await page.locator('.ace_content').waitFor();
    await page.getByRole('button', { name: 'Purge table' }).click();
    await page.waitForURL(`${adminUrl}/tables/${UI_TABLE}`);
    await page.locator('.no-results:not(.d-none)').waitFor();
    await assertNoErrorBanner();
    checkPage('after purging a table');
    const { Items } = await ddb.send(new ScanCommand({ TableName: UI_TABLE, ConsistentRead: true }));
    assert.deepEqual(Items, [], 'the purge removed every item');

    // Delete from the table list (it asks to confirm; the dialog is accepted).
    await page.goto(`${adminUrl}/`);
    const row = page.locator(`#table-list li[data-table-name="${UI_TABLE}"]`);
    await row.waitFor();
    await Promise.all([page.waitForEvent('load'), row.getByText('Delete').click()]);
    await waitUntilTableNotExists({ client: ddb, maxWaitTime: 60 }, { TableName: UI_TABLE });
    // DynamoDB may list a table while it is DELETING: reload until it is gone.
    for (let i = 0; i < 30 && await row.count(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await page.reload();
    }
    assert.equal(await row.count(), 0, 'the table is gone from the list');
    assert.ok(await page.locator(`#table-list li[data-table-name="${TABLE}"]`).isVisible());
    await screenshot(page, 'admin-11-tables-after-delete');
    checkPage('after deleting a table');
  });

  it('leaves the seeded table ACTIVE, and it deletes cleanly', async () => {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: TABLE }));
    assert.equal(Table.TableStatus, 'ACTIVE');
    await ddb.send(new DeleteTableCommand({ TableName: TABLE }));
  });
});

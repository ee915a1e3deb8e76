// dynarock console: a single page that talks to the server through the
// DynamoDB wire protocol, exactly as an SDK would (POST / with X-Amz-Target),
// so everything it shows is what any client would see. No framework, no
// build step: the server embeds this file as it is.
'use strict';

// ---------------------------------------------------------------------------
// Settings: which database to show. dynarock keeps one per access key and
// region (like DynamoDB Local) unless it runs with -sharedDb.

// The secret key (only for --auth) is kept in memory alone: never stored.
const settings = {
  accessKey: localStorage.getItem('dynarock.accessKey') || 'local',
  region: localStorage.getItem('dynarock.region') || 'us-east-1',
  secretKey: '',
};

function initSettings() {
  const field = (id) => document.getElementById(id);
  field('access-key').value = settings.accessKey;
  field('region').value = settings.region;
  document.getElementById('settings').addEventListener('submit', (event) => {
    event.preventDefault();
    settings.accessKey = field('access-key').value.trim() || 'local';
    settings.region = field('region').value.trim() || 'us-east-1';
    settings.secretKey = field('secret-key').value;
    localStorage.setItem('dynarock.accessKey', settings.accessKey);
    localStorage.setItem('dynarock.region', settings.region);
    route();
  });
}

// ---------------------------------------------------------------------------
// The wire protocol.

class ApiError extends Error {
  constructor(type, message) {
    super(message ? `${type}: ${message}` : type);
    this.type = type;
  }
}

const hex = (buffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

async function hmac(key, text) {
  const raw = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false,
    ['sign']);
  return crypto.subtle.sign('HMAC', k, new TextEncoder().encode(text));
}

// The Authorization header. Without a secret key, an unsigned credential:
// enough for a server without --auth, which only reads the access key and
// region from it. With one, a real SigV4 signature (needs WebCrypto, which
// browsers offer on https and on localhost).
async function authorize(headers, body) {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${settings.region}/dynamodb/aws4_request`;
  headers['X-Amz-Date'] = amzDate;
  if (!settings.secretKey) {
    headers.Authorization = `AWS4-HMAC-SHA256 Credential=${settings.accessKey}/${scope}, ` +
      'SignedHeaders=host, Signature=unsigned';
    return;
  }
  if (!window.crypto || !crypto.subtle) {
    throw new ApiError('Console', 'signing needs WebCrypto: open the console on localhost or https');
  }
  const signed = ['content-type', 'host', 'x-amz-date', 'x-amz-target'];
  const values = {
    'content-type': headers['Content-Type'], host: location.host,
    'x-amz-date': amzDate, 'x-amz-target': headers['X-Amz-Target'],
  };
  const canonical = ['POST', '/', '',
    ...signed.map((name) => `${name}:${values[name]}`), '',
    signed.join(';'), await sha256Hex(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonical)].join('\n');
  let key = await hmac('AWS4' + settings.secretKey, day);
  for (const part of [settings.region, 'dynamodb', 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  headers.Authorization = `AWS4-HMAC-SHA256 Credential=${settings.accessKey}/${scope}, ` +
    `SignedHeaders=${signed.join(';')}, Signature=${signature}`;
}

let callsInFlight = 0;

function showActivity() {
  document.getElementById('status').textContent = callsInFlight > 0 ? 'working…' : '';
}

// Calls one operation; resolves with the decoded answer or rejects with an
// ApiError carrying DynamoDB's error type and message.
async function call(operation, request = {}, api = 'DynamoDB_20120810') {
  const body = JSON.stringify(request);
  const headers = {
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': `${api}.${operation}`,
  };
  await authorize(headers, body);
  callsInFlight++;
  showActivity();
  try {
    const response = await fetch('/', { method: 'POST', headers, body });
    const text = await response.text();
    let answer;
    try {
      answer = text ? JSON.parse(text) : {};
    } catch {
      // Not DynamoDB's answer (a proxy's error page, say): show what came.
      throw new ApiError(`HTTP ${response.status}`, text.slice(0, 200));
    }
    if (!response.ok) {
      const type = String(answer.__type || `HTTP ${response.status}`).split('#').pop();
      throw new ApiError(type, answer.message || answer.Message || '');
    }
    return answer;
  } finally {
    callsInFlight--;
    showActivity();
  }
}

const streams = (operation, request) => call(operation, request, 'DynamoDBStreams_20120810');

// ---------------------------------------------------------------------------
// DOM helpers.

// h('a', {href: '#/'}, 'text', child...): an element. Attributes starting
// with "on" are listeners; children may be strings, nodes, arrays or null.
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function show(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes.flat());
}

function errorBox(error) {
  return h('p', { class: 'error', 'data-error-type': error.type || 'Error' }, String(error.message));
}

// Runs `work` and shows in `place` the nodes it returns, or the error it
// throws -- unless `place` was rendered again meanwhile: the last thing asked
// for is what stays on screen, whatever order the answers come back in.
async function render(place, work) {
  const ticket = (place.renderTicket = (place.renderTicket || 0) + 1);
  let nodes;
  try {
    nodes = await work();
  } catch (error) {
    nodes = errorBox(error);
  }
  if (place.renderTicket !== ticket) return;
  place.replaceChildren(...[nodes].flat(Infinity).filter((n) => n !== undefined && n !== null));
}

// Runs `work(item)` for every item, at most `limit` at a time.
async function eachLimited(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function formatBytes(n) {
  if (n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

const formatTime = (seconds) => (seconds ? new Date(seconds * 1000).toISOString() : '');

// ---------------------------------------------------------------------------
// Attribute values: DynamoDB JSON in, short text out.

function plain(value) {
  const [type, v] = Object.entries(value)[0] || [];
  switch (type) {
    case 'S': case 'N': return v;
    case 'B': return `b64:${v}`;
    case 'BOOL': return v;
    case 'NULL': return null;
    case 'SS': case 'NS': case 'BS': return v;
    case 'L': return v.map(plain);
    case 'M': return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    default: return value;
  }
}

// At most this many characters of a value in a grid cell (items reach 400 KB).
const CELL_CHARACTERS = 200;
// At most this many attribute columns in a grid.
const GRID_COLUMNS = 16;

function shortText(value) {
  const [type, v] = Object.entries(value)[0] || [];
  let text;
  if (type === 'S' || type === 'N') text = v;
  else if (type === 'SS' || type === 'NS' || type === 'BS') text = `{${v.join(', ')}}`;
  else text = JSON.stringify(plain(value));
  return text.length > CELL_CHARACTERS ? `${text.slice(0, CELL_CHARACTERS)}…` : text;
}

function keyNames(keySchema) {
  const hash = keySchema.find((k) => k.KeyType === 'HASH');
  const range = keySchema.find((k) => k.KeyType === 'RANGE');
  return [hash && hash.AttributeName, range && range.AttributeName].filter(Boolean);
}

function keyOf(item, names) {
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

// An items grid: the key attributes first, then the others the page holds.
// `actions(item)` gives the nodes of the last column, if any.
function itemsGrid(items, keys, actions) {
  const names = [...keys];
  for (const item of items) {
    for (const name of Object.keys(item)) if (!names.includes(name)) names.push(name);
  }
  const shown = names.slice(0, GRID_COLUMNS);
  const hidden = names.length - shown.length;
  return h('table', { class: 'grid items' },
    h('thead', {}, h('tr', {}, shown.map((n) => h('th', {}, n)),
      hidden > 0 ? h('th', { class: 'note' }, `+${hidden} more attributes`) : null,
      actions ? h('th', {}, '') : null)),
    h('tbody', {}, items.map((item) => h('tr', {},
      shown.map((n) => {
        const text = item[n] === undefined ? '' : shortText(item[n]);
        return h('td', { class: 'value', title: text }, text);
      }),
      hidden > 0 ? h('td') : null,
      actions ? h('td', {}, actions(item)) : null))));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function attributeType(table, name) {
  const definition = (table.AttributeDefinitions || []).find((d) => d.AttributeName === name);
  return definition ? definition.AttributeType : '';
}

// ---------------------------------------------------------------------------
// Routing: #/ tables, #/table/<name>/<tab>, #/partiql. Each view gets the
// signal of its own AbortController, aborted when the user moves on, so
// that a view left behind stops its timers and redirects nobody.

let currentView = new AbortController();

function route() {
  currentView.abort();
  currentView = new AbortController();
  const { signal } = currentView;
  let parts;
  try {
    parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch {
    parts = [];  // a malformed %-escape: back to the table list
  }
  document.getElementById('nav-tables').classList.toggle('current', parts[0] !== 'partiql');
  document.getElementById('nav-partiql').classList.toggle('current', parts[0] === 'partiql');
  if (parts[0] === 'table' && parts[1]) return tableView(parts[1], parts[2] || 'items', signal);
  if (parts[0] === 'partiql') return partiqlView();
  return tablesView(signal);
}

const tableLink = (name, tab = 'items') => `#/table/${encodeURIComponent(name)}/${tab}`;

// Moves to `hash` unless the view that asked was left meanwhile.
function goTo(hash, signal) {
  if (!signal.aborted) location.hash = hash;
}

// ---------------------------------------------------------------------------
// Tables.

// Tables described at once: a database may hold hundreds.
const DESCRIBE_AT_ONCE = 6;

async function listTableNames() {
  const names = [];
  let start;
  do {
    const page = await call('ListTables', start ? { ExclusiveStartTableName: start } : {});
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

function indexNames(table) {
  return [...(table.GlobalSecondaryIndexes || []).map((i) => `${i.IndexName} (global)`),
    ...(table.LocalSecondaryIndexes || []).map((i) => `${i.IndexName} (local)`),
    ...(table.VectorIndexes || []).map((i) => `${i.IndexName} (vector)`)];
}

function tableCells(table) {
  const [hash, range] = keyNames(table.KeySchema);
  const stream = table.StreamSpecification && table.StreamSpecification.StreamEnabled
    ? table.StreamSpecification.StreamViewType : '';
  return [
    h('td', {}, table.TableStatus),
    h('td', {}, `${hash} (${attributeType(table, hash)})`),
    h('td', {}, range ? `${range} (${attributeType(table, range)})` : ''),
    h('td', {}, indexNames(table).join(', ')),
    h('td', { class: 'num' }, table.ItemCount),
    h('td', { class: 'num' }, formatBytes(table.TableSizeBytes)),
    h('td', {}, stream)];
}

// A row per table at once, each filled in when its DescribeTable answers (a
// table deleted in between shows its error in its own row).
async function tablesView(signal) {
  const place = h('div');
  const form = h('div');
  show(h('h1', {}, 'Tables'),
    h('div', { class: 'toolbar' },
      h('button', { id: 'create-table', onclick: () => createTableForm(form, signal) },
        'Create table'),
      h('span', { class: 'note' }, `database of ${settings.accessKey} in ${settings.region}`)),
    form, place);
  await render(place, async () => {
    const names = await listTableNames();
    if (names.length === 0) return h('p', { class: 'note', id: 'no-tables' }, 'No tables yet.');
    const rows = new Map(names.map((name) => [name, h('tr', { 'data-table': name },
      h('td', {}, h('a', { href: tableLink(name) }, name)),
      h('td', { colspan: 7, class: 'note' }, '…'))]));
    eachLimited(names, DESCRIBE_AT_ONCE, async (name) => {
      if (signal.aborted) return;
      const row = rows.get(name);
      try {
        const { Table } = await call('DescribeTable', { TableName: name });
        row.replaceChildren(row.firstChild, ...tableCells(Table));
        row.setAttribute('data-described', '');
      } catch (error) {
        row.replaceChildren(row.firstChild, h('td', { colspan: 7 }, errorBox(error)));
      }
    });
    return h('table', { class: 'grid', id: 'tables' },
      h('thead', {}, h('tr', {}, ['Name', 'Status', 'Partition key', 'Sort key', 'Indexes',
        'Items', 'Size', 'Stream'].map((t) => h('th', {}, t)))),
      h('tbody', {}, [...rows.values()]));
  });
}

// The Create table form (one at a time: the button shows or hides it).
function createTableForm(place, signal) {
  if (place.firstChild) return place.replaceChildren();
  const name = h('input', { type: 'text', name: 'table-name', required: true });
  const hash = h('input', { type: 'text', name: 'partition-key', value: 'pk' });
  const hashType = typeSelect('partition-key-type');
  const range = h('input', { type: 'text', name: 'sort-key', placeholder: 'none' });
  const rangeType = typeSelect('sort-key-type');
  const stream = h('select', { name: 'stream' },
    ['', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'OLD_IMAGE', 'KEYS_ONLY']
      .map((v) => h('option', { value: v }, v || 'no stream')));
  const result = h('div');
  const form = h('form', { class: 'form', id: 'create-table-form' },
    h('label', {}, 'Table name'), name,
    h('label', {}, 'Partition key'), h('span', {}, hash, ' ', hashType),
    h('label', {}, 'Sort key'), h('span', {}, range, ' ', rangeType),
    h('label', {}, 'Stream'), stream,
    h('span'), h('span', {}, h('button', { type: 'submit' }, 'Create'), result));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const definitions = [{ AttributeName: hash.value, AttributeType: hashType.value }];
    const schema = [{ AttributeName: hash.value, KeyType: 'HASH' }];
    if (range.value) {
      definitions.push({ AttributeName: range.value, AttributeType: rangeType.value });
      schema.push({ AttributeName: range.value, KeyType: 'RANGE' });
    }
    const request = { TableName: name.value, AttributeDefinitions: definitions,
      KeySchema: schema, BillingMode: 'PAY_PER_REQUEST' };
    if (stream.value) {
      request.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.value };
    }
    render(result, async () => {
      await call('CreateTable', request);
      goTo(tableLink(name.value), signal);
    });
  });
  place.replaceChildren(form);
  name.focus();
}

function typeSelect(name) {
  return h('select', { name }, ['S', 'N', 'B'].map((t) => h('option', { value: t }, t)));
}

// ---------------------------------------------------------------------------
// One table: tabs Items, Query, Stream, Settings.

const TABS = [['items', 'Items'], ['query', 'Query / Scan'], ['stream', 'Stream'],
  ['settings', 'TTL, backups, details']];

async function tableView(name, tab, signal) {
  const place = h('div');
  show(h('h1', {}, h('a', { href: '#/' }, 'Tables'), ' / ', h('span', { id: 'table-name' }, name)),
    h('nav', { class: 'tabs' }, TABS.map(([id, label]) =>
      h('a', { href: tableLink(name, id), id: `tab-${id}`, class: id === tab ? 'current' : null },
        label))),
    place);
  await render(place, async () => {
    const { Table: table } = await call('DescribeTable', { TableName: name });
    if (signal.aborted) return null;
    if (tab === 'query') return queryTab(table);
    if (tab === 'stream') return streamTab(table, signal);
    if (tab === 'settings') return settingsTab(table, signal);
    return itemsTab(table);
  });
}

// The filter of the Items tab as a Scan's members, or {} without one.
function filterMembers(attribute, op, text, type) {
  if (!attribute) return {};
  const names = { '#f': attribute };
  if (op.startsWith('attribute_')) {
    return { FilterExpression: `${op}(#f)`, ExpressionAttributeNames: names };
  }
  const value = type === 'BOOL' ? { BOOL: text === 'true' } : { [type]: text };
  return {
    FilterExpression: ['begins_with', 'contains'].includes(op) ? `${op}(#f, :v)` : `#f ${op} :v`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':v': value },
  };
}

// Items: Scan pages with an optional filter; create, edit and delete.
function itemsTab(table) {
  const keys = keyNames(table.KeySchema);
  const filterName = h('input', { type: 'text', name: 'filter-attribute', placeholder: 'attribute' });
  const filterOp = h('select', { name: 'filter-op' },
    ['=', '<>', '<', '<=', '>', '>=', 'begins_with', 'contains', 'attribute_exists',
      'attribute_not_exists'].map((o) => h('option', { value: o }, o)));
  const filterValue = h('input', { type: 'text', name: 'filter-value', placeholder: 'value' });
  const filterType = h('select', { name: 'filter-type' },
    ['S', 'N', 'BOOL'].map((t) => h('option', { value: t }, t)));
  const pageSize = h('select', { name: 'page-size' },
    [25, 50, 100, 250].map((n) => h('option', { value: n }, n)));
  const grid = h('div');
  const editor = h('div');
  // The Scan as of the last "Scan" (form changes count from the next one),
  // and the ExclusiveStartKey of each page shown so far.
  let scan = {};
  let pages = [];
  let page = 0;

  const load = () => render(grid, async () => {
    const request = { ...scan };
    if (pages[page]) request.ExclusiveStartKey = pages[page];
    const answer = await call('Scan', request);
    pages[page + 1] = answer.LastEvaluatedKey;
    const turn = (by) => () => { page += by; load(); };
    return [
      h('div', { class: 'toolbar' },
        h('button', { id: 'previous-page', disabled: page === 0, onclick: turn(-1) }, '← Previous'),
        h('button', { id: 'next-page', disabled: !answer.LastEvaluatedKey, onclick: turn(1) },
          'Next →'),
        h('span', { class: 'note', id: 'page-summary' },
          `page ${page + 1}: ${answer.Count} items (${answer.ScannedCount} scanned)`)),
      itemsGrid(answer.Items, keys, (item) => [
        h('button', { class: 'edit-item', onclick: () => itemEditor(editor, table, item, load) },
          'Edit'), ' ',
        h('button', { class: 'delete-item danger', onclick: () => deleteItem(table, item, load) },
          'Delete')])];
  });

  const filterForm = h('form', { class: 'toolbar', id: 'filter' },
    h('button', { type: 'button', id: 'create-item',
      onclick: () => itemEditor(editor, table, null, load) }, 'Create item'),
    h('span', { class: 'note' }, 'Filter:'), filterName, filterOp, filterValue, filterType,
    h('button', { type: 'submit' }, 'Scan'),
    h('span', { class: 'note' }, 'Page size'), pageSize);
  const start = () => {
    scan = { TableName: table.TableName, Limit: Number(pageSize.value),
      ...filterMembers(filterName.value, filterOp.value, filterValue.value, filterType.value) };
    pages = [undefined];
    page = 0;
    load();
  };
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    start();
  });
  pageSize.addEventListener('change', start);
  start();
  return [filterForm, editor, grid];
}

// The JSON editor: the item in DynamoDB JSON; Save puts it. Creating never
// overwrites an item, editing never brings back one deleted meanwhile, and
// an existing item's key cannot change here (that would be another item).
function itemEditor(place, table, item, reload) {
  const keys = keyNames(table.KeySchema);
  const template = item || Object.fromEntries(keys.map((k) =>
    [k, { [attributeType(table, k)]: attributeType(table, k) === 'N' ? '0' : '' }]));
  const text = h('textarea', { class: 'editor', id: 'item-json', spellcheck: 'false' });
  text.value = JSON.stringify(template, null, 2);
  const result = h('div');
  const save = () => render(result, async () => {
    let next;
    try {
      next = JSON.parse(text.value);
    } catch (error) {
      throw new ApiError('Invalid JSON', error.message);
    }
    if (item && JSON.stringify(keyOf(next, keys)) !== JSON.stringify(keyOf(item, keys))) {
      throw new ApiError('Console', 'the key of an existing item cannot change; ' +
        'create a new item instead');
    }
    await call('PutItem', {
      TableName: table.TableName, Item: next,
      ConditionExpression: item ? 'attribute_exists(#k)' : 'attribute_not_exists(#k)',
      ExpressionAttributeNames: { '#k': keys[0] },
    });
    place.replaceChildren();
    reload();
  });
  place.replaceChildren(h('div', { class: 'panel', id: 'item-editor' },
    h('h2', {}, item ? 'Edit item' : 'Create item'),
    h('p', { class: 'note' }, 'DynamoDB JSON: each value typed, e.g. {"S": "text"}, ' +
      '{"N": "1"}, {"BOOL": true}, {"L": [...]}, {"M": {...}}.'),
    text,
    h('div', { class: 'toolbar' },
      h('button', { id: 'save-item', onclick: save }, 'Save'),
      h('button', { id: 'cancel-item', onclick: () => place.replaceChildren() }, 'Cancel')),
    result));
  text.focus();
}

async function deleteItem(table, item, reload) {
  const key = keyOf(item, keyNames(table.KeySchema));
  if (!window.confirm(`Delete the item ${JSON.stringify(plain({ M: key }))}?`)) return;
  try {
    await call('DeleteItem', { TableName: table.TableName, Key: key });
  } catch (error) {
    window.alert(error.message);
  }
  reload();
}

function parseJson(text, what) {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('Invalid JSON', `${what}: ${error.message}`);
  }
}

// Only the names and values `expressions` use: DynamoDB refuses unused ones.
function usedOnly(map, expressions) {
  if (!map) return undefined;
  const used = Object.entries(map).filter(([k]) =>
    new RegExp(`${escapeRegExp(k)}(?![A-Za-z0-9_])`).test(expressions));
  return used.length ? Object.fromEntries(used) : undefined;
}

// Query / Scan: the request's own members, on the table or an index.
function queryTab(table) {
  const keys = keyNames(table.KeySchema);
  const indexes = [...(table.GlobalSecondaryIndexes || []), ...(table.LocalSecondaryIndexes || [])];
  const field = (name, attributes = {}) =>
    h('input', { type: 'text', name, spellcheck: 'false', ...attributes });
  const operation = h('select', { name: 'operation' },
    ['Query', 'Scan'].map((o) => h('option', { value: o }, o)));
  const index = h('select', { name: 'index' }, h('option', { value: '' }, `table (${keys.join(', ')})`),
    indexes.map((i) => h('option', { value: i.IndexName },
      `${i.IndexName} (${keyNames(i.KeySchema).join(', ')})`)));
  const keyCondition = field('key-condition', { value: '#pk = :pk' });
  const filter = field('filter');
  const projection = field('projection');
  const names = h('textarea', { name: 'names', rows: 2, spellcheck: 'false' });
  const values = h('textarea', { name: 'values', rows: 3, spellcheck: 'false' });
  const forward = h('input', { type: 'checkbox', name: 'forward', checked: true });
  const consistent = h('input', { type: 'checkbox', name: 'consistent' });
  const limit = h('input', { type: 'number', name: 'limit', min: 1, placeholder: 'no limit' });
  const results = h('div', { id: 'query-results' });

  // A starting key condition on the chosen table or index's partition key.
  const suggest = () => {
    const chosen = indexes.find((i) => i.IndexName === index.value);
    const hash = keyNames((chosen || table).KeySchema)[0];
    names.value = JSON.stringify({ '#pk': hash });
    values.value = JSON.stringify({ ':pk': { [attributeType(table, hash)]: '' } });
  };
  suggest();
  index.addEventListener('change', suggest);

  const buildRequest = () => {
    const request = { TableName: table.TableName, ReturnConsumedCapacity: 'TOTAL' };
    if (index.value) request.IndexName = index.value;
    const isQuery = operation.value === 'Query';
    if (isQuery) {
      request.KeyConditionExpression = keyCondition.value;
      request.ScanIndexForward = forward.checked;
    }
    if (filter.value) request.FilterExpression = filter.value;
    if (projection.value) request.ProjectionExpression = projection.value;
    if (consistent.checked) request.ConsistentRead = true;
    if (limit.value) {
      if (!(Number(limit.value) >= 1)) throw new ApiError('Console', 'Limit must be 1 or more');
      request.Limit = Number(limit.value);
    }
    const expressions = [isQuery ? keyCondition.value : '', filter.value, projection.value].join(' ');
    const n = usedOnly(parseJson(names.value, 'ExpressionAttributeNames'), expressions);
    const v = usedOnly(parseJson(values.value, 'ExpressionAttributeValues'), expressions);
    if (n) request.ExpressionAttributeNames = n;
    if (v) request.ExpressionAttributeValues = v;
    return { operation: operation.value, request };
  };

  // Runs `asked` ({operation, request}); "Next page" repeats it from where it stopped.
  const run = (asked) => render(results, async () => {
    const { operation: op, request } = typeof asked === 'function' ? asked() : asked;
    const answer = await call(op, request);
    const next = { operation: op, request: { ...request, ExclusiveStartKey: answer.LastEvaluatedKey } };
    const capacity = answer.ConsumedCapacity ? answer.ConsumedCapacity.CapacityUnits : 0;
    return [
      h('div', { class: 'toolbar' },
        h('span', { class: 'note', id: 'query-summary' },
          `${answer.Count} items (${answer.ScannedCount} scanned, ${capacity} capacity units)`),
        answer.LastEvaluatedKey
          ? h('button', { id: 'query-next', onclick: () => run(next) }, 'Next page →')
          : null),
      itemsGrid(answer.Items || [], keys)];
  });

  const form = h('form', { class: 'form', id: 'query-form' },
    h('label', {}, 'Operation'), h('span', {}, operation, ' on ', index),
    h('label', {}, 'Key condition'), keyCondition,
    h('label', {}, 'Filter'), filter,
    h('label', {}, 'Projection'), projection,
    h('label', {}, 'Attribute names'), names,
    h('label', {}, 'Attribute values'), values,
    h('label', {}, 'Options'), h('span', {},
      h('label', {}, forward, ' ascending (ScanIndexForward)'), ' ',
      h('label', {}, consistent, ' consistent read'), ' Limit ', limit),
    h('span'), h('span', {}, h('button', { type: 'submit', id: 'run-query' }, 'Run')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(buildRequest);
  });
  return [form, results];
}

// At most this many stream records stay on screen (newest first).
const RECORDS_SHOWN = 500;

// Stream: polls GetRecords on every open shard and shows records as they
// come, until Stop or until the user leaves the tab.
function streamTab(table, signal) {
  if (!table.LatestStreamArn || !(table.StreamSpecification || {}).StreamEnabled) {
    return h('p', { class: 'note', id: 'no-stream' },
      'This table has no stream. Enable one with UpdateTable (StreamSpecification).');
  }
  const arn = table.LatestStreamArn;
  const from = h('select', { name: 'from' },
    h('option', { value: 'LATEST' }, 'new records (LATEST)'),
    h('option', { value: 'TRIM_HORIZON' }, 'all records kept (TRIM_HORIZON)'));
  const button = h('button', { id: 'watch' }, 'Watch');
  const state = h('span', { class: 'note', id: 'watch-state' }, 'stopped');
  const records = h('div', { class: 'records', id: 'records' });
  const errors = h('div');
  let timer = null;   // set while watching
  let iterators = new Map();  // shard id -> iterator, null once the shard is read to its end
  let received = 0;

  const stop = () => {
    clearTimeout(timer);
    timer = null;
    button.textContent = 'Watch';
    state.textContent = 'stopped';
  };
  signal.addEventListener('abort', stop);

  // Iterators for the shards not followed yet (a new shard appears when
  // the stream's shard closes).
  const followShards = async (type) => {
    let start;
    do {
      const { StreamDescription: d } = await streams('DescribeStream',
        start ? { StreamArn: arn, ExclusiveStartShardId: start } : { StreamArn: arn });
      for (const shard of d.Shards) {
        if (iterators.has(shard.ShardId)) continue;
        const { ShardIterator } = await streams('GetShardIterator',
          { StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: type });
        iterators.set(shard.ShardId, ShardIterator);
      }
      start = d.LastEvaluatedShardId;
    } while (start);
  };

  const poll = async () => {
    let closed = false;
    for (const [shard, iterator] of iterators) {
      if (!iterator) continue;
      const answer = await streams('GetRecords', { ShardIterator: iterator });
      iterators.set(shard, answer.NextShardIterator || null);
      closed = closed || !answer.NextShardIterator;
      for (const record of answer.Records) records.prepend(recordView(record));
      received += answer.Records.length;
    }
    while (records.childElementCount > RECORDS_SHOWN) records.lastChild.remove();
    if (closed) await followShards('TRIM_HORIZON');
  };

  const tick = () => render(errors, async () => {
    try {
      await poll();
    } catch (error) {
      stop();
      throw error;
    }
    if (timer === null) return;  // stopped while the poll was out
    state.textContent = `watching: ${received} records`;
    timer = setTimeout(tick, 1000);
  });

  const start = () => render(errors, async () => {
    button.disabled = true;
    try {
      iterators = new Map();
      await followShards(from.value);
    } finally {
      button.disabled = false;
    }
    if (signal.aborted) return;
    button.textContent = 'Stop';
    state.textContent = `watching: ${received} records`;
    timer = setTimeout(tick, 0);
  });
  button.addEventListener('click', () => (timer === null ? start() : stop()));
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Stream'), h('dd', {}, arn),
      h('dt', {}, 'View type'), h('dd', {}, table.StreamSpecification.StreamViewType)),
    h('div', { class: 'toolbar' }, from, button, state), errors, records];
}

function recordView(record) {
  const d = record.dynamodb || {};
  const images = [['keys', d.Keys], ['new', d.NewImage], ['old', d.OldImage]]
    .filter(([, image]) => image)
    .map(([label, image]) => h('div', {}, `${label}: ${JSON.stringify(plain({ M: image }))}`));
  return h('div', { class: 'record' },
    h('span', { class: `badge ${record.eventName}` }, record.eventName), ' ',
    h('span', { class: 'note' }, `${formatTime(d.ApproximateCreationDateTime)} #${d.SequenceNumber}`),
    images);
}

async function listBackups(tableName) {
  const backups = [];
  let start;
  do {
    const page = await call('ListBackups',
      start ? { TableName: tableName, ExclusiveStartBackupArn: start } : { TableName: tableName });
    backups.push(...page.BackupSummaries);
    start = page.LastEvaluatedBackupArn;
  } while (start);
  return backups;
}

// TTL, backups and the table's description.
async function settingsTab(table, signal) {
  const [ttl, backups, listed] = await Promise.all([
    call('DescribeTimeToLive', { TableName: table.TableName }),
    call('DescribeContinuousBackups', { TableName: table.TableName }),
    listBackups(table.TableName),
  ]);
  const t = ttl.TimeToLiveDescription || {};
  const c = backups.ContinuousBackupsDescription || {};
  const pitr = c.PointInTimeRecoveryDescription || {};
  return [
    h('h2', {}, 'Time to live'),
    h('dl', { class: 'facts', id: 'ttl' },
      h('dt', {}, 'Status'), h('dd', { id: 'ttl-status' }, t.TimeToLiveStatus || 'DISABLED'),
      h('dt', {}, 'Attribute'), h('dd', {}, t.AttributeName || '')),
    h('h2', {}, 'Backups'),
    h('dl', { class: 'facts', id: 'backups' },
      h('dt', {}, 'Continuous backups'), h('dd', {}, c.ContinuousBackupsStatus || ''),
      h('dt', {}, 'Point-in-time recovery'),
      h('dd', { id: 'pitr-status' }, pitr.PointInTimeRecoveryStatus || ''),
      h('dt', {}, 'Restorable'), h('dd', {}, pitr.EarliestRestorableDateTime
        ? `${formatTime(pitr.EarliestRestorableDateTime)} to ${formatTime(pitr.LatestRestorableDateTime)}`
        : '')),
    listed.length === 0
      ? h('p', { class: 'note', id: 'no-backups' }, 'No on-demand backups.')
      : h('table', { class: 'grid', id: 'backup-list' },
        h('thead', {}, h('tr', {}, ['Backup', 'Status', 'Type', 'Created', 'Size']
          .map((x) => h('th', {}, x)))),
        h('tbody', {}, listed.map((b) => h('tr', {},
          h('td', {}, b.BackupName), h('td', {}, b.BackupStatus), h('td', {}, b.BackupType),
          h('td', {}, formatTime(b.BackupCreationDateTime)),
          h('td', { class: 'num' }, formatBytes(b.BackupSizeBytes)))))),
    h('h2', {}, 'Details'),
    h('dl', { class: 'facts', id: 'details' },
      h('dt', {}, 'ARN'), h('dd', {}, table.TableArn),
      h('dt', {}, 'Created'), h('dd', {}, formatTime(table.CreationDateTime)),
      h('dt', {}, 'Billing'), h('dd', {},
        (table.BillingModeSummary || {}).BillingMode || 'PROVISIONED'),
      h('dt', {}, 'Items'), h('dd', {}, table.ItemCount),
      h('dt', {}, 'Size'), h('dd', {}, formatBytes(table.TableSizeBytes)),
      h('dt', {}, 'Deletion protection'), h('dd', {}, String(!!table.DeletionProtectionEnabled))),
    indexTable(table),
    h('div', { class: 'toolbar' },
      h('button', { class: 'danger', id: 'delete-table', onclick: () => deleteTable(table, signal) },
        'Delete table'))];
}

// A vector index's "keys": its vector and how it is compared, then the
// search schema's attributes (the HASH one first, as DynamoDB lists them).
function vectorKeys(i) {
  const schema = (i.SearchSchema || []).map((e) => e.AttributeName);
  return [`${i.VectorAttribute.AttributeName}: ${i.Dimensions} dimensions, ${i.DistanceFunction}`,
    ...schema].join(', ');
}

function indexTable(table) {
  const all = [...(table.GlobalSecondaryIndexes || []).map((i) => ['global', i]),
    ...(table.LocalSecondaryIndexes || []).map((i) => ['local', i]),
    ...(table.VectorIndexes || []).map((i) => ['vector', i])];
  if (all.length === 0) return h('p', { class: 'note' }, 'No secondary indexes.');
  return h('table', { class: 'grid', id: 'indexes' },
    h('thead', {}, h('tr', {}, ['Index', 'Kind', 'Keys', 'Projection', 'Status', 'Items']
      .map((x) => h('th', {}, x)))),
    h('tbody', {}, all.map(([kind, i]) => h('tr', {},
      h('td', {}, i.IndexName), h('td', {}, kind),
      h('td', {}, kind === 'vector' ? vectorKeys(i) : keyNames(i.KeySchema).join(', ')),
      h('td', {}, i.Projection.ProjectionType), h('td', {}, i.IndexStatus || 'ACTIVE'),
      h('td', { class: 'num' }, i.ItemCount)))));
}

async function deleteTable(table, signal) {
  if (!window.confirm(`Delete the table ${table.TableName} and all its items?`)) return;
  try {
    await call('DeleteTable', { TableName: table.TableName });
    goTo('#/', signal);
  } catch (error) {
    window.alert(error.message);
  }
}

// ---------------------------------------------------------------------------
// PartiQL: ExecuteStatement, page after page.

function partiqlView() {
  const statement = h('textarea', { class: 'editor', id: 'statement', spellcheck: 'false',
    placeholder: 'SELECT * FROM "my-table" WHERE pk = ?' });
  statement.value = sessionStorage.getItem('dynarock.statement') || '';
  const parameters = h('textarea', { rows: 2, id: 'parameters', spellcheck: 'false',
    placeholder: '[{"S": "value"}] (optional)' });
  const consistent = h('input', { type: 'checkbox', name: 'consistent' });
  const results = h('div', { id: 'partiql-results' });

  const request = () => {
    const asked = { Statement: statement.value };
    const values = parseJson(parameters.value, 'Parameters');
    if (values) asked.Parameters = values;
    if (consistent.checked) asked.ConsistentRead = true;
    return asked;
  };

  // Runs `asked` (a request, or a function making one); "Next page" repeats it
  // with the answer's NextToken.
  const run = (asked) => render(results, async () => {
    const sent = typeof asked === 'function' ? asked() : asked;
    const answer = await call('ExecuteStatement', sent);
    const items = answer.Items || [];
    const more = answer.NextToken;
    return [
      h('div', { class: 'toolbar' },
        h('span', { class: 'note', id: 'partiql-summary' }, `${items.length} items`),
        more ? h('button', { id: 'partiql-next',
          onclick: () => run({ ...sent, NextToken: more }) }, 'Next page →') : null),
      items.length ? itemsGrid(items, []) : h('p', { class: more ? 'note' : 'ok' },
        more ? 'No items on this page.' : 'Done.')];
  });

  const form = h('form', { id: 'partiql-form' },
    h('h1', {}, 'PartiQL'),
    statement,
    h('div', { class: 'toolbar' }, 'Parameters', parameters),
    h('div', { class: 'toolbar' },
      h('label', {}, consistent, ' consistent read'),
      h('button', { type: 'submit', id: 'run-statement' }, 'Run')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('dynarock.statement', statement.value);
    run(request);
  });
  show(form, results);
}

// ---------------------------------------------------------------------------

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  initSettings();
  route();
});

// dynarock console: a single page that talks to the server through the
// DynamoDB wire protocol, exactly as an SDK would (POST / with X-Amz-Target),
// so everything it shows is what any client would see. No framework, no
// build step: the server embeds this file as it is.
'use strict';

// ---------------------------------------------------------------------------
// Settings: which database to show. dynarock keeps one per access key and
// region (like DynamoDB Local) unless it runs with -sharedDb.

const settings = {
  accessKey: localStorage.getItem('dynarock.accessKey') || 'local',
  region: localStorage.getItem('dynarock.region') || 'us-east-1',
  secretKey: sessionStorage.getItem('dynarock.secretKey') || '',
};

function initSettings() {
  const form = document.getElementById('settings');
  form.elements[0].value = settings.accessKey;
  form.elements[1].value = settings.region;
  form.elements[2].value = settings.secretKey;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    settings.accessKey = form.elements[0].value.trim() || 'local';
    settings.region = form.elements[1].value.trim() || 'us-east-1';
    settings.secretKey = form.elements[2].value;
    localStorage.setItem('dynarock.accessKey', settings.accessKey);
    localStorage.setItem('dynarock.region', settings.region);
    // The secret lives only as long as the tab.
    sessionStorage.setItem('dynarock.secretKey', settings.secretKey);
    route();
  });
}

// ---------------------------------------------------------------------------
// The wire protocol.

class ApiError extends Error {
  constructor(type, message, body) {
    super(message ? `${type}: ${message}` : type);
    this.type = type;
    this.body = body;
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
    const answer = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const type = String(answer.__type || `HTTP ${response.status}`).split('#').pop();
      throw new ApiError(type, answer.message || answer.Message || '', answer);
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

// Runs `work`, putting any error it throws into `place` (an element).
async function guarded(place, work) {
  place.replaceChildren();
  try {
    await work();
  } catch (error) {
    place.replaceChildren(errorBox(error));
  }
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

function shortText(value) {
  const [type, v] = Object.entries(value)[0] || [];
  if (type === 'S' || type === 'N') return v;
  if (type === 'SS' || type === 'NS' || type === 'BS') return `{${v.join(', ')}}`;
  return JSON.stringify(plain(value));
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
  const shown = names.slice(0, 16);
  return h('table', { class: 'grid items' },
    h('thead', {}, h('tr', {}, shown.map((n) => h('th', {}, n)), actions ? h('th', {}, '') : null)),
    h('tbody', {}, items.map((item) => h('tr', {},
      shown.map((n) => {
        const text = item[n] === undefined ? '' : shortText(item[n]);
        return h('td', { class: 'value', title: text }, text);
      }),
      actions ? h('td', {}, actions(item)) : null))));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function attributeType(table, name) {
  const definition = (table.AttributeDefinitions || []).find((d) => d.AttributeName === name);
  return definition ? definition.AttributeType : '';
}

// ---------------------------------------------------------------------------
// Routing: #/ tables, #/table/<name>/<tab>, #/partiql.

let stopCurrentView = () => {};

function route() {
  stopCurrentView();
  stopCurrentView = () => {};
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  document.getElementById('nav-tables').classList.toggle('current', parts[0] !== 'partiql');
  document.getElementById('nav-partiql').classList.toggle('current', parts[0] === 'partiql');
  if (parts[0] === 'table' && parts[1]) return tableView(parts[1], parts[2] || 'items');
  if (parts[0] === 'partiql') return partiqlView();
  return tablesView();
}

const tableLink = (name, tab = 'items') => `#/table/${encodeURIComponent(name)}/${tab}`;

// ---------------------------------------------------------------------------
// Tables.

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
    ...(table.LocalSecondaryIndexes || []).map((i) => `${i.IndexName} (local)`)];
}

function tablesRow(table) {
  const [hash, range] = keyNames(table.KeySchema);
  const stream = table.StreamSpecification && table.StreamSpecification.StreamEnabled
    ? table.StreamSpecification.StreamViewType : '';
  return h('tr', { 'data-table': table.TableName },
    h('td', {}, h('a', { href: tableLink(table.TableName) }, table.TableName)),
    h('td', {}, table.TableStatus),
    h('td', {}, `${hash} (${attributeType(table, hash)})`),
    h('td', {}, range ? `${range} (${attributeType(table, range)})` : ''),
    h('td', {}, indexNames(table).join(', ')),
    h('td', { class: 'num' }, table.ItemCount),
    h('td', { class: 'num' }, formatBytes(table.TableSizeBytes)),
    h('td', {}, stream));
}

async function tablesView() {
  const place = h('div');
  show(h('h1', {}, 'Tables'),
    h('div', { class: 'toolbar' },
      h('button', { id: 'create-table', onclick: () => createTableForm(place) }, 'Create table'),
      h('span', { class: 'note' }, `database of ${settings.accessKey} in ${settings.region}`)),
    place);
  await guarded(place, async () => {
    const names = await listTableNames();
    if (names.length === 0) {
      place.append(h('p', { class: 'note', id: 'no-tables' }, 'No tables yet.'));
      return;
    }
    const tables = await Promise.all(
      names.map((name) => call('DescribeTable', { TableName: name }).then((d) => d.Table)));
    place.append(h('table', { class: 'grid', id: 'tables' },
      h('thead', {}, h('tr', {}, ['Name', 'Status', 'Partition key', 'Sort key', 'Indexes',
        'Items', 'Size', 'Stream'].map((t) => h('th', {}, t)))),
      h('tbody', {}, tables.map(tablesRow))));
  });
}

function createTableForm(place) {
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
    guarded(result, async () => {
      await call('CreateTable', request);
      location.hash = tableLink(name.value);
    });
  });
  place.prepend(form);
  name.focus();
}

function typeSelect(name) {
  return h('select', { name }, ['S', 'N', 'B'].map((t) => h('option', { value: t }, t)));
}

// ---------------------------------------------------------------------------
// One table: tabs Items, Query, Stream, Settings.

const TABS = [['items', 'Items'], ['query', 'Query / Scan'], ['stream', 'Stream'],
  ['settings', 'TTL, backups, details']];

async function tableView(name, tab) {
  const place = h('div');
  show(h('h1', {}, h('a', { href: '#/' }, 'Tables'), ' / ', h('span', { id: 'table-name' }, name)),
    h('nav', { class: 'tabs' }, TABS.map(([id, label]) =>
      h('a', { href: tableLink(name, id), id: `tab-${id}`, class: id === tab ? 'current' : null },
        label))),
    place);
  await guarded(place, async () => {
    const { Table: table } = await call('DescribeTable', { TableName: name });
    if (tab === 'query') queryTab(place, table);
    else if (tab === 'stream') streamTab(place, table);
    else if (tab === 'settings') await settingsTab(place, table);
    else itemsTab(place, table);
  });
}

// Items: Scan pages with an optional filter; create, edit and delete.
function itemsTab(place, table) {
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
  // ExclusiveStartKey of each page shown so far: back and forth by index.
  const pages = [undefined];
  let page = 0;

  const scanRequest = () => {
    const request = { TableName: table.TableName, Limit: Number(pageSize.value) };
    if (pages[page]) request.ExclusiveStartKey = pages[page];
    if (filterName.value) {
      const op = filterOp.value;
      request.ExpressionAttributeNames = { '#f': filterName.value };
      if (op.startsWith('attribute_')) {
        request.FilterExpression = `${op}(#f)`;
      } else {
        const value = filterType.value === 'BOOL'
          ? { BOOL: filterValue.value === 'true' } : { [filterType.value]: filterValue.value };
        request.ExpressionAttributeValues = { ':v': value };
        request.FilterExpression = ['begins_with', 'contains'].includes(op)
          ? `${op}(#f, :v)` : `#f ${op} :v`;
      }
    }
    return request;
  };

  const load = () => guarded(grid, async () => {
    const answer = await call('Scan', scanRequest());
    pages[page + 1] = answer.LastEvaluatedKey;
    grid.append(
      h('div', { class: 'toolbar' },
        h('button', { id: 'previous-page', disabled: page === 0,
          onclick: () => { page--; load(); } }, '← Previous'),
        h('button', { id: 'next-page', disabled: !answer.LastEvaluatedKey,
          onclick: () => { page++; load(); } }, 'Next →'),
        h('span', { class: 'note', id: 'page-summary' },
          `page ${page + 1}: ${answer.Count} items (${answer.ScannedCount} scanned)`)),
      itemsGrid(answer.Items, keys, (item) => [
        h('button', { class: 'edit-item', onclick: () => itemEditor(editor, table, item, load) },
          'Edit'), ' ',
        h('button', { class: 'delete-item danger', onclick: () => deleteItem(table, item, load) },
          'Delete')]));
  });

  const filterForm = h('form', { class: 'toolbar', id: 'filter' },
    h('button', { type: 'button', id: 'create-item',
      onclick: () => itemEditor(editor, table, null, load) }, 'Create item'),
    h('span', { class: 'note' }, 'Filter:'), filterName, filterOp, filterValue, filterType,
    h('button', { type: 'submit' }, 'Scan'),
    h('span', { class: 'note' }, 'Page size'), pageSize);
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    pages.length = 1;
    page = 0;
    load();
  });
  place.append(filterForm, editor, grid);
  load();
}

// The JSON editor: the item in DynamoDB JSON; Save puts it. An existing
// item's key cannot change here (that would be another item).
function itemEditor(place, table, item, reload) {
  const keys = keyNames(table.KeySchema);
  const template = item || Object.fromEntries(keys.map((k) =>
    [k, { [attributeType(table, k)]: attributeType(table, k) === 'N' ? '0' : '' }]));
  const text = h('textarea', { class: 'editor', id: 'item-json', spellcheck: 'false' });
  text.value = JSON.stringify(template, null, 2);
  const result = h('div');
  const save = () => guarded(result, async () => {
    let next;
    try {
      next = JSON.parse(text.value);
    } catch (error) {
      throw new ApiError('Invalid JSON', error.message);
    }
    const request = { TableName: table.TableName, Item: next };
    if (item) {
      if (JSON.stringify(keyOf(next, keys)) !== JSON.stringify(keyOf(item, keys))) {
        throw new ApiError('Console', 'the key of an existing item cannot change; ' +
          'create a new item instead');
      }
    } else {
      // Creating must not overwrite an item that is already there.
      request.ConditionExpression = 'attribute_not_exists(#k)';
      request.ExpressionAttributeNames = { '#k': keys[0] };
    }
    await call('PutItem', request);
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

// Query / Scan: the request's own members, on the table or an index.
function queryTab(place, table) {
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
  names.value = JSON.stringify({ '#pk': keys[0] });
  const values = h('textarea', { name: 'values', rows: 3, spellcheck: 'false' });
  values.value = JSON.stringify({ ':pk': { [attributeType(table, keys[0])]: '' } });
  const forward = h('input', { type: 'checkbox', name: 'forward', checked: true });
  const consistent = h('input', { type: 'checkbox', name: 'consistent' });
  const limit = field('limit', { placeholder: 'no limit' });
  const results = h('div', { id: 'query-results' });
  let lastRequest = null;

  index.addEventListener('change', () => {
    const chosen = indexes.find((i) => i.IndexName === index.value);
    const hash = keyNames((chosen || table).KeySchema)[0];
    names.value = JSON.stringify({ '#pk': hash });
    values.value = JSON.stringify({ ':pk': { [attributeType(table, hash)]: '' } });
  });

  const parseJson = (text, what) => {
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ApiError('Invalid JSON', `${what}: ${error.message}`);
    }
  };

  const buildRequest = () => {
    const request = { TableName: table.TableName };
    if (index.value) request.IndexName = index.value;
    const isQuery = operation.value === 'Query';
    if (isQuery) {
      request.KeyConditionExpression = keyCondition.value;
      request.ScanIndexForward = forward.checked;
    }
    if (filter.value) request.FilterExpression = filter.value;
    if (projection.value) request.ProjectionExpression = projection.value;
    if (consistent.checked) request.ConsistentRead = true;
    if (limit.value) request.Limit = Number(limit.value);
    // Only the names and values the expressions use: DynamoDB refuses unused ones.
    const text = [isQuery ? keyCondition.value : '', filter.value, projection.value].join(' ');
    const used = (map) => map && Object.fromEntries(
      Object.entries(map).filter(([k]) => new RegExp(`${escapeRegExp(k)}(?![A-Za-z0-9_])`)
        .test(text)));
    const n = used(parseJson(names.value, 'ExpressionAttributeNames'));
    const v = used(parseJson(values.value, 'ExpressionAttributeValues'));
    if (n && Object.keys(n).length) request.ExpressionAttributeNames = n;
    if (v && Object.keys(v).length) request.ExpressionAttributeValues = v;
    request.ReturnConsumedCapacity = 'TOTAL';
    return request;
  };

  const run = (request) => guarded(results, async () => {
    const answer = await call(operation.value, request);
    lastRequest = { ...request, ExclusiveStartKey: answer.LastEvaluatedKey };
    const capacity = answer.ConsumedCapacity ? answer.ConsumedCapacity.CapacityUnits : 0;
    results.append(
      h('div', { class: 'toolbar' },
        h('span', { class: 'note', id: 'query-summary' },
          `${answer.Count} items (${answer.ScannedCount} scanned, ${capacity} capacity units)`),
        answer.LastEvaluatedKey
          ? h('button', { id: 'query-next', onclick: () => run(lastRequest) }, 'Next page →')
          : null),
      itemsGrid(answer.Items || [], keys));
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
    guarded(results, async () => run(buildRequest()));
  });
  place.append(form, results);
}

// Stream: polls GetRecords on every open shard and shows records as they come.
function streamTab(place, table) {
  if (!table.LatestStreamArn || !(table.StreamSpecification || {}).StreamEnabled) {
    place.append(h('p', { class: 'note', id: 'no-stream' },
      'This table has no stream. Enable one with UpdateTable (StreamSpecification).'));
    return;
  }
  const from = h('select', { name: 'from' },
    h('option', { value: 'LATEST' }, 'new records (LATEST)'),
    h('option', { value: 'TRIM_HORIZON' }, 'all records kept (TRIM_HORIZON)'));
  const button = h('button', { id: 'watch' }, 'Watch');
  const state = h('span', { class: 'note', id: 'watch-state' }, 'stopped');
  const records = h('div', { class: 'records', id: 'records' });
  const errors = h('div');
  let timer = null;
  let iterators = new Map();  // shard id -> iterator

  const stop = () => {
    clearTimeout(timer);
    timer = null;
    button.textContent = 'Watch';
    state.textContent = 'stopped';
  };
  stopCurrentView = stop;

  // Iterators for shards not followed yet (new shards appear as old ones close).
  const followShards = async (type) => {
    const { StreamDescription: d } = await streams('DescribeStream',
      { StreamArn: table.LatestStreamArn });
    for (const shard of d.Shards) {
      if (iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await streams('GetShardIterator', {
        StreamArn: table.LatestStreamArn, ShardId: shard.ShardId, ShardIteratorType: type });
      iterators.set(shard.ShardId, ShardIterator);
    }
  };

  const poll = async () => {
    let count = 0;
    for (const [shard, iterator] of iterators) {
      if (!iterator) continue;
      const answer = await streams('GetRecords', { ShardIterator: iterator });
      iterators.set(shard, answer.NextShardIterator || null);
      for (const record of answer.Records) records.prepend(recordView(record));
      count += answer.Records.length;
    }
    if ([...iterators.values()].some((i) => i === null)) await followShards('TRIM_HORIZON');
    state.textContent = `watching: ${records.childElementCount} records` +
      (count ? '' : ' (waiting)');
  };

  const tick = () => guarded(errors, async () => {
    try {
      await poll();
    } catch (error) {
      stop();
      throw error;
    }
    if (timer !== null) timer = setTimeout(tick, 1000);
  });

  button.addEventListener('click', () => guarded(errors, async () => {
    if (timer !== null) return stop();
    iterators = new Map();
    await followShards(from.value);
    button.textContent = 'Stop';
    timer = setTimeout(tick, 0);
  }));
  place.append(
    h('dl', { class: 'facts' },
      h('dt', {}, 'Stream'), h('dd', {}, table.LatestStreamArn),
      h('dt', {}, 'View type'), h('dd', {}, table.StreamSpecification.StreamViewType)),
    h('div', { class: 'toolbar' }, from, button, state), errors, records);
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

// TTL, backups and the table's description.
async function settingsTab(place, table) {
  const [ttl, backups, listed] = await Promise.all([
    call('DescribeTimeToLive', { TableName: table.TableName }),
    call('DescribeContinuousBackups', { TableName: table.TableName }),
    call('ListBackups', { TableName: table.TableName }),
  ]);
  const t = ttl.TimeToLiveDescription || {};
  const c = backups.ContinuousBackupsDescription || {};
  const pitr = c.PointInTimeRecoveryDescription || {};
  place.append(
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
    listed.BackupSummaries.length === 0
      ? h('p', { class: 'note', id: 'no-backups' }, 'No on-demand backups.')
      : h('table', { class: 'grid', id: 'backup-list' },
        h('thead', {}, h('tr', {}, ['Backup', 'Status', 'Type', 'Created', 'Size']
          .map((x) => h('th', {}, x)))),
        h('tbody', {}, listed.BackupSummaries.map((b) => h('tr', {},
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
      h('button', { class: 'danger', id: 'delete-table', onclick: () => deleteTable(table) },
        'Delete table')));
}

function indexTable(table) {
  const all = [...(table.GlobalSecondaryIndexes || []).map((i) => ['global', i]),
    ...(table.LocalSecondaryIndexes || []).map((i) => ['local', i])];
  if (all.length === 0) return h('p', { class: 'note' }, 'No secondary indexes.');
  return h('table', { class: 'grid', id: 'indexes' },
    h('thead', {}, h('tr', {}, ['Index', 'Kind', 'Keys', 'Projection', 'Status', 'Items']
      .map((x) => h('th', {}, x)))),
    h('tbody', {}, all.map(([kind, i]) => h('tr', {},
      h('td', {}, i.IndexName), h('td', {}, kind), h('td', {}, keyNames(i.KeySchema).join(', ')),
      h('td', {}, i.Projection.ProjectionType), h('td', {}, i.IndexStatus || 'ACTIVE'),
      h('td', { class: 'num' }, i.ItemCount)))));
}

async function deleteTable(table) {
  if (!window.confirm(`Delete the table ${table.TableName} and all its items?`)) return;
  try {
    await call('DeleteTable', { TableName: table.TableName });
    location.hash = '#/';
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

  const run = (request) => guarded(results, async () => {
    const answer = await call('ExecuteStatement', request);
    const items = answer.Items || [];
    results.append(
      h('div', { class: 'toolbar' },
        h('span', { class: 'note', id: 'partiql-summary' }, `${items.length} items`),
        answer.NextToken ? h('button', { id: 'partiql-next',
          onclick: () => run({ ...request, NextToken: answer.NextToken }) }, 'Next page →') : null),
      items.length ? itemsGrid(items, []) : h('p', { class: 'ok' }, 'Done.'));
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
    guarded(results, async () => {
      const request = { Statement: statement.value };
      if (parameters.value.trim()) {
        try {
          request.Parameters = JSON.parse(parameters.value);
        } catch (error) {
          throw new ApiError('Invalid JSON', `Parameters: ${error.message}`);
        }
      }
      if (consistent.checked) request.ConsistentRead = true;
      await run(request);
    });
  });
  show(form, results);
}

// ---------------------------------------------------------------------------

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  initSettings();
  route();
});

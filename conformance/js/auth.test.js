// Optional SigV4 verification (dynarock --auth) through @aws-sdk/client-dynamodb:
// with a key pair from --credentials-file the SDK works as usual; a wrong
// secret gets InvalidSignatureException and an unknown access key
// UnrecognizedClientException, with real DynamoDB's messages, and a refused
// PutItem writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { startServer, uniqueName, hashKeyTable, rejection, externalEndpoint } from './helpers.js';

const skip = externalEndpoint ? 'starts its own dynarock' : false;
const KEY = 'AKIDJSAUTHDEFAULT1';
const SECRET = 'jsSecret/For+The/DefaultProfile01';
const KEY2 = 'AKIDJSAUTHSECOND02';
const SECRET2 = 'jsSecret/For+The/SecondProfile02';
const WRONG_SIGNATURE = 'The request signature we calculated does not match the signature you '
  + 'provided. Check your AWS Secret Access Key and signing method. Consult the service '
  + 'documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

let dir;
let server;
const clients = [];

function sdk(accessKeyId, secretAccessKey) {
  const ddb = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  clients.push(ddb);
  return ddb;
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'dynarock-auth-'));
  const file = path.join(dir, 'credentials');
  writeFileSync(file, [
    '[default]',
    `aws_access_key_id = ${KEY}`,
    `aws_secret_access_key = ${SECRET}`,
    '',
    '[second]',
    `aws_access_key_id = ${KEY2}`,
    `aws_secret_access_key = ${SECRET2}`,
    '',
  ].join('\n'));
  server = await startServer('--auth', '--credentials-file', file);
});
after(async () => {
  if (skip) return;
  for (const ddb of clients) ddb.destroy();
  try {
    assert.equal(await server.stop(), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the right credentials: CreateTable, PutItem, GetItem', { skip }, async () => {
  const ddb = sdk(KEY, SECRET);
  const name = uniqueName('auth');
  await ddb.send(new CreateTableCommand(hashKeyTable(name)));
  await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, v: { N: '1' } } }));
  const got = await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' } } }));
  assert.deepEqual(got.Item, { pk: { S: 'a' }, v: { N: '1' } });
});

test('a second profile of the credentials file works too', { skip }, async () => {
  const ddb = sdk(KEY2, SECRET2);
  const out = await ddb.send(new ListTablesCommand({}));
  assert.ok(Array.isArray(out.TableNames));
});

test('a wrong secret is InvalidSignatureException', { skip }, async () => {
  const e = await rejection(sdk(KEY, 'not-the-secret').send(new ListTablesCommand({})));
  assert.equal(e.name, 'InvalidSignatureException');
  assert.equal(e.message, WRONG_SIGNATURE);
  assert.equal(e.$metadata.httpStatusCode, 400);
});

test('an unknown access key is UnrecognizedClientException', { skip }, async () => {
  const e = await rejection(sdk('AKIDJSUNKNOWN999', SECRET).send(new ListTablesCommand({})));
  assert.equal(e.name, 'UnrecognizedClientException');
  assert.equal(e.message, INVALID_TOKEN);
  assert.equal(e.$metadata.httpStatusCode, 400);
});

test('a PutItem with a wrong secret writes nothing', { skip }, async () => {
  const ddb = sdk(KEY, SECRET);
  const name = uniqueName('auth');
  await ddb.send(new CreateTableCommand(hashKeyTable(name)));
  const e = await rejection(sdk(KEY, 'not-the-secret').send(new PutItemCommand({
    TableName: name, Item: { pk: { S: 'ghost' } },
  })));
  assert.equal(e.name, 'InvalidSignatureException');
  const got = await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'ghost' } } }));
  assert.equal(got.Item, undefined);
});

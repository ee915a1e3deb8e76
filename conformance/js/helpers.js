// Shared plumbing for the black-box suite: a real dynarock process on a free
// loopback port (or an existing endpoint), and AWS SDK v3 clients for it.
//
//   DYNAROCK_BIN       the binary to start (default ../../build/dynarock)
//   DYNAROCK_ENDPOINT  run against this endpoint instead (e.g. DynamoDB Local
//                      on http://127.0.0.1:8001); nothing is started then
//
// Every assertion in the suite is something real DynamoDB also satisfies, so
// the tests never rely on a fresh database: names are unique per run and
// listings are filtered to the tables a test made itself.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

const here = path.dirname(fileURLToPath(import.meta.url));
export const binary = process.env.DYNAROCK_BIN
  ? path.resolve(process.env.DYNAROCK_BIN)
  : path.join(here, '..', '..', 'build', 'dynarock');
export const externalEndpoint = process.env.DYNAROCK_ENDPOINT || null;

const STARTUP_TIMEOUT_MS = 10_000;
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Starts `dynarock -port 0 -inMemory ...flags` and waits for its banner line
// ("dynarock listening on http://127.0.0.1:PORT (...)"). Resolves to
// { endpoint, stop() }; stop() sends SIGTERM and resolves to the exit code.
// With DYNAROCK_ENDPOINT set, resolves to that endpoint and a no-op stop().
export async function startServer(...flags) {
  if (externalEndpoint) {
    return { endpoint: externalEndpoint, external: true, stop: async () => 0 };
  }
  const child = spawn(binary, ['-port', '0', '-inMemory', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return code ?? signal;
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => { stderr = (stderr + text).slice(-4000); });

  const endpoint = await new Promise((resolve, reject) => {
    let banner = '';
    const fail = (why) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`dynarock (${binary}) did not start: ${why}\nstdout: ${banner}\nstderr: ${stderr}`));
    };
    const onData = (text) => {
      banner += text;
      const newline = banner.indexOf('\n');
      if (newline < 0) return;
      const match = banner.slice(0, newline).match(/listening on (http:\/\/\S+)/);
      if (match) {
        cleanup();
        resolve(match[1]);
      } else {
        fail('unexpected first line');
      }
    };
    const onError = (error) => fail(error.message);
    const onExit = (code, signal) => fail(`exited with ${code ?? signal}`);
    const timer = setTimeout(() => fail(`no banner within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
  // Keep draining whatever else it prints so a full pipe can never block it.
  child.stdout.resume();

  return {
    endpoint,
    external: false,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export function client(endpoint, accessKeyId = 'x') {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'y' },
    maxAttempts: 1,
  });
}

// Unique per process and per run, so repeated runs against one long-lived
// endpoint never collide.
const runId = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;
export function uniqueName(prefix = 'js') {
  counter += 1;
  return `${prefix}-${runId}-${counter}`;
}

export const hashKeyTable = (TableName, type = 'S') => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: type }],
});

// Creates a table and waits until it is ACTIVE (real DynamoDB answers
// CREATING first). Returns the CreateTable output.
export async function createTable(ddb, input) {
  const out = await ddb.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { TableName: input.TableName });
  return out;
}

// Best-effort removal of tables a file made, so a long-lived endpoint stays tidy.
export async function dropTables(ddb, names) {
  await Promise.all(names.map((TableName) => ddb.send(new DeleteTableCommand({ TableName }))
    .catch(() => {})));
}

// The rejection of `promise`, or a failed assertion if it resolved.
// The call fails with DynamoDB's error `name` (as the SDK names it and in
// __type), `message` (a string, or a RegExp to match), and HTTP 400.
export async function failsWith(promise, name, message) {
  const error = await rejection(promise);
  assert.equal(error.name, name, `${error}`);
  assert.match(error.__type, new RegExp(`#${name}$`));
  if (message instanceof RegExp) assert.match(error.message, message);
  else assert.equal(error.message, message);
  assert.equal(error.$metadata.httpStatusCode, 400);
  return error;
}

export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call should have failed');
}

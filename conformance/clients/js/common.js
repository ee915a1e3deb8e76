// What every program in this folder shares: where dynarock listens, a process
// environment with no stray AWS settings, a guard that keeps each request on
// dynarock, and scenario steps that stop at the first answer that differs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

// The address ../with-dynarock exported, e.g. http://127.0.0.1:41234.
export function dynarockUrl() {
  const url = process.env.DYNAROCK_URL;
  assert.ok(url, 'DYNAROCK_URL is not set: start these files through ./run');
  return url;
}

// Made-up keys: dynarock without --auth accepts any, and a request that leaked
// to AWS would be refused with them.
export const CREDENTIALS = { accessKeyId: 'AKIDDYNAROCKJS000001', secretAccessKey: 'dynarock/js/secret' };
export const REGION = 'us-east-1';

// Forgets every AWS_* variable of the calling shell (a developer's profile, an
// endpoint, real keys), so that each way configures the SDK by itself alone.
// EC2 metadata stays off: a credential chain that found nothing must never
// look for an instance role on the network.
export function clearAwsEnvironment() {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('AWS_')) delete process.env[name];
  }
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

// Refuses, before it leaves the process, any request whose address is not
// dynarock's: a way of configuring the endpoint that the SDK ignored then fails
// with that address instead of reaching out to AWS. It only looks; the request
// it lets through is unchanged.
export function keepOnDynarock(client) {
  const expected = new URL(dynarockUrl());
  client.middlewareStack.add((next) => async (args) => {
    const { protocol, hostname, port } = args.request;
    const target = `${protocol}//${hostname}${port ? `:${port}` : ''}`;
    if (target !== expected.origin) {
      throw new Error(`the request went to ${target}, not to dynarock at ${expected.origin}`);
    }
    return next(args);
  }, { step: 'finalizeRequest', name: 'keepOnDynarock', override: true });
  return client;
}

// A suite named `title` whose body(step) declares the steps in order:
// step(name, fn) is a test that runs fn, or is skipped once an earlier step of
// the suite failed, since every step builds on the ones before it. The first
// answer that differs is thus the one reported.
export function scenario(title, body) {
  describe(title, () => {
    let failed = null;
    body((name, fn) => it(name, async (t) => {
      if (failed) {
        t.skip(`skipped: step "${failed}" failed`);
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        failed = name;
        throw error;
      }
    }));
  });
}

// The rejection of `promise`, or a failed assertion if it resolved.
export async function rejection(promise, what = 'the call') {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail(`${what} should have failed`);
}

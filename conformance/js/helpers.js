// Starts a real dynarock process on a free port and builds SDK clients for it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.env.DYNAROCK_BIN ?? path.join(here, '..', '..', 'build', 'dynarock');

export async function startServer(...flags) {
  const child = spawn(binary, ['-port', '0', '-inMemory', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let banner = '';
  for await (const chunk of child.stdout) {
    banner += chunk.toString();
    if (banner.includes('\n')) break;
  }
  const match = banner.match(/listening on (http:\/\/\S+)/);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`dynarock did not start: ${banner}`);
  }
  return {
    endpoint: match[1],
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}

export function client(endpoint, accessKeyId = 'js') {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

let counter = 0;
export function uniqueName(prefix = 'js') {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

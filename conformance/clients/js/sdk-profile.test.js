// The scenario through the SDK configured by a shared config file alone: a
// profile naming endpoint_url and the region, its keys in the credentials
// file, chosen by AWS_PROFILE; the clients are built with no option at all.
import { after } from 'node:test';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { clearAwsEnvironment, dynarockUrl, CREDENTIALS, REGION } from './common.js';
import { playScenario } from './sdk-scenario.js';

const PROFILE = 'dynarock-js';
const dir = mkdtempSync(path.join(tmpdir(), 'dynarock-js-profile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = path.join(dir, 'config');
writeFileSync(config, [
  `[profile ${PROFILE}]`,
  `region = ${REGION}`,
  `endpoint_url = ${dynarockUrl()}`,
  '',
].join('\n'));
const credentials = path.join(dir, 'credentials');
writeFileSync(credentials, [
  `[${PROFILE}]`,
  `aws_access_key_id = ${CREDENTIALS.accessKeyId}`,
  `aws_secret_access_key = ${CREDENTIALS.secretAccessKey}`,
  '',
].join('\n'));

clearAwsEnvironment();
Object.assign(process.env, {
  AWS_CONFIG_FILE: config,
  AWS_SHARED_CREDENTIALS_FILE: credentials,
  AWS_PROFILE: PROFILE,
});

playScenario({
  way: 'profile',
  newDynamoDB: () => new DynamoDBClient(),
  newStreams: () => new DynamoDBStreamsClient(),
  table: 'js-sdk-profile',
});

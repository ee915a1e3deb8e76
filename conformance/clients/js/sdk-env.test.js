// The scenario through the SDK configured by the environment alone:
// AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_DYNAMODB_STREAMS, the keys and
// the region; the clients are built with no option at all.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { clearAwsEnvironment, dynarockUrl, CREDENTIALS, REGION } from './common.js';
import { playScenario } from './sdk-scenario.js';

clearAwsEnvironment();
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: dynarockUrl(),
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynarockUrl(),
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  AWS_REGION: REGION,
});

playScenario({
  way: 'env',
  newDynamoDB: () => new DynamoDBClient(),
  newStreams: () => new DynamoDBStreamsClient(),
  table: 'js-sdk-env',
});

// The scenario through the SDK configured in code alone: the endpoint, region
// and credentials options of each client's constructor.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { clearAwsEnvironment, dynarockUrl, CREDENTIALS, REGION } from './common.js';
import { playScenario } from './sdk-scenario.js';

clearAwsEnvironment();
const options = { endpoint: dynarockUrl(), region: REGION, credentials: CREDENTIALS };

playScenario({
  way: 'code',
  newDynamoDB: () => new DynamoDBClient(options),
  newStreams: () => new DynamoDBStreamsClient(options),
  table: 'js-sdk-code',
});

"""The direct-messages layer of Cruddur on DynamoDB (../shared/cruddur-messaging.md):
the data-access functions for access patterns A-E, and what the scripts in bin/ddb share."""

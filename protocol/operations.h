// protocol/operations.h
//
// Each supported operation's request decoder and response encoder: DynamoDB
// JSON text <-> the model's request and response structs. Decoders check
// everything that depends only on the request text (JSON types, the API
// model's member constraints, attribute values); what needs a table's
// definition is the engine's. Implemented one family per file:
// table_json.cc, item_json.cc and read_json.cc.
#pragma once

#include <string>
#include <string_view>

#include "model/error.h"
#include "model/backup_requests.h"
#include "model/batch_requests.h"
#include "model/emulated_requests.h"
#include "model/exchange_requests.h"
#include "model/global_table_requests.h"
#include "model/item_requests.h"
#include "model/partiql_requests.h"
#include "model/policy_requests.h"
#include "model/read_requests.h"
#include "model/stream_requests.h"
#include "model/transact_requests.h"
#include "model/table_requests.h"
#include "model/vector_requests.h"

namespace ddb::protocol {

Result<CreateTableRequest> DecodeCreateTable(std::string_view body);
Result<DescribeTableRequest> DecodeDescribeTable(std::string_view body);
Result<ListTablesRequest> DecodeListTables(std::string_view body);
Result<DeleteTableRequest> DecodeDeleteTable(std::string_view body);
Result<UpdateTableRequest> DecodeUpdateTable(std::string_view body);

Result<UpdateTimeToLiveRequest> DecodeUpdateTimeToLive(std::string_view body);
std::string EncodeUpdateTimeToLive(const TimeToLiveSpecification& spec);
std::string EncodeDescribeTimeToLive(const DescribeTimeToLiveResponse& response);

Result<TagResourceRequest> DecodeTagResource(std::string_view body);
Result<UntagResourceRequest> DecodeUntagResource(std::string_view body);
Result<ListTagsOfResourceRequest> DecodeListTagsOfResource(std::string_view body);
std::string EncodeListTagsOfResource(const ListTagsOfResourceResponse& response);
// "{}": operations that answer nothing (TagResource, UntagResource).
std::string EncodeEmpty(const EmptyResponse& response);

// {"TableDescription": ...} for CreateTable, DeleteTable and UpdateTable.
std::string EncodeTableDescriptionResponse(const TableResponse& response);
// {"Table": ...} for DescribeTable.
std::string EncodeDescribeTable(const TableResponse& response);
std::string EncodeListTables(const ListTablesResponse& response);

Result<PutItemRequest> DecodePutItem(std::string_view body);
Result<GetItemRequest> DecodeGetItem(std::string_view body);
Result<DeleteItemRequest> DecodeDeleteItem(std::string_view body);
// InternalServerError when a stored item passed on is corrupt.
Result<std::string> EncodeGetItem(const GetItemResponse& response);
// PutItem, DeleteItem and UpdateItem: Attributes, ConsumedCapacity,
// ItemCollectionMetrics, each when present.
std::string EncodeWriteItem(const WriteItemResponse& response);
Result<UpdateItemRequest> DecodeUpdateItem(std::string_view body);

// batch_json.cc
Result<BatchGetItemRequest> DecodeBatchGetItem(std::string_view body);
Result<BatchWriteItemRequest> DecodeBatchWriteItem(std::string_view body);
std::string EncodeBatchGetItem(const BatchGetItemResponse& response);
std::string EncodeBatchWriteItem(const BatchWriteItemResponse& response);

// transact_json.cc
Result<TransactWriteItemsRequest> DecodeTransactWriteItems(std::string_view body);
Result<TransactGetItemsRequest> DecodeTransactGetItems(std::string_view body);
std::string EncodeTransactWriteItems(const TransactWriteItemsResponse& response);
std::string EncodeTransactGetItems(const TransactGetItemsResponse& response);

Result<CreateBackupRequest> DecodeCreateBackup(std::string_view body);
Result<BackupArnRequest> DecodeBackupArnRequest(std::string_view body);
Result<ListBackupsRequest> DecodeListBackups(std::string_view body);
Result<RestoreTableFromBackupRequest> DecodeRestoreTableFromBackup(std::string_view body);
Result<RestoreTableToPointInTimeRequest> DecodeRestoreTableToPointInTime(std::string_view body);
Result<ContinuousBackupsRequest> DecodeDescribeContinuousBackups(std::string_view body);
Result<ContinuousBackupsRequest> DecodeUpdateContinuousBackups(std::string_view body);
std::string EncodeBackup(const BackupResponse& response);
std::string EncodeListBackups(const ListBackupsResponse& response);
std::string EncodeContinuousBackups(const ContinuousBackupsResponse& response);

Result<ContributorInsightsRequest> DecodeContributorInsights(std::string_view body);
Result<ContributorInsightsRequest> DecodeUpdateContributorInsights(std::string_view body);
Result<ListContributorInsightsRequest> DecodeListContributorInsights(std::string_view body);
Result<KinesisDestinationRequest> DecodeDescribeKinesisStreamingDestination(std::string_view body);
Result<KinesisDestinationRequest> DecodeEnableKinesisStreamingDestination(std::string_view body);
Result<KinesisDestinationRequest> DecodeUpdateKinesisStreamingDestination(std::string_view body);
std::string EncodeDescribeContributorInsights(const ContributorInsightsSummary& summary);
std::string EncodeUpdateContributorInsights(const ContributorInsightsSummary& summary);
std::string EncodeListContributorInsights(const ListContributorInsightsResponse& response);
std::string EncodeKinesisDestination(const KinesisDestinationResponse& response);

Result<ExecuteStatementRequest> DecodeExecuteStatement(std::string_view body);
Result<BatchExecuteStatementRequest> DecodeBatchExecuteStatement(std::string_view body);
Result<ExecuteTransactionRequest> DecodeExecuteTransaction(std::string_view body);
std::string EncodeExecuteStatement(const ExecuteStatementResponse& response);
std::string EncodeBatchExecuteStatement(const BatchExecuteStatementResponse& response);
std::string EncodeExecuteTransaction(const ExecuteTransactionResponse& response);

// read_json.cc
Result<QueryRequest> DecodeQuery(std::string_view body);
Result<ScanRequest> DecodeScan(std::string_view body);
// Query and Scan: Items (unless Select COUNT), Count, ScannedCount,
// LastEvaluatedKey, ConsumedCapacity. An error when a stored item is not a
// valid encoding (the engine passes items on whole without reading them).
Result<std::string> EncodeRead(const ReadResponse& response);


// The body of an error response: {"__type": "<namespace>#<name>",
// "message": ...} plus Item or CancellationReasons when the error has them.
std::string EncodeError(const Error& error);

// The DynamoDB Streams API (streams_json.cc).
Result<ListStreamsRequest> DecodeListStreams(std::string_view body);
Result<DescribeStreamRequest> DecodeDescribeStream(std::string_view body);
Result<GetShardIteratorRequest> DecodeGetShardIterator(std::string_view body);
Result<GetRecordsRequest> DecodeGetRecords(std::string_view body);
std::string EncodeListStreams(const ListStreamsResponse& response);
std::string EncodeDescribeStream(const DescribeStreamResponse& response);
std::string EncodeGetShardIterator(const GetShardIteratorResponse& response);
std::string EncodeGetRecords(const GetRecordsResponse& response);
// {"Records": [...]}: the event AWS Lambda hands a function for a batch of
// records of the stream `stream_arn` (local triggers).
std::string EncodeLambdaEvent(const std::vector<StreamRecord>& records,
                              const std::string& stream_arn);

// Export and import (exchange_json.cc).
Result<ExportTableToPointInTimeRequest> DecodeExportTableToPointInTime(std::string_view body);
Result<DescribeExportRequest> DecodeDescribeExport(std::string_view body);
Result<ListExportsRequest> DecodeListExports(std::string_view body);
std::string EncodeExport(const ExportResponse& response);
std::string EncodeListExports(const ListExportsResponse& response);
Result<ImportTableRequest> DecodeImportTable(std::string_view body);
Result<DescribeImportRequest> DecodeDescribeImport(std::string_view body);
Result<ListImportsRequest> DecodeListImports(std::string_view body);
std::string EncodeImport(const ImportResponse& response);
std::string EncodeListImports(const ListImportsResponse& response);

// Resource-based policies (policy_json.cc).
Result<ResourcePolicyRequest> DecodePutResourcePolicy(std::string_view body);
Result<ResourcePolicyRequest> DecodeGetResourcePolicy(std::string_view body);
Result<ResourcePolicyRequest> DecodeDeleteResourcePolicy(std::string_view body);
std::string EncodeResourcePolicy(const ResourcePolicyResponse& response);
// A policy document as DynamoDB checks it (size, JSON, statements), minified;
// ValidationException with DynamoDB's message otherwise.
Result<std::string> CheckPolicyDocument(std::string_view document);

// Global tables (global_table_json.cc).
Result<GlobalTableRequest> DecodeCreateGlobalTable(std::string_view body);
Result<GlobalTableRequest> DecodeUpdateGlobalTable(std::string_view body);
// DescribeGlobalTable, Describe/UpdateGlobalTableSettings: the name alone.
Result<GlobalTableRequest> DecodeGlobalTableRequest(std::string_view body);
Result<ListGlobalTablesRequest> DecodeListGlobalTables(std::string_view body);
std::string EncodeGlobalTable(const GlobalTableResponse& response);
std::string EncodeListGlobalTables(const ListGlobalTablesResponse& response);
Result<ReplicaAutoScalingRequest> DecodeReplicaAutoScaling(std::string_view body);
std::string EncodeReplicaAutoScaling(const ReplicaAutoScalingResponse& response);

// SearchVectors (vector_json.cc).
Result<SearchVectorsRequest> DecodeSearchVectors(std::string_view body);
std::string EncodeSearchVectors(const SearchVectorsResponse& response);

}  // namespace ddb::protocol

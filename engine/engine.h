// engine/engine.h
//
// Engine: DynamoDB's semantics on a KvStore. One method per API action,
// named after it, taking the decoded request and returning the response or
// the DynamoDB error. It knows nothing of JSON or HTTP.
//
// Each method first validates everything that depends only on the request
// and the table's definition, then (for writes) takes the write mutex, reads
// what it must, and applies one atomic WriteBatch.
//
// Thread-safety: all methods may be called concurrently. Writes are
// serialized by write_mu_ (one writer at a time keeps conditional writes and
// read-modify-write correct); reads take no lock. Transactions also claim
// their items in in_flight_ before they wait for write_mu_, so that writes
// meeting them fail as DynamoDB's do.
//
// The methods are implemented one family per file: tables.cc, table_update.cc,
// index_update.cc, items.cc, update_item.cc, query.cc, scan.cc (with read_pages.cc).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>

#include "engine/background_jobs.h"
#include "engine/catalog.h"
#include "engine/exchange.h"
#include "engine/in_flight.h"
#include "engine/vector_anns.h"
#include "model/error.h"
#include "model/backup_requests.h"
#include "model/batch_requests.h"
#include "model/emulated_requests.h"
#include "model/exchange_requests.h"
#include "model/global_table_requests.h"
#include "model/item_requests.h"
#include "model/partiql_requests.h"
#include "model/policy_requests.h"
#include "model/transact_requests.h"
#include "model/read_requests.h"
#include "model/stream_requests.h"
#include "model/table_requests.h"
#include "model/vector_requests.h"
#include "storage/kv_store.h"

namespace ddb {

struct EngineOptions {
  // DynamoDB Local's -delayTransientStatuses: tables pass through CREATING,
  // UPDATING and DELETING for this long instead of changing at once.
  std::chrono::milliseconds transient_status_delay{0};
  // How long a TransactWriteItems holds its items before it commits, so that
  // an application's handling of transaction conflicts can be exercised.
  std::chrono::milliseconds transaction_delay{0};
  // DynamoDB's 10 GB limit on an item collection (tables with LSIs);
  // smaller to exercise ItemCollectionSizeLimitExceededException.
  uint64_t max_item_collection_bytes = 10ULL * 1024 * 1024 * 1024;
};

class Engine {
 public:
  // `store` must outlive the engine.
  Engine(storage::KvStore& store, EngineOptions options = {});
  ~Engine();

  // Loads the catalog; call once before serving.
  Status Open();

  // Hands to the operating system the log records of writes made on a
  // thread that defers them (storage::DeferLogWrites): a caller answering
  // for a write calls this first.
  Status WriteLog();
  bool LogPending() const;

  // Table operations (tables.cc).
  Result<TableResponse> CreateTable(const RequestContext& context, CreateTableRequest request);
  Result<TableResponse> DescribeTable(const RequestContext& context,
                                      const DescribeTableRequest& request);
  Result<ListTablesResponse> ListTables(const RequestContext& context,
                                        const ListTablesRequest& request);
  Result<TableResponse> DeleteTable(const RequestContext& context,
                                    const DeleteTableRequest& request);
  Result<TableResponse> UpdateTable(const RequestContext& context,
                                    const UpdateTableRequest& request);

  // Item operations (items.cc).
  Result<PutItemResponse> PutItem(const RequestContext& context, const PutItemRequest& request);
  Result<GetItemResponse> GetItem(const RequestContext& context, const GetItemRequest& request);
  Result<DeleteItemResponse> DeleteItem(const RequestContext& context,
                                        const DeleteItemRequest& request);
  // update_item.cc
  Result<UpdateItemResponse> UpdateItem(const RequestContext& context,
                                        const UpdateItemRequest& request);

  // Time to live (time_to_live.cc).
  Result<TimeToLiveSpecification> UpdateTimeToLive(const RequestContext& context,
                                                   const UpdateTimeToLiveRequest& request);
  Result<DescribeTimeToLiveResponse> DescribeTimeToLive(const RequestContext& context,
                                                        const DescribeTableRequest& request);

  // Tags (tags.cc).
  Result<EmptyResponse> TagResource(const RequestContext& context,
                                    const TagResourceRequest& request);
  Result<EmptyResponse> UntagResource(const RequestContext& context,
                                      const UntagResourceRequest& request);
  Result<ListTagsOfResourceResponse> ListTagsOfResource(const RequestContext& context,
                                                        const ListTagsOfResourceRequest& request);

  // Batches (batch.cc).
  Result<BatchGetItemResponse> BatchGetItem(const RequestContext& context,
                                            const BatchGetItemRequest& request);
  Result<BatchWriteItemResponse> BatchWriteItem(const RequestContext& context,
                                                const BatchWriteItemRequest& request);

  // Transactions (transactions.cc).
  Result<TransactWriteItemsResponse> TransactWriteItems(const RequestContext& context,
                                                        const TransactWriteItemsRequest& request);
  Result<TransactGetItemsResponse> TransactGetItems(const RequestContext& context,
                                                    const TransactGetItemsRequest& request);

  // Backups and point-in-time recovery settings (backups.cc).
  Result<BackupResponse> CreateBackup(const RequestContext& context,
                                      const CreateBackupRequest& request);
  Result<BackupResponse> DescribeBackup(const RequestContext& context,
                                        const BackupArnRequest& request);
  Result<BackupResponse> DeleteBackup(const RequestContext& context,
                                      const BackupArnRequest& request);
  Result<ListBackupsResponse> ListBackups(const RequestContext& context,
                                          const ListBackupsRequest& request);
  Result<TableResponse> RestoreTableFromBackup(const RequestContext& context,
                                               const RestoreTableFromBackupRequest& request);
  Result<TableResponse> RestoreTableToPointInTime(
      const RequestContext& context, const RestoreTableToPointInTimeRequest& request);
  Result<ContinuousBackupsResponse> DescribeContinuousBackups(
      const RequestContext& context, const ContinuousBackupsRequest& request);
  Result<ContinuousBackupsResponse> UpdateContinuousBackups(
      const RequestContext& context, const ContinuousBackupsRequest& request);

  // Emulated control plane (emulated.cc): state kept and described only.
  Result<ContributorInsightsSummary> DescribeContributorInsights(
      const RequestContext& context, const ContributorInsightsRequest& request);
  Result<ContributorInsightsSummary> UpdateContributorInsights(
      const RequestContext& context, const ContributorInsightsRequest& request);
  Result<ListContributorInsightsResponse> ListContributorInsights(
      const RequestContext& context, const ListContributorInsightsRequest& request);
  Result<KinesisDestinationResponse> DescribeKinesisStreamingDestination(
      const RequestContext& context, const KinesisDestinationRequest& request);
  Result<KinesisDestinationResponse> EnableKinesisStreamingDestination(
      const RequestContext& context, const KinesisDestinationRequest& request);
  Result<KinesisDestinationResponse> DisableKinesisStreamingDestination(
      const RequestContext& context, const KinesisDestinationRequest& request);
  Result<KinesisDestinationResponse> UpdateKinesisStreamingDestination(
      const RequestContext& context, const KinesisDestinationRequest& request);

  // Global tables (global_tables.cc): the 2017.11.29 calls, which DynamoDB
  // refuses today, and replica auto scaling of 2019.11.21 tables.
  Result<GlobalTableResponse> CreateGlobalTable(const RequestContext& context,
                                                const GlobalTableRequest& request);
  Result<GlobalTableResponse> UpdateGlobalTable(const RequestContext& context,
                                                const GlobalTableRequest& request);
  Result<GlobalTableResponse> DescribeGlobalTable(const RequestContext& context,
                                                  const GlobalTableRequest& request);
  // Describe- and UpdateGlobalTableSettings.
  Result<GlobalTableResponse> GlobalTableSettings(const RequestContext& context,
                                                  const GlobalTableRequest& request);
  Result<ListGlobalTablesResponse> ListGlobalTables(const RequestContext& context,
                                                    const ListGlobalTablesRequest& request);
  Result<ReplicaAutoScalingResponse> DescribeTableReplicaAutoScaling(
      const RequestContext& context, const ReplicaAutoScalingRequest& request);
  Result<ReplicaAutoScalingResponse> UpdateTableReplicaAutoScaling(
      const RequestContext& context, const ReplicaAutoScalingRequest& request);

  // Resource-based policies (resource_policies.cc).
  Result<ResourcePolicyResponse> PutResourcePolicy(const RequestContext& context,
                                                   const ResourcePolicyRequest& request);
  Result<ResourcePolicyResponse> GetResourcePolicy(const RequestContext& context,
                                                   const ResourcePolicyRequest& request);
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const RequestContext& context,
                                                      const ResourcePolicyRequest& request);

  // Export and import (exports.cc, imports.cc), to and from the folders an
  // ExchangeFiles keeps; without one, both are refused.
  void SetExchangeFiles(ExchangeFiles* files) { exchange_ = files; }
  Result<ExportResponse> ExportTableToPointInTime(const RequestContext& context,
                                                  const ExportTableToPointInTimeRequest& request);
  Result<ExportResponse> DescribeExport(const RequestContext& context,
                                        const DescribeExportRequest& request);
  Result<ListExportsResponse> ListExports(const RequestContext& context,
                                          const ListExportsRequest& request);
  Result<ImportResponse> ImportTable(const RequestContext& context,
                                     const ImportTableRequest& request);
  Result<ImportResponse> DescribeImport(const RequestContext& context,
                                        const DescribeImportRequest& request);
  Result<ListImportsResponse> ListImports(const RequestContext& context,
                                          const ListImportsRequest& request);
  // Blocks until the exports and imports started so far have ended (tests).
  void DrainJobs() { jobs_->Drain(); }
  // Blocks until the SearchVectors candidates' builds started so far end.
  void DrainVectorBuilds() { vector_anns_.Drain(); }

  // PartiQL (partiql.cc): statements compiled onto the operations above.
  Result<ExecuteStatementResponse> ExecuteStatement(const RequestContext& context,
                                                    const ExecuteStatementRequest& request);
  Result<BatchExecuteStatementResponse> BatchExecuteStatement(
      const RequestContext& context, const BatchExecuteStatementRequest& request);
  Result<ExecuteTransactionResponse> ExecuteTransaction(const RequestContext& context,
                                                        const ExecuteTransactionRequest& request);

  // DynamoDB Streams (streams.cc).
  Result<ListStreamsResponse> ListStreams(const RequestContext& context,
                                          const ListStreamsRequest& request);
  Result<DescribeStreamResponse> DescribeStream(const RequestContext& context,
                                                const DescribeStreamRequest& request);
  Result<GetShardIteratorResponse> GetShardIterator(const RequestContext& context,
                                                    const GetShardIteratorRequest& request);
  Result<GetRecordsResponse> GetRecords(const RequestContext& context,
                                        const GetRecordsRequest& request);

  // The same records for consumers inside the process (local triggers):
  // positions are sequence numbers, no iterators.
  struct StreamPage {
    std::vector<StreamRecord> records;
    uint64_t next_position = 0;  // where the next read starts
    bool ended = false;          // a closed stream read to its end
  };
  Result<StreamPage> ReadStream(const RequestContext& context, const std::string& stream_arn,
                                uint64_t position, int64_t limit);
  // The position of a stream's oldest kept record, or (latest) of its next one.
  Result<uint64_t> StreamStart(const RequestContext& context, const std::string& stream_arn,
                               bool latest);
  // A consumer's durable position (the next sequence number it reads).
  Result<std::optional<uint64_t>> LoadPosition(const std::string& consumer);
  Status SavePosition(const std::string& consumer, uint64_t position);
  // The enabled stream of every table named `table_name`, in every database.
  std::vector<std::pair<RequestContext, std::string>> OpenStreams(const std::string& table_name);

  // Multi-item reads (query.cc, scan.cc).
  Result<QueryResponse> Query(const RequestContext& context, const QueryRequest& request);
  Result<ScanResponse> Scan(const RequestContext& context, const ScanRequest& request);

  // SearchVectors on a vector index (vector_search.cc).
  Result<SearchVectorsResponse> SearchVectors(const RequestContext& context,
                                              const SearchVectorsRequest& request);

  // What DynamoDB does in the background (sweep.cc): deletes items whose
  // Time to Live has passed and trims stream records older than 24 hours, a
  // bounded amount per table per call. Called periodically by a Sweeper
  // (engine/sweeper.h); never concurrently with itself.
  void Sweep();

  // Seconds since the epoch; replaceable for tests.
  std::function<double()> clock;

 private:
  // The table, or ResourceNotFoundException with DynamoDB's message for
  // item operations ("Requested resource not found").
  Result<TablePtr> FindTable(const RequestContext& context, const std::string& table_name);
  // Brings a table's transient status up to date (CREATING -> ACTIVE, ...).
  TablePtr Settle(const RequestContext& context, TablePtr table);
  // The same for a caller that holds write_mu_ (Settle would deadlock).
  TablePtr SettleLocked(const RequestContext& context, TablePtr table);
  TableDescription Describe(const RequestContext& context, const TableDefinition& table);
  // A write looked its table up before it took write_mu_; replaces that
  // snapshot with the catalog's current one, so that it sees an index,
  // stream or TTL change made meanwhile. ResourceNotFoundException when the
  // table was deleted (or replaced) meanwhile. REQUIRES: write_mu_ held.
  Status Refresh(const RequestContext& context, TablePtr& table);
  Status Commit(const storage::WriteBatch& batch);
  // Starts building the candidates of a table's vector indexes in the
  // background (vector_anns.h), so that a table that arrives full (on
  // start-up, restored, imported) does not wait for its first search.
  void WarmVectorIndexes(const TableDefinition& table);
  // Restores (backups.cc): copies one id's items to another's; makes a
  // restored table's index entries and catalog record, and the answer.
  // REQUIRES: write_mu_ held.
  Status CopyItems(uint64_t from_id, uint64_t to_id);
  // The same from a cursor over items (a snapshot taken earlier), counting
  // the items and their bytes when asked.
  Status CopyItems(storage::Cursor& source, uint64_t to_id, int64_t* items = nullptr,
                   int64_t* bytes = nullptr);
  Result<TableResponse> FinishRestore(const RequestContext& context, TableDefinition table);
  // DeleteTable of a table with point-in-time recovery on: its SYSTEM
  // backup (items copied now, record staged into `batch`); Sweep erases
  // those past their 35 days. REQUIRES: write_mu_ held (StageSystemBackup).
  Status StageSystemBackup(const RequestContext& context, const TableDefinition& table,
                           storage::WriteBatch& batch);
  void SweepBackups();
  // Copies `source`'s items as they were after the history records up to
  // `until_micros` (its point-in-time base and history) to `to_id`, which
  // nobody else writes. HistoryMicros: a time in history's microseconds.
  Status CopyPointInTime(const TableDefinition& source, int64_t until_micros, uint64_t to_id);
  int64_t HistoryMicros(double when) const;
  // Resource policies (resource_policies.cc): the table (and stream) a
  // policy slot names, or DynamoDB's error; a RevisionId later than `after`;
  // `change` applied to a table's policies under the write mutex.
  static Status CheckSlot(const TablePtr& table, const std::string& table_name,
                          const std::string& stream_label);
  std::string NextRevisionId(const std::string& after);
  Result<TableDefinition> ChangePolicies(
      const RequestContext& context, const std::string& table_name,
      const std::string& stream_label,
      const std::function<Status(std::map<std::string, TableDefinition::ResourcePolicy>&)>& change);
  // Exports (exports.cc) and imports (imports.cc): records and the jobs.
  Status StoreExport(const std::string& database, const ExportDescription& d);
  ListExportsResponse AllExports(const std::string& database);
  // `until_micros`: how much history a full export reads.
  void RunExport(const std::string& database, ExportDescription d, const TableDefinition& source,
                 int64_t until_micros);
  Status WriteExport(const TableDefinition& source, ExportDescription& d, int64_t until_micros);
  Status StoreImport(const std::string& database, const ImportDescription& d);
  // Open(): exports and imports a stop interrupted end FAILED, and an
  // interrupted import's table (CREATING) is dropped, as a failed one's is.
  Status FailInterruptedJobs();
  // RunImport's failure: drops the table it created, if it is still that one.
  void DropImportedTable(const std::string& database, const std::string& table_name,
                         uint64_t table_id);
  ListImportsResponse AllImports(const std::string& database);
  void RunImport(const RequestContext& context, ImportDescription d);
  Status ReadImport(const TableDefinition& table, ImportDescription& d);
  // Stages the point-in-time history record of one item's change when the
  // table has point-in-time recovery on (point_in_time.cc).
  // REQUIRES: write_mu_ held.
  void StageHistory(const TableDefinition& table, const std::optional<Item>& old_item,
                    const std::optional<Item>& new_item, storage::WriteBatch& batch);
  // Applies `change` to a table's definition and stores it, under the write
  // mutex; the changed definition, or the change's (or lookup's) error.
  Result<TableDefinition> ChangeTable(const RequestContext& context, const std::string& table_name,
                                      const std::function<Status(TableDefinition&)>& change);
  // Stages removing every key under `prefix` of one space (tables.cc).
  void StageErase(storage::Space space, const std::string& prefix, storage::WriteBatch& batch);
  // UpdateTable's GlobalSecondaryIndexUpdates (index_update.cc): changes
  // `table`, stages removals into `batch`, writes new indexes' entries.
  void SweepExpired(const std::string& database, const TableDefinition& table);
  void TrimStream(const TableDefinition& table);
  // Erases a deleted table's streams once none is kept any more.
  void ForgetAgedStreams(const std::string& database, const TableDefinition& table);
  Status LoadNextSequence();  // streams.cc
  // A stream named by its ARN, still kept; ResourceNotFoundException if none.
  struct FoundStream {
    TablePtr table;
    const TableStream* stream;  // into *table
  };
  Result<FoundStream> FindStream(const RequestContext& context, const std::string& stream_arn);
  // The first sequence number of a table's records not yet trimmed away.
  uint64_t TrimHorizon(uint64_t table_id) const;
  // Stages the stream record of one item's change when the table has an
  // enabled stream (streams.cc), and its point-in-time history record when
  // recovery is on. REQUIRES: write_mu_ held.
  void StageStreamRecord(const TableDefinition& table, const std::optional<Item>& old_item,
                         const std::optional<Item>& new_item, storage::WriteBatch& batch,
                         bool by_ttl = false);
  Status UpdateGlobalIndexes(const UpdateTableRequest& request, TableDefinition& table,
                             storage::WriteBatch& batch);
  Status Backfill(const TableDefinition& table, const SecondaryIndex& index);

  storage::KvStore& store_;
  EngineOptions options_;
  Catalog catalog_;
  std::mutex write_mu_;  // serializes every write (items and catalog)
  InFlight in_flight_;   // items of the TransactWriteItems in progress
  uint64_t next_sequence_ = 1;  // of stream records; guarded by write_mu_
  int64_t last_history_micros_ = 0;  // of point-in-time history; guarded by write_mu_
  std::map<uint64_t, std::string> sweep_positions_;  // table id -> next item key; Sweep's own
  mutable std::mutex trim_mu_;
  std::map<uint64_t, uint64_t> trim_horizons_;  // table id -> first kept; guarded by trim_mu_
  // TransactWriteItems' ClientRequestTokens (database + token) of the last
  // ten minutes: the request's text, when, and what was answered.
  struct Idempotent {
    std::string fingerprint;
    double time = 0;
    TransactWriteItemsResponse response;
  };
  std::map<std::string, Idempotent> idempotency_;  // guarded by write_mu_
  ExchangeFiles* exchange_ = nullptr;
  std::mutex jobs_mu_;  // serializes export and import records' changes
  VectorAnns vector_anns_{store_};  // SearchVectors' candidates; Commit keeps them current
  // Last, so that it is destroyed first: its thread uses everything above.
  std::unique_ptr<BackgroundJobs> jobs_ = std::make_unique<BackgroundJobs>();
};

}  // namespace ddb

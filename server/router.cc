#include "server/router.h"

#include <array>
#include <utility>

#include "engine/partiql/parser.h"
#include "protocol/operations.h"
#include "protocol/policy_check.h"

namespace ddb::server {
namespace {

using Handler = Result<std::string> (*)(Engine& engine, const RequestContext& context,
                                        std::string_view body);

// Decode, execute, encode. The first error ends it.
template <auto kDecode, auto kExecute, auto kEncode>
Result<std::string> Run(Engine& engine, const RequestContext& context, std::string_view body) {
  auto request = kDecode(body);
  if (!request) return std::move(request).error();
  auto response = (engine.*kExecute)(context, *std::move(request));
  if (!response) return std::move(response).error();
  return kEncode(*response);
}

// Every supported operation. To add one: a method on Engine, a decoder and
// an encoder in protocol/, and a line here.
const std::array<std::pair<std::string_view, Handler>, 56> kOperations = {{
    {"CreateTable", &Run<&protocol::DecodeCreateTable, &Engine::CreateTable,
                         &protocol::EncodeTableDescriptionResponse>},
    {"DescribeTable", &Run<&protocol::DecodeDescribeTable, &Engine::DescribeTable,
                           &protocol::EncodeDescribeTable>},
    {"ListTables", &Run<&protocol::DecodeListTables, &Engine::ListTables,
                        &protocol::EncodeListTables>},
    {"DeleteTable", &Run<&protocol::DecodeDeleteTable, &Engine::DeleteTable,
                         &protocol::EncodeTableDescriptionResponse>},
    {"UpdateTable", &Run<&protocol::DecodeUpdateTable, &Engine::UpdateTable,
                         &protocol::EncodeTableDescriptionResponse>},
    {"PutItem", &Run<&protocol::DecodePutItem, &Engine::PutItem, &protocol::EncodeWriteItem>},
    {"GetItem", &Run<&protocol::DecodeGetItem, &Engine::GetItem, &protocol::EncodeGetItem>},
    {"DeleteItem",
     &Run<&protocol::DecodeDeleteItem, &Engine::DeleteItem, &protocol::EncodeWriteItem>},
    {"UpdateItem",
     &Run<&protocol::DecodeUpdateItem, &Engine::UpdateItem, &protocol::EncodeWriteItem>},
    {"UpdateTimeToLive", &Run<&protocol::DecodeUpdateTimeToLive, &Engine::UpdateTimeToLive,
                              &protocol::EncodeUpdateTimeToLive>},
    {"DescribeTimeToLive", &Run<&protocol::DecodeDescribeTable, &Engine::DescribeTimeToLive,
                                &protocol::EncodeDescribeTimeToLive>},
    {"TagResource", &Run<&protocol::DecodeTagResource, &Engine::TagResource,
                         &protocol::EncodeEmpty>},
    {"UntagResource", &Run<&protocol::DecodeUntagResource, &Engine::UntagResource,
                           &protocol::EncodeEmpty>},
    {"ListTagsOfResource", &Run<&protocol::DecodeListTagsOfResource,
                                &Engine::ListTagsOfResource, &protocol::EncodeListTagsOfResource>},
    {"BatchGetItem",
     &Run<&protocol::DecodeBatchGetItem, &Engine::BatchGetItem, &protocol::EncodeBatchGetItem>},
    {"BatchWriteItem", &Run<&protocol::DecodeBatchWriteItem, &Engine::BatchWriteItem,
                            &protocol::EncodeBatchWriteItem>},
    {"TransactWriteItems", &Run<&protocol::DecodeTransactWriteItems, &Engine::TransactWriteItems,
                               &protocol::EncodeTransactWriteItems>},
    {"TransactGetItems", &Run<&protocol::DecodeTransactGetItems, &Engine::TransactGetItems,
                              &protocol::EncodeTransactGetItems>},
    {"Query", &Run<&protocol::DecodeQuery, &Engine::Query, &protocol::EncodeRead>},
    {"Scan", &Run<&protocol::DecodeScan, &Engine::Scan, &protocol::EncodeRead>},
    {"SearchVectors", &Run<&protocol::DecodeSearchVectors, &Engine::SearchVectors,
                           &protocol::EncodeSearchVectors>},
    {"CreateBackup",
     &Run<&protocol::DecodeCreateBackup, &Engine::CreateBackup, &protocol::EncodeBackup>},
    {"DescribeBackup",
     &Run<&protocol::DecodeBackupArnRequest, &Engine::DescribeBackup, &protocol::EncodeBackup>},
    {"DeleteBackup",
     &Run<&protocol::DecodeBackupArnRequest, &Engine::DeleteBackup, &protocol::EncodeBackup>},
    {"ListBackups",
     &Run<&protocol::DecodeListBackups, &Engine::ListBackups, &protocol::EncodeListBackups>},
    {"RestoreTableFromBackup",
     &Run<&protocol::DecodeRestoreTableFromBackup, &Engine::RestoreTableFromBackup,
          &protocol::EncodeTableDescriptionResponse>},
    {"RestoreTableToPointInTime",
     &Run<&protocol::DecodeRestoreTableToPointInTime, &Engine::RestoreTableToPointInTime,
          &protocol::EncodeTableDescriptionResponse>},
    {"DescribeContinuousBackups",
     &Run<&protocol::DecodeDescribeContinuousBackups, &Engine::DescribeContinuousBackups,
          &protocol::EncodeContinuousBackups>},
    {"UpdateContinuousBackups",
     &Run<&protocol::DecodeUpdateContinuousBackups, &Engine::UpdateContinuousBackups,
          &protocol::EncodeContinuousBackups>},
    {"DescribeContributorInsights",
     &Run<&protocol::DecodeContributorInsights, &Engine::DescribeContributorInsights,
          &protocol::EncodeDescribeContributorInsights>},
    {"UpdateContributorInsights",
     &Run<&protocol::DecodeUpdateContributorInsights, &Engine::UpdateContributorInsights,
          &protocol::EncodeUpdateContributorInsights>},
    {"ListContributorInsights",
     &Run<&protocol::DecodeListContributorInsights, &Engine::ListContributorInsights,
          &protocol::EncodeListContributorInsights>},
    {"DescribeKinesisStreamingDestination",
     &Run<&protocol::DecodeDescribeKinesisStreamingDestination,
          &Engine::DescribeKinesisStreamingDestination, &protocol::EncodeKinesisDestination>},
    {"EnableKinesisStreamingDestination",
     &Run<&protocol::DecodeEnableKinesisStreamingDestination,
          &Engine::EnableKinesisStreamingDestination, &protocol::EncodeKinesisDestination>},
    {"DisableKinesisStreamingDestination",
     &Run<&protocol::DecodeEnableKinesisStreamingDestination,
          &Engine::DisableKinesisStreamingDestination, &protocol::EncodeKinesisDestination>},
    {"UpdateKinesisStreamingDestination",
     &Run<&protocol::DecodeUpdateKinesisStreamingDestination,
          &Engine::UpdateKinesisStreamingDestination, &protocol::EncodeKinesisDestination>},
    {"CreateGlobalTable", &Run<&protocol::DecodeCreateGlobalTable, &Engine::CreateGlobalTable,
                               &protocol::EncodeGlobalTable>},
    {"UpdateGlobalTable", &Run<&protocol::DecodeUpdateGlobalTable, &Engine::UpdateGlobalTable,
                               &protocol::EncodeGlobalTable>},
    {"DescribeGlobalTable", &Run<&protocol::DecodeGlobalTableRequest,
                                 &Engine::DescribeGlobalTable, &protocol::EncodeGlobalTable>},
    {"DescribeGlobalTableSettings", &Run<&protocol::DecodeGlobalTableRequest,
                                         &Engine::GlobalTableSettings, &protocol::EncodeGlobalTable>},
    {"UpdateGlobalTableSettings", &Run<&protocol::DecodeGlobalTableRequest,
                                       &Engine::GlobalTableSettings, &protocol::EncodeGlobalTable>},
    {"ListGlobalTables", &Run<&protocol::DecodeListGlobalTables, &Engine::ListGlobalTables,
                              &protocol::EncodeListGlobalTables>},
    {"DescribeTableReplicaAutoScaling",
     &Run<&protocol::DecodeReplicaAutoScaling, &Engine::DescribeTableReplicaAutoScaling,
          &protocol::EncodeReplicaAutoScaling>},
    {"UpdateTableReplicaAutoScaling",
     &Run<&protocol::DecodeReplicaAutoScaling, &Engine::UpdateTableReplicaAutoScaling,
          &protocol::EncodeReplicaAutoScaling>},
    {"PutResourcePolicy", &Run<&protocol::DecodePutResourcePolicy, &Engine::PutResourcePolicy,
                               &protocol::EncodeResourcePolicy>},
    {"GetResourcePolicy", &Run<&protocol::DecodeGetResourcePolicy, &Engine::GetResourcePolicy,
                               &protocol::EncodeResourcePolicy>},
    {"DeleteResourcePolicy",
     &Run<&protocol::DecodeDeleteResourcePolicy, &Engine::DeleteResourcePolicy,
          &protocol::EncodeResourcePolicy>},
    {"ExportTableToPointInTime",
     &Run<&protocol::DecodeExportTableToPointInTime, &Engine::ExportTableToPointInTime,
          &protocol::EncodeExport>},
    {"DescribeExport",
     &Run<&protocol::DecodeDescribeExport, &Engine::DescribeExport, &protocol::EncodeExport>},
    {"ListExports",
     &Run<&protocol::DecodeListExports, &Engine::ListExports, &protocol::EncodeListExports>},
    {"ImportTable",
     &Run<&protocol::DecodeImportTable, &Engine::ImportTable, &protocol::EncodeImport>},
    {"DescribeImport",
     &Run<&protocol::DecodeDescribeImport, &Engine::DescribeImport, &protocol::EncodeImport>},
    {"ListImports",
     &Run<&protocol::DecodeListImports, &Engine::ListImports, &protocol::EncodeListImports>},
    {"ExecuteStatement", &Run<&protocol::DecodeExecuteStatement, &Engine::ExecuteStatement,
                              &protocol::EncodeExecuteStatement>},
    {"BatchExecuteStatement",
     &Run<&protocol::DecodeBatchExecuteStatement, &Engine::BatchExecuteStatement,
          &protocol::EncodeBatchExecuteStatement>},
    {"ExecuteTransaction", &Run<&protocol::DecodeExecuteTransaction, &Engine::ExecuteTransaction,
                                &protocol::EncodeExecuteTransaction>},
}};

// The DynamoDB Streams API, served on the same port.
const std::array<std::pair<std::string_view, Handler>, 4> kStreamsOperations = {{
    {"ListStreams", &Run<&protocol::DecodeListStreams, &Engine::ListStreams,
                         &protocol::EncodeListStreams>},
    {"DescribeStream", &Run<&protocol::DecodeDescribeStream, &Engine::DescribeStream,
                            &protocol::EncodeDescribeStream>},
    {"GetShardIterator", &Run<&protocol::DecodeGetShardIterator, &Engine::GetShardIterator,
                              &protocol::EncodeGetShardIterator>},
    {"GetRecords", &Run<&protocol::DecodeGetRecords, &Engine::GetRecords,
                        &protocol::EncodeGetRecords>},
}};

// Operations that need no table and no engine.
Result<std::string> DescribeEndpoints(const RequestContext& context) {
  return "{\"Endpoints\":[{\"Address\":\"dynamodb." + context.region +
         ".amazonaws.com\",\"CachePeriodInMinutes\":1440}]}";
}

Result<std::string> DescribeLimits() {
  return std::string(
      "{\"AccountMaxReadCapacityUnits\":80000,\"AccountMaxWriteCapacityUnits\":80000,"
      "\"TableMaxReadCapacityUnits\":40000,\"TableMaxWriteCapacityUnits\":40000}");
}

constexpr std::string_view kDynamoDbPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";

Error UnknownOperation() { return {ErrorCode::kUnknownOperationException, "", {}, {}}; }

Result<std::string> Dispatch(Engine& engine, const RequestContext& context,
                             std::string_view target, std::string_view body) {
  if (target.starts_with(kStreamsPrefix)) {
    std::string_view operation = target.substr(kStreamsPrefix.size());
    for (const auto& [name, handler] : kStreamsOperations) {
      if (name == operation) return handler(engine, context, body);
    }
    return UnknownOperation();
  }
  if (!target.starts_with(kDynamoDbPrefix)) return UnknownOperation();
  std::string_view operation = target.substr(kDynamoDbPrefix.size());
  for (const auto& [name, handler] : kOperations) {
    if (name == operation) return handler(engine, context, body);
  }
  if (operation == "DescribeEndpoints") return DescribeEndpoints(context);
  if (operation == "DescribeLimits") return DescribeLimits();
  // The operations of later issues land here until they exist.
  return UnknownOperation();
}

bool IsSafeName(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return !s.empty();
}

}  // namespace

Credential ParseCredential(std::string_view authorization) {
  Credential out;
  std::size_t at = authorization.find("Credential=");
  std::string_view rest = at == std::string_view::npos ? authorization
                                                       : authorization.substr(at + 11);
  // (A plain loop: find_first_of calls memchr on its set for every byte.)
  std::size_t end = 0;
  while (end < rest.size() && rest[end] != ',' && rest[end] != ' ') ++end;
  rest = rest.substr(0, end);
  std::size_t slash = rest.find('/');
  out.access_key_id = std::string(rest.substr(0, slash));
  // AKID/date/region/service/aws4_request
  if (slash != std::string_view::npos) {
    std::string_view after = rest.substr(slash + 1);
    std::size_t second = after.find('/');
    if (second != std::string_view::npos) {
      std::string_view region = after.substr(second + 1);
      out.region = std::string(region.substr(0, region.find('/')));
    }
  }
  return out;
}

Reply Router::Handle(const Call& call) const {
  Result<std::string> result = [&]() -> Result<std::string> {
    if (call.authorization.empty()) {
      return Error{ErrorCode::kMissingAuthenticationTokenException,
                   "Request is missing Authentication Token", {}, {}};
    }
    Credential credential = ParseCredential(call.authorization);
    RequestContext context;
    if (IsSafeName(credential.region)) context.region = credential.region;
    if (shared_db_) {
      context.database = "shared-local-instance";
    } else {
      // Like DynamoDB Local's "<AccessKeyId>_<Region>.db" files.
      context.database = credential.access_key_id + "_" + context.region;
    }
    // Client mistakes arrive as Error values. An exception is a bug (or
    // std::bad_alloc): answer 500 rather than drop the connection.
    try {
      if (enforce_policies_) {
        if (auto s = CheckPolicies(context, credential, call); !s) return std::move(s).error();
      }
      return Dispatch(engine_, context, call.target, call.body);
    } catch (const std::exception& e) {
      return Error::Internal(e.what());
    }
  }();
  if (result) return {200, *std::move(result)};
  return ErrorReply(result.error());
}

Status Router::CheckPolicies(const RequestContext& context, const Credential& credential,
                             const Call& call) const {
  std::string_view operation = call.target;
  for (std::string_view prefix : {kDynamoDbPrefix, kStreamsPrefix}) {
    if (operation.starts_with(prefix)) operation.remove_prefix(prefix.size());
  }
  const std::string action = "dynamodb:" + std::string(operation);
  const std::string account(kAccountId);
  const std::string user = "arn:aws:iam::" + account + ":user/" + credential.access_key_id;
  const std::vector<std::string> caller = {account, "arn:aws:iam::" + account + ":root", user};
  std::vector<std::string> statements;
  std::vector<protocol::NamedTable> named = protocol::TablesOf(call.body, &statements);
  // PartiQL names its tables in the statements; each kind is its own action.
  for (const std::string& text : statements) {
    auto statement = partiql::Parse(text);
    if (!statement) continue;  // the call itself fails
    using Kind = partiql::Statement::Kind;
    const char* kind = statement->kind == Kind::kInsert   ? "dynamodb:PartiQLInsert"
                       : statement->kind == Kind::kUpdate ? "dynamodb:PartiQLUpdate"
                       : statement->kind == Kind::kDelete ? "dynamodb:PartiQLDelete"
                                                          : "dynamodb:PartiQLSelect";
    named.push_back({statement->table, kind, statement->index.value_or("")});
  }
  for (const auto& [name, own_action, index] : named) {
    const std::string& needed = own_action.empty() ? action : own_action;
    // The table the call reaches, whatever region or account an ARN names:
    // its own ARN is what a policy's Resource is matched against.
    auto described = engine_.DescribeTable(context, {TableNameOf(name)});
    if (!described) continue;  // no such table: the call itself fails
    const std::string& table_arn = described->table.table_arn;
    std::string resource = table_arn;
    std::vector<std::string> slots = {table_arn};
    if (std::size_t at = name.find("/stream/"); at != std::string::npos) {
      resource = table_arn + name.substr(at);  // a stream's own policy covers it too
      slots.push_back(resource);
    } else if (!index.empty()) {
      resource = table_arn + "/index/" + index;
    }
    for (const std::string& slot : slots) {
      auto policy = engine_.GetResourcePolicy(context, {slot, "", std::nullopt, false});
      if (!policy || !policy->policy) continue;
      if (protocol::PolicyDenies(*policy->policy, needed, caller, resource)) {
        return Error{ErrorCode::kAccessDeniedException,
                     "User: " + user + " is not authorized to perform: " + needed +
                         " on resource: " + resource +
                         " with an explicit deny in a resource-based policy",
                     {}, {}};
      }
    }
  }
  if (operation == "PutResourcePolicy") {
    bool confirmed = false;
    std::optional<std::string> next = protocol::NewPolicyOf(call.body, confirmed);
    if (next && !confirmed && !named.empty() && named.front().name.starts_with("arn:") &&
        protocol::PolicyDenies(*next, action, caller, named.front().name)) {
      return Error{ErrorCode::kAccessDeniedException,
                   "The new resource policy will not allow you to update the resource policy in "
                   "the future.",
                   {}, {}};
    }
  }
  return {};
}

Reply ErrorReply(const Error& error) {
  return {HttpStatus(error.code), protocol::EncodeError(error)};
}

}  // namespace ddb::server

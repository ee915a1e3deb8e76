// The control-plane calls dynarock emulates: Contributor Insights and Kinesis
// streaming destinations. Their settings are kept in the table's catalog
// record (so they survive restarts and go with the table) and described with
// the statuses DynamoDB reports; nothing is measured and nothing is sent.
// A change answers with the transitional status (ENABLING, DISABLING,
// UPDATING) and is complete at once: the next Describe shows the result.
#include <cstdio>

#include "engine/engine.h"

namespace ddb {
namespace {

Error TableNotFound(const std::string& name) {
  return Error::ResourceNotFound("Requested resource not found: Table: " + name + " not found");
}

bool HasIndex(const TableDefinition& t, const std::string& name) {
  for (const SecondaryIndex* index : t.AllIndexes()) {
    if (index->index_name == name) return true;
  }
  return false;
}

// The rules DynamoDB creates for Contributor Insights: most accessed (C)
// and most throttled (T) partition keys, and sort keys when there are some.
std::vector<std::string> RuleNames(const TableDefinition& t, const std::string& index,
                                   double updated) {
  const KeySchema* schema = &t.key_schema;
  for (const SecondaryIndex* i : t.AllIndexes()) {
    if (i->index_name == index) schema = &i->key_schema;
  }
  bool sort_key = schema->size() > 1;
  std::string name = t.table_name + (index.empty() ? "" : "-" + index);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%lld", static_cast<long long>(updated * 1000));
  std::vector<std::string> rules;
  for (const char* kind : {"PKC", "PKT", "SKC", "SKT"}) {
    if (kind[0] == 'S' && !sort_key) continue;
    rules.push_back("DynamoDBContributorInsights-" + std::string(kind) + "-" + name + "-" + stamp);
  }
  return rules;
}

ContributorInsightsSummary Summary(const TableDefinition& t, const std::string& index) {
  ContributorInsightsSummary out;
  out.table_name = t.table_name;
  if (!index.empty()) out.index_name = index;
  auto it = t.contributor_insights.find(index);
  out.status = it == t.contributor_insights.end() ? "DISABLED" : "ENABLED";
  if (it != t.contributor_insights.end()) {
    out.mode = it->second;
    out.rules = RuleNames(t, index, t.contributor_insights_updated);
  }
  out.last_update = t.contributor_insights_updated;
  return out;
}

// The answer to Enable/Disable/UpdateKinesisStreamingDestination.
KinesisDestinationResponse Answer(KinesisDestinationResponse::Kind kind, const std::string& table,
                                  const KinesisDestinationRequest& request, std::string status) {
  KinesisDestinationResponse out;
  out.kind = kind;
  out.table_name = table;
  out.stream_arn = request.stream_arn;
  out.status = std::move(status);
  out.precision = request.precision;
  return out;
}

// The destination's ACTIVE entry, or nullptr.
TableDefinition::KinesisDestination* Active(TableDefinition& t, const std::string& stream_arn) {
  for (auto& d : t.kinesis_destinations) {
    if (d.stream_arn == stream_arn && d.status == "ACTIVE") return &d;
  }
  return nullptr;
}

}  // namespace

Result<TableDefinition> Engine::ChangeTable(
    const RequestContext& context, const std::string& table_name,
    const std::function<Status(TableDefinition&)>& change) {
  std::lock_guard lock(write_mu_);
  TablePtr current = SettleLocked(context, catalog_.Find(context.database, table_name));
  if (!current || current->table_status == "DELETING") return TableNotFound(table_name);
  TableDefinition t = *current;
  if (auto s = change(t); !s) return std::move(s).error();
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, t, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, t);
  return t;
}

Result<ContributorInsightsSummary> Engine::DescribeContributorInsights(
    const RequestContext& context, const ContributorInsightsRequest& request) {
  TablePtr table = Settle(context, catalog_.Find(context.database, request.table_name));
  if (!table) return TableNotFound(request.table_name);
  const std::string index = request.index_name.value_or("");
  if (!index.empty() && !HasIndex(*table, index)) {
    return Error::ResourceNotFound("Requested resource not found: Index: " + index +
                                   " not found");
  }
  return Summary(*table, index);
}

Result<ContributorInsightsSummary> Engine::UpdateContributorInsights(
    const RequestContext& context, const ContributorInsightsRequest& request) {
  const std::string index = request.index_name.value_or("");
  const bool enable = request.action == "ENABLE";
  const double now = clock();
  auto changed = ChangeTable(context, request.table_name, [&](TableDefinition& t) -> Status {
    if (!index.empty() && !HasIndex(t, index)) {
      return Error::ResourceNotFound("Requested resource not found: Index: " + index +
                                     " not found");
    }
    if (enable) {
      t.contributor_insights[index] = request.mode.value_or("ACCESSED_AND_THROTTLED_KEYS");
    } else {
      t.contributor_insights.erase(index);
    }
    t.contributor_insights_updated = now;
    return {};
  });
  if (!changed) return std::move(changed).error();
  ContributorInsightsSummary out = Summary(*changed, index);
  out.status = enable ? "ENABLING" : "DISABLING";
  out.rules.clear();
  return out;
}

Result<ListContributorInsightsResponse> Engine::ListContributorInsights(
    const RequestContext& context, const ListContributorInsightsRequest& request) {
  std::vector<ContributorInsightsSummary> all;
  if (request.table_name) {
    TablePtr table = Settle(context, catalog_.Find(context.database, *request.table_name));
    if (!table) return TableNotFound(*request.table_name);
    // The table and each of its global indexes, whatever their status.
    all.push_back(Summary(*table, ""));
    for (const auto& index : table->global_secondary_indexes) {
      all.push_back(Summary(*table, index.index_name));
    }
  } else {
    for (const TablePtr& table : catalog_.List(context.database)) {
      for (const auto& [index, mode] : table->contributor_insights) {
        all.push_back(Summary(*table, index));
      }
    }
  }
  std::size_t start = 0;
  if (request.next_token) {
    start = static_cast<std::size_t>(std::strtoull(request.next_token->c_str(), nullptr, 10));
  }
  const auto page = static_cast<std::size_t>(request.max_results.value_or(10) > 0
                                                 ? request.max_results.value_or(10)
                                                 : 10);
  ListContributorInsightsResponse out;
  for (std::size_t i = start; i < all.size(); ++i) {
    if (out.summaries.size() == page) {
      out.next_token = std::to_string(i);
      break;
    }
    all[i].rules.clear();
    out.summaries.push_back(std::move(all[i]));
  }
  return out;
}

Result<KinesisDestinationResponse> Engine::DescribeKinesisStreamingDestination(
    const RequestContext& context, const KinesisDestinationRequest& request) {
  TablePtr table = Settle(context, catalog_.Find(context.database, request.table_name));
  if (!table) return TableNotFound(request.table_name);
  KinesisDestinationResponse out;
  out.table_name = table->table_name;
  out.destinations = table->kinesis_destinations;
  return out;
}

Result<KinesisDestinationResponse> Engine::EnableKinesisStreamingDestination(
    const RequestContext& context, const KinesisDestinationRequest& request) {
  const std::string precision = request.precision.value_or("MILLISECOND");
  auto changed = ChangeTable(context, request.table_name, [&](TableDefinition& t) -> Status {
    for (auto& d : t.kinesis_destinations) {
      if (d.stream_arn != request.stream_arn) continue;
      if (d.status == "ACTIVE") {
        return Error::Validation("Table is already streaming to the destination: " +
                                 request.stream_arn);
      }
      d.status = "ACTIVE";
      d.precision = precision;
      return {};
    }
    t.kinesis_destinations.push_back({request.stream_arn, "ACTIVE", precision});
    return {};
  });
  if (!changed) return std::move(changed).error();
  return Answer(KinesisDestinationResponse::Kind::kEnable, changed->table_name, request,
                "ENABLING");
}

Result<KinesisDestinationResponse> Engine::DisableKinesisStreamingDestination(
    const RequestContext& context, const KinesisDestinationRequest& request) {
  auto changed = ChangeTable(context, request.table_name, [&](TableDefinition& t) -> Status {
    if (auto* d = Active(t, request.stream_arn)) {
      d->status = "DISABLED";
      return {};
    }
    return Error::Validation("Table is not in a valid state to disable Kinesis Streaming to "
                             "the destination: " + request.stream_arn);
  });
  if (!changed) return std::move(changed).error();
  return Answer(KinesisDestinationResponse::Kind::kDisable, changed->table_name, request,
                "DISABLING");
}

Result<KinesisDestinationResponse> Engine::UpdateKinesisStreamingDestination(
    const RequestContext& context, const KinesisDestinationRequest& request) {
  auto changed = ChangeTable(context, request.table_name, [&](TableDefinition& t) -> Status {
    if (auto* d = Active(t, request.stream_arn)) {
      if (request.precision) d->precision = *request.precision;
      return {};
    }
    return Error::Validation("Table is not in a valid state to update Kinesis Streaming to "
                             "the destination: " + request.stream_arn);
  });
  if (!changed) return std::move(changed).error();
  return Answer(KinesisDestinationResponse::Kind::kUpdate, changed->table_name, request,
                "UPDATING");
}

}  // namespace ddb

// UpdateTimeToLive and DescribeTimeToLive: which attribute holds a table's
// expiry times. (Deleting expired items is issue #7's.)
#include "engine/engine.h"

namespace ddb {
namespace {

Error TableNotFound(const std::string& name) {
  return Error::ResourceNotFound("Requested resource not found: Table: " + name + " not found");
}

}  // namespace

Result<TimeToLiveSpecification> Engine::UpdateTimeToLive(const RequestContext& context,
                                                         const UpdateTimeToLiveRequest& request) {
  std::lock_guard lock(write_mu_);
  TablePtr found = catalog_.Find(context.database, request.table_name);
  if (!found || found->table_status == "DELETING") return TableNotFound(request.table_name);
  TableDefinition table = *found;
  const TimeToLiveSpecification& spec = request.specification;
  if (spec.enabled && !table.ttl_attribute.empty()) {
    return Error::Validation(table.ttl_attribute == spec.attribute_name
                                 ? "TimeToLive is already enabled"
                                 : "TimeToLive is active on a different AttributeName");
  }
  if (!spec.enabled && table.ttl_attribute.empty()) {
    return Error::Validation("TimeToLive is already disabled");
  }
  table.ttl_attribute = spec.enabled ? spec.attribute_name : std::string();
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, table, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, std::move(table));
  return spec;
}

Result<DescribeTimeToLiveResponse> Engine::DescribeTimeToLive(
    const RequestContext& context, const DescribeTableRequest& request) {
  TablePtr table = catalog_.Find(context.database, request.table_name);
  if (!table || table->table_status == "DELETING") return TableNotFound(request.table_name);
  return DescribeTimeToLiveResponse{table->ttl_attribute};
}

}  // namespace ddb

// Scan: every item of the table or of an index, in storage order; with
// Segment/TotalSegments, the share of one parallel worker.
#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/key_codec.h"
#include "engine/read_range.h"

namespace ddb {

namespace {

Status CheckSegments(const ScanRequest& request) {
  if (request.segment && !request.total_segments) {
    return Error::Validation("The TotalSegments parameter is required but was not present in "
                             "the request when Segment parameter is present");
  }
  if (request.total_segments && !request.segment) {
    return Error::Validation("The Segment parameter is required but was not present in the "
                             "request when parameter TotalSegments is present");
  }
  if (request.segment && *request.segment >= *request.total_segments) {
    return Error::Validation("The Segment parameter is zero-based and must be less than "
                             "parameter TotalSegments: Segment: " +
                             std::to_string(*request.segment) + " is not less than "
                             "TotalSegments: " + std::to_string(*request.total_segments));
  }
  return {};
}

// An item's segment: a hash of its partition key (FNV-1a over the key
// values' encoding), so that every segment sees whole partitions and a page
// continues the same way after a restart.
uint64_t SegmentOf(const std::string& bytes, int64_t total_segments) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash % static_cast<uint64_t>(total_segments);
}

}  // namespace

Result<ScanResponse> Engine::Scan(const RequestContext& context, const ScanRequest& request) {
  if (auto s = CheckSegments(request); !s) return std::move(s).error();
  auto compiled = CompileExpressions(request.expressions,
                                     "FilterExpression and ProjectionExpression are null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, request.table_name);
  if (!table) return std::move(table).error();
  auto read = ResolveRead(**table, request, ReadOperation::kScan);
  if (!read) return std::move(read).error();
  const ReadTarget* target = &read->target;
  const Select* select = &read->select;
  PagePlan plan;
  plan.lower = target->prefix;
  plan.upper = PrefixEnd(target->prefix);
  if (request.total_segments && *request.total_segments > 1) {
    std::vector<std::string> hash;
    for (const auto& k : target->keys.hash) hash.push_back(k.name);
    auto segment = static_cast<uint64_t>(*request.segment);
    int64_t total = *request.total_segments;
    plan.in_segment = [hash, segment, total](const Item& item) {
      std::string bytes;
      for (const auto& name : hash) {
        auto it = item.find(name);
        if (it == item.end()) return false;
        AppendKeyValue(it->second, bytes);
      }
      return SegmentOf(bytes, total) == segment;
    };
  }
  return ReadRange(store_, **table, request, *target, *compiled, *select, std::move(plan));
}

}  // namespace ddb

// engine/read_target.h
//
// What a Query or Scan reads: the table itself, or one of its secondary
// indexes (IndexName), with the key attributes, key space and key prefix of
// each, and the checks both operations share (the index exists, Select fits
// the projection parameters and the index, ExclusiveStartKey fits the keys).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/key_condition.h"
#include "model/error.h"
#include "model/read_requests.h"
#include "model/table.h"
#include "storage/kv_store.h"

namespace ddb {

struct ReadTarget {
  const SecondaryIndex* index = nullptr;  // nullptr: the table
  bool global_index = false;
  QueriedKeys keys;                        // the hash (and range) key read by
  storage::Space space = storage::Space::kItems;
  std::string prefix;                      // every storage key of the target starts with it
  std::vector<std::string> key_attributes; // LastEvaluatedKey: index keys, then table keys
};

enum class ReadOperation { kQuery, kScan };

// ValidationException with DynamoDB's message for an unknown index, and
// for a vector index (only SearchVectors reads those).
Result<ReadTarget> ResolveTarget(const TableDefinition& table,
                                 const std::optional<std::string>& index_name,
                                 ReadOperation operation);
// The message refusing a Query or Scan of a vector index.
std::string VectorIndexRefusal(ReadOperation operation);

// The Select a request really asks for, or DynamoDB's error for a
// combination it refuses.
Result<Select> EffectiveSelect(const ReadRequest& request, const ReadTarget& target);

// Whether results must be read from the table because the index does not
// hold what was asked (local indexes only; global ones refuse instead).
bool NeedsTableFetch(Select select, const ReadRequest& request, const ReadTarget& target);

// The storage key of ExclusiveStartKey within the target.
Result<std::string> StartKeyOf(const TableDefinition& table, const ReadTarget& target,
                               const Item& start, bool query);

// ConsistentRead on a global index is refused.
Status CheckConsistentRead(const ReadRequest& request, const ReadTarget& target);

// What Query and Scan both do first: the target, its ConsistentRead check,
// and the effective Select.
struct ResolvedRead {
  ReadTarget target;
  Select select = Select::kAllAttributes;
};
Result<ResolvedRead> ResolveRead(const TableDefinition& table, const ReadRequest& request,
                                 ReadOperation operation);

}  // namespace ddb

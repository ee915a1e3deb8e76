// engine/read_range.h
//
// What Query and Scan share once they know the key range to read: the
// ExclusiveStartKey, reading local index entries' items from the table when
// the index lacks what was asked, and the page's output options.
#pragma once

#include "engine/compiled_expressions.h"
#include "engine/read_pages.h"
#include "engine/read_target.h"

namespace ddb {

// `plan` carries the range and direction; the rest comes from the request.
Result<ReadResponse> ReadRange(storage::KvStore& store, const TableDefinition& table,
                               const ReadRequest& request, const ReadTarget& target,
                               const CompiledExpressions& compiled, Select select,
                               PagePlan plan);

}  // namespace ddb

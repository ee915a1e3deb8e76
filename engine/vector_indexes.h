// engine/vector_indexes.h
//
// Vector indexes (CreateTable's VectorIndexes, UpdateTable's
// VectorIndexUpdates): the checks of their definitions, UpdateTable's
// changes, and the checks every write makes of the attributes they index.
// Nothing of an index is stored apart from the items: SearchVectors
// (vector_search.cc) reads the table's items, and the in-memory candidates
// of large indexes (vector_anns.h) follow every commit, so an index is
// current after every kind of write (single, batch, transaction, PartiQL,
// TTL deletion).
#pragma once

#include <vector>

#include "model/error.h"
#include "model/table.h"
#include "model/table_requests.h"

namespace ddb {

// DynamoDB's limits (developer guide, "Vector indexes" quotas).
constexpr std::size_t kMaxVectorIndexes = 5;
constexpr int64_t kMaxVectorDimensions = 4096;
constexpr std::size_t kMaxInlineFilters = 18;

// The vector indexes of a new or changed table: billing, count, dimensions,
// search schemas (in AttributeDefinitions, at most one HASH and 18 inline
// filters), vector attributes (not in AttributeDefinitions; one number of
// dimensions each), unique names, projections.
Status ValidateVectorIndexes(const TableDefinition& table);

// UpdateTable's VectorIndexUpdates, applied to `table` (one Create or one
// Delete per call, as DynamoDB allows). The caller validates the result.
Status ApplyVectorIndexUpdates(const std::vector<VectorIndexUpdate>& updates,
                               const std::vector<AttributeDefinition>& definitions,
                               TableDefinition& table);

// A whole item about to be written: each vector index's vector attribute,
// when present, is a list of as many numbers as the index has dimensions,
// each within 32-bit float range; its search schema attributes, when
// present, have their declared types (and a HASH value is not empty).
Status CheckVectorAttributes(const TableDefinition& table, const Item& item);

// The score of `s` for the search vector `q` under a distance function, as
// DynamoDB reports it (vector_search.cc's comment has the formulas), within
// 32-bit float range.
double VectorScore(const std::string& function, const std::vector<float>& q,
                   const std::vector<float>& s);

// The attributes of `item` an index entry holds: the table's keys and the
// search schema's attributes always, the rest as the projection says, and
// the vector when `with_vector`.
Item VectorIndexEntry(const TableDefinition& table, const VectorIndex& index, const Item& item,
                      bool with_vector);

// VectorWriteRequestBytes of an item's change from `old` to `now` (either
// may be absent) for `index`, or nullopt when the index's copy of the item
// does not change: the size of the entry written (or removed), its vector
// counted as the attribute's name and 4 bytes per dimension, at least 1 KB.
std::optional<double> VectorWriteBytes(const TableDefinition& table, const VectorIndex& index,
                                       const std::optional<Item>& old,
                                       const std::optional<Item>& now);

// The item's vector for the index, as 32-bit floats, or nullopt when the
// item is not in the index (no valid vector, or no HASH attribute).
std::optional<std::vector<float>> IndexedVector(const VectorIndex& index, const Item& item);

}  // namespace ddb

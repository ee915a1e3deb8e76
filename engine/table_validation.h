// engine/table_validation.h
//
// The checks of a CreateTable request that need the definition as a whole:
// key schema shape, attribute definitions against every key schema, index
// rules and billing rules. Each failure is DynamoDB's ValidationException
// with its message.
#pragma once

#include "model/error.h"
#include "model/table.h"

namespace ddb {

Status ValidateNewTable(const TableDefinition& table, bool has_provisioned_throughput);

// The checks of ValidateNewTable that concern indexes and attribute
// definitions, for a table whose global indexes UpdateTable changed.
Status ValidateTableIndexes(const TableDefinition& table);

// An index's Projection: a known ProjectionType, NonKeyAttributes exactly
// with INCLUDE (secondary and vector indexes alike).
Status ValidateProjection(const Projection& projection);

// At most 50 tags, each key 1-128 and value 0-256 characters, no key with
// the reserved "aws:" prefix (engine/tags.cc).
Status ValidateTags(const std::vector<Tag>& tags);

}  // namespace ddb

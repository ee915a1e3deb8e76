// model/vector_requests.h
//
// SearchVectors: the TopK items of a vector index most similar to a search
// vector. Field names are the API member names in snake_case. Plain data;
// protocol/vector_json.cc fills and reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/item_requests.h"

namespace ddb {

struct SearchVectorsRequest {
  std::string table_name{};  // a name or an ARN
  std::string index_name{};
  std::vector<AttributeValue> search_vector{};
  std::optional<int64_t> top_k{};
  // SearchConditionExpression, ProjectionExpression and their placeholders,
  // parsed and checked like any request's expressions.
  Expressions expressions{};
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct SearchResult {
  Item item;
  double score = 0;
};

struct SearchVectorsResponse {
  std::vector<SearchResult> search_results{};
  std::optional<double> vector_search_request_bytes{};  // ConsumedCapacity, when asked
};

}  // namespace ddb

// SearchVectors <-> JSON.
#include <cmath>
#include <cstdio>

#include "protocol/attribute_value_json.h"
#include "protocol/operations.h"
#include "protocol/request_json.h"

namespace ddb::protocol {
namespace {

// A score as JSON: the 32-bit float DynamoDB computes it at, in the fewest
// digits that read back as that float.
std::string ScoreText(double score) {
  const float f = static_cast<float>(score);
  char text[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(f));
    if (std::strtof(text, nullptr) == f) break;
  }
  return text;  // never "inf" or "nan": scores are clamped to the float range
}

}  // namespace

Result<SearchVectorsRequest> DecodeSearchVectors(std::string_view body) {
  JsonObject request;
  DDB_ASSIGN(request, ParseBody(body));
  Constraints c;
  SearchVectorsRequest out;
  if (auto s = DecodeCommon(request, c, out); !s) return std::move(s).error();
  std::optional<std::string> index;
  DDB_ASSIGN(index, OptString(request, "IndexName"));
  c.IndexName(index, "indexName");
  out.index_name = index.value_or("");
  std::optional<JsonArray> vector;
  DDB_ASSIGN(vector, OptArray(request, "SearchVector"));
  c.Required(vector.has_value(), "searchVector");
  if (vector) {
    for (JsonElement e : *vector) {
      AttributeValue value;
      DDB_ASSIGN(value, DecodeAttributeValue(e));
      out.search_vector.push_back(std::move(value));
    }
    if (out.search_vector.empty()) {
      c.Add("'[]'", "searchVector", "Member must have length greater than or equal to 1");
    }
    if (out.search_vector.size() > 4096) {
      c.Add("'[...]'", "searchVector", "Member must have length less than or equal to 4096");
    }
  }
  DDB_ASSIGN(out.top_k, OptInteger(request, "TopK"));
  c.Required(out.top_k.has_value(), "topK");
  Expressions& e = out.expressions;
  DDB_ASSIGN(e.search_condition_expression, OptString(request, "SearchConditionExpression"));
  DDB_ASSIGN(e.projection_expression, OptString(request, "ProjectionExpression"));
  DDB_ASSIGN(e.expression_attribute_names, DecodeNames(request));
  DDB_ASSIGN(e.expression_attribute_values, DecodeValues(request));
  if (auto s = c.Finish(); !s) return std::move(s).error();
  if (*out.top_k < 1) {
    // The API model's constraint, checked before the service's own range.
    return Error::Validation("1 validation error detected: Value '" + std::to_string(*out.top_k) +
                             "' at 'topK' failed to satisfy constraint: Member must have value "
                             "greater than or equal to 1");
  }
  return out;
}

std::string EncodeSearchVectors(const SearchVectorsResponse& response) {
  JsonWriter out;
  out.BeginObject();
  out.Key("SearchResults").BeginArray();
  for (const SearchResult& result : response.search_results) {
    out.BeginObject();
    out.Key("Item");
    EncodeItem(result.item, out);
    out.Key("Score").RawNumber(ScoreText(result.score));
    out.EndObject();
  }
  out.EndArray();
  if (response.vector_search_request_bytes) {
    out.Key("ConsumedCapacity").BeginObject();
    out.Key("VectorSearchRequestBytes")
        .RawNumber(std::to_string(static_cast<int64_t>(*response.vector_search_request_bytes)) +
                   ".0");
    out.EndObject();
  }
  out.EndObject();
  return std::move(out).Take();
}

}  // namespace ddb::protocol

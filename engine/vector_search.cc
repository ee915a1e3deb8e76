// SearchVectors: the TopK items of a vector index nearest a search vector.
//
// An exact search: every item of the table is read and scored, so results
// are always complete and current (DynamoDB's approximate index may miss a
// neighbour; this never does). Scores are computed in double precision from
// the 32-bit floats DynamoDB keeps in the index:
//   COSINE       1 - q.s / (|q| |s|), 0 (same direction) to 2 (opposite);
//                1 when either vector is all zeros        -- smallest first
//   EUCLIDEAN    sqrt(sum (q_i - s_i)^2)                   -- smallest first
//   DOT_PRODUCT  q.s                                       -- largest first
// and reported within 32-bit float range, as DynamoDB reports them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "engine/compiled_expressions.h"
#include "engine/engine.h"
#include "engine/expr/eval.h"
#include "engine/key_codec.h"
#include "engine/vector_indexes.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

constexpr int64_t kMaxTopK = 100;

Error Invalid(const std::string& detail) {
  return Error::Validation("Invalid SearchConditionExpression: " + detail);
}

// The search vector as 32-bit floats: each element a number DynamoDB can
// hold as one, checked before its length is.
Result<std::vector<float>> SearchVectorOf(const SearchVectorsRequest& request,
                                          const VectorIndex& index) {
  std::vector<float> vector;
  for (const AttributeValue& v : request.search_vector) {
    double d = v.type() == Type::kN ? std::strtod(v.n().ToString().c_str(), nullptr)
                                    : std::numeric_limits<double>::infinity();
    if (!std::isfinite(d) || std::fabs(d) > std::numeric_limits<float>::max()) {
      return Error::Validation(
          "Search vector contains invalid values. All values in the search vector must be a "
          "32-bit floating-point number attribute");
    }
    vector.push_back(static_cast<float>(d));
  }
  if (static_cast<int64_t>(vector.size()) != index.dimensions) {
    return Error::Validation("Input search vector dimension " + std::to_string(vector.size()) +
                             " does not match vector index dimension " +
                             std::to_string(index.dimensions));
  }
  return vector;
}

// The conditions of a SearchConditionExpression, attribute -> value: an AND
// of equalities on top-level attributes of the search schema, one each,
// including the HASH attribute when the index has one.
Result<std::map<std::string, AttributeValue>> ConditionsOf(
    const std::optional<expr::Node>& condition, const TableDefinition& table,
    const VectorIndex& index) {
  std::map<std::string, AttributeValue> wanted;
  std::vector<const expr::Node*> pending;
  if (condition) pending.push_back(&*condition);
  while (!pending.empty()) {
    const expr::Node* node = pending.back();
    pending.pop_back();
    if (node->kind == expr::Node::Kind::kAnd) {
      for (const auto& child : node->children) pending.push_back(&child);
      continue;
    }
    if (node->kind != expr::Node::Kind::kCompare || node->name != "=") {
      return Invalid("Invalid comparator used in SearchConditionExpression");
    }
    const expr::Node* path = &node->children[0];
    const expr::Node* value = &node->children[1];
    if (path->kind == expr::Node::Kind::kValue) std::swap(path, value);
    if (path->kind != expr::Node::Kind::kPath || value->kind != expr::Node::Kind::kValue) {
      return Invalid("Invalid comparator used in SearchConditionExpression");
    }
    if (path->path.size() != 1 || path->path[0].is_index) {
      return Invalid("SearchConditionExpression cannot have conditions on nested attributes");
    }
    const std::string& name = path->path[0].name;
    auto element = std::find_if(index.search_schema.begin(), index.search_schema.end(),
                                [&](const auto& e) { return e.attribute_name == name; });
    if (element == index.search_schema.end()) {
      return Error::Validation("SearchConditionExpression must not contain any attributes that "
                               "is not in SearchSchema. Invalid attribute: " + name);
    }
    if (!wanted.emplace(name, value->value).second) {
      return Invalid("SearchConditionExpression must only contain one condition per attribute");
    }
    if (element->element_type == "HASH") {
      Type declared = table.AttributeType(name).value_or(Type::kS);
      if (value->value.type() != declared) {
        return Error::Validation("Type of '" + name + "' attribute in SearchConditionExpression (" +
                                 std::string(TypeName(value->value.type())) +
                                 ") does not match type in search schema (" +
                                 std::string(TypeName(declared)) + ")");
      }
      if (declared == Type::kS && value->value.s().empty()) {
        return Error::Validation(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: " + name);
      }
    }
  }
  const SearchSchemaElement* hash = index.Hash();
  if (hash && !wanted.count(hash->attribute_name)) {
    return Error::Validation(
        "SearchConditionExpression must be provided when SearchSchema has a HASH key");
  }
  return wanted;
}

// The attributes an index entry holds: the table's keys and the search
// schema's attributes always, the rest as the projection says. The vector
// is in every entry, but returned only when a ProjectionExpression asks.
Item EntryOf(const TableDefinition& table, const VectorIndex& index, const Item& item,
             bool with_vector) {
  std::set<std::string> kept;
  for (const auto& k : table.key_schema) kept.insert(k.attribute_name);
  for (const auto& e : index.search_schema) kept.insert(e.attribute_name);
  for (const auto& a : index.projection.non_key_attributes) kept.insert(a);
  const bool all = index.projection.projection_type == "ALL";
  Item entry;
  for (const auto& [name, value] : item) {
    if (name == index.vector_attribute ? with_vector : all || kept.count(name)) {
      entry.emplace(name, value);
    }
  }
  return entry;
}

bool AsksForVector(const std::optional<std::vector<expr::Path>>& projection,
                   const VectorIndex& index) {
  if (!projection) return false;
  return std::any_of(projection->begin(), projection->end(), [&](const expr::Path& p) {
    return !p.empty() && !p[0].is_index && p[0].name == index.vector_attribute;
  });
}

}  // namespace

Result<SearchVectorsResponse> Engine::SearchVectors(const RequestContext& context,
                                                    const SearchVectorsRequest& request) {
  if (request.top_k && (*request.top_k < 1 || *request.top_k > kMaxTopK)) {
    return Error::Validation("Provided TopK value '" + std::to_string(*request.top_k) +
                             "' is out of valid range. The value must be between 1 and 100 "
                             "inclusive");
  }
  auto compiled = CompileExpressions(request.expressions,
                                     "SearchConditionExpression and ProjectionExpression are null");
  if (!compiled) return std::move(compiled).error();
  auto table = FindTable(context, TableNameOf(request.table_name));
  if (!table) return std::move(table).error();
  const VectorIndex* index = (*table)->FindVectorIndex(request.index_name);
  if (!index) {
    return Error::Validation("The table does not have the specified index: " +
                             request.index_name);
  }
  auto query = SearchVectorOf(request, *index);
  if (!query) return std::move(query).error();
  auto conditions = ConditionsOf(compiled->condition, **table, *index);
  if (!conditions) return std::move(conditions).error();

  const bool largest_first = index->distance_function == "DOT_PRODUCT";
  struct Hit {
    double score;
    std::size_t order;  // storage order: ties keep it
    Item item;
  };
  auto better = [largest_first](const Hit& a, const Hit& b) {
    if (a.score != b.score) return largest_first ? a.score > b.score : a.score < b.score;
    return a.order < b.order;
  };
  // The best TopK so far, as a heap whose top is the worst of them.
  std::vector<Hit> best;
  const std::size_t k = static_cast<std::size_t>(request.top_k.value_or(1));
  std::string prefix = TablePrefix((*table)->table_id);
  auto cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
  std::size_t order = 0;
  for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next(), ++order) {
    std::optional<Item> item = DecodeItem(cursor->value());
    if (!item) continue;
    std::optional<std::vector<float>> vector = IndexedVector(*index, *item);
    if (!vector) continue;
    bool matches = std::all_of(conditions->begin(), conditions->end(), [&](const auto& c) {
      auto it = item->find(c.first);
      return it != item->end() && it->second == c.second;
    });
    if (!matches) continue;
    Hit hit{VectorScore(index->distance_function, *query, *vector), order, *std::move(item)};
    if (best.size() < k) {
      best.push_back(std::move(hit));
      std::push_heap(best.begin(), best.end(), better);
    } else if (better(hit, best.front())) {
      std::pop_heap(best.begin(), best.end(), better);
      best.back() = std::move(hit);
      std::push_heap(best.begin(), best.end(), better);
    }
  }
  if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  std::sort_heap(best.begin(), best.end(), better);

  SearchVectorsResponse response;
  const bool with_vector = AsksForVector(compiled->projection, *index);
  double bytes = 0;
  for (Hit& hit : best) {
    Item entry = EntryOf(**table, *index, hit.item, with_vector);
    if (compiled->projection) entry = expr::Project(entry, *compiled->projection);
    bytes += static_cast<double>(ItemSize(entry));
    response.search_results.push_back({std::move(entry), hit.score});
  }
  if (request.return_consumed_capacity != ReturnConsumedCapacity::kNone) {
    // DynamoDB meters the vector data examined and returned, at least 1 KB.
    response.vector_search_request_bytes =
        std::max(1024.0, 4.0 * static_cast<double>(index->dimensions) + bytes);
  }
  return response;
}

}  // namespace ddb

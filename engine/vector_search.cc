// SearchVectors: the TopK items of a vector index nearest a search vector.
//
// Small indexes are searched exactly: every item of the table is read and
// scored. Large ones ask the index's VectorAnn (vector_ann.h) for the best
// candidates by 8-bit codes and read and score only those, exactly; on
// random vectors the candidates held every true neighbour (recall@10 1.0
// from 10^4 to 10^6 vectors, bench/NOTES.md). Scores are computed in double precision from
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
#include "engine/vector_ann.h"
#include "engine/vector_indexes.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

constexpr int64_t kMaxTopK = 100;
// Below this many vectors an exact scan is as quick as the VectorAnn.
constexpr std::size_t kVectorAnnMinItems = 1000;

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

bool AsksForVector(const std::optional<std::vector<expr::Path>>& projection,
                   const VectorIndex& index) {
  if (!projection) return false;
  return std::any_of(projection->begin(), projection->end(), [&](const expr::Path& p) {
    return !p.empty() && !p[0].is_index && p[0].name == index.vector_attribute;
  });
}

// The best TopK items so far, as a heap whose top is the worst of them.
// Equal scores keep storage order (the order of the keys).
class TopHits {
 public:
  struct Hit {
    double score;
    std::string key;
    Item item;
  };
  TopHits(std::size_t k, bool largest_first) : k_(k), largest_first_(largest_first) {}

  void Offer(double score, std::string_view key, Item item) {
    Hit hit{score, std::string(key), std::move(item)};
    if (hits_.size() < k_) {
      hits_.push_back(std::move(hit));
      std::push_heap(hits_.begin(), hits_.end(), Better());
    } else if (Better()(hit, hits_.front())) {
      std::pop_heap(hits_.begin(), hits_.end(), Better());
      hits_.back() = std::move(hit);
      std::push_heap(hits_.begin(), hits_.end(), Better());
    }
  }
  std::size_t size() const { return hits_.size(); }
  void Clear() { hits_.clear(); }
  // Best first.
  std::vector<Hit>& Sorted() {
    std::sort_heap(hits_.begin(), hits_.end(), Better());
    return hits_;
  }

 private:
  struct Order {
    bool largest_first;
    bool operator()(const Hit& a, const Hit& b) const {
      if (a.score != b.score) return largest_first ? a.score > b.score : a.score < b.score;
      return a.key < b.key;
    }
  };
  Order Better() const { return Order{largest_first_}; }

  std::size_t k_;
  bool largest_first_;
  std::vector<Hit> hits_;
};

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

  const std::size_t k = static_cast<std::size_t>(request.top_k.value_or(1));
  TopHits best(k, index->distance_function == "DOT_PRODUCT");
  // One stored item: into `best` if the index has it and it meets the
  // conditions.
  auto consider = [&](std::string_view key, std::string_view value) {
    std::optional<Item> item = DecodeItem(value);
    if (!item) return;
    std::optional<std::vector<float>> vector = IndexedVector(*index, *item);
    if (!vector) return;
    bool matches = std::all_of(conditions->begin(), conditions->end(), [&](const auto& c) {
      auto it = item->find(c.first);
      return it != item->end() && it->second == c.second;
    });
    if (!matches) return;
    best.Offer(VectorScore(index->distance_function, *query, *vector), key, *std::move(item));
  };

  // A large index: the VectorAnn's candidates, read and scored exactly.
  // With conditions more are asked for; if still too few of them meet the
  // conditions, the exact scan below answers instead.
  bool answered = false;
  std::shared_ptr<const VectorAnn> ann = vector_anns_.Find(**table, *index);
  if (ann && ann->size() >= kVectorAnnMinItems) {
    const std::size_t wanted = VectorCandidates(k) * (conditions->empty() ? 1 : 8);
    std::vector<std::string> keys = ann->Nearest(*query, wanted);
    for (const std::string& key : keys) {
      auto value = store_.Get(storage::Space::kItems, key);
      if (!value) return Error::Internal(value.error().message);
      if (*value) consider(key, **value);
    }
    answered = best.size() == k || keys.size() < wanted;
  }
  if (!answered) {
    best.Clear();
    std::string prefix = TablePrefix((*table)->table_id);
    auto cursor = store_.NewCursor(storage::Space::kItems, prefix, PrefixEnd(prefix));
    for (cursor->SeekToFirst(); cursor->Valid(); cursor->Next()) {
      consider(cursor->key(), cursor->value());
    }
    if (auto s = cursor->status(); !s) return Error::Internal(s.error().message);
  }

  SearchVectorsResponse response;
  const bool with_vector = AsksForVector(compiled->projection, *index);
  double bytes = 0;
  for (TopHits::Hit& hit : best.Sorted()) {
    Item entry = VectorIndexEntry(**table, *index, hit.item, with_vector);
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

// SearchVectors on indexes large enough for their VectorAnn (1,000 vectors
// and more): the same answers as an exact search, before the VectorAnn is
// built and after, and current after every kind of change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "engine/engine.h"
#include "engine/vector_ann.h"
#include "storage/memory_store.h"

namespace ddb {
namespace {

constexpr std::size_t kDimensions = 16;
constexpr std::size_t kItems = 1500;

using Vector = std::vector<float>;

AttributeValue Num(double d) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9g", d);
  return AttributeValue::N(*Number::Parse(text));
}

AttributeValue ListOf(const Vector& v) {
  std::vector<AttributeValue> list;
  for (float x : v) list.push_back(Num(x));
  return AttributeValue::L(std::move(list));
}

// Smaller is better, for every function.
double Distance(const std::string& function, const Vector& q, const Vector& s) {
  double dot = 0, qq = 0, ss = 0, d2 = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    dot += double(q[i]) * s[i];
    qq += double(q[i]) * q[i];
    ss += double(s[i]) * s[i];
    d2 += (double(q[i]) - s[i]) * (double(q[i]) - s[i]);
  }
  if (function == "DOT_PRODUCT") return -dot;
  if (function == "EUCLIDEAN") return std::sqrt(d2);
  if (qq == 0 || ss == 0) return 1;  // as DynamoDB scores an all-zero vector
  return 1 - dot / std::sqrt(qq * ss);
}

class VectorSearchTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "docs";
    request.table.key_schema = {{"pk", KeyType::kHash}};
    request.table.attribute_definitions = {{"pk", Type::kS}, {"kind", Type::kS}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    VectorIndex all;
    all.index_name = "all";
    all.vector_attribute = "v";
    all.dimensions = kDimensions;
    all.distance_function = GetParam();
    all.projection.projection_type = "KEYS_ONLY";
    VectorIndex by_kind = all;
    by_kind.index_name = "by_kind";
    by_kind.search_schema = {{"kind", "HASH"}};
    request.table.vector_indexes = {all, by_kind};
    ASSERT_TRUE(engine_.CreateTable(context_, request));
    for (std::size_t i = 0; i < kItems; ++i) Put("item" + std::to_string(i), Random());
  }

  Vector Random() {
    std::uniform_real_distribution<float> uniform(-1, 1);
    Vector v(kDimensions);
    for (float& x : v) x = uniform(random_);
    return v;
  }

  void Put(const std::string& pk, const Vector& v) {
    vectors_[pk] = v;
    Item item{{"pk", AttributeValue::S(pk)}, {"v", ListOf(v)},
              {"kind", AttributeValue::S(pk.size() % 2 ? "odd" : "even")}};
    ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "docs", .item = std::move(item)}));
  }

  void Delete(const std::string& pk) {
    vectors_.erase(pk);
    ASSERT_TRUE(engine_.DeleteItem(
        context_, {.table_name = "docs", .key = {{"pk", AttributeValue::S(pk)}}}));
  }

  // The keys SearchVectors answers, best first.
  std::vector<std::string> Search(const Vector& q, const std::string& index = "all",
                                  const std::string& kind = "") {
    SearchVectorsRequest request{.table_name = "docs", .index_name = index};
    for (float x : q) request.search_vector.push_back(Num(x));
    request.top_k = 10;
    if (!kind.empty()) {
      request.expressions.search_condition_expression = "kind = :k";
      request.expressions.expression_attribute_values =
          std::map<std::string, AttributeValue>{{":k", AttributeValue::S(kind)}};
    }
    auto response = engine_.SearchVectors(context_, request);
    EXPECT_TRUE(response) << (response ? "" : response.error().message);
    std::vector<std::string> keys;
    if (response) {
      for (const auto& r : response->search_results) keys.push_back(r.item.at("pk").s());
    }
    return keys;
  }

  // The same, by brute force here (the vectors as the store holds them:
  // parsed back from 9 significant digits, as floats).
  std::vector<std::string> Expected(const Vector& q, const std::string& kind = "") {
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& [pk, v] : vectors_) {
      if (!kind.empty() && (pk.size() % 2 ? "odd" : "even") != kind) continue;
      scored.emplace_back(Distance(GetParam(), q, v), pk);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < std::min<std::size_t>(10, scored.size()); ++i) {
      keys.push_back(scored[i].second);
    }
    return keys;
  }

  void ExpectSearchesExact(int queries) {
    for (int i = 0; i < queries; ++i) {
      Vector q = Random();
      EXPECT_EQ(Search(q), Expected(q));
    }
  }

  std::mt19937 random_{7};
  std::map<std::string, Vector> vectors_;
  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
};

TEST_P(VectorSearchTest, AnswersAsAnExactSearchBeforeAndAfterTheBuild) {
  ExpectSearchesExact(5);  // the first starts the build
  engine_.DrainVectorBuilds();
  ExpectSearchesExact(20);
}

TEST_P(VectorSearchTest, WritesAfterTheBuildAreSearched) {
  Search(Random());
  engine_.DrainVectorBuilds();
  Vector q = Random();
  Put("new", q);
  EXPECT_EQ(Search(q).at(0), "new");
  Delete("new");
  EXPECT_EQ(Search(q), Expected(q));
  const std::string moved = Expected(q).back();
  Put(moved, q);  // replaced: now the nearest
  EXPECT_EQ(Search(q).at(0), moved);
  // Without its vector the item leaves the index.
  ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "docs",
                                         .item = {{"pk", AttributeValue::S(moved)}}}));
  vectors_.erase(moved);
  EXPECT_EQ(Search(q), Expected(q));
  ExpectSearchesExact(5);
}

TEST_P(VectorSearchTest, ConditionsOnTheSearchSchema) {
  Search(Random(), "by_kind", "odd");
  engine_.DrainVectorBuilds();
  for (int i = 0; i < 10; ++i) {
    Vector q = Random();
    EXPECT_EQ(Search(q, "by_kind", "odd"), Expected(q, "odd"));
    EXPECT_EQ(Search(q, "by_kind", "even"), Expected(q, "even"));
  }
  // A value no item has: the candidates hold none, the exact scan confirms.
  EXPECT_TRUE(Search(Random(), "by_kind", "none").empty());
}

TEST_P(VectorSearchTest, ATableCreatedAgainIsSearchedAfresh) {
  Search(Random());
  engine_.DrainVectorBuilds();
  ASSERT_TRUE(engine_.DeleteTable(context_, {.table_name = "docs"}));
  vectors_.clear();
  SetUp();
  ExpectSearchesExact(3);
  engine_.DrainVectorBuilds();
  ExpectSearchesExact(10);
}

TEST_P(VectorSearchTest, EqualScoresKeepKeyOrderAsTheExactScanDoes) {
  Search(Random());
  engine_.DrainVectorBuilds();
  // Every score is equal for an all-zero search vector (COSINE: 1; the dot
  // product: 0) and for copies of one vector: the smallest keys come first.
  for (int i = 0; i < 200; ++i) Put("copy" + std::to_string(i), Vector(kDimensions, 0.5f));
  EXPECT_EQ(Search(Vector(kDimensions, 0.5f)), Expected(Vector(kDimensions, 0.5f)));
  if (GetParam() != "EUCLIDEAN") {
    EXPECT_EQ(Search(Vector(kDimensions, 0.0f)), Expected(Vector(kDimensions, 0.0f)));
  }
}

INSTANTIATE_TEST_SUITE_P(EachDistanceFunction, VectorSearchTest,
                         testing::Values("COSINE", "EUCLIDEAN", "DOT_PRODUCT"));

TEST(VectorAnnTest, CodeDotMatchesThePlainSum) {
  std::mt19937 random(3);
  std::uniform_int_distribution<int> code(-127, 127);
  for (std::size_t n : {0, 1, 15, 16, 31, 32, 33, 384, 1000}) {
    std::vector<int8_t> a(n), b(n);
    int32_t expected = 0;
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = static_cast<int8_t>(code(random));
      b[i] = static_cast<int8_t>(code(random));
      expected += a[i] * b[i];
    }
    EXPECT_EQ(CodeDot(a.data(), b.data(), n), expected) << n;
  }
}

// Vectors near each other far from the origin: the 8 bits code their
// differences (VectorAnn codes each vector less a center), so the true
// neighbours stay among the candidates.
TEST(VectorAnnTest, VectorsFarFromTheOriginKeepTheirNeighbours) {
  for (const char* function : {"EUCLIDEAN", "DOT_PRODUCT", "COSINE"}) {
    VectorIndex index;
    index.index_name = "i";
    index.vector_attribute = "v";
    index.dimensions = 64;
    index.distance_function = function;
    VectorAnn ann(index);
    std::mt19937 random(5);
    std::normal_distribution<float> noise(0, 1);
    auto near_100 = [&] {
      std::vector<float> v(64);
      for (float& x : v) x = 100 + noise(random);
      return v;
    };
    std::vector<std::vector<float>> vectors;
    for (int i = 0; i < 3000; ++i) {
      vectors.push_back(near_100());
      ann.Put(std::to_string(i), vectors.back());
    }
    for (int q = 0; q < 10; ++q) {
      std::vector<float> query = near_100();
      std::vector<std::pair<double, std::string>> exact;
      for (std::size_t i = 0; i < vectors.size(); ++i) {
        exact.emplace_back(Distance(function, query, vectors[i]), std::to_string(i));
      }
      std::sort(exact.begin(), exact.end());
      std::vector<std::string> candidates = ann.Nearest(query, 100);
      std::set<std::string> found(candidates.begin(), candidates.end());
      for (int k = 0; k < 10; ++k) EXPECT_TRUE(found.count(exact[k].second)) << function << " " << k;
    }
  }
}

TEST(VectorAnnTest, PutReplaceRemove) {
  VectorIndex index;
  index.index_name = "i";
  index.vector_attribute = "v";
  index.dimensions = 2;
  index.distance_function = "EUCLIDEAN";
  VectorAnn ann(index);
  ann.Put("a", {0, 0});
  ann.Put("b", {1, 1});
  ann.Put("c", {5, 5});
  EXPECT_EQ(ann.Nearest({4, 4}, 2), (std::vector<std::string>{"c", "b"}));
  ann.Put("a", {4, 4.2f});
  EXPECT_EQ(ann.Nearest({4, 4}, 1), (std::vector<std::string>{"a"}));
  ann.Remove("a");
  ann.Remove("a");
  EXPECT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann.Nearest({4, 4}, 5), (std::vector<std::string>{"c", "b"}));
  ann.Remove("c");
  EXPECT_EQ(ann.Nearest({4, 4}, 5), (std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace ddb

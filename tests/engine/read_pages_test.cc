// Backward Query pages with a Limit (newest first, as inboxes and feeds
// read): whatever the engine remembers between reads to make them cheap,
// every page must hold exactly the range's last `Limit` items, through
// appends, deletions in the middle and at the end, and paging.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "engine/engine.h"
#include "model/item_codec.h"
#include "storage/memory_store.h"

namespace ddb {
namespace {

AttributeValue Num(int64_t n) { return AttributeValue::N(*Number::Parse(std::to_string(n))); }

class BackwardPagesTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine_.Open());
    CreateTableRequest request;
    request.table.table_name = "feed";
    request.table.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
    request.table.attribute_definitions = {{"pk", Type::kS}, {"sk", Type::kN}};
    request.table.billing_mode = "PAY_PER_REQUEST";
    ASSERT_TRUE(engine_.CreateTable(context_, request));
  }

  void Put(const std::string& pk, int64_t sk) {
    Item item{{"pk", AttributeValue::S(pk)}, {"sk", Num(sk)}, {"body", AttributeValue::S("x")}};
    ASSERT_TRUE(engine_.PutItem(context_, {.table_name = "feed", .item = std::move(item)}));
  }
  void Delete(const std::string& pk, int64_t sk) {
    Item key{{"pk", AttributeValue::S(pk)}, {"sk", Num(sk)}};
    ASSERT_TRUE(engine_.DeleteItem(context_, {.table_name = "feed", .key = std::move(key)}));
  }

  // The sort keys of one backward page, and its LastEvaluatedKey's.
  std::pair<std::vector<int64_t>, std::optional<int64_t>> Page(
      const std::string& pk, int64_t limit, std::optional<int64_t> below = std::nullopt,
      std::optional<int64_t> start_after = std::nullopt) {
    QueryRequest request;
    request.table_name = "feed";
    request.limit = limit;
    request.scan_index_forward = false;
    request.expressions.key_condition_expression = below ? "pk = :p AND sk < :s" : "pk = :p";
    request.expressions.expression_attribute_values =
        std::map<std::string, AttributeValue>{{":p", AttributeValue::S(pk)}};
    if (below) (*request.expressions.expression_attribute_values)[":s"] = Num(*below);
    if (start_after) {
      request.exclusive_start_key = Item{{"pk", AttributeValue::S(pk)}, {"sk", Num(*start_after)}};
    }
    auto response = engine_.Query(context_, request);
    EXPECT_TRUE(response) << (response ? "" : response.error().message);
    std::vector<int64_t> sks;
    std::optional<int64_t> last;
    if (!response) return {sks, last};
    for (std::string_view stored : response->stored_items) {
      sks.push_back(std::stoll(DecodeItem(stored)->at("sk").n().ToString()));
    }
    for (const Item& item : response->items) {
      sks.push_back(std::stoll(item.at("sk").n().ToString()));
    }
    if (response->last_evaluated_key) {
      last = std::stoll(response->last_evaluated_key->at("sk").n().ToString());
    }
    return {sks, last};
  }

  static std::vector<int64_t> Newest(const std::set<int64_t>& sks, int64_t limit,
                                     std::optional<int64_t> below = std::nullopt) {
    std::vector<int64_t> out;
    for (auto it = sks.rbegin(); it != sks.rend() && int64_t(out.size()) < limit; ++it) {
      if (!below || *it < *below) out.push_back(*it);
    }
    return out;
  }

  storage::MemoryStore store_;
  Engine engine_{store_};
  RequestContext context_{.database = "db", .region = "us-east-1"};
};

TEST_F(BackwardPagesTest, NewestFirstPagesFollowAppendsAndDeletions) {
  std::mt19937 random(7);
  std::map<std::string, std::set<int64_t>> feeds;
  int64_t next = 1000;
  for (int step = 0; step < 3000; ++step) {
    std::string pk = "feed-" + std::to_string(random() % 3);
    std::set<int64_t>& sks = feeds[pk];
    switch (random() % 6) {
      case 0:
      case 1:  // a new message, newest
        Put(pk, ++next);
        sks.insert(next);
        break;
      case 2:  // an older one, into the middle
        if (int64_t sk = int64_t(random() % 1000); sks.insert(sk).second) {
          Put(pk, sk);
        }
        break;
      case 3:  // one deleted: the newest, or any
        if (!sks.empty()) {
          auto it = random() % 2 ? std::prev(sks.end())
                                 : std::next(sks.begin(), random() % sks.size());
          Delete(pk, *it);
          sks.erase(it);
        }
        break;
      default: {
        int64_t limit = std::vector<int64_t>{1, 5, 20, 300}[random() % 4];
        auto [page, last] = Page(pk, limit);
        ASSERT_EQ(page, Newest(sks, limit)) << "step " << step << " limit " << limit;
        bool full = int64_t(sks.size()) >= limit;
        ASSERT_EQ(last.has_value(), full) << "step " << step;
        if (full) {
          ASSERT_EQ(*last, page.back());
        }
      }
    }
  }
}

TEST_F(BackwardPagesTest, PagingBackThroughALongPartition) {
  std::set<int64_t> sks;
  for (int64_t sk = 0; sk < 700; ++sk) {
    if (sk % 7 == 3) continue;
    Put("long", sk);
    sks.insert(sk);
  }
  for (int round = 0; round < 2; ++round) {  // the second time, after hints were left
    std::vector<int64_t> all;
    std::optional<int64_t> start;
    do {
      auto [page, last] = Page("long", 20, std::nullopt, start);
      all.insert(all.end(), page.begin(), page.end());
      start = last;
    } while (start);
    ASSERT_EQ(all, Newest(sks, 1000));
    Put("long", 800 + round);
    sks.insert(800 + round);
  }
  // A key condition's range is its own: the newest below 350.
  auto [page, last] = Page("long", 20, 350);
  EXPECT_EQ(page, Newest(sks, 20, 350));
  Delete("long", page.front());
  sks.erase(page.front());
  EXPECT_EQ(Page("long", 20, 350).first, Newest(sks, 20, 350));
}

}  // namespace
}  // namespace ddb

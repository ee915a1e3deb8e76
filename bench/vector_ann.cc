// Recall and latency of SearchVectors' nearest-neighbour graph
// (engine/vector_ann.h) against an exact search, in memory:
//   build-release/dynarock-vector-bench [items] [dimensions] [queries]
//                                       [COSINE|EUCLIDEAN|DOT_PRODUCT] [candidates]
// Random vectors (uniform in [-1, 1]), as the target names them:
// recall@10 >= 0.98 on 100,000 vectors of 384 dimensions. Each query asks
// the index for SearchVectors' candidates (by default as many as
// SearchVectors asks for TopK 10), scores them exactly, keeps the best 10,
// and compares with the exact best 10.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/vector_ann.h"
#include "engine/vector_indexes.h"

namespace {

using Clock = std::chrono::steady_clock;

// Smaller is better here: DOT_PRODUCT's scores turned around.
double Score(const std::string& function, const std::vector<float>& q,
             const std::vector<float>& s) {
  double score = ddb::VectorScore(function, q, s);
  return function == "DOT_PRODUCT" ? -score : score;
}

// The indexes of the `k` best of `candidates`.
std::vector<std::size_t> Best(const std::string& function, const std::vector<float>& query,
                              const std::vector<std::vector<float>>& vectors,
                              std::vector<std::size_t> candidates, std::size_t k) {
  std::vector<std::pair<double, std::size_t>> scored;
  for (std::size_t i : candidates) scored.emplace_back(Score(function, query, vectors[i]), i);
  k = std::min(k, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + k, scored.end());
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < k; ++i) out.push_back(scored[i].second);
  return out;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t items = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::size_t dimensions = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 384;
  const std::size_t queries = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
  const std::string function = argc > 4 ? argv[4] : "COSINE";
  constexpr std::size_t kTopK = 10;
  const std::size_t candidates_wanted =
      argc > 5 ? std::strtoul(argv[5], nullptr, 10) : ddb::VectorCandidates(kTopK);

  std::mt19937 random(42);
  std::uniform_real_distribution<float> uniform(-1, 1);
  auto random_vector = [&] {
    std::vector<float> v(dimensions);
    for (float& x : v) x = uniform(random);
    return v;
  };
  std::vector<std::vector<float>> vectors(items);
  for (auto& v : vectors) v = random_vector();

  ddb::VectorIndex index;
  index.index_name = "bench";
  index.vector_attribute = "v";
  index.dimensions = static_cast<int64_t>(dimensions);
  index.distance_function = function;
  ddb::VectorAnn ann(index);
  auto started = Clock::now();
  for (std::size_t i = 0; i < items; ++i) ann.Put(std::to_string(i), vectors[i]);
  double build = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<std::size_t> all(items);
  for (std::size_t i = 0; i < items; ++i) all[i] = i;
  double found = 0;
  std::vector<double> ann_ms, exact_ms;
  for (std::size_t q = 0; q < queries; ++q) {
    std::vector<float> query = random_vector();
    auto t0 = Clock::now();
    std::vector<std::size_t> candidates;
    for (const std::string& key : ann.Nearest(query, candidates_wanted)) {
      candidates.push_back(std::stoul(key));
    }
    std::vector<std::size_t> approximate = Best(function, query, vectors, candidates, kTopK);
    auto t1 = Clock::now();
    std::vector<std::size_t> exact = Best(function, query, vectors, all, kTopK);
    auto t2 = Clock::now();
    std::set<std::size_t> truth(exact.begin(), exact.end());
    for (std::size_t i : approximate) found += truth.count(i);
    ann_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    exact_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  std::printf("%s items=%zu dimensions=%zu queries=%zu build=%.1fs recall@10=%.4f "
              "candidates=%zu index p50=%.2fms p99=%.2fms exact p50=%.2fms\n",
              function.c_str(), items, dimensions, queries, build,
              found / static_cast<double>(queries * kTopK), candidates_wanted,
              Percentile(ann_ms, 0.5),
              Percentile(ann_ms, 0.99), Percentile(exact_ms, 0.5));
  return 0;
}

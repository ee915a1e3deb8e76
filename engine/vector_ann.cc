#include "engine/vector_ann.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <queue>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ddb {
namespace {

int32_t CodeDotPortable(const int8_t* a, const int8_t* b, std::size_t n) {
  int32_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += int32_t{a[i]} * int32_t{b[i]};
  return sum;
}

#if defined(__x86_64__)
// 16 codes at a time, widened to 16 bits; pairs of products summed into
// 32-bit lanes (127 * 127 * 2 fits easily).
__attribute__((target("avx2"))) int32_t CodeDotAvx2(const int8_t* a, const int8_t* b,
                                                     std::size_t n) {
  __m256i even = _mm256_setzero_si256();
  __m256i odd = _mm256_setzero_si256();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const auto* x = reinterpret_cast<const __m128i*>(a + i);
    const auto* y = reinterpret_cast<const __m128i*>(b + i);
    even = _mm256_add_epi32(even, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(x)),
                                                    _mm256_cvtepi8_epi16(_mm_loadu_si128(y))));
    odd = _mm256_add_epi32(odd, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(x + 1)),
                                                  _mm256_cvtepi8_epi16(_mm_loadu_si128(y + 1))));
  }
  __m256i both = _mm256_add_epi32(even, odd);
  __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(both), _mm256_extracti128_si256(both, 1));
  sum = _mm_hadd_epi32(sum, sum);
  sum = _mm_hadd_epi32(sum, sum);
  return _mm_cvtsi128_si32(sum) + CodeDotPortable(a + i, b + i, n - i);
}
#endif

using CodeDotFunction = int32_t (*)(const int8_t*, const int8_t*, std::size_t);

CodeDotFunction ChooseCodeDot() {
#if defined(__x86_64__)
  __builtin_cpu_init();  // this runs before main, perhaps before the library's own
  if (__builtin_cpu_supports("avx2")) return CodeDotAvx2;
#endif
  return CodeDotPortable;
}

const CodeDotFunction kCodeDot = ChooseCodeDot();

}  // namespace

std::size_t VectorCandidates(std::size_t top_k) { return std::max<std::size_t>(10 * top_k, 100); }

int32_t CodeDot(const int8_t* a, const int8_t* b, std::size_t n) { return kCodeDot(a, b, n); }

VectorAnn::VectorAnn(const VectorIndex& index)
    : index_(index), dimensions_(static_cast<std::size_t>(std::max<int64_t>(index.dimensions, 1))) {}

std::vector<float> VectorAnn::Prepared(const std::vector<float>& vector) const {
  if (index_.distance_function != "COSINE") return vector;
  double norm = 0;
  for (float v : vector) norm += double(v) * v;
  if (norm == 0) return vector;  // all zeros: scored 1 against anything anyway
  std::vector<float> unit(vector.size());
  const double scale = 1.0 / std::sqrt(norm);
  for (std::size_t i = 0; i < vector.size(); ++i) unit[i] = static_cast<float>(vector[i] * scale);
  return unit;
}

float VectorAnn::Encode(const std::vector<float>& vector, int8_t* codes) const {
  float largest = 0;
  for (float v : vector) largest = std::max(largest, std::fabs(v));
  if (largest == 0 || !std::isfinite(largest)) {
    std::fill(codes, codes + dimensions_, int8_t{0});
    return 0;
  }
  const double to_code = 127.0 / largest;
  for (std::size_t i = 0; i < dimensions_; ++i) {
    codes[i] = static_cast<int8_t>(std::lround(vector[i] * to_code));
  }
  return static_cast<float>(largest / 127.0);
}

void VectorAnn::Put(const std::string& key, const std::vector<float>& vector) {
  if (vector.size() != dimensions_) return;
  std::vector<float> prepared = Prepared(vector);
  std::unique_lock lock(mu_);
  if (center_.empty()) center_ = prepared;
  double norm = 0;
  for (std::size_t i = 0; i < dimensions_; ++i) {
    prepared[i] -= center_[i];
    norm += double(prepared[i]) * prepared[i];
  }
  std::size_t slot;
  if (auto it = slots_.find(key); it != slots_.end()) {
    slot = it->second;
  } else {
    // Grown first: a failed allocation leaves no slot naming missing codes.
    slot = keys_.size();
    codes_.resize(codes_.size() + dimensions_);
    scales_.push_back(0);
    norms_.push_back(0);
    keys_.push_back(key);
    slots_.emplace(key, slot);
  }
  scales_[slot] = Encode(prepared, codes_.data() + slot * dimensions_);
  norms_[slot] = norm;
}

void VectorAnn::Remove(const std::string& key) {
  std::unique_lock lock(mu_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return;
  const std::size_t slot = it->second;
  const std::size_t last = keys_.size() - 1;
  slots_.erase(it);
  if (slot != last) {
    std::copy_n(codes_.begin() + static_cast<std::ptrdiff_t>(last * dimensions_), dimensions_,
                codes_.begin() + static_cast<std::ptrdiff_t>(slot * dimensions_));
    scales_[slot] = scales_[last];
    norms_[slot] = norms_[last];
    keys_[slot] = std::move(keys_[last]);
    slots_[keys_[slot]] = slot;
  }
  codes_.resize(last * dimensions_);
  scales_.pop_back();
  norms_.pop_back();
  keys_.pop_back();
}

std::vector<std::string> VectorAnn::Nearest(const std::vector<float>& query,
                                            std::size_t count) const {
  std::vector<float> prepared = Prepared(query);
  if (prepared.size() != dimensions_ || count == 0) return {};
  // COSINE on unit vectors orders as the distance between them does
  // (|q - s|^2 = 2 - 2 q.s), which centering keeps precise for vectors
  // pointing nearly the same way; an all-zero search vector (every score
  // equal) stays a dot product.
  const bool cosine_unit = index_.distance_function == "COSINE" &&
                           std::any_of(prepared.begin(), prepared.end(),
                                       [](float v) { return v != 0; });
  const bool euclidean = index_.distance_function == "EUCLIDEAN" || cosine_unit;

  std::shared_lock lock(mu_);
  if (keys_.empty()) return {};
  // By distance: q - c against s - c; otherwise q against s - c.
  if (euclidean) {
    for (std::size_t i = 0; i < dimensions_; ++i) prepared[i] -= center_[i];
  }
  std::vector<int8_t> codes(dimensions_);
  const double query_scale = Encode(prepared, codes.data());
  // Larger is better for every function: the dot product for COSINE (unit
  // vectors) and DOT_PRODUCT; for EUCLIDEAN 2 q.s - |s|^2, which orders as
  // -|q - s|^2 does (|q|^2 is the same for all). In double: the scales of
  // two vectors near float's limit multiply past it.
  // Equal values keep the smaller keys, as the exact scan's storage order
  // does (slots are in no particular order).
  using Scored = std::pair<double, std::size_t>;
  auto better = [this](const Scored& a, const Scored& b) {  // a ranks ahead of b
    if (a.first != b.first) return a.first > b.first;
    return keys_[a.second] < keys_[b.second];
  };
  std::priority_queue<Scored, std::vector<Scored>, decltype(better)> best(better);  // worst on top
  for (std::size_t slot = 0; slot < keys_.size(); ++slot) {
    const double dot = query_scale * scales_[slot] *
                       kCodeDot(codes.data(), codes_.data() + slot * dimensions_, dimensions_);
    const double value = euclidean ? 2 * dot - norms_[slot] : dot;
    if (best.size() < count) {
      best.emplace(value, slot);
    } else if (better(Scored{value, slot}, best.top())) {
      best.pop();
      best.emplace(value, slot);
    }
  }
  std::vector<std::string> keys(best.size());
  for (std::size_t i = keys.size(); i-- > 0; best.pop()) keys[i] = keys_[best.top().second];
  return keys;
}

std::size_t VectorAnn::size() const {
  std::shared_lock lock(mu_);
  return keys_.size();
}

}  // namespace ddb

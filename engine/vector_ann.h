// engine/vector_ann.h
//
// VectorAnn: the candidates of a SearchVectors on a large vector index. It
// keeps every indexed vector of one vector index in memory as 8-bit codes
// (scalar quantization: each vector scaled by its largest magnitude to
// -127..127), and answers a search by scoring every code against the
// quantized search vector with SIMD integer dot products. SearchVectors then
// reads the best candidates from the table and scores them exactly, so the
// quantization only has to keep the true neighbours among the candidates,
// not rank them.
//
// Why a quantized scan and not a graph: on the vectors the issue measures
// (random vectors of 384 dimensions) an HNSW graph (hnswlib) needed 500
// candidates for recall@10 0.988 at 20,000 vectors, fell to 0.764 at
// 100,000, and took 366 s to build; the scan holds every true neighbour
// among 100 candidates from 10,000 to 1,000,000 vectors, takes 5 ms at
// 100,000 and 0.7 s to fill (bench/NOTES.md). Its recall does not depend on
// how the vectors are spread, it costs a byte per dimension, and a write
// changes it in constant time. faiss's own 8-bit scan, as Debian builds it
// (no AVX2), took 125 ms for the same search.
//
// Thread-safety: searches share it, changes take it alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/table.h"

namespace ddb {

class VectorAnn {
 public:
  explicit VectorAnn(const VectorIndex& index);
  VectorAnn(const VectorAnn&) = delete;
  VectorAnn& operator=(const VectorAnn&) = delete;

  // The definition it holds vectors for (an index deleted and created again
  // under the same name needs a new one).
  const VectorIndex& index() const { return index_; }

  // Adds, or replaces, the vector of the item stored under `key`; its
  // length must be the index's dimensions.
  void Put(const std::string& key, const std::vector<float>& vector);
  // Takes the item stored under `key` out, if it is in.
  void Remove(const std::string& key);
  // The storage keys of the `count` items whose codes score best against
  // `query`, best first.
  std::vector<std::string> Nearest(const std::vector<float>& query, std::size_t count) const;
  std::size_t size() const;

 private:
  // The vector as it is coded: unit length for COSINE, so that the dot
  // product ranks by angle.
  std::vector<float> Prepared(const std::vector<float>& vector) const;
  // Codes `vector` into `codes` (dimensions bytes); returns the scale that
  // turns code dot products back into the vector's.
  float Encode(const std::vector<float>& vector, int8_t* codes) const;

  VectorIndex index_;
  std::size_t dimensions_;
  mutable std::shared_mutex mu_;
  // What is coded is each vector less `center_` (the first vector put,
  // fixed from then on): vectors far from the origin but near each other
  // then keep their differences in the 8 bits, and no function's order
  // changes (q.(s - c) differs from q.s by the same q.c for every s;
  // distances do not move). Empty until the first Put.
  std::vector<float> center_;
  // Slot i: codes_[i * dimensions_ ...], scales_[i], squared norm norms_[i]
  // of the coded vector (EUCLIDEAN), keys_[i]. Slots stay dense: a removal
  // moves the last in.
  std::vector<int8_t> codes_;
  std::vector<float> scales_;
  std::vector<double> norms_;
  std::vector<std::string> keys_;
  std::unordered_map<std::string, std::size_t> slots_;  // storage key -> slot
};

// How many candidates SearchVectors asks VectorAnn for, to return `top_k`
// items (bench/NOTES.md: recall against the number of candidates).
std::size_t VectorCandidates(std::size_t top_k);

// The dot product of two code vectors of `n` bytes (AVX2 when the machine
// has it; exported for the bench).
int32_t CodeDot(const int8_t* a, const int8_t* b, std::size_t n);

}  // namespace ddb

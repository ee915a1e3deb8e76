// engine/vector_ann.h
//
// VectorAnn: an approximate nearest-neighbour graph (HNSW, from Debian's
// hnswlib) over the vectors of one vector index, in memory. SearchVectors
// asks it for candidates, then reads and scores those items exactly, so the
// graph only has to find the neighbours, not rank them.
//
// It is built from the table's items on the first search that needs it (so
// also after a restart: nothing of it is on disk), and every commit keeps it
// current (Engine::Commit calls Put and Remove after the store took the
// batch). Thread-safe: searches share it, changes take it alone.
#pragma once

#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/table.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
template <typename T>
class SpaceInterface;
}  // namespace hnswlib

namespace ddb {

class VectorAnn {
 public:
  // An empty graph for `index`'s vectors, with room for `capacity` (it grows).
  VectorAnn(const VectorIndex& index, std::size_t capacity);
  ~VectorAnn();
  VectorAnn(const VectorAnn&) = delete;
  VectorAnn& operator=(const VectorAnn&) = delete;

  // The definition it was built for (an index deleted and created again
  // under the same name needs a new graph).
  const VectorIndex& index() const { return index_; }

  // Adds, or replaces, the vector of the item stored under `key`.
  void Put(const std::string& key, const std::vector<float>& vector);
  // Takes the item stored under `key` out, if it is in.
  void Remove(const std::string& key);
  // The storage keys of about the `count` items nearest `query`.
  std::vector<std::string> Nearest(const std::vector<float>& query, std::size_t count) const;
  std::size_t size() const;

 private:
  // The vector as the graph holds it: unit length for COSINE, so that the
  // inner product space ranks by angle.
  std::vector<float> Prepared(const std::vector<float>& vector) const;
  void PutLocked(const std::string& key, const std::vector<float>& vector);

  VectorIndex index_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<hnswlib::SpaceInterface<float>> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph_;
  std::unordered_map<std::string, std::size_t> labels_;  // storage key -> label
  std::vector<std::string> keys_;  // label -> storage key; "" once removed
  std::size_t capacity_;
};

}  // namespace ddb

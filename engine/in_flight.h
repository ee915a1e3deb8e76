// engine/in_flight.h
//
// The items of every TransactWriteItems in progress, and their
// ClientRequestTokens. DynamoDB locks a transaction's items from the moment it
// is prepared until it commits; whatever meets such an item meanwhile fails
// instead of waiting:
//   - another TransactWriteItems, or a TransactGetItems: cancelled, reason
//     TransactionConflict;
//   - PutItem, UpdateItem, DeleteItem: TransactionConflictException;
//   - one write of a BatchWriteItem: returned in UnprocessedItems.
// Reads that are not transactions (GetItem, Query, ...) never conflict.
//
// A transaction claims its items before it waits for the engine's write
// mutex and releases them after its commit; every other writer checks under
// the write mutex. So a check that finds nothing held is ordered before the
// transaction, and one that finds its items held is rejected.
//
// Thread-safety: every method may be called concurrently.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace ddb {

class InFlight {
 public:
  // Keys (storage keys of items, unique across tables) a transaction holds
  // until destroyed.
  class Claim {
   public:
    Claim() = default;
    Claim(Claim&& other) noexcept;
    Claim& operator=(Claim&& other) noexcept;
    ~Claim();

   private:
    friend class InFlight;
    InFlight* owner_ = nullptr;
    std::vector<std::string> keys_;
    std::string token_;
  };

  // Claims `token` (when not empty) and every key, or nothing. Fails when the
  // token is in progress (`token_busy`) or with the positions of the keys
  // another transaction holds.
  struct Outcome {
    std::optional<Claim> claim;
    bool token_busy = false;
    std::vector<std::size_t> held;
  };
  Outcome TryClaim(const std::string& token, const std::vector<std::string>& keys);

  // Whether a transaction holds `key`. Cheap when none is in progress.
  bool Holds(const std::string& key) const;

 private:
  void Release(Claim& claim);

  mutable std::mutex mu_;
  std::unordered_set<std::string> keys_;    // guarded by mu_
  std::unordered_set<std::string> tokens_;  // guarded by mu_
  std::atomic<std::size_t> claims_{0};      // transactions holding keys
};

}  // namespace ddb

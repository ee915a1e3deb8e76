#include "engine/in_flight.h"

#include <utility>

namespace ddb {

InFlight::Claim::Claim(Claim&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      keys_(std::move(other.keys_)),
      token_(std::move(other.token_)) {}

InFlight::Claim& InFlight::Claim::operator=(Claim&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->Release(*this);
    owner_ = std::exchange(other.owner_, nullptr);
    keys_ = std::move(other.keys_);
    token_ = std::move(other.token_);
  }
  return *this;
}

InFlight::Claim::~Claim() {
  if (owner_ != nullptr) owner_->Release(*this);
}

InFlight::Outcome InFlight::TryClaim(const std::string& token,
                                     const std::vector<std::string>& keys) {
  Outcome outcome;
  std::lock_guard lock(mu_);
  if (!token.empty() && tokens_.contains(token)) {
    outcome.token_busy = true;
    return outcome;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys_.contains(keys[i])) outcome.held.push_back(i);
  }
  if (!outcome.held.empty()) return outcome;
  Claim claim;
  claim.owner_ = this;
  claim.keys_ = keys;
  claim.token_ = token;
  keys_.insert(keys.begin(), keys.end());
  if (!token.empty()) tokens_.insert(token);
  claims_.fetch_add(1);
  outcome.claim = std::move(claim);
  return outcome;
}

bool InFlight::Holds(const std::string& key) const {
  // Writers check under the engine's write mutex; a transaction that claims
  // after this load commits after this writer, so missing it is harmless.
  if (claims_.load() == 0) return false;
  std::lock_guard lock(mu_);
  return keys_.contains(key);
}

void InFlight::Release(Claim& claim) {
  std::lock_guard lock(mu_);
  for (const std::string& key : claim.keys_) keys_.erase(key);
  if (!claim.token_.empty()) tokens_.erase(claim.token_);
  claims_.fetch_sub(1);
  claim.owner_ = nullptr;
}

}  // namespace ddb

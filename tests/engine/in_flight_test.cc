#include "engine/in_flight.h"

#include <gtest/gtest.h>

namespace ddb {
namespace {

TEST(InFlight, AClaimHoldsItsKeysUntilReleased) {
  InFlight in_flight;
  EXPECT_FALSE(in_flight.Holds("a"));
  {
    auto outcome = in_flight.TryClaim("", {"a", "b"});
    ASSERT_TRUE(outcome.claim.has_value());
    EXPECT_TRUE(in_flight.Holds("a"));
    EXPECT_TRUE(in_flight.Holds("b"));
    EXPECT_FALSE(in_flight.Holds("c"));
  }
  EXPECT_FALSE(in_flight.Holds("a"));
  EXPECT_FALSE(in_flight.Holds("b"));
}

TEST(InFlight, AClaimMeetingHeldKeysGetsNothingAndNamesThem) {
  InFlight in_flight;
  auto first = in_flight.TryClaim("", {"a", "b"});
  auto second = in_flight.TryClaim("", {"c", "b", "a"});
  EXPECT_FALSE(second.claim.has_value());
  EXPECT_EQ(second.held, (std::vector<std::size_t>{1, 2}));
  EXPECT_FALSE(in_flight.Holds("c"));  // all or nothing
}

TEST(InFlight, ATokenInProgressIsBusyUntilReleased) {
  InFlight in_flight;
  {
    auto first = in_flight.TryClaim("t", {"a"});
    ASSERT_TRUE(first.claim.has_value());
    auto again = in_flight.TryClaim("t", {"z"});
    EXPECT_TRUE(again.token_busy);
    EXPECT_FALSE(again.claim.has_value());
  }
  EXPECT_TRUE(in_flight.TryClaim("t", {"a"}).claim.has_value());
}

TEST(InFlight, AMovedClaimReleasesOnce) {
  InFlight in_flight;
  std::optional<InFlight::Claim> kept;
  {
    auto outcome = in_flight.TryClaim("", {"a"});
    kept = std::move(outcome.claim);
  }
  EXPECT_TRUE(in_flight.Holds("a"));
  kept.reset();
  EXPECT_FALSE(in_flight.Holds("a"));
  EXPECT_TRUE(in_flight.TryClaim("", {"a"}).claim.has_value());
}

}  // namespace
}  // namespace ddb

#include "common/status_macros.h"

#include "gtest/gtest.h"

namespace aimc {
namespace {

absl::StatusOr<int> Half(int v) {
  if (v % 2 != 0) return absl::InvalidArgumentError("odd");
  return v / 2;
}

absl::Status Check(int v, int* out) {
  RETURN_IF_ERROR(v >= 0 ? absl::OkStatus() : absl::InvalidArgumentError("negative"));
  ASSIGN_OR_RETURN(*out, Half(v));
  return absl::OkStatus();
}

absl::StatusOr<int> Quarter(int v) {
  ASSIGN_OR_RETURN(const int h, Half(v));
  ASSIGN_OR_RETURN(const int q, Half(h));
  return q;
}

TEST(StatusMacrosTest, PropagatesErrorsAndValues) {
  int out = 0;
  EXPECT_TRUE(Check(8, &out).ok());
  EXPECT_EQ(out, 4);
  EXPECT_EQ(Check(-2, &out).message(), "negative");
  EXPECT_EQ(Check(3, &out).message(), "odd");
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
}

TEST(StatusMacrosDeathTest, CheckAborts) {
  EXPECT_DEATH(AIMC_CHECK(1 + 1 == 3), "AIMC_CHECK failed: 1 \\+ 1 == 3");
}

}  // namespace
}  // namespace aimc

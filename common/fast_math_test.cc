#include "common/fast_math.h"

#include <cmath>

#include "gtest/gtest.h"

namespace aimc {
namespace {

// Relative error in float ulps near the true value.
double Ulps(float got, double want) {
  return std::abs(got - want) / (std::abs(want) * 1.1920929e-07);
}

TEST(FastMathTest, LogWithinTwoUlpsOverTheFloatRange) {
  double worst = 0;
  for (float x = 1.2e-38f; x < 3e38f; x *= 1.0013f) {
    const double want = std::log(static_cast<double>(x));
    // Near x = 1 ln x -> 0: compare absolutely there.
    const double err = std::abs(want) < 1e-3 ? std::abs(FastLog(x) - want) / 1.1920929e-07
                                             : Ulps(FastLog(x), want);
    worst = std::max(worst, err);
  }
  EXPECT_LT(worst, 2.0);
  EXPECT_EQ(FastLog(1.0f), 0.0f);
}

TEST(FastMathTest, ExpWithinTwoUlps) {
  double worst = 0;
  for (float x = -87.0f; x <= 88.0f; x += 0.00731f) {
    worst = std::max(worst, Ulps(FastExp(x), std::exp(static_cast<double>(x))));
  }
  EXPECT_LT(worst, 2.0);
  EXPECT_EQ(FastExp(0.0f), 1.0f);
  EXPECT_GT(FastExp(-1000.0f), 0.0f);  // clamped, never denormal or NaN
}

}  // namespace
}  // namespace aimc

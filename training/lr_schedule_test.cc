#include "training/lr_schedule.h"

#include <cmath>

#include "gtest/gtest.h"

namespace aimc::training {
namespace {

// nas_spec.md §4.2: lr_e = 0.05 · (1 + cos(π e / 200)), e = 0..199.
TEST(CosineLearningRateTest, AnalogNasBenchEndpointsAndMidpoint) {
  EXPECT_DOUBLE_EQ(CosineLearningRate(0.1, 0.0, 0, 200), 0.1);
  EXPECT_NEAR(CosineLearningRate(0.1, 0.0, 100, 200), 0.05, 1e-15);
  EXPECT_NEAR(CosineLearningRate(0.1, 0.0, 200, 200), 0.0, 1e-15);
  for (int e = 0; e < 200; ++e) {
    EXPECT_NEAR(CosineLearningRate(0.1, 0.0, e, 200),
                0.05 * (1.0 + std::cos(M_PI * e / 200.0)), 1e-15)
        << "epoch " << e;
  }
}

TEST(CosineLearningRateTest, DecreasesMonotonicallyToLrMin) {
  double previous = CosineLearningRate(0.2, 0.01, 0, 7);
  EXPECT_DOUBLE_EQ(previous, 0.2);
  for (int e = 1; e <= 7; ++e) {
    const double lr = CosineLearningRate(0.2, 0.01, e, 7);
    EXPECT_LT(lr, previous) << "epoch " << e;
    previous = lr;
  }
  EXPECT_NEAR(previous, 0.01, 1e-15);
}

TEST(CosineLearningRateTest, OneEpochUsesLrMax) {
  EXPECT_DOUBLE_EQ(CosineLearningRate(0.1, 0.0, 0, 1), 0.1);
}

}  // namespace
}  // namespace aimc::training

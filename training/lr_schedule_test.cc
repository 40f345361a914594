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

// Rasch 2023's FP schedule at 15 epochs (vant_rasch_spec.md B.2.3): 1 epoch at
// 1/20, then 0.025 until epoch floor(7.5) = 7, 0.0025 until floor(11.25) = 11,
// 0.00025 to the end.
TEST(StepLearningRateTest, WarmupThenTwoSteps) {
  const std::vector<double> m = {0.5, 0.75};
  EXPECT_DOUBLE_EQ(StepLearningRate(0.025, 0, 15, 1, 0.05, m, 0.1), 0.025 * 0.05);
  for (int e = 1; e < 7; ++e) EXPECT_DOUBLE_EQ(StepLearningRate(0.025, e, 15, 1, 0.05, m, 0.1), 0.025);
  for (int e = 7; e < 11; ++e) EXPECT_NEAR(StepLearningRate(0.025, e, 15, 1, 0.05, m, 0.1), 0.0025, 1e-15);
  for (int e = 11; e < 15; ++e) EXPECT_NEAR(StepLearningRate(0.025, e, 15, 1, 0.05, m, 0.1), 0.00025, 1e-16);
  // No warm-up and no milestones: constant.
  EXPECT_DOUBLE_EQ(StepLearningRate(0.1, 3, 5, 0, 0.05, {}, 0.1), 0.1);
}

}  // namespace
}  // namespace aimc::training

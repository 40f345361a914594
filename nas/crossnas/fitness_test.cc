#include "nas/crossnas/fitness.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::nas::crossnas {
namespace {

using ::testing::HasSubstr;

TEST(FitnessTest, PaperModelsUnderTheCodesBounds) {
  // crossnas_spec.md §4.2 worked check: the w = 0.99 model (91.27 %, 1.35 ms,
  // 0.21 mJ) and the w = 0.8 model (88.09 %, 0.577 ms, 0.127 mJ).
  FitnessConfig c;
  const CandidateMetrics a{91.27, 0.21, 1.35};
  const CandidateMetrics b{88.09, 0.127, 0.577};
  EXPECT_NEAR(NormalizedLatency(a.latency_ms, c), 100 * (1.35 - 0.164) / 1.25, 1e-12);
  EXPECT_NEAR(NormalizedLatency(a.latency_ms, c), 94.88, 0.005);
  EXPECT_NEAR(NormalizedEnergy(a.energy_mj, c), 100 * (0.21 - 0.033) / 62.967, 1e-12);
  EXPECT_NEAR(NormalizedEdp(a, c), 26.7, 0.05);
  EXPECT_NEAR(NormalizedEdp(b, c), 4.93, 0.01);
  c.accuracy_weight = 0.99;
  EXPECT_NEAR(Fitness(a, c), 90.09, 0.005);
  EXPECT_NEAR(Fitness(b, c), 87.16, 0.005);
  EXPECT_GT(Fitness(a, c), Fitness(b, c));  // each model wins under its own w
  c.accuracy_weight = 0.8;
  EXPECT_NEAR(Fitness(a, c), 67.68, 0.005);
  EXPECT_NEAR(Fitness(b, c), 69.49, 0.005);
  EXPECT_GT(Fitness(b, c), Fitness(a, c));
}

TEST(FitnessTest, HandCases) {
  FitnessConfig c;
  c.accuracy_weight = 0.5;
  c.latency_min_ms = 1;
  c.latency_max_ms = 3;
  c.energy_min_mj = 0;
  c.energy_max_mj = 10;
  // L_norm = 50, E_norm = 20, EDP_norm = 1000: FF = 0.5 * 80 - 0.5 * 1000.
  EXPECT_DOUBLE_EQ(Fitness({80, 2, 2}, c), 40 - 500);
  // At the lower bounds the penalty vanishes.
  EXPECT_DOUBLE_EQ(Fitness({80, 0, 1}, c), 40);
  // Below a bound the factor clamps at 0 (two negatives would give a bonus).
  EXPECT_DOUBLE_EQ(NormalizedLatency(0.5, c), 0);
  EXPECT_DOUBLE_EQ(NormalizedEdp({80, -5, 0.5}, c), 0);
  // Above the upper bound it is not clamped (e.g. 3.62 ms on CIFAR-100).
  EXPECT_DOUBLE_EQ(NormalizedLatency(5, c), 200);
  c.accuracy_weight = 1;
  EXPECT_DOUBLE_EQ(Fitness({80, 10, 3}, c), 80);
  c.accuracy_weight = 0;
  EXPECT_DOUBLE_EQ(Fitness({80, 10, 3}, c), -10000);
}

TEST(FitnessTest, Validation) {
  EXPECT_TRUE(ValidateFitnessConfig({}).ok());
  FitnessConfig c;
  c.accuracy_weight = 1.5;
  EXPECT_THAT(ValidateFitnessConfig(c).message(), HasSubstr("accuracy_weight"));
  c = {};
  c.latency_max_ms = c.latency_min_ms;
  EXPECT_THAT(ValidateFitnessConfig(c).message(), HasSubstr("latency bounds"));
  c = {};
  c.energy_min_mj = 100;
  EXPECT_THAT(ValidateFitnessConfig(c).message(), HasSubstr("energy bounds"));
}

}  // namespace
}  // namespace aimc::nas::crossnas

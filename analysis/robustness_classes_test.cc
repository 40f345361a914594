#include "analysis/robustness_classes.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "analysis/metric_table.h"
#include "common/testing/shared_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using nas::Cell;
using nas::Op;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const double kNaN = std::nan("");

Cell C(absl::string_view tuple) { return *nas::ParseCellTuple(tuple); }

// Six cells with benchmark metric names; the values are made up for counting.
MetricTable Synthetic() {
  MetricTable t;
  t.cells = {C("(2,2,2,2,2,2)"), C("(0,0,0,4,3,2)"), C("(1,1,1,1,1,1)"),
             C("(2,3,0,2,4,4)"), C("(4,4,3,2,2,0)"), C("(1,2,2,2,2,1)")};
  t.names = {"baseline_accuracy", "noisy_accuracy", "analog_accuracy", "noisy_drift_60"};
  t.columns = {{93, 91, 10, 92, 85, kNaN},
               {80, 60, 10, 15, 75, 70},
               {85, 79.9, 10, 80, 81, kNaN},
               {76, 50, 10, 5, 69, 60}};
  t.source = "synthetic";
  return t;
}

TEST(RobustnessTest, ThresholdAndDropClassification) {
  const MetricTable t = Synthetic();
  const Classification by_value = ClassifyByThreshold(t.columns[2], 80, "analog_accuracy");
  EXPECT_THAT(by_value.labels, ElementsAre(0, 1, 1, 0, 0, kExcluded));
  EXPECT_THAT(ClassCounts(by_value), ElementsAre(3, 2));
  EXPECT_EQ(by_value.rule, "robust <=> analog_accuracy >= 80");
  const std::vector<double> drops = Drops(t.columns[0], t.columns[1]);
  EXPECT_THAT(std::vector<double>(drops.begin(), drops.end() - 1), ElementsAre(13, 31, 0, 77, 10));
  const Classification by_drop = ClassifyByDrop(drops, 12, "drop");
  EXPECT_THAT(by_drop.labels, ElementsAre(1, 1, 0, 1, 0, kExcluded));
}

TEST(RobustnessTest, NamedClasses) {
  const MetricTable t = Synthetic();
  // §3.3 noise classes on noisy = 80, 60, 10, 15, 75, 70.
  const absl::StatusOr<Classification> noise = NamedClasses(t, "noise_classes");
  ASSERT_TRUE(noise.ok()) << noise.status();
  EXPECT_THAT(noise->class_names, ElementsAre("naturally_robust", "moderate", "non_robust"));
  EXPECT_THAT(noise->labels, ElementsAre(0, 1, 2, 2, 0, 0));
  // §3.2: baseline >= 90 keeps rows 0, 1, 3 with drops 13, 31, 77; q25 by
  // linear interpolation = 13 + 0.5 * (31 - 13) = 22.
  const absl::StatusOr<Classification> noisy = NamedClasses(t, "noisy_robustness");
  ASSERT_TRUE(noisy.ok());
  EXPECT_THAT(noisy->labels, ElementsAre(0, 1, kExcluded, 1, kExcluded, kExcluded));
  EXPECT_THAT(noisy->rule, HasSubstr("q25 = 22"));
  // §3.4 at 60 s: baseline >= 80 and noisy >= 70 keeps rows 0 and 4; drops
  // 80 - 76 = 4 <= 5 (robust), 75 - 69 = 6 > 5.
  const absl::StatusOr<Classification> drift = NamedClasses(t, "drift_noisy_60");
  ASSERT_TRUE(drift.ok());
  EXPECT_THAT(drift->labels, ElementsAre(0, kExcluded, kExcluded, kExcluded, 1, kExcluded));
  EXPECT_THAT(NamedClasses(t, "high_analog_accuracy")->labels,
              ElementsAre(0, 1, 1, 0, 0, kExcluded));
  EXPECT_THAT(NamedClasses(t, "drift_analog_60").status().message(),
              HasSubstr("'analog_drift_60' is not loaded"));
  const absl::StatusOr<Classification> unknown = NamedClasses(t, "robust");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("drift_analog_2592000"));
  EXPECT_EQ(NamedClassSets().size(), 11u);
}

TEST(RobustnessTest, OpPercentagesAndCountDistributions) {
  const MetricTable t = Synthetic();
  Classification c;
  c.class_names = {"a", "b"};
  c.labels = {0, 0, 1, kExcluded, kExcluded, kExcluded};
  // Class a: (2,2,2,2,2,2) and (0,0,0,4,3,2): 12 edges, 3 skip, 7 conv3x3,
  // 1 conv1x1, 1 pool.
  const auto percent = OpPercentages(t.cells, c);
  EXPECT_DOUBLE_EQ(percent[0][0], 100.0 * 3 / 12);
  EXPECT_DOUBLE_EQ(percent[0][1], 0);
  EXPECT_DOUBLE_EQ(percent[0][2], 100.0 * 7 / 12);
  EXPECT_DOUBLE_EQ(percent[1][1], 100);
  const auto dist = OpCountDistributions(t.cells, c);
  EXPECT_DOUBLE_EQ(dist[0][2][6], 50);  // one of two cells has six conv3x3
  EXPECT_DOUBLE_EQ(dist[0][2][1], 50);
  EXPECT_DOUBLE_EQ(dist[0][0][0], 50);
  EXPECT_DOUBLE_EQ(dist[0][0][3], 50);
  EXPECT_DOUBLE_EQ(dist[1][1][6], 100);
}

TEST(RobustnessTest, TopPathsCountStructuralPaths) {
  const std::vector<Cell> cells = {C("(2,2,2,2,2,2)"), C("(0,0,0,4,3,2)"), C("(2,3,0,2,4,4)")};
  Classification c;
  c.class_names = {"all"};
  c.labels = {0, 0, 0};
  // Length 2 = [t0,t4], [t1,t5]: (2,2),(2,2) | (0,3),(0,2) | (2,4),(3,4).
  const auto two = TopPaths(cells, c, 2, 3);
  ASSERT_EQ(two[0].size(), 3u);
  EXPECT_EQ(PathName(two[0][0].ops), "(nor_conv_3x3,nor_conv_3x3)");
  EXPECT_EQ(two[0][0].count, 2);
  EXPECT_DOUBLE_EQ(two[0][0].percent, 100.0 * 2 / 6);
  EXPECT_EQ(PathCodes(two[0][1].ops), "(0,2)");  // ties by op codes ascending
  EXPECT_EQ(PathCodes(two[0][2].ops), "(0,3)");
  // Length 1 = [t2]: 2, 0, 0.
  const auto one = TopPaths(cells, c, 1, 5);
  ASSERT_EQ(one[0].size(), 2u);
  EXPECT_EQ(PathCodes(one[0][0].ops), "(0,)");
  EXPECT_EQ(one[0][0].count, 2);
  // Length 3 = [t0,t3,t5].
  const auto three = TopPaths(cells, c, 3, 1);
  ASSERT_EQ(three[0].size(), 1u);
  EXPECT_EQ(three[0][0].count, 1);
  EXPECT_EQ(PathCodes(three[0][0].ops), "(0,4,2)");
}

TEST(RobustnessTest, DescribeAndThresholds) {
  const DistributionStats s = Describe({4, kNaN, 1, 3, 2});
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(5.0 / 3));  // sample std of 1, 2, 3, 4
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.q25, 1.75);  // numpy: 1 + 0.75 * (2 - 1)
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.q75, 3.25);
  EXPECT_DOUBLE_EQ(s.max, 4);
  EXPECT_EQ(Describe({kNaN}).n, 0);
  EXPECT_DOUBLE_EQ(*ParseThreshold("12.75", {}), 12.75);
  EXPECT_DOUBLE_EQ(*ParseThreshold("q25", {4, 1, 3, 2}), 1.75);
  EXPECT_DOUBLE_EQ(*ParseThreshold("median", {4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(*ParseThreshold("q100", {4, 1, 3, 2}), 4);
  EXPECT_FALSE(ParseThreshold("q101", {1.0}).ok());
  EXPECT_FALSE(ParseThreshold("lots", {1.0}).ok());
  EXPECT_FALSE(ParseThreshold("q25", {kNaN}).ok());
}

// shared/data/README.md: median 90.745 %, quartiles 87.62 % and 92.185 %, best
// 94.37 %; nas_spec.md §1.6: the 341 disconnected cells are the 10.00 % ones.
TEST(RobustnessTest, RealNb201Distribution) {
  const absl::StatusOr<std::string> path =
      test_util::FindSharedDataFile("nas_bench_201/cifar10_test_accuracy.csv");
  if (!path.ok()) GTEST_SKIP() << "no shared data: " << path.status();
  const absl::StatusOr<MetricTable> t = LoadMetricTableCsv(*path, {"cifar10_test_accuracy"});
  ASSERT_TRUE(t.ok()) << t.status();
  const DistributionStats s = Describe(t->columns[0]);
  EXPECT_EQ(s.n, 15625);
  EXPECT_NEAR(s.median, 90.745, 5e-4);
  EXPECT_NEAR(s.q25, 87.62, 5e-4);
  EXPECT_NEAR(s.q75, 92.185, 5e-4);
  EXPECT_NEAR(s.max, 94.37, 5e-3);
  const Classification c = ClassifyByThreshold(t->columns[0], 10.005, "acc");
  EXPECT_EQ(ClassCounts(c)[1], 341);
}

}  // namespace
}  // namespace aimc::analysis

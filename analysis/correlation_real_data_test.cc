// Kendall tau-b (common/correlation.h) on the real NB201 table, loaded through
// analysis's metric table. Skips when ../shared/data is absent.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/metric_table.h"
#include "common/correlation.h"
#include "common/testing/shared_data.h"
#include "common/testing/statistics.h"
#include "gtest/gtest.h"

namespace aimc::analysis {
namespace {

using ::aimc::test_util::KendallTauBQuadratic;

// The real NB201 accuracies against a graph feature with 7 heavily tied
// levels: Knight's algorithm equals the O(n^2) definition on all 15,625 cells
// (122 million pairs). Skips when ../shared/data is absent.
TEST(CorrelationTest, KendallEqualsQuadraticOnRealData) {
  const absl::StatusOr<std::string> path =
      test_util::FindSharedDataFile("nas_bench_201/cifar10_test_accuracy.csv");
  if (!path.ok()) GTEST_SKIP() << "no shared data: " << path.status();
  const absl::StatusOr<MetricTable> t =
      LoadMetricTableCsv(*path, {"cifar10_test_accuracy", "op_count_(nor_conv_3x3)"});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->num_rows(), 15625);
  EXPECT_NEAR(KendallTauB(t->columns[0], t->columns[1]),
              KendallTauBQuadratic(t->columns[0], t->columns[1]), 1e-12);
}

}  // namespace
}  // namespace aimc::analysis

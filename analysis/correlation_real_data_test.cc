// Kendall tau-b (common/correlation.h) on the real NB201 table, loaded through
// analysis's metric table. Skips when ../shared/data is absent.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/metric_table.h"
#include "common/correlation.h"
#include "common/testing/shared_data.h"
#include "gtest/gtest.h"

namespace aimc::analysis {
namespace {

// O(n^2) tau-b straight from the definition.
double KendallTauBQuadratic(const std::vector<double>& x, const std::vector<double>& y) {
  int64_t concordant = 0, discordant = 0, tied_x = 0, tied_y = 0;
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const double dx = x[j] - x[i], dy = y[j] - y[i];
      if (dx == 0) ++tied_x;
      if (dy == 0) ++tied_y;
      if (dx * dy > 0) ++concordant;
      if (dx * dy < 0) ++discordant;
    }
  }
  const double total = n * (n - 1) / 2.0;
  return (concordant - discordant) / std::sqrt((total - tied_x) * (total - tied_y));
}

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

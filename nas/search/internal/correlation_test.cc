#include "nas/search/internal/correlation.h"

#include <cmath>
#include <vector>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"

namespace aimc::nas::search::internal {
namespace {

// Tau-b by its O(n^2) definition.
double BruteTauB(const std::vector<double>& x, const std::vector<double>& y) {
  double concordant = 0, discordant = 0, tied_x_only = 0, tied_y_only = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = i + 1; j < x.size(); ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0 && dy == 0) continue;
      if (dx == 0) {
        ++tied_x_only;
      } else if (dy == 0) {
        ++tied_y_only;
      } else if ((dx > 0) == (dy > 0)) {
        ++concordant;
      } else {
        ++discordant;
      }
    }
  }
  return (concordant - discordant) / std::sqrt((concordant + discordant + tied_x_only) *
                                               (concordant + discordant + tied_y_only));
}

// scipy.stats.kendalltau's documented example: tau = -0.47140452079103173.
TEST(KendallTauBTest, ScipyExample) {
  EXPECT_NEAR(KendallTauB({12, 2, 1, 12, 2}, {1, 4, 7, 1, 0}), -0.47140452079103173, 1e-12);
}

TEST(KendallTauBTest, PerfectAndReversedOrder) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(KendallTauB(x, {10, 20, 30, 40, 50}), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB(x, {5, 4, 3, 2, 1}), -1.0);
}

TEST(KendallTauBTest, UndefinedCasesAreNaN) {
  EXPECT_TRUE(std::isnan(KendallTauB({1}, {2})));
  EXPECT_TRUE(std::isnan(KendallTauB({1, 1, 1}, {1, 2, 3})));
}

TEST(KendallTauBTest, EqualsTheDefinitionWithManyTies) {
  RandomCursor rng{RandomStream(StreamKey{.seed = 11})};
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 50 + rng.UniformInt(200);
    std::vector<double> x(n), y(n);
    for (int i = 0; i < n; ++i) {
      x[i] = rng.UniformInt(8);  // heavy ties
      y[i] = 0.5 * x[i] + rng.UniformInt(5);
    }
    EXPECT_NEAR(KendallTauB(x, y), BruteTauB(x, y), 1e-12) << "trial " << trial;
  }
}

TEST(RSquaredTest, KnownValues) {
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {1, 2, 3}), 1.0);
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {2, 2, 2}), 0.0);
  // sklearn r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679.
  EXPECT_NEAR(RSquared({3, -0.5, 2, 7}, {2.5, 0.0, 2, 8}), 0.9486081370449679, 1e-12);
  EXPECT_TRUE(std::isnan(RSquared({4, 4}, {1, 2})));
}

}  // namespace
}  // namespace aimc::nas::search::internal

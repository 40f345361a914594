#include "common/correlation.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/testing/statistics.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

using ::aimc::test_util::KendallTauBQuadratic;

TEST(CorrelationTest, KendallHandCaseWithTies) {
  // x = 1,2,2,3,4; y = 2,1,3,3,4: the 10 pairs (i,j) are
  //   (0,1) D  (0,2) C  (0,3) C  (0,4) C  (1,2) tied in x  (1,3) C  (1,4) C
  //   (2,3) tied in y  (2,4) C  (3,4) C
  // so C = 7, D = 1, n0 = 10, n1 = 1 (x ties), n2 = 1 (y ties) and
  // tau_b = (7 - 1) / sqrt((10 - 1)(10 - 1)) = 6/9 = 2/3.
  const std::vector<double> x = {1, 2, 2, 3, 4}, y = {2, 1, 3, 3, 4};
  EXPECT_DOUBLE_EQ(KendallTauB(x, y), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(KendallTauB(y, x), 2.0 / 3.0);
}

TEST(CorrelationTest, KendallJointTies) {
  // scipy.stats.kendalltau's documented example: x = 12,2,1,12,2,
  // y = 1,4,7,1,0. Pairs: C = 2 ((0,4), (3,4)), D = 6, (0,3) tied in both,
  // (1,4) tied in x: n1 = 2, n2 = 1, tau_b = -4 / sqrt(8 * 9) = -0.47140452079103173.
  const std::vector<double> x = {12, 2, 1, 12, 2}, y = {1, 4, 7, 1, 0};
  EXPECT_NEAR(KendallTauB(x, y), -0.47140452079103173, 1e-15);
}

TEST(CorrelationTest, KendallEqualsQuadraticOnRandomDataWithTies) {
  std::mt19937_64 engine(20240611);
  for (int n : {2, 3, 10, 57, 400}) {
    for (int levels : {2, 5, 1000}) {
      std::vector<double> x(n), y(n);
      for (int i = 0; i < n; ++i) {
        x[i] = static_cast<double>(engine() % levels);
        // Correlated with x, with its own ties.
        y[i] = static_cast<double>((engine() % levels + (i % 3 == 0 ? x[i] : 0.0)));
      }
      const double want = KendallTauBQuadratic(x, y);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(KendallTauB(x, y)));
      } else {
        EXPECT_NEAR(KendallTauB(x, y), want, 1e-12) << "n=" << n << " levels=" << levels;
      }
    }
  }
}

TEST(CorrelationTest, SpearmanAndPearsonKnownValues) {
  const std::vector<double> x = {1, 2, 2, 3, 4}, y = {2, 1, 3, 3, 4};
  // Average ranks: x 1, 2.5, 2.5, 4, 5; y 2, 1, 3.5, 3.5, 5 (means 3). Centred
  // products sum to 7.25, squares to 9.5 each: rho = 7.25 / 9.5.
  EXPECT_EQ(AverageRanks(x), (std::vector<double>{1, 2.5, 2.5, 4, 5}));
  EXPECT_DOUBLE_EQ(Spearman(x, y), 7.25 / 9.5);
  // Means 2.4, 2.6; centred products sum to 3.8, squares to 5.2 each: r = 19/26.
  EXPECT_DOUBLE_EQ(Pearson(x, y), 19.0 / 26.0);
  // Perfect monotone but non-linear: rho = tau = 1, r < 1.
  const std::vector<double> a = {1, 2, 3, 4}, b = {1, 8, 27, 64};
  EXPECT_DOUBLE_EQ(Spearman(a, b), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB(a, b), 1.0);
  EXPECT_LT(Pearson(a, b), 1.0);
  EXPECT_DOUBLE_EQ(Pearson(a, {4, 3, 2, 1}), -1.0);
}

TEST(CorrelationTest, UndefinedIsNaN) {
  const std::vector<double> constant = {3, 3, 3}, x = {1, 2, 3};
  EXPECT_TRUE(std::isnan(Pearson(constant, x)));
  EXPECT_TRUE(std::isnan(Spearman(constant, x)));
  EXPECT_TRUE(std::isnan(KendallTauB(x, constant)));
  EXPECT_TRUE(std::isnan(KendallTauB({1.0}, {2.0})));
}

TEST(CorrelationTest, CompleteDropsNaNPairsAndMatrixIsSymmetric) {
  const double nan = std::nan("");
  const std::vector<double> x = {1, 2, nan, 2, 3, 4}, y = {2, 1, 5, 3, 3, 4};
  const CorrelationValue tau = CorrelationComplete(CorrelationMethod::kKendall, x, y);
  EXPECT_EQ(tau.n, 5);
  EXPECT_DOUBLE_EQ(tau.value, 2.0 / 3.0);
  const std::vector<std::vector<double>> columns = {x, y, {6, 5, 4, 3, 2, 1}};
  const auto m = CorrelationMatrix(CorrelationMethod::kSpearman, columns);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_DOUBLE_EQ(m[0][1].value, 7.25 / 9.5);
  EXPECT_EQ(m[1][2].n, 6);
  EXPECT_DOUBLE_EQ(m[2][1].value, m[1][2].value);
  EXPECT_NEAR(m[0][0].value, 1.0, 1e-15);
}

TEST(CorrelationTest, RSquaredKnownValues) {
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {1, 2, 3}), 1.0);
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {2, 2, 2}), 0.0);
  // sklearn r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679.
  EXPECT_NEAR(RSquared({3, -0.5, 2, 7}, {2.5, 0.0, 2, 8}), 0.9486081370449679, 1e-12);
  EXPECT_TRUE(std::isnan(RSquared({4, 4}, {1, 2})));
}

TEST(CorrelationTest, ParsesMethodNames) {
  EXPECT_EQ(*ParseCorrelationMethod("kendall"), CorrelationMethod::kKendall);
  EXPECT_EQ(CorrelationMethodName(CorrelationMethod::kSpearman), "spearman");
  EXPECT_FALSE(ParseCorrelationMethod("tau").ok());
}

}  // namespace
}  // namespace aimc

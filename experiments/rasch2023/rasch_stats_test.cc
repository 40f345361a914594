#include "experiments/rasch2023/rasch_stats.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace aimc::experiments::rasch2023 {
namespace {

// vant_rasch_spec.md B.3: A* recomputed from the paper's rows.
TEST(RaschStatsTest, NormalizedAccuracyReproducesThePapersRows) {
  EXPECT_NEAR(NormalizedAccuracy(8.09, 5.80, 10), 97.3, 0.05);      // ResNet-32 ReRAM 1 d
  EXPECT_NEAR(NormalizedAccuracy(20.62, 20.00, 100), 99.2, 0.05);   // WRN-16 CF100
  EXPECT_NEAR(NormalizedAccuracy(34.92, 30.50, 1000), 93.6, 0.05);  // ResNet-18 ImNet
  EXPECT_NEAR(NormalizedAccuracy(15.89, 5.80, 10), 88.0, 0.05);     // Supp. Table 6, 1 h
  EXPECT_NEAR(NormalizedAccuracy(30.00, 5.80, 10), 71.3, 0.05);     // Supp. Table 6, 1 y
  EXPECT_DOUBLE_EQ(NormalizedAccuracy(5.80, 5.80, 10), 100.0);
  EXPECT_DOUBLE_EQ(NormalizedAccuracy(90.0, 5.80, 10), 0.0);
  // Pooled: mean 8.09 ± 0.08 (n 25) -> 97.28 ± 0.08 · 100 / 84.2.
  const Pooled a = NormalizedAccuracy(Pooled{8.09, 0.08, 25}, 5.80, 10);
  EXPECT_NEAR(a.mean, 97.3, 0.05);
  EXPECT_NEAR(a.sem, 0.08 * 100 / 84.2, 1e-12);
  EXPECT_EQ(a.n, 25);
}

TEST(RaschStatsTest, PoolIsMeanAndStandardError) {
  const std::vector<double> v = {1, 2, 3, 4};
  const Pooled p = Pool(v);
  EXPECT_EQ(p.n, 4);
  EXPECT_DOUBLE_EQ(p.mean, 2.5);
  EXPECT_NEAR(p.sem, std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_EQ(Pool(std::vector<double>{7}).sem, 0);
  EXPECT_EQ(FormatPooled(p), "2.50 ± 0.65");
  EXPECT_EQ(FormatPooled(Pool(std::vector<double>{7})), "7.00");
}

TEST(RaschStatsTest, TimesAndChecks) {
  const std::vector<double> t = PaperTimesS();
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(TimeLabel(t[0]), "1 s");
  EXPECT_EQ(TimeLabel(t[3]), "1 y");
  EXPECT_DOUBLE_EQ(t[3], 3.1536e7);
  EXPECT_EQ(FormatChecks({{"T2a", "a < b", "1 < 2", true}, {"T2b", "c", "d", false}}),
            "CHECK T2a PASS 1 < 2 (a < b)\nCHECK T2b FAIL d (c)\n");
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

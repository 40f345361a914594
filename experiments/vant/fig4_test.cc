#include "experiments/vant/fig4.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "experiments/vant/testing_curves.h"
#include "gtest/gtest.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

using testing::Bump;

std::vector<tv::TrainedCurve> NtGrid() { return testing::NtGrid(90, 20); }

const Check& Get(const Fig4Result& r, const std::string& id) {
  return testing::GetCheck(r.checks, id);
}

// θ widens the curve and moves its peak right, lowering the top; α barely
// matters: the paper's picture.
TEST(Fig4Test, ThePapersPicturePassesAndItsInverseFails) {
  const tv::AccuracyCurve nt_1 = Bump(88, 1.0, 30);
  std::vector<Fig4Setting> thetas, alphas;
  for (double t : Fig4Thetas()) thetas.push_back({0.45, t, Bump(88 - 4 * t, 1.0 + t, 25 - 10 * t)});
  for (double a : Fig4Alphas()) alphas.push_back({a, 0.45, Bump(86, 1.45, 20.5 - 0.5 * a)});
  const auto r = ComputeFig4(NtGrid(), nt_1, thetas, alphas);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Get(*r, "F4a").pass) << Get(*r, "F4a").measured;
  EXPECT_TRUE(Get(*r, "F4b").pass) << Get(*r, "F4b").measured;
  EXPECT_TRUE(Get(*r, "F4c").pass) << Get(*r, "F4c").measured;
  // Accuracy at 1.0 by hand for NT: the bump's top, and PA(NT) = 0.
  EXPECT_NEAR(r->nt.accuracy_at_1_pct, 88 - 30 * 0.1, 1e-9);  // 0.9 and 1.1 both 0.1 away
  EXPECT_NEAR(r->nt.preserved_pp, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(r->theta_sweep.back().peak_sigma, 1.9);  // 1.85 -> nearest grid max at 1.9
  EXPECT_TRUE(absl::StrContains(FormatFig4(*r), "CHECK F4a PASS"));
  EXPECT_EQ(Fig4Plot(nt_1, thetas, true, "test").series.size(), thetas.size() + 1);

  // Inverse: θ narrows and moves the peak left; VANT below NT.
  std::vector<Fig4Setting> bad;
  for (double t : Fig4Thetas()) bad.push_back({0.45, t, Bump(70, 1.0 - t, 40)});
  const auto inv = ComputeFig4(NtGrid(), nt_1, bad, alphas);
  ASSERT_TRUE(inv.ok());
  EXPECT_FALSE(Get(*inv, "F4a").pass);
  EXPECT_FALSE(Get(*inv, "F4c").pass);
  EXPECT_FALSE(ComputeFig4(NtGrid(), nt_1, {thetas[0]}, alphas).ok());
}

}  // namespace
}  // namespace aimc::experiments::vant

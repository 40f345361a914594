#include "experiments/vant/fig2.h"

#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "experiments/vant/testing_curves.h"
#include "gtest/gtest.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

// A model trained at t: a bump peaking at σ = t (peaked) or a curve falling
// from σ = 0.1 (falling).
tv::AccuracyCurve Curve(double t, bool peaked) {
  tv::AccuracyCurve c;
  for (double s : tv::TestSigmaGrid()) {
    c.sigma.push_back(s);
    const double a = peaked ? 90 - 15 * std::abs(s - t) : 90 - 4 * t - 20 * std::max(0.0, s - t);
    c.accuracy_pct.push_back(std::max(10.0, a));
  }
  return c;
}

std::vector<tv::TrainedCurve> Nt(bool peaked) {
  std::vector<tv::TrainedCurve> nt;
  for (double s : tv::TestSigmaGrid()) nt.push_back({s, Curve(s, peaked)});
  return nt;
}

const Check& Get(const Fig2Result& r, const std::string& id) {
  return testing::GetCheck(r.checks, id);
}

TEST(Fig2Test, PeakedNtAndCollapsingCleanPass) {
  tv::AccuracyCurve clean = Curve(0.1, false);
  for (size_t k = 0; k < clean.sigma.size(); ++k) {
    clean.accuracy_pct[k] = std::max(10.0, 90 - 100 * clean.sigma[k]);  // 0.9: 10 %
  }
  const auto r = ComputeFig2(Nt(true), clean);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Get(*r, "F2a").pass) << Get(*r, "F2a").measured;
  EXPECT_TRUE(Get(*r, "F2b").pass) << Get(*r, "F2b").measured;  // matched = best here
  EXPECT_TRUE(Get(*r, "F2c").pass) << Get(*r, "F2c").measured;
  for (size_t k = 0; k < r->upper_bound.sigma.size(); ++k) {
    EXPECT_DOUBLE_EQ(r->upper_bound.accuracy_pct[k], 90.0);  // the bump's top at its own σ
  }
  const std::string text = FormatFig2(*r);
  EXPECT_TRUE(absl::StrContains(text, "UB (matched)")) << text;
  EXPECT_TRUE(absl::StrContains(text, "CHECK F2a PASS")) << text;
  const analysis::LinePlot plot = Fig2Plot(*r, {0.1, 3.0}, "test");
  ASSERT_EQ(plot.series.size(), 4u);  // 2 NT, clean, UB
  EXPECT_TRUE(plot.series.back().dashed);
}

TEST(Fig2Test, FallingCurvesAndARobustCleanModelFail) {
  // Falling curves all peak at σ_test = 0.1, so F2a fails for most models.
  tv::AccuracyCurve flat = Curve(0.1, false);
  for (double& a : flat.accuracy_pct) a = 80;  // never collapses
  const auto r = ComputeFig2(Nt(false), flat);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(Get(*r, "F2a").pass) << Get(*r, "F2a").measured;
  EXPECT_FALSE(Get(*r, "F2c").pass) << Get(*r, "F2c").measured;
  // Errors: a clean curve on another grid; a missing matched model.
  tv::AccuracyCurve other = flat;
  other.sigma.pop_back();
  other.accuracy_pct.pop_back();
  EXPECT_EQ(ComputeFig2(Nt(true), other).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<tv::TrainedCurve> gap = Nt(true);
  gap.pop_back();
  EXPECT_EQ(ComputeFig2(gap, flat).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aimc::experiments::vant

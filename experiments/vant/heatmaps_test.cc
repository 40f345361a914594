#include "experiments/vant/heatmaps.h"

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
using testing::NtGrid;

// The paper's picture: θ widens the curve (rAUC up) and costs accuracy at
// the design point, by θ/σ_train pp (PA down; the rule then picks θ* <= 0.5 σ).
tv::AccuracyCurve Vant(double sigma, double alpha, double theta, double cost = 1) {
  return Bump(88 - cost * theta / sigma - 0.1 * std::abs(alpha - 0.45), sigma, 30 - 20 * theta);
}

const Check& Get(const std::vector<Check>& checks, const std::string& id) {
  return testing::GetCheck(checks, id);
}

TEST(HeatmapsTest, Fig5OnThePapersPicture) {
  std::vector<GridModel> models;
  for (double a : Fig5Alphas()) {
    for (double t : Fig5Thetas()) {
      models.push_back({kFig5SigmaTrain, a, t, Vant(kFig5SigmaTrain, a, t, /*cost=*/4)});
    }
  }
  const auto r = ComputeFig5(NtGrid(), Bump(88, kFig5SigmaTrain, 30), models);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Get(r->checks, "F5a").pass) << Get(r->checks, "F5a").measured;
  EXPECT_TRUE(Get(r->checks, "F5b").pass) << Get(r->checks, "F5b").measured;
  // σ 0.4 is between the grid's 0.3 and 0.5, where each bump is 0.1 from its
  // peak: PA = -4θ/0.4 - 0.1|α - 0.45| + 0.1 (30 - (30 - 20θ)) = -8θ - 0.1|Δα|
  // >= -0.5 keeps θ = 0.05 only; the largest rAUC there is at α 0.45.
  EXPECT_DOUBLE_EQ(r->selected.theta, 0.05);
  EXPECT_DOUBLE_EQ(r->selected.alpha, 0.45);
  EXPECT_TRUE(Get(r->checks, "F5c").pass);
  EXPECT_NEAR(r->grid.preserved_pp[2][0], -8 * 0.05, 1e-9);
  const std::string text = FormatFig5(*r);
  EXPECT_TRUE(absl::StrContains(text, "CHECK F5a PASS")) << text;
  const analysis::Heatmap h = GridHeatmap(r->grid, true, "t");
  EXPECT_EQ(h.values.size(), 4u);
  EXPECT_LT(h.z_min, h.z_max);
  models.pop_back();
  EXPECT_EQ(ComputeFig5(NtGrid(), Bump(88, 0.4, 30), models).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(HeatmapsTest, Fig6SelectsThetaGrowingWithSigma) {
  std::vector<GridModel> models;
  for (double s : Fig6SigmaTrains()) {
    for (double t : Fig6Thetas()) models.push_back({s, kFig6Alpha, t, Vant(s, kFig6Alpha, t)});
  }
  const auto r = ComputeFig6(NtGrid(), models);
  ASSERT_TRUE(r.ok()) << r.status();
  // θ* = the largest θ <= 0.5 σ_train.
  EXPECT_EQ(r->theta_star, (std::vector<double>{0.05, 0.25, 0.45, 0.65, 0.85, 0.85}));
  EXPECT_NEAR(r->k, 4.61 / 10.06, 1e-3);
  EXPECT_TRUE(Get(r->checks, "F6a").pass);
  EXPECT_TRUE(Get(r->checks, "F6b").pass);
  EXPECT_TRUE(Get(r->checks, "F6c").pass) << Get(r->checks, "F6c").measured;
  const analysis::Heatmap h = GridHeatmap(r->grid, true, "t", r->nt_rauc_pct, "NT");
  EXPECT_EQ(h.column_labels.back(), "NT");
  EXPECT_EQ(h.values[0].size(), Fig6Thetas().size() + 1);
  EXPECT_TRUE(absl::StrContains(FormatFig6(*r), "k 0.458")) << FormatFig6(*r);

  // VANT no better than NT and θ irrelevant: F6c fails, θ* is the smallest.
  std::vector<GridModel> flat;
  for (double s : Fig6SigmaTrains()) {
    for (double t : Fig6Thetas()) flat.push_back({s, kFig6Alpha, t, Bump(88, s, 30)});
  }
  const auto f = ComputeFig6(NtGrid(), flat);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(Get(f->checks, "F6c").pass);
  EXPECT_FALSE(Get(f->checks, "F6a").pass);
}

}  // namespace
}  // namespace aimc::experiments::vant

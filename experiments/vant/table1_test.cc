#include "experiments/vant/table1.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

// A model trained at noise t: flat at `top` up to t, then falling with slope
// `fall` per unit σ, floored at chance (10 %); `top` drops with t (noise
// costs clean accuracy).
tv::AccuracyCurve Model(double t, double fall) {
  tv::AccuracyCurve c;
  const double top = 92 - 4 * t;
  for (double s : tv::TestSigmaGrid()) {
    c.sigma.push_back(s);
    c.accuracy_pct.push_back(std::max(10.0, top - fall * std::max(0.0, s - t)));
  }
  return c;
}

std::vector<tv::TrainedCurve> Nt() {
  std::vector<tv::TrainedCurve> nt;
  for (double s : tv::TestSigmaGrid()) nt.push_back({s, Model(s, 40)});
  return nt;
}

// VANT models fall `fall` per σ (flatter than NT's 40: more robust).
std::vector<tv::TrainedCurve> Vant(double fall) {
  std::vector<tv::TrainedCurve> v;
  for (const PaperTable1Column& p : PaperTable1()) v.push_back({p.sigma_train, Model(p.sigma_train, fall)});
  return v;
}

std::vector<double> Thetas() {
  std::vector<double> t;
  for (const PaperTable1Column& p : PaperTable1()) t.push_back(p.theta);
  return t;
}

const Check& Get(const Table1Result& r, const std::string& id) {
  for (const Check& c : r.checks) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no check " << id;
  return r.checks.front();
}

TEST(Table1Test, PaperRowIsTheSpecs) {
  ASSERT_EQ(PaperTable1().size(), 11u);
  EXPECT_DOUBLE_EQ(PaperTable1()[2].rauc_vant_pct, 86.5);
  EXPECT_DOUBLE_EQ(PaperTable1()[8].theta, 0.95);
  for (size_t i = 0; i < 11; ++i) EXPECT_DOUBLE_EQ(PaperTable1()[i].sigma_train, tv::TrainSigmaGrid()[i]);
}

TEST(Table1Test, RobustVantPassesAndPaAndRaucAreRight) {
  const auto r = ComputeTable1(Nt(), Vant(10), Thetas());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 11u);
  for (const Table1Row& row : r->rows) {
    // Same design-point accuracy: PA 0; flatter curve: more rAUC.
    EXPECT_NEAR(row.preserved_pp, 0.0, 1e-9);
    EXPECT_GT(row.rauc_vant_pct, row.rauc_nt_pct) << row.sigma_train;
  }
  // NT at 3.0 would be the UB itself at 3.0; NT at 0.1 by hand: the UB is
  // UB(s) = 92 - 4 s; NT(0.1)(s) = max(10, 91.6 - 40 (s - 0.1)).
  double auc_ub = 0, auc_nt = 0;
  const auto g = tv::TestSigmaGrid();
  auto ub = [](double s) { return 92 - 4 * s; };
  auto nt = [](double s) { return std::max(10.0, 91.6 - 40 * std::max(0.0, s - 0.1)); };
  for (size_t k = 0; k + 1 < g.size(); ++k) {
    auc_ub += (g[k + 1] - g[k]) * (ub(g[k]) + ub(g[k + 1])) / 2;
    auc_nt += (g[k + 1] - g[k]) * (nt(g[k]) + nt(g[k + 1])) / 2;
  }
  EXPECT_NEAR(r->rows[0].rauc_nt_pct, 100 * auc_nt / auc_ub, 1e-9);
  EXPECT_TRUE(Get(*r, "T1a").pass);
  EXPECT_TRUE(Get(*r, "T1b").pass);
  EXPECT_TRUE(Get(*r, "T1d").pass);
  EXPECT_TRUE(Get(*r, "T1e").pass) << Get(*r, "T1e").measured;
  const std::string text = FormatTable1(*r);
  EXPECT_TRUE(absl::StrContains(text, "CHECK T1a PASS")) << text;
  EXPECT_TRUE(absl::StrContains(text, "86.5")) << text;  // the paper's value printed
}

TEST(Table1Test, FragileVantFails) {
  // VANT steeper than NT (60 per σ) and 3 points lower at its design point.
  std::vector<tv::TrainedCurve> worse = Vant(60);
  for (auto& v : worse) {
    for (double& a : v.curve.accuracy_pct) a = std::max(0.0, a - 3);
  }
  const auto r = ComputeTable1(Nt(), worse, Thetas());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(Get(*r, "T1a").pass);
  EXPECT_FALSE(Get(*r, "T1b").pass);
  EXPECT_FALSE(Get(*r, "T1d").pass);  // PA = -3 everywhere
  EXPECT_TRUE(absl::StrContains(FormatTable1(*r), "CHECK T1a FAIL"));
}

// Per-seed jitter of ±j on every accuracy, alternating in sign by seed.
SeedCurves Jittered(double vant_fall, int seed, double j) {
  SeedCurves s{Nt(), Vant(vant_fall)};
  const double d = (seed % 2 == 0 ? 1 : -1) * j;
  for (auto* set : {&s.nt, &s.vant}) {
    for (tv::TrainedCurve& c : *set) {
      for (double& a : c.curve.accuracy_pct) a = std::clamp(a + (set == &s.nt ? d : -d), 0.0, 100.0);
    }
  }
  return s;
}

TEST(Table1Test, SeedsAverageCurvesAndTestTheGainAgainstItsSe) {
  std::vector<SeedCurves> robust;
  for (int s = 0; s < 4; ++s) robust.push_back(Jittered(10, s, 0.5));
  const auto r = ComputeTable1Seeds(robust, Thetas());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->seeds, 4);
  // The jitter cancels in the mean: the table equals the unjittered one.
  const auto plain = ComputeTable1(Nt(), Vant(10), Thetas());
  for (size_t i = 0; i < 11; ++i) {
    EXPECT_NEAR(r->mean.rows[i].rauc_vant_pct, plain->rows[i].rauc_vant_pct, 1e-9);
    EXPECT_GT(r->sd[i].preserved_pp, 0.5);  // ±0.5 on each side moves PA by ±1
  }
  EXPECT_TRUE(Get(r->mean, "T1a-se").pass) << Get(r->mean, "T1a-se").measured;
  // Identical NT and VANT up to seed noise: the gain is not significant.
  std::vector<SeedCurves> same;
  for (int s = 0; s < 4; ++s) {
    SeedCurves c = Jittered(40, s, 3.0);
    same.push_back(c);
  }
  const auto n = ComputeTable1Seeds(same, Thetas());
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(Get(n->mean, "T1a-se").pass) << Get(n->mean, "T1a-se").measured;
  // One seed: no SE check, sd 0.
  const auto one = ComputeTable1Seeds({robust[0]}, Thetas());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->sd[3].rauc_nt_pct, 0.0);
  for (const Check& c : one->mean.checks) EXPECT_NE(c.id, "T1a-se");
  EXPECT_FALSE(ComputeTable1Seeds({}, Thetas()).ok());
  EXPECT_TRUE(absl::StrContains(FormatTable1(*r), "sd over seeds")) << FormatTable1(*r);
}

TEST(Table1Test, MissingModelsAreNamed) {
  std::vector<tv::TrainedCurve> nt = Nt();
  nt.erase(nt.begin() + 12);  // sigma 2.7: the matched upper bound lacks it
  const auto r = ComputeTable1(nt, Vant(10), Thetas());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "2.7")) << r.status();
  EXPECT_EQ(ComputeTable1(Nt(), Vant(10), {0.1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::experiments::vant

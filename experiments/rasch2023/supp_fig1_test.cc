#include "experiments/rasch2023/supp_fig1.h"

#include <cmath>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crossbar/config.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::experiments::rasch2023 {
namespace {

// vant_rasch_spec.md B.1: sigma / g_max in % at x = 0, 0.25, 0.5, 0.75, 1,
// computed from the published polynomials (PCM: Nandakumar et al. 2019 at
// g_max 25 uS; ReRAM: Rasch 2023 Supp. B.2 at g_max 40 uS).
TEST(SuppFig1Test, PolynomialValuesOfB1) {
  absl::StatusOr<SigmaCurves> c = ComputeSigmaCurves({0, 0.25, 0.5, 0.75, 1});
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<double> pcm = {1.05, 2.73, 3.81, 4.31, 4.22};
  const std::vector<double> reram_1s = {0.87, 5.65, 5.06, 3.83, 2.76};
  const std::vector<double> reram_1d = {1.75, 9.30, 9.77, 8.42, 6.63};
  for (int i = 0; i < 5; ++i) {
    // The spec rounds to 0.01 pp: within half a unit plus float rounding.
    EXPECT_NEAR(c->pcm_prog_pct[i], pcm[i], 0.0051) << "x index " << i;
    EXPECT_NEAR(c->reram_1s_pct[i], reram_1s[i], 0.0051) << "x index " << i;
    EXPECT_NEAR(c->reram_1d_pct[i], reram_1d[i], 0.0051) << "x index " << i;
  }
  EXPECT_EQ(c->pcm_g_max_us, 25);
  EXPECT_EQ(c->reram_g_max_us, 40);
}

TEST(SuppFig1Test, SigmaCurvesRejectWrongDevicesAndX) {
  EXPECT_EQ(ComputeSigmaCurves({0.5}, "rasch2023_reram", "rasch2023_reram").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeSigmaCurves({0.5}, "rasch2023_standard_pcm", "rasch2023_standard_pcm")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeSigmaCurves({1.5}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeSigmaCurves({0.5}, "no_such_preset").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(SuppFig1Test, UnitGrid) {
  const std::vector<double> x = UnitGrid(10);
  ASSERT_EQ(x.size(), 11u);
  EXPECT_EQ(x.front(), 0);
  EXPECT_NEAR(x[3], 0.3, 1e-15);
  EXPECT_EQ(x.back(), 1);
}

// On the ideal tile (exact product) least squares recovers W.
TEST(SuppFig1Test, LeastSquaresRecoversIdealTile) {
  absl::StatusOr<crossbar::TileConfig> ideal = crossbar::LoadTileConfig("ideal");
  ASSERT_TRUE(ideal.ok()) << ideal.status();
  Fig1BOptions o;
  o.size = 24;
  o.vectors = 200;
  o.num_bins = 4;
  ASSERT_TRUE(Validate(o).ok());
  Eigen::MatrixXf w, x;
  MakeWeightsAndInputs(o, &w, &x);
  EXPECT_LE(x.maxCoeff(), 1);
  EXPECT_GE(x.minCoeff(), -1);
  absl::StatusOr<DeviceError> d = MeasureDeviceError(*ideal, "ideal", w, x, o);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_LT(std::abs(d->overall_mean), 1e-5);
  EXPECT_LT(d->overall_sd, 1e-4);
  int64_t total = 0;
  for (const ErrorBin& b : d->bins) total += b.count;
  EXPECT_EQ(total, 24 * 24);
}

TEST(SuppFig1Test, LeastSquaresExactOnAKnownOperator) {
  Eigen::MatrixXf w(2, 3);
  w << 1, -2, 0.5, 0, 3, -1;
  Eigen::MatrixXf x(3, 4);
  x << 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1;
  absl::StatusOr<Eigen::MatrixXd> w_hat = EstimateLinearOperator(x, w * x);
  ASSERT_TRUE(w_hat.ok()) << w_hat.status();
  EXPECT_LT((*w_hat - w.cast<double>()).cwiseAbs().maxCoeff(), 1e-6);
  // Too few vectors, mismatched shapes, rank-deficient X.
  EXPECT_FALSE(EstimateLinearOperator(x.leftCols(2), w * x.leftCols(2)).ok());
  EXPECT_FALSE(EstimateLinearOperator(x, w).ok());
  Eigen::MatrixXf rank2 = x;
  rank2.row(2) = rank2.row(0);
  EXPECT_FALSE(EstimateLinearOperator(rank2, w * rank2).ok());
}

TEST(SuppFig1Test, BinErrors) {
  Eigen::MatrixXf w(1, 4);
  w << -1, -0.2, 0.3, 2;  // max|W| = 2: relative -0.5, -0.1, 0.15, 1
  Eigen::MatrixXd w_hat(1, 4);
  w_hat << -1.2, -0.2, 0.5, 2.2;  // errors / 2: -0.1, 0, 0.1, 0.1
  const std::vector<ErrorBin> bins = BinErrors(w, w_hat, 4);
  ASSERT_EQ(bins.size(), 4u);
  EXPECT_EQ(bins[0].count, 0);
  EXPECT_TRUE(std::isnan(bins[0].mean));
  EXPECT_EQ(bins[1].count, 2);  // [-0.5, 0): -0.5 and -0.1
  // w is float: 1e-7 relative.
  EXPECT_NEAR(bins[1].mean, -0.05, 1e-7);
  EXPECT_NEAR(bins[1].sd, std::sqrt(0.005), 1e-7);
  EXPECT_EQ(bins[2].count, 1);  // [0, 0.5)
  EXPECT_TRUE(std::isnan(bins[2].sd));
  EXPECT_EQ(bins[3].count, 1);  // 1 falls in the last bin
  EXPECT_NEAR(bins[3].mean, 0.1, 1e-7);
  EXPECT_DOUBLE_EQ(bins[0].lo, -1);
  EXPECT_DOUBLE_EQ(bins[3].hi, 1);
  EXPECT_NEAR(MeanBinSd(bins), std::sqrt(0.005), 1e-7);
}

TEST(SuppFig1Test, ValidateRejectsBadOptions) {
  Fig1BOptions o;
  EXPECT_TRUE(Validate(o).ok());
  o.vectors = 0;
  const absl::Status s = Validate(o);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "--vectors")) << s;
  o = {};
  o.size = 513;
  EXPECT_FALSE(Validate(o).ok());
  o = {};
  o.num_bins = 0;
  EXPECT_FALSE(Validate(o).ok());
  o = {};
  o.input_range = 0;
  EXPECT_FALSE(Validate(o).ok());
  o = {};
  o.num_threads = 0;
  EXPECT_FALSE(Validate(o).ok());
  EXPECT_FALSE(ComputeFig1B(o).ok());
}

// A small Fig. 1 B end to end (64 x 64, 1,000 vectors): ReRAM's error
// exceeds PCM's overall and around W = 0 (its sigma relative to g_max is about
// twice PCM's at small x, B.1), and F1B reports what it measured. (At this size
// the mean over bins is dominated by the few tail weights, where PCM's drift
// spread is large: F1B itself is the full-size run's check.)
TEST(SuppFig1Test, SmallFig1BReramWorseThanPcm) {
  Fig1BOptions o;
  o.size = 64;
  o.vectors = 1000;
  o.num_bins = 10;
  absl::StatusOr<Fig1BResult> b = ComputeFig1B(o);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_GT(b->reram.overall_sd, 1.3 * b->pcm.overall_sd);
  for (int bin : {4, 5}) {  // [-0.2, 0) and [0, 0.2)
    EXPECT_GT(b->reram.bins[bin].sd, 1.5 * b->pcm.bins[bin].sd) << bin;
  }
  EXPECT_GT(b->pcm.overall_sd, 0.005);  // PCM after a day: a few % of max|W|
  EXPECT_LT(b->pcm.overall_sd, 0.1);
  EXPECT_GT(b->pcm.alpha, 1.2);         // PCM drifted down a day: compensated
  EXPECT_EQ(b->reram.alpha, 1);         // ReRAM: no drift compensation
  EXPECT_EQ(b->f1b.pass, b->reram.mean_bin_sd > b->pcm.mean_bin_sd);
  absl::StatusOr<SigmaCurves> a = ComputeSigmaCurves(UnitGrid(10));
  ASSERT_TRUE(a.ok());
  const std::string text = FormatFig1Text(*a, *b, {.wall_time_s = 1.5, .hardware_threads = 2});
  EXPECT_TRUE(absl::StrContains(text, "\nchoice: "));
  EXPECT_TRUE(absl::StrContains(text, "N = 1000 input vectors"));
  EXPECT_TRUE(absl::StrContains(text, "machine: 2 hardware threads"));
  EXPECT_TRUE(absl::StrContains(text, "wall time: 1.5 s"));
  EXPECT_TRUE(absl::StrContains(text, b->f1b.pass ? "\nCHECK F1B PASS ReRAM "
                                                  : "\nCHECK F1B FAIL ReRAM "))
      << text;
  EXPECT_TRUE(absl::EndsWith(text, "(mean over bins of sd_ReRAM > sd_PCM)\n")) << text;
  const std::string csv = FormatFig1Csv(*a, *b, {.wall_time_s = 1.5, .hardware_threads = 2});
  EXPECT_TRUE(absl::StartsWith(
      csv, "target,model,dataset,row,column,quantity,paper,ours,sd,instances,note\n"));
  EXPECT_TRUE(absl::StrContains(csv, ",x=1.00,A,sigma_1d_pct_of_gmax,,6.6"));
  EXPECT_TRUE(absl::StrContains(
      csv, absl::StrCat(",F1B,,check,,", b->f1b.pass ? "PASS" : "FAIL", ",,,ReRAM ")))
      << csv;
  EXPECT_EQ(Fig1APlot(*a).series.size(), 3u);
  const analysis::LinePlot plot_b = Fig1BPlot(*b);
  ASSERT_EQ(plot_b.series.size(), 4u);
  EXPECT_EQ(plot_b.series[0].x.size(), 10u);
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

#include "training/vant/noise_robustness.h"

#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "common/testing/statistics.h"
#include "gtest/gtest.h"

namespace aimc::training::vant {
namespace {

AccuracyCurve Curve(std::vector<double> sigma, std::vector<double> acc) {
  return {std::move(sigma), std::move(acc)};
}

TEST(NoiseRobustnessTest, GridsAreTheSpecsAndTrainIsInsideTest) {
  ASSERT_EQ(TestSigmaGrid().size(), 14u);
  ASSERT_EQ(TrainSigmaGrid().size(), 11u);
  EXPECT_DOUBLE_EQ(TestSigmaGrid().front(), 0.1);
  EXPECT_DOUBLE_EQ(TestSigmaGrid().back(), 3.0);
  EXPECT_DOUBLE_EQ(TestSigmaGrid()[11], 2.4);
  for (double s : TrainSigmaGrid()) {
    AccuracyCurve c{std::vector<double>(TestSigmaGrid().begin(), TestSigmaGrid().end()),
                    std::vector<double>(14, 50.0)};
    EXPECT_TRUE(AccuracyAt(c, s).ok()) << s;
  }
}

TEST(NoiseRobustnessTest, TrapezoidAucByHand) {
  // Widths 0.2, 0.2, 0.6; mean heights 85, 65, 30: 17 + 13 + 18 = 48.
  const AccuracyCurve c = Curve({0.1, 0.3, 0.5, 1.1}, {90, 80, 50, 10});
  ASSERT_TRUE(TrapezoidAuc(c).ok());
  EXPECT_NEAR(*TrapezoidAuc(c), 48.0, 1e-12);
  // A constant curve: height × span, the chance floor included.
  const AccuracyCurve flat = Curve(std::vector<double>(TestSigmaGrid().begin(), TestSigmaGrid().end()),
                                   std::vector<double>(14, 10.0));
  EXPECT_NEAR(*TrapezoidAuc(flat), 10.0 * 2.9, 1e-12);
}

TEST(NoiseRobustnessTest, RelativeAucOfTheUpperBoundIs100AndScales) {
  const AccuracyCurve ub = Curve({0.1, 0.3, 0.5}, {90, 80, 60});
  const AccuracyCurve half = Curve({0.1, 0.3, 0.5}, {45, 40, 30});
  EXPECT_NEAR(*RelativeAuc(ub, ub), 100.0, 1e-12);
  EXPECT_NEAR(*RelativeAuc(half, ub), 50.0, 1e-12);
  // Above the bound is allowed (a model can beat matched-noise NT).
  EXPECT_GT(*RelativeAuc(Curve({0.1, 0.3, 0.5}, {95, 90, 80}), ub), 100.0);
  EXPECT_EQ(RelativeAuc(Curve({0.1, 0.3, 0.7}, {1, 1, 1}), ub).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RelativeAuc(ub, Curve({0.1, 0.3, 0.5}, {0, 0, 0})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoiseRobustnessTest, PreservedAccuracySignAndOffGridSigma) {
  const AccuracyCurve nt = Curve({0.1, 0.3, 0.5}, {90, 80, 60});
  const AccuracyCurve vant = Curve({0.1, 0.3, 0.5}, {89, 80.5, 65});
  EXPECT_NEAR(*PreservedAccuracy(vant, nt, 0.3), 0.5, 1e-12);
  EXPECT_NEAR(*PreservedAccuracy(vant, nt, 0.1), -1.0, 1e-12);
  EXPECT_NEAR(*PreservedAccuracy(vant, nt, 0.1 + 0.2), 0.5, 1e-12);  // 0.30000000000000004
  const auto off = PreservedAccuracy(vant, nt, 0.4);
  EXPECT_EQ(off.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(off.status().message(), "0.4")) << off.status();
}

TEST(NoiseRobustnessTest, InterpolationBetweenGridPoints) {
  const AccuracyCurve c = Curve({0.9, 1.1, 1.3}, {60, 50, 20});
  EXPECT_NEAR(*InterpolatedAccuracyAt(c, 1.0), 55.0, 1e-9);
  EXPECT_NEAR(*InterpolatedAccuracyAt(c, 1.25), 27.5, 1e-9);
  EXPECT_NEAR(*InterpolatedAccuracyAt(c, 0.9), 60.0, 1e-12);
  EXPECT_NEAR(*InterpolatedAccuracyAt(c, 1.3), 20.0, 1e-12);
  EXPECT_EQ(InterpolatedAccuracyAt(c, 1.5).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(InterpolatedAccuracyAt(c, 0.5).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(NoiseRobustnessTest, UpperBoundMatchedAndEnvelope) {
  const std::vector<double> grid = {0.1, 0.3, 0.5};
  const std::vector<TrainedCurve> nt = {
      {0.1, Curve(grid, {92, 70, 40})},
      {0.3, Curve(grid, {90, 82, 55})},
      {0.5, Curve(grid, {85, 80, 62})},
  };
  const auto matched = UpperBound(nt, UpperBoundMode::kMatched);
  ASSERT_TRUE(matched.ok()) << matched.status();
  EXPECT_EQ(matched->accuracy_pct, (std::vector<double>{92, 82, 62}));
  // The envelope is >= the matched curve everywhere; here it picks 92, 82, 62
  // too, so add a model that beats the matched one at 0.3.
  std::vector<TrainedCurve> more = nt;
  more.push_back({0.7, Curve(grid, {80, 84, 61})});
  const auto envelope = UpperBound(more, UpperBoundMode::kEnvelope);
  ASSERT_TRUE(envelope.ok());
  EXPECT_EQ(envelope->accuracy_pct, (std::vector<double>{92, 84, 62}));
  // Matched needs a model at every grid point.
  const std::vector<TrainedCurve> gap = {nt[0], nt[2]};
  const auto missing = UpperBound(gap, UpperBoundMode::kMatched);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "0.3")) << missing.status();
  EXPECT_TRUE(UpperBound(gap, UpperBoundMode::kEnvelope).ok());
  EXPECT_EQ(UpperBound({}, UpperBoundMode::kMatched).status().code(),
            absl::StatusCode::kInvalidArgument);
  const std::vector<TrainedCurve> mixed = {nt[0], {0.3, Curve({0.1, 0.3, 0.7}, {1, 1, 1})}};
  EXPECT_EQ(UpperBound(mixed, UpperBoundMode::kEnvelope).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NoiseRobustnessTest, SelectionRuleThresholdAndTies) {
  const std::vector<VantSetting> grid = {
      {.alpha = 0.45, .theta = 0.6, .rauc_pct = 97.0, .preserved_pp = -0.8},  // fails tau
      {.alpha = 0.30, .theta = 0.4, .rauc_pct = 95.0, .preserved_pp = -0.4},
      {.alpha = 0.45, .theta = 0.2, .rauc_pct = 95.0, .preserved_pp = 0.3},  // smaller theta
      {.alpha = 0.60, .theta = 0.2, .rauc_pct = 95.0, .preserved_pp = 0.1},  // alpha further
      {.alpha = 0.45, .theta = 0.1, .rauc_pct = 90.0, .preserved_pp = 1.0},
  };
  const auto best = SelectSetting(grid);
  ASSERT_TRUE(best.ok()) << best.status();
  EXPECT_DOUBLE_EQ(best->theta, 0.2);
  EXPECT_DOUBLE_EQ(best->alpha, 0.45);
  // tau = -1 lets the 97 % setting in.
  EXPECT_DOUBLE_EQ(SelectSetting(grid, -1.0)->rauc_pct, 97.0);
  // tau = 0.5 keeps only the last.
  EXPECT_DOUBLE_EQ(SelectSetting(grid, 0.5)->rauc_pct, 90.0);
  EXPECT_EQ(SelectSetting(grid, 2.0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(SelectSetting({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NoiseRobustnessTest, ThetaSlopeThroughTheOrigin) {
  // y = 0.4 x exactly, then a hand case: x = {1, 2}, y = {1, 1}: 3 / 5.
  const std::vector<double> x = {0.3, 0.7, 1.1, 1.5}, y = {0.12, 0.28, 0.44, 0.6};
  EXPECT_NEAR(*FitThetaSlope(x, y), 0.4, 1e-12);
  EXPECT_NEAR(*FitThetaSlope(std::vector<double>{1, 2}, std::vector<double>{1, 1}), 0.6, 1e-12);
  EXPECT_FALSE(FitThetaSlope(x, std::vector<double>{1}).ok());
  EXPECT_FALSE(FitThetaSlope(std::vector<double>{0, 0}, std::vector<double>{1, 1}).ok());
}

TEST(NoiseRobustnessTest, BadCurvesNameTheProblem) {
  EXPECT_TRUE(absl::StrContains(Validate(Curve({0.1, 0.3}, {1})).message(), "1 accuracies"));
  EXPECT_TRUE(absl::StrContains(Validate(Curve({0.1}, {1})).message(), ">= 2 points"));
  EXPECT_TRUE(absl::StrContains(Validate(Curve({0.3, 0.1}, {1, 1})).message(), "increase"));
  EXPECT_TRUE(absl::StrContains(Validate(Curve({0.1, 0.3}, {1, NAN})).message(),
                                "accuracy_pct[1]"));
  EXPECT_TRUE(absl::StrContains(Validate(Curve({0.1, 0.3}, {1, 101})).message(), "[0, 100]"));
  EXPECT_TRUE(absl::StrContains(Validate(Curve({-0.1, 0.3}, {1, 1})).message(), "sigma[0]"));
}

// The reference sampler's σ_b = ασ + θ|z|: never below ασ, mean ασ +
// θ√(2/π) (the spec's 0.798θ), sd θ√(1 − 2/π); tolerances from the sample.
TEST(NoiseRobustnessTest, ReferenceSamplerMoments) {
  const VantNoise noise{.sigma_train = 1.1, .alpha = 0.45, .theta = 0.45};
  std::vector<float> s(200000);
  ASSERT_TRUE(SampleImageSigmas(noise, RandomStream({.seed = 3, .entity = 1}), 0, absl::MakeSpan(s))
                  .ok());
  const double center = 0.45 * 1.1;
  double lo = 1e9;
  for (float v : s) lo = std::min<double>(lo, v);
  EXPECT_GE(lo, center - 1e-6);
  const test_util::Sample got = test_util::Summarize(s);
  const double mean = center + 0.45 * std::sqrt(2 / test_util::kPi);
  const double sd = 0.45 * std::sqrt(1 - 2 / test_util::kPi);
  EXPECT_NEAR(mean, 0.854, 1e-3);  // the spec's worked example
  EXPECT_NEAR(got.mean, mean, 5 * got.se_mean);
  EXPECT_NEAR(got.sd, sd, 5 * got.se_sd);
}

// The paper's law |ασ + θz| is a folded normal.
TEST(NoiseRobustnessTest, PaperSamplerIsAFoldedNormal) {
  const VantNoise noise{.sigma_train = 0.5,
                        .alpha = 0.45,
                        .theta = 0.4,
                        .sampler = SigmaSampler::kPaperGaussian};
  std::vector<float> s(200000);
  ASSERT_TRUE(SampleImageSigmas(noise, RandomStream({.seed = 4, .entity = 1}), 0, absl::MakeSpan(s))
                  .ok());
  const test_util::Moments want = test_util::FoldedNormal(0.45 * 0.5, 0.4);
  const test_util::Sample got = test_util::Summarize(s);
  EXPECT_NEAR(got.mean, want.mean, 5 * got.se_mean);
  EXPECT_NEAR(got.sd, want.sd, 5 * got.se_sd);
  double lo = 1e9;
  for (float v : s) lo = std::min<double>(lo, v);
  EXPECT_LT(lo, 0.45 * 0.5);  // unlike the reference law, it goes below ασ
  EXPECT_GE(lo, 0.0);
}

TEST(NoiseRobustnessTest, SamplerIsCounterBasedAndValidates) {
  const VantNoise noise{.sigma_train = 1.0, .alpha = 0.45, .theta = 0.3};
  const RandomStream stream({.seed = 9, .entity = 2, .instance = 5});
  std::vector<float> all(64), tail(32);
  ASSERT_TRUE(SampleImageSigmas(noise, stream, 0, absl::MakeSpan(all)).ok());
  ASSERT_TRUE(SampleImageSigmas(noise, stream, 32, absl::MakeSpan(tail)).ok());
  for (int i = 0; i < 32; ++i) EXPECT_EQ(tail[i], all[32 + i]) << i;  // any order, same values
  std::vector<float> other(64);
  ASSERT_TRUE(SampleImageSigmas(noise, stream.WithDraw(1), 0, absl::MakeSpan(other)).ok());
  EXPECT_NE(other, all);
  // θ = 0 is NT: every image at ασ.
  std::vector<float> nt(8);
  ASSERT_TRUE(SampleImageSigmas({.sigma_train = 2.0, .alpha = 1.0, .theta = 0}, stream, 0,
                                absl::MakeSpan(nt))
                  .ok());
  for (float v : nt) EXPECT_FLOAT_EQ(v, 2.0f);
  const absl::Status bad =
      SampleImageSigmas({.sigma_train = 1.0, .alpha = -1}, stream, 0, absl::MakeSpan(nt));
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.message(), "alpha")) << bad;
  EXPECT_FALSE(SampleImageSigmas({.theta = NAN}, stream, 0, absl::MakeSpan(nt)).ok());
}

}  // namespace
}  // namespace aimc::training::vant

// The ReRAM model against ../shared/docs/aimc_model.md §7 (Rasch et al. 2023
// Supp. B.2). Statistical checks: fixed seed, n = 2^18 devices per case, 5
// standard errors (SE from the sample's own central moments: SE(mean) =
// sd / sqrt(n), SE(sd) = sqrt((m4 - m2^2) / n) / (2 sd) ~ sd / sqrt(2 n) =
// 0.14 % of sd); a fresh seed would fail one check with probability 5.7e-7.
#include "device_models/reram.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/random.h"
#include "device_models/config.h"
#include "common/testing/statistics.h"
#include "gtest/gtest.h"

namespace aimc::device_models {
namespace {

using namespace ::aimc::test_util;  // NOLINT: reference statistics

constexpr double kDay = 86400;

// Rasch 2023 Supp. B.2 fits (full 1-day values, aimc_model.md §7) and the
// reference toolkit's 2-day fit.
constexpr double kFit1s[] = {0.348, 16.030, -43.853, 45.393, -16.815};
constexpr double kFit1d[] = {0.701, 22.086, -50.773, 47.095, -16.458};
constexpr double kFit2d[] = {0.782, 20.274, -43.507, 37.062, -11.934};

double Poly(const double (&c)[5], double x) {
  double y = 0;
  for (int k = 4; k >= 0; --k) y = y * x + c[k];
  return y;
}

constexpr int64_t kN = int64_t{1} << 18;
constexpr double kSe = 5;


// Y = max(0, m + s Z).


ReramModel Preset(const char* name) {
  return ReramModel::Create(LoadDeviceModelConfig(name).value().reram()).value();
}

RandomStream Stream(uint32_t draw) { return RandomStream(StreamKey{.seed = 77, .draw = draw}); }

TEST(ReramTest, PresetIsThePapersModel) {
  const ReramModel m = Preset("rasch2023_reram");
  EXPECT_EQ(m.g_max_us(), 40.0f);
  EXPECT_EQ(m.first_fit_time_s(), 1.0);
  EXPECT_DOUBLE_EQ(m.config().read_noise_rel(), 0.01);
  EXPECT_FALSE(m.config().redraw_each_read());
}

// sigma(x, t) at the fitted times is the polynomial of §7 (float evaluation:
// 1e-5 relative).
TEST(ReramTest, SigmaAtTheFittedTimesIsThePolynomial) {
  const ReramModel m = Preset("rasch2023_reram");
  for (double x : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0}) {
    EXPECT_NEAR(m.SigmaUs(40 * x, 1), Poly(kFit1s, x), 1e-5 * Poly(kFit1s, x)) << x;
    EXPECT_NEAR(m.SigmaUs(40 * x, kDay), Poly(kFit1d, x), 1e-5 * Poly(kFit1d, x)) << x;
  }
  // §7: sigma(1) at 1 day is 2.651 uS with the full coefficients (2.719 with the
  // printed, truncated ones); 1.103 uS at 1 s; sigma(0) = c0.
  EXPECT_NEAR(m.SigmaUs(40, kDay), 2.651, 5e-4);
  EXPECT_NEAR(m.SigmaUs(40, 1), 1.103, 5e-4);
  EXPECT_NEAR(m.SigmaUs(0, kDay), 0.701, 1e-6);
  ReramConfig printed = m.config();
  printed.mutable_fits(1)->set_coeffs_us(2, -50.7);
  printed.mutable_fits(1)->set_coeffs_us(3, 47.09);
  EXPECT_NEAR(ReramModel::Create(printed)->SigmaUs(40, kDay), 2.719, 5e-4);
  // x is relative to g_max: the reference toolkit's g_max 25 gives the same
  // sigma at the same x.
  const ReramModel aihwkit = Preset("aihwkit_reram_wan2022");
  EXPECT_EQ(aihwkit.g_max_us(), 25.0f);
  EXPECT_NEAR(aihwkit.SigmaUs(12.5, kDay), Poly(kFit1d, 0.5), 1e-5);
  EXPECT_NEAR(aihwkit.SigmaUs(12.5, 2 * kDay), Poly(kFit2d, 0.5), 1e-5);
}

// Between fits, linear in log t: at t = sqrt(1 s * 86400 s) the weight is 1/2,
// at 86400^(1/4) it is 1/4. Outside the fits the nearest fit is held.
TEST(ReramTest, InterpolatesInLogTimeAndHoldsOutside) {
  const ReramModel m = Preset("rasch2023_reram");
  for (double x : {0.0, 0.3, 0.7, 1.0}) {
    const double a = Poly(kFit1s, x), b = Poly(kFit1d, x);
    EXPECT_NEAR(m.SigmaUs(40 * x, std::sqrt(kDay)), 0.5 * (a + b), 1e-5 * b) << x;
    EXPECT_NEAR(m.SigmaUs(40 * x, std::pow(kDay, 0.25)), 0.75 * a + 0.25 * b, 1e-5 * b) << x;
    EXPECT_EQ(m.SigmaUs(40 * x, 30 * kDay), m.SigmaUs(40 * x, kDay)) << x;
    EXPECT_EQ(m.SigmaUs(40 * x, 1e9), m.SigmaUs(40 * x, kDay)) << x;
    EXPECT_EQ(m.SigmaUs(40 * x, 0.5), m.SigmaUs(40 * x, 1)) << x;
    EXPECT_EQ(m.SigmaUs(40 * x, 0), m.SigmaUs(40 * x, 1)) << x;
  }
  // Three fits: between the 1-day and 2-day fits at their geometric mean.
  const ReramModel aihwkit = Preset("aihwkit_reram_wan2022");
  EXPECT_NEAR(aihwkit.SigmaUs(25, kDay * std::sqrt(2.0)), 0.5 * (Poly(kFit1d, 1) + Poly(kFit2d, 1)),
              1e-5);
  EXPECT_EQ(aihwkit.SigmaUs(25, 30 * kDay), aihwkit.SigmaUs(25, 2 * kDay));
}

TEST(ReramTest, FitNoteSaysHowSigmaWasObtained) {
  const ReramModel m = Preset("rasch2023_reram");
  EXPECT_EQ(m.FitNote(1), "the fit at 1 s");
  EXPECT_EQ(m.FitNote(kDay), "the fit at 86400 s");
  EXPECT_EQ(m.FitNote(3600), "interpolated in log t between the fits at 1 s and 86400 s");
  EXPECT_EQ(m.FitNote(30 * kDay), "the fit at 86400 s (held beyond the last fit)");
  // Times print in plain digits (172800, never 1.728e+05).
  const ReramModel three_fits = Preset("aihwkit_reram_wan2022");
  EXPECT_EQ(three_fits.FitNote(172800), "the fit at 172800 s");
  EXPECT_EQ(three_fits.FitNote(100000),
            "interpolated in log t between the fits at 86400 s and 172800 s");
  EXPECT_EQ(m.FitNote(0), "the fit at 1 s (held before the first fit)");
  EXPECT_EQ(Preset("aihwkit_reram_wan2022").FitNote(1.5 * kDay),
            "interpolated in log t between the fits at 86400 s and 172800 s");
}

// ApplyError: out = max(0, g + prog_scale sigma(x, t) xi). Its sample mean and
// std are the rectified-normal moments of (g, sigma) (x = 0.1 at 1 s sits
// 2.6 sigma above 0, where the clamp is visible; the others are > 4 sigma
// away), at 1 s, 1 day, and in between.
TEST(ReramTest, ApplyErrorStatistics) {
  const ReramModel m = Preset("rasch2023_reram");
  std::vector<float> g(kN), out(kN);
  uint32_t draw = 0;
  for (double t : {1.0, std::sqrt(kDay), kDay}) {
    for (double x : {0.1, 0.5, 0.9}) {
      const double target = 40 * x;
      std::fill(g.begin(), g.end(), static_cast<float>(target));
      m.ApplyError(g, t, Stream(++draw), 0, absl::MakeSpan(out), 2);
      const double sigma = t == 1.0    ? Poly(kFit1s, x)
                           : t == kDay ? Poly(kFit1d, x)
                                       : 0.5 * (Poly(kFit1s, x) + Poly(kFit1d, x));
      const Moments expected = RectifiedNormal(target, sigma);
      const Sample s = Summarize(out);
      SCOPED_TRACE(testing::Message() << "t " << t << " x " << x << " sigma " << sigma);
      EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
      EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
      EXPECT_GE(*std::min_element(out.begin(), out.end()), 0.0f);
    }
  }
  // prog_scale 2 doubles sigma (x = 0.5 at 1 day: 3.909 uS -> 7.818 uS).
  ReramConfig c = m.config();
  c.set_prog_scale(2);
  std::fill(g.begin(), g.end(), 20.0f);
  ReramModel::Create(c)->ApplyError(g, kDay, Stream(++draw), 0, absl::MakeSpan(out), 1);
  const Sample s = Summarize(out);
  const Moments expected = RectifiedNormal(20, 2 * Poly(kFit1d, 0.5));
  EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
  EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
}

// Element by element: xi is number (first + i) of the stream.
TEST(ReramTest, ApplyErrorIsTheFormulaWithTheStreamsNormals) {
  const ReramModel m = Preset("rasch2023_reram");
  const int n = 10000;
  std::vector<float> g(n), xi(n), out(n);
  for (int i = 0; i < n; ++i) g[i] = 40.0f * i / (n - 1);
  Stream(50).FillNormal(99, absl::MakeSpan(xi));
  m.ApplyError(g, 3600, Stream(50), 99, absl::MakeSpan(out), 1);
  const double w = std::log(3600.0) / std::log(kDay);
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    const double x = g[i] / 40.0;
    const double sigma = (1 - w) * Poly(kFit1s, x) + w * Poly(kFit1d, x);
    const double expected = std::max(0.0, g[i] + sigma * xi[i]);
    bad += std::abs(out[i] - expected) > 1e-5 * (1 + expected);
  }
  EXPECT_EQ(bad, 0);
}

// No drift: the held fit makes the error at 30 days the error at 1 day, number
// for number (same stream).
TEST(ReramTest, NoDriftBeyondTheLastFit) {
  const ReramModel m = Preset("rasch2023_reram");
  const int n = 5000;
  std::vector<float> g(n), a(n), b(n);
  for (int i = 0; i < n; ++i) g[i] = 40.0f * i / (n - 1);
  m.ApplyError(g, kDay, Stream(60), 0, absl::MakeSpan(a), 1);
  m.ApplyError(g, 30 * kDay, Stream(60), 0, absl::MakeSpan(b), 1);
  EXPECT_EQ(a, b);
}

// Read noise: N(0, 1 % of g_max) = 0.4 uS at g_max 40, independent of g
// (g = 20 and 36 uS are 50+ sigma from 0), clamped at 0 (g = 0: mean
// 0.4 / sqrt(2 pi) = 0.1596, half the devices at 0).
TEST(ReramTest, ReadNoiseIsOnePercentOfGMax) {
  const ReramModel m = Preset("rasch2023_reram");
  std::vector<float> g(kN), out(kN);
  uint32_t draw = 70;
  for (double g_us : {20.0, 36.0, 0.0}) {
    std::fill(g.begin(), g.end(), static_cast<float>(g_us));
    m.Read(g, Stream(++draw), 0, absl::MakeSpan(out), 2);
    const Moments expected = RectifiedNormal(g_us, 0.4);
    const Sample s = Summarize(out);
    SCOPED_TRACE(testing::Message() << "g " << g_us);
    EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
    EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
    if (g_us == 0) {
      EXPECT_NEAR(expected.mean, 0.1596, 1e-4);
      const double zero_fraction = std::count(out.begin(), out.end(), 0.0f) / double{kN};
      EXPECT_NEAR(zero_fraction, 0.5, kSe * 0.5 / std::sqrt(double{kN}));
    } else {
      EXPECT_NEAR(expected.sd, 0.4, 1e-9);
    }
  }
  // The reference toolkit's g_max 25: 0.25 uS.
  std::fill(g.begin(), g.end(), 12.5f);
  Preset("aihwkit_reram_wan2022").Read(g, Stream(++draw), 0, absl::MakeSpan(out), 1);
  const Sample s = Summarize(out);
  EXPECT_NEAR(s.sd, 0.25, kSe * s.se_sd);
}

TEST(ReramTest, ThreadCountChangesNoNumber) {
  const ReramModel m = Preset("rasch2023_reram");
  const int n = 5 * 2048 + 17;
  std::vector<float> g(n), a(n), b(n);
  for (int i = 0; i < n; ++i) g[i] = 40.0f * (i % 777) / 776;
  m.ApplyError(g, 3600, Stream(80), 3, absl::MakeSpan(a), 1);
  m.ApplyError(g, 3600, Stream(80), 3, absl::MakeSpan(b), 3);
  EXPECT_EQ(a, b);
  m.Read(g, Stream(81), 0, absl::MakeSpan(a), 1);
  m.Read(g, Stream(81), 0, absl::MakeSpan(b), 2);
  EXPECT_EQ(a, b);
}

TEST(ReramTest, CreateRejectsTooManyCoefficients) {
  ReramConfig c = Preset("rasch2023_reram").config();
  for (int k = 0; k < 4; ++k) c.mutable_fits(0)->add_coeffs_us(0);  // 9 coefficients
  const absl::Status s = ReramModel::Create(c).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("reram.fits[0].coeffs_us"), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace aimc::device_models

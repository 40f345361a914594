// Statistics of the PCM model against ../shared/docs/aimc_model.md §2-4.
//
// Every statistical check uses a fixed seed and compares a sample mean or std
// of n = 2^18 devices with its analytic value; the tolerance is 5 standard
// errors (SE), the SE estimated from the same sample's central moments
// (SE(mean) = sd / sqrt(n), SE(sd) = sqrt((m4 - m2^2) / n) / (2 sd), which is
// sd / sqrt(2 n) = 0.14 % of sd for a normal). For a fresh seed a 5 SE
// two-sided check fails with probability 5.7e-7; with the fixed seed the test
// is deterministic. Analytic values are computed here in double from the
// published constants, never from the library.
#include "device_models/pcm.h"

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

constexpr double kT0 = 20, kTRead = 250e-9;  // §3-4 (s)

constexpr int64_t kN = int64_t{1} << 18;
constexpr double kSe = 5;  // tolerance in standard errors

// Y = max(0, m + s Z): the clamped Gaussian of §2 and §4.

// Y = |m + s Z|: the drift exponent of §3.



// §2 at g_max 25, scaled by g_max / 25.
double SigmaP(double x, double g_max) {
  return (0.26348 + 1.9650 * x - 1.1731 * x * x) * g_max / 25;
}
// §3, x clamped to >= 1e-7.
double MuNu(double x) {
  return std::clamp(-0.0155 * std::log(std::max(x, 1e-7)) + 0.0244, 0.049, 0.1);
}
double SigmaNu(double x) {
  return std::clamp(-0.0125 * std::log(std::max(x, 1e-7)) - 0.0059, 0.008, 0.045);
}
// §4.
double Qs(double g, double g_max) {
  const double x = std::max(std::abs(g) / g_max, 1e-7);
  return std::min(0.0088 / std::max(std::pow(x, 0.65), 1e-3), 0.2);
}
double TimeFactor(double t) { return std::sqrt(std::log((t + kT0 + kTRead) / (2 * kTRead))); }

// E[exp(-nu L)], nu = drift_scale |mu + sigma Z|: Simpson's rule over z, split
// at the kink z = -mu / sigma (no Monte Carlo).
double ExpectedDriftFactor(double mu, double sigma, double drift_scale, double ln_ratio) {
  const auto f = [&](double z) {
    return Pdf(z) * std::exp(-drift_scale * std::abs(mu + sigma * z) * ln_ratio);
  };
  const auto simpson = [&](double a, double b) {
    const int m = 4000;  // even
    const double h = (b - a) / m;
    double s = f(a) + f(b);
    for (int i = 1; i < m; ++i) s += (i % 2 ? 4 : 2) * f(a + i * h);
    return s * h / 3;
  };
  const double kink = std::clamp(-mu / sigma, -12.0, 12.0);
  return simpson(-12, kink) + simpson(kink, 12);
}

PcmModel MakePcm(double g_max = 25, double prog_scale = 1, double drift_scale = 1,
                 double read_scale = 1) {
  PcmConfig c;
  c.set_g_max_us(g_max);
  c.set_prog_scale(prog_scale);
  c.set_drift_scale(drift_scale);
  c.set_read_scale(read_scale);
  return PcmModel::Create(c).value();
}

RandomStream Stream(uint32_t draw) {
  return RandomStream(StreamKey{.seed = 20240611, .entity = 5, .instance = 0, .draw = draw});
}

std::vector<double> ToDouble(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// ---- programming noise (§2) -------------------------------------------------

TEST(PcmTest, ProgrammingStdUsIsThePolynomialScaledByGMax) {
  for (double g_max : {25.0, 50.0}) {
    const PcmModel pcm = MakePcm(g_max);
    for (double x : {0.0, 0.1, 0.3, 0.6, 0.9, 1.0}) {
      EXPECT_NEAR(pcm.ProgrammingStdUs(x * g_max), SigmaP(x, g_max), 1e-6 * g_max)
          << "g_max " << g_max << " x " << x;
    }
  }
  // sigma_p(0) = 0.26348, sigma_p(1) = 1.05538 uS at g_max 25.
  EXPECT_NEAR(MakePcm().ProgrammingStdUs(0), 0.26348, 1e-6);
  EXPECT_NEAR(MakePcm().ProgrammingStdUs(25), 1.05538, 1e-6);
  EXPECT_NEAR(MakePcm(50).ProgrammingStdUs(50), 2 * 1.05538, 2e-6);
}

// Each output is max(0, g + prog_scale sigma_p(x) xi) with xi number
// (first + i) of the stream, computed here in double.
TEST(PcmTest, ProgramIsTheFormulaWithTheStreamsNormals) {
  const int n = 20000;
  const uint64_t first = 12345;
  const RandomStream noise = Stream(1);
  std::vector<float> xi(n), g(n), out(n);
  noise.FillNormal(first, absl::MakeSpan(xi));
  for (int i = 0; i < n; ++i) g[i] = 25.0f * i / (n - 1);
  for (double prog_scale : {1.0, 2.0}) {
    MakePcm(25, prog_scale).Program(g, noise, first, absl::MakeSpan(out), 1);
    int bad = 0;
    for (int i = 0; i < n; ++i) {
      const double expected = std::max(0.0, g[i] + prog_scale * SigmaP(g[i] / 25.0, 25) * xi[i]);
      bad += std::abs(out[i] - expected) > 1e-5 * (1 + expected);
    }
    EXPECT_EQ(bad, 0) << "prog_scale " << prog_scale;
  }
}

// §2: std of g_prog - g_T is prog_scale sigma_p(x) (times g_max / 25), mean 0,
// at targets at least 5 sigma above 0, where the clamp at 0 is negligible:
// P(clamp) <= Phi(-5) = 2.9e-7 per device, so the number of devices at 0 is
// Poisson with mean <= 0.08 (checked: at most 4, P(> 4) < 1e-7) and the
// clamp moves the std by < 1e-5 relative (checked). x = 0.1 at prog_scale 2
// sits only 2.8 sigma above 0 and is left out (see ClampAtZeroNearZeroTargets).
TEST(PcmTest, ProgrammingNoiseStdMatchesSigmaP) {
  std::vector<float> g(kN), out(kN);
  uint32_t draw = 0;
  for (double g_max : {25.0, 50.0}) {
    for (double prog_scale : {1.0, 2.0}) {
      const PcmModel pcm = MakePcm(g_max, prog_scale);
      for (double x : {0.1, 0.3, 0.6, 0.9}) {
        const double sigma = prog_scale * SigmaP(x, g_max);
        const double target = x * g_max;
        if (target < 5 * sigma) continue;
        std::fill(g.begin(), g.end(), static_cast<float>(target));
        pcm.Program(g, Stream(++draw), 0, absl::MakeSpan(out), 2);
        EXPECT_LE(std::count(out.begin(), out.end(), 0.0f), 4);
        EXPECT_NEAR(RectifiedNormal(target, sigma).sd, sigma, 1e-5 * sigma);
        std::vector<double> err(kN);
        for (int64_t i = 0; i < kN; ++i) err[i] = double{out[i]} - target;
        const Sample s = Summarize(err);
        SCOPED_TRACE(testing::Message() << "g_max " << g_max << " prog_scale " << prog_scale
                                        << " x " << x << " sigma " << sigma);
        EXPECT_NEAR(s.mean, 0, kSe * s.se_mean);
        EXPECT_NEAR(s.sd, sigma, kSe * s.se_sd);
        // The SE is ~0.14 % of sigma: the check separates g_max 25 from 50
        // and prog_scale 1 from 2 by hundreds of SE.
        EXPECT_LT(s.se_sd, 0.002 * sigma);
      }
    }
  }
  EXPECT_EQ(draw, 14u);  // 4 + 3 x values per g_max
}

// §2: targets of 0 get the noise too, clamped: a rectified Gaussian with half
// the devices exactly 0 and mean sigma_p(0) / sqrt(2 pi) = 0.1051 uS (not the
// half-normal |sigma xi|, mean 0.2102). SE(mean) = 0.1538 / sqrt(n) = 3e-4 uS,
// SE(fraction at 0) = 0.5 / sqrt(n) = 1e-3.
TEST(PcmTest, ZeroTargetsGiveARectifiedGaussian) {
  std::vector<float> g(kN, 0.0f), out(kN);
  MakePcm().Program(g, Stream(100), 0, absl::MakeSpan(out), 1);
  const Sample s = Summarize(ToDouble(out));
  const Moments expected = RectifiedNormal(0, 0.26348);
  EXPECT_NEAR(expected.mean, 0.1051, 1e-4);
  EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
  EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
  const double zero_fraction = std::count(out.begin(), out.end(), 0.0f) / double{kN};
  EXPECT_NEAR(zero_fraction, 0.5, kSe * 0.5 / std::sqrt(double{kN}));
  EXPECT_GE(*std::min_element(out.begin(), out.end()), 0.0f);
  // |sigma xi| would have mean 0.2102: hundreds of SE away.
  EXPECT_GT(std::abs(s.mean - 0.26348 * std::sqrt(2 / kPi)), 100 * s.se_mean);
  // g_max 50 doubles sigma_p(0): mean 0.2102.
  MakePcm(50).Program(g, Stream(101), 0, absl::MakeSpan(out), 1);
  const Sample s50 = Summarize(ToDouble(out));
  EXPECT_NEAR(s50.mean, RectifiedNormal(0, 2 * 0.26348).mean, kSe * s50.se_mean);
}

// x = 0.1 at prog_scale 2 (2.8 sigma above 0): the clamp is visible and the
// rectified-normal moments still hold; the fraction at 0 is Phi(-2.79) =
// 0.26 % (SE sqrt(p (1 - p) / n) = 1e-4).
TEST(PcmTest, ClampAtZeroNearZeroTargets) {
  std::vector<float> g(kN, 2.5f), out(kN);
  MakePcm(25, 2).Program(g, Stream(102), 0, absl::MakeSpan(out), 1);
  const double sigma = 2 * SigmaP(0.1, 25);
  const Moments expected = RectifiedNormal(2.5, sigma);
  const Sample s = Summarize(ToDouble(out));
  EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
  EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
  const double p = Phi(-2.5 / sigma);
  const double zero_fraction = std::count(out.begin(), out.end(), 0.0f) / double{kN};
  EXPECT_NEAR(zero_fraction, p, kSe * std::sqrt(p * (1 - p) / kN));
}

// ---- drift exponent (§3) ----------------------------------------------------

TEST(PcmTest, DriftMeanAndStdAreTheClippedFormulas) {
  const PcmModel pcm = MakePcm();
  // x = 1: both clipped below (0.049, 0.008); x = 0.5: both clipped below;
  // x = 0.05: neither clipped; x = 0.01: sigma clipped above; x = 1e-3 and
  // below: both clipped above (0.1, 0.045); x = 0 is clamped to 1e-7 first.
  for (double x : {1.0, 0.5, 0.2, 0.05, 0.01, 1e-3, 1e-7, 1e-9, 0.0}) {
    EXPECT_NEAR(pcm.DriftMean(25 * x), MuNu(x), 1e-6) << "x " << x;
    EXPECT_NEAR(pcm.DriftStd(25 * x), SigmaNu(x), 1e-6) << "x " << x;
  }
  EXPECT_NEAR(MuNu(0.05), -0.0155 * std::log(0.05) + 0.0244, 1e-12);  // unclipped there
  EXPECT_NEAR(SigmaNu(0.05), -0.0125 * std::log(0.05) - 0.0059, 1e-12);
  EXPECT_FLOAT_EQ(pcm.DriftMean(0), 0.1f);
  EXPECT_FLOAT_EQ(pcm.DriftStd(0), 0.045f);
  EXPECT_FLOAT_EQ(pcm.DriftMean(25), 0.049f);
  EXPECT_FLOAT_EQ(pcm.DriftStd(25), 0.008f);
}

// nu = |mu + sigma xi|: a folded normal. At x = 0.5 mu / sigma = 6.1, so
// E nu = mu and sd nu = sigma; at x -> 0 (clamped at 1e-7) mu / sigma = 2.2 and
// the fold matters (E nu = 0.1004, sd 0.0441).
TEST(PcmTest, DriftExponentStatistics) {
  const PcmModel pcm = MakePcm();
  std::vector<float> g(kN), nu(kN);
  uint32_t draw = 200;
  for (double x : {0.5, 0.2, 0.05, 0.01, 1e-9, 0.0}) {
    std::fill(g.begin(), g.end(), static_cast<float>(25 * x));
    pcm.DrawDriftExponents(g, Stream(++draw), 0, absl::MakeSpan(nu), 2);
    const Moments expected = FoldedNormal(MuNu(x), SigmaNu(x));
    const Sample s = Summarize(ToDouble(nu));
    SCOPED_TRACE(testing::Message() << "x " << x);
    EXPECT_NEAR(s.mean, expected.mean, kSe * s.se_mean);
    EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
    EXPECT_GE(*std::min_element(nu.begin(), nu.end()), 0.0f);
    if (x == 0.5) {
      EXPECT_NEAR(expected.mean, 0.049, 1e-9);
      EXPECT_NEAR(expected.sd, 0.008, 1e-9);
    }
    if (x < 1e-7) {
      EXPECT_NEAR(expected.mean, 0.1004, 1e-4);
      EXPECT_NEAR(expected.sd, 0.0441, 1e-4);
    }
  }
}

// drift_scale multiplies nu: with the same stream, exactly (powers of two are
// exact in float), and statistically for 1.5; 0 switches drift off.
TEST(PcmTest, DriftScaleScalesTheExponent) {
  const int n = 50000;
  std::vector<float> g(n), nu1(n), nu(n);
  for (int i = 0; i < n; ++i) g[i] = 25.0f * i / (n - 1);
  MakePcm(25, 1, 1).DrawDriftExponents(g, Stream(300), 7, absl::MakeSpan(nu1), 1);
  for (double scale : {2.0, 0.5, 0.0}) {
    MakePcm(25, 1, scale).DrawDriftExponents(g, Stream(300), 7, absl::MakeSpan(nu), 1);
    for (int i = 0; i < n; ++i) ASSERT_EQ(nu[i], static_cast<float>(scale) * nu1[i]) << i;
  }
  std::vector<float> gx(kN, 0.05f * 25), nux(kN);
  MakePcm(25, 1, 1.5).DrawDriftExponents(gx, Stream(301), 0, absl::MakeSpan(nux), 1);
  const Sample s = Summarize(ToDouble(nux));
  const Moments expected = FoldedNormal(MuNu(0.05), SigmaNu(0.05));
  EXPECT_NEAR(s.mean, 1.5 * expected.mean, kSe * s.se_mean);
  EXPECT_NEAR(s.sd, 1.5 * expected.sd, kSe * s.se_sd);
}

// ---- drift (§3) ---------------------------------------------------------------

// With read_scale 0, Read(t) of g is g ((t + t0) / t0)^-nu per device (checked
// against the exponents drawn with the same stream), and the sample mean of
// g_t / g is E[((t + t0) / t0)^-nu] over nu ~ |N(mu_nu, sigma_nu)|, computed by
// numeric integration.
TEST(PcmTest, MeanDriftFactor) {
  const PcmModel pcm = MakePcm(25, 0, 1, 0);
  std::vector<float> g(kN), nu(kN), out(kN);
  uint32_t draw = 400;
  for (double x : {0.5, 0.05, 0.002}) {
    std::fill(g.begin(), g.end(), static_cast<float>(25 * x));
    pcm.DrawDriftExponents(g, Stream(++draw), 0, absl::MakeSpan(nu), 1);
    // t = 0: no drift at all, bit for bit.
    pcm.Read(g, nu, 0.0, Stream(++draw), 0, absl::MakeSpan(out), 1);
    EXPECT_EQ(out, g) << "x " << x;
    for (double t : {1.0, 3600.0, 86400.0, 2592000.0}) {
      pcm.Read(g, nu, t, Stream(++draw), 0, absl::MakeSpan(out), 2);
      const double ln_ratio = std::log((t + kT0) / kT0);
      std::vector<double> factor(kN);
      int bad = 0;
      for (int64_t i = 0; i < kN; ++i) {
        const double expected = g[i] * std::exp(-double{nu[i]} * ln_ratio);
        bad += std::abs(out[i] - expected) > 2e-6 * expected;
        factor[i] = out[i] / double{g[i]};
      }
      SCOPED_TRACE(testing::Message() << "x " << x << " t " << t);
      EXPECT_EQ(bad, 0);
      const Sample s = Summarize(factor);
      const double expected = ExpectedDriftFactor(MuNu(x), SigmaNu(x), 1, ln_ratio);
      EXPECT_NEAR(s.mean, expected, kSe * s.se_mean);
    }
  }
  // A sanity value for the integrator: at x = 0.5 nu ~ N(0.049, 0.008) (the
  // fold is 6 sigma away), so at 30 days (L = ln 129601) the mean factor is the
  // log-normal mean exp(-0.049 L + (0.008 L)^2 / 2) = 0.56417.
  EXPECT_NEAR(ExpectedDriftFactor(0.049, 0.008, 1, std::log(129601.0)), 0.56417, 1e-5);
}

// ---- read noise (§4) ----------------------------------------------------------

TEST(PcmTest, ReadNoiseTimeFactorMatchesSpec) {
  const PcmModel pcm = MakePcm();
  EXPECT_NEAR(pcm.ReadNoiseTimeFactor(0), 4.184, 5e-4);
  EXPECT_NEAR(pcm.ReadNoiseTimeFactor(1), 4.190, 5e-4);
  EXPECT_NEAR(pcm.ReadNoiseTimeFactor(3600), 4.765, 5e-4);
  EXPECT_NEAR(pcm.ReadNoiseTimeFactor(86400), 5.087, 5e-4);
  EXPECT_NEAR(pcm.ReadNoiseTimeFactor(2592000), 5.411, 5e-4);
}

TEST(PcmTest, ReadNoiseQsIsTheClippedPowerLaw) {
  const PcmModel pcm = MakePcm();
  // 0.0088 at g_max; 0.0088 / 0.1^0.65 = 0.03931 at x = 0.1; capped at 0.2 for
  // x < 0.0082 (and at g = 0); no cap above g_max.
  EXPECT_NEAR(pcm.ReadNoiseQs(25.0f), 0.0088, 1e-7);
  EXPECT_NEAR(pcm.ReadNoiseQs(2.5f), 0.03931, 1e-5);
  EXPECT_FLOAT_EQ(pcm.ReadNoiseQs(0.0f), 0.2f);
  EXPECT_FLOAT_EQ(pcm.ReadNoiseQs(0.1f), 0.2f);
  std::vector<float> g = {0, 0.01f, 0.1f, 0.2f, 0.21f, 1, 2.5f, 7, 12.5f, 25, 30, -2.5f};
  std::vector<float> q(g.size());
  pcm.ReadNoiseQs(g, absl::MakeSpan(q));
  for (size_t i = 0; i < g.size(); ++i) {
    EXPECT_NEAR(pcm.ReadNoiseQs(g[i]), Qs(g[i], 25), 1e-6 * Qs(g[i], 25)) << g[i];
    EXPECT_NEAR(q[i], Qs(g[i], 25), 1e-5 * Qs(g[i], 25)) << g[i];
  }
  // Q_s is a function of x = g / g_max.
  EXPECT_NEAR(MakePcm(50).ReadNoiseQs(5.0f), Qs(2.5, 25), 1e-6);
}

// Each read output is max(0, g_d + |g_d| read_scale Q_s(g) f(t) xi), g_d the
// drifted conductance, xi number (first + i); both overloads agree.
TEST(PcmTest, ReadIsTheFormulaWithTheStreamsNormals) {
  const int n = 20000;
  const uint64_t first = 777;
  const RandomStream noise = Stream(500);
  std::vector<float> g(n), nu(n), xi(n), q(n), out(n), out_q(n);
  for (int i = 0; i < n; ++i) g[i] = 25.0f * i / (n - 1);
  noise.FillNormal(first, absl::MakeSpan(xi));
  for (double read_scale : {1.0, 2.0}) {
    const PcmModel pcm = MakePcm(25, 1, 1, read_scale);
    pcm.DrawDriftExponents(g, Stream(501), 0, absl::MakeSpan(nu), 1);
    pcm.ReadNoiseQs(g, absl::MakeSpan(q));
    for (double t : {0.0, 3600.0, 2592000.0}) {
      pcm.Read(g, nu, t, noise, first, absl::MakeSpan(out), 1);
      pcm.Read(g, nu, q, t, noise, first, absl::MakeSpan(out_q), 1);
      const double drift = t > 0 ? (t + kT0) / kT0 : 1;
      int bad = 0, differ = 0;
      for (int i = 0; i < n; ++i) {
        const double g_d = g[i] * std::pow(drift, -double{nu[i]});
        const double expected =
            std::max(0.0, g_d + g_d * read_scale * Qs(g[i], 25) * TimeFactor(t) * xi[i]);
        bad += std::abs(out[i] - expected) > 1e-5 * (g[i] + 1e-3);
        differ += std::abs(out[i] - out_q[i]) > 1e-6 * (g[i] + 1e-3);
      }
      EXPECT_EQ(bad, 0) << "read_scale " << read_scale << " t " << t;
      EXPECT_EQ(differ, 0) << "read_scale " << read_scale << " t " << t;
    }
  }
}

// §4 with drift off: (g_t - g) / g = max(-1, Q_s(g) f(t) xi), so g_t / g is a
// rectified N(1, sigma_r) with sigma_r = read_scale Q_s(g) f(t) (the clamp is
// below 1e-5 for these g at read_scale 1; at read_scale 2, g = 2.5 uS and 30 d
// it is 2.4 sigma away and visible). Read noise applies at t = 0 too.
TEST(PcmTest, ReadNoiseStdMatchesQsTimesTimeFactor) {
  std::vector<float> g(kN), nu(kN), out(kN);
  uint32_t draw = 600;
  for (double read_scale : {1.0, 2.0}) {
    const PcmModel pcm = MakePcm(25, 1, 0, read_scale);
    for (double g_us : {2.5, 12.5, 25.0}) {
      std::fill(g.begin(), g.end(), static_cast<float>(g_us));
      pcm.DrawDriftExponents(g, Stream(++draw), 0, absl::MakeSpan(nu), 1);
      ASSERT_EQ(*std::max_element(nu.begin(), nu.end()), 0.0f);  // drift_scale 0
      for (double t : {0.0, 1.0, 3600.0, 86400.0, 2592000.0}) {
        if (read_scale == 2 && t != 2592000.0) continue;
        pcm.Read(g, nu, t, Stream(++draw), 0, absl::MakeSpan(out), 2);
        std::vector<double> rel(kN);
        for (int64_t i = 0; i < kN; ++i) rel[i] = (out[i] - g_us) / g_us;
        const double sigma_r = read_scale * Qs(g_us, 25) * TimeFactor(t);
        const Moments expected = RectifiedNormal(1, sigma_r);
        const Sample s = Summarize(rel);
        SCOPED_TRACE(testing::Message() << "read_scale " << read_scale << " g " << g_us << " t "
                                        << t << " sigma_r " << sigma_r);
        EXPECT_NEAR(s.mean, expected.mean - 1, kSe * s.se_mean);
        EXPECT_NEAR(s.sd, expected.sd, kSe * s.se_sd);
        if (read_scale == 1) {
          EXPECT_NEAR(expected.sd, sigma_r, 1e-4 * sigma_r);
        }
      }
    }
  }
}

// Results are indexed by element: thread count and the split of the array
// change no number.
TEST(PcmTest, ThreadCountAndSplitChangeNoNumber) {
  const int n = 3 * 2048 + 123;
  const PcmModel pcm = MakePcm();
  std::vector<float> g(n), a(n), b(n), nu(n);
  for (int i = 0; i < n; ++i) g[i] = 25.0f * (i % 1000) / 999;
  pcm.Program(g, Stream(700), 5, absl::MakeSpan(a), 1);
  pcm.Program(g, Stream(700), 5, absl::MakeSpan(b), 3);
  EXPECT_EQ(a, b);
  const int half = 5000;
  pcm.Program(absl::MakeConstSpan(g).subspan(half), Stream(700), 5 + half,
              absl::MakeSpan(b).subspan(half), 1);
  pcm.Program(absl::MakeConstSpan(g).subspan(0, half), Stream(700), 5,
              absl::MakeSpan(b).subspan(0, half), 1);
  EXPECT_EQ(a, b);
  pcm.DrawDriftExponents(g, Stream(701), 0, absl::MakeSpan(nu), 1);
  pcm.Read(g, nu, 86400, Stream(702), 0, absl::MakeSpan(a), 1);
  pcm.Read(g, nu, 86400, Stream(702), 0, absl::MakeSpan(b), 2);
  EXPECT_EQ(a, b);
}

TEST(PcmTest, CreateValidates) {
  PcmConfig c;
  c.set_g_max_us(-1);
  EXPECT_EQ(PcmModel::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
  PcmConfig four;
  for (double v : {1.0, 2.0, 3.0, 4.0}) four.add_prog_coeffs_us(v);
  const auto s = PcmModel::Create(four).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("pcm.prog_coeffs_us"), absl::string_view::npos) << s;
  // An empty coefficient list means the published ones.
  PcmConfig published;
  for (double v : {0.26348, 1.9650, -1.1731}) published.add_prog_coeffs_us(v);
  EXPECT_FLOAT_EQ(PcmModel::Create(published)->ProgrammingStdUs(10),
                  MakePcm().ProgrammingStdUs(10));
}

}  // namespace
}  // namespace aimc::device_models

// The constant (state-independent) Gaussian noise model: out = max(0, g + std
// xi). Statistical checks: fixed seed, n = 2^18, 5 standard errors (SE(mean) =
// sd / sqrt(n), SE(sd) from the sample's central moments, ~ sd / sqrt(2 n) =
// 0.14 % of sd); a fresh seed fails one check with probability 5.7e-7.
#include "device_models/constant_noise.h"

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

constexpr int64_t kN = int64_t{1} << 18;
constexpr double kSe = 5;

ConstantNoiseModel Make(double prog_std, double read_std) {
  ConstantNoiseConfig c;
  c.set_prog_std_us(prog_std);
  c.set_read_std_us(read_std);
  return ConstantNoiseModel::Create(c).value();
}

RandomStream Stream(uint32_t draw) { return RandomStream(StreamKey{.seed = 9, .draw = draw}); }

TEST(ConstantNoiseTest, PresetValues) {
  const auto config = LoadDeviceModelConfig("constant_noise").value();
  const ConstantNoiseModel m = ConstantNoiseModel::Create(config.constant()).value();
  EXPECT_EQ(m.g_max_us(), 25.0f);
  EXPECT_DOUBLE_EQ(m.config().prog_std_us(), 1.0);
  EXPECT_DOUBLE_EQ(m.config().read_std_us(), 0.25);
}

// g = 12.5 uS is 12.5 sigma above 0 for both stds: no clamp, so the sample
// mean is g and the sample std the configured one, whatever g is (15 uS too).
TEST(ConstantNoiseTest, ProgramAndReadStds) {
  const ConstantNoiseModel m = Make(1.0, 0.25);
  std::vector<float> g(kN), out(kN);
  uint32_t draw = 0;
  for (double g_us : {12.5, 15.0}) {
    std::fill(g.begin(), g.end(), static_cast<float>(g_us));
    m.Program(g, Stream(++draw), 0, absl::MakeSpan(out), 2);
    Sample s = Summarize(out);
    EXPECT_NEAR(s.mean, g_us, kSe * s.se_mean) << g_us;
    EXPECT_NEAR(s.sd, 1.0, kSe * s.se_sd) << g_us;
    m.Read(g, Stream(++draw), 0, absl::MakeSpan(out), 2);
    s = Summarize(out);
    EXPECT_NEAR(s.mean, g_us, kSe * s.se_mean) << g_us;
    EXPECT_NEAR(s.sd, 0.25, kSe * s.se_sd) << g_us;
  }
}

// Clamp at 0: at g = 0 half the devices are exactly 0 (SE 0.5 / sqrt(n)) and
// the mean is std / sqrt(2 pi), the std std sqrt(1/2 - 1/(2 pi)) (rectified
// Gaussian), not the half-normal's.
TEST(ConstantNoiseTest, ClampsAtZero) {
  const ConstantNoiseModel m = Make(1.0, 0.25);
  std::vector<float> g(kN, 0.0f), out(kN);
  for (int which = 0; which < 2; ++which) {
    const double sigma = which == 0 ? 1.0 : 0.25;
    if (which == 0) {
      m.Program(g, Stream(10), 0, absl::MakeSpan(out), 1);
    } else {
      m.Read(g, Stream(11), 0, absl::MakeSpan(out), 1);
    }
    const Sample s = Summarize(out);
    SCOPED_TRACE(which == 0 ? "program" : "read");
    EXPECT_GE(*std::min_element(out.begin(), out.end()), 0.0f);
    EXPECT_NEAR(s.mean, sigma / std::sqrt(2 * kPi), kSe * s.se_mean);
    EXPECT_NEAR(s.sd, sigma * std::sqrt(0.5 - 1 / (2 * kPi)), kSe * s.se_sd);
    const double zero_fraction = std::count(out.begin(), out.end(), 0.0f) / double{kN};
    EXPECT_NEAR(zero_fraction, 0.5, kSe * 0.5 / std::sqrt(double{kN}));
  }
}

// Element by element, xi = number (first + i); zero stds leave g unchanged
// (negative g is clamped to 0).
TEST(ConstantNoiseTest, FormulaAndZeroStd) {
  const int n = 10000;
  std::vector<float> g(n), xi(n), out(n);
  for (int i = 0; i < n; ++i) g[i] = -1.0f + 26.0f * i / (n - 1);
  Stream(20).FillNormal(1000, absl::MakeSpan(xi));
  Make(0.7, 0).Program(g, Stream(20), 1000, absl::MakeSpan(out), 1);
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    bad +=
        std::abs(out[i] - std::max(0.0, g[i] + 0.7 * double{xi[i]})) > 1e-5 * (1 + std::abs(g[i]));
  }
  EXPECT_EQ(bad, 0);
  AddClampedNoise(g, 0.7f, Stream(20), 1000, absl::MakeSpan(xi), 1);
  EXPECT_EQ(xi, out);  // the shared kernel
  Make(0.7, 0).Read(g, Stream(21), 0, absl::MakeSpan(out), 1);
  for (int i = 0; i < n; ++i) ASSERT_EQ(out[i], std::max(0.0f, g[i])) << i;
}

TEST(ConstantNoiseTest, ThreadCountChangesNoNumber) {
  const int n = 4 * 2048 + 5;
  const ConstantNoiseModel m = Make(1.0, 0.25);
  std::vector<float> g(n, 3.0f), a(n), b(n);
  m.Program(g, Stream(30), 0, absl::MakeSpan(a), 1);
  m.Program(g, Stream(30), 0, absl::MakeSpan(b), 3);
  EXPECT_EQ(a, b);
}

TEST(ConstantNoiseTest, CreateValidates) {
  ConstantNoiseConfig c;
  c.set_read_std_us(-0.1);
  const absl::Status s = ConstantNoiseModel::Create(c).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("constant.read_std_us"), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace aimc::device_models

// Tests of the forward IO model against aimc_model.md §6: the DAC/ADC grids
// (steps 2 and 6), clipping, the noise statistics (steps 4 and 6), IR drop
// (step 5), noise management (step 1) and bound management (step 7).
//
// Statistical tests use fixed seeds. A sample std s of n normal draws has
// SE(s) = sigma / sqrt(2 n); a sample mean SE = sigma / sqrt(n). Tolerances
// are 5 SE: the flake rate of each check under the model is < 1e-6.
#include "crossbar/io_model.h"

#include <cmath>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

// An IO config with every non-ideality off: no DAC/ADC, no clipping at the
// output, no noise. Inputs are still clipped at inp_bound (1).
IoConfig PlainConfig() {
  IoConfig c;
  c.set_inp_bits(0);
  c.set_out_bits(0);
  c.set_out_bound(0);
  c.set_out_noise(0);
  c.set_w_noise(0);
  c.set_ir_drop(0);
  return c;
}

// Runs IoModel::Forward with unit row scales and no static input range.
Eigen::MatrixXf RunForward(const IoConfig& config, const Eigen::MatrixXf& w,
                           const Eigen::MatrixXf& x, uint64_t seed = 1, int num_threads = 1,
                           IoStats* stats = nullptr) {
  absl::StatusOr<IoModel> io = IoModel::Create(config);
  EXPECT_TRUE(io.ok()) << io.status();
  IoWorkspace ws;
  Eigen::MatrixXf y;
  const Eigen::MatrixXf abs_w = w.cwiseAbs();
  io->Forward(w, abs_w, x, 0.0f, Eigen::VectorXf::Ones(w.rows()),
              RandomStream(StreamKey{.seed = seed, .entity = 7}), num_threads, &ws, &y, stats);
  return y;
}

Eigen::MatrixXf Uniform(int rows, int cols, uint64_t seed, float lo, float hi) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = seed, .entity = 99})
      .FillUniform(0, absl::MakeSpan(m.data(), m.size()));
  return (m.array() * (hi - lo) + lo).matrix();
}

Eigen::MatrixXf Normal(int rows, int cols, uint64_t seed) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = seed, .entity = 98})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

// ---- grids ----------------------------------------------------------------

TEST(IoModelTest, EightBitStepsAreTheSpecGrid) {
  IoConfig c;  // defaults: 8-bit DAC with bound 1, 8-bit ADC with bound 10
  const IoModel io = *IoModel::Create(c);
  // §6.2: D_in = 2 * 1 / (2^8 - 2) = 1/127; §6.6: D_out = 2 * 10 / 254.
  EXPECT_EQ(io.inp_step(), 1.0f / 127.0f);
  EXPECT_EQ(io.out_step(), static_cast<float>(20.0 / 254.0));
  c.set_inp_bits(0);
  c.set_out_bits(0);
  const IoModel off = *IoModel::Create(c);
  EXPECT_EQ(off.inp_step(), 0.0f);
  EXPECT_EQ(off.out_step(), 0.0f);
}

// §6.2: q(v) = D round_half_even(v / D). With W = I and nothing after the DAC
// (out_bits 0, out_bound 0), the output is the quantised input. The half
// steps are constructed on a grid that is a power of two (inp_bits 8 with
// inp_bound 127/128 gives D = 2^-7), where k.5 * D is exact in float and
// v / D = k.5 exactly in any arithmetic; points just off the half step round
// to the nearer level.
TEST(IoModelTest, DacQuantisesHalfStepsToEven) {
  IoConfig c = PlainConfig();
  c.set_inp_bits(8);
  c.set_inp_bound(127.0 / 128.0);
  const IoModel io = *IoModel::Create(c);
  const float d = 1.0f / 128.0f;
  ASSERT_EQ(io.inp_step(), d);
  const float in_steps[] = {0.5f,  1.5f,  2.5f,  3.5f,  5.5f,    7.5f,    10.5f,   11.5f,
                            -0.5f, -1.5f, -2.5f, -3.5f, 0.5001f, 2.4999f, -4.501f, 126.5f};
  const float out_steps[] = {0, 2, 2, 4, 6, 8, 10, 12, 0, -2, -2, -4, 1, 2, -5, 126};
  const int n = 16;
  // Every value at every position of the input vector (the DAC loop is
  // vectorised: positions take different code paths).
  for (int shift = 0; shift < n; ++shift) {
    Eigen::MatrixXf x(n, 1);
    for (int k = 0; k < n; ++k) x((k + shift) % n, 0) = in_steps[k] * d;
    const Eigen::MatrixXf y = RunForward(c, Eigen::MatrixXf::Identity(n, n), x);
    for (int k = 0; k < n; ++k) {
      EXPECT_EQ(y((k + shift) % n, 0), out_steps[k] * d)
          << in_steps[k] << " D at position " << (k + shift) % n;
    }
  }
}

// The brief's case on the standard 8-bit grid D = 1/127: x = 0.5 D, 1.5 D,
// 2.5 D, 3.5 D (computed in float, so that x * (1 / D) == k.5 exactly in
// float) should give 0, 2 D, 2 D, 4 D at every position of the vector.
//
// Regression: with FMA contraction (g++'s default -ffp-contract=fast) the
// AVX-512 clone rounded the exact product instead of the float product, so the
// result depended on the position in the vector; copts now say
// -ffp-contract=off.
TEST(IoModelTest, DacHalfStepsOnTheEightBitGridAreConsistent) {
  IoConfig c = PlainConfig();
  c.set_inp_bits(8);
  const float d = 1.0f / 127.0f;
  const float halves[] = {0.5f, 1.5f, 2.5f, 3.5f};
  const float expected_steps[] = {0, 2, 2, 4};
  for (int k = 0; k < 4; ++k) {
    volatile float inv = 1.0f / d;
    ASSERT_EQ(halves[k] * d * inv, halves[k]);
    for (int n : {1, 8, 12, 40}) {
      for (float sign : {1.0f, -1.0f}) {
        const Eigen::MatrixXf x = Eigen::MatrixXf::Constant(n, 1, sign * halves[k] * d);
        const Eigen::MatrixXf y = RunForward(c, Eigen::MatrixXf::Identity(n, n), x);
        for (int i = 0; i < n; ++i) {
          EXPECT_EQ(y(i, 0), sign * expected_steps[k] * d)
              << sign * halves[k] << " D, position " << i << " of " << n;
        }
      }
    }
  }
}

// §6.2: clip to +-inp_bound after quantising: inputs beyond the bound give
// exactly the bound (not bound + D).
TEST(IoModelTest, DacClipsAtTheInputBound) {
  IoConfig c = PlainConfig();
  c.set_inp_bits(8);
  c.set_inp_bound(1.0);
  Eigen::MatrixXf x(4, 1);
  x << 1.7f, -5.0f, 1.0f + 0.6f / 127, -1.0f - 0.4f / 127;
  const Eigen::MatrixXf y = RunForward(c, Eigen::MatrixXf::Identity(4, 4), x);
  EXPECT_EQ(y(0, 0), 1.0f);
  EXPECT_EQ(y(1, 0), -1.0f);
  EXPECT_EQ(y(2, 0), 1.0f);
  EXPECT_EQ(y(3, 0), -1.0f);
  // Without a DAC the bound still clips.
  c.set_inp_bits(0);
  c.set_inp_bound(0.5);
  const Eigen::MatrixXf y0 = RunForward(c, Eigen::MatrixXf::Identity(4, 4), x);
  EXPECT_EQ(y0(0, 0), 0.5f);
  EXPECT_EQ(y0(1, 0), -0.5f);
}

// §6.6: ADC step 2 out_bound / (2^bits - 2), output clipped at +-out_bound.
TEST(IoModelTest, AdcGridAndOutputClipping) {
  IoConfig c = PlainConfig();
  c.set_inp_bound(100);  // inputs pass through unclipped
  c.set_out_bits(6);
  c.set_out_bound(4.0);
  const IoModel io = *IoModel::Create(c);
  const double d_out = 2 * 4.0 / (64 - 2);
  EXPECT_FLOAT_EQ(io.out_step(), static_cast<float>(d_out));
  const Eigen::MatrixXf x = Uniform(200, 1, 3, -5.0f, 5.0f);
  const Eigen::MatrixXf y = RunForward(c, Eigen::MatrixXf::Identity(200, 200), x);
  for (int k = 0; k < 200; ++k) {
    const double v = x(k, 0);
    if (std::abs(v) >= 4.0 + d_out / 2) {
      EXPECT_EQ(y(k, 0), v > 0 ? 4.0f : -4.0f) << v;
      continue;
    }
    // On the grid, and within half a step of the input.
    const double steps = y(k, 0) / d_out;
    EXPECT_NEAR(steps, std::nearbyint(steps), 1e-4) << v;
    EXPECT_LE(std::abs(y(k, 0) - v), d_out / 2 + 1e-6) << v;
    EXPECT_LE(std::abs(y(k, 0)), 4.0f);
  }
  // out_bits 0 with a bound: clipping only.
  c.set_out_bits(0);
  c.set_out_bound(2.0);
  const Eigen::MatrixXf yc = RunForward(c, Eigen::MatrixXf::Identity(200, 200), x);
  EXPECT_EQ(yc, x.cwiseMax(-2.0f).cwiseMin(2.0f));
}

// ---- noise ------------------------------------------------------------------

// §6.6: y = W x + out_noise xi. n = 64 x 2000 = 128,000 samples;
// SE(std) = 0.05 / sqrt(2 n) = 1.0e-4; SE(mean) = 0.05 / sqrt(n) = 1.4e-4.
TEST(IoModelTest, OutputNoiseHasTheConfiguredStd) {
  IoConfig c = PlainConfig();
  c.set_out_noise(0.05);
  const Eigen::MatrixXf w = Uniform(64, 32, 4, -1, 1);
  const Eigen::MatrixXf x = Uniform(32, 2000, 5, -1, 1);
  const Eigen::MatrixXd e = (RunForward(c, w, x) - w * x).cast<double>();
  const double n = static_cast<double>(e.size());
  const double mean = e.mean();
  const double sd = std::sqrt((e.array() - mean).square().sum() / (n - 1));
  EXPECT_NEAR(mean, 0.0, 5 * 0.05 / std::sqrt(n));
  EXPECT_NEAR(sd, 0.05, 5 * 0.05 / std::sqrt(2 * n));
}

// §6.4 PCM_READ: (y - W x)_i has std w_noise sqrt(sum_j |w_ij| x_j^2). A fixed
// x repeated over 25,000 columns gives 25,000 samples per row:
// SE(std_i) / std_i = 1 / sqrt(2 * 25000) = 0.45 %; tolerance 5 SE per row.
// Pooled over the 8 rows, the standardised residual has std 1 with
// SE 1 / sqrt(2 * 200000) = 0.16 %.
TEST(IoModelTest, PcmReadNoiseStdPerRow) {
  IoConfig c = PlainConfig();
  c.set_w_noise_type(IoConfig::PCM_READ);
  c.set_w_noise(0.0175);
  const int out = 8, in = 16, batch = 25000;
  Eigen::MatrixXf w = Uniform(out, in, 6, -1, 1);
  w.row(0) *= 0.1f;  // rows with different sum |w| x^2
  w.row(1).setZero();
  w(1, 3) = 1.0f;
  const Eigen::VectorXf x1 = Uniform(in, 1, 7, -1, 1);
  const Eigen::MatrixXf x = x1.replicate(1, batch);
  const Eigen::MatrixXd e = (RunForward(c, w, x) - w * x).cast<double>();
  double pooled = 0;
  for (int i = 0; i < out; ++i) {
    double s = 0;
    for (int j = 0; j < in; ++j) s += std::abs(w(i, j)) * x1[j] * x1[j];
    const double expected = 0.0175 * std::sqrt(s);
    const double mean = e.row(i).mean();
    const double sd = std::sqrt((e.row(i).array() - mean).square().sum() / (batch - 1));
    EXPECT_NEAR(sd, expected, 5 * expected / std::sqrt(2.0 * batch)) << "row " << i;
    EXPECT_NEAR(mean, 0.0, 5 * expected / std::sqrt(batch)) << "row " << i;
    pooled += (e.row(i).array() / expected).square().sum();
  }
  EXPECT_NEAR(std::sqrt(pooled / (out * batch)), 1.0, 5 / std::sqrt(2.0 * out * batch));
  // Row 1 reads one weight: its std is w_noise |x_3|.
  EXPECT_NEAR(0.0175 * std::abs(x1[3]),
              std::sqrt((e.row(1).array() - e.row(1).mean()).square().sum() / (batch - 1)),
              5 * 0.0175 * std::abs(x1[3]) / std::sqrt(2.0 * batch));
}

// §6.4 ADDITIVE_CONSTANT: std w_noise ||x||_2 for every row, independent of
// W. 32 rows x 10,000 columns of one x = 320,000 samples: SE(std) / std =
// 0.125 %; tolerance 5 SE.
TEST(IoModelTest, AdditiveConstantNoiseStd) {
  IoConfig c = PlainConfig();
  c.set_w_noise_type(IoConfig::ADDITIVE_CONSTANT);
  c.set_w_noise(0.02);
  const int out = 32, in = 24, batch = 10000;
  const Eigen::MatrixXf w = Uniform(out, in, 8, -1, 1);
  const Eigen::VectorXf x1 = Uniform(in, 1, 9, -1, 1);
  const Eigen::MatrixXd e =
      (RunForward(c, w, x1.replicate(1, batch)) - w * x1.replicate(1, batch)).cast<double>();
  const double n = static_cast<double>(e.size());
  const double expected = 0.02 * x1.cast<double>().norm();
  const double sd = std::sqrt((e.array() - e.mean()).square().sum() / (n - 1));
  EXPECT_NEAR(sd, expected, 5 * expected / std::sqrt(2 * n));
  // Scaling W changes nothing in the noise (same numbers, same x).
  const Eigen::MatrixXf e2 =
      RunForward(c, 0.5f * w, x1.replicate(1, batch)) - 0.5f * w * x1.replicate(1, batch);
  EXPECT_NEAR((e2.cast<double>() - e).cwiseAbs().maxCoeff(), 0.0, 1e-5);
}

// The noise is fresh per output and per column: two rows (and two columns)
// are uncorrelated. |corr| of n independent pairs has SE 1 / sqrt(n).
TEST(IoModelTest, OutputNoiseIsIndependentAcrossRowsAndColumns) {
  IoConfig c = PlainConfig();
  c.set_out_noise(0.1);
  const int batch = 40000;
  const Eigen::MatrixXf w = Eigen::MatrixXf::Zero(2, 4);
  const Eigen::MatrixXf e = RunForward(c, w, Eigen::MatrixXf::Zero(4, batch));
  const double corr_rows = e.row(0).cast<double>().dot(e.row(1).cast<double>()) /
                           (e.row(0).cast<double>().norm() * e.row(1).cast<double>().norm());
  EXPECT_NEAR(corr_rows, 0.0, 5 / std::sqrt(static_cast<double>(batch)));
  const Eigen::RowVectorXd a = e.row(0).head(batch - 1).cast<double>();
  const Eigen::RowVectorXd b = e.row(0).tail(batch - 1).cast<double>();
  EXPECT_NEAR(a.dot(b) / (a.norm() * b.norm()), 0.0, 5 / std::sqrt(static_cast<double>(batch)));
}

// ---- IR drop ------------------------------------------------------------------

// §6.5 by hand for n = 3 inputs, 2 outputs:
//   ramp_j = 1 - (1 - j/3)^2 = (0, 5/9, 8/9),
//   a_i = (3 / G) sum_j |w_ij||x_j|, c_i = a_i (0.05 a_i^2 - 0.2 a_i + 0.5),
//   y_i = sum_j w_ij x_j - ir_drop c_i sum_j w_ij x_j ramp_j.
// G = 6 makes a_i = 0.5 sum_j |w_ij||x_j|, so the drop is tens of percent.
TEST(IoModelTest, IrDropMatchesAHandComputedCase) {
  IoConfig c = PlainConfig();
  c.set_ir_drop(1.0);
  c.set_ir_drop_g_ratio(6.0);
  Eigen::MatrixXf w(2, 3);
  w << 0.5f, -1.0f, 0.25f,  //
      1.0f, 0.5f, -0.75f;
  Eigen::MatrixXf x(3, 1);
  x << 0.8f, -0.6f, 0.4f;
  // Row 0: sum |w||x| = 0.4 + 0.6 + 0.1 = 1.1, a = 0.55,
  //   c = 0.55 (0.05 * 0.3025 - 0.11 + 0.5) = 0.222819,
  //   sum w x ramp = -1 * -0.6 * 5/9 + 0.25 * 0.4 * 8/9 = 0.42222,
  //   y = 1.1 - 0.222819 * 0.422222 = 1.005921.
  // Row 1: sum |w||x| = 0.8 + 0.3 + 0.3 = 1.4, a = 0.7,
  //   c = 0.7 (0.05 * 0.49 - 0.14 + 0.5) = 0.26915,
  //   sum w x ramp = 0.5 * -0.6 * 5/9 - 0.75 * 0.4 * 8/9 = -0.43333,
  //   y = 0.2 - 0.26915 * -0.43333 = 0.316632.
  const double ramp[3] = {0.0, 5.0 / 9, 8.0 / 9};
  double expected[2];
  for (int i = 0; i < 2; ++i) {
    double abs_sum = 0, sum = 0, ramp_sum = 0;
    for (int j = 0; j < 3; ++j) {
      abs_sum += std::abs(w(i, j)) * std::abs(x(j, 0));
      sum += w(i, j) * x(j, 0);
      ramp_sum += w(i, j) * x(j, 0) * ramp[j];
    }
    const double a = 3.0 / 6.0 * abs_sum;
    const double cc = a * (0.05 * a * a - 0.2 * a + 0.5);
    expected[i] = sum - cc * ramp_sum;
  }
  EXPECT_NEAR(expected[0], 1.005921, 1e-6);  // the comment's numbers
  EXPECT_NEAR(expected[1], 0.316632, 1e-6);
  const Eigen::MatrixXf y = RunForward(c, w, x);
  EXPECT_NEAR(y(0, 0), expected[0], 1e-5);
  EXPECT_NEAR(y(1, 0), expected[1], 1e-5);
  // The correction is linear in ir_drop.
  c.set_ir_drop(2.0);
  const Eigen::MatrixXf y2 = RunForward(c, w, x);
  const Eigen::VectorXf exact = w * x;
  EXPECT_NEAR(y2(0, 0) - exact[0], 2 * (y(0, 0) - exact[0]), 1e-5);
  EXPECT_NEAR(y2(1, 0) - exact[1], 2 * (y(1, 0) - exact[1]), 1e-5);
}

// With the preset's G_ratio the effect is tiny but present, and it grows
// with the number of inputs (a_i scales with n).
TEST(IoModelTest, IrDropAtTheStandardRatioIsSmall) {
  IoConfig c = PlainConfig();
  c.set_ir_drop(1.0);
  const Eigen::MatrixXf w = Eigen::MatrixXf::Constant(4, 512, 1.0f);
  const Eigen::MatrixXf x = Eigen::MatrixXf::Constant(512, 1, 1.0f);
  const Eigen::MatrixXf y = RunForward(c, w, x);
  // a = 512 * 512 / 571428.57 = 0.458752, c = a (0.05 a^2 - 0.2 a + 0.5)
  // = 0.192113, ramp sum = sum_j (1 - (1 - j/512)^2) = 512 - sum_k (k/512)^2
  // over k = 1..512 = 512 - 513 * 1025 / 3072 = 340.833;
  // y = 512 - 0.192113 * 340.833 = 446.52.
  double ramp_sum = 0;
  for (int j = 0; j < 512; ++j) ramp_sum += 1 - (1 - j / 512.0) * (1 - j / 512.0);
  const double a = 512.0 * 512.0 / 571428.57;
  const double expected = 512 - a * (0.05 * a * a - 0.2 * a + 0.5) * ramp_sum;
  EXPECT_NEAR(expected, 446.52, 0.01);
  EXPECT_NEAR(y(0, 0), expected, 1e-4 * expected);
}

// ---- noise management -----------------------------------------------------------

// §6.1 ABS_MAX: x / max|x| goes through the DAC, the output is multiplied by
// max|x|: scaling x by a power of two scales y by exactly that (bit for bit,
// with DAC, ADC and output noise on). Other factors change x / max|x| by an
// ulp, which can move a value across a rounding boundary: allow a few ADC
// steps (D_out = 0.079 against |y| ~ 70) in the norm.
TEST(IoModelTest, AbsMaxNoiseManagementIsScaleInvariant) {
  IoConfig c;
  c.set_inp_bits(8);
  c.set_out_bits(8);
  c.set_out_bound(10);
  c.set_out_noise(0.04);
  c.set_noise_management(IoConfig::ABS_MAX);
  const Eigen::MatrixXf w = Uniform(32, 64, 10, -1, 1);
  const Eigen::MatrixXf x = Normal(64, 50, 11);
  const Eigen::MatrixXf y = RunForward(c, w, x);
  for (float k : {4.0f, 0.125f, 1024.0f}) {
    EXPECT_EQ(RunForward(c, w, k * x), k * y) << "k = " << k;
  }
  for (float k : {0.001f, 3.7f, 250.0f}) {
    const Eigen::MatrixXf yk = RunForward(c, w, k * x) / k;
    EXPECT_LT((yk - y).norm(), 3e-3 * y.norm()) << "k = " << k;
  }
  // Without noise management a small input falls below the DAC's resolution:
  // |x| < D/2 everywhere quantises to 0.
  c.set_noise_management(IoConfig::NM_NONE);
  c.set_out_noise(0);
  const Eigen::MatrixXf small = RunForward(c, w, 0.001f * x.cwiseMax(-3.0f).cwiseMin(3.0f));
  EXPECT_EQ(small.cwiseAbs().maxCoeff(), 0.0f);
}

TEST(IoModelTest, AbsMaxLeavesAnAllZeroInputAtZero) {
  IoConfig c;
  c.set_noise_management(IoConfig::ABS_MAX);
  const Eigen::MatrixXf y = RunForward(c, Uniform(8, 8, 12, -1, 1), Eigen::MatrixXf::Zero(8, 3));
  EXPECT_TRUE(y.allFinite());
  EXPECT_EQ(y.cwiseAbs().maxCoeff(), 0.0f);
}

// ---- bound management -----------------------------------------------------------

IoConfig BmConfig(IoConfig::BoundManagement bm) {
  IoConfig c;
  c.set_inp_bits(8);
  c.set_out_bits(8);
  c.set_out_bound(10);
  c.set_out_noise(0);
  c.set_bound_management(bm);
  return c;
}

// §6.7: positive weights and inputs give W x ~ 32 > out_bound 10: without BM
// the outputs clip; ITERATIVE halves the input until nothing hits the bound
// (factor 4 or 8 here), so the output approximates W x up to DAC/ADC
// rounding scaled by the factor.
TEST(IoModelTest, IterativeBoundManagementRemovesClipping) {
  const Eigen::MatrixXf w = Uniform(16, 128, 13, 0, 1);
  const Eigen::MatrixXf x = Uniform(128, 20, 14, 0, 1);
  const Eigen::MatrixXf exact = w * x;
  ASSERT_GT(exact.minCoeff(), 20.0f);  // every output clips without BM

  IoStats none_stats, bm_stats;
  const Eigen::MatrixXf y_none = RunForward(BmConfig(IoConfig::BM_NONE), w, x, 1, 1, &none_stats);
  EXPECT_EQ(none_stats.clipped, exact.size());
  EXPECT_EQ(none_stats.bm_passes, 1);
  EXPECT_EQ(y_none.maxCoeff(), 10.0f);

  const Eigen::MatrixXf y_bm = RunForward(BmConfig(IoConfig::ITERATIVE), w, x, 1, 1, &bm_stats);
  EXPECT_EQ(bm_stats.clipped, 0);
  EXPECT_GE(bm_stats.bm_passes, 3);  // factor >= 4 for outputs > 20
  EXPECT_GT(bm_stats.bm_redone, 0);
  // Typical error: input rounding (uniform, std D / sqrt(12) = 0.0023 per
  // element) through 128 weights of mean square 1/3 (sqrt(128 / 3) = 6.5),
  // plus ADC rounding (std D_out / sqrt(12) = 0.023), times the factor (<= 8):
  // ~8 * 0.027 = 0.2, i.e. < 1 % of |W x| ~ 32; 2 % is far outside that.
  EXPECT_LT((y_bm - exact).norm(), 0.02 * exact.norm());
  EXPECT_GT((y_none - exact).norm(), 0.5 * exact.norm());
}

// Per vector: a column that never hits the bound is bit-identical with and
// without ITERATIVE; ITERATIVE_BATCH redoes it with the others (coarser
// input grid, other noise numbers), so it changes.
TEST(IoModelTest, IterativeBoundManagementIsPerVector) {
  const Eigen::MatrixXf w = Uniform(16, 128, 15, 0, 1);
  Eigen::MatrixXf x = Uniform(128, 4, 16, 0, 1);
  x.col(1) *= 0.05f;  // W x ~ 1.6: far from the bound
  x.col(3) *= 0.1f;
  for (bool noisy : {false, true}) {
    SCOPED_TRACE(noisy ? "with output noise" : "no output noise");
    IoConfig none = BmConfig(IoConfig::BM_NONE), iter = BmConfig(IoConfig::ITERATIVE),
             batch = BmConfig(IoConfig::ITERATIVE_BATCH);
    for (IoConfig* c : {&none, &iter, &batch}) c->set_out_noise(noisy ? 0.04 : 0.0);
    IoStats si, sb;
    const Eigen::MatrixXf y_none = RunForward(none, w, x);
    const Eigen::MatrixXf y_iter = RunForward(iter, w, x, 1, 1, &si);
    const Eigen::MatrixXf y_batch = RunForward(batch, w, x, 1, 1, &sb);
    EXPECT_EQ(si.clipped, 0);
    EXPECT_EQ(sb.clipped, 0);
    for (int j : {1, 3}) {
      EXPECT_EQ(y_iter.col(j), y_none.col(j)) << "column " << j;
      EXPECT_NE(y_batch.col(j), y_none.col(j)) << "column " << j;
    }
    EXPECT_NE(y_iter.col(0), y_none.col(0));
    // ITERATIVE redoes only the two large columns (each pass, those still at
    // the bound); the batch variant all four in every pass.
    EXPECT_LE(si.bm_redone, 2 * (si.bm_passes - 1));
    EXPECT_GE(si.bm_redone, si.bm_passes - 1);
    EXPECT_EQ(sb.bm_redone, 4 * (sb.bm_passes - 1));
  }
}

// Negative outputs at the bound count too (§6.7 "negative outputs included").
TEST(IoModelTest, BoundManagementReactsToNegativeOutputs) {
  const Eigen::MatrixXf w = -Uniform(4, 64, 17, 0, 1);
  const Eigen::MatrixXf x = Uniform(64, 3, 18, 0, 1);
  ASSERT_LT((w * x).maxCoeff(), -10.0f);
  IoStats stats;
  const Eigen::MatrixXf y = RunForward(BmConfig(IoConfig::ITERATIVE), w, x, 1, 1, &stats);
  EXPECT_EQ(stats.clipped, 0);
  EXPECT_GT(stats.bm_passes, 1);
  EXPECT_LT(y.maxCoeff(), -10.0f);
}

// §6.7: the reduction stops once it exceeds max_bm_res / D_in = 0.25 * 127 =
// 31.75: factors 1, 2, 4, 8, 16, 32, i.e. at most 6 passes for an 8-bit DAC.
// An output that still clips at factor 32 (512 ones: 512 / 32 = 16 > 10)
// stays clipped.
TEST(IoModelTest, BoundManagementStopsAfterSixPassesForAnEightBitDac) {
  const Eigen::MatrixXf w = Eigen::MatrixXf::Ones(2, 512);
  const Eigen::MatrixXf x = Eigen::MatrixXf::Ones(512, 1);
  IoStats stats;
  const Eigen::MatrixXf y = RunForward(BmConfig(IoConfig::ITERATIVE), w, x, 1, 1, &stats);
  EXPECT_EQ(stats.bm_passes, 6);
  EXPECT_EQ(stats.bm_redone, 5);
  EXPECT_EQ(stats.clipped, 2);
  EXPECT_EQ(y(0, 0), 10.0f * 32);  // the bound times the last factor

  // max_bm_factor 4 stops at factor 4 (3 passes).
  IoConfig c = BmConfig(IoConfig::ITERATIVE);
  c.set_max_bm_factor(4);
  RunForward(c, w, x, 1, 1, &stats);
  EXPECT_EQ(stats.bm_passes, 3);
  // A 6-bit DAC (D = 1/31): limit 0.25 * 31 = 7.75, factors 1, 2, 4, 8.
  c = BmConfig(IoConfig::ITERATIVE);
  c.set_inp_bits(6);
  RunForward(c, w, x, 1, 1, &stats);
  EXPECT_EQ(stats.bm_passes, 4);
}

// ---- determinism ----------------------------------------------------------------

// Every non-ideality on, a batch of three blocks (256 columns each) and bound
// management redoing some columns: the thread count changes no number, and
// the seed does.
// 600 columns: blocks split over threads; 1,500 (6 blocks of 256): whole
// blocks per thread, each with its own workspace.
TEST(IoModelTest, SameSeedSameOutputWithOneAndTwoThreads) {
  IoConfig c;
  c.set_out_noise(0.04);
  c.set_w_noise_type(IoConfig::PCM_READ);
  c.set_w_noise(0.0175);
  c.set_ir_drop(1.0);
  c.set_noise_management(IoConfig::ABS_MAX);
  c.set_bound_management(IoConfig::ITERATIVE);
  const Eigen::MatrixXf w = Uniform(64, 200, 19, -1, 1);
  for (int batch : {600, 1500}) {
    SCOPED_TRACE(batch);
    Eigen::MatrixXf x = Normal(200, batch, 20);
    x.leftCols(100) = x.leftCols(100).cwiseAbs();  // some positive vectors ...
    Eigen::MatrixXf wp = w;
    wp.topRows(8) = wp.topRows(8).cwiseAbs();  // ... on positive rows: they clip
    IoStats s1, s2, s3;
    const Eigen::MatrixXf y1 = RunForward(c, wp, x, 5, 1, &s1);
    const Eigen::MatrixXf y2 = RunForward(c, wp, x, 5, 2, &s2);
    const Eigen::MatrixXf y3 = RunForward(c, wp, x, 5, 3, &s3);
    ASSERT_GT(s1.bm_redone, 0);
    EXPECT_EQ(y1, y2);
    EXPECT_EQ(y1, y3);
    EXPECT_EQ(s1.bm_passes, s2.bm_passes);
    EXPECT_EQ(s1.bm_redone, s2.bm_redone);
    EXPECT_EQ(s1.bm_redone, s3.bm_redone);
    EXPECT_EQ(s1.clipped, s2.clipped);
    EXPECT_EQ(RunForward(c, wp, x, 5, 1), y1);  // repeatable
    EXPECT_NE(RunForward(c, wp, x, 6, 1), y1);  // another seed, other noise
  }
}

// Random numbers are indexed by column: identical input vectors in one batch
// get independent noise.
TEST(IoModelTest, IdenticalColumnsGetIndependentNoise) {
  IoConfig c;
  c.set_out_noise(0.04);
  c.set_w_noise_type(IoConfig::ADDITIVE_CONSTANT);
  c.set_w_noise(0.02);
  const Eigen::MatrixXf w = Uniform(16, 32, 21, -1, 1);
  const Eigen::MatrixXf x = Uniform(32, 1, 22, -1, 1);
  const Eigen::MatrixXf same = RunForward(c, w, x.col(0).replicate(1, 2));
  EXPECT_NE(same.col(0), same.col(1));
}

// Bit-serial input (dac_bits < inp_bits): without ADC and noise the slices add
// up to exactly the inp_bits DAC code, so the output equals the one-shot
// quantised product; with an ADC each slice is quantised on its own.
TEST(IoModelTest, BitSerialSlicesAddUpToTheFullDacCode) {
  const Eigen::MatrixXf w = Uniform(32, 64, 1, -1, 1);
  const Eigen::MatrixXf x = Uniform(64, 40, 2, -1, 1);
  IoConfig plain = PlainConfig();
  plain.set_inp_bits(8);
  const Eigen::MatrixXf y_full = RunForward(plain, w, x);
  for (int dac : {1, 2, 3, 4, 7}) {
    IoConfig sliced = plain;
    sliced.set_dac_bits(dac);
    const Eigen::MatrixXf y_sliced = RunForward(sliced, w, x);
    EXPECT_LT((y_sliced - y_full).norm() / y_full.norm(), 1e-6) << "dac_bits " << dac;
  }
}

TEST(IoModelTest, BitSerialErrorShrinksWithAdcBitsToTheDacError) {
  const Eigen::MatrixXf w = Uniform(64, 128, 3, -1, 1);
  const Eigen::MatrixXf x = Uniform(128, 64, 4, -1, 1);
  IoConfig c = PlainConfig();
  c.set_inp_bits(8);
  c.set_dac_bits(2);
  const Eigen::MatrixXf no_adc = RunForward(c, w, x);  // the 8-bit input product
  c.set_out_bound(40);  // wide enough that no slice clips
  double previous = 1e9;
  for (int adc : {4, 6, 8, 10, 16}) {
    c.set_out_bits(adc);
    const Eigen::MatrixXf y = RunForward(c, w, x);
    const double err = (y - no_adc).norm() / no_adc.norm();
    EXPECT_LT(err, previous) << "out_bits " << adc;
    previous = err;
  }
  EXPECT_LT(previous, 1e-3);  // 16-bit ADC: only the DAC's rounding is left
}

}  // namespace
}  // namespace aimc::crossbar

// Tests of the §5.2 quantiser and the §6.3 bit-sliced PIM forward: against a
// scalar-loop reference of the same equations, against QAT's fake-quant
// output with an ideal ADC, ADC-resolution ordering, and the row-split rule.
#include "networks/crossnas/quant/pim_forward.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace aimc::networks::crossnas {
namespace {

// sign(v)·(⌊|v|/2^(s·bits)⌋ mod 2^bits), v an integer.
int64_t Slice(int64_t v, int s, int bits) {
  const int64_t m = ((v < 0 ? -v : v) >> (s * bits)) & ((int64_t{1} << bits) - 1);
  return v < 0 ? -m : m;
}

// §6.3 steps 1-5 written out per output element, in int64 / double, with the
// float32 roundings the implementation documents (x·θ/α and p·scale).
torch::Tensor ReferencePimConv(const torch::Tensor& x, const torch::Tensor& w, int stride, int pad,
                               const PimParams& p) {
  const int64_t n = x.size(0), c_in = x.size(1), h = x.size(2), wd = x.size(3);
  const int64_t c_out = w.size(0), k = w.size(2);
  const int64_t h_out = (h + 2 * pad - k) / stride + 1, w_out = (wd + 2 * pad - k) / stride + 1;
  const double theta_w = (1 << (p.weight_bits - 1)) - 1;
  const double theta_a = (1 << (p.input_bits - 1)) - 1;
  const double theta_o = (1 << (p.output_bits - 1)) - 1;
  const auto xa = x.accessor<float, 4>();
  const auto wa = w.accessor<float, 4>();
  double w_max = 0;
  for (int64_t i = 0; i < w.numel(); ++i)
    w_max = std::max<double>(w_max, std::abs(w.data_ptr<float>()[i]));
  const float ws = static_cast<float>(theta_w / w_max),
              xs = static_cast<float>(theta_a / p.input_alpha);
  const auto to_int = [](float v, float s, double theta) {
    return static_cast<int64_t>(std::clamp<double>(std::nearbyint(v * s), -theta, theta));
  };
  const int64_t c_x = p.crossbar_size / (k * k);
  const int64_t splits = (c_in + c_x - 1) / c_x;
  const int64_t rows = std::min(c_in, c_x) * k * k;
  const int extra = std::max(0, static_cast<int>(std::ceil(std::log2(rows / 128.0) - 1e-12)));
  const int q = p.adc_bits + extra;
  const int psi =
      static_cast<int>(std::floor(-2 + 0.5 * std::log2(static_cast<double>(splits)) + 1e-12));
  const int n_in = (p.input_bits - 1 + p.dac_bits - 1) / p.dac_bits;
  const int n_w = p.weight_bits - 1;
  const double delta_w = w_max / theta_w, delta_a = p.input_alpha / theta_a;
  const float scale =
      static_cast<float>(delta_w * delta_a / p.output_alpha *
                         std::ldexp(1.0, (n_in - 1) * p.dac_bits + n_w - 1 + psi + q - 1));
  const double adc_max = std::ldexp(1.0, q - 1) - 1;
  torch::Tensor out = torch::zeros({n, c_out, h_out, w_out});
  auto oa = out.accessor<float, 4>();
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t o = 0; o < c_out; ++o) {
      for (int64_t oy = 0; oy < h_out; ++oy) {
        for (int64_t ox = 0; ox < w_out; ++ox) {
          double acc = 0;
          for (int64_t s = 0; s < splits; ++s) {
            for (int i = 0; i < n_in; ++i) {
              for (int j = 0; j < n_w; ++j) {
                int64_t partial = 0;
                for (int64_t c = s * c_x; c < std::min(c_in, (s + 1) * c_x); ++c) {
                  for (int64_t ky = 0; ky < k; ++ky) {
                    for (int64_t kx = 0; kx < k; ++kx) {
                      const int64_t iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                      if (iy < 0 || ix < 0 || iy >= h || ix >= wd) continue;
                      const int64_t xi = to_int(xa[b][c][iy][ix], xs, theta_a);
                      const int64_t wi = to_int(wa[o][c][ky][kx], ws, theta_w);
                      partial += Slice(xi, i, p.dac_bits) * Slice(wi, j, 1);
                    }
                  }
                }
                const double read = std::clamp<double>(
                    std::nearbyint(static_cast<float>(partial) * scale), -adc_max, adc_max);
                acc += read / std::ldexp(1.0, psi + q - 1) /
                       std::ldexp(1.0, (n_in - 1 - i) * p.dac_bits + (n_w - 1 - j));
              }
            }
          }
          if (p.requantize_output) {
            acc = std::clamp<double>(std::nearbyint(acc * theta_o), -theta_o, theta_o) / theta_o;
          }
          oa[b][o][oy][ox] = static_cast<float>(acc * p.output_alpha);
        }
      }
    }
  }
  return out;
}

// Inputs on the producer's grid (non-negative, as after a ReLU) and weights.
struct Case {
  torch::Tensor x, w;
  PimParams p;
};

Case MakeCase(int64_t n, int64_t c_in, int64_t size, int64_t c_out, int64_t k, uint64_t seed) {
  torch::manual_seed(seed);
  Case c;
  c.p.input_bits = 7;
  c.p.input_alpha = 1.5;
  const double theta_a = 63;
  c.x = torch::randint(0, 64, {n, c_in, size, size}).to(torch::kFloat32) *
        static_cast<float>(c.p.input_alpha / theta_a);
  c.w = torch::randn({c_out, c_in, k, k}) * 0.2f;
  // α_out as QAT would track it on the exact output.
  const torch::Tensor exact = torch::conv2d(c.x, c.w, {}, 1, k / 2);
  c.p.output_alpha = ActivationRangeTarget(exact);
  return c;
}

TEST(PimRowSplitTest, CrossbarSizeSetsSplitsAsSpecified) {
  // §9.2: a 32-channel 3x3 conv has S = 2 at X = 256, a 128-channel one S = 5.
  PimRowSplit a = ComputePimRowSplit(32, 3, 256);
  EXPECT_EQ(a.channels_per_split, 28);
  EXPECT_EQ(a.num_splits, 2);
  EXPECT_EQ(a.rows_used, 252);
  EXPECT_EQ(a.adc_extra_bits, 1);  // §6.3: X = 256, k = 3 gives Q = ADC + 1
  EXPECT_EQ(a.psi, -2);
  PimRowSplit b = ComputePimRowSplit(128, 3, 256);
  EXPECT_EQ(b.num_splits, 5);
  EXPECT_EQ(b.psi, -1);                                     // ⌊−2 + ½·log2 5⌋
  EXPECT_EQ(ComputePimRowSplit(32, 3, 32).num_splits, 11);  // c_x = 3
  EXPECT_EQ(ComputePimRowSplit(32, 3, 32).adc_extra_bits, 0);
  PimRowSplit fc = ComputePimRowSplit(512, 1, 256);
  EXPECT_EQ(fc.num_splits, 2);
  EXPECT_EQ(fc.rows_used, 256);
  EXPECT_EQ(fc.adc_extra_bits, 1);
  EXPECT_EQ(ComputePimRowSplit(3, 3, 256).rows_used, 27);  // first layer: 3 channels
}

TEST(QuantizerTest, GridValuesAndStraightThroughGradient) {
  torch::Tensor x = torch::linspace(-2, 2, 101).requires_grad_(true);
  const torch::Tensor y = FakeQuantize(x, 0.5, 5);
  const torch::Tensor expected = torch::clamp(torch::round(x.detach() * 30.0f), -15, 15) / 30.0f;
  EXPECT_TRUE(torch::allclose(y.detach(), expected, 0, 1e-7));
  EXPECT_LE(y.detach().abs().max().item<float>(), 0.5f + 1e-7f);
  y.sum().backward();
  // Identity, with no clipping mask (§5.2 [M]).
  EXPECT_TRUE(torch::equal(x.grad(), torch::ones_like(x)));
  EXPECT_EQ(QuantLevels(9), 255);
  EXPECT_NEAR(ActivationRangeTarget(torch::tensor({-1.0f, -3.0f})), 2.0 + 3 * std::sqrt(2.0), 1e-6);
}

TEST(PimForwardTest, ConvMatchesScalarReference) {
  Case c = MakeCase(2, 5, 5, 3, 3, 1);
  c.p.crossbar_size = 18;  // c_x = 2, S = 3
  c.p.adc_bits = 6;
  c.p.dac_bits = 2;
  c.p.weight_bits = 5;
  c.p.output_bits = 7;
  c.p.requantize_output = false;
  const torch::Tensor got = PimConv2d(c.x, c.w, 1, 1, c.p);
  const torch::Tensor want = ReferencePimConv(c.x, c.w, 1, 1, c.p);
  EXPECT_LE((got - want).abs().max().item<double>(), 1e-6 * c.p.output_alpha);
  // With the re-quantisation: exact but for float-order ties at a step.
  c.p.requantize_output = true;
  const torch::Tensor got_q = PimConv2d(c.x, c.w, 1, 1, c.p);
  const torch::Tensor want_q = ReferencePimConv(c.x, c.w, 1, 1, c.p);
  const double step = c.p.output_alpha / 63;
  EXPECT_LE((got_q - want_q).abs().max().item<double>(), step * 1.0001);
  // Up to float rounding of the final × α_out (relative 1e-6).
  EXPECT_GE(((got_q - want_q).abs() <= 1e-6 * (want_q.abs() + step))
                .to(torch::kFloat)
                .mean()
                .item<double>(),
            0.99);
}

TEST(PimForwardTest, ConvWithStrideAndAdcExtraBitMatchesReference) {
  Case c = MakeCase(1, 40, 4, 4, 3, 2);
  c.p.crossbar_size = 256;  // c_x = 28, S = 2, 252 rows: Q = ADC + 1
  c.p.adc_bits = 4;
  c.p.dac_bits = 1;
  c.p.weight_bits = 7;
  c.p.requantize_output = false;
  const torch::Tensor got = PimConv2d(c.x, c.w, 2, 1, c.p);
  const torch::Tensor want = ReferencePimConv(c.x, c.w, 2, 1, c.p);
  EXPECT_EQ(got.sizes(), want.sizes());
  EXPECT_LE((got - want).abs().max().item<double>(), 1e-6 * c.p.output_alpha);
}

TEST(PimForwardTest, LinearMatchesReference) {
  torch::manual_seed(3);
  PimParams p;
  p.crossbar_size = 16;  // S = 3 for 40 inputs
  p.adc_bits = 6;
  p.dac_bits = 2;
  p.input_bits = 9;
  p.input_alpha = 2.0;
  const torch::Tensor x = torch::randint(0, 256, {3, 40}).to(torch::kFloat32) * (2.0f / 255);
  const torch::Tensor w = torch::randn({4, 40});
  p.output_alpha = ActivationRangeTarget(torch::linear(x, w));
  p.requantize_output = false;
  const torch::Tensor got = PimLinear(x, w, p);
  const torch::Tensor want =
      ReferencePimConv(x.view({3, 40, 1, 1}), w.view({4, 40, 1, 1}), 1, 0, p).view({3, 4});
  EXPECT_LE((got - want).abs().max().item<double>(), 1e-6 * p.output_alpha);
}

TEST(PimForwardTest, IdealAdcEqualsQatFakeQuantWithinOneStep) {
  Case c = MakeCase(4, 16, 6, 8, 3, 4);
  c.p.crossbar_size = 64;  // S = 3
  c.p.adc_bits = 16;
  c.p.dac_bits = 1;
  c.p.weight_bits = 9;
  c.p.output_bits = 9;
  const torch::Tensor pim = PimConv2d(c.x, c.w, 1, 1, c.p);
  // QAT: the conv of the fake-quantised input and weights, fake-quantised.
  const double w_max = c.w.abs().max().item<double>();
  const torch::Tensor qat =
      FakeQuantize(torch::conv2d(FakeQuantize(c.x, c.p.input_alpha, c.p.input_bits),
                                 FakeQuantize(c.w, w_max, c.p.weight_bits), {}, 1, 1),
                   c.p.output_alpha, c.p.output_bits);
  const double step = c.p.output_alpha / 255;
  EXPECT_LE((pim - qat).abs().max().item<double>(), step * 1.0001);
  EXPECT_GE(((pim - qat).abs() < 0.5 * step).to(torch::kFloat).mean().item<double>(), 0.95);
}

TEST(PimForwardTest, FourBitAdcErrsFarMoreThanTenBit) {
  Case c = MakeCase(4, 32, 8, 16, 3, 5);
  c.p.crossbar_size = 256;
  c.p.dac_bits = 2;
  c.p.requantize_output = false;
  const torch::Tensor exact = torch::conv2d(
      c.x, FakeQuantize(c.w, c.w.abs().max().item<double>(), c.p.weight_bits), {}, 1, 1);
  const auto rms_error = [&](int adc_bits) {
    c.p.adc_bits = adc_bits;
    return (PimConv2d(c.x, c.w, 1, 1, c.p) - exact).pow(2).mean().sqrt().item<double>();
  };
  const double e4 = rms_error(4), e10 = rms_error(10);
  EXPECT_GT(e4, 10 * e10) << "ADC 4 b rms error " << e4 << ", 10 b " << e10;
}

TEST(PimForwardTest, ValidationNamesTheField) {
  PimParams p;
  p.adc_bits = 0;
  EXPECT_NE(ValidatePimParams(p).message().find("PimParams.adc_bits"), std::string::npos);
  p = PimParams();
  p.output_alpha = 0;
  EXPECT_NE(ValidatePimParams(p).message().find("output_alpha"), std::string::npos);
  EXPECT_TRUE(ValidatePimParams(PimParams()).ok());
}

}  // namespace
}  // namespace aimc::networks::crossnas

#include "networks/crossnas/quant/pim_forward.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "networks/torch_threads.h"

namespace aimc::networks::crossnas {
namespace {

// Output elements per sliced conv call (2^19 floats = 2 MiB): the reads are
// rounded, clipped, shifted and summed in several elementwise passes, which
// are memory-bound unless the chunk stays in cache (T1 net, batch 64: 0.6 s
// at 2^19, 5 s at 2^21, 38 s at 2^24, where fresh tensors also page-fault).
constexpr int64_t kMaxChunkElements = int64_t{1} << 19;

// Signed slices of `integers` (float integers, |v| < 2^total_bits): slice s
// holds sign(v)·(⌊|v|/2^(s·bits)⌋ mod 2^bits), stacked along dim 0.
torch::Tensor SignedSlices(const torch::Tensor& integers, int num_slices, int bits_per_slice,
                           int64_t first = 0) {
  const torch::Tensor sign = integers.sign();
  const torch::Tensor magnitude = integers.abs();
  const double base = std::ldexp(1.0, bits_per_slice);
  std::vector<torch::Tensor> slices;
  slices.reserve(num_slices);
  for (int s = 0; s < num_slices; ++s) {
    const double unit = std::ldexp(1.0, static_cast<int>((first + s) * bits_per_slice));
    slices.push_back(torch::floor(magnitude / unit).remainder(base) * sign);
  }
  return torch::cat(slices, 0);
}

}  // namespace

torch::Tensor QuantizeToInt(const torch::Tensor& x, double alpha, int bits) {
  const double theta = QuantLevels(bits);
  const float scale = static_cast<float>(theta / alpha);
  return torch::clamp(torch::round(x.detach() * scale), -theta, theta);
}

torch::Tensor FakeQuantize(const torch::Tensor& x, double alpha, int bits) {
  if (!(alpha > 0)) return x - x.detach() + torch::zeros_like(x);
  const float step = static_cast<float>(alpha / QuantLevels(bits));
  const torch::Tensor q = QuantizeToInt(x, alpha, bits) * step;
  // q + (x − x) is exactly q in value, with d/dx = 1.
  return q + (x - x.detach());
}

double ActivationRangeTarget(const torch::Tensor& x) {
  const torch::Tensor d = x.detach();
  // Whole-tensor reductions depend on the thread count (torch_threads.h).
  networks::ScopedTorchThreads serial(1);
  const double mean = d.mean().item<double>();
  const double std = d.numel() > 1 ? d.std().item<double>() : 0.0;
  return std::abs(mean) + 3.0 * std;
}

PimRowSplit ComputePimRowSplit(int64_t in_channels, int kernel_size, int crossbar_size, int dac_num,
                               int point_shift) {
  PimRowSplit r;
  const int64_t k2 = int64_t{kernel_size} * kernel_size;
  r.channels_per_split = crossbar_size / k2;
  TORCH_CHECK(r.channels_per_split >= 1, "PIM: crossbar size ", crossbar_size, " holds no ",
              kernel_size, "x", kernel_size, " kernel");
  r.num_splits = (in_channels + r.channels_per_split - 1) / r.channels_per_split;
  r.rows_used = std::min(in_channels, r.channels_per_split) * k2;
  const double ratio = static_cast<double>(r.rows_used) / dac_num;
  r.adc_extra_bits = std::max(0, static_cast<int>(std::ceil(std::log2(ratio) - 1e-12)));
  r.psi = static_cast<int>(std::floor(point_shift + 0.5 * std::log2(r.num_splits) + 1e-12));
  return r;
}

absl::Status ValidatePimParams(const PimParams& p) {
  if (absl::Status s = CheckRange("PimParams.crossbar_size", p.crossbar_size, 1, 65536); !s.ok()) {
    return s;
  }
  for (const auto& [field, value, lo, hi] :
       {std::tuple<const char*, int, int, int>{"adc_bits", p.adc_bits, 1, 20},
        {"dac_bits", p.dac_bits, 1, 8},
        {"weight_bits", p.weight_bits, 2, 16},
        {"input_bits", p.input_bits, 2, 16},
        {"output_bits", p.output_bits, 2, 16},
        {"dac_num", p.dac_num, 1, 65536}}) {
    if (absl::Status s = CheckRange(absl::StrCat("PimParams.", field), value, lo, hi); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckPositive("PimParams.input_alpha", p.input_alpha); !s.ok()) return s;
  return CheckPositive("PimParams.output_alpha", p.output_alpha);
}

torch::Tensor PimConv2d(const torch::Tensor& x, const torch::Tensor& weight, int stride,
                        int padding, const PimParams& p) {
  TORCH_CHECK(x.dim() == 4 && weight.dim() == 4 && x.size(1) == weight.size(1) &&
                  weight.size(2) == weight.size(3),
              "PimConv2d: want x [N, C, H, W] and weight [O, C, k, k], got ", x.sizes(), " and ",
              weight.sizes());
  TORCH_CHECK(ValidatePimParams(p).ok(), "PimConv2d: ", ValidatePimParams(p).ToString());
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0), c_in = weight.size(1), c_out = weight.size(0);
  const int k = static_cast<int>(weight.size(2));
  const PimRowSplit split = ComputePimRowSplit(c_in, k, p.crossbar_size, p.dac_num, p.point_shift);
  const double w_max = weight.detach().abs().max().item<double>();
  if (!(w_max > 0) || n == 0) {
    return torch::zeros_like(torch::conv2d(x.detach(), weight.detach(), {}, stride, padding));
  }
  const int w_slices = p.weight_bits - 1;
  const int in_slices = (p.input_bits - 1 + p.dac_bits - 1) / p.dac_bits;
  const int adc_bits = p.adc_bits + split.adc_extra_bits;  // Q
  const double delta_w = w_max / QuantLevels(p.weight_bits);
  const double delta_a = p.input_alpha / QuantLevels(p.input_bits);
  // p̂·2^(ψ+Q−1) = p·scale: the read as the most significant slice, in ADC steps.
  const int adc_point = split.psi + adc_bits - 1;
  const float scale = static_cast<float>(
      delta_w * delta_a / p.output_alpha *
      std::ldexp(1.0, (in_slices - 1) * p.dac_bits + (p.weight_bits - 2) + adc_point));
  const double adc_max = std::ldexp(1.0, adc_bits - 1) - 1;

  const torch::Tensor w_int = QuantizeToInt(weight, w_max, p.weight_bits);
  const torch::Tensor x_int = QuantizeToInt(x, p.input_alpha, p.input_bits);
  // [(WB−1)·O, C, k, k], slice j (bit j of |w|) at rows j·O .. j·O+O−1.
  const torch::Tensor w_all = SignedSlices(w_int, w_slices, 1);
  // 2^(j − (WB−2) − adc_point): weight slice j back to its significance.
  std::vector<float> w_shift(w_slices);
  for (int j = 0; j < w_slices; ++j) {
    w_shift[j] = static_cast<float>(std::ldexp(1.0, j - (p.weight_bits - 2) - adc_point));
  }
  const torch::Tensor w_shift_t = torch::tensor(w_shift).view({1, 1, w_slices, 1, 1, 1});

  const int64_t h_out = (x.size(2) + 2 * padding - k) / stride + 1;
  const int64_t w_out = (x.size(3) + 2 * padding - k) / stride + 1;
  // Chunks of images and of input slices whose reads fit the element budget.
  const int64_t per_image_slice = std::max<int64_t>(w_slices * c_out * h_out * w_out, 1);
  const int64_t batch_chunk = std::clamp<int64_t>(kMaxChunkElements / per_image_slice, 1, n);
  const int slice_chunk = static_cast<int>(
      std::clamp<int64_t>(kMaxChunkElements / (batch_chunk * per_image_slice), 1, in_slices));
  std::vector<torch::Tensor> w_splits;
  for (int64_t s = 0; s < split.num_splits; ++s) {
    const int64_t lo = s * split.channels_per_split;
    w_splits.push_back(
        w_all.slice(1, lo, std::min(c_in, lo + split.channels_per_split)).contiguous());
  }
  std::vector<torch::Tensor> outs;
  for (int64_t b0 = 0; b0 < n; b0 += batch_chunk) {
    const int64_t nb = std::min(batch_chunk, n - b0);
    torch::Tensor acc = torch::zeros({nb, c_out, h_out, w_out}, x.options());
    for (int64_t s = 0; s < split.num_splits; ++s) {
      const int64_t lo = s * split.channels_per_split;
      const torch::Tensor x_split =
          x_int.slice(0, b0, b0 + nb).slice(1, lo, std::min(c_in, lo + split.channels_per_split));
      for (int i0 = 0; i0 < in_slices; i0 += slice_chunk) {
        const int count = std::min(slice_chunk, in_slices - i0);
        // [count·nb, c, H, W]: input slices i0 .. i0+count−1, slice-major.
        const torch::Tensor xs = SignedSlices(x_split, count, p.dac_bits, i0);
        // In place: fresh large tensors cost page faults that dominate here.
        torch::Tensor reads = torch::conv2d(xs, w_splits[s], {}, stride, padding);
        reads.mul_(scale).round_().clamp_(-adc_max, adc_max);
        std::vector<float> i_shift(count);
        for (int i = 0; i < count; ++i) {
          i_shift[i] = static_cast<float>(std::ldexp(1.0, (i0 + i - (in_slices - 1)) * p.dac_bits));
        }
        torch::Tensor v = reads.view({count, nb, w_slices, c_out, h_out, w_out});
        v.mul_(w_shift_t).mul_(torch::tensor(i_shift).view({count, 1, 1, 1, 1, 1}));
        acc += v.sum(std::vector<int64_t>{0, 2});
      }
    }
    outs.push_back(std::move(acc));
  }
  torch::Tensor out = outs.size() == 1 ? outs[0] : torch::cat(outs, 0);
  if (!p.requantize_output) return out * static_cast<float>(p.output_alpha);
  return QuantizeToInt(out, 1.0, p.output_bits) *
         static_cast<float>(p.output_alpha / QuantLevels(p.output_bits));
}

torch::Tensor PimLinear(const torch::Tensor& x, const torch::Tensor& weight, const PimParams& p) {
  TORCH_CHECK(x.dim() == 2 && weight.dim() == 2 && x.size(1) == weight.size(1),
              "PimLinear: want x [N, I] and weight [O, I], got ", x.sizes(), " and ",
              weight.sizes());
  return PimConv2d(x.view({x.size(0), x.size(1), 1, 1}),
                   weight.view({weight.size(0), weight.size(1), 1, 1}), 1, 0, p)
      .view({x.size(0), weight.size(0)});
}

}  // namespace aimc::networks::crossnas

// CrossNAS's MNSIM-style quantiser (crossnas_spec.md §5.2) and the bit-sliced
// PIM accuracy model of one conv / fc layer (§6.3, MNSIM quantize.py
// `set_weights_forward`, adc_action 'SCALE'), as pure functions on tensors.
// Quantiser: x_q = clip(round(θ·x/α), −θ, θ)·α/θ, θ = 2^(q−1) − 1; the fake
// quantiser's gradient is the identity (straight-through, no clipping mask).
// PIM: the layer's rows are split into S crossbars of c_x = ⌊X/k²⌋ input
// channels (fc: k = 1, c_x = X); integer weights (Δ_w = max|W|/θ_w) are cut
// into WB−1 signed 1-bit slices, integer inputs (Δ_a = α_in/θ_in) into
// n_in = ⌈(a_in−1)/b_D⌉ signed b_D-bit slices; every (split, input slice,
// weight slice) partial sum is one ADC read of Q bits, normalised as the most
// significant slice (p̂), rounded with ψ = ⌊−2 + ½·log2 S⌋, shifted back and
// summed; the sum (units of α_out) is re-quantised with the layer's own AB
// (§10.14 [R]) and multiplied by α_out. Choices where §6.3 is ambiguous:
//  - rows_used of a conv is min(C_in, c_x)·k² (the rows the layer really
//    drives, as the fc rule min(I, X)); the spec's c_x·k² for C_in ≥ c_x.
//  - slices keep the sign of their integer (pos/neg crossbars are one signed
//    read); a zero weight tensor gives a zero output.
//  - the partial sums are exact integers in float32 (|p| < 2^24 for X ≤ 2^16
//    rows and b_D ≤ 8), the ADC products p·c are float32 with c rounded to
//    float32 once per layer.
// Batching [R]: per row split, input slices are stacked along the batch and
// the weight slices along the output channels (in chunks of ≤ 2^19 output
// elements), one conv per chunk. Inference only (no autograd graph).
// Throws c10::Error (TORCH_CHECK) on bad shapes or parameters, as torch ops
// do; ValidatePimParams returns a Status first. Thread-safe (pure functions).
#ifndef AIMC_NETWORKS_CROSSNAS_QUANT_PIM_FORWARD_H_
#define AIMC_NETWORKS_CROSSNAS_QUANT_PIM_FORWARD_H_

#include <torch/types.h>

#include <cstdint>

#include "absl/status/status.h"

namespace aimc::networks::crossnas {

// θ = 2^(bits−1) − 1: 15, 63, 255 for 5, 7, 9 bits. REQUIRES: bits in 2..24.
inline int QuantLevels(int bits) { return (1 << (bits - 1)) - 1; }

// clip(round(x·θ/α), −θ, θ) as float (integers), round half to even.
// REQUIRES: alpha > 0. No autograd (works on x.detach()).
torch::Tensor QuantizeToInt(const torch::Tensor& x, double alpha, int bits);

// QuantizeToInt(x)·α/θ with a straight-through (identity) gradient to x; the
// value is exactly the grid point. alpha <= 0 (never calibrated) gives zeros.
torch::Tensor FakeQuantize(const torch::Tensor& x, double alpha, int bits);

// The activation-range target of §5.2: |mean(x)| + 3·std(x) over the whole
// tensor (unbiased std), as a double.
double ActivationRangeTarget(const torch::Tensor& x);

// How a layer's rows are split over crossbars.
struct PimRowSplit {
  int64_t channels_per_split = 0;  // c_x = ⌊X/k²⌋
  int64_t num_splits = 0;          // S = ⌈C_in/c_x⌉
  int64_t rows_used = 0;           // min(C_in, c_x)·k²
  int adc_extra_bits = 0;          // max(0, ⌈log2(rows_used/dac_num)⌉)
  int psi = 0;                     // ψ = ⌊point_shift + ½·log2 S⌋
};
// REQUIRES: in_channels, kernel_size >= 1; crossbar_size >= kernel_size².
PimRowSplit ComputePimRowSplit(int64_t in_channels, int kernel_size, int crossbar_size,
                               int dac_num = 128, int point_shift = -2);

struct PimParams {
  int crossbar_size = 256;    // X, rows (= columns) per crossbar; >= k²
  int adc_bits = 10;          // ADC resolution, 1..20 (Table 1: 4, 6, 8, 10)
  int dac_bits = 1;           // b_D, input bits per read, 1..8 (Table 1: 1, 2)
  int weight_bits = 9;        // WB of the layer, 2..16 (WB−1 one-bit slices)
  int input_bits = 9;         // a_in: the producer's AB (9 for the image), 2..16
  int output_bits = 9;        // the layer's own AB, for the output re-quantisation, 2..16
  double input_alpha = 1.0;   // α of the producer's quantiser, > 0 (Δ_a = α/θ_in)
  double output_alpha = 1.0;  // α_out of the layer's output quantiser, > 0
  int dac_num = 128;          // DAC_Num: rows read per ADC conversion (§6.1)
  int point_shift = -2;       // MNSIM's point_shift
  // false: skip step 5's re-quantisation and return the accumulated sum × α_out
  // (for tests of the ADC stage).
  bool requantize_output = true;
};

// InvalidArgument naming the field, e.g. "PimParams.adc_bits: must be 1..20, got 0".
absl::Status ValidatePimParams(const PimParams& params);

// x: float32 [N, C_in, H, W] (real values; re-integerised with the producer's
// grid), weight: float32 [C_out, C_in, k, k] (real; the layer's QAT weights).
// Returns float32 [N, C_out, H_out, W_out]. REQUIRES: ValidatePimParams ok,
// crossbar_size >= k².
torch::Tensor PimConv2d(const torch::Tensor& x, const torch::Tensor& weight, int stride,
                        int padding, const PimParams& params);

// x: [N, I], weight: [O, I]; the 1×1 case of PimConv2d (c_x = X). Returns [N, O].
torch::Tensor PimLinear(const torch::Tensor& x, const torch::Tensor& weight,
                        const PimParams& params);

}  // namespace aimc::networks::crossnas

#endif  // AIMC_NETWORKS_CROSSNAS_QUANT_PIM_FORWARD_H_

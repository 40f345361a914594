// CrossNAS stage 3-4 networks (crossnas_spec.md §2.2-2.3, §5.2, §6.3, §8.3):
// a stand-alone network built from a small op list (QuantNetSpec) that runs
// in three modes: kFloat (plain FP32), kQat (MNSIM's fake quantiser, §5.2) and
// kPim (the bit-sliced crossbar simulation of every conv/fc, pim_forward.h).
// Builders: CrossNasQuantSpec (a stage-1 block list, width-scaled by ρ, head
// fc 4K→200→50→classes) and BaselineQuantSpec (MNSIM's CIFAR AlexNet, VGG16,
// ResNet18 as crossbar/cost/networks.cc lays them out, BN after every conv).
// Every conv/fc belongs to a bit group: one per block (CrossNAS) or per layer
// (baselines); the CrossNAS head is the fixed group kHeadGroup at 9/9 (§10.6).
// QAT (§5.2 with its [R]s): weights at α = max|W| every forward; activations
// at every conv/fc output (pre-BN) and every BN output with the group's AB,
// α = EMA (m = 0.707) of |mean| + 3·std, initialised by the first batch and
// updated only in training mode or while calibrating (frozen in eval);
// straight-through gradients; the network input at 9 bits with α = 1 (inputs
// in [0, 1], §5.3 [R]: pixels p/255, no normalisation). ReLU, pools, adds,
// dropout and flatten are not quantised. PIM: a conv/fc input is
// re-integerised on its producer's grid: a BN/fc quantiser's (α, AB); a
// residual add's is (α_a + α_b, max AB) (the add doubles the range; no extra
// bit); the head's 2×2 average pool passes its input's α at the head's 9 bits.
// Choices: no bias in any conv or fc (MNSIM's quantised layers; BN follows
// every conv); head/baseline hidden fc widths are not scaled by ρ; dropout
// masks come from a RandomStream keyed by (init_seed, forward counter), the
// counter a buffer, so checkpoints resume bit-identically; MacCount counts
// kFloat mode only; ReplaceLayer (analog conversion) is not supported.
// Errors: Create/Validate/Set* return InvalidArgument naming the field;
// forward() throws c10::Error (torch's API), e.g. kPim before any α is set.
// Thread-compatible: forward in training mode updates BN statistics and α.
#ifndef AIMC_NETWORKS_CROSSNAS_QUANT_QUANT_NET_H_
#define AIMC_NETWORKS_CROSSNAS_QUANT_QUANT_NET_H_

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/network.h"

namespace aimc::networks::crossnas {

using nas::crossnas::BlockBits;

inline constexpr int kHeadGroup = -1;            // bit group fixed at nas::crossnas::kHeadBits
inline constexpr double kAlphaMomentum = 0.707;  // §5.2 [R], MNSIM's m

enum class QuantOpKind {
  kConv,     // conv k×k (stride, padding; no bias) [+ BN] [+ ReLU]
  kLinear,   // fc (no bias) [+ ReLU] [+ dropout]
  kMaxPool,  // 2×2 / 2
  kAvgPool,  // adaptive average pool to output_size × output_size
  kAdd,      // inputs[0] + inputs[1] [+ ReLU]
  kFlatten,  // [N, C, H, W] -> [N, C·H·W], channel-major
};

struct QuantOp {
  QuantOpKind kind = QuantOpKind::kConv;
  std::string name;  // unique, [A-Za-z0-9_]+ (module and buffer names)
  // Producers by op index (< this op's); empty = the previous op (or the
  // image for op 0); -1 = the image. kAdd takes two.
  std::vector<int> inputs;
  int in_channels = 0;     // conv: input channels; linear: input features
  int out_channels = 0;    // conv: output channels; linear: output features
  int kernel_size = 3;     // conv
  int stride = 1;          // conv
  int padding = 1;         // conv
  bool batch_norm = true;  // conv: BN after the conv
  bool relu = false;       // conv, linear, add: ReLU last
  double dropout = 0.0;    // linear: dropout probability after the ReLU, in [0, 1)
  int output_size = 2;     // kAvgPool
  int bit_group = 0;       // conv, linear, kAvgPool: 0..num_bit_groups-1 or kHeadGroup
};

struct QuantNetSpec {
  std::string name;  // "crossnas", "alexnet", ...
  int input_channels = 3;
  int input_size = 32;  // H = W of the image, px
  int num_classes = 10;
  int num_bit_groups = 0;    // searchable groups (SetBits takes one entry each)
  std::vector<QuantOp> ops;  // topological order; the last op's output is the logits
};

// InvalidArgument naming the op, e.g. "QuantNetSpec.ops[3] (b2_conv1):
// in_channels 16 != producer's 8": shapes are traced from the input.
absl::Status ValidateQuantNetSpec(const QuantNetSpec& spec);

// §2.2-2.3: blocks (nas::crossnas::ToBlockList; channels at full width) with
// every width round(K·ρ) (>= 1), block i = bit group i; input_channels and
// the block list's first in_size define the image. Head: 2×2 average pool,
// flatten, fc 4K→200 ReLU dropout 0.2, fc 200→50 ReLU dropout 0.2, fc
// 50→classes; num_classes == 100: one fc 4K→100 (§2.2 CIFAR-100). Each conv is
// followed by BN. InvalidArgument for an empty list, ρ <= 0, bad counts.
absl::StatusOr<QuantNetSpec> CrossNasQuantSpec(const std::vector<nas::crossnas::BlockSpec>& blocks,
                                               double width_scale, int num_classes = 10,
                                               int input_channels = 3);

// "alexnet", "vgg16", "resnet18" (MNSIM's CIFAR variants, 32×32 input;
// crossbar/cost/networks.cc) with conv widths round(c·ρ), BN + ReLU after
// every conv (ResNet: BN on the second conv and the 3×3 stride-2 shortcut,
// ReLU after the add), one bit group per conv/fc (default 9/9, Table 3).
// AlexNet: conv1 s2, pool, conv2, pool, conv3-5, pool, fc 1024ρ→512 ReLU, fc;
// VGG16: 13 convs, 4 pools, fc 2048ρ→classes; ResNet18: conv1, pool, 8 basic
// blocks, fc 2048ρ→512 ReLU, fc. NotFound for another name (lists the known).
absl::StatusOr<QuantNetSpec> BaselineQuantSpec(absl::string_view name, double width_scale,
                                               int num_classes = 10, int input_channels = 3);

enum class QuantMode { kFloat, kQat, kPim };
// "float", "qat", "pim".
absl::string_view QuantModeName(QuantMode mode);

struct PimConfig {
  int crossbar_size = 256;  // X, in cells; >= the largest k² of the net
  int adc_bits = 10;        // 1..16
  int dac_bits = 2;         // 1..8
};

class QuantNetImpl : public NetworkImpl {
 public:
  // REQUIRES: ValidateQuantNetSpec(spec).ok() (checked). Prefer CreateQuantNet.
  // Conv/fc weights: PyTorch's default distribution from `init_seed`
  // (InitializeLayers); BN γ = 1, β = 0; every α 0 (uncalibrated); bits 9/9;
  // mode kFloat; PIM 256 / ADC 10 / DAC 2.
  QuantNetImpl(const QuantNetSpec& spec, uint64_t init_seed);

  // x: float32 [N, input_channels, input_size, input_size], values in [0, 1].
  torch::Tensor forward(torch::Tensor x) override;

  const QuantNetSpec& spec() const { return spec_; }
  QuantMode mode() const { return mode_; }
  void SetMode(QuantMode mode) { mode_ = mode; }

  int num_bit_groups() const { return spec_.num_bit_groups; }
  // One entry per bit group, bits 2..16 each (the search uses 5, 7, 9);
  // InvalidArgument naming the group and field, or the count; unchanged then.
  absl::Status SetBits(const std::vector<BlockBits>& bits);
  const std::vector<BlockBits>& bits() const { return bits_; }
  // The bits of group g (kHeadGroup: kHeadBits).
  BlockBits GroupBits(int group) const;

  // InvalidArgument naming the field; X must be >= every conv's k².
  absl::Status SetPim(const PimConfig& config);
  const PimConfig& pim() const { return pim_; }

  // While on, forward updates every α in eval mode too (calibration passes).
  void SetCalibrating(bool on) { calibrating_ = on; }
  bool calibrating() const { return calibrating_; }
  // Resets every α to 0 (the next updating forward re-initialises it).
  void ResetAlphas();
  // The BN modules (for recalibration), in op order.
  std::vector<torch::nn::BatchNorm2d> batch_norms() const;
  // α of op `op_index`'s conv/fc output (pre-BN) and BN output (0 if none).
  double OutputAlpha(int op_index) const;
  double BnAlpha(int op_index) const;

 private:
  struct Grid {  // how a tensor's values sit on a quantisation grid (PIM inputs)
    double alpha = 1.0;
    int bits = 9;
  };
  struct Layer {  // per conv/linear op
    int registry_index = -1;
    torch::nn::Conv2d conv{nullptr};
    torch::nn::Linear linear{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
    torch::Tensor alpha_out;  // buffer, scalar float
    torch::Tensor alpha_bn;   // buffer, scalar float (undefined without BN)
  };

  torch::Tensor RunLayer(int op_index, const torch::Tensor& x, const Grid& in, Grid* out);
  torch::Tensor Activation(const torch::Tensor& x, torch::Tensor& alpha, int bits);
  torch::Tensor Dropout(const torch::Tensor& x, double p);
  // α follows the data in kQat training or calibration; kPim only reads it.
  bool UpdatingAlphas() const {
    return mode_ == QuantMode::kQat && (is_training() || calibrating_);
  }

  QuantNetSpec spec_;
  uint64_t init_seed_;
  QuantMode mode_ = QuantMode::kFloat;
  std::vector<BlockBits> bits_;
  PimConfig pim_;
  bool calibrating_ = false;
  std::vector<Layer> layers_;      // indexed by op index (empty for other ops)
  torch::Tensor dropout_counter_;  // buffer, int64 scalar: training forwards with dropout
};

TORCH_MODULE(QuantNet);

// InvalidArgument for a bad spec; Internal if LibTorch throws.
absl::StatusOr<QuantNet> CreateQuantNet(const QuantNetSpec& spec, uint64_t init_seed = 0);

// The QuantNetImpl behind `network`, or FailedPrecondition naming `who`.
absl::StatusOr<std::shared_ptr<QuantNetImpl>> AsQuantNet(Network& network, absl::string_view who);

}  // namespace aimc::networks::crossnas

#endif  // AIMC_NETWORKS_CROSSNAS_QUANT_QUANT_NET_H_

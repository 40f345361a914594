// The CrossNAS weight-sharing supernet (crossnas_spec.md §2.2-§2.5, §9.2):
// D_max slots, each holding a VGG, an MVGG and a RES block in parallel at the
// full (width-scaled) width (in = input_channels for slot 1, else Kmax; out =
// Kmax), no conv bias, affine BN with running statistics per conv, RES with a
// 1x1 projection shortcut + BN; head: adaptive avg pool 2x2, channel-major
// flatten, fc 4Kmax->200 (no bias, first 4K_last columns used) -> ReLU ->
// dropout -> fc 200->50 -> ReLU -> dropout -> fc 50->classes (or one fc
// 4Kmax->classes without bias, sliced the same way: the CIFAR-100 form). Channels are round(K *
// width_scale), min 1, for K in {32, 64, 128}. forward runs only the active path (SetPath) on
// leading slices of every tensor ([:K, :k_in]; BN [:K] through views, so batch-statistics updates
// reach the stored buffers). Initial weights are PyTorch's default distributions (Kaiming-uniform,
// bound 1/sqrt(fan_in) of the full tensor) drawn from RandomStream(init_seed); dropout masks come
// from a RandomStream too (SetDropoutStream), never torch's global generator.
// The supernet registers no layer_registry layers (slicing cannot be
// replaced layer by layer): NetworkImpl::MacCount sees none and returns 0; use
// ActivePathLayerMacs / ActivePathMacCount. Create/SetPath return Status;
// forward throws c10::Error like any module. Thread-compatible.
#ifndef AIMC_NETWORKS_CROSSNAS_SUPERNET_H_
#define AIMC_NETWORKS_CROSSNAS_SUPERNET_H_

#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/random.h"
#include "nas/crossnas/arch_genotype.h"
#include "networks/layer_registry.h"
#include "networks/network.h"

namespace aimc::networks::crossnas {

struct CrossNasSupernetOptions {
  int input_channels = 3;  // 3 (CIFAR); 1 for Fashion-MNIST padded to 32x32. 1..64
  int input_size = 32;     // H = W of the input, pixels, 8..256; sets the down-sampling cap
  int num_classes = 10;    // 1..100000
  int max_blocks = 8;      // D_max: 8 (paper, T1), 3 (T0). 1..16
  // rho: channels = max(1, round(K * rho)). 1 (paper), 1/4 (T1: {8,16,32}),
  // 1/8 (T0: {4,8,16}). In (0, 1].
  double width_scale = 1.0;
  bool res_stride2 = false;     // CIFAR-100 form: RES stride 2, counted as down-sampling
  bool single_fc_head = false;  // CIFAR-100 head: one fc 4K -> num_classes (no bias)
  double dropout = 0.2;         // of the 3-fc head, in [0, 1)
  double bn_momentum = 0.1;     // training-mode running-stat momentum, in (0, 1]
  double bn_eps = 1e-5;         // > 0
  uint64_t init_seed = 0;       // RandomStream seed of the initial weights
};

// The T0 smoke-test supernet (spec §9.3): D_max 3, width scale 1/8 (channels
// {4, 8, 16}), everything else default (CIFAR-10 form, init_seed 0). One
// definition, so the tests of every layer build the same net.
CrossNasSupernetOptions T0SupernetOptions();

// InvalidArgument naming the field, e.g.
// "CrossNasSupernetOptions.width_scale: must be in (0, 1], got 0".
absl::Status ValidateCrossNasSupernetOptions(const CrossNasSupernetOptions& options);

// The genotype space the supernet serves: max_blocks, res_stride2 and a
// down-sampling cap of min(4, the most halvings that keep input_size >= 2).
nas::crossnas::ArchSpaceOptions SupernetArchSpace(const CrossNasSupernetOptions& options);

// round(K * width_scale), at least 1. REQUIRES: K >= 1, width_scale > 0.
int ScaledChannels(int k, double width_scale);

namespace internal {
class SlicedConvBnImpl;  // supernet.cc
}  // namespace internal

class CrossNasSupernetImpl : public NetworkImpl {
 public:
  // REQUIRES: ValidateCrossNasSupernetOptions(options).ok() (checked). Prefer
  // CreateCrossNasSupernet. The initial path is MVGG-128 in every slot.
  explicit CrossNasSupernetImpl(const CrossNasSupernetOptions& options);

  // x: [batch, input_channels, input_size', input_size'] (any size that keeps
  // the active path's maps >= 1x1). Returns [batch, num_classes] logits.
  torch::Tensor forward(torch::Tensor x) override;

  // Activates `genotype` (canonicalised; path() returns the canonical form).
  // InvalidArgument if it is illegal in arch_space() (message from
  // CheckArchLegal) or has another slot count; the path is then unchanged.
  absl::Status SetPath(const nas::crossnas::ArchGenotype& genotype);
  const nas::crossnas::ArchGenotype& path() const { return path_; }

  // Dropout runs when the child module "head" is in training mode (so BN
  // recalibration can train() the net and eval() only the head). Its masks
  // are drawn from `stream` (the
  // SPOS regime sets one per step, so a resumed run draws the same masks);
  // each forward call draws from the same positions until the next call.
  // Without one, a stream keyed by init_seed and a forward counter (not
  // checkpointed) is used.
  void SetDropoutStream(const RandomStream& stream);

  // The momentum the next training-mode forwards use for BN running stats
  // (BN recalibration sets 1/(k+1)-style cumulative weights). In (0, 1].
  void SetBatchNormMomentum(double momentum) { bn_momentum_ = momentum; }
  double batch_norm_momentum() const { return bn_momentum_; }
  // Every slot's BN running mean := 0 and variance := 1 (spec §4.1 step 1).
  void ResetBatchNormStats();

  // MACs per image of the active path on a height x width input, per layer
  // actually run ("slots.0.vgg.conv1", ..., "head.fc1"; spec = the sliced
  // geometry), by one traced forward of zeros in eval mode without autograd
  // (training flags and BN statistics unchanged). InvalidArgument if the
  // size is not positive or the path rejects it.
  absl::StatusOr<std::vector<LayerMacs>> ActivePathLayerMacs(int height, int width);
  absl::StatusOr<int64_t> ActivePathMacCount(int height, int width);

  const CrossNasSupernetOptions& options() const { return options_; }
  const nas::crossnas::ArchSpaceOptions& arch_space() const { return arch_space_; }
  // The scaled {32, 64, 128}.
  const std::array<int, 3>& channel_choices() const { return channels_; }
  int max_channels() const { return channels_[2]; }

 private:
  struct BlockModules {
    std::shared_ptr<internal::SlicedConvBnImpl> conv1, conv2, shortcut;  // shortcut: RES only
  };
  struct Trace;  // MAC tracing state, supernet.cc

  torch::Tensor RunBlock(int slot, int gene, torch::Tensor x);
  torch::Tensor ConvBn(internal::SlicedConvBnImpl& layer, const std::string& name,
                       const torch::Tensor& x, int out_channels, int stride);
  // x @ weight[:, :x.size(1)]^T (+ bias).
  torch::Tensor Linear(const std::string& name, const torch::Tensor& x, const torch::Tensor& weight,
                       const torch::Tensor& bias);
  // Training mode: zeroes with probability `dropout`, scales by 1/(1-p);
  // draws numbers [offset, offset + numel) of the stream and advances offset.
  torch::Tensor Dropout(const torch::Tensor& x, uint64_t& offset);

  CrossNasSupernetOptions options_;
  nas::crossnas::ArchSpaceOptions arch_space_;
  std::array<int, 3> channels_{};
  // [slot][block type]
  std::vector<std::array<BlockModules, nas::crossnas::kNumBlockTypes>> slots_;
  torch::Tensor fc1_weight_, fc2_weight_, fc2_bias_, fc3_weight_, fc3_bias_;
  nas::crossnas::ArchGenotype path_;
  double bn_momentum_;
  std::optional<RandomStream> dropout_stream_;
  uint64_t dropout_counter_ = 0;       // forwards without a set stream
  Trace* trace_ = nullptr;             // non-null while ActivePathLayerMacs runs
  torch::nn::Module* head_ = nullptr;  // child "head", owned by this module
};

TORCH_MODULE(CrossNasSupernet);

// InvalidArgument for bad options; Internal if LibTorch throws.
absl::StatusOr<CrossNasSupernet> CreateCrossNasSupernet(const CrossNasSupernetOptions& options);

}  // namespace aimc::networks::crossnas

#endif  // AIMC_NETWORKS_CROSSNAS_SUPERNET_H_

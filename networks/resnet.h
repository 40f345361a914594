// CIFAR ResNets with basic blocks (conv3x3-BN-ReLU-conv3x3-BN, + shortcut,
// ReLU), a 3x3 stem conv + BN + ReLU (no max pool), global average pool and
// Linear(width, K). Two families, chosen by depth:
// - 6n+2 (20, 32, 44, 56, 110, ...): He et al. 2016 §4.2, 3 stages of n blocks,
//   widths 16/32/64; shortcut option A (stride-2 subsampling, zero channels).
//   ResNet-20: 269,722 parameters, 40,551,040 MACs at 32x32; ResNet-32:
//   464,154 (option B adds 2,752).
// - 18, 34: ImageNet ResNet-18/34's 4 stages ([2,2,2,2] / [3,4,6,3] blocks,
//   widths 64..512) with the common CIFAR stem; shortcut option B (Conv1x1 +
//   BN). ResNet-18: 11,173,962 parameters (K = 10), 555,422,720 MACs.
// Layers (layer_registry.h): "stem.conv", "layer<s>.<b>.conv_a.conv",
// ".conv_b.conv", ".shortcut.conv" (option B), "classifier". Initial weights:
// PyTorch's default distribution (not He et al.'s) drawn from `init_seed`.
// CreateResNet returns StatusOr; thread-compatible.
#ifndef AIMC_NETWORKS_RESNET_H_
#define AIMC_NETWORKS_RESNET_H_

#include <cstdint>
#include <vector>

#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "networks/network.h"

namespace aimc::networks {

enum class ResNetShortcut {
  kStandard,    // the family's own: kZeroPad for 6n+2, kProjection for 18 / 34
  kZeroPad,     // option A: x[:, :, ::2, ::2] with zero channels added; no parameters
  kProjection,  // option B: Conv1x1(stride 2) + BN where the shape changes
};

struct ResNetConfig {
  int depth = 20;          // 6n+2 in 8..1202, or 18 / 34
  int input_channels = 3;  // 1..64
  int num_classes = 10;    // 1..100000
  ResNetShortcut shortcut = ResNetShortcut::kStandard;
  uint64_t init_seed = 0;  // the RandomStream seed of the initial weights
  // Channels of the first stage, 1..1024; the stages double it. 0 = the
  // family's own (16 for 6n+2, 64 for 18 / 34). Rasch 2023's small-scale R20:
  // 8 (vant_rasch_spec.md B.2.3).
  int base_width = 0;
};

// InvalidArgument naming the field, e.g. "ResNetConfig.depth: must be 6n+2 in
// 8..1202, 18 or 34, got 19".
absl::Status ValidateResNetConfig(const ResNetConfig& config);

class ResNetImpl : public NetworkImpl {
 public:
  // REQUIRES: ValidateResNetConfig(config).ok() (checked). Prefer CreateResNet.
  explicit ResNetImpl(const ResNetConfig& config);

  // x: [batch, input_channels, H, W]; H, W >= 4 (8 for depths 18 / 34).
  torch::Tensor forward(torch::Tensor x) override;

  const ResNetConfig& config() const { return config_; }

 private:
  ResNetConfig config_;
  torch::nn::AnyModule stem_;
  std::vector<torch::nn::AnyModule> blocks_;
  int classifier_;
};

TORCH_MODULE(ResNet);

// InvalidArgument for a bad config; Internal if LibTorch throws.
absl::StatusOr<ResNet> CreateResNet(const ResNetConfig& config = {});

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_RESNET_H_

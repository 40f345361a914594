// Conv2d (no bias) -> BatchNorm2d, optionally preceded by ReLU: NB201's
// ReLUConvBN (../shared/docs/nas_spec.md §1.3) and the ResNets' conv + BN.
// BatchNorm2d has PyTorch's defaults: affine, running statistics, eps 1e-5,
// momentum 0.1. Children: "conv" (replaceable, layer_registry.h) and "bn";
// after FoldBatchNorm only "conv", a biased torch::nn::Conv2d holding the
// folded weights, and forward skips the BatchNorm. Thread-compatible.
#ifndef AIMC_NETWORKS_INTERNAL_CONV_BN_H_
#define AIMC_NETWORKS_INTERNAL_CONV_BN_H_

#include <cstdint>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "networks/layer_registry.h"

namespace aimc::networks::internal {

class ConvBnImpl : public LayerHost {
 public:
  // Square kernel; stride and padding in pixels.
  ConvBnImpl(int64_t in_channels, int64_t out_channels, int kernel_size, int stride, int padding,
             bool relu_first);

  torch::Tensor forward(const torch::Tensor& x);

  // Folds the BatchNorm's eval-mode affine map (running statistics) into the
  // conv: W' = W·γ/√(var+ε), b' = β + (b − μ)·γ/√(var+ε) (b = 0 without a conv
  // bias), computed in float64. The conv is replaced (ReplaceLayer) by a new
  // biased torch::nn::Conv2d of the same geometry, dtype and device; the
  // layer's spec then says bias = true; "bn" is unregistered. A second call
  // does nothing. FailedPrecondition if the conv has been replaced by a module
  // that is not torch::nn::Conv2d. torch's global generator is left as it was.
  absl::Status FoldBatchNorm();
  bool folded() const { return bn_.is_empty(); }

 private:
  bool relu_first_;
  int conv_;
  torch::nn::BatchNorm2d bn_ = nullptr;
};

TORCH_MODULE(ConvBn);

}  // namespace aimc::networks::internal

#endif  // AIMC_NETWORKS_INTERNAL_CONV_BN_H_

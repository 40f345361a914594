// Conv2d (no bias) -> BatchNorm2d, optionally preceded by ReLU: NB201's
// ReLUConvBN (../shared/docs/nas_spec.md §1.3) and the ResNets' conv + BN.
// BatchNorm2d has PyTorch's defaults: affine, running statistics, eps 1e-5,
// momentum 0.1. Children: "conv" (replaceable, layer_registry.h) and "bn".
// Thread-compatible.
#ifndef AIMC_NETWORKS_INTERNAL_CONV_BN_H_
#define AIMC_NETWORKS_INTERNAL_CONV_BN_H_

#include <cstdint>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "networks/layer_registry.h"

namespace aimc::networks::internal {

class ConvBnImpl : public LayerHost {
 public:
  // Square kernel; stride and padding in pixels.
  ConvBnImpl(int64_t in_channels, int64_t out_channels, int kernel_size, int stride, int padding,
             bool relu_first);

  torch::Tensor forward(const torch::Tensor& x);

 private:
  bool relu_first_;
  int conv_;
  torch::nn::BatchNorm2d bn_ = nullptr;
};

TORCH_MODULE(ConvBn);

}  // namespace aimc::networks::internal

#endif  // AIMC_NETWORKS_INTERNAL_CONV_BN_H_

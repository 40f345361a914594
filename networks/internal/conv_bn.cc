#include "networks/internal/conv_bn.h"

namespace aimc::networks::internal {

ConvBnImpl::ConvBnImpl(int64_t in_channels, int64_t out_channels, int kernel_size, int stride,
                       int padding, bool relu_first)
    : relu_first_(relu_first),
      conv_(AddLayer("conv", ConvSpec(in_channels, out_channels, kernel_size, stride, padding,
                                      /*bias=*/false))),
      bn_(register_module("bn", torch::nn::BatchNorm2d(out_channels))) {}

torch::Tensor ConvBnImpl::forward(const torch::Tensor& x) {
  return bn_(CallLayer(conv_, relu_first_ ? torch::relu(x) : x));
}

}  // namespace aimc::networks::internal

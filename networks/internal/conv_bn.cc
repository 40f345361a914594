#include "networks/internal/conv_bn.h"

#include <memory>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/modules/conv.h>
#include <torch/utils.h>

#include "absl/strings/str_cat.h"

namespace aimc::networks::internal {

ConvBnImpl::ConvBnImpl(int64_t in_channels, int64_t out_channels, int kernel_size, int stride,
                       int padding, bool relu_first)
    : relu_first_(relu_first),
      conv_(AddLayer("conv", ConvSpec(in_channels, out_channels, kernel_size, stride, padding,
                                      /*bias=*/false))),
      bn_(register_module("bn", torch::nn::BatchNorm2d(out_channels))) {}

torch::Tensor ConvBnImpl::forward(const torch::Tensor& x) {
  const torch::Tensor y = CallLayer(conv_, relu_first_ ? torch::relu(x) : x);
  return folded() ? y : bn_(y);
}

absl::Status ConvBnImpl::FoldBatchNorm() {
  if (folded()) return absl::OkStatus();
  const std::vector<LayerInfo> layers = ListLayers(*this);
  std::shared_ptr<torch::nn::Conv2dImpl> conv;
  for (const LayerInfo& layer : layers) {
    if (layer.name == "conv") conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module);
  }
  if (conv == nullptr) {
    return absl::FailedPreconditionError(
        "FoldBatchNorm: the conv before the BatchNorm has been replaced by a module that is not "
        "torch::nn::Conv2d; fold before converting layers");
  }
  try {
    torch::NoGradGuard no_grad;
    const auto& bn = *bn_;
    const torch::Tensor inv_std = (bn.running_var.to(torch::kFloat64) + bn.options.eps()).rsqrt();
    const torch::Tensor scale = bn.weight.to(torch::kFloat64) * inv_std;
    torch::Tensor shift = -bn.running_mean.to(torch::kFloat64);
    if (conv->bias.defined()) shift = shift + conv->bias.to(torch::kFloat64);
    const torch::Tensor bias = bn.bias.to(torch::kFloat64) + shift * scale;
    const torch::Tensor weight = conv->weight.to(torch::kFloat64) * scale.view({-1, 1, 1, 1});

    const auto& o = conv->options;
    torch::nn::Conv2dOptions options(o.in_channels(), o.out_channels(), o.kernel_size());
    options.stride(o.stride())
        .padding(o.padding())
        .dilation(o.dilation())
        .groups(o.groups())
        .padding_mode(o.padding_mode())
        .bias(true);
    // The new conv's default init draws from torch's global generator; put its
    // state back so folding changes no later draw.
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    torch::nn::Conv2d folded = nullptr;
    {
      // Not under generator.mutex(): the init below takes it.
      const at::Tensor state = generator.get_state();
      folded = torch::nn::Conv2d(options);
      generator.set_state(state);
    }
    folded->to(conv->weight.device(), conv->weight.scalar_type());
    folded->weight.copy_(weight);
    folded->bias.copy_(bias);
    folded->train(conv->is_training());
    const absl::Status replaced = ReplaceLayer(*this, "conv", torch::nn::AnyModule(folded));
    if (!replaced.ok()) return replaced;
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("FoldBatchNorm: LibTorch: ", e.what_without_backtrace()));
  }
  SetLayerHasBias(conv_);
  unregister_module("bn");
  bn_ = nullptr;
  return absl::OkStatus();
}

}  // namespace aimc::networks::internal

#include "networks/resnet.h"

#include <memory>
#include <string>

#include <torch/nn/modules/container/modulelist.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "networks/layer_registry.h"
#include "networks/internal/conv_bn.h"

namespace aimc::networks {
namespace {

bool IsSixNPlusTwo(int depth) { return depth >= 8 && depth <= 1202 && (depth - 2) % 6 == 0; }

class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in_channels, int64_t out_channels, int stride, bool projection)
      : in_channels_(in_channels),
        out_channels_(out_channels),
        stride_(stride),
        conv_a_(register_module("conv_a", internal::ConvBn(in_channels, out_channels, 3, stride,
                                                           1, /*relu_first=*/false))),
        conv_b_(register_module("conv_b", internal::ConvBn(out_channels, out_channels, 3, 1, 1,
                                                           /*relu_first=*/false))) {
    if (projection && (stride != 1 || in_channels != out_channels)) {
      shortcut_ = register_module(
          "shortcut", internal::ConvBn(in_channels, out_channels, 1, stride, 0,
                                       /*relu_first=*/false));
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor out = conv_b_(torch::relu(conv_a_(x)));
    return torch::relu(out + Shortcut(x));
  }

 private:
  torch::Tensor Shortcut(const torch::Tensor& x) {
    if (shortcut_ != nullptr) return shortcut_->forward(x);
    if (stride_ == 1 && in_channels_ == out_channels_) return x;
    // Option A: keep every stride-th pixel, add the new channels as zeros,
    // half before and half after the old ones.
    const torch::Tensor sub = x.slice(2, 0, x.size(2), stride_).slice(3, 0, x.size(3), stride_);
    const int64_t before = (out_channels_ - in_channels_) / 2;
    const int64_t after = out_channels_ - in_channels_ - before;
    return torch::constant_pad_nd(sub, {0, 0, 0, 0, before, after}, 0);
  }

  int64_t in_channels_, out_channels_;
  int stride_;
  internal::ConvBn conv_a_, conv_b_;
  std::shared_ptr<internal::ConvBnImpl> shortcut_;
};

TORCH_MODULE(BasicBlock);

}  // namespace

absl::Status ValidateResNetConfig(const ResNetConfig& config) {
  if (!IsSixNPlusTwo(config.depth) && config.depth != 18 && config.depth != 34) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ResNetConfig.depth: must be 6n+2 in 8..1202, 18 or 34, got ", config.depth));
  }
  RETURN_IF_ERROR(CheckRange("ResNetConfig.input_channels", config.input_channels, 1, 64));
  RETURN_IF_ERROR(CheckRange("ResNetConfig.num_classes", config.num_classes, 1, 100000));
  RETURN_IF_ERROR(CheckRange("ResNetConfig.base_width", config.base_width, 0, 1024));
  return absl::OkStatus();
}

ResNetImpl::ResNetImpl(const ResNetConfig& config)
    : NetworkImpl(config.input_channels, config.num_classes), config_(config) {
  AIMC_CHECK(ValidateResNetConfig(config).ok());
  const bool cifar = IsSixNPlusTwo(config.depth);
  std::vector<int> blocks, widths;
  if (cifar) {
    const int n = (config.depth - 2) / 6;
    blocks = {n, n, n};
  } else {
    blocks = config.depth == 18 ? std::vector<int>{2, 2, 2, 2} : std::vector<int>{3, 4, 6, 3};
  }
  int stage_width = config.base_width > 0 ? config.base_width : (cifar ? 16 : 64);
  for (size_t s = 0; s < blocks.size(); ++s, stage_width *= 2) widths.push_back(stage_width);
  const bool projection = config.shortcut == ResNetShortcut::kProjection ||
                          (config.shortcut == ResNetShortcut::kStandard && !cifar);
  stem_ = torch::nn::AnyModule(register_module(
      "stem", internal::ConvBn(config.input_channels, widths[0], 3, 1, 1, /*relu_first=*/false)));
  int64_t width = widths[0];
  for (size_t s = 0; s < blocks.size(); ++s) {
    auto stage = register_module(absl::StrCat("layer", s + 1), torch::nn::ModuleList());
    for (int b = 0; b < blocks[s]; ++b) {
      const int stride = (s > 0 && b == 0) ? 2 : 1;
      BasicBlock block(width, widths[s], stride, projection);
      stage->push_back(block);
      blocks_.emplace_back(block);
      width = widths[s];
    }
  }
  classifier_ = AddLayer("classifier", LinearSpec(width, config.num_classes));
  AIMC_CHECK(InitializeLayers(*this, config.init_seed).ok());
}

torch::Tensor ResNetImpl::forward(torch::Tensor x) {
  x = torch::relu(stem_.forward(x));
  for (torch::nn::AnyModule& block : blocks_) x = block.forward(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  return CallLayer(classifier_, x);
}

absl::StatusOr<ResNet> CreateResNet(const ResNetConfig& config) {
  RETURN_IF_ERROR(ValidateResNetConfig(config));
  try {
    return ResNet(config);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateResNet: LibTorch threw: ", e.what_without_backtrace()));
  }
}

}  // namespace aimc::networks

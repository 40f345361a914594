#include "networks/network.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::networks {

int64_t NetworkImpl::ParamCount() const {
  int64_t count = 0;
  for (const torch::Tensor& p : parameters()) count += p.numel();
  return count;
}

absl::StatusOr<std::vector<LayerMacs>> NetworkImpl::LayerMacCounts(int height, int width) {
  if (height < 1 || width < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("LayerMacCounts: image size must be >= 1x1, got ", height, "x", width));
  }
  // Every module's flag, so a mixed train/eval state comes back as it was.
  std::vector<std::pair<std::shared_ptr<torch::nn::Module>, bool>> modes;
  for (const auto& module : modules(/*include_self=*/true)) {
    modes.emplace_back(module, module->is_training());
  }
  eval();
  torch::TensorOptions options = torch::kFloat;
  for (const torch::Tensor& p : parameters()) {
    options = p.options();
    break;
  }
  const torch::Tensor zeros = torch::zeros({1, input_channels_, height, width}, options);
  absl::StatusOr<std::vector<LayerMacs>> macs = CountLayerMacs(*this, [&] {
    torch::NoGradGuard no_grad;
    forward(zeros);
  });
  for (auto& [module, training] : modes) module->train(training);
  return macs;
}

absl::StatusOr<int64_t> NetworkImpl::MacCount(int height, int width) {
  ASSIGN_OR_RETURN(const std::vector<LayerMacs> layers, LayerMacCounts(height, width));
  int64_t total = 0;
  for (const LayerMacs& layer : layers) total += layer.macs;
  return total;
}

}  // namespace aimc::networks

#include "networks/network.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

namespace {

// Parameters then buffers, by their named_parameters / named_buffers paths.
std::vector<std::pair<std::string, torch::Tensor>> NamedState(torch::nn::Module& module) {
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (const auto& item : module.named_parameters()) state.emplace_back(item.key(), item.value());
  for (const auto& item : module.named_buffers()) state.emplace_back(item.key(), item.value());
  return state;
}

std::string Shape(const torch::Tensor& t) {
  return t.defined() ? absl::StrCat("[", absl::StrJoin(t.sizes(), ", "), "]") : "undefined";
}

}  // namespace

absl::Status CopyModuleState(torch::nn::Module& from, torch::nn::Module& to) {
  const auto source = NamedState(from);
  const auto target = NamedState(to);
  absl::flat_hash_map<std::string, torch::Tensor> target_by_name;
  for (const auto& [name, tensor] : target) target_by_name.emplace(name, tensor);
  absl::flat_hash_map<std::string, torch::Tensor> by_name = target_by_name;
  for (const auto& [name, tensor] : source) {
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CopyModuleState: '", name, "' of the source is missing from the target (",
                       target.size(), " tensors)"));
    }
    if (!tensor.defined() || !it->second.defined() || tensor.sizes() != it->second.sizes()) {
      return absl::InvalidArgumentError(absl::StrCat("CopyModuleState: '", name, "' is ",
                                                     Shape(tensor), " in the source but ",
                                                     Shape(it->second), " in the target"));
    }
    by_name.erase(it);
  }
  if (!by_name.empty()) {
    for (const auto& [name, tensor] : target) {
      if (by_name.contains(name)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "CopyModuleState: '", name, "' of the target is missing from the source"));
      }
    }
  }
  try {
    torch::NoGradGuard no_grad;
    for (const auto& [name, tensor] : source) target_by_name.at(name).copy_(tensor);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CopyModuleState: LibTorch: ", e.what_without_backtrace()));
  }
  return absl::OkStatus();
}

}  // namespace aimc::networks

#include "networks/noisy_lenet5.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/layer_registry.h"

namespace aimc::networks {

NoisyLeNet5Impl::NoisyLeNet5Impl(const NoisyLeNet5Config& config,
                                 std::shared_ptr<ActivationNoise> noise)
    : NetworkImpl(config.lenet.input_channels, config.lenet.num_classes),
      config_(config),
      noise_(std::move(noise)) {
  AIMC_CHECK(ValidateLeNet5Config(config.lenet).ok());
  AIMC_CHECK(noise_ != nullptr);
  // lenet5.h's layers, names and order: the same initial weights.
  const std::array<NamedLayerSpec, 5> layers = LeNet5LayerSpecs(config.lenet);
  int* const ids[5] = {&conv1_, &conv2_, &fc1_, &fc2_, &fc3_};
  for (int i = 0; i < 5; ++i) *ids[i] = AddLayer(layers[i].name, layers[i].spec);
  AIMC_CHECK(InitializeLayers(*this, config.lenet.init_seed).ok());
}

torch::Tensor NoisyLeNet5Impl::Pool(const torch::Tensor& x) const {
  return config_.pool == LeNetPool::kMax ? torch::max_pool2d(x, {2, 2})
                                         : torch::avg_pool2d(x, {2, 2});
}

torch::Tensor NoisyLeNet5Impl::forward(torch::Tensor x) {
  ActivationNoise& n = *noise_;
  x = n.Apply(x);                                  // 1 input
  x = n.Apply(CallLayer(conv1_, x));               // 2
  x = n.Apply(torch::relu(x));                     // 3
  x = n.Apply(Pool(x));                            // 4
  x = n.Apply(CallLayer(conv2_, x));               // 5
  x = n.Apply(torch::relu(x));                     // 6
  x = n.Apply(Pool(x));                            // 7
  x = n.Apply(CallLayer(fc1_, x.flatten(1)));      // 8
  x = n.Apply(torch::relu(x));                     // 9
  x = n.Apply(CallLayer(fc2_, x));                 // 10
  x = n.Apply(torch::relu(x));                     // 11
  return n.Apply(CallLayer(fc3_, x));              // 12 logits
}

absl::StatusOr<NoisyLeNet5> CreateNoisyLeNet5(const NoisyLeNet5Config& config) {
  RETURN_IF_ERROR(ValidateLeNet5Config(config.lenet));
  try {
    return NoisyLeNet5(config, std::make_shared<ActivationNoise>());
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateNoisyLeNet5: LibTorch threw: ", e.what_without_backtrace()));
  }
}

}  // namespace aimc::networks

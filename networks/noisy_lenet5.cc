#include "networks/noisy_lenet5.h"

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
  // The layers, their order and names as lenet5.cc: the same initial weights.
  const LeNet5Config& c = config.lenet;
  const int padding = (32 - c.image_size) / 2;
  conv1_ = AddLayer("conv1", ConvSpec(c.input_channels, 6, 5, 1, padding, /*bias=*/true));
  conv2_ = AddLayer("conv2", ConvSpec(6, 16, 5, 1, 0, /*bias=*/true));
  fc1_ = AddLayer("fc1", LinearSpec(16 * 5 * 5, 120));
  fc2_ = AddLayer("fc2", LinearSpec(120, 84));
  fc3_ = AddLayer("fc3", LinearSpec(84, c.num_classes));
  AIMC_CHECK(InitializeLayers(*this, c.init_seed).ok());
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

#include "networks/lenet5.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "networks/layer_registry.h"

namespace aimc::networks {

absl::Status ValidateLeNet5Config(const LeNet5Config& config) {
  RETURN_IF_ERROR(CheckRange("LeNet5Config.input_channels", config.input_channels, 1, 64));
  RETURN_IF_ERROR(CheckRange("LeNet5Config.num_classes", config.num_classes, 1, 100000));
  if (config.image_size != 28 && config.image_size != 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("LeNet5Config.image_size: must be 28 or 32, got ", config.image_size));
  }
  return absl::OkStatus();
}

LeNet5Impl::LeNet5Impl(const LeNet5Config& config)
    : NetworkImpl(config.input_channels, config.num_classes), config_(config) {
  AIMC_CHECK(ValidateLeNet5Config(config).ok());
  const int padding = (32 - config.image_size) / 2;
  conv1_ = AddLayer("conv1", ConvSpec(config.input_channels, 6, 5, 1, padding, /*bias=*/true));
  conv2_ = AddLayer("conv2", ConvSpec(6, 16, 5, 1, 0, /*bias=*/true));
  fc1_ = AddLayer("fc1", LinearSpec(16 * 5 * 5, 120));
  fc2_ = AddLayer("fc2", LinearSpec(120, 84));
  fc3_ = AddLayer("fc3", LinearSpec(84, config.num_classes));
  AIMC_CHECK(InitializeLayers(*this, config.init_seed).ok());
}

torch::Tensor LeNet5Impl::forward(torch::Tensor x) {
  x = torch::max_pool2d(torch::relu(CallLayer(conv1_, x)), {2, 2});
  x = torch::max_pool2d(torch::relu(CallLayer(conv2_, x)), {2, 2});
  x = torch::relu(CallLayer(fc1_, x.flatten(1)));
  x = torch::relu(CallLayer(fc2_, x));
  return CallLayer(fc3_, x);
}

absl::StatusOr<LeNet5> CreateLeNet5(const LeNet5Config& config) {
  RETURN_IF_ERROR(ValidateLeNet5Config(config));
  try {
    return LeNet5(config);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateLeNet5: LibTorch threw: ", e.what_without_backtrace()));
  }
}

}  // namespace aimc::networks

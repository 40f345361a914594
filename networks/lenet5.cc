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

std::array<NamedLayerSpec, 5> LeNet5LayerSpecs(const LeNet5Config& config) {
  // conv1 pads a 28x28 input to 32x32's geometry: both reach 16x5x5.
  const int padding = (32 - config.image_size) / 2;
  return {{{"conv1", ConvSpec(config.input_channels, 6, 5, 1, padding, /*bias=*/true)},
           {"conv2", ConvSpec(6, 16, 5, 1, 0, /*bias=*/true)},
           {"fc1", LinearSpec(16 * 5 * 5, 120)},
           {"fc2", LinearSpec(120, 84)},
           {"fc3", LinearSpec(84, config.num_classes)}}};
}

LeNet5Impl::LeNet5Impl(const LeNet5Config& config)
    : NetworkImpl(config.input_channels, config.num_classes), config_(config) {
  AIMC_CHECK(ValidateLeNet5Config(config).ok());
  const std::array<NamedLayerSpec, 5> layers = LeNet5LayerSpecs(config);
  int* const ids[5] = {&conv1_, &conv2_, &fc1_, &fc2_, &fc3_};
  for (int i = 0; i < 5; ++i) *ids[i] = AddLayer(layers[i].name, layers[i].spec);
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

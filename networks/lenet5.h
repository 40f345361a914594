// LeNet-5 (LeCun et al. 1998) in its common modern form: Conv5x5(in->6) ->
// ReLU -> MaxPool2 -> Conv5x5(6->16) -> ReLU -> MaxPool2 -> Linear(400, 120)
// -> ReLU -> Linear(120, 84) -> ReLU -> Linear(84, K), all with biases; for
// 28x28 input (MNIST, Fashion-MNIST) conv1 pads 2 pixels so both sizes reach
// 16x5x5. 1 input channel, K = 10: 61,706 parameters, 416,520 MACs per image.
// The 1998 original differs (C3's partial connectivity, trainable subsampling,
// scaled tanh, RBF output); it is not reproduced. Layers (layer_registry.h):
// "conv1", "conv2", "fc1", "fc2", "fc3". Initial weights: PyTorch's default
// distribution drawn from `init_seed`. CreateLeNet5 returns StatusOr;
// thread-compatible.
#ifndef AIMC_NETWORKS_LENET5_H_
#define AIMC_NETWORKS_LENET5_H_

#include <array>
#include <cstdint>

#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "networks/layer_registry.h"
#include "networks/network.h"

namespace aimc::networks {

struct LeNet5Config {
  int input_channels = 1;  // 1..64: 1 for (Fashion-)MNIST, 3 for CIFAR
  int num_classes = 10;    // 1..100000
  int image_size = 28;     // 28 or 32 (pixels, square): the size forward expects
  uint64_t init_seed = 0;  // the RandomStream seed of the initial weights
};

// InvalidArgument naming the field, e.g. "LeNet5Config.image_size: must be 28
// or 32, got 30".
absl::Status ValidateLeNet5Config(const LeNet5Config& config);

// The five layers in order, with their names and specs: shared by the
// networks built on LeNet-5 (noisy_lenet5.h), so that their layers and initial
// weights are the same. REQUIRES: ValidateLeNet5Config(config).ok().
struct NamedLayerSpec {
  const char* name;
  LayerSpec spec;
};
std::array<NamedLayerSpec, 5> LeNet5LayerSpecs(const LeNet5Config& config);

class LeNet5Impl : public NetworkImpl {
 public:
  // REQUIRES: ValidateLeNet5Config(config).ok() (checked). Prefer CreateLeNet5.
  explicit LeNet5Impl(const LeNet5Config& config);

  // x: [batch, input_channels, image_size, image_size].
  torch::Tensor forward(torch::Tensor x) override;

  const LeNet5Config& config() const { return config_; }

 private:
  LeNet5Config config_;
  int conv1_, conv2_, fc1_, fc2_, fc3_;
};

TORCH_MODULE(LeNet5);

// InvalidArgument for a bad config; Internal if LibTorch throws.
absl::StatusOr<LeNet5> CreateLeNet5(const LeNet5Config& config = {});

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_LENET5_H_

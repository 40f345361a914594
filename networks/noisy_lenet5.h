// LeNet-5-N: LeNet-5 (lenet5.h, the same layers, names and initial weights)
// with VANT's 12 activation-noise sites (vant_rasch_spec.md A.1.1): the
// input, conv1's output, after its ReLU, after pool 1, conv2's output, after
// its ReLU, after pool 2, fc1's output, after its ReLU, fc2's output, after
// its ReLU, and the logits. Pooling is 2x2 average (the VANT float LeNet,
// A.5-10's choice) or max (then, with the noise off, it is lenet5.h's net
// exactly). The noise is shared: noise() is the ActivationNoise the caller
// sets σ on. Thread-compatible.
#ifndef AIMC_NETWORKS_NOISY_LENET5_H_
#define AIMC_NETWORKS_NOISY_LENET5_H_

#include <memory>

#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/statusor.h"
#include "networks/activation_noise.h"
#include "networks/lenet5.h"
#include "networks/network.h"

namespace aimc::networks {

enum class LeNetPool { kAverage, kMax };

struct NoisyLeNet5Config {
  LeNet5Config lenet;
  LeNetPool pool = LeNetPool::kAverage;
};

class NoisyLeNet5Impl : public NetworkImpl {
 public:
  static constexpr int kNoiseSites = 12;

  // REQUIRES: ValidateLeNet5Config(config.lenet).ok() and noise non-null
  // (checked). Prefer CreateNoisyLeNet5.
  NoisyLeNet5Impl(const NoisyLeNet5Config& config, std::shared_ptr<ActivationNoise> noise);

  torch::Tensor forward(torch::Tensor x) override;

  ActivationNoise& noise() { return *noise_; }
  const std::shared_ptr<ActivationNoise>& shared_noise() const { return noise_; }

 private:
  torch::Tensor Pool(const torch::Tensor& x) const;

  NoisyLeNet5Config config_;
  std::shared_ptr<ActivationNoise> noise_;
  int conv1_, conv2_, fc1_, fc2_, fc3_;
};

TORCH_MODULE(NoisyLeNet5);

// A new network with its own ActivationNoise (off). InvalidArgument for a bad
// config; Internal if LibTorch throws.
absl::StatusOr<NoisyLeNet5> CreateNoisyLeNet5(const NoisyLeNet5Config& config = {});

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_NOISY_LENET5_H_

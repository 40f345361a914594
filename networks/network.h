// The interface every image classifier of this package implements: a batch of
// images in, logits out, plus its parameter count and its MACs (the package's
// FLOPs convention, layer_registry.h: multiply-accumulates of the conv and
// linear layers per image; NAS-Bench-201's published "FLOPs" are this plus one
// per bias output, e.g. 7,783,040 + 10 for its smallest cell at 32x32).
// forward() is torch's API and throws c10::Error on a wrongly shaped input;
// MacCount and CopyModuleState return a Status instead. Thread-compatible:
// forward in training mode updates BatchNorm statistics.
#ifndef AIMC_NETWORKS_NETWORK_H_
#define AIMC_NETWORKS_NETWORK_H_

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "networks/layer_registry.h"

namespace aimc::networks {

class NetworkImpl : public LayerHost {
 public:
  // x: [batch, input_channels(), height, width], float32. Returns
  // [batch, num_classes()] logits.
  virtual torch::Tensor forward(torch::Tensor x) = 0;

  int input_channels() const { return input_channels_; }
  int num_classes() const { return num_classes_; }

  // Elements of parameters() (trainable; BatchNorm running statistics are
  // buffers and not counted).
  int64_t ParamCount() const;

  // MACs per image for a height x width input (pixels), per layer in
  // ListLayers order. Runs one forward pass of zeros (batch 1) in eval mode
  // without autograd and restores every module's training flag, so BatchNorm
  // statistics do not change. InvalidArgument if the size is not positive or
  // the network rejects it.
  absl::StatusOr<std::vector<LayerMacs>> LayerMacCounts(int height, int width);
  // The sum of LayerMacCounts.
  absl::StatusOr<int64_t> MacCount(int height, int width);

 protected:
  NetworkImpl(int input_channels, int num_classes)
      : input_channels_(input_channels), num_classes_(num_classes) {}

 private:
  int input_channels_;
  int num_classes_;
};

TORCH_MODULE(Network);

// The same network as a Network: Network net = AsNetwork(*CreateLeNet5({})).
template <typename Impl>
Network AsNetwork(const torch::nn::ModuleHolder<Impl>& holder) {
  return Network(std::shared_ptr<NetworkImpl>(holder.ptr()));
}

// Copies every parameter and buffer (BatchNorm statistics included) of `from`
// into the tensor of the same name in `to`, in place and without autograd:
// with a second network made from the same config (and cell), a deep copy,
// e.g. of a trained FP32 model before PTQ/QAT. Both must have exactly the same
// names and shapes; otherwise InvalidArgument naming the first name missing
// from either or of another shape, and nothing is copied. Dtypes convert
// (copy_). Neither module is retained.
absl::Status CopyModuleState(torch::nn::Module& from, torch::nn::Module& to);

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_NETWORK_H_

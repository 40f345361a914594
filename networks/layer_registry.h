// The conv and linear layers of this package's networks, by name: list them,
// replace one by another module (the analog conversion's hook), re-draw their
// initial weights from a seed, count their multiply-accumulates (MACs).
// Modules owning such layers derive from LayerHost, make them with AddLayer and
// call them with CallLayer, so ReplaceLayer swaps the registered child
// (torch::nn::Module::replace_module) and the module forward runs together
// (replace_module alone would leave forward on the old layer). Names are
// named_modules() paths: "cells.0.edge_1_3.conv". Errors are Statuses, never
// exceptions. Thread-compatible, like any torch::nn::Module.
#ifndef AIMC_NETWORKS_LAYER_REGISTRY_H_
#define AIMC_NETWORKS_LAYER_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aimc::networks {

enum class LayerKind { kConv2d, kLinear };

// "conv2d" or "linear".
absl::string_view LayerKindName(LayerKind kind);

// The geometry a layer was created with. A replacement keeps it: it must map
// the same input shape to the same output shape.
struct LayerSpec {
  LayerKind kind = LayerKind::kConv2d;
  int64_t in_features = 0;   // conv: input channels; linear: input features
  int64_t out_features = 0;  // conv: output channels; linear: output features
  int kernel_size = 1;       // conv only: side of the square kernel (pixels)
  int stride = 1;            // conv only (pixels)
  int padding = 0;           // conv only: zeros added on each side (pixels)
  bool bias = false;

  // [out, in, k, k] (conv) or [out, in] (linear).
  std::vector<int64_t> WeightShape() const;
  // Inputs summed into one output: in·k² (conv) or in (linear).
  int64_t FanIn() const;
  // Weights plus biases.
  int64_t ParamCount() const;
};

LayerSpec ConvSpec(int64_t in_channels, int64_t out_channels, int kernel_size, int stride,
                   int padding, bool bias);
LayerSpec LinearSpec(int64_t in_features, int64_t out_features, bool bias = true);

struct LayerInfo {
  std::string name;  // path from the root module
  LayerSpec spec;
  // The module that runs now: the torch::nn::Conv2dImpl / LinearImpl AddLayer
  // made, or its replacement. Shared with the network.
  std::shared_ptr<torch::nn::Module> module;
};

// Base of every module that owns replaceable layers.
class LayerHost : public torch::nn::Module {
 protected:
  // Makes a torch::nn::Conv2d (dilation and groups 1) or Linear as `spec`
  // says, registers it as child `name` and returns the index CallLayer takes.
  // Its weights are PyTorch's default init from torch's global generator
  // until InitializeLayers re-draws them.
  int AddLayer(std::string name, const LayerSpec& spec);

  // Runs layer `index` (an AddLayer result) on x.
  torch::Tensor CallLayer(int index, const torch::Tensor& x);

  // Records that layer `index` now has a bias (its replacement added one, as
  // BatchNorm folding does): ListLayers then reports spec.bias = true.
  void SetLayerHasBias(int index);

 private:
  struct Slot {
    std::string name;
    LayerSpec spec;
    torch::nn::AnyModule module;
    int64_t traced_macs = 0;  // per sample, while tracing
  };

  friend struct LayerHostAccess;  // the free functions below

  std::vector<Slot> slots_;
  bool tracing_ = false;
};

// Every layer under `root` (root included) in registration order, the order
// of named_modules() and of the state dict. A layer's own submodules (e.g. a
// replacement's) are not listed.
std::vector<LayerInfo> ListLayers(torch::nn::Module& root);

// Replaces layer `name` by `replacement`: the registered child (so
// parameters(), state_dict names and to() see it) and the module forward calls.
// The replacement keeps the name and spec. REQUIRES: `replacement` maps the
// layer's input shape to its output shape and lives on the same device.
absl::Status ReplaceLayer(torch::nn::Module& root, absl::string_view name,
                          torch::nn::AnyModule replacement);

// Re-draws every layer as PyTorch's default init does, weight and bias
// ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), from aimc::RandomStream (seed,
// entity = index in ListLayers order, draw 0 weight / 1 bias): the result
// depends on `seed` only, never on torch's global generator or threads.
// FailedPrecondition if a layer has been replaced or is not float32 on the CPU.
absl::Status InitializeLayers(torch::nn::Module& root, uint64_t seed);

struct LayerMacs {
  std::string name;
  LayerSpec spec;
  // Per sample (the input's first dimension): conv out·H_out·W_out·in·k²,
  // linear out·in per output row; biases, BN, pooling, activations and sums
  // are not counted. Summed over calls; 0 if the layer did not run.
  int64_t macs = 0;
};

// Runs `forward` with MAC tracing on for every layer under `root` and returns
// the layers' MACs in ListLayers order. InvalidArgument, with torch's message,
// if `forward` throws c10::Error (e.g. an input too small for the network).
absl::StatusOr<std::vector<LayerMacs>> CountLayerMacs(torch::nn::Module& root,
                                                      absl::FunctionRef<void()> forward);

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_LAYER_REGISTRY_H_

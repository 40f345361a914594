// Converting a network of this package to analog, and the model-wide analog
// calls (the reference toolkit's convert_to_analog, program_analog_weights,
// drift_analog_weights). ConvertToAnalog replaces, in place, every conv and
// linear layer the layer registry lists (layer_registry.h) by its analog twin
// (analog_layer.h) with the same weights and bias; copy the network first
// (CopyModuleState into a second instance) to keep a digital one. The other
// calls act on every analog layer under a root. Errors are Statuses.
// Thread-compatible.
#ifndef AIMC_NETWORKS_ANALOG_CONVERT_H_
#define AIMC_NETWORKS_ANALOG_CONVERT_H_

#include <cstdint>
#include <vector>

#include <torch/nn/module.h>

#include "absl/status/status.h"
#include "crossbar/tile_config.pb.h"
#include "networks/analog/analog_layer.h"

namespace aimc::networks::analog {

struct ConvertOptions {
  uint64_t seed = 0;  // keys all noise of the converted layers (layer i: layer_id i)
  // Keep the first / last layer of ListLayers order digital (e.g. the stem
  // conv and the classifier), as some HWA studies do; AnalogNAS-Bench
  // converts all.
  bool keep_first_digital = false;
  bool keep_last_digital = false;
  OutScaleKind out_scale = OutScaleKind::kLayer;
  bool learn_out_scale = false;
};

// InvalidArgument for a bad preset (crossbar/config.h's message) or a layer
// the crossbar rejects (naming it); FailedPrecondition if a layer is neither
// a torch::nn::Conv2d/Linear nor already analog (e.g. a quantization
// wrapper). Already-analog layers are left alone.
absl::Status ConvertToAnalog(torch::nn::Module& root, const crossbar::TileConfig& preset,
                             const ConvertOptions& options = {});

// Every analog layer under `root` (root included), in module order.
std::vector<AnalogLayerBaseImpl*> AnalogLayers(torch::nn::Module& root);

// Program instance `instance` onto every layer (aimc_model.md §2, §5).
absl::Status ProgramAnalogLayers(torch::nn::Module& root, uint32_t instance);
// Drift every (programmed) layer to t seconds, read number `read_index`.
absl::Status DriftAnalogLayers(torch::nn::Module& root, double t_inference_s,
                               uint32_t read_index);
// Every layer back to unprogrammed.
void ResetAnalogLayers(torch::nn::Module& root);
// The training-time weight noise of every layer.
void SetWeightNoise(torch::nn::Module& root, const WeightNoiseSchedule& noise);

}  // namespace aimc::networks::analog

#endif  // AIMC_NETWORKS_ANALOG_CONVERT_H_

#include "networks/analog/convert.h"

#include <memory>
#include <string>
#include <utility>

#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "networks/analog/torch_parallel_backend.h"
#include "networks/layer_registry.h"

namespace aimc::networks::analog {

absl::Status ConvertToAnalog(torch::nn::Module& root, const crossbar::TileConfig& preset,
                             const ConvertOptions& options) {
  RETURN_IF_ERROR(crossbar::Validate(preset));
  // Process-wide, so here (a program-level call) rather than per layer.
  InstallTorchParallelBackend();
  const std::vector<LayerInfo> layers = ListLayers(root);
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerInfo& info = layers[i];
    if ((options.keep_first_digital && i == 0) ||
        (options.keep_last_digital && i + 1 == layers.size())) {
      continue;
    }
    if (std::dynamic_pointer_cast<AnalogLayerBaseImpl>(info.module) != nullptr) continue;
    AnalogLayerOptions lo;
    lo.tile = preset;
    lo.seed = options.seed;
    lo.layer_id = static_cast<uint32_t>(i);
    lo.out_scale = options.out_scale;
    lo.learn_out_scale = options.learn_out_scale;
    LayerSpec spec = info.spec;
    torch::Tensor weight, bias;
    if (auto conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(info.module)) {
      weight = conv->weight;
      bias = conv->bias;
    } else if (auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(info.module)) {
      weight = linear->weight;
      bias = linear->bias;
    } else {
      return absl::FailedPreconditionError(absl::StrCat(
          "ConvertToAnalog: layer \"", info.name,
          "\" is neither a torch Conv2d/Linear nor analog (convert before any other wrapping)"));
    }
    spec.bias = bias.defined() && bias.numel() > 0;  // e.g. after BN folding
    absl::StatusOr<torch::nn::AnyModule> replacement =
        CreateAnalogLayer(spec, lo, weight, spec.bias ? bias : torch::Tensor());
    if (!replacement.ok()) {
      return absl::Status(replacement.status().code(),
                          absl::StrCat("layer \"", info.name, "\": ",
                                       replacement.status().message()));
    }
    RETURN_IF_ERROR(ReplaceLayer(root, info.name, *std::move(replacement)));
  }
  return absl::OkStatus();
}

std::vector<AnalogLayerBaseImpl*> AnalogLayers(torch::nn::Module& root) {
  std::vector<AnalogLayerBaseImpl*> out;
  for (const std::shared_ptr<torch::nn::Module>& m : root.modules(/*include_self=*/true)) {
    if (auto* a = dynamic_cast<AnalogLayerBaseImpl*>(m.get())) out.push_back(a);
  }
  return out;
}

absl::Status ProgramAnalogLayers(torch::nn::Module& root, uint32_t instance) {
  for (AnalogLayerBaseImpl* layer : AnalogLayers(root)) RETURN_IF_ERROR(layer->Program(instance));
  return absl::OkStatus();
}

absl::Status DriftAnalogLayers(torch::nn::Module& root, double t_inference_s,
                               uint32_t read_index) {
  for (AnalogLayerBaseImpl* layer : AnalogLayers(root)) {
    RETURN_IF_ERROR(layer->Drift(t_inference_s, read_index));
  }
  return absl::OkStatus();
}

void ResetAnalogLayers(torch::nn::Module& root) {
  for (AnalogLayerBaseImpl* layer : AnalogLayers(root)) layer->Reset();
}

void SetWeightNoise(torch::nn::Module& root, const WeightNoiseSchedule& noise) {
  for (AnalogLayerBaseImpl* layer : AnalogLayers(root)) layer->set_weight_noise(noise);
}

}  // namespace aimc::networks::analog

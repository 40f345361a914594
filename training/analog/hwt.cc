#include "training/analog/hwt.h"

#include <utility>

#include "common/status_macros.h"
#include "networks/analog/analog_layer.h"
#include "training/analog/hwt_recipe.h"

namespace aimc::training {

using networks::analog::AnalogLayerBaseImpl;
using networks::analog::AnalogLayers;

networks::analog::ConvertOptions HwtConvertOptions(const HwtRecipe& recipe, uint64_t seed) {
  networks::analog::ConvertOptions o;
  o.seed = seed;
  o.out_scale = recipe.remap().type() == RemapConfig::COLUMNWISE
                    ? networks::analog::OutScaleKind::kColumn
                    : networks::analog::OutScaleKind::kLayer;
  o.learn_out_scale = recipe.remap().learn_out_scale();
  return o;
}

absl::Status ConvertForHwt(networks::Network& network, const crossbar::TileConfig& tile,
                           const HwtRecipe& recipe, uint64_t seed) {
  RETURN_IF_ERROR(ValidateHwtRecipe(recipe));
  RETURN_IF_ERROR(
      networks::analog::ConvertToAnalog(*network, tile, HwtConvertOptions(recipe, seed)));
  ApplyHwtWeightNoise(network, recipe);
  return absl::OkStatus();
}

void ApplyHwtWeightNoise(networks::Network& network, const HwtRecipe& recipe) {
  networks::analog::WeightNoiseSchedule noise;
  noise.injection = ToInjection(recipe.weight_noise());
  noise.ramp_up_steps = recipe.weight_noise().ramp_up_batches();
  networks::analog::SetWeightNoise(*network, noise);
}

StepHook HwtStepHook(const HwtRecipe& recipe) {
  return [clip = recipe.clip(), remap = recipe.remap()](networks::Network& network) {
    for (AnalogLayerBaseImpl* layer : AnalogLayers(*network)) {
      switch (clip.type()) {
        case ClipConfig::NONE:
          break;
        case ClipConfig::FIXED:
          layer->ClipWeights(clip.fixed_value(), 0);
          break;
        case ClipConfig::LAYER_GAUSSIAN:
          layer->ClipWeights(clip.fixed_value(), clip.sigma());
          break;
      }
      // The layer's output scales were shaped at conversion (HwtConvertOptions).
      if (remap.type() != RemapConfig::NONE) layer->Remap();
    }
    return absl::OkStatus();
  };
}

TrainerConfig HwtTrainerConfig(const HwtRecipe& recipe, const TrainerConfig& base) {
  TrainerConfig c = base;
  const HwtOptimizerConfig& o = recipe.optimizer();
  c.lr = o.lr();
  c.lr_min = o.cosine() ? 0.0 : o.lr();  // a cosine from lr to lr is constant
  c.momentum = o.momentum();
  c.nesterov = o.nesterov() && o.momentum() > 0;
  c.weight_decay = o.weight_decay();
  return c;
}

absl::Status TrainHardwareAware(networks::Network& network, const Dataset& train,
                                const HwtRecipe& recipe, const TrainerConfig& base) {
  RETURN_IF_ERROR(ValidateHwtRecipe(recipe));
  if (AnalogLayers(*network).empty()) {
    return absl::FailedPreconditionError(
        "TrainHardwareAware: the network has no analog layer (ConvertForHwt first)");
  }
  ApplyHwtWeightNoise(network, recipe);
  ASSIGN_OR_RETURN(std::unique_ptr<Trainer> trainer,
                   Trainer::Create(network, &train, HwtTrainerConfig(recipe, base)));
  trainer->AddStepHook(HwtStepHook(recipe));
  return trainer->Train();
}

}  // namespace aimc::training

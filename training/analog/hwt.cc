#include "training/analog/hwt.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
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

absl::Status ClipAndRemapWeights(networks::Network& network, const HwtRecipe& recipe,
                                 bool remap_now) {
  const ClipConfig& clip = recipe.clip();
  const RemapConfig& remap = recipe.remap();
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
    if (remap_now && remap.type() != RemapConfig::NONE) layer->Remap();
  }
  return absl::OkStatus();
}

HwtRegime::HwtRegime(const HwtRecipe& recipe, std::unique_ptr<TrainingRegime> inner)
    : WrappedRegime(inner != nullptr ? std::move(inner) : std::make_unique<DigitalRegime>()),
      recipe_(recipe) {}

absl::StatusOr<std::unique_ptr<HwtRegime>> HwtRegime::Create(
    const HwtRecipe& recipe, std::unique_ptr<TrainingRegime> inner) {
  RETURN_IF_ERROR(ValidateHwtRecipe(recipe));
  return std::unique_ptr<HwtRegime>(new HwtRegime(recipe, std::move(inner)));
}

std::string HwtRegime::Fingerprint() const {
  return absl::StrCat("hwt{", recipe_.ShortDebugString(), "} + ", inner().Fingerprint());
}

absl::Status HwtRegime::Prepare(networks::Network& network) {
  RETURN_IF_ERROR(WrappedRegime::Prepare(network));
  if (AnalogLayers(*network).empty()) {
    return absl::FailedPreconditionError(
        "HwtRegime: the network has no analog layer (ConvertForHwt first)");
  }
  ApplyHwtWeightNoise(network, recipe_);
  return absl::OkStatus();
}

absl::Status HwtRegime::AfterStep(networks::Network& network, const StepContext& step) {
  RETURN_IF_ERROR(WrappedRegime::AfterStep(network, step));
  const int64_t every = recipe_.remap().every_batches();
  return ClipAndRemapWeights(network, recipe_, (step.global_step + 1) % every == 0);
}

TrainerConfig HwtTrainerConfig(const HwtRecipe& recipe, const TrainerConfig& base) {
  TrainerConfig c = base;
  const HwtOptimizerConfig& o = recipe.optimizer();
  c.optimizer.lr = o.lr();
  c.schedule.lr_min = o.cosine() ? 0.0 : o.lr();  // a cosine from lr to lr is constant
  c.optimizer.momentum = o.momentum();
  c.optimizer.nesterov = o.nesterov() && o.momentum() > 0;
  c.optimizer.weight_decay = o.weight_decay();
  return c;
}

absl::Status TrainHardwareAware(networks::Network& network, const Dataset& train,
                                const HwtRecipe& recipe, const TrainerConfig& base) {
  ASSIGN_OR_RETURN(std::unique_ptr<HwtRegime> regime, HwtRegime::Create(recipe));
  ASSIGN_OR_RETURN(std::unique_ptr<Trainer> trainer,
                   Trainer::Create(network, &train, HwtTrainerConfig(recipe, base),
                                   std::move(regime)));
  return trainer->Train();
}

}  // namespace aimc::training

// Hardware-aware training (aimc_model.md §8; AnalogNAS-Bench nas_spec.md
// §4.6) of a network of this package with a recipe (hwt_recipe.h): convert
// it to analog with the recipe's tile preset and output scales, inject the
// recipe's weight noise in every training forward, and clip then remap the
// weights after every optimizer step, with the recipe's SGD. HwtRegime is
// that as a training regime (training/regime.h) around another (digital by
// default); the training loop, checkpoints and resume are
// training/trainer.h's. Errors are Statuses. Thread-compatible.
#ifndef AIMC_TRAINING_ANALOG_HWT_H_
#define AIMC_TRAINING_ANALOG_HWT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "crossbar/tile_config.pb.h"
#include "networks/analog/convert.h"
#include "networks/network.h"
#include "training/analog/hwt_recipe.pb.h"
#include "training/data/dataset.h"
#include "training/regime.h"
#include "training/trainer.h"

namespace aimc::training {

// The conversion settings the recipe implies (output scales per layer or
// column, learned or not); `seed` keys the analog noise.
networks::analog::ConvertOptions HwtConvertOptions(const HwtRecipe& recipe, uint64_t seed);

// Converts `network` in place to analog on `tile` (normally the recipe's
// tile_preset, crossbar::LoadTileConfig) with HwtConvertOptions. The
// converted network evaluated as it is gives the "noisy" metric (§4.5).
absl::Status ConvertForHwt(networks::Network& network, const crossbar::TileConfig& tile,
                           const HwtRecipe& recipe, uint64_t seed);

// Sets the recipe's weight noise (with its ramp-up) on every analog layer.
void ApplyHwtWeightNoise(networks::Network& network, const HwtRecipe& recipe);

// The post-step weight handling: per analog layer, clip then (if `remap`)
// remap as the recipe says. REQUIRES: under torch::NoGradGuard.
absl::Status ClipAndRemapWeights(networks::Network& network, const HwtRecipe& recipe,
                                 bool remap = true);

// HWT as a regime around `inner` (nullptr = DigitalRegime): Prepare = the
// inner's, then FailedPrecondition without an analog layer, then the recipe's
// weight noise on every layer (its ramp counts the layers' train_steps,
// checkpointed with the network); AfterStep = the inner's, then
// ClipAndRemapWeights, remapping after steps every_batches, 2·every_batches, ... Loss and BeforeStep are the inner's. Fingerprint
// "hwt{<the recipe>} + <inner>". No state of its own.
class HwtRegime : public WrappedRegime {
 public:
  // InvalidArgument for a bad recipe (ValidateHwtRecipe).
  static absl::StatusOr<std::unique_ptr<HwtRegime>> Create(
      const HwtRecipe& recipe, std::unique_ptr<TrainingRegime> inner = nullptr);

  std::string Fingerprint() const override;
  absl::Status Prepare(networks::Network& network) override;
  absl::Status AfterStep(networks::Network& network, const StepContext& step) override;

  const HwtRecipe& recipe() const { return recipe_; }

 private:
  HwtRegime(const HwtRecipe& recipe, std::unique_ptr<TrainingRegime> inner);

  HwtRecipe recipe_;
};

// `base` with the recipe's optimizer: SGD lr/momentum/Nesterov/weight decay,
// the learning rate constant, or cosine to 0 over base.schedule.epochs.
TrainerConfig HwtTrainerConfig(const HwtRecipe& recipe, const TrainerConfig& base);

// Trains the analog `network` (ConvertForHwt first) for base.schedule.epochs
// on `train` (not retained) with HwtRegime and HwtTrainerConfig. FailedPrecondition
// if it has no analog layer; the trainer's errors otherwise.
absl::Status TrainHardwareAware(networks::Network& network, const Dataset& train,
                                const HwtRecipe& recipe, const TrainerConfig& base);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_ANALOG_HWT_H_

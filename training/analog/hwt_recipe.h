// Hardware-aware training recipes (hwt_recipe.proto, aimc_model.md §8): load
// a preset by name ("analognas_bench", "rasch2023") or a .textproto path,
// validate, and translate the noise settings into the crossbar's injection.
// Errors: NotFound for an unknown preset (listing the names), InvalidArgument
// naming the field. Thread-safe (pure functions).
#ifndef AIMC_TRAINING_ANALOG_HWT_RECIPE_H_
#define AIMC_TRAINING_ANALOG_HWT_RECIPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossbar/tile.h"
#include "training/analog/hwt_recipe.pb.h"

namespace aimc::training {

// e.g. "weight_noise.scale: must be finite and >= 0, got -1".
absl::Status ValidateHwtRecipe(const HwtRecipe& recipe);

std::vector<std::string> HwtRecipeNames();

// A preset name or a path ending in .textproto, validated; the tile preset it
// names must exist.
absl::StatusOr<HwtRecipe> LoadHwtRecipe(absl::string_view name_or_path);

// The recipe's weight noise as the crossbar injects it (without the ramp).
crossbar::WeightNoiseInjection ToInjection(const WeightNoiseConfig& noise);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_ANALOG_HWT_RECIPE_H_

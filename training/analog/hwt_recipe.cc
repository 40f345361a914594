#include "training/analog/hwt_recipe.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/embedded_file.h"
#include "common/status_macros.h"
#include "common/textproto.h"
#include "crossbar/config.h"

namespace aimc::training {

absl::Span<const EmbeddedFile> HwtRecipeFiles();  // embedded_files() in BUILD

namespace {

absl::Status NonNegative(absl::string_view field, double v) {
  if (!(v >= 0) || !std::isfinite(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be finite and >= 0, got ", v));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateHwtRecipe(const HwtRecipe& r) {
  if (r.tile_preset().empty()) {
    return absl::InvalidArgumentError("tile_preset: required (a crossbar preset name)");
  }
  const WeightNoiseConfig& n = r.weight_noise();
  RETURN_IF_ERROR(NonNegative("weight_noise.scale", n.scale()));
  if (n.ramp_up_batches() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("weight_noise.ramp_up_batches: must be >= 0, got ", n.ramp_up_batches()));
  }
  if (!(n.drop_connect() >= 0 && n.drop_connect() < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("weight_noise.drop_connect: must be in [0, 1), got ", n.drop_connect()));
  }
  RETURN_IF_ERROR(NonNegative("clip.fixed_value", r.clip().fixed_value()));
  RETURN_IF_ERROR(NonNegative("clip.sigma", r.clip().sigma()));
  if (r.clip().type() == ClipConfig::FIXED && !(r.clip().fixed_value() > 0)) {
    return absl::InvalidArgumentError("clip.fixed_value: must be > 0 with clip.type FIXED");
  }
  if (r.clip().type() == ClipConfig::LAYER_GAUSSIAN && !(r.clip().sigma() > 0)) {
    return absl::InvalidArgumentError("clip.sigma: must be > 0 with clip.type LAYER_GAUSSIAN");
  }
  if (r.remap().learn_out_scale() && r.remap().type() == RemapConfig::NONE) {
    return absl::InvalidArgumentError(
        "remap.learn_out_scale: needs remap.type LAYERWISE or COLUMNWISE (the scales' shape)");
  }
  if (r.remap().every_batches() < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("remap.every_batches: must be >= 1, got ", r.remap().every_batches()));
  }
  const HwtOptimizerConfig& o = r.optimizer();
  if (!(o.lr() > 0) || !std::isfinite(o.lr())) {
    return absl::InvalidArgumentError(
        absl::StrCat("optimizer.lr: must be finite and > 0, got ", o.lr()));
  }
  if (!(o.momentum() >= 0 && o.momentum() < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("optimizer.momentum: must be in [0, 1), got ", o.momentum()));
  }
  RETURN_IF_ERROR(NonNegative("optimizer.weight_decay", o.weight_decay()));
  if (r.epochs() < 1) {
    return absl::InvalidArgumentError(absl::StrCat("epochs: must be >= 1, got ", r.epochs()));
  }
  return absl::OkStatus();
}

std::vector<std::string> HwtRecipeNames() { return PresetNames(HwtRecipeFiles()); }

absl::StatusOr<HwtRecipe> LoadHwtRecipe(absl::string_view name_or_path) {
  HwtRecipe recipe;
  RETURN_IF_ERROR(LoadTextProtoPreset(name_or_path, HwtRecipeFiles(), "HWT recipe", &recipe));
  absl::Status valid = ValidateHwtRecipe(recipe);
  if (!valid.ok()) {
    return absl::Status(valid.code(), absl::StrCat(name_or_path, ": ", valid.message()));
  }
  const absl::StatusOr<crossbar::TileConfig> tile = crossbar::LoadTileConfig(recipe.tile_preset());
  if (!tile.ok()) {
    return absl::Status(tile.status().code(),
                        absl::StrCat(name_or_path, ": tile_preset: ", tile.status().message()));
  }
  return recipe;
}

crossbar::WeightNoiseInjection ToInjection(const WeightNoiseConfig& noise) {
  using Type = crossbar::WeightNoiseInjection::Type;
  crossbar::WeightNoiseInjection injection;
  switch (noise.type()) {
    case WeightNoiseConfig::NONE:
      injection.type = Type::kNone;
      break;
    case WeightNoiseConfig::ADDITIVE_GAUSSIAN:
      injection.type = Type::kAdditiveGaussian;
      break;
    case WeightNoiseConfig::PCM:
      injection.type = Type::kPcm;
      break;
    case WeightNoiseConfig::PCM_PROGRAMMING:
      injection.type = Type::kPcmProgramming;
      break;
    case WeightNoiseConfig::RERAM_PROGRAMMING:
      injection.type = Type::kReramProgramming;
      break;
    case WeightNoiseConfig::CONSTANT:
      injection.type = Type::kConstant;
      break;
  }
  injection.scale = static_cast<float>(noise.scale());
  injection.drop_connect = static_cast<float>(noise.drop_connect());
  return injection;
}

}  // namespace aimc::training

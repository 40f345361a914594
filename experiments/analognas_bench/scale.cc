#include "experiments/analognas_bench/scale.h"

#include "absl/strings/str_cat.h"
#include "common/embedded_file.h"
#include "common/status_macros.h"
#include "common/textproto.h"
#include "common/validation.h"

namespace aimc::experiments {

absl::Span<const EmbeddedFile> ScalePresetFiles();  // embedded_files() in BUILD

namespace {

// Upper bounds that only catch typos (a 10^5-epoch run is not a scale).
constexpr double kMaxEpochs = 1e5;
constexpr double kMaxImages = 1e8;

}  // namespace

std::vector<std::string> ScalePresetNames() { return PresetNames(ScalePresetFiles()); }

absl::Status Validate(const ScaleConfig& c) {
  if (c.data().empty()) {
    return absl::InvalidArgumentError("data: required (fashion_mnist or cifar10)");
  }
  if (c.image_size() != 16 && c.image_size() != 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("image_size: must be 16 or 32, got ", c.image_size()));
  }
  RETURN_IF_ERROR(CheckRange("channels", c.channels(), 1, 1024));
  RETURN_IF_ERROR(CheckRange("cells_per_stage", c.cells_per_stage(), 1, 64));
  RETURN_IF_ERROR(CheckRange("train_images", static_cast<double>(c.train_images()), 0, kMaxImages));
  RETURN_IF_ERROR(CheckRange("test_images", static_cast<double>(c.test_images()), 0, kMaxImages));
  RETURN_IF_ERROR(CheckRange("epochs", c.epochs(), 1, kMaxEpochs));
  RETURN_IF_ERROR(CheckRange("batch_size", c.batch_size(), 1, 65536));
  RETURN_IF_ERROR(CheckRange("qat_epochs", c.qat_epochs(), 1, kMaxEpochs));
  RETURN_IF_ERROR(CheckRange("hwt_epochs", c.hwt_epochs(), 1, kMaxEpochs));
  RETURN_IF_ERROR(CheckRange("repetitions", c.repetitions(), 1, 10000));
  if (c.description().empty()) {
    return absl::InvalidArgumentError(
        "description: required (what differs from the paper; recorded as provenance)");
  }
  return absl::OkStatus();
}

absl::StatusOr<ScaleConfig> LoadScaleConfig(absl::string_view name_or_path) {
  ScaleConfig config;
  RETURN_IF_ERROR(LoadTextProtoPreset(name_or_path, ScalePresetFiles(), "scale", &config));
  RETURN_IF_ERROR(WithPrefix(absl::StrCat("scale ", name_or_path, ": "), Validate(config)));
  return config;
}

absl::StatusOr<ScaleSettings> ResolveScale(absl::string_view name_or_path) {
  ASSIGN_OR_RETURN(const ScaleConfig c, LoadScaleConfig(name_or_path));
  ScaleSettings s;
  s.name = std::string(name_or_path);
  s.data = c.data();
  s.image_size = c.image_size();
  s.channels = c.channels();
  s.cells_per_stage = c.cells_per_stage();
  s.train_images = c.train_images();
  s.test_images = c.test_images();
  s.epochs = c.epochs();
  s.batch_size = c.batch_size();
  s.qat_epochs = c.qat_epochs();
  s.hwt_epochs = c.hwt_epochs();
  s.repetitions = c.repetitions();
  s.qat_validates_on_test = c.qat_validates_on_test();
  s.description = c.description();
  return s;
}

}  // namespace aimc::experiments

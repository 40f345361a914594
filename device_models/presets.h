// The device-model preset files compiled into the library by
// embedded_files() (device_models/BUILD). Thread-safe.
#ifndef AIMC_DEVICE_MODELS_PRESETS_H_
#define AIMC_DEVICE_MODELS_PRESETS_H_

#include "absl/types/span.h"
#include "common/embedded_file.h"

namespace aimc::device_models {

absl::Span<const EmbeddedFile> DeviceModelPresetFiles();

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_PRESETS_H_

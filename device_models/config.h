// Loading and validating device-model configs (device_config.proto).
//
// Presets are the text protos in device_models/presets/, compiled into the
// library (so names resolve from any workspace). LoadDeviceModelConfig takes a
// preset name or a path to a .textproto file.
// Errors: NotFound for an unknown preset (listing the known ones) or a missing
// file; InvalidArgument for malformed text or an invalid value, naming the
// field path, the value and what is allowed ("pcm.g_max_us: must be > 0, got -1").
// Thread-safe.
#ifndef AIMC_DEVICE_MODELS_CONFIG_H_
#define AIMC_DEVICE_MODELS_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "device_models/device_config.pb.h"

namespace aimc::device_models {

absl::Status Validate(const PcmConfig& config);
absl::Status Validate(const ReramConfig& config);
absl::Status Validate(const ConstantNoiseConfig& config);
absl::Status Validate(const DeviceModelConfig& config);
absl::Status Validate(const DriftCompensationConfig& config);

// Names of the embedded presets, sorted.
std::vector<std::string> DeviceModelPresetNames();

// A preset name (e.g. "rasch2023_pcm") or a path containing '/' or ending in
// ".textproto". The result is validated.
absl::StatusOr<DeviceModelConfig> LoadDeviceModelConfig(absl::string_view name_or_path);

// Parses and validates text-format config; `source` names it in errors.
absl::StatusOr<DeviceModelConfig> ParseDeviceModelConfig(absl::string_view text,
                                                         absl::string_view source);

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_CONFIG_H_

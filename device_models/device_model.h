// DeviceModel: one of the device physics models, chosen by config. A variant
// (not a virtual interface): callers dispatch once per array operation, never
// per element. Create returns InvalidArgument naming the bad field.
// Thread-safe (immutable values).
#ifndef AIMC_DEVICE_MODELS_DEVICE_MODEL_H_
#define AIMC_DEVICE_MODELS_DEVICE_MODEL_H_

#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "device_models/constant_noise.h"
#include "device_models/device_config.pb.h"
#include "device_models/pcm.h"
#include "device_models/reram.h"

namespace aimc::device_models {

using DeviceModel = std::variant<PcmModel, ReramModel, ConstantNoiseModel>;

absl::StatusOr<DeviceModel> CreateDeviceModel(const DeviceModelConfig& config);

float GMaxUs(const DeviceModel& model);

// "pcm", "reram" or "constant".
std::string ModelName(const DeviceModel& model);

// Whether the model drifts (PCM with drift_scale > 0), i.e. whether drift
// compensation has anything to do.
bool Drifts(const DeviceModel& model);

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_DEVICE_MODEL_H_

#include "device_models/config.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/textproto.h"
#include "common/validation.h"
#include "device_models/presets.h"

namespace aimc::device_models {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule, double value) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be ", rule, ", got ", value));
}

}  // namespace

absl::Status Validate(const PcmConfig& c) {
  RETURN_IF_ERROR(CheckPositive("pcm.g_max_us", c.g_max_us()));
  RETURN_IF_ERROR(CheckNonNegative("pcm.prog_scale", c.prog_scale()));
  RETURN_IF_ERROR(CheckNonNegative("pcm.drift_scale", c.drift_scale()));
  RETURN_IF_ERROR(CheckNonNegative("pcm.read_scale", c.read_scale()));
  RETURN_IF_ERROR(CheckPositive("pcm.t0_s", c.t0_s()));
  RETURN_IF_ERROR(CheckPositive("pcm.t_read_s", c.t_read_s()));
  for (int k = 0; k < c.prog_coeffs_us_size(); ++k) {
    if (!std::isfinite(c.prog_coeffs_us(k))) {
      return Invalid(absl::StrCat("pcm.prog_coeffs_us[", k, "]"), "finite", c.prog_coeffs_us(k));
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(const ReramConfig& c) {
  RETURN_IF_ERROR(CheckPositive("reram.g_max_us", c.g_max_us()));
  RETURN_IF_ERROR(CheckNonNegative("reram.read_noise_rel", c.read_noise_rel()));
  RETURN_IF_ERROR(CheckNonNegative("reram.prog_scale", c.prog_scale()));
  if (c.fits_size() == 0) {
    return absl::InvalidArgumentError("reram.fits: at least one fit is required, got none");
  }
  for (int i = 0; i < c.fits_size(); ++i) {
    const ReramFit& fit = c.fits(i);
    const std::string field = absl::StrCat("reram.fits[", i, "]");
    RETURN_IF_ERROR(CheckPositive(absl::StrCat(field, ".time_s"), fit.time_s()));
    if (i > 0 && !(fit.time_s() > c.fits(i - 1).time_s())) {
      return Invalid(absl::StrCat(field, ".time_s"),
                     absl::StrCat("> the previous fit's time ", c.fits(i - 1).time_s()),
                     fit.time_s());
    }
    if (fit.coeffs_us_size() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".coeffs_us: empty"));
    }
    for (int k = 0; k < fit.coeffs_us_size(); ++k) {
      if (!std::isfinite(fit.coeffs_us(k))) {
        return Invalid(absl::StrCat(field, ".coeffs_us[", k, "]"), "finite", fit.coeffs_us(k));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(const ConstantNoiseConfig& c) {
  RETURN_IF_ERROR(CheckPositive("constant.g_max_us", c.g_max_us()));
  RETURN_IF_ERROR(CheckNonNegative("constant.prog_std_us", c.prog_std_us()));
  RETURN_IF_ERROR(CheckNonNegative("constant.read_std_us", c.read_std_us()));
  return absl::OkStatus();
}

absl::Status Validate(const DeviceModelConfig& c) {
  switch (c.model_case()) {
    case DeviceModelConfig::kPcm:
      return Validate(c.pcm());
    case DeviceModelConfig::kReram:
      return Validate(c.reram());
    case DeviceModelConfig::kConstant:
      return Validate(c.constant());
    case DeviceModelConfig::MODEL_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("model: none set (expected one of pcm, reram, constant)");
}

absl::Status Validate(const DriftCompensationConfig& c) {
  if (!DriftCompensationConfig::Method_IsValid(c.method())) {
    return Invalid("compensation.method", "a known method", c.method());
  }
  return absl::OkStatus();
}

std::vector<std::string> DeviceModelPresetNames() {
  return PresetNames(DeviceModelPresetFiles());
}

absl::StatusOr<DeviceModelConfig> ParseDeviceModelConfig(absl::string_view text,
                                                         absl::string_view source) {
  DeviceModelConfig config;
  RETURN_IF_ERROR(ParseTextProto(text, source, &config));
  if (absl::Status s = Validate(config); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
  }
  return config;
}

absl::StatusOr<DeviceModelConfig> LoadDeviceModelConfig(absl::string_view name_or_path) {
  DeviceModelConfig config;
  RETURN_IF_ERROR(
      LoadTextProtoPreset(name_or_path, DeviceModelPresetFiles(), "device-model", &config));
  if (absl::Status s = Validate(config); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(name_or_path, ": ", s.message()));
  }
  return config;
}

}  // namespace aimc::device_models

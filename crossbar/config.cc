#include "crossbar/config.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/embedded_file.h"
#include "common/status_macros.h"
#include "common/textproto.h"
#include "common/validation.h"
#include "device_models/config.h"

namespace aimc::crossbar {

absl::Span<const EmbeddedFile> TilePresetFiles();  // embedded_files() in BUILD


absl::Status Validate(const IoConfig& c) {
  RETURN_IF_ERROR(CheckRange("forward.inp_bits", c.inp_bits(), 0, 24));
  if (c.inp_bits() == 1) {
    // D = 2 bound / (2^bits - 2) needs 2 bits or more; a 1-bit DAC streams
    // inputs bit-serially, which is the PIM cost model's business.
    return absl::InvalidArgumentError(
        "forward.inp_bits: must be 0 (off) or 2..24, got 1 (bit-serial 1-bit DACs are not "
        "modelled in the forward path)");
  }
  if (c.out_bits() == 1) {
    return absl::InvalidArgumentError("forward.out_bits: must be 0 (off) or 2..24, got 1");
  }
  RETURN_IF_ERROR(CheckPositive("forward.inp_bound", c.inp_bound()));
  RETURN_IF_ERROR(CheckRange("forward.out_bits", c.out_bits(), 0, 24));
  RETURN_IF_ERROR(CheckNonNegative("forward.out_bound", c.out_bound()));
  if (c.out_bits() > 0 && c.out_bound() == 0) {
    return absl::InvalidArgumentError(
        "forward.out_bound: must be > 0 when forward.out_bits > 0 (the ADC range), got 0");
  }
  RETURN_IF_ERROR(CheckNonNegative("forward.out_noise", c.out_noise()));
  RETURN_IF_ERROR(CheckNonNegative("forward.w_noise", c.w_noise()));
  RETURN_IF_ERROR(CheckNonNegative("forward.ir_drop", c.ir_drop()));
  RETURN_IF_ERROR(CheckPositive("forward.ir_drop_g_ratio", c.ir_drop_g_ratio()));
  RETURN_IF_ERROR(CheckRange("forward.max_bm_factor", c.max_bm_factor(), 1, 1e9));
  RETURN_IF_ERROR(CheckPositive("forward.max_bm_res", c.max_bm_res()));
  if (c.dac_bits() != 0) {
    if (c.inp_bits() < 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          "forward.dac_bits: bit-serial input needs forward.inp_bits >= 2, got inp_bits ",
          c.inp_bits()));
    }
    RETURN_IF_ERROR(CheckRange("forward.dac_bits", c.dac_bits(), 1, c.inp_bits() - 1));
    if (c.bound_management() != IoConfig::BM_NONE) {
      return absl::InvalidArgumentError(
          "forward.dac_bits: bit-serial input does not combine with bound management");
    }
  }
  if (c.bound_management() != IoConfig::BM_NONE && c.out_bound() == 0) {
    return absl::InvalidArgumentError(
        "forward.bound_management: needs forward.out_bound > 0 (nothing can hit no bound)");
  }
  return absl::OkStatus();
}

absl::Status Validate(const MappingConfig& c) {
  RETURN_IF_ERROR(CheckRange("mapping.max_input_size", c.max_input_size(), 0, 1 << 20));
  RETURN_IF_ERROR(CheckRange("mapping.max_output_size", c.max_output_size(), 0, 1 << 20));
  RETURN_IF_ERROR(CheckRange("mapping.compressed_scale_levels", c.compressed_scale_levels(), 0, 256));
  if (c.compressed_scale_levels() > 0 && c.output_scale() != MappingConfig::COLUMN) {
    return absl::InvalidArgumentError(
        "mapping.compressed_scale_levels: applies to output_scale COLUMN only");
  }
  return absl::OkStatus();
}

absl::Status Validate(const InputRangeConfig& c) {
  if (!c.enabled()) return absl::OkStatus();
  RETURN_IF_ERROR(CheckPositive("input_range.init_value", c.init_value()));
  RETURN_IF_ERROR(CheckRange("input_range.init_from_data", c.init_from_data(), 0, 1e9));
  RETURN_IF_ERROR(CheckPositive("input_range.init_std_alpha", c.init_std_alpha()));
  RETURN_IF_ERROR(CheckNonNegative("input_range.decay", c.decay()));
  RETURN_IF_ERROR(CheckRange("input_range.input_min_percentage", c.input_min_percentage(), 0, 1));
  return absl::OkStatus();
}

absl::Status Validate(const TileConfig& c) {
  RETURN_IF_ERROR(Validate(c.forward()));
  RETURN_IF_ERROR(Validate(c.mapping()));
  RETURN_IF_ERROR(Validate(c.input_range()));
  if (c.has_device()) RETURN_IF_ERROR(WithPrefix("device.", device_models::Validate(c.device())));
  RETURN_IF_ERROR(WithPrefix("", device_models::Validate(c.compensation())));
  return absl::OkStatus();
}

std::vector<std::string> TilePresetNames() { return PresetNames(TilePresetFiles()); }

absl::StatusOr<TileConfig> LoadTileConfig(absl::string_view name_or_path) {
  TileConfig config;
  RETURN_IF_ERROR(LoadTextProtoPreset(name_or_path, TilePresetFiles(), "tile", &config));
  RETURN_IF_ERROR(WithPrefix(absl::StrCat(name_or_path, ": "), Validate(config)));
  return config;
}

absl::Status ApplyPimOverrides(int crossbar_size, int adc_bits, int dac_bits,
                               TileConfig* config) {
  if (crossbar_size != 0) {
    RETURN_IF_ERROR(CheckRange("crossbar_size", crossbar_size, 32, 512));
    config->mutable_mapping()->set_max_input_size(crossbar_size);
    config->mutable_mapping()->set_max_output_size(crossbar_size);
  }
  if (adc_bits != 0) {
    RETURN_IF_ERROR(CheckRange("adc_bits", adc_bits, 4, 10));
    config->mutable_forward()->set_out_bits(adc_bits);
  }
  if (dac_bits != 0) {
    // The input precision stays inp_bits; a narrower DAC streams it in slices.
    RETURN_IF_ERROR(CheckRange("dac_bits", dac_bits, 1, 8));
    const int inp_bits = config->forward().inp_bits();
    config->mutable_forward()->set_dac_bits(dac_bits < inp_bits ? dac_bits : 0);
    if (dac_bits > inp_bits) config->mutable_forward()->set_inp_bits(dac_bits);
    if (dac_bits < inp_bits) {
      config->mutable_forward()->set_bound_management(IoConfig::BM_NONE);
    }
  }
  return Validate(*config);
}

}  // namespace aimc::crossbar

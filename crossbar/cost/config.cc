#include "crossbar/cost/config.h"

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/embedded_file.h"
#include "common/status_macros.h"
#include "common/textproto.h"
#include "common/validation.h"

namespace aimc::crossbar::cost {

absl::Span<const EmbeddedFile> CostPresetFiles();  // embedded_files() in BUILD

namespace {

absl::Status CheckInt(absl::string_view field, int value, int lo, int hi) {
  return CheckRange(field, value, lo, hi);
}

absl::Status ValidateLayout(const CostConfig& c) {
  RETURN_IF_ERROR(CheckInt("tile_grid_size", c.tile_grid_size(), 1, 1024));
  RETURN_IF_ERROR(CheckInt("pe_grid_size", c.pe_grid_size(), 1, 16));
  RETURN_IF_ERROR(CheckInt("group_num", c.group_num(), 1, 16));
  RETURN_IF_ERROR(CheckInt("xbar_polarity", c.xbar_polarity(), 1, 2));
  RETURN_IF_ERROR(CheckInt("xbar_size", c.xbar_size(), 32, 512));
  RETURN_IF_ERROR(CheckInt("subarray_size", c.subarray_size(), 1, c.xbar_size()));
  if (c.xbar_size() % c.subarray_size() != 0) {
    return absl::InvalidArgumentError(absl::StrCat("subarray_size: must divide xbar_size (",
                                                   c.xbar_size(), "), got ", c.subarray_size()));
  }
  RETURN_IF_ERROR(CheckInt("adc_num", c.adc_num(), 1, 4096));
  RETURN_IF_ERROR(CheckInt("dac_num", c.dac_num(), 1, 4096));
  RETURN_IF_ERROR(CheckInt("adc_choice", c.adc_choice(), 1, 9));
  RETURN_IF_ERROR(CheckInt("dac_choice", c.dac_choice(), 1, 7));
  return absl::OkStatus();
}

absl::Status ValidateDevice(const CostConfig& c) {
  RETURN_IF_ERROR(CheckInt("device_level", c.device_level(), 2, 1 << 16));
  RETURN_IF_ERROR(CheckPositive("r_hrs_ohm", c.r_hrs_ohm()));
  RETURN_IF_ERROR(CheckPositive("r_lrs_ohm", c.r_lrs_ohm()));
  RETURN_IF_ERROR(CheckNonNegative("read_voltage_low_v", c.read_voltage_low_v()));
  RETURN_IF_ERROR(CheckPositive("read_voltage_high_v", c.read_voltage_high_v()));
  RETURN_IF_ERROR(CheckRange("input_high_fraction", c.input_high_fraction(), 0, 1));
  RETURN_IF_ERROR(CheckRange("cell_hrs_fraction", c.cell_hrs_fraction(), 0, 1));
  RETURN_IF_ERROR(CheckPositive("device_read_latency_ns", c.device_read_latency_ns()));
  RETURN_IF_ERROR(CheckPositive("cell_area_um2", c.cell_area_um2()));
  RETURN_IF_ERROR(CheckPositive("device_tech_nm", c.device_tech_nm()));
  RETURN_IF_ERROR(CheckPositive("transistor_tech_nm", c.transistor_tech_nm()));
  return absl::OkStatus();
}

absl::Status ValidateDigital(const CostConfig& c) {
  RETURN_IF_ERROR(CheckPositive("digital_clock_mhz", c.digital_clock_mhz()));
  RETURN_IF_ERROR(CheckPositive("inter_tile_bandwidth_gbps", c.inter_tile_bandwidth_gbps()));
  RETURN_IF_ERROR(CheckPositive("intra_tile_bandwidth_gbps", c.intra_tile_bandwidth_gbps()));
  RETURN_IF_ERROR(CheckPositive("buffer_cycle_ns", c.buffer_cycle_ns()));
  RETURN_IF_ERROR(CheckInt("buffer_port_bits", c.buffer_port_bits(), 1, 1 << 20));
  RETURN_IF_ERROR(CheckInt("area_calculation", c.area_calculation(), 0, 1));
  return absl::OkStatus();
}

}  // namespace

absl::Status Validate(const CostConfig& config) {
  RETURN_IF_ERROR(ValidateLayout(config));
  RETURN_IF_ERROR(ValidateDevice(config));
  return ValidateDigital(config);
}

std::vector<std::string> CostPresetNames() { return PresetNames(CostPresetFiles()); }

absl::StatusOr<CostConfig> LoadCostConfig(absl::string_view name_or_path) {
  CostConfig config;
  RETURN_IF_ERROR(LoadTextProtoPreset(name_or_path, CostPresetFiles(), "PIM cost-model", &config));
  RETURN_IF_ERROR(WithPrefix(absl::StrCat(name_or_path, ": "), Validate(config)));
  return config;
}

absl::Status ApplyPimOverrides(int crossbar_size, int adc_choice, int dac_choice,
                               CostConfig* config) {
  if (crossbar_size != 0) {
    RETURN_IF_ERROR(CheckInt("crossbar_size", crossbar_size, 32, 512));
    config->set_xbar_size(crossbar_size);
    config->set_subarray_size(crossbar_size);
  }
  if (adc_choice != 0) {
    RETURN_IF_ERROR(CheckInt("adc_choice", adc_choice, 1, 9));
    config->set_adc_choice(adc_choice);
  }
  if (dac_choice != 0) {
    RETURN_IF_ERROR(CheckInt("dac_choice", dac_choice, 1, 7));
    config->set_dac_choice(dac_choice);
  }
  return Validate(*config);
}

}  // namespace aimc::crossbar::cost

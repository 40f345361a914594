// Loading, validating and overriding PIM cost-model configs (cost_config.proto).
//
// Presets are crossbar/cost/presets/*.textproto compiled into the library:
// mnsim_default (MNSIM 2.0's shipped SimConfig.ini) and crossnas (ADC choice 2,
// DAC choice 2, Area_Calculation 1; crossnas_spec.md §6.4, §10.15).
// LoadCostConfig takes a preset name or a .textproto path. Errors: NotFound
// (unknown preset, listing the known ones; missing file), InvalidArgument
// naming the field, the value and the allowed range. Thread-safe.
#ifndef AIMC_CROSSBAR_COST_CONFIG_H_
#define AIMC_CROSSBAR_COST_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossbar/cost/cost_config.pb.h"

namespace aimc::crossbar::cost {

// OK, or InvalidArgument for the first field out of range
// ("xbar_size: must be 32..512, got 16").
absl::Status Validate(const CostConfig& config);

std::vector<std::string> CostPresetNames();

// A preset name or a .textproto path, validated.
absl::StatusOr<CostConfig> LoadCostConfig(absl::string_view name_or_path);

// The CrossNAS PIM knobs (crossnas_spec.md §6.2): crossbar_size sets both
// xbar_size and subarray_size (32..512), adc_choice 1..9, dac_choice 1..7;
// 0 keeps the config's value. InvalidArgument naming the flag otherwise.
absl::Status ApplyPimOverrides(int crossbar_size, int adc_choice, int dac_choice,
                               CostConfig* config);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_CONFIG_H_

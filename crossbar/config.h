// Loading and validating tile configs (tile_config.proto).
//
// Presets are crossbar/presets/*.textproto, compiled into the library:
// ideal, analognas_bench, rasch2023_standard_pcm, rasch2023_reram,
// crossnas_pim. LoadTileConfig takes a preset name or a .textproto path.
// Errors: NotFound (unknown preset, listing the known ones; missing file),
// InvalidArgument naming the field path, value and allowed range
// ("forward.inp_bits: must be 0..24, got -1"). Thread-safe.
#ifndef AIMC_CROSSBAR_CONFIG_H_
#define AIMC_CROSSBAR_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossbar/tile_config.pb.h"

namespace aimc::crossbar {

absl::Status Validate(const IoConfig& config);
absl::Status Validate(const MappingConfig& config);
absl::Status Validate(const InputRangeConfig& config);
absl::Status Validate(const TileConfig& config);

std::vector<std::string> TilePresetNames();

absl::StatusOr<TileConfig> LoadTileConfig(absl::string_view name_or_path);

// The CrossNAS PIM search knobs: a square crossbar of `crossbar_size` (32..512;
// 0 keeps the config's), ADC bits (4..10) and DAC bits (1..8; below the
// input precision inp_bits the input is streamed bit-serially in slices of
// dac_bits, and bound management is switched off); 0 keeps.
absl::Status ApplyPimOverrides(int crossbar_size, int adc_bits, int dac_bits,
                               TileConfig* config);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_CONFIG_H_

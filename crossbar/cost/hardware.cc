#include "crossbar/cost/hardware.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/cost/config.h"

namespace aimc::crossbar::cost {
namespace {

constexpr AdcSpec kAdcTable[] = {
    {10, 6.92e-3, 1600, 1.5}, {8, 2e-3, 1200, 1.28}, {8, 4e-3, 1650, 1.1},
    {6, 1.26e-3, 580, 1.0},   {8, 4e-3, 1650, 1.1},  {6, 1.26e-3, 1650, 1.0},
    {4, 0.7e-3, 500, 1.0},    {1, 1.629e-6, 1, 1.0}, {8, 58.4e-6, 15899, 6.0},
};
// Choice 6's 0.4992 W is MNSIM's value (quirk 9: no 1e-3).
constexpr DacSpec kDacTable[] = {
    {1, 3.9e-6, 0.166},   {2, 7.8e-6, 0.332},  {3, 15.6e-6, 0.664}, {4, 31.2e-6, 1.328},
    {6, 124.8e-6, 5.312}, {8, 0.4992, 21.248}, {1, 3.9e-6, 0.166},
};

struct SramRow {
  double max_kb;
  SramSpec spec;
};
constexpr double kInf = 1e300;
constexpr SramRow kSramTable[] = {
    {2, {40580, 1.006e-3, 7.57e-3, 13.14e-3}},
    {4, {68695, 1.957e-3, 8.54e-3, 19.95e-3}},
    {8, {156975, 4.122e-3, 18.38e-3, 21.13e-3}},
    {16, {616314, 8.863e-3, 44.84e-3, 43.71e-3}},
    {32, {1060004, 17.466e-3, 61.84e-3, 60.14e-3}},
    {64, {1974405, 32.110e-3, 103.04e-3, 88.28e-3}},
    {128, {3583919, 63.688e-3, 156.42e-3, 116.90e-3}},
    {256, {6974575, 121.876e-3, 275.02e-3, 162.10e-3}},
    {kInf, {14221121, 243.484e-3, 356.49e-3, 243.04e-3}},
};

constexpr double kDecoderNsPerDepth = 0.27933, kMuxNsPerDepth = 0.032744;
constexpr double kRowDriverAreaUm2 = 1150;  // per crossbar row, Area_Calculation = 0

}  // namespace

absl::StatusOr<AdcSpec> AdcForChoice(int choice) {
  if (choice < 1 || choice > 9) {
    return absl::InvalidArgumentError(absl::StrCat("adc_choice: must be 1..9, got ", choice));
  }
  return kAdcTable[choice - 1];
}

absl::StatusOr<DacSpec> DacForChoice(int choice) {
  if (choice < 1 || choice > 7) {
    return absl::InvalidArgumentError(absl::StrCat("dac_choice: must be 1..7, got ", choice));
  }
  return kDacTable[choice - 1];
}

double AdcConversionNs(int choice, const AdcSpec& adc) {
  if (choice == 9) return std::pow(2.0, adc.bits) / adc.rate_gsps;
  if (adc.bits == 1) return 1.0 / adc.rate_gsps;
  return (adc.bits + 2) / adc.rate_gsps;
}

double DacConversionNs(const DacSpec& dac) { return dac.bits + 2.0; }

SramSpec SramForSizeKb(double size_kb) {
  for (const SramRow& row : kSramTable) {
    if (size_kb <= row.max_kb) return row.spec;
  }
  return kSramTable[std::size(kSramTable) - 1].spec;
}

int MuxTransistors(int n) {
  int limit = 2, transistors = 8;
  for (int i = 0; i < 5; ++i) {
    if (n <= limit) return transistors;
    limit *= 2;
    transistors *= 3;
  }
  return transistors;  // 1944 for n > 32
}

int MergeTreeNodes(int n) {
  int nodes = 0;
  while (n > 1) {
    n = (n + 1) / 2;
    nodes += n;
  }
  return nodes;
}

int OctalDepth(int x) {
  int digits = 1;
  for (x /= 8; x > 0; x /= 8) ++digits;
  return 1 + digits;
}

double Hardware::BufferAccessNs(double bytes) const {
  return config.buffer_cycle_ns() * std::ceil(8.0 * bytes / config.buffer_port_bits() - 1e-9);
}

absl::StatusOr<Hardware> MakeHardware(const CostConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  Hardware hw;
  hw.config = config;
  hw.xbar_rows = hw.xbar_cols = config.xbar_size();
  hw.subarray_rows = config.subarray_size();
  hw.subarrays = hw.xbar_rows / hw.subarray_rows;
  hw.polarity = config.xbar_polarity();
  hw.groups = config.group_num();
  hw.pes_per_tile = config.pe_grid_size() * config.pe_grid_size();
  hw.tile_grid = config.tile_grid_size();
  hw.dacs_per_group = config.dac_num() * hw.subarrays;
  hw.adcs_per_group = config.adc_num() * hw.subarrays;
  hw.rows_per_dac = (hw.subarray_rows + config.dac_num() - 1) / config.dac_num();
  hw.cols_per_adc = (hw.xbar_cols + config.adc_num() - 1) / config.adc_num();
  ASSIGN_OR_RETURN(hw.adc, AdcForChoice(config.adc_choice()));
  ASSIGN_OR_RETURN(hw.dac, DacForChoice(config.dac_choice()));
  hw.t_adc_ns = AdcConversionNs(config.adc_choice(), hw.adc);
  hw.t_dac_ns = DacConversionNs(hw.dac);
  const double s_kb = 1.0 * hw.xbar_rows * hw.xbar_cols / 8192;
  hw.t_xbar_ns =
      config.device_read_latency_ns() + 1e-3 * (2e-4 * s_kb * s_kb + 5e-6 * s_kb + 4e-14);
  hw.t_clk_ns = 1e3 / config.digital_clock_mhz();
  hw.t_decoder_ns = kDecoderNsPerDepth * OctalDepth(hw.rows_per_dac);
  hw.t_mux_ns = kMuxNsPerDepth * OctalDepth(hw.cols_per_adc);
  const double f = config.input_high_fraction(), h = config.cell_hrs_fraction();
  const double v2 = (1 - f) * config.read_voltage_low_v() * config.read_voltage_low_v() +
                    f * config.read_voltage_high_v() * config.read_voltage_high_v();
  hw.cell_power_w = v2 * (h / config.r_hrs_ohm() + (1 - h) / config.r_lrs_ohm());
  const double cells = 1.0 * hw.xbar_rows * hw.xbar_cols;
  if (config.area_calculation() == 0) {
    hw.xbar_area_um2 = cells * config.cell_area_um2() + kRowDriverAreaUm2 * hw.xbar_rows;
  } else {
    const double tech_um = config.device_tech_nm() * 1e-3;
    const double factor = config.cell_type() == CostConfig::CELL_0T1R ? 4 : 12;
    hw.xbar_area_um2 = factor * cells * tech_um * tech_um;
  }
  const double transistor_um = config.transistor_tech_nm() * 1e-3;
  const double transistor_area_um2 = 10 * transistor_um * transistor_um;
  hw.demux_area_um2 = MuxTransistors(hw.rows_per_dac) * transistor_area_um2;
  hw.mux_area_um2 = MuxTransistors(hw.cols_per_adc) * transistor_area_um2;
  hw.demux_power_w = MuxTransistors(hw.rows_per_dac) * kMuxTransistorPowerW;
  hw.mux_power_w = MuxTransistors(hw.cols_per_adc) * kMuxTransistorPowerW;
  hw.inter_tile_bit_per_ns = config.inter_tile_bandwidth_gbps();
  hw.intra_tile_bit_per_ns = config.intra_tile_bandwidth_gbps();
  return hw;
}

}  // namespace aimc::crossbar::cost

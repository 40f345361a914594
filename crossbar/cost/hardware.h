// Component constants of the MNSIM 2.0 behaviour-level model
// (pim_cost_model.md §3) and the per-config derived quantities every cost
// component uses. Units: time ns, power W, energy nJ (= W ns), area um2,
// buffer sizes KB; bandwidths bit/ns. MakeHardware validates the config and
// returns InvalidArgument naming the field. Thread-safe (values only).
#ifndef AIMC_CROSSBAR_COST_HARDWARE_H_
#define AIMC_CROSSBAR_COST_HARDWARE_H_

#include "absl/status/statusor.h"
#include "crossbar/cost/cost_config.pb.h"

namespace aimc::crossbar::cost {

// One converter of the ADC_Choice table (§3).
struct AdcSpec {
  int bits = 0;
  double power_w = 0;
  double area_um2 = 0;
  double rate_gsps = 0;
};
// One converter of the DAC_Choice table (§3); rate 1 GS/s for all.
struct DacSpec {
  int bits = 0;
  double power_w = 0;
  double area_um2 = 0;
};

// REQUIRES: 1 <= choice <= 9 (resp. 7); InvalidArgument otherwise.
absl::StatusOr<AdcSpec> AdcForChoice(int choice);
absl::StatusOr<DacSpec> DacForChoice(int choice);
// t_ADC = (b + 2)/rate ns; b = 1: 1/rate; choice 9: 2^b/rate.
double AdcConversionNs(int choice, const AdcSpec& adc);
// t_DAC = (b + 2) ns.
double DacConversionNs(const DacSpec& dac);

// One row of the CACTI SRAM table (90 nm, 64-bit port), chosen by size.
struct SramSpec {
  double area_um2 = 0;
  double leakage_w = 0;
  double read_energy_nj = 0;
  double write_energy_nj = 0;
};
SramSpec SramForSizeKb(double size_kb);

// Digital units (§3), at the technologies MNSIM lists them for.
inline constexpr double kRegisterPowerW = 9.01e-9, kRegisterAreaUm2 = 0.6833;
inline constexpr double kShiftAddPowerW = 0.81e-6, kShiftAddAreaUm2 = 1.42;
inline constexpr double kJointPowerW = 126.5e-6, kJointAreaUm2 = 169.56;
inline constexpr double kAdderPowerW = 20e-9, kAdderAreaUm2 = 2.268;
inline constexpr double kMuxTransistorPowerW = 12e-9;
inline constexpr double kPoolPowerW = 3.082e-3, kPoolAreaUm2 = 91917;
inline constexpr double kPoolStepNs = 100;  // per ceil(C/64) lanes, ceil(k^2/9) windows
inline constexpr double kElementSumNs = 10;

// Transistors of a 1-of-n (de)mux: 8/24/72/216/648/1944 for n <= 2/4/8/16/32/more.
int MuxTransistors(int n);
// Nodes of a merge tree over n inputs (halving with ceiling): 3 for 4, 15 for 16.
int MergeTreeNodes(int n);
// 1 + the number of base-8 digits of x (the decoder/mux depth factor m(x)).
int OctalDepth(int x);

// Everything derived from one validated CostConfig.
struct Hardware {
  CostConfig config;
  int xbar_rows = 0, xbar_cols = 0, subarray_rows = 0, subarrays = 0;  // R, C, S, n_sub
  int polarity = 0, groups = 0, pes_per_tile = 0, tile_grid = 0;
  int dacs_per_group = 0, adcs_per_group = 0;  // N_DAC, N_ADC = *_Num n_sub
  int rows_per_dac = 0, cols_per_adc = 0;      // delta_r, delta_c
  AdcSpec adc;
  DacSpec dac;
  double t_adc_ns = 0, t_dac_ns = 0, t_xbar_ns = 0, t_clk_ns = 0;
  double t_decoder_ns = 0, t_mux_ns = 0;  // per activation round
  double cell_power_w = 0;                // average cell read power P_cell
  double xbar_area_um2 = 0;
  double demux_area_um2 = 0, mux_area_um2 = 0, demux_power_w = 0, mux_power_w = 0;
  double inter_tile_bit_per_ns = 0, intra_tile_bit_per_ns = 0;

  // t_buf(B) = cycle * ceil(8 B / port_bits) ns for B bytes.
  double BufferAccessNs(double bytes) const;
};

absl::StatusOr<Hardware> MakeHardware(const CostConfig& config);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_HARDWARE_H_

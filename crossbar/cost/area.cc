#include "crossbar/cost/area.h"

namespace aimc::crossbar::cost {

TileArea ComputeTileArea(const Hardware& hw, double pe_input_buffer_kb,
                         double tile_output_buffer_kb) {
  const double n_pe = hw.pes_per_tile, G = hw.groups;
  const double n_adc = G * hw.adcs_per_group, n_dac = G * hw.dacs_per_group;  // N_ADC', N_DAC'
  TileArea a;
  a.crossbar_um2 = n_pe * G * hw.polarity * hw.xbar_area_um2;
  a.adc_um2 = n_pe * n_adc * hw.adc.area_um2;
  a.dac_um2 = n_pe * n_dac * hw.dac.area_um2;
  const double pe_digital = n_dac * (hw.demux_area_um2 + kRegisterAreaUm2) +
                            n_adc * (hw.mux_area_um2 + kShiftAddAreaUm2 + kRegisterAreaUm2) +
                            hw.adcs_per_group * MergeTreeNodes(hw.groups) * kAdderAreaUm2;
  a.digital_um2 = n_pe * pe_digital + MergeTreeNodes(hw.pes_per_tile) * n_adc * kJointAreaUm2;
  a.buffer_um2 = n_pe * SramForSizeKb(pe_input_buffer_kb).area_um2 +
                 SramForSizeKb(tile_output_buffer_kb).area_um2;
  a.pool_um2 = kPoolAreaUm2;
  return a;
}

}  // namespace aimc::crossbar::cost
